// The core's own JSON parser and writer against nlohmann's (the reference they replace in the
// wasm build): the same documents accepted, the same trees built, the same bytes written for
// strings that are not UTF-8; and its own error messages, which say where and what.
#include "core_support.hpp"

#include <random>

namespace {

using catalyse::json;

std::string reference(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

bool same_tree(const json& a, const json& b) {
  if (a.type() != b.type()) return false;
  if (a.is_number_float()) {
    const double x = a.get<double>(), y = b.get<double>();
    return std::memcmp(&x, &y, sizeof x) == 0;
  }
  if (a.is_array()) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
      if (!same_tree(a[i], b[i])) return false;
    return true;
  }
  if (a.is_object()) {
    if (a.size() != b.size()) return false;
    for (auto it = a.begin(); it != a.end(); ++it)
      if (!b.contains(it.key()) || !same_tree(it.value(), b[it.key()])) return false;
    return true;
  }
  return a == b;
}

std::string error_of(const std::string& text) {
  const auto p = catalyse::parse_json(text, 1 << 20);
  return p.error ? p.error->message : "(accepted)";
}

}  // namespace

TEST_CASE("parser: errors say line, column (in characters) and what was expected") {
  CHECK(error_of("") ==
        "invalid JSON: parse error at line 1, column 1: expected a value (an object, array, string, number, true, "
        "false or null), found the end of the text");
  CHECK(error_of("[{\"id\": ") ==
        "invalid JSON: parse error at line 1, column 9: expected a value (an object, array, string, number, true, "
        "false or null), found the end of the text");
  CHECK(error_of("[1,]") ==
        "invalid JSON: parse error at line 1, column 4: expected a value (an object, array, string, number, true, "
        "false or null), found ']'");
  CHECK(error_of("{\"a\":1,}") ==
        "invalid JSON: parse error at line 1, column 8: expected a member name (a string in double quotes), found '}'");
  CHECK(error_of("{\"a\" 1}") == "invalid JSON: parse error at line 1, column 6: expected ':' after the member name, found '1'");
  CHECK(error_of("[1 2]") == "invalid JSON: parse error at line 1, column 4: expected ',' or ']' after an element, found '2'");
  CHECK(error_of("{\"é\":1 x") == "invalid JSON: parse error at line 1, column 8: expected ',' or '}' after a member, found 'x'");
  CHECK(error_of("{} x") ==
        "invalid JSON: parse error at line 1, column 4: expected the end of the text after the document, found 'x'");
  CHECK(error_of("[01]") ==
        "invalid JSON: parse error at line 1, column 2: invalid number '01': a number cannot start with 0 followed by a digit");
  CHECK(error_of("[1.]") ==
        "invalid JSON: parse error at line 1, column 4: invalid number '1.': expected a digit after the decimal point, found ']'");
  CHECK(error_of("[1e+]") ==
        "invalid JSON: parse error at line 1, column 5: invalid number '1e+': expected a digit in the exponent, found ']'");
  CHECK(error_of("[-]") == "invalid JSON: parse error at line 1, column 3: invalid number '-': expected a digit, found ']'");
  CHECK(error_of("\n\n  nul") == "invalid JSON: parse error at line 3, column 3: invalid literal 'nul': expected true, false or null");
  CHECK(error_of("\"abc") == "invalid JSON: parse error at line 1, column 5: unterminated string: the text ends before its closing quote");
  CHECK(error_of("[\"a\x01\"]") ==
        "invalid JSON: parse error at line 1, column 4: the control character U+0001 in a string: write it as an escape "
        "such as \\n or \\u0001");
  CHECK(error_of("[\"\xff\"]") == "invalid JSON: parse error at line 1, column 3: invalid UTF-8 in a string: the byte 0xFF (not UTF-8)");
  CHECK(error_of("[\"\\x\"]") ==
        "invalid JSON: parse error at line 1, column 3: invalid escape in a string: '\\' followed by 'x' (expected one of "
        "\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)");
  CHECK(error_of("[\"\\u12\"]") ==
        "invalid JSON: parse error at line 1, column 3: expected four hexadecimal digits after \\u, found '\"'");
  CHECK(error_of("[\"\\ud800\"]") ==
        "invalid JSON: parse error at line 1, column 3: unpaired surrogate \\uD800: a high surrogate must be followed by a "
        "low one (\\uDC00 to \\uDFFF)");
  CHECK(error_of("[\"\\udc00\"]") ==
        "invalid JSON: parse error at line 1, column 3: unpaired surrogate \\uDC00: a low surrogate must follow a high one "
        "(\\uD800 to \\uDBFF)");
  // A high surrogate's escape must be followed at once by a low one's: each other case is reported at the first.
  for (const char* second : {"x", "\\u0041", "\\u12", "\\ud800"})
    CHECK(error_of(std::string("[\"\\uD83D") + second + "\"]") ==
          "invalid JSON: parse error at line 1, column 3: unpaired surrogate \\uD83D: a high surrogate must be followed by a "
          "low one (\\uDC00 to \\uDFFF)");
  CHECK(error_of("[\"a\\u00G9\"]") ==
        "invalid JSON: parse error at line 1, column 4: expected four hexadecimal digits after \\u, found 'G'");
  CHECK(catalyse::parse_json("[\"\\uD83D\\uDE00\\u00e9\\u00C9\"]", 1 << 20).value.at(0).get<std::string>() == "😀éÉ");
  CHECK(error_of("[-1e999]") ==
        "invalid JSON: parse error at line 1, column 2: the number -1e999 is out of range (beyond ±1.7976931348623157e308)");
  CHECK(error_of("\xef\xbb\xbf[1e-999, -0, 18446744073709551616]") == "(accepted)");
}

