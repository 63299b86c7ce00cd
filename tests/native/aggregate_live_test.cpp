// The aggregation as a stream and as a live aggregate (docs/AGGREGATE.md "Live aggregate"): the
// core's JSON events, records added one at a time giving the same document as the whole input at
// once, exports read one at a time, problems of a record given alone, exact statistics from tallies.
#include <catalyse/aggregate.hpp>
#include <catalyse/api.hpp>
#include <catalyse/json.hpp>

#include <doctest/doctest.h>

#include "core_support.hpp"

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

namespace {

using catalyse::json;
namespace agg = catalyse::aggregation;

/// Every event as a line of text, with the offsets of arrays and objects.
class Recorder final : public catalyse::JsonEvents {
 public:
  std::vector<std::string> events;
  std::size_t stop_after = static_cast<std::size_t>(-1);
  bool null() override { return note("null"); }
  bool boolean(bool v) override { return note(v ? "true" : "false"); }
  bool number(std::uint64_t v) override { return note("u" + std::to_string(v)); }
  bool number(std::int64_t v) override { return note("i" + std::to_string(v)); }
  bool number(double v) override { return note("d" + catalyse::dump(json(v))); }
  bool string(std::string_view v) override { return note("s" + std::string(v)); }
  bool key(std::string_view k) override { return note("k" + std::string(k)); }
  bool begin_object(std::size_t at) override { return note("{@" + std::to_string(at)); }
  bool end_object(std::size_t end) override { return note("}@" + std::to_string(end)); }
  bool begin_array(std::size_t at) override { return note("[@" + std::to_string(at)); }
  bool end_array(std::size_t end) override { return note("]@" + std::to_string(end)); }

 private:
  bool note(std::string e) {
    events.push_back(std::move(e));
    return events.size() < stop_after;
  }
};

struct Default {
  std::shared_ptr<const catalyse::Questionnaire> q;
  json info;
  Default() {
    const json loaded = json::parse(catalyse::api::load(test::read_file(std::string(CATALYSE_SOURCE_DIR) + "/web/questionnaires/catalyseurs-2018.json"), q));
    REQUIRE(loaded["ok"] == true);
    info = {{"id", loaded["questionnaire"]["id"]}, {"version", loaded["questionnaire"]["version"]}, {"hash", loaded["questionnaire"]["hash"]}};
  }
  json record(const std::string& id, json answers) const {
    return {{"format", "catalyse-response/1"}, {"id", id}, {"questionnaire", info}, {"lang", "fr"},
            {"completed", "2026-05"}, {"answers", std::move(answers)}};
  }
};

/// A varied set: scores spread over the range, a record with a bad answer, a duplicate, a conflict.
std::vector<json> varied(const Default& d) {
  const char* dynamique[] = {"ancre", "nombreuses", "emerge", "non", "nsp"};
  const char* structure[] = {"association", "collectivite", "entreprise"};
  const char* enjeu[] = {"prioritaire", "tres-important", "important", "secondaire"};
  std::vector<json> records;
  for (int i = 0; i < 40; ++i) {
    json answers = {{"dynamique", dynamique[i % 5]}, {"profil-structure", structure[i % 3]},
                    {"enjeux", {{"numerique", enjeu[i % 4]}, {"competences", enjeu[(i / 2) % 4]}, {"evaluation", enjeu[(i / 3) % 4]}}}};
    if (i == 7) answers["dynamique"] = "pas-une-option";
    records.push_back(d.record("v-" + std::to_string(i), answers));
  }
  records.push_back(records[3]);                                        // identical duplicate
  records.push_back(d.record("v-4", {{"dynamique", "ancre"}}));         // conflict
  records.push_back(json(42));                                          // malformed
  return records;
}

}  // namespace

