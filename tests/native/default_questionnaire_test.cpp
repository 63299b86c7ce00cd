// The default questionnaire (web/questionnaires/catalyseurs-2018.json) loads, and each answer set
// tests/fixtures/answers-<level>.json reaches its level, through the core's JSON facade only
// (catalyse/api.hpp). The expected figures were computed by hand from docs/FORMAT.md §3; the
// working is in docs/CONTENT.md ("Answer sets").
#include <catalyse/api.hpp>

#include <doctest/doctest.h>

#include "files.hpp"
#include <nlohmann/json.hpp>

#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace {

using nlohmann::json;


const std::string questionnaire_path = CATALYSE_SOURCE_DIR "/web/questionnaires/catalyseurs-2018.json";
std::string fixture_path(const std::string& level) {
  return CATALYSE_SOURCE_DIR "/tests/fixtures/answers-" + level + ".json";
}

std::shared_ptr<const catalyse::Questionnaire> load_default() {
  std::shared_ptr<const catalyse::Questionnaire> q;
  const json answer = json::parse(catalyse::api::load(test::read_file(questionnaire_path), q), nullptr, false);
  REQUIRE(answer.is_object());
  INFO("load errors: " << answer.value("errors", json::array()).dump(1));
  REQUIRE(answer.value("ok", false));
  REQUIRE(q != nullptr);
  return q;
}

json score(const catalyse::Questionnaire& q, const std::string& answers, const std::string& lang) {
  const json out = json::parse(catalyse::api::score(q, answers, lang), nullptr, false);
  REQUIRE(out.is_object());
  INFO("score errors: " << out.value("errors", json::array()).dump(1));
  REQUIRE(out.value("ok", false));
  return out.at("result");
}

/// A dimension as expected: a score (rounded to one decimal) or nullopt when insufficient.
struct Dim {
  std::optional<double> score;
  int answered;
  int items;
};

struct Expected {
  std::string level;
  double index;
  std::map<std::string, Dim> dimensions;
  std::string declared_level;
  bool agrees;
  std::vector<std::string> insights;
};

// Hand-computed (docs/CONTENT.md). Dimension order: actions, acteurs, articulation, impacts, catalyse.
const std::vector<Expected> expectations = {
    {"amorce", 7.9,
     {{"actions", {3.3, 9, 9}}, {"acteurs", {9.4, 8, 8}}, {"articulation", {8.3, 8, 12}},
      {"impacts", {std::nullopt, 1, 6}}, {"catalyse", {13.0, 9, 9}}},
     "emergence", false,
     {"publics-entreprises", "demarches-bilaterales", "meconnaissance-spheres", "niveaux-peu-articules",
      "catalyse-a-reconnaitre"}},
    {"emergence", 31.8,
     {{"actions", {29.3, 9, 9}}, {"acteurs", {33.3, 8, 8}}, {"articulation", {24.2, 11, 12}},
      {"impacts", {33.3, 5, 6}}, {"catalyse", {40.0, 10, 10}}},
     "essor", false,
     {"dialogue-sans-action", "publics-entreprises", "demarches-bilaterales", "meconnaissance-spheres",
      "niveaux-peu-articules", "impacts-non-evalues", "catalyse-a-reconnaitre"}},
    {"essor", 62.2,
     {{"actions", {62.5, 9, 9}}, {"acteurs", {60.4, 8, 8}}, {"articulation", {57.6, 11, 12}},
      {"impacts", {61.9, 6, 6}}, {"catalyse", {68.3, 10, 10}}},
     "essor", true,
     {"publics-entreprises", "meconnaissance-spheres", "niveaux-peu-articules", "catalyse-a-reconnaitre"}},
    {"ancrage", 90.8,
     {{"actions", {95.0, 9, 9}}, {"acteurs", {92.9, 7, 8}}, {"articulation", {84.8, 11, 12}},
      {"impacts", {85.7, 6, 6}}, {"catalyse", {93.3, 10, 10}}},
     "ancrage", true,
     {"nouvelle-etape"}},
};

}  // namespace

TEST_CASE("the default questionnaire loads without errors") {
  std::shared_ptr<const catalyse::Questionnaire> q;
  const json answer = json::parse(catalyse::api::load(test::read_file(questionnaire_path), q), nullptr, false);
  REQUIRE(answer.is_object());
  CHECK_MESSAGE(answer.value("errors", json::array()).empty(), answer.value("errors", json::array()).dump(1));
  REQUIRE(answer.value("ok", false));
  CHECK(q != nullptr);
  CHECK(answer["questionnaire"]["id"] == "catalyseurs-territoriaux-2018");
  CHECK(answer["questionnaire"]["languages"] == json::array({"fr", "en"}));
}

