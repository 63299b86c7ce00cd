// catalyse-server: the event server (serve) and the organisers' command line (create-event,
// close-event, export, check). docs/SERVER.md describes both.
#include "http.hpp"
#include "secrets.hpp"
#include "service.hpp"
#include "static_files.hpp"
#include "store.hpp"

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <sys/stat.h>

namespace fs = std::filesystem;
using namespace catalyse::server;

namespace {

constexpr const char* usage = R"(catalyse-server: collects an event's responses into a database and serves web/.

  catalyse-server [serve] [--database URL] [--host 127.0.0.1] [--port 8080] [--web DIR]
                  [--admin-token-file FILE] [--threads 32] [--live-views 64] [--rate 200] [--log]
  catalyse-server create-event --name NAME [--questionnaire FILE] [--language fr]… [--origin URL]…
  catalyse-server close-event CODE
  catalyse-server export CODE [--csv] [--separator ';']
  catalyse-server check

  --database   sqlite:data/catalyse.db (default; CATALYSE_DATABASE) or postgresql://user@host:port/db
  --web        the folder served, and where the default questionnaire is read (default: web)
  --threads    HTTP workers for everything but the live views (default 32)
  --live-views live views (server-sent events) open at once, each with a worker of its own (default 64)
  The admin token (for POST /api/v1/events and the /organise/ page) is read from
  CATALYSE_ADMIN_TOKEN, else from --admin-token-file (default data/admin-token, created on first
  start with a random token, readable by its owner only).
)";

struct Args {
  std::string command = "serve";
  std::vector<std::string> positional;
  std::map<std::string, std::vector<std::string>> options;
  bool has(const std::string& k) const { return options.count(k) > 0; }
  std::string get(const std::string& k, std::string fallback = {}) const {
    auto it = options.find(k);
    return it == options.end() || it->second.empty() ? fallback : it->second.back();
  }
};

std::optional<Args> parse(int argc, char** argv) {
  static const std::set<std::string> flags{"--log", "--csv", "--help"};
  Args args;
  int i = 1;
  if (i < argc && argv[i][0] != '-') args.command = argv[i++];
  for (; i < argc; ++i) {
    std::string a = argv[i];
    if (a.rfind("--", 0) != 0) {
      args.positional.push_back(a);
    } else if (flags.count(a)) {
      args.options[a].push_back("1");
    } else if (i + 1 < argc) {
      args.options[a].push_back(argv[++i]);
    } else {
      std::fprintf(stderr, "catalyse-server: %s needs a value\n", a.c_str());
      return std::nullopt;
    }
  }
  return args;
}

std::optional<std::string> read_file(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream out;
  out << in.rdbuf();
  return std::move(out).str();
}

std::string trim(std::string s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  s.erase(0, std::min(s.find_first_not_of(" \t\r\n"), s.size()));
  return s;
}

/// The admin token's hash: from the environment, else from the file (created when missing).
std::optional<std::string> admin_token_hash(const Args& args, std::string& shown) {
  if (const char* env = std::getenv("CATALYSE_ADMIN_TOKEN"); env && *env) {
    shown = "from CATALYSE_ADMIN_TOKEN";
    return token_hash(trim(env));
  }
  fs::path file = args.get("--admin-token-file", "data/admin-token");
  if (!fs::exists(file)) {
    std::error_code ec;
    if (file.has_parent_path()) fs::create_directories(file.parent_path(), ec);
    std::string token = random_token();
    std::ofstream out(file, std::ios::binary);
    out << token << '\n';
    out.close();
    if (!out) {
      std::fprintf(stderr, "catalyse-server: cannot write the admin token file %s\n", file.c_str());
      return std::nullopt;
    }
    ::chmod(file.c_str(), 0600);
  }
  auto text = read_file(file);
  if (!text || trim(*text).size() < 16) {
    std::fprintf(stderr, "catalyse-server: the admin token file %s is unreadable or shorter than 16 characters\n", file.c_str());
    return std::nullopt;
  }
  shown = "in " + file.string();
  return token_hash(trim(*text));
}

std::unique_ptr<Store> open(const Args& args) {
  const char* env = std::getenv("CATALYSE_DATABASE");
  std::string url = args.get("--database", env && *env ? env : "sqlite:data/catalyse.db");
  return open_store(url);
}

ServiceOptions service_options(const Args& args) {
  ServiceOptions o;
  fs::path web = args.get("--web", "web");
  auto q = read_file(web / "questionnaires" / "catalyseurs-2018.json");
  if (q) o.default_questionnaire = *q;
  if (args.has("--rate")) {
    o.intake_per_second = std::stod(args.get("--rate"));
    o.intake_burst = std::max(1.0, o.intake_per_second * 2);
  }
  return o;
}

