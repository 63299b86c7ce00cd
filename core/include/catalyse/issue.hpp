// An error found in an input document: where (a JSON Pointer, RFC 6901), what (a stable code and
// the values its message needs) and the message itself, in one language (messages.hpp).
#pragma once

#include <boost/describe.hpp>

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace catalyse {

/// The values a message needs, by placeholder name ("value" → "25", "maximum" → "10"). Written as
/// a JSON object of strings.
using Params = std::map<std::string, std::string>;

/// One param as the code that finds a problem gives it (copied into the issue's Params): a list of
/// these costs little code at each of the core's hundred places that report a problem.
struct Param {
  const char* name;
  std::string_view value;
};

struct Issue {
  std::string path;     // "/sections/0/questions/2/options"; "" for the whole document
  std::string code;     // "questionnaire.too-few-options": one of the catalog's (messages.cpp)
  Params params;        // what the message says of this case, language-neutral
  std::string message;  // the code's template filled with params, in one language
  bool operator==(const Issue&) const = default;
};
BOOST_DESCRIBE_STRUCT(Issue, (), (path, code, params, message))
using Issues = std::vector<Issue>;

/// A reader or validator keeps at most this many issues and only counts the rest, so that a
/// broken document's errors take bounded memory and time (a document can hold a million values,
/// each wrong in several ways).
inline constexpr std::size_t max_kept_issues = 1000;

/// `s` between double quotes.
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
