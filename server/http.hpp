// The HTTP side of catalyse-server (cpp-httplib: a thread pool of blocking workers; see
// docs/SERVER.md for why): routes → Service, web/ → StaticFiles, limits and timeouts.
#pragma once

#include "service.hpp"
#include "static_files.hpp"

#include <functional>
#include <string>

namespace catalyse::server {

struct HttpOptions {
  std::string host = "127.0.0.1";
  int port = 8080;                 // 0: any free port
  int threads = 32;                // workers (a request being read or handled holds one)
  int live_connections = 64;       // live views (SSE) at once, each holding a worker of its own
  int read_timeout_seconds = 5;    // a client silent this long is dropped
  bool log = false;                // one line per request: method, route (no join code), status
  std::size_t max_body = 9u << 20; // any request (an event's questionnaire is at most 8 MiB)
};

/// Serves until SIGINT or SIGTERM. `listening` is called with the bound port. Returns the exit status.
int serve_http(Service& service, StaticFiles& files, const HttpOptions& options,
               const std::function<void(int port)>& listening);

}  // namespace catalyse::server