TEST_CASE("parser: mutated documents are accepted exactly when nlohmann accepts them, as the same tree") {
  const std::string seeds[] = {
      R"({"a":[1,-2,3.5,1e3,-0.0,true,false,null],"b":{"c":"d\n\u00e9\ud83d\ude00"},"e":"é—😀","f":18446744073709551616})",
      R"([{"q1":"oui","n":12.75,"m":{"r1":["x","y"]}},[],{},"",0,-9223372036854775808,123456789012345678901])",
      "  {\"k\" : [ 1 , 2 ] , \"k\" : { } }\n"};
  const std::string alphabet = "{}[]\",:-+.eE0123456789tfnul\\ \n\x01\xc3\xa9\xff\xed\xa0\x80";
  std::mt19937 rng(42);
  int accepted = 0;
  for (int i = 0; i < 30000; ++i) {
    std::string text = seeds[rng() % 3];
    const int edits = 1 + static_cast<int>(rng() % 3);
    for (int k = 0; k < edits && !text.empty(); ++k) {
      const std::size_t at = rng() % text.size();
      switch (rng() % 3) {
        case 0: text.erase(at, 1); break;
        case 1: text.insert(at, 1, alphabet[rng() % alphabet.size()]); break;
        default: text[at] = alphabet[rng() % alphabet.size()]; break;
      }
    }
    INFO(text);
    const auto mine = catalyse::parse_json(text, 1 << 20);
    const json theirs = json::parse(text, nullptr, false);
    REQUIRE(mine.error.has_value() == theirs.is_discarded());
    if (!mine.error) {
      ++accepted;
      CHECK(same_tree(mine.value, theirs));
    }
  }
  CHECK(accepted > 1000);  // the mutations keep many documents valid: both sides are exercised
}

TEST_CASE("writer: strings that are not UTF-8 are written as nlohmann's replace handler writes them") {
  const std::string bytes = std::string("a\"\\\x01\x7f", 5) + "\xc2\xa9\xe0\xa0\x80\xed\x9f\xbf\xf0\x90\x80\x80\xf4\x8f\xbf\xbf" +
                            "\x80\xbf\xc0\xc1\xc2\xe0\xe0\xa0\xed\xa0\xf0\x8f\xf0\x90\xf0\x90\x80\xf4\x90\xf5\xff";
  CHECK(catalyse::dump(catalyse::ordered_json(std::string("\xe2\x82"))) == "\"\xEF\xBF\xBD\"");
  std::mt19937 rng(7);
  for (int i = 0; i < 20000; ++i) {
    std::string s;
    const int n = static_cast<int>(rng() % 8);
    for (int k = 0; k < n; ++k) s += bytes[rng() % bytes.size()];
    INFO(s);
    CHECK(catalyse::dump(json(s)) == reference(json(s)));
    CHECK(catalyse::dump(catalyse::ordered_json(s)) == reference(json(s)));
  }
}
