// The aggregate's "crossed" block (docs/AGGREGATE.md "Across partners"): spreads with quartiles,
// actor types, points to discuss by Leik's ordinal dispersion, gaps between actor types, declared
// stage against computed level, and workshop mode. Every figure below is worked out by hand.
#include "core_support.hpp"

#include <catalyse/api.hpp>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <memory>
#include <string>
#include <vector>

namespace {

using nlohmann::json;

// One scored question per dimension, so that a score is one answer: a = 0, 33.3, 66.7, 100 (d1),
// b = 0, 25, 50, 75, 100 (d2). c is shown only when a is v2 or v3; m is an unscored matrix.
const char* const questionnaire_text = R"({
  "format": "catalyse-questionnaire/1", "id": "crossed-test", "version": "1.0.0", "languages": ["fr", "en"],
  "title": {"fr": "Regards croisés", "en": "Crossed views"},
  "sections": [{"id": "s", "title": {"fr": "S", "en": "S"}, "questions": [
    {"id": "profil", "type": "single", "text": {"fr": "Type de structure", "en": "Type of organisation"}, "options": [
      {"id": "asso", "label": {"fr": "Association", "en": "Association"}},
      {"id": "collectivite", "label": {"fr": "Collectivité", "en": "Local authority"}},
      {"id": "entreprise", "label": {"fr": "Entreprise", "en": "Business"}}]},
    {"id": "dynamique", "type": "single", "text": {"fr": "Stade", "en": "Stage"}, "options": [
      {"id": "haut", "label": {"fr": "Haut", "en": "High"}},
      {"id": "moyen", "label": {"fr": "Moyen", "en": "Middle"}},
      {"id": "bas", "label": {"fr": "Bas", "en": "Low"}},
      {"id": "nsp", "label": {"fr": "Ne sait pas", "en": "Don't know"}, "dontKnow": true}]},
    {"id": "a", "type": "scale", "text": {"fr": "A", "en": "A"}, "scoring": {"dimension": "d1"}, "options": [
      {"id": "v0", "label": {"fr": "0", "en": "0"}, "value": 0}, {"id": "v1", "label": {"fr": "1", "en": "1"}, "value": 1},
      {"id": "v2", "label": {"fr": "2", "en": "2"}, "value": 2}, {"id": "v3", "label": {"fr": "3", "en": "3"}, "value": 3},
      {"id": "nsp", "label": {"fr": "Ne sait pas", "en": "Don't know"}, "dontKnow": true}]},
    {"id": "b", "type": "scale", "text": {"fr": "B", "en": "B"}, "scoring": {"dimension": "d2"}, "options": [
      {"id": "w0", "label": {"fr": "0", "en": "0"}, "value": 0}, {"id": "w1", "label": {"fr": "1", "en": "1"}, "value": 1},
      {"id": "w2", "label": {"fr": "2", "en": "2"}, "value": 2}, {"id": "w3", "label": {"fr": "3", "en": "3"}, "value": 3},
      {"id": "w4", "label": {"fr": "4", "en": "4"}, "value": 4}]},
    {"id": "c", "type": "scale", "text": {"fr": "C", "en": "C"}, "visibleIf": "q.a in ['v2', 'v3']", "options": [
      {"id": "c0", "label": {"fr": "0", "en": "0"}, "value": 0}, {"id": "c1", "label": {"fr": "1", "en": "1"}, "value": 1},
      {"id": "c2", "label": {"fr": "2", "en": "2"}, "value": 2}]},
    {"id": "m", "type": "matrix", "text": {"fr": "M", "en": "M"},
     "rows": [{"id": "x", "label": {"fr": "X", "en": "X"}}, {"id": "y", "label": {"fr": "Y", "en": "Y"}}],
     "options": [{"id": "lo", "label": {"fr": "Bas", "en": "Low"}, "value": 0}, {"id": "mid", "label": {"fr": "Milieu", "en": "Middle"}, "value": 1},
                 {"id": "hi", "label": {"fr": "Haut", "en": "High"}, "value": 2},
                 {"id": "nsp", "label": {"fr": "Ne sait pas", "en": "Don't know"}, "dontKnow": true}]},
    {"id": "n", "type": "number", "text": {"fr": "N", "en": "N"}, "min": 0, "max": 100}]}],
  "dimensions": [{"id": "d1", "label": {"fr": "Un", "en": "One"}}, {"id": "d2", "label": {"fr": "Deux", "en": "Two"}}],
  "levels": [
    {"id": "bas", "min": 0, "label": {"fr": "Bas", "en": "Low"}, "interpretation": {"fr": "…", "en": "…"}},
    {"id": "moyen", "min": 40, "label": {"fr": "Moyen", "en": "Middle"}, "interpretation": {"fr": "…", "en": "…"}},
    {"id": "haut", "min": 70, "label": {"fr": "Haut", "en": "High"}, "interpretation": {"fr": "…", "en": "…"}}],
  "declaredStage": {"question": "dynamique", "map": {"haut": "haut", "moyen": "moyen", "bas": "bas"},
    "agree": {"fr": "Accord", "en": "Agree"}, "disagree": {"fr": "Désaccord", "en": "Disagree"}}
})";

