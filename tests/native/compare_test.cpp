// Progress over time (docs/COMPARE.md): two results of one respondent, and two aggregates of a
// group, compared by id across questionnaire versions; what cannot be compared says why.
#include <catalyse/api.hpp>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <vector>

namespace {

using nlohmann::json;

/// A questionnaire of two scored scales: a (0–3) on dimension `d1`, b (0–4) on `d2`.
json questionnaire(const std::string& version, const std::string& d1_label, const std::string& d2_id) {
  json q = json::parse(R"({
    "format": "catalyse-questionnaire/1", "id": "progress", "languages": ["fr", "en"],
    "title": {"fr": "Progrès", "en": "Progress"},
    "sections": [{"id": "s", "title": {"fr": "S", "en": "S"}, "questions": [
      {"id": "a", "type": "scale", "text": {"fr": "A", "en": "A"}, "scoring": {"dimension": "d1"}, "options": [
        {"id": "v0", "label": {"fr": "0", "en": "0"}, "value": 0}, {"id": "v1", "label": {"fr": "1", "en": "1"}, "value": 1},
        {"id": "v2", "label": {"fr": "2", "en": "2"}, "value": 2}, {"id": "v3", "label": {"fr": "3", "en": "3"}, "value": 3}]},
      {"id": "b", "type": "scale", "text": {"fr": "B", "en": "B"}, "scoring": {"dimension": "d2"}, "options": [
        {"id": "w0", "label": {"fr": "0", "en": "0"}, "value": 0}, {"id": "w1", "label": {"fr": "1", "en": "1"}, "value": 1},
        {"id": "w2", "label": {"fr": "2", "en": "2"}, "value": 2}, {"id": "w3", "label": {"fr": "3", "en": "3"}, "value": 3},
        {"id": "w4", "label": {"fr": "4", "en": "4"}, "value": 4}]}]}],
    "dimensions": [{"id": "d1", "label": {"fr": "L1", "en": "L1"}}, {"id": "d2", "label": {"fr": "Deux", "en": "Two"}}],
    "levels": [
      {"id": "bas", "min": 0, "label": {"fr": "Bas", "en": "Low"}, "interpretation": {"fr": "…", "en": "…"}},
      {"id": "haut", "min": 50, "label": {"fr": "Haut", "en": "High"}, "interpretation": {"fr": "…", "en": "…"}}]
  })");
  q["version"] = version;
  q["dimensions"][0]["label"] = {{"fr", d1_label}, {"en", d1_label}};
  q["dimensions"][1]["id"] = d2_id;
  q["sections"][0]["questions"][1]["scoring"]["dimension"] = d2_id;
  return q;
}

struct Loaded {
  std::shared_ptr<const catalyse::Questionnaire> q;
  std::string hash;
  explicit Loaded(const json& doc) {
    const json answer = json::parse(catalyse::api::load(doc.dump(), q));
    REQUIRE_MESSAGE(answer["ok"] == true, answer.dump());
    hash = answer["questionnaire"]["hash"].get<std::string>();
  }
  std::string result(const json& answers) const {
    const json answer = json::parse(catalyse::api::score(*q, answers.dump(), "fr"));
    REQUIRE(answer["ok"] == true);
    return answer["result"].dump();
  }
  json record(const std::string& id, json answers) const {
    return {{"format", "catalyse-response/1"}, {"id", id}, {"questionnaire", {{"id", "progress"}, {"version", "x"}, {"hash", hash}}},
            {"lang", "fr"}, {"completed", "2026-11"}, {"answers", std::move(answers)}};
  }
  std::string aggregate(const std::vector<json>& records, const json& options = json::object()) const {
    const std::string out = catalyse::api::aggregate(*q, json(records).dump(), options.dump());
    REQUIRE(json::parse(out)["ok"] == true);
    return out;
  }
};

const json& find_by(const json& list, const std::string& id) {
  for (const auto& item : list)
    if (item.contains("id") && item["id"] == id) return item;
  FAIL("no item " << id);
  static const json none;
  return none;
}

json compare(const std::string& earlier, const std::string& later, const char* lang = "fr") {
  return json::parse(catalyse::api::compare_results(earlier, later, lang));
}

}  // namespace

