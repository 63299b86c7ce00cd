// The generic JSON ↔ described-struct conversion: every problem collected with its JSON Pointer.
#include "core_support.hpp"

#include <catalyse/reflect.hpp>

namespace {

using catalyse::Issues;
using catalyse::json;
namespace reflect = catalyse::reflect;

enum class Colour { red, green };
BOOST_DESCRIBE_ENUM(Colour, red, green)

struct Inner {
  int count = 0;
  std::optional<bool> flag;
};
BOOST_DESCRIBE_STRUCT(Inner, (), (count, flag))

struct Outer {
  std::string name;
  double ratio = 0;
  Colour colour = Colour::red;
  std::vector<Inner> inners;
  std::map<std::string, std::string> labels;
  std::optional<Inner> extra;
  std::variant<std::map<std::string, int>, std::map<std::string, std::map<std::string, int>>> counts;
};
BOOST_DESCRIBE_STRUCT(Outer, (), (name, ratio, colour, inners, labels, extra, counts))

Issues read(const char* text, Outer& out) {
  Issues issues;
  reflect::from_json(json::parse(text), out, issues);
  return issues;
}

}  // namespace

TEST_CASE("reflect: a well-formed document reads into the struct without errors") {
  Outer o;
  auto issues = read(R"({"name":"x","ratio":0.5,"colour":"green","inners":[{"count":2},{"count":3,"flag":true}],
                         "labels":{"fr":"Oui"},"counts":{"a":1}})", o);
  CHECK(issues.empty());
  CHECK(o.name == "x");
  CHECK(o.ratio == 0.5);
  CHECK(o.colour == Colour::green);
  REQUIRE(o.inners.size() == 2);
  CHECK(o.inners[1].count == 3);
  CHECK(o.inners[1].flag == true);
  CHECK_FALSE(o.inners[0].flag.has_value());
  CHECK(o.labels.at("fr") == "Oui");
  CHECK_FALSE(o.extra.has_value());
  CHECK(std::get<0>(o.counts).at("a") == 1);
}

TEST_CASE("reflect: every error is reported with its JSON Pointer, not just the first") {
  Outer o;
  auto issues = read(R"({"name":3,"ratio":"high","colour":"blue","inners":[{"count":1.5},{"cuont":2}],
                         "labels":{"fr":true},"counts":{"a":1}})", o);
  CHECK_ERROR(issues, "/name", "expected a string, got a number");
  CHECK_ERROR(issues, "/ratio", "expected a number, got a string");
  CHECK_ERROR(issues, "/colour", R"(expected one of "red", "green", got "blue")");
  CHECK_ERROR(issues, "/inners/0/count", "expected an integer, got 1.5");
  CHECK_ERROR(issues, "/inners/1/count", R"(missing required member "count")");
  CHECK_ERROR(issues, "/inners/1/cuont", R"(unknown member "cuont")");
  CHECK_ERROR(issues, "/labels/fr", "expected a string, got a boolean");
  CHECK(issues.size() == 7);
}

TEST_CASE("reflect: unknown members are errors, with a hint when only the case differs") {
  Outer o;
  auto issues = read(R"({"name":"x","Ratio":1,"colour":"red","inners":[],"labels":{},"counts":{}})", o);
  CHECK_ERROR(issues, "/Ratio", R"(unknown member "Ratio" (did you mean "ratio"?))");
  CHECK_ERROR(issues, "/ratio", R"(missing required member "ratio")");
}

TEST_CASE("reflect: integers") {
  Inner i;
  Issues issues;
  SUBCASE("a whole number written as 3.0 is an integer") {
    reflect::from_json(json::parse(R"({"count":3.0})"), i, issues);
    CHECK(issues.empty());
    CHECK(i.count == 3);
  }
  SUBCASE("out of the int range") {
    reflect::from_json(json::parse(R"({"count":3000000000})"), i, issues);
    CHECK_ERROR(issues, "/count", "integer out of range");
  }
  SUBCASE("negative out of range") {
    reflect::from_json(json::parse(R"({"count":-3000000000})"), i, issues);
    CHECK_ERROR(issues, "/count", "integer out of range");
  }
}

TEST_CASE("reflect: null is not an absent optional member") {
  Inner i;
  Issues issues;
  reflect::from_json(json::parse(R"({"count":1,"flag":null})"), i, issues);
  CHECK_ERROR(issues, "/flag", "expected a boolean, got null");
}

TEST_CASE("reflect: a variant takes the first alternative that fits, else the closest one's errors") {
  Outer o;
  SUBCASE("second alternative") {
    auto issues = read(R"({"name":"x","ratio":1,"colour":"red","inners":[],"labels":{},"counts":{"r":{"a":2}}})", o);
    CHECK(issues.empty());
    CHECK(std::get<1>(o.counts).at("r").at("a") == 2);
  }
  SUBCASE("neither") {
    auto issues = read(R"({"name":"x","ratio":1,"colour":"red","inners":[],"labels":{},"counts":{"r":"a"}})", o);
    CHECK_ERROR(issues, "/counts/r", "expected an integer, got a string");
    CHECK(issues.size() == 1);
  }
}

TEST_CASE("reflect: keys with / and ~ are escaped in paths (RFC 6901)") {
  Outer o;
  auto issues = read(R"({"name":"x","ratio":1,"colour":"red","inners":[],"labels":{"a/b~c":1},"counts":{}})", o);
  CHECK_ERROR(issues, "/labels/a~1b~0c", "expected a string, got a number");
}

TEST_CASE("reflect: the wrong kind of document at the top") {
  Outer o;
  auto issues = read("[1,2]", o);
  CHECK_ERROR(issues, "", "expected an object, got an array");
  CHECK(issues.size() == 1);
}

TEST_CASE("reflect: writing follows the description order and writes empty optionals as null") {
  Outer o;
  o.name = "é";
  o.ratio = 2.5;
  o.colour = Colour::green;
  o.inners = {Inner{1, true}};
  o.labels = {{"b", "B"}, {"a", "A"}};
  o.counts = std::map<std::string, int>{{"x", 4}};
  CHECK(catalyse::dump(reflect::to_json(o)) ==
        R"({"name":"é","ratio":2.5,"colour":"green","inners":[{"count":1,"flag":true}],"labels":{"a":"A","b":"B"},)"
        R"("extra":null,"counts":{"x":4}})");
}

TEST_CASE("reflect: read then write gives the same document") {
  const char* text = R"({"name":"n","ratio":0.25,"colour":"red","inners":[{"count":7,"flag":false}],"labels":{"en":"Yes"},)"
                     R"("extra":{"count":1,"flag":true},"counts":{"r":{"o":3}}})";
  Outer o;
  CHECK(read(text, o).empty());
  CHECK(catalyse::dump(reflect::to_json(o)) == text);
}
