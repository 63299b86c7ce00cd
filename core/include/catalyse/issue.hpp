// An error found in an input document: where (a JSON Pointer, RFC 6901) and what.
#pragma once

#include <boost/describe.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace catalyse {

struct Issue {
  std::string path;     // "/sections/0/questions/2/options"; "" for the whole document
  std::string message;  // "expected an array of at least 2 options"
  bool operator==(const Issue&) const = default;
};
BOOST_DESCRIBE_STRUCT(Issue, (), (path, message))
using Issues = std::vector<Issue>;

/// A reader or validator keeps at most this many issues and only counts the rest, so that a
/// broken document's errors take bounded memory and time (a document can hold a million values,
/// each wrong in several ways).
inline constexpr std::size_t max_kept_issues = 1000;

/// `s` between double quotes, for messages.
inline std::string quote(std::string_view s) { return "\"" + std::string(s) + "\""; }

/// One reference token of a JSON Pointer, escaped ("~" → "~0", "/" → "~1").
inline std::string pointer_token(std::string_view key) {
  std::string out;
  out.reserve(key.size());
  for (char c : key) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

/// `base` + "/" + escaped `key`.
inline std::string pointer(std::string_view base, std::string_view key) {
  std::string out(base);
  out += '/';
  out += pointer_token(key);
  return out;
}
inline std::string pointer(std::string_view base, std::size_t index) {
  return std::string(base) + "/" + std::to_string(index);
}

}  // namespace catalyse