TEST_CASE("compare: one respondent's two results of the same questionnaire, dimension by dimension and the index") {
  const Loaded v1(questionnaire("1.0.0", "Un", "d2"));
  // Earlier: d1 33.3, d2 50 → index 41.7 (bas). Later: d1 100, d2 75 → index 87.5 (haut).
  const json out = compare(v1.result({{"a", "v1"}, {"b", "w2"}}), v1.result({{"a", "v3"}, {"b", "w3"}}));
  REQUIRE_MESSAGE(out["ok"] == true, out.dump());
  const json& c = out["comparison"];
  CHECK(c["format"] == "catalyse-comparison/1");
  CHECK(c["kind"] == "result");
  CHECK(c["sameVersion"] == true);
  CHECK(c["notes"].empty());
  const json& d1 = find_by(c["dimensions"], "d1");
  CHECK(d1["earlier"] == 33.3);
  CHECK(d1["later"] == 100.0);
  CHECK(d1["change"] == 66.7);  // 1000 − 333 tenths
  CHECK(d1["comparable"] == true);
  CHECK(d1["reason"].is_null());
  CHECK_FALSE(d1.contains("earlierLabel"));
  CHECK(find_by(c["dimensions"], "d2")["change"] == 25.0);
  CHECK(c["index"]["earlier"] == 41.7);
  CHECK(c["index"]["later"] == 87.5);
  CHECK(c["index"]["change"] == 45.8);
  CHECK(c["level"]["earlier"]["id"] == "bas");
  CHECK(c["level"]["later"]["id"] == "haut");
}

TEST_CASE("compare: across questionnaire versions, a renamed dimension is compared by id; a changed id is said, not guessed") {
  const Loaded v1(questionnaire("1.0.0", "Un", "d2"));
  // Version 2 gives d1 another name and d2 another id (d3).
  const Loaded v2(questionnaire("2.0.0", "Premier", "d3"));
  const json out = compare(v1.result({{"a", "v1"}, {"b", "w2"}}), v2.result({{"a", "v3"}, {"b", "w4"}}), "en");
  REQUIRE_MESSAGE(out["ok"] == true, out.dump());
  const json& c = out["comparison"];
  CHECK(c["sameQuestionnaire"] == true);
  CHECK(c["sameVersion"] == false);
  REQUIRE(c["notes"].size() == 1);
  CHECK(c["notes"][0]["code"] == "compare.other-version");
  CHECK(c["notes"][0]["params"] == json({{"earlier", "1.0.0"}, {"later", "2.0.0"}}));
  CHECK(c["notes"][0]["message"].get<std::string>().find("version 1.0.0, then 2.0.0") != std::string::npos);

  const json& d1 = find_by(c["dimensions"], "d1");
  CHECK(d1["comparable"] == true);
  CHECK(d1["label"] == "Premier");
  CHECK(d1["earlierLabel"] == "Un");
  CHECK(d1["change"] == 66.7);

  const json& d3 = find_by(c["dimensions"], "d3");
  CHECK(d3["comparable"] == false);
  CHECK(d3["reason"]["code"] == "compare.dimension-added");
  CHECK(d3["reason"]["params"]["version"] == "1.0.0");
  const json& d2 = find_by(c["dimensions"], "d2");
  CHECK(d2["comparable"] == false);
  CHECK(d2["reason"]["code"] == "compare.dimension-removed");
  CHECK(d2["earlier"] == 50.0);
  CHECK(d2["change"].is_null());
  // Order: the later result's dimensions, then those only the earlier had.
  CHECK(c["dimensions"][0]["id"] == "d1");
  CHECK(c["dimensions"][1]["id"] == "d3");
  CHECK(c["dimensions"][2]["id"] == "d2");

  // The index averages other dimensions now: not compared.
  CHECK(c["index"]["comparable"] == false);
  CHECK(c["index"]["change"].is_null());
  CHECK(c["index"]["reason"]["code"] == "compare.index-dimensions");
  CHECK(c["index"]["reason"]["params"]["dimensions"] == "d2, d3");
  CHECK(c["index"]["earlier"] == 41.7);
  CHECK(c["index"]["later"] == 100.0);
}

TEST_CASE("compare: not enough answers, another questionnaire, and what a person may give") {
  const Loaded v1(questionnaire("1.0.0", "Un", "d2"));
  const std::string full = v1.result({{"a", "v2"}, {"b", "w2"}});

  SUBCASE("a dimension without a score on one side") {
    const json out = compare(v1.result({{"b", "w1"}}), full);
    REQUIRE(out["ok"] == true);
    const json& d1 = find_by(out["comparison"]["dimensions"], "d1");
    CHECK(d1["comparable"] == false);
    CHECK(d1["earlier"].is_null());
    CHECK(d1["later"] == 66.7);
    CHECK(d1["reason"]["code"] == "compare.insufficient-earlier");
    CHECK(d1["reason"]["message"] == "pas assez de réponses dans le résultat précédent");
    CHECK(find_by(out["comparison"]["dimensions"], "d2")["change"] == 25.0);
  }
  SUBCASE("another questionnaire: nothing is compared") {
    json other = json::parse(full);
    other["questionnaire"]["id"] = "autre";
    const json out = compare(other.dump(), full);
    REQUIRE(out["ok"] == true);
    const json& c = out["comparison"];
    CHECK(c["sameQuestionnaire"] == false);
    for (const auto& d : c["dimensions"]) {
      CHECK(d["comparable"] == false);
      CHECK(d["reason"]["code"] == "compare.other-questionnaire");
    }
    CHECK(c["index"]["reason"]["code"] == "compare.other-questionnaire");
  }
  SUBCASE("the widget's download {record, result} and the core's answer are read as the result they hold") {
    const json download{{"record", v1.record("r", {{"a", "v2"}})}, {"result", json::parse(full)}};
    const json answer{{"ok", true}, {"result", json::parse(full)}};
    const json out = compare(download.dump(), answer.dump());
    REQUIRE(out["ok"] == true);
    CHECK(out["comparison"]["index"]["change"] == 0.0);
  }
  SUBCASE("anything else is an error that says which one and what was expected") {
    const json wrong = compare(R"({"record": {}})", full, "en");
    REQUIRE(wrong["ok"] == false);
    CHECK(wrong["errors"][0]["path"] == "/earlier");
    CHECK(wrong["errors"][0]["code"] == "compare.expected-result");
    const json broken = compare(full, "{\"format\": ", "fr");
    REQUIRE(broken["ok"] == false);
    CHECK(broken["errors"][0]["path"] == "/later");
    CHECK(broken["errors"][0]["code"].get<std::string>().rfind("json.", 0) == 0);
    const json aggregate = json::parse(catalyse::api::compare_aggregates(full, full, "en"));
    REQUIRE(aggregate["ok"] == false);
    CHECK(aggregate["errors"][0]["code"] == "compare.expected-aggregate");
    CHECK(aggregate["errors"][1]["path"] == "/later");
  }
}

