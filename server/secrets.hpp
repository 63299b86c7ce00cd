// Secrets of the event server: join codes, organiser and admin tokens (kept only as SHA-256
// hashes), and the throttle that slows down repeated wrong guesses.
#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

namespace catalyse::server {

/// `bytes` bytes from the operating system's generator, as unpadded base64url.
std::string random_token(std::size_t bytes = 32);
/// 32 lower-case hex digits (128 random bits): event ids.
std::string random_id();

/// Join codes: 8 symbols of a 32-symbol alphabet without 0/O and 1/I (40 bits, about 10^12 codes),
/// shown as "ABCD-EFGH". People type them in any case, with or without the dash.
inline constexpr std::string_view code_alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
inline constexpr std::size_t code_length = 8;
std::string random_code();
/// The stored form of a typed code ("abcd-efgh" → "ABCDEFGH"), or "" when it cannot be one.
std::string normalise_code(std::string_view typed);
/// "ABCDEFGH" → "ABCD-EFGH".
std::string display_code(std::string_view code);

/// "sha256:" + 64 hex digits.
std::string token_hash(std::string_view token);
/// Compares two hashes in time independent of where they differ.
bool same_hash(std::string_view a, std::string_view b);

/// Slows down guesses: after `free_failures` wrong tokens for one key (an event, or the admin),
/// each further attempt must wait 1 s, 2 s, 4 s… (at most `max_wait`) after the last failure, and is
/// refused meanwhile without being checked, right token or not. A right token resets the key.
class Throttle {
 public:
  using Clock = std::chrono::steady_clock;
  explicit Throttle(int free_failures = 5, std::chrono::seconds max_wait = std::chrono::seconds(300))
      : free_failures_(free_failures), max_wait_(max_wait) {}
  /// Seconds to wait before trying again (0: go ahead and check the token).
  long wait_seconds(const std::string& key);
  void failed(const std::string& key);
  void succeeded(const std::string& key);

 private:
  struct Entry { int failures = 0; Clock::time_point until{}; };
  std::mutex mutex_;
  std::map<std::string, Entry, std::less<>> entries_;
  int free_failures_;
  std::chrono::seconds max_wait_;
};

}  // namespace catalyse::server
