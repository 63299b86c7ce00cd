// Randomness and hashing come from OpenSSL's libcrypto (already linked by cpp-httplib).
#include "secrets.hpp"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include <algorithm>
#include <array>
#include <stdexcept>

namespace catalyse::server {
namespace {

void fill_random(unsigned char* out, std::size_t n) {
  if (RAND_bytes(out, static_cast<int>(n)) != 1) throw std::runtime_error("no randomness from the operating system");
}

}  // namespace

std::string random_token(std::size_t bytes) {
  static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string raw(bytes, '\0');
  fill_random(reinterpret_cast<unsigned char*>(raw.data()), raw.size());
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (unsigned char c : raw) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += alphabet[(buffer >> bits) & 63];
    }
  }
  if (bits > 0) out += alphabet[(buffer << (6 - bits)) & 63];
  return out;
}

std::string random_id() {
  std::array<unsigned char, 16> raw{};
  fill_random(raw.data(), raw.size());
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : raw) {
    out += hex[c >> 4];
    out += hex[c & 15];
  }
  return out;
}

std::string random_code() {
  // 32 symbols: 5 bits of one random byte each, no bias.
  std::array<unsigned char, code_length> raw{};
  fill_random(raw.data(), raw.size());
  std::string out;
  for (unsigned char c : raw) out += code_alphabet[c & 31];
  return out;
}

std::string normalise_code(std::string_view typed) {
  std::string out;
  for (char c : typed) {
    if (c == '-' || c == ' ') continue;
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (code_alphabet.find(c) == std::string_view::npos) return {};
    out += c;
    if (out.size() > code_length) return {};
  }
  return out.size() == code_length ? out : std::string{};
}

std::string display_code(std::string_view code) {
  if (code.size() != code_length) return std::string(code);
  return std::string(code.substr(0, 4)) + "-" + std::string(code.substr(4));
}

std::string token_hash(std::string_view token) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned length = 0;
  if (EVP_Digest(token.data(), token.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("SHA-256 failed");
  static constexpr char hex[] = "0123456789abcdef";
  std::string out = "sha256:";
  for (unsigned i = 0; i < length; ++i) {
    out += hex[digest[i] >> 4];
    out += hex[digest[i] & 15];
  }
  return out;
}

bool same_hash(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

long Throttle::wait_seconds(const std::string& key) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(key);
  if (it == entries_.end()) return 0;
  auto now = Clock::now();
  if (now >= it->second.until) return 0;
  return static_cast<long>(std::chrono::ceil<std::chrono::seconds>(it->second.until - now).count());
}

void Throttle::failed(const std::string& key) {
  std::lock_guard lock(mutex_);
  auto& e = entries_[key];
  ++e.failures;
  if (e.failures >= free_failures_) {
    int doublings = std::min(e.failures - free_failures_, 20);
    auto wait = std::min<std::chrono::seconds>(std::chrono::seconds(1L << doublings), max_wait_);
    e.until = Clock::now() + wait;
  }
}

void Throttle::succeeded(const std::string& key) {
  std::lock_guard lock(mutex_);
  entries_.erase(key);
}

}  // namespace catalyse::server
