// The core's fast JSON paths: it parses everyday documents with its own strict parser and writes
// its answers directly as text (catalyse::dump, reflect::write) instead of building a tree and
// dumping it. Both must give exactly what nlohmann gives (same tree, same bytes), or hashes,
// messages and native/wasm parity would change.
#include "core_support.hpp"

#include <catalyse/reflect.hpp>
#include <catalyse/result.hpp>
#include <catalyse/scoring.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

namespace {

using catalyse::json;

std::string reference(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

json default_questionnaire() {
  std::ifstream in(CATALYSE_SOURCE_DIR "/web/questionnaires/catalyseurs-2018.json", std::ios::binary);
  REQUIRE(in.good());
  std::ostringstream ss;
  ss << in.rdbuf();
  return json::parse(ss.str());
}

}  // namespace

TEST_CASE("writer: dump(json) is nlohmann's dump for every kind of value") {
  const json values[] = {
      nullptr, true, false, 0, -1, 42, std::numeric_limits<std::int64_t>::min(),
      std::numeric_limits<std::int64_t>::max(), std::numeric_limits<std::uint64_t>::max(), 0.0, -0.0, 0.1, 2.5,
      50.0, 1e300, -1e-300, 5e-324, 1.7976931348623157e308, 123456789012345678.0, 1e21, 1e-7,
      std::nan(""), std::numeric_limits<double>::infinity(), "", "plain", "é à ç — “quotes” 😀",
      "\"\\/\b\f\n\r\t", std::string("\x00\x01\x1f\x7f", 4), json::array(), json::object(),
      json::array({1, "a", nullptr, json::object({{"k", json::array({2.5})}})}),
      json::object({{"b", 1}, {"a", json::object({{"z\n", "y"}})}, {"é", false}})};
  for (const auto& v : values) {
    INFO(reference(v));
    CHECK(catalyse::dump(v) == reference(v));
  }
}

TEST_CASE("writer: strings that are not valid UTF-8 are replaced as nlohmann replaces them") {
  const std::string cases[] = {
      "a\xff" "b", "\xc3", "x\xc3(", "\xe0\x80\x80", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xf0\x9f\x98",
      "\xc0\xaf", "ok \xe2\x82\xac then \x80", "\xf8\x88\x80\x80\x80", "\xc2\xa0\xc2"};
  for (const auto& s : cases) {
    const json j = s;
    CHECK(catalyse::dump(j) == reference(j));
    CHECK(catalyse::dump(json::object({{s, s}})) == reference(json::object({{s, s}})));
    std::string out;
    catalyse::write_string(out, s);
    CHECK(out == reference(j));
  }
  // Every well-formed sequence boundary, one code point at a time.
  for (std::uint32_t cp : {0x7fu, 0x80u, 0x7ffu, 0x800u, 0xfffu, 0x1000u, 0xd7ffu, 0xe000u, 0xffffu, 0x10000u,
                           0x3ffffu, 0x40000u, 0xfffffu, 0x100000u, 0x10ffffu}) {
    std::string s;
    if (cp < 0x80) s += static_cast<char>(cp);
    else if (cp < 0x800) s += {static_cast<char>(0xc0 | (cp >> 6)), static_cast<char>(0x80 | (cp & 0x3f))};
    else if (cp < 0x10000)
      s += {static_cast<char>(0xe0 | (cp >> 12)), static_cast<char>(0x80 | ((cp >> 6) & 0x3f)),
            static_cast<char>(0x80 | (cp & 0x3f))};
    else
      s += {static_cast<char>(0xf0 | (cp >> 18)), static_cast<char>(0x80 | ((cp >> 12) & 0x3f)),
            static_cast<char>(0x80 | ((cp >> 6) & 0x3f)), static_cast<char>(0x80 | (cp & 0x3f))};
    CHECK(catalyse::dump(json(s)) == reference(json(s)));
  }
}

TEST_CASE("writer: the default questionnaire dumps (and so hashes) as before") {
  const json doc = default_questionnaire();
  CHECK(catalyse::dump(doc) == reference(doc));
}

TEST_CASE("writer: reflect::write gives dump(reflect::to_json(…)) for whole results") {
  const auto q = test::load_ok(default_questionnaire());
  for (const char* name : {"answers-amorce.json", "answers-ancrage.json", "answers-emergence.json", "answers-essor.json"}) {
    const json answers = test::fixture(name);
    for (const char* lang : {"fr", "en"}) {
      const auto result = catalyse::make_result(*q, catalyse::evaluate(*q, answers), lang);
      CHECK(catalyse::reflect::to_text(result) == catalyse::dump(catalyse::reflect::to_json(result)));
    }
  }
  const auto empty = catalyse::make_result(*q, catalyse::evaluate(*q, json::object()), "fr");
  CHECK(catalyse::reflect::to_text(empty) == catalyse::dump(catalyse::reflect::to_json(empty)));
  const catalyse::Issues issues{{"/a~1b", "answer.too-long", {{"length", "3\n\""}, {"maximum", "2"}}, "bad \"value\"\n"},
                                {"", "json.bad-utf8", {}, "caf\xc3\xa9 \xff"}};
  CHECK(catalyse::reflect::to_text(issues) == catalyse::dump(catalyse::reflect::to_json(issues)));
}

namespace {

/// Same tree, and the same kind of number at every place (5 unsigned is not 5 signed).
bool same_tree(const json& a, const json& b) {
  if (a.type() != b.type()) return false;
  if (a.is_object()) {
    if (a.size() != b.size()) return false;
    for (auto ia = a.begin(), ib = b.begin(); ia != a.end(); ++ia, ++ib)
      if (ia.key() != ib.key() || !same_tree(ia.value(), ib.value())) return false;
    return true;
  }
  if (a.is_array()) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
      if (!same_tree(a[i], b[i])) return false;
    return true;
  }
  if (a.is_number_float()) return std::memcmp(&a.get_ref<const double&>(), &b.get_ref<const double&>(), sizeof(double)) == 0;
  return a == b;
}

}  // namespace

