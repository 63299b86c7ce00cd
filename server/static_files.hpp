// web/ served as scripts/serve.mjs serves it (same Content-Security-Policy on HTML, nosniff,
// no-cache), with precompressed bodies: each file is compressed once (brotli, gzip), kept in memory
// and sent to clients that accept it; it is read again when its modification time changes.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace catalyse::server {

inline constexpr std::string_view content_security_policy =
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
    "img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "require-trusted-types-for 'script'";

struct StaticFile {
  std::string type;
  std::string body;       // raw bytes
  std::string brotli;     // empty when not worth it
  std::string gzip;
  std::filesystem::file_time_type modified;
};

class StaticFiles {
 public:
  explicit StaticFiles(std::filesystem::path root);
  /// The file for a URL path ("/kiosk/" → kiosk/index.html), or nullptr (missing, outside root).
  std::shared_ptr<const StaticFile> get(std::string_view url_path);
  /// A body made by the server (an event's questionnaire) with its compressed forms, made once per
  /// distinct body and kept (at most a few hundred kept; the oldest go first).
  std::shared_ptr<const StaticFile> generated(const std::string& body, std::string_view type);
  /// True when url_path names a folder without its trailing slash ("/kiosk").
  bool is_folder(std::string_view url_path) const;
  const std::filesystem::path& root() const { return root_; }

 private:
  std::optional<std::filesystem::path> resolve(std::string_view url_path) const;
  std::filesystem::path root_;
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<const StaticFile>> cache_;
  std::map<std::string, std::shared_ptr<const StaticFile>, std::less<>> generated_;  // by body
};

}  // namespace catalyse::server