struct Fixture : test::Loaded {
  Fixture() : Loaded(questionnaire_text) {}
  json run(const std::vector<json>& records, const json& options = json::object()) const {
    return json::parse(catalyse::api::aggregate(*q, json(records).dump(), options.dump()));
  }
};

// Seven partners. Scores (d1, d2 → index from the unrounded scores; level):
//   r1 asso,         declares haut:  0,     0   → 0     bas    (declared ahead)
//   r2 asso,         declares moyen: 33.3,  50  → 41.7  moyen  (agrees)
//   r3 asso,         declares bas:   33.3,  100 → 66.7  moyen  (declared behind)
//   r4 asso,         declares haut:  66.7,  100 → 83.3  haut   (agrees)
//   r5 asso,         don't know:     100,   75  → 87.5  haut   (declares nothing)
//   r6 collectivité, declares bas:   100,   25  → 62.5  moyen  (declared behind)
//   r7 entreprise,   no stage:       d1 "don't know" (insufficient), 50 → 50 moyen
// c: r1's answer is to a hidden question (a = v0) and is not counted; r4 c0, r5 c2, r6 c2.
// m: row x lo, lo, lo, hi, hi, hi, don't know (polarised); row y all "mid" but r7 (consensus).
std::vector<json> partners(const Fixture& f) {
  auto m = [](const char* x) { return json{{"x", x}, {"y", std::string(x) == "nsp" ? "nsp" : "mid"}}; };
  return {
      f.record("r1", {{"profil", "asso"}, {"dynamique", "haut"}, {"a", "v0"}, {"b", "w0"}, {"c", "c0"}, {"m", m("lo")}}),
      f.record("r2", {{"profil", "asso"}, {"dynamique", "moyen"}, {"a", "v1"}, {"b", "w2"}, {"m", m("lo")}}),
      f.record("r3", {{"profil", "asso"}, {"dynamique", "bas"}, {"a", "v1"}, {"b", "w4"}, {"m", m("lo")}}),
      f.record("r4", {{"profil", "asso"}, {"dynamique", "haut"}, {"a", "v2"}, {"b", "w4"}, {"c", "c0"}, {"m", m("hi")}}),
      f.record("r5", {{"profil", "asso"}, {"dynamique", "nsp"}, {"a", "v3"}, {"b", "w3"}, {"c", "c2"}, {"m", m("hi")}}),
      f.record("r6", {{"profil", "collectivite"}, {"dynamique", "bas"}, {"a", "v3"}, {"b", "w1"}, {"c", "c2"}, {"m", m("hi")}}),
      f.record("r7", {{"profil", "entreprise"}, {"a", "nsp"}, {"b", "w2"}, {"m", m("nsp")}}),
  };
}

using test::find_by;

