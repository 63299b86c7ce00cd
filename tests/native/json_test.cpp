// Parsing untrusted JSON: never throws, says where the text is wrong, refuses deep nesting and
// oversized documents; dumping survives invalid UTF-8.
#include "core_support.hpp"

#include <catalyse/json.hpp>

using catalyse::parse_json;

TEST_CASE("json: syntax errors say line and column") {
  auto p = parse_json("{\n  \"a\": tru\n}", 1000);
  REQUIRE(p.error);
  CHECK(p.error->path == "");
  CHECK(p.error->message.rfind("invalid JSON: parse error at line ", 0) == 0);
  CHECK(p.error->message.find("tru") != std::string::npos);
}

TEST_CASE("json: empty text and trailing garbage are errors") {
  CHECK(parse_json("", 100).error);
  CHECK(parse_json("{} x", 100).error);
  CHECK(parse_json("   ", 100).error);
}

TEST_CASE("json: nesting is limited to 64 levels") {
  auto nested = [](std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); };
  SUBCASE("64 levels are accepted") {
    auto p = parse_json(nested(64), 1000);
    CHECK_FALSE(p.error);
  }
  SUBCASE("65 levels are refused with a clear message") {
    auto p = parse_json(nested(65), 1000);
    REQUIRE(p.error);
    CHECK(p.error->message == "invalid JSON: arrays and objects nested deeper than 64 levels");
  }
  SUBCASE("a million open brackets do not exhaust the stack") {
    auto p = parse_json(std::string(1000000, '['), 2000000);
    REQUIRE(p.error);
    CHECK(p.error->message == "invalid JSON: arrays and objects nested deeper than 64 levels");
  }
  SUBCASE("objects count too") {
    std::string text;
    for (int i = 0; i < 65; ++i) text += "{\"a\":";
    text += "1" + std::string(65, '}');
    CHECK(parse_json(text, 10000).error);
  }
}

TEST_CASE("json: the number of values is bounded, so a huge document of tiny values cannot exhaust memory") {
  std::string text = "[";
  for (int i = 0; i < 1000; ++i) text += "[],{},\"\",";
  text += "0]";  // 1 + 3000 + 1 values
  SUBCASE("within the limit") { CHECK_FALSE(parse_json(text, 1 << 20, 3002).error); }
  SUBCASE("beyond it") {
    auto p = parse_json(text, 1 << 20, 3001);
    REQUIRE(p.error);
    CHECK(p.error->message == "document too large: more than 3001 values");
  }
  SUBCASE("by default, a million") {
    CHECK(catalyse::max_json_values == 1000000);
    std::string many = "[";
    for (int i = 0; i < 1000000; ++i) many += "0,";
    many += "0]";
    auto p = parse_json(many, 4 << 20);
    REQUIRE(p.error);
    CHECK(p.error->message == "document too large: more than 1000000 values");
  }
}

TEST_CASE("json: documents larger than the limit are refused before parsing") {
  auto p = parse_json(std::string(101, ' '), 100);
  REQUIRE(p.error);
  CHECK(p.error->message == "document too large: 101 bytes (at most 100)");
}

TEST_CASE("json: numbers beyond double range are refused") {
  auto p = parse_json("[1e400]", 100);
  REQUIRE(p.error);
  CHECK(p.error->message ==
        "invalid JSON: parse error at line 1, column 2: the number 1e400 is out of range (beyond ±1.7976931348623157e308)");
}

TEST_CASE("json: invalid UTF-8 in a string is a parse error, never a crash") {
  auto p = parse_json("\"\xff\xfe\"", 100);
  CHECK(p.error);
}

TEST_CASE("json: dump replaces invalid UTF-8 instead of throwing") {
  catalyse::ordered_json j = std::string("a\xff" "b");
  CHECK(catalyse::dump(j) == "\"a\xEF\xBF\xBD" "b\"");
}