TEST_CASE("each answers fixture reaches its level in both languages") {
  const auto q = load_default();
  for (const auto& want : expectations) {
    for (const std::string lang : {"fr", "en"}) {
      {
        INFO("answers-" << want.level << ".json, " << lang);
        json r = score(*q, test::read_file(fixture_path(want.level)), lang);
        CHECK_MESSAGE(r["answerErrors"].empty(), r["answerErrors"].dump());
        REQUIRE(r["level"].is_object());
        CHECK(r["level"]["id"] == want.level);
        CHECK(r["index"].get<double>() == doctest::Approx(want.index).epsilon(1e-9));
        REQUIRE(r["dimensions"].size() == want.dimensions.size());
        for (json d : r["dimensions"]) {
          const auto& e = want.dimensions.at(d["id"].get<std::string>());
          INFO("dimension " << d["id"]);
          CHECK(d["answered"] == e.answered);
          CHECK(d["items"] == e.items);
          if (e.score) {
            CHECK(d["status"] == "ok");
            CHECK(d["score"].get<double>() == doctest::Approx(*e.score).epsilon(1e-9));
          } else {
            CHECK(d["status"] == "insufficient");
            CHECK(d["score"].is_null());
          }
        }
        REQUIRE(r["declared"].is_object());
        CHECK(r["declared"]["level"] == want.declared_level);
        CHECK(r["declared"]["agrees"] == want.agrees);
        std::vector<std::string> insights;
        for (json i : r["insights"]) insights.push_back(i["id"].get<std::string>());
        CHECK(insights == want.insights);
      }
    }
  }
}

TEST_CASE("the challenges benchmark shows counts out of 34 beside the respondent's answer") {
  const auto q = load_default();
  json r = score(*q, R"({"enjeux":{"numerique":"prioritaire","hybridation":"tres-important","valeur":"prioritaire"}})", "fr");
  REQUIRE(r["benchmarks"].size() == 2);  // "valeur" has no figures in the study
  CHECK(r["benchmarks"][0]["row"] == "numerique");
  CHECK(r["benchmarks"][0]["count"] == 14);
  CHECK(r["benchmarks"][0]["n"] == 34);
  CHECK(r["benchmarks"][0]["year"] == 2018);
  CHECK(r["benchmarks"][1]["row"] == "hybridation");
  CHECK(r["benchmarks"][1]["count"] == 12);
  CHECK(r["benchmarks"][0]["text"].get<std::string>().find("Transformation num\u00e9rique") != std::string::npos);
  CHECK(r["benchmarks"][0]["text"] ==
        "Enjeu «\u00a0Transformation num\u00e9rique\u00a0»\u00a0: 14 catalyseurs sur 34 en 2018 l\u2019ont aussi jug\u00e9 «\u00a0Prioritaire\u00a0»");
  json en = score(*q, R"({"enjeux":{"numerique":"prioritaire"}})", "en");
  CHECK(en["benchmarks"][0]["text"] == "\u201cDigital transformation\u201d: 14 of 34 catalysts in 2018 also rated it \u201cTop priority\u201d");
}

TEST_CASE("after the first two sections the reading is provisional, and the declared stage is not compared") {
  const auto q = load_default();
  // Sections 1 and 2 score one dimension of five ("Passage à l'action").
  json r = score(*q, R"({"dynamique":"nombreuses","anciennete":5,
    "actions":{"dialogue":"continu","partage":"regulier","experimentation":"regulier","action":"ponctuel"},
    "passage-action":"souvent","gouvernance":"certaines","moyens":"projet"})", "fr");
  CHECK(r["index"].is_number());
  CHECK(r["level"].is_object());
  CHECK(r["reading"] == json::parse(R"({"provisional":true,"dimensionsScored":1,"dimensionsNeeded":3,"dimensions":5,"moreAnswers":7})"));
  REQUIRE(r["declared"].is_object());
  CHECK(r["declared"]["level"] == "essor");
  CHECK(r["declared"]["agrees"].is_null());
  CHECK(r["declared"]["message"].is_null());
  // Section 3 (the actors: 8 items, 4 needed) brings a second dimension; the reading stays provisional.
  json more = json::parse(R"({"dynamique":"nombreuses","actions":{"dialogue":"continu","action":"ponctuel"},
    "passage-action":"souvent","gouvernance":"certaines","moyens":"projet","anciennete":5,
    "acteurs":{"collectivites":"souvent","institutions":"parfois","entreprises":"parfois","associations":"souvent"}})");
  r = score(*q, more.dump(), "fr");
  CHECK(r["reading"]["dimensionsScored"] == 2);
  CHECK(r["reading"]["provisional"] == true);
  CHECK(r["reading"]["moreAnswers"] == 3);  // impacts: 3 of its 6 items
  more["impacts"] = {{"innovation", "reel"}, {"confiance", "fort"}, {"performance", "faible"}};
  r = score(*q, more.dump(), "fr");
  CHECK(r["reading"] == json::parse(R"({"provisional":false,"dimensionsScored":3,"dimensionsNeeded":3,"dimensions":5,"moreAnswers":0})"));
  CHECK(r["declared"]["agrees"].is_boolean());
}