void check_spread(const json& s, int n, double min, double q1, double median, double q3, double max) {
  CAPTURE(s.dump());
  CHECK(s["hidden"] == false);
  CHECK(s["n"] == n);
  CHECK(s["min"] == min);
  CHECK(s["q1"] == q1);
  CHECK(s["median"] == median);
  CHECK(s["q3"] == q3);
  CHECK(s["max"] == max);
}

}  // namespace

TEST_CASE("crossed: spreads per dimension and of the index, quartiles by linear interpolation") {
  Fixture f;
  const json out = f.run(partners(f));
  REQUIRE_MESSAGE(out["ok"] == true, out.dump());
  const json& c = out["aggregate"]["crossed"];
  CHECK(c["minGroup"] == 5);
  CHECK(c["workshop"] == false);
  CHECK(c["note"].is_null());
  CHECK(c["quartiles"].get<std::string>().find("1 + (n − 1) × p") != std::string::npos);
  // d1: 0, 33.3, 33.3, 66.7, 100, 100 (r7 "don't know" has no score). Positions (n − 1)·p = 1.25,
  // 2.5, 3.75: q1 = 33.3 + 0.25 × 0; median = (33.3 + 66.7) / 2; q3 = 66.7 + 0.75 × 33.3 = 91.675.
  check_spread(find_by(c["spreads"], "id", "d1"), 6, 0, 33.3, 50.0, 91.7, 100);
  CHECK(find_by(c["spreads"], "id", "d1")["label"] == "Un");
  // d2: 0, 25, 50, 50, 75, 100, 100. Positions 1.5, 3, 4.5.
  check_spread(find_by(c["spreads"], "id", "d2"), 7, 0, 37.5, 50.0, 87.5, 100);
  // Index: 0, 41.7, 50, 62.5, 66.7, 83.3, 87.5. q1 = (41.7 + 50) / 2 = 45.85, rounded half away
  // from zero on exact tenths: 45.9.
  check_spread(c["index"], 7, 0, 45.9, 62.5, 75.0, 87.5);
  // The aggregate's own median is the same quartile.
  CHECK(out["aggregate"]["index"]["median"] == 62.5);
  CHECK(find_by(out["aggregate"]["dimensions"], "id", "d1")["median"] == 50.0);
}

TEST_CASE("crossed: a median half-way between two values is rounded exactly") {
  Fixture f;
  // (10.1 + 10.2) / 2 = 10.15 → 10.2, half away from zero (in doubles the sum is 20.299999999999997).
  const json out = f.run({f.record("p", {{"n", 10.1}}), f.record("q", {{"n", 10.2}})});
  REQUIRE(out["ok"] == true);
  CHECK(find_by(out["aggregate"]["questions"], "id", "n")["stats"]["median"] == 10.2);
}

TEST_CASE("crossed: actor types, hidden under the minimum, and their spreads") {
  Fixture f;
  const json out = f.run(partners(f));
  REQUIRE(out["ok"] == true);
  const json& actors = out["aggregate"]["crossed"]["actors"];
  CHECK(actors["question"] == "profil");  // the first breakdown by default
  CHECK(actors["hiddenGroups"] == 2);
  CHECK(actors["note"].get<std::string>().find("moins de 5") != std::string::npos);
  const json& asso = find_by(actors["groups"], "option", "asso");
  CHECK(asso["n"] == 5);
  // asso d1: 0, 33.3, 33.3, 66.7, 100 (positions 1, 2, 3); d2: 0, 50, 75, 100, 100; index 0, 41.7, 66.7, 83.3, 87.5.
  check_spread(find_by(asso["dimensions"], "id", "d1"), 5, 0, 33.3, 33.3, 66.7, 100);
  check_spread(find_by(asso["dimensions"], "id", "d2"), 5, 0, 50, 75, 100, 100);
  check_spread(asso["index"], 5, 0, 41.7, 66.7, 83.3, 87.5);
  for (const char* one : {"collectivite", "entreprise"}) {
    const json& g = find_by(actors["groups"], "option", one);  // a group of one
    CHECK(g["hidden"] == true);
    CHECK_FALSE(g.contains("n"));
    CHECK_FALSE(g.contains("index"));
    CHECK_FALSE(g.contains("dimensions"));
  }
  CHECK(out["aggregate"]["crossed"]["gaps"].empty());  // one group shown: no gap
}