TEST_CASE("json events: values in document order, offsets of arrays and objects, one error style") {
  Recorder r;
  const std::string text = R"({"a": [1, -2, 2.5, "x\u00e9", true, null], "b": {}})";
  const auto end = catalyse::parse_json_events(text, r, 1 << 20);
  CHECK_FALSE(end.error);
  const std::vector<std::string> expected = {"{@0", "ka", "[@6", "u1", "i-2", "d2.5", "sxé", "true", "null", "]@41",
                                             "kb", "{@48", "}@50", "}@51"};
  CHECK(r.events == expected);
  CHECK(text.substr(6, 41 - 6) == R"([1, -2, 2.5, "x\u00e9", true, null])");

  SUBCASE("a syntax error: line and column, as parse_json words it") {
    Recorder bad;
    const std::string broken = "[\n  {\"a\": 1,\n  oops\n]";
    const auto e = catalyse::parse_json_events(broken, bad, 1 << 20);
    REQUIRE(e.error);
    CHECK(e.line == 3);
    CHECK(e.column == 3);
    CHECK(e.error->message == catalyse::parse_json(broken, 1 << 20).error->message);
  }
  SUBCASE("nesting deeper than the limit is refused") {
    Recorder deep;
    const auto e = catalyse::parse_json_events(std::string(100, '[') + std::string(100, ']'), deep, 1 << 20);
    REQUIRE(e.error);
    CHECK(e.error->message.find("nested deeper") != std::string::npos);
  }
  SUBCASE("a receiver can stop the reading without an error") {
    Recorder first;
    first.stop_after = 2;
    const auto e = catalyse::parse_json_events(text, first, 1 << 20);
    CHECK(e.stopped);
    CHECK_FALSE(e.error);
    CHECK(first.events.size() == 2);
  }
  SUBCASE("the size limit") {
    Recorder big;
    const auto e = catalyse::parse_json_events(text, big, 10);
    REQUIRE(e.error);
    CHECK(e.error->message.find("too large") != std::string::npos);
    CHECK(big.events.empty());
  }
}

TEST_CASE("live aggregate: records added one at a time give the document of the whole input") {
  Default d;
  const std::vector<json> records = varied(d);
  const std::string whole = catalyse::api::aggregate(*d.q, json(records).dump(), R"({"minGroup":3,"workshop":true})");
  REQUIRE(json::parse(whole)["ok"] == true);

  std::unique_ptr<agg::Accumulator> live;
  REQUIRE(json::parse(catalyse::api::open_aggregate(*d.q, R"({"minGroup":3,"workshop":true})", live))["ok"] == true);
  REQUIRE(live);
  std::vector<agg::Outcome> outcomes;
  for (std::size_t i = 0; i < records.size(); ++i) {
    outcomes.push_back(live->add(records[i].dump(), "/" + std::to_string(i)));
    // Always a valid aggregate, whatever has been added so far.
    const json now = json::parse(live->snapshot());
    REQUIRE(now["ok"] == true);
    CHECK(now["aggregate"]["input"]["records"] == i + 1);
  }
  CHECK(live->snapshot() == whole);
  CHECK(live->size() == 40);
  CHECK(outcomes[0] == agg::Outcome::accepted);
  CHECK(outcomes[40] == agg::Outcome::duplicate);
  CHECK(outcomes[41] == agg::Outcome::conflict);
  CHECK(outcomes[42] == agg::Outcome::malformed);

  SUBCASE("rebuilt from the same records in the same order: the same document") {
    std::unique_ptr<agg::Accumulator> again;
    catalyse::api::open_aggregate(*d.q, R"({"minGroup":3,"workshop":true})", again);
    for (std::size_t i = 0; i < records.size(); ++i) again->add(records[i].dump(), "/" + std::to_string(i));
    CHECK(again->snapshot() == whole);
  }
}

TEST_CASE("live aggregate: a record given alone that is not JSON is reported and left out") {
  Default d;
  std::unique_ptr<agg::Accumulator> live;
  catalyse::api::open_aggregate(*d.q, "", live);
  REQUIRE(live);
  live->begin_source("live");
  CHECK(live->add(d.record("ok-1", {{"dynamique", "ancre"}}).dump()) == agg::Outcome::accepted);
  CHECK(live->add("{\"format\": \"catalyse-response/1\", \"id\": ") == agg::Outcome::malformed);
  catalyse::Issues problems;
  CHECK(live->add("[1, 2]", "/7", &problems) == agg::Outcome::malformed);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].path == "/7");
  CHECK(problems[0].message == "expected a response record (an object), got an array");
  problems.clear();
  CHECK(live->add(d.record("ok-2", {{"dynamique", "pas-une-option"}}).dump(), "", &problems) == agg::Outcome::accepted);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].path == "/answers/dynamique");
  const json a = json::parse(live->snapshot())["aggregate"];
  CHECK(a["n"] == 2);
  CHECK(a["input"]["malformed"] == 2);
  CHECK(a["input"]["sources"][0]["name"] == "live");
  CHECK(a["problems"][0]["record"] == 1);
  CHECK(a["problems"][0]["code"] == "json.expected-value");
  CHECK(a["problems"][0]["params"]["line"] == "1");
}

