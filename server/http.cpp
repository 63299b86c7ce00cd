#include "http.hpp"

#include <httplib.h>

#include <chrono>
#include <csignal>
#include <cstdio>
#include <thread>

namespace catalyse::server {
namespace {

void send(httplib::Response& res, Reply reply) {
  res.status = reply.status;
  for (auto& [name, value] : reply.headers) res.set_header(name, value);
  if (reply.status == 204) return;
  res.set_content(std::move(reply.body), reply.type);
}

std::string header(const httplib::Request& req, const char* name) {
  return req.has_header(name) ? req.get_header_value(name) : std::string();
}

bool accepts(const httplib::Request& req, std::string_view coding) {
  std::string value = header(req, "Accept-Encoding");
  std::size_t at = 0;
  while ((at = value.find(coding, at)) != std::string::npos) {
    bool starts = at == 0 || value[at - 1] == ' ' || value[at - 1] == ',';
    std::size_t end = at + coding.size();
    bool ends = end == value.size() || value[end] == ',' || value[end] == ';' || value[end] == ' ';
    if (starts && ends) return value.compare(end, 4, ";q=0") != 0 || value.compare(end, 6, ";q=0.") == 0;
    at = end;
  }
  return false;
}

// Route templates for the log: the join code is not written.
std::string route_of(const std::string& path) {
  constexpr std::string_view events = "/api/v1/events/";
  if (path.rfind(events, 0) != 0) return path.rfind("/api/", 0) == 0 ? path : "static";
  auto rest = path.substr(events.size());
  auto slash = rest.find('/');
  return std::string(events) + ":code" + (slash == std::string::npos ? "" : rest.substr(slash));
}

}  // namespace

int serve_http(Service& service, StaticFiles& files, const HttpOptions& options,
               const std::function<void(int port)>& listening) {
  httplib::Server server;
  int threads = options.threads;
  server.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<std::size_t>(threads)); };
  server.set_read_timeout(options.read_timeout_seconds, 0);
  server.set_write_timeout(options.read_timeout_seconds, 0);
  server.set_keep_alive_timeout(2);
  server.set_keep_alive_max_count(100);
  server.set_payload_max_length(options.max_body);
  server.set_tcp_nodelay(true);

  const std::string intake = R"(/api/v1/events/([^/]+)/responses)";
  const std::string event = R"(/api/v1/events/([^/]+))";

  // A record larger than the intake's limit is refused from its Content-Length, before it is read.
  server.set_pre_routing_handler([&](const httplib::Request& req, httplib::Response& res) {
    set_message_language(header(req, "Accept-Language"));
    if (req.method == "POST" && req.path.rfind("/api/v1/events/", 0) == 0 && req.path.size() > 10 &&
        req.path.compare(req.path.size() - 10, 10, "/responses") == 0 && req.has_header("Content-Length")) {
      const std::string length = req.get_header_value("Content-Length");
      bool digits = !length.empty() && length.find_first_not_of("0123456789") == std::string::npos;
      const std::size_t limit = service.max_record_bytes();
      if (digits && (length.size() > 12 || std::stoull(length) > limit)) {
        send(res, error_reply(413, say("a response record has at most " + std::to_string(limit) + " bytes", "une réponse fait au plus " + std::to_string(limit) + " octets")));
        res.set_header("Connection", "close");
        return httplib::Server::HandlerResponse::Handled;
      }
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });

  server.Post("/api/v1/events", [&](const httplib::Request& req, httplib::Response& res) {
    send(res, service.create_event(header(req, "Authorization"), req.body));
  });
  server.Post(intake, [&](const httplib::Request& req, httplib::Response& res) {
    send(res, service.submit(req.matches[1].str(), header(req, "Idempotency-Key"), req.body, header(req, "Origin")));
  });
  server.Options(intake, [&](const httplib::Request& req, httplib::Response& res) {
    send(res, service.preflight(req.matches[1].str(), header(req, "Origin")));
  });
  server.Get(event, [&](const httplib::Request& req, httplib::Response& res) {
    send(res, service.event_info(req.matches[1].str()));
  });
  server.Get(event + "/questionnaire", [&](const httplib::Request& req, httplib::Response& res) {
    send(res, service.questionnaire(req.matches[1].str()));
  });
  server.Get(event + "/organiser", [&](const httplib::Request& req, httplib::Response& res) {
    send(res, service.organiser_state(req.matches[1].str(), header(req, "Authorization")));
  });
  server.Get(event + "/export.json", [&](const httplib::Request& req, httplib::Response& res) {
    send(res, service.export_json(req.matches[1].str(), header(req, "Authorization")));
  });
  server.Get(event + "/export.csv", [&](const httplib::Request& req, httplib::Response& res) {
    char separator = req.get_param_value("sep") == ";" ? ';' : ',';
    send(res, service.export_csv(req.matches[1].str(), header(req, "Authorization"), separator));
  });
  server.Get(event + "/aggregate", [&](const httplib::Request& req, httplib::Response& res) {
    send(res, service.aggregate(req.matches[1].str(), header(req, "Authorization"), req.get_param_value("lang"),
                                req.get_param_value("minGroup"), req.get_param_value("workshop")));
  });
  server.Post(event + "/close", [&](const httplib::Request& req, httplib::Response& res) {
    send(res, service.close(req.matches[1].str(), header(req, "Authorization")));
  });
  server.Delete(event, [&](const httplib::Request& req, httplib::Response& res) {
    send(res, service.erase(req.matches[1].str(), header(req, "Authorization"), req.get_param_value("exported")));
  });

  auto serve_file = [&](const httplib::Request& req, httplib::Response& res) {
    if (req.path.rfind("/api/", 0) == 0) {
      send(res, error_reply(404, say("no such API route", "cette adresse d’API n’existe pas")));
      return;
    }
    if (req.path == "/") {
      res.status = 302;
      res.set_header("Location", "/demo/");
      return;
    }
    if (files.is_folder(req.path)) {
      res.status = 301;
      res.set_header("Location", req.path + "/");
      return;
    }
    auto file = files.get(req.path);
    if (!file) {
      res.status = 404;
      res.set_content("not found", "text/plain; charset=utf-8");
      return;
    }
    res.set_header("Cache-Control", "no-cache");
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("Vary", "Accept-Encoding");
    if (file->type.rfind("text/html", 0) == 0) res.set_header("Content-Security-Policy", std::string(content_security_policy));
    const std::string* body = &file->body;
    if (!file->brotli.empty() && accepts(req, "br")) {
      body = &file->brotli;
      res.set_header("Content-Encoding", "br");
    } else if (!file->gzip.empty() && accepts(req, "gzip")) {
      body = &file->gzip;
      res.set_header("Content-Encoding", "gzip");
    }
    // The cached body is shared and never changes while it is referenced.
    res.set_content_provider(body->size(), file->type,
        [file, body](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
          return sink.write(body->data() + offset, length);
        });
  };
  server.Get(R"(/.*)", serve_file);

  // Errors httplib answers itself (413 too large, 400 unreadable request, 404/405): a JSON body.
  server.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    set_message_language(header(req, "Accept-Language"));
    if (!res.body.empty() || res.status == 302 || res.status == 301) return;
    if (res.status == 413) send(res, error_reply(413, say("the request is too large", "la requête est trop grande")));
    else if (req.path.rfind("/api/", 0) == 0) send(res, error_reply(res.status, res.status == 404 ? say("no such API route", "cette adresse d’API n’existe pas") : say("the request was refused", "la requête est refusée")));
  });
  server.set_exception_handler([](const httplib::Request& req, httplib::Response& res, std::exception_ptr error) {
    set_message_language(header(req, "Accept-Language"));
    std::string what = say("internal error", "erreur interne");
    try {
      if (error) std::rethrow_exception(error);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "catalyse-server: internal error: %s\n", e.what());
    } catch (...) {
    }
    send(res, error_reply(500, what));
  });
  if (options.log) {
    server.set_logger([](const httplib::Request& req, const httplib::Response& res) {
      std::fprintf(stderr, "%s %s %d\n", req.method.c_str(), route_of(req.path).c_str(), res.status);
    });
  }

  int port = options.port;
  if (port == 0) {
    port = server.bind_to_any_port(options.host);
    if (port < 0) return 1;
  } else if (!server.bind_to_port(options.host, port)) {
    std::fprintf(stderr, "catalyse-server: cannot listen on %s:%d\n", options.host.c_str(), port);
    return 1;
  }

  // SIGINT/SIGTERM stop the server from a thread of their own (signals are blocked elsewhere).
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  std::thread stopper([&] {
    int signal = 0;
    sigwait(&stop_signals, &signal);
    server.stop();
  });
  listening(port);
  bool ok = server.listen_after_bind();
  if (stopper.joinable()) {
    pthread_kill(stopper.native_handle(), SIGTERM);
    stopper.join();
  }
  return ok ? 0 : 1;
}

}  // namespace catalyse::server
