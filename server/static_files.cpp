#include "static_files.hpp"

#include <brotli/encode.h>
#include <zlib.h>

#include <fstream>
#include <sstream>

namespace catalyse::server {
namespace fs = std::filesystem;
namespace {

std::string_view type_of(const fs::path& file) {
  static const std::map<std::string, std::string_view> types{
      {".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
      {".json", "application/json; charset=utf-8"}, {".wasm", "application/wasm"},
      {".svg", "image/svg+xml"}, {".png", "image/png"}, {".webmanifest", "application/manifest+json"},
      {".txt", "text/plain; charset=utf-8"}, {".md", "text/plain; charset=utf-8"}};
  auto it = types.find(file.extension().string());
  return it == types.end() ? std::string_view("application/octet-stream") : it->second;
}

bool compressible(std::string_view type) {
  return type.rfind("text/", 0) == 0 || type.find("json") != std::string_view::npos ||
         type == "application/wasm" || type == "image/svg+xml";
}

std::string brotli(const std::string& in) {
  std::string out(BrotliEncoderMaxCompressedSize(in.size()), '\0');
  std::size_t size = out.size();
  if (!BrotliEncoderCompress(BROTLI_MAX_QUALITY, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_GENERIC, in.size(),
                             reinterpret_cast<const uint8_t*>(in.data()), &size, reinterpret_cast<uint8_t*>(out.data())))
    return {};
  out.resize(size);
  return out;
}

std::string gzip(const std::string& in) {
  z_stream z{};
  if (deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK) return {};
  std::string out(deflateBound(&z, in.size()), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return rc == Z_STREAM_END ? out : std::string{};
}

/// Small files too (a page's stylesheet of a few hundred bytes is a third smaller in brotli): an
/// encoding is kept when it saves more than the Content-Encoding header it costs.
void compress(StaticFile& file) {
  if (!compressible(file.type)) return;
  constexpr std::size_t header = 24;  // "Content-Encoding: gzip\r\n"
  file.brotli = brotli(file.body);
  file.gzip = gzip(file.body);
  if (file.brotli.size() + header >= file.body.size()) file.brotli.clear();
  if (file.gzip.size() + header >= file.body.size()) file.gzip.clear();
}

}  // namespace

StaticFiles::StaticFiles(fs::path root) : root_(fs::weakly_canonical(std::move(root))) {}

std::optional<fs::path> StaticFiles::resolve(std::string_view url_path) const {
  if (url_path.empty() || url_path[0] != '/') return std::nullopt;
  fs::path relative;
  std::size_t start = 1;
  while (start <= url_path.size()) {
    std::size_t end = url_path.find('/', start);
    if (end == std::string_view::npos) end = url_path.size();
    std::string_view part = url_path.substr(start, end - start);
    if (part == ".." || part.find('\0') != std::string_view::npos || part.find('\\') != std::string_view::npos) return std::nullopt;
    if (!part.empty() && part != ".") relative /= std::string(part);
    start = end + 1;
  }
  std::error_code ec;
  fs::path file = root_ / relative;
  if (fs::is_directory(file, ec)) file /= "index.html";
  fs::path real = fs::weakly_canonical(file, ec);
  if (ec) return std::nullopt;
  auto [root_end, nothing] = std::mismatch(root_.begin(), root_.end(), real.begin(), real.end());
  if (root_end != root_.end()) return std::nullopt;  // a link leading out of the root
  if (!fs::is_regular_file(real, ec)) return std::nullopt;
  return real;
}

bool StaticFiles::is_folder(std::string_view url_path) const {
  if (url_path.empty() || url_path.back() == '/') return false;
  auto file = resolve(std::string(url_path) + "/");
  return file && file->filename() == "index.html";
}

std::shared_ptr<const StaticFile> StaticFiles::get(std::string_view url_path) {
  auto file = resolve(url_path);
  if (!file) return nullptr;
  std::error_code ec;
  auto modified = fs::last_write_time(*file, ec);
  if (ec) return nullptr;
  std::string key = file->string();
  {
    std::lock_guard lock(mutex_);
    auto it = cache_.find(key);
    if (it != cache_.end() && it->second->modified == modified) return it->second;
  }
  std::ifstream in(*file, std::ios::binary);
  if (!in) return nullptr;
  std::ostringstream bytes;
  bytes << in.rdbuf();
  auto made = std::make_shared<StaticFile>();
  made->type = std::string(type_of(*file));
  made->body = std::move(bytes).str();
  made->modified = modified;
  compress(*made);
  std::lock_guard lock(mutex_);
  cache_[key] = made;
  return made;
}

std::shared_ptr<const StaticFile> StaticFiles::generated(const std::string& body, std::string_view type) {
  {
    std::lock_guard lock(mutex_);
    auto it = generated_.find(body);
    if (it != generated_.end()) return it->second;
  }
  auto made = std::make_shared<StaticFile>();
  made->type = std::string(type);
  made->body = body;
  compress(*made);
  std::lock_guard lock(mutex_);
  if (generated_.size() >= 256) generated_.clear();
  return generated_.emplace(body, made).first->second;
}

}  // namespace catalyse::server