TEST_CASE("compare: a group's earlier aggregate beside today's, per dimension and per question, each with both n") {
  const Loaded v1(questionnaire("1.0.0", "Un", "d2"));
  // Earlier: 5 respondents, a = v1 ×5 (d1 33.3), b = w0, w1, w2, w3, w4 (d2 mean 50, median 50).
  std::vector<json> earlier;
  for (int i = 0; i < 5; ++i) earlier.push_back(v1.record("e" + std::to_string(i), {{"a", "v1"}, {"b", "w" + std::to_string(i)}}));
  // Today: 6 respondents, a = v3 ×4 and v2 ×2 (d1 mean (400 + 133.3) / 6 = 88.9, median 100); b answered by 3 only.
  std::vector<json> later;
  for (int i = 0; i < 6; ++i) {
    json answers{{"a", i < 4 ? "v3" : "v2"}};
    if (i < 3) answers["b"] = "w4";
    later.push_back(v1.record("l" + std::to_string(i), answers));
  }
  const json out = json::parse(catalyse::api::compare_aggregates(v1.aggregate(earlier), v1.aggregate(later), "en"));
  REQUIRE_MESSAGE(out["ok"] == true, out.dump());
  const json& c = out["comparison"];
  CHECK(c["kind"] == "aggregate");
  CHECK(c["minGroup"] == 5);
  CHECK(c["earlier"]["n"] == 5);
  CHECK(c["later"]["n"] == 6);

  const json& d1 = find_by(c["dimensions"], "d1");
  CHECK(d1["comparable"] == true);
  CHECK(d1["earlier"] == json({{"n", 5}, {"mean", 33.3}, {"median", 33.3}}));
  CHECK(d1["later"] == json({{"n", 6}, {"mean", 88.9}, {"median", 100.0}}));
  CHECK(d1["change"]["mean"] == 55.6);
  CHECK(d1["change"]["median"] == 66.7);
  // d2 rests on 3 respondents today: neither today's figures nor a change.
  const json& d2 = find_by(c["dimensions"], "d2");
  CHECK(d2["comparable"] == false);
  CHECK(d2["later"] == json({{"n", 3}, {"mean", nullptr}, {"median", nullptr}}));
  CHECK(d2["earlier"]["mean"] == 50.0);
  CHECK(d2["reason"]["code"] == "compare.too-few");
  CHECK(d2["reason"]["message"] == "fewer than 5 answers on one side: not compared");

  const json& a = find_by(c["questions"], "a");
  CHECK(a["earlier"]["base"] == 5);
  CHECK(a["later"]["base"] == 6);
  CHECK(a["reason"].is_null());
  const json& v3 = find_by(a["options"], "v3");
  CHECK(v3["earlier"] == json({{"count", 0}, {"percent", 0}}));
  CHECK(v3["later"] == json({{"count", 4}, {"percent", 67}}));
  CHECK(v3["change"] == 67);  // percentage points
  CHECK(find_by(a["options"], "v1")["change"] == -100);
  const json& b = find_by(c["questions"], "b");
  CHECK(b["reason"]["code"] == "compare.too-few");
  CHECK(find_by(b["options"], "w4")["later"].is_null());

  // A workshop's aggregate (minGroup 3) beside one of 5: the larger minimum applies to both.
  const json workshop = json::parse(catalyse::api::compare_aggregates(
      v1.aggregate(earlier), v1.aggregate(later, {{"minGroup", 3}, {"workshop", true}}), "en"));
  CHECK(workshop["comparison"]["minGroup"] == 5);
  CHECK(find_by(workshop["comparison"]["dimensions"], "d2")["comparable"] == false);
}