TEST_CASE("crossed: points to discuss, by Leik's ordinal dispersion, with their answers") {
  Fixture f;
  const json out = f.run(partners(f));
  REQUIRE(out["ok"] == true);
  const json& discuss = out["aggregate"]["crossed"]["discuss"];
  // m/x: lo 3, hi 3 (+1 don't know): C = 3, 3 of n = 6 → 2·(3 + 3) / (6·2) = 1.
  // a: 1, 2, 1, 2 (+1 don't know): C = 1, 3, 4 → 2·(1 + 3 + 2) / (6·3) = 0.667.
  // b: 1, 1, 2, 1, 2: C = 1, 2, 4, 5 of 7 → 2·(1 + 2 + 3 + 2) / (7·4) = 0.571.
  // m/y: all "mid" (D = 0, no divergence); c: 3 answers counted (r1's is to a hidden question), under 5.
  REQUIRE(discuss.size() == 3);
  CHECK(discuss[0]["question"] == "m");
  CHECK(discuss[0]["row"] == "x");
  CHECK(discuss[0]["label"] == "X");
  CHECK(discuss[0]["dispersion"] == 1.0);
  CHECK(discuss[0]["base"] == 7);
  CHECK(discuss[0]["n"] == 6);
  CHECK(discuss[0]["dontKnow"] == 1);
  CHECK(find_by(discuss[0]["options"], "id", "lo")["count"] == 3);
  CHECK(find_by(discuss[0]["options"], "id", "lo")["percent"] == 43);
  CHECK(find_by(discuss[0]["options"], "id", "nsp")["dontKnow"] == true);
  CHECK(discuss[1]["question"] == "a");
  CHECK(discuss[1]["row"].is_null());
  CHECK(discuss[1]["dispersion"] == 0.67);
  CHECK(discuss[2]["question"] == "b");
  CHECK(discuss[2]["dispersion"] == 0.57);
  CHECK(out["aggregate"]["crossed"]["dispersion"].get<std::string>().find("Leik") != std::string::npos);
}

TEST_CASE("crossed: declared stage against computed level") {
  Fixture f;
  const json out = f.run(partners(f), {{"lang", "en"}});
  REQUIRE(out["ok"] == true);
  const json& st = out["aggregate"]["crossed"]["stages"];
  CHECK(st["question"] == "dynamique");
  CHECK(st["base"] == 5);      // r5 "don't know" and r7 declare nothing
  CHECK(st["compared"] == 5);
  CHECK(st["agree"] == 2);     // r2, r4
  CHECK(st["ahead"] == 1);     // r1 sees its territory higher than its answers place it
  CHECK(st["behind"] == 2);    // r3, r6
  CHECK(out["aggregate"]["declared"]["disagree"] == 3);
}

