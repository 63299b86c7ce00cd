// The \uXXXX escape as JSON strings (json.cpp) and expression string literals (expression.cpp)
// write a character: four hexadecimal digits, a character outside the Basic Multilingual Plane as
// a high surrogate's escape followed at once by a low surrogate's. Each reader words its own
// errors from what this one says went wrong.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace catalyse::unicode_escape {

enum class Problem {
  none,
  hex,       // a character of the first escape's four is not a hexadecimal digit (at `bad`)
  lone_low,  // the first escape is a low surrogate (\uDC00–\uDFFF)
  no_low,    // a high surrogate not followed by a second \u escape
  low_hex,   // a character of the second escape's four is not a hexadecimal digit (at `bad`)
  not_low,   // a high surrogate followed by an escape that is not a low surrogate
};

struct Read {
  Problem problem = Problem::none;
  std::uint32_t code = 0;  // the code point; with a problem, the first escape's value (when its digits are)
  std::size_t end = 0;     // just past the escape (both escapes of a pair)
  std::size_t bad = 0;     // the offset of the character that is not a hexadecimal digit
};

/// The four hexadecimal digits at `at` as a number, or false with `bad` set to the first other character.
inline bool hex4(std::string_view text, std::size_t at, std::uint32_t& value, std::size_t& bad) {
  value = 0;
  for (std::size_t k = at; k < at + 4; ++k) {
    const char h = k < text.size() ? text[k] : '\0';
    value <<= 4;
    if (h >= '0' && h <= '9') value |= static_cast<std::uint32_t>(h - '0');
    else if (h >= 'a' && h <= 'f') value |= static_cast<std::uint32_t>(h - 'a' + 10);
    else if (h >= 'A' && h <= 'F') value |= static_cast<std::uint32_t>(h - 'A' + 10);
    else {
      bad = k;
      return false;
    }
  }
  return true;
}

/// Reads the escape whose backslash is at `escape` (followed by 'u'): the code point it writes.
inline Read read(std::string_view text, std::size_t escape) {
  Read r;
  if (!hex4(text, escape + 2, r.code, r.bad)) {
    r.problem = Problem::hex;
    return r;
  }
  r.end = escape + 6;
  if (r.code >= 0xDC00 && r.code <= 0xDFFF) {
    r.problem = Problem::lone_low;
  } else if (r.code >= 0xD800 && r.code <= 0xDBFF) {
    std::uint32_t low = 0;
    if (text.substr(r.end, 2) != "\\u") r.problem = Problem::no_low;
    else if (!hex4(text, r.end + 2, low, r.bad)) r.problem = Problem::low_hex;
    else if (low < 0xDC00 || low > 0xDFFF) r.problem = Problem::not_low;
    else {
      r.code = 0x10000 + ((r.code - 0xD800) << 10) + (low - 0xDC00);
      r.end += 6;
    }
  }
  return r;
}

}  // namespace catalyse::unicode_escape