TEST_CASE("fast parser: the same tree as nlohmann's parser") {
  const std::string texts[] = {
      R"({"a":1,"b":[true,false,null],"c":{"d":"e"}})", " \n\t{ \"x\" : [ 1 , -2 , 3.5 , -0 , 0 , -0.0 , 1e3 , 2E-2 , 1.5e+2 ] } \r\n",
      R"("just a string")", "42", "-42", "0.1", "123456789012345678", "-123456789012345678", "1234567890123456789",
      "18446744073709551615", "18446744073709551616", "-9223372036854775808", "-9223372036854775809", "1e308",
      "4.9e-324", "2.2250738585072014e-308", R"(["\" \\ \/ \b \f \n \r \t"])", R"(["\u00e9\ud83d\ude00"])",
      "[\"é — 😀 \x7f\"]", R"({"k":1,"k":2,"j":{"a":1},"j":[3]})", "[[[[[]]]]]", "{}", "[]", R"({"":""})",
      "\xef\xbb\xbf{\"bom\":1}"};
  for (const auto& text : texts) {
    INFO(text);
    const auto fast = catalyse::parse_json(text, 1000);
    const json slow = json::parse(text, nullptr, false);
    REQUIRE_FALSE(slow.is_discarded());
    REQUIRE_FALSE(fast.error);
    CHECK(same_tree(fast.value, slow));
  }
  const json doc = default_questionnaire();
  const auto parsed = catalyse::parse_json(doc.dump(), 1 << 20);
  REQUIRE_FALSE(parsed.error);
  CHECK(same_tree(parsed.value, doc));
}