TEST_CASE("one record checked alone: the problems add() would report, nothing counted") {
  Default d;
  const std::string good = d.record("r-1", {{"dynamique", "ancre"}}).dump();
  CHECK(agg::check_record(*d.q, good).empty());
  CHECK(agg::check_record(*d.q, good).empty());  // checked again: not a duplicate of itself

  catalyse::Issues bad = agg::check_record(*d.q, d.record("r-2", {{"dynamique", "pas-une-option"}}).dump());
  REQUIRE(bad.size() == 1);
  CHECK(bad[0].path == "/answers/dynamique");
  CHECK_FALSE(bad[0].code.empty());

  json other = d.record("r-3", {{"dynamique", "ancre"}});
  other["questionnaire"]["hash"] = "fnv1a64:0000000000000000";
  bad = agg::check_record(*d.q, other.dump());
  REQUIRE(bad.size() == 1);
  CHECK(bad[0].path == "/questionnaire/hash");
  CHECK(bad[0].code == "aggregate.other-version");

  bad = agg::check_record(*d.q, "{\"format\": \"catalyse-response/1\", \"id\": ");
  REQUIRE(bad.size() == 1);
  CHECK(bad[0].path == "");
  CHECK(bad[0].params.at("line") == "1");
  bad = agg::check_record(*d.q, "{\"a\":1},{\"b\":2}");
  CHECK(std::any_of(bad.begin(), bad.end(), [](const catalyse::Issue& i) { return i.code == "json.expected-end"; }));
  CHECK(agg::check_record(*d.q, std::string(5000, '[') + std::string(5000, ']'))[0].code == "json.too-deep");
  bad = agg::check_record(*d.q, "[" + good + "]");
  REQUIRE(bad.size() == 1);
  CHECK(bad[0].code == "aggregate.expected-record");
}

TEST_CASE("live aggregate: bad options are refused with where and why") {
  Default d;
  std::unique_ptr<agg::Accumulator> live;
  const json answer = json::parse(catalyse::api::open_aggregate(*d.q, R"({"minGroup":0,"lang":"de"})", live));
  CHECK(answer["ok"] == false);
  CHECK_FALSE(live);
  CHECK(answer["errors"][0]["path"] == "/minGroup");
  const json not_json = json::parse(catalyse::api::open_aggregate(*d.q, "{", live));
  CHECK(not_json["ok"] == false);
  const json unknown = json::parse(catalyse::api::open_aggregate(*d.q, R"({"later":true})", live));
  CHECK(unknown["ok"] == true);  // members this core does not know are ignored
}

TEST_CASE("aggregate: exports read one at a time give the document of the same exports in one input") {
  Default d;
  const std::vector<json> records = varied(d);
  const json first(std::vector<json>(records.begin(), records.begin() + 25));
  const json second = {{"format", "catalyse-export/1"}, {"records", std::vector<json>(records.begin() + 20, records.end())}};
  const json input = {{"sources", {{{"name", "a.json"}, {"text", first.dump()}}, {{"name", "b.json"}, {"text", second.dump()}}}}};
  const std::string at_once = catalyse::api::aggregate(*d.q, input.dump(), "");
  std::vector<agg::Source> files{{"a.json", first.dump()}, {"b.json", second.dump()}};
  CHECK(agg::aggregate(*d.q, files, {}) == at_once);
  CHECK(files[0].text.empty());
  CHECK(files[1].text.empty());
}

TEST_CASE("aggregate: members in another order are the same record; a repeated member counts once, the last") {
  Default d;
  const json r = d.record("same", {{"dynamique", "ancre"}});
  std::string reordered = R"({"answers":{"dynamique":"ancre"},"completed":"2026-05","lang":"fr","questionnaire":)" +
                          json({{"version", d.info["version"]}, {"hash", d.info["hash"]}, {"id", d.info["id"]}}).dump() +
                          R"(,"id":"same","format":"catalyse-response/1"})";
  std::string repeated = R"({"lang":"en",)" + r.dump().substr(1);  // "lang" twice: the last one ("fr") counts
  const json out = json::parse(catalyse::api::aggregate(*d.q, "[" + r.dump() + "," + reordered + "," + repeated + "]", ""));
  CHECK(out["aggregate"]["n"] == 1);
  CHECK(out["aggregate"]["input"]["duplicates"] == 2);
  CHECK(out["aggregate"]["input"]["conflicts"] == 0);
}

