#include "http.hpp"

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <memory>
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

/// A body kept in memory with its compressed forms: the encoding the client accepts, web/'s headers
/// (the CSP on HTML).
void send_body(const httplib::Request& req, httplib::Response& res, std::shared_ptr<const StaticFile> file) {
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
  // The kept body is shared and never changes while it is referenced.
  res.set_content_provider(body->size(), file->type,
      [file, body](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
        return sink.write(body->data() + offset, length);
      });
}

/// A live view's stream: "retry: 1000", then an `event: room` at once and after every change of
/// the room (at most one each 50 ms: a burst of responses is one update with all of them), a
/// keepalive comment after 15 s without anything else. Ends within a second of the client going,
/// or of the room ending (event erased, server stopping).
class LiveStream {
 public:
  using Clock = std::chrono::steady_clock;
  explicit LiveStream(std::shared_ptr<Room> room) : room_(std::move(room)) {}

  bool next(httplib::DataSink& sink) {
    const auto now = Clock::now();
    if (room_->ended()) return false;
    if (!started_) {
      started_ = true;
      return send(sink, "retry: 1000\n\n", now) && update(sink, now);
    }
    if (room_->wait(sent_, Clock::now()) != sent_) {
      if (now < last_update_ + min_gap) std::this_thread::sleep_until(last_update_ + min_gap);
      return update(sink, Clock::now());
    }
    if (now >= last_write_ + keepalive) return send(sink, ": keepalive\n\n", now);
    // Wakes at least every second, to notice a stopping server or a client gone (its worker is
    // then free again).
    room_->wait(sent_, std::min(last_write_ + keepalive, now + std::chrono::seconds(1)));
    return !room_->ended() && sink.is_writable();
  }

 private:
  static constexpr auto min_gap = std::chrono::milliseconds(50);
  static constexpr auto keepalive = std::chrono::seconds(15);

  bool update(httplib::DataSink& sink, Clock::time_point now) {
    std::string data = room_->message(sent_);
    last_update_ = now;
    return send(sink, "event: room\ndata: " + data + "\n\n", now);
  }
  bool send(httplib::DataSink& sink, const std::string& text, Clock::time_point now) {
    last_write_ = now;
    return sink.write(text.data(), text.size());
  }

  std::shared_ptr<Room> room_;
  bool started_ = false;
  std::uint64_t sent_ = 0;
  Clock::time_point last_update_{}, last_write_{};
};

}  // namespace

int serve_http(Service& service, StaticFiles& files, const HttpOptions& options,
               const std::function<void(int port)>& listening) {
  httplib::Server server;
  // Live views hold their worker for as long as they watch: they get workers of their own, so
  // that the intake always has options.threads of them.
  const int live_max = std::max(0, options.live_connections);
  const std::size_t workers = static_cast<std::size_t>(options.threads + live_max);
  server.new_task_queue = [workers] { return new httplib::ThreadPool(workers); };
  auto live_open = std::make_shared<std::atomic<int>>(0);
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
  // The questionnaire (81 kB for the default one) goes to phones: compressed like web/'s files.
  server.Get(event + "/questionnaire", [&](const httplib::Request& req, httplib::Response& res) {
    Reply reply = service.questionnaire(req.matches[1].str());
    if (reply.status != 200) return send(res, std::move(reply));
    send_body(req, res, files.generated(reply.body, reply.type));
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
  server.Post(event + "/reveal", [&](const httplib::Request& req, httplib::Response& res) {
    send(res, service.reveal(req.matches[1].str(), header(req, "Authorization"), req.body));
  });
  server.Get(event + "/live", [&, live_open](const httplib::Request& req, httplib::Response& res) {
    if (live_open->fetch_add(1) >= live_max) {
      live_open->fetch_sub(1);
      Reply busy = error_reply(503, say("too many live views are open on this server: try again in a moment", "trop de vues en direct sont ouvertes sur ce serveur : réessayez dans un instant"));
      busy.headers.emplace_back("Retry-After", "10");
      send(res, std::move(busy));
      return;
    }
    // The slot is given back when the response ends, whichever way (the provider holds it).
    std::shared_ptr<void> slot(nullptr, [live_open](void*) { live_open->fetch_sub(1); });
    auto opened = service.live(req.matches[1].str(), req.get_param_value("lang"));
    if (auto* refused = std::get_if<Reply>(&opened)) {
      send(res, std::move(*refused));
      return;
    }
    auto stream = std::make_shared<LiveStream>(std::get<std::shared_ptr<Room>>(opened));
    res.set_header("Cache-Control", "no-store");
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("X-Accel-Buffering", "no");  // a reverse proxy passes each event on at once
    res.set_chunked_content_provider("text/event-stream",
        [stream, slot](std::size_t, httplib::DataSink& sink) { return stream->next(sink); });
  });
  server.Delete(event, [&](const httplib::Request& req, httplib::Response& res) {
    send(res, service.erase(req.matches[1].str(), header(req, "Authorization"), req.get_param_value("exported")));
  });

  auto send_file = [&](const httplib::Request& req, httplib::Response& res, const std::string& path) {
    auto file = files.get(path);
    if (!file) {
      res.status = 404;
      res.set_content("not found", "text/plain; charset=utf-8");
      return;
    }
    send_body(req, res, std::move(file));
  };
  // An event's pages: the participants' (/e/CODE) and the projector's (/e/CODE/screen). The page
  // reads the code from its address; an unknown code is the page's to say.
  // The participant page carries the event and its first section (Service::participant_page): the
  // first question is answerable before any script arrives.
  server.Get(R"(/e/([^/]+)/?)", [&](const httplib::Request& req, httplib::Response& res) {
    auto page = files.get("/event/index.html");
    std::optional<std::string> html;
    if (page) html = service.participant_page(req.matches[1].str(), req.get_param_value("lang"), header(req, "Accept-Language"), page->body);
    if (!html) return send_file(req, res, "/event/index.html");
    send_body(req, res, files.generated(*html, page->type));
    res.set_header("Vary", "Accept-Language");  // the page's language
  });
  server.Get(R"(/e/([^/]+)/screen/?)", [&](const httplib::Request& req, httplib::Response& res) {
    send_file(req, res, "/event/screen.html");
  });
  server.Get(R"(/.*)", [&](const httplib::Request& req, httplib::Response& res) {
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
    send_file(req, res, req.path);
  });

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
    service.stop_live();  // live views end now rather than at their next wake-up
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