TEST_CASE("crossed: workshop mode lowers the smallest group to 3, visibly, and never below") {
  Fixture f;
  std::vector<json> records = partners(f);
  records.push_back(f.record("r8", {{"profil", "collectivite"}, {"a", "v0"}, {"b", "w0"}}));
  records.push_back(f.record("r9", {{"profil", "collectivite"}, {"a", "v1"}, {"b", "w1"}}));

  SUBCASE("minGroup under 5 needs the workshop flag; under 3 is refused") {
    const json plain = f.run(records, {{"minGroup", 3}});
    REQUIRE(plain["ok"] == false);
    CHECK(plain["errors"][0]["path"] == "/minGroup");
    CHECK(plain["errors"][0]["code"] == "aggregate.min-group");
    const json two = f.run(records, {{"minGroup", 2}, {"workshop", true}});
    REQUIRE(two["ok"] == false);
    CHECK(two["errors"][0]["code"] == "aggregate.min-group-workshop");
    CHECK(two["errors"][0]["message"].get<std::string>().find("3") != std::string::npos);
  }
  SUBCASE("a workshop of 3") {
    const json out = f.run(records, {{"minGroup", 3}, {"workshop", true}, {"lang", "en"}});
    REQUIRE_MESSAGE(out["ok"] == true, out.dump());
    const json& c = out["aggregate"]["crossed"];
    CHECK(c["workshop"] == true);
    CHECK(c["minGroup"] == 3);
    CHECK(c["note"].get<std::string>().find("Workshop mode") != std::string::npos);
    // collectivité: r6, r8, r9: d1 100, 0, 33.3 → median 33.3; d2 25, 0, 25 → median 25.
    const json& coll = find_by(c["actors"]["groups"], "option", "collectivite");
    CHECK(coll["n"] == 3);
    CHECK(find_by(coll["dimensions"], "id", "d2")["median"] == 25.0);
    CHECK(find_by(c["actors"]["groups"], "option", "entreprise")["hidden"] == true);  // one is still one
    // Gaps: d2 asso 75 against collectivité 25; d1 33.3 against 33.3 is no gap.
    REQUIRE(c["gaps"].size() == 1);
    CHECK(c["gaps"][0]["dimension"] == "d2");
    CHECK(c["gaps"][0]["gap"] == 50.0);
    CHECK(c["gaps"][0]["high"]["option"] == "asso");
    CHECK(c["gaps"][0]["high"]["n"] == 5);
    CHECK(c["gaps"][0]["low"]["option"] == "collectivite");
    CHECK(c["gaps"][0]["low"]["median"] == 25.0);
    // c now reaches the minimum: c0 1, c2 2 of 3 (r1's hidden answer left out): 2·(1 + 1) / (3·2).
    const json& cq = find_by(c["discuss"], "question", "c");
    CHECK(cq["n"] == 3);
    CHECK(cq["dispersion"] == 0.67);
  }
}

TEST_CASE("crossed: a group of one shows nothing but its size") {
  Fixture f;
  for (const json& options : {json::object(), json{{"minGroup", 3}, {"workshop", true}}}) {
    CAPTURE(options.dump());
    const json out = f.run({f.record("solo", {{"profil", "asso"}, {"dynamique", "haut"}, {"a", "v2"}, {"b", "w1"}, {"m", {{"x", "lo"}}}})}, options);
    REQUIRE(out["ok"] == true);
    const json& c = out["aggregate"]["crossed"];
    for (const auto& s : c["spreads"]) {
      CHECK(s["hidden"] == true);
      CHECK(s["n"] == 1);
      CHECK(s["median"].is_null());
      CHECK(s["min"].is_null());
    }
    CHECK(c["index"]["hidden"] == true);
    CHECK(c["discuss"].empty());
    CHECK(c["stages"]["hidden"] == true);
    CHECK_FALSE(c["stages"].contains("ahead"));
    CHECK(find_by(c["actors"]["groups"], "option", "asso")["hidden"] == true);
    CHECK(find_by(c["actors"]["groups"], "option", "collectivite")["n"] == 0);
  }
}

TEST_CASE("crossed: the actor question is an option; without breakdowns there is none") {
  Fixture f;
  const json none = f.run(partners(f), {{"breakdowns", json::array()}});
  REQUIRE(none["ok"] == true);
  CHECK(none["aggregate"]["crossed"]["actors"].is_null());
  const json named = f.run(partners(f), {{"breakdowns", json::array()}, {"actors", "profil"}});
  REQUIRE(named["ok"] == true);
  CHECK(named["aggregate"]["crossed"]["actors"]["question"] == "profil");
  CHECK(named["aggregate"]["breakdowns"][0]["question"] == "profil");  // broken down too
  const json wrong = f.run(partners(f), {{"actors", "m"}});
  REQUIRE(wrong["ok"] == false);
  CHECK(wrong["errors"][0]["path"] == "/actors");
}