TEST_CASE("aggregate: a record read straight from its text and the same record through the events are one record") {
  Default d;
  const json answers = {{"dynamique", "ancre"}, {"anciennete", 8}, {"actions", {{"dialogue", "continu"}, {"partage", "nsp"}}},
                        {"commentaire", "Une dynamique à consolider."}};
  const json r = d.record("same", answers);
  const std::string plain = r.dump();  // read straight from the text
  // The same content written otherwise: an escape, spaces, members in another order, an extra
  // member of no record (each goes through the events, or differs).
  std::string escaped = plain;
  escaped.replace(escaped.find("\"ancre\""), 7, "\"\\u0061ncre\"");
  std::string spaced = "{ \"answers\" : {\"commentaire\":\"Une dynamique \\u00e0 consolider.\", \"actions\" : {\"partage\":\"nsp\",\"dialogue\":\"continu\"},"
                       " \"anciennete\" : 8 , \"dynamique\" : \"ancre\"} ,\n \"completed\":\"2026-05\", \"lang\":\"fr\", \"questionnaire\":" +
                       d.info.dump() + ", \"id\":\"same\", \"format\":\"catalyse-response/1\" }";
  json other_number = r;
  other_number["answers"]["anciennete"] = 8.0;  // 8.0 is not the integer 8 (FORMAT: numbers as the parser gives them)
  json extra = r;
  extra["device"] = "tablette-1";
  const std::string input = "[" + plain + "," + escaped + "," + spaced + "," + other_number.dump() + "," + extra.dump() + "]";
  const json out = json::parse(catalyse::api::aggregate(*d.q, input, ""));
  REQUIRE(out["ok"] == true);
  CHECK(out["aggregate"]["n"] == 1);
  CHECK(out["aggregate"]["input"]["duplicates"] == 2);  // escaped, spaced
  CHECK(out["aggregate"]["input"]["conflicts"] == 2);   // another number, another member
  // Counted once, as the events would count it.
  const json alone = json::parse(catalyse::api::aggregate(*d.q, "[" + escaped + "]", ""));
  json counted = out["aggregate"], expected = alone["aggregate"];
  for (json* a : {&counted, &expected}) {
    a->erase("input");
    a->erase("problems");
  }
  CHECK(counted == expected);
}

TEST_CASE("aggregate: thousands of ids, each found again as a duplicate or a conflict, wherever it was kept") {
  Default d;
  const char* dynamique[] = {"ancre", "nombreuses", "emerge", "non", "nsp"};
  std::vector<std::string> texts;
  for (int i = 0; i < 3000; ++i)
    texts.push_back(d.record("id-" + std::to_string(i * 7919), {{"dynamique", dynamique[i % 5]}}).dump());
  std::unique_ptr<agg::Accumulator> live;
  REQUIRE(json::parse(catalyse::api::open_aggregate(*d.q, "{}", live))["ok"] == true);
  live->begin_source("first");
  for (const auto& t : texts) REQUIRE(live->add(t) == agg::Outcome::accepted);
  live->begin_source("again");
  std::size_t duplicates = 0;
  for (const auto& t : texts) duplicates += live->add(t) == agg::Outcome::duplicate;
  CHECK(duplicates == texts.size());
  // Another content under the 2,345th id: a conflict that names where the first copy was kept.
  CHECK(live->add(d.record("id-" + std::to_string(2345 * 7919), {{"dynamique", "autre"}}).dump(), "/3000") == agg::Outcome::conflict);
  CHECK(live->add(d.record("id-new", {{"dynamique", "ancre"}}).dump()) == agg::Outcome::accepted);
  CHECK(live->size() == 3001);
  const json a = json::parse(live->snapshot())["aggregate"];
  CHECK(a["input"]["duplicates"] == 3000);
  CHECK(a["input"]["conflicts"] == 1);
  REQUIRE(a["problems"].size() == 1);
  CHECK(a["problems"][0]["kind"] == "conflict");
  CHECK(a["problems"][0]["params"]["source"] == "0");
  CHECK(a["problems"][0]["params"]["record"] == "2345");
}