int serve(const Args& args) {
  std::string shown;
  auto hash = admin_token_hash(args, shown);
  if (!hash) return 1;
  auto store = open(args);
  ServiceOptions so = service_options(args);
  so.admin_token_hash = *hash;
  Service service(*store, so);
  StaticFiles files(args.get("--web", "web"));
  HttpOptions ho;
  ho.host = args.get("--host", "127.0.0.1");
  ho.port = std::stoi(args.get("--port", std::getenv("PORT") ? std::getenv("PORT") : "8080"));
  ho.threads = std::stoi(args.get("--threads", "32"));
  ho.live_connections = std::stoi(args.get("--live-views", "64"));
  ho.log = args.has("--log");
  return serve_http(service, files, ho, [&](int port) {
    std::string base = "http://" + (ho.host.find(':') != std::string::npos ? "[" + ho.host + "]" : ho.host) + ":" + std::to_string(port) + "/";
    std::printf("catalyse-server listening on %s\n", base.c_str());
    std::printf("  demo:      %sdemo/\n  kiosk:     %skiosk/\n  results:   %sresults/\n  organiser: %sorganise/\n",
                base.c_str(), base.c_str(), base.c_str(), base.c_str());
    std::printf("  admin token %s\n", shown.c_str());
    std::fflush(stdout);
  });
}

int create_event(const Args& args) {
  NewEvent request;
  request.name = args.get("--name");
  if (args.has("--questionnaire")) {
    auto text = read_file(args.get("--questionnaire"));
    if (!text) {
      std::fprintf(stderr, "catalyse-server: cannot read %s\n", args.get("--questionnaire").c_str());
      return 1;
    }
    request.questionnaire = *text;
  }
  if (args.has("--language")) request.languages = args.options.at("--language");
  if (args.has("--origin")) request.origins = args.options.at("--origin");
  auto store = open(args);
  Service service(*store, service_options(args));
  auto [created, failure] = service.create(request);
  if (!created) {
    std::fprintf(stderr, "%s\n", failure.body.c_str());
    return 1;
  }
  std::printf("%s\n", Service::created_json(*created).c_str());
  std::fprintf(stderr, "event %s created; keep the organiser token: it is not shown again\n",
               display_code(created->event.code).c_str());
  return 0;
}

std::optional<Event> event_arg(Store& store, const Args& args) {
  if (args.positional.size() != 1) {
    std::fprintf(stderr, "catalyse-server %s: give one event code\n", args.command.c_str());
    return std::nullopt;
  }
  auto event = store.event_by_code(normalise_code(args.positional[0]));
  if (!event) std::fprintf(stderr, "catalyse-server: no event has the code %s\n", args.positional[0].c_str());
  return event;
}

int run(const Args& args) {
  if (args.has("--help") || args.command == "help") {
    std::fputs(usage, stdout);
    return 0;
  }
  if (args.command == "serve") return serve(args);
  if (args.command == "create-event") return create_event(args);
  if (args.command == "close-event" || args.command == "export") {
    auto store = open(args);
    auto event = event_arg(*store, args);
    if (!event) return 1;
    if (args.command == "close-event") {
      store->set_state(event->id, "closed");
      std::printf("event %s closed: %zu responses\n", display_code(event->code).c_str(), store->count(event->id));
      return 0;
    }
    Service service(*store, service_options(args));
    std::string separator = args.get("--separator", ",");
    std::fputs(args.has("--csv") ? service.csv_document(*event, separator == ";" ? ';' : ',').c_str()
                                 : service.export_document(*event).c_str(), stdout);
    return 0;
  }
  if (args.command == "check") {
    auto store = open(args);
    std::string problems = store->check();
    if (problems.empty()) {
      std::printf("database sound (schema version %d)\n", store->schema_version());
      return 0;
    }
    std::printf("%s\n", problems.c_str());
    return 1;
  }
  std::fprintf(stderr, "catalyse-server: unknown command %s\n%s", args.command.c_str(), usage);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  // Signals that stop the server are taken by one thread (http.cpp); a write beyond a file size
  // limit fails with an error the store reports instead of killing the process.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);
  std::signal(SIGXFSZ, SIG_IGN);
  auto args = parse(argc, argv);
  if (!args) return 2;
  try {
    return run(*args);
  } catch (const StoreError& e) {
    std::fprintf(stderr, "catalyse-server: database: %s (%s)\n", e.what(), std::string(to_string(e.kind())).c_str());
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "catalyse-server: %s\n", e.what());
    return 1;
  }
}