TEST_CASE("parser: what nlohmann's parser refuses is refused too, with where and what") {
  const std::string texts[] = {"", " ", "{", "[1,]", "{\"a\":1,}", "[01]", "[1.]", "[.5]", "[1e]", "[-]", "[+1]",
                               "tru", "nul", "[\"a\\x\"]", "[\"\\u12\"]", "[\"\xff\"]", "[\"\xed\xa0\x80\"]",
                               std::string("[\"a\x01\"]"), "{1:2}", "{\"a\" 1}", "[1 2]", "{} x", "[1e400]", "[-1e400]",
                               std::string("[\0]", 3), "\"abc", "[\"\\ud800\"]"};
  for (const auto& text : texts) {
    INFO(text);
    const auto parsed = catalyse::parse_json(text, 1000);
    REQUIRE(parsed.error);
    CHECK(parsed.error->message.rfind("invalid JSON: ", 0) == 0);
    CHECK(json::parse(text, nullptr, false).is_discarded());
  }
  const auto p = catalyse::parse_json("{\n  \"a\": tru\n}", 1000);
  REQUIRE(p.error);
  CHECK(p.error->message ==
        "invalid JSON: parse error at line 2, column 8: invalid literal 'tru': expected true, false or null");
}

TEST_CASE("plain strings: read with their hash, it is the hash of the value read alone") {
  using namespace catalyse;
  // Every length around the 16-byte blocks, the quote at each place, ASCII, UTF-8 and escapes
  // (which the one-pass reader leaves to the plain one), near the end of the text and far from it.
  const std::string pieces[] = {"a", "\xC3\xA9", "\\n", "x"};
  for (std::size_t length = 0; length <= 40; ++length) {
    for (const auto& piece : pieces) {
      std::string value;
      while (value.size() < length) value += value.size() == length / 2 ? piece : std::string(1, static_cast<char>('b' + value.size() % 20));
      for (const std::string& tail : {std::string(), std::string(",\"next\":1}"), std::string(32, ' ')}) {
        const std::string text = "\"" + value + "\"" + tail;
        std::size_t i = 0, j = 0;
        std::string_view plain, hashed;
        std::uint64_t hash = 0;
        const bool read = read_plain_string(text, i, plain);
        CAPTURE(text);
        REQUIRE(read_plain_string(text, j, hashed, hash) == read);
        if (!read) continue;
        CHECK(hashed == plain);
        CHECK(j == i);
        CHECK(hash == content_hash::string(plain));
      }
    }
  }
  // Values that differ only in their length or last bytes hash apart.
  CHECK(content_hash::string("") != content_hash::string(std::string(1, '\0')));
  CHECK(content_hash::string(std::string(16, 'a')) != content_hash::string(std::string(17, 'a')));
  CHECK(content_hash::string("abcdefghijklmnop") != content_hash::string("abcdefghijklmnoq"));
}

TEST_CASE("raw strings: the text up to the first quote and its first 16 bytes; an id is found in it only when written as it is") {
  using namespace catalyse;
  // Every length around 16 bytes, with ASCII, UTF-8, an escape, an escaped quote or a control
  // character in the middle, at the end of the text and far from it.
  const std::string pieces[] = {"a", "\xC3\xA9", "\\n", "\\\"", std::string(1, '\t')};
  for (std::size_t length = 0; length <= 40; ++length) {
    for (const auto& piece : pieces) {
      std::string value;
      while (value.size() < length) value += value.size() == length / 2 ? piece : std::string(1, static_cast<char>('b' + value.size() % 20));
      for (const std::string& tail : {std::string(), std::string(",\"next\":1}"), std::string(32, ' ')}) {
        const std::string text = "\"" + value + "\"" + tail;
        CAPTURE(text);
        std::size_t i = 0;
        std::string_view raw;
        Prefix first;
        REQUIRE(read_raw_string(text, i, raw, first));
        const std::size_t quote = text.find('"', 1);
        CHECK(raw == std::string_view(text).substr(1, quote - 1));
        CHECK(i == quote + 1);
        CHECK(first == prefix_of(raw));
        // Read and checked: the same string as read_plain_string gives, with its prefix.
        std::size_t j = 0, k = 0;
        std::string_view plain, checked;
        Prefix checked_first;
        const bool read = read_plain_string(text, j, plain);
        REQUIRE(read_plain_string(text, k, checked, checked_first) == read);
        if (read) {
          CHECK(checked == plain);
          CHECK(k == j);
          CHECK(checked_first == prefix_of(plain));
        }
        // The value as an id: found in the raw text exactly when JSON writes it as it is.
        const IdKey key = IdKey::of(value);
        const bool as_it_is = value.find_first_of(std::string("\"\\\t", 3)) == std::string::npos;
        CHECK(key.is(raw, first, [&] { return std::string_view(value); }) == as_it_is);
        if (as_it_is) CHECK(key.hash == content_hash::string(value));
      }
    }
  }
  // No closing quote, or no string at all.
  for (const std::string& text : {std::string("\"abc"), "\"" + std::string(30, 'x'), std::string("abc\""), std::string()}) {
    std::size_t i = 0;
    std::string_view raw;
    Prefix first;
    CHECK_FALSE(read_raw_string(text, i, raw, first));
  }
  // Ids that share their first 16 bytes are told apart by the rest.
  const IdKey long_id = IdKey::of("abcdefghijklmnop-1");
  CHECK(long_id.is("abcdefghijklmnop-1", prefix_of("abcdefghijklmnop-1"), [] { return std::string_view("abcdefghijklmnop-1"); }));
  CHECK_FALSE(long_id.is("abcdefghijklmnop-2", prefix_of("abcdefghijklmnop-2"), [] { return std::string_view("abcdefghijklmnop-1"); }));
}

TEST_CASE("id keys: each id of a list is found at its position, and no other string") {
  using namespace catalyse;
  // Lists of every size up to past the table's limit (searched key by key then), of ids of every
  // length around 8 and 16 bytes, some alike in their first 16 bytes, one not written as it is.
  for (std::size_t count : {1u, 2u, 3u, 5u, 8u, 13u, 31u, 64u, 100u, 128u, 129u, 140u}) {
    std::vector<std::string> ids;
    for (std::size_t k = 0; k < count; ++k) {
      std::string id = k % 3 == 0 ? "abcdefghijklmnop-" + std::to_string(k) : "id-" + std::to_string(k * 7919 % 1000);
      if (k % 5 == 1) id += std::string(k % 11, 'x');
      if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
    }
    if (count == 5) ids.push_back("with \"quote\"");
    IdKeys keys;
    for (const auto& id : ids) keys.push_back(IdKey::of(id));
    REQUIRE(keys.size() == ids.size());
    const auto id_of = [&](std::size_t k) -> std::string_view { return ids[k]; };
    CAPTURE(count);
    for (std::size_t k = 0; k < ids.size(); ++k) {
      const std::string& id = ids[k];
      CAPTURE(id);
      const bool as_it_is = id.find('"') == std::string::npos;
      CHECK(keys.find(id, prefix_of(id), id_of) == (as_it_is ? k : IdKeys::npos));
      for (const std::string& other : {id + "y", id.substr(0, id.size() - 1), "z" + id, std::string()}) {
        if (std::find(ids.begin(), ids.end(), other) != ids.end()) continue;
        CHECK(keys.find(other, prefix_of(other), id_of) == IdKeys::npos);
      }
    }
  }
}

TEST_CASE("plain strings: same() is text equality at every length") {
  using catalyse::content_hash::same;
  for (std::size_t n = 0; n <= 33; ++n) {
    std::string a(n, 'x');
    for (std::size_t k = 0; k < n; ++k) a[k] = static_cast<char>('a' + k % 26);
    CHECK(same(a, a));
    CHECK_FALSE(same(a, a + "y"));
    for (std::size_t k = 0; k < n; ++k) {
      std::string b = a;
      b[k] = '#';
      CAPTURE(n);
      CAPTURE(k);
      CHECK_FALSE(same(a, b));
    }
  }
}
