// The default questionnaire's insights (web/questionnaires/catalyseurs-2018.json, docs/CONTENT.md
// "Insights"): each one appears when the answers say what it says, and never beside a direct
// answer that says otherwise. The answers start from a plain profile that triggers none.
#include <catalyse/api.hpp>

#include <doctest/doctest.h>

#include "files.hpp"
#include <nlohmann/json.hpp>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

namespace {

using nlohmann::json;

const catalyse::Questionnaire& questionnaire() {
  static const std::shared_ptr<const catalyse::Questionnaire> q = [] {
    std::shared_ptr<const catalyse::Questionnaire> loaded;
    catalyse::api::load(test::read_file(CATALYSE_SOURCE_DIR "/web/questionnaires/catalyseurs-2018.json"), loaded);
    REQUIRE(loaded);
    return loaded;
  }();
  return *q;
}

/// A territory in the middle of the road: every dimension scored, no insight.
json plain() {
  return json::parse(R"({
    "dynamique": "nombreuses", "anciennete": 5,
    "actions": {"dialogue": "regulier", "partage": "regulier", "experimentation": "regulier", "action": "regulier"},
    "passage-action": "souvent", "gouvernance": "certaines", "moyens": "projet",
    "acteurs": {"collectivites": "souvent", "institutions": "souvent", "entreprises": "souvent",
                "associations": "souvent", "citoyens": "parfois", "recherche": "parfois"},
    "pluralite": "plusieurs", "portage": "reel",
    "spheres": {"publique": "assez-bien", "economique": "assez-bien", "associative": "assez-bien",
                "citoyenne": "assez-bien", "academique": "assez-bien"},
    "doublons": "parfois", "lieu-partage": "restreint",
    "niveaux": {"local": "plutot", "departement": "plutot", "region": "plutot", "national": "plutot"},
    "pairs": "parfois",
    "impacts": {"innovation": "reel", "confiance": "reel", "performance": "reel", "fragilites": "reel"},
    "evaluation": "partielle", "restitution": "souvent",
    "enjeux-collectif": "experimentation",
    "catalyseur": "reconnu", "connaissance": "assez-bien",
    "competences": {"dialogue": "a-renforcer", "mise-en-relation": "a-renforcer", "conception": "a-renforcer",
                    "accompagnement": "a-renforcer"},
    "modes": {"ingenierie": "present", "projets": "present", "catalyse": "present"},
    "developpement": "ponctuel"})");
}

/// `plain()` with `changes` merged in (a matrix's rows one by one).
json with(const json& changes, json base = plain()) {
  base.merge_patch(changes);
  return base;
}

std::vector<std::string> insights(const json& answers) {
  const json out = json::parse(catalyse::api::score(questionnaire(), answers.dump(), "fr"));
  REQUIRE(out["ok"] == true);
  CHECK_MESSAGE(out["result"]["answerErrors"].empty(), out["result"]["answerErrors"].dump());
  std::vector<std::string> ids;
  for (const auto& i : out["result"]["insights"]) ids.push_back(i["id"]);
  return ids;
}

bool shows(const json& answers, const std::string& id) {
  const auto ids = insights(answers);
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

}  // namespace

TEST_CASE("insights: the plain profile triggers none") { CHECK(insights(plain()).empty()); }

TEST_CASE("insight dialogue-sans-action: dialogue under way, joint action rare") {
  const json fires = with(json::parse(R"({"actions": {"dialogue": "continu", "experimentation": "ponctuel", "action": "ponctuel"},
    "passage-action": "rarement", "enjeux-collectif": "dialogue"})"));
  CHECK(shows(fires, "dialogue-sans-action"));
  SUBCASE("not when dialogue leads to concrete actions (almost always, often)") {
    CHECK_FALSE(shows(with({{"passage-action", "toujours"}}, fires), "dialogue-sans-action"));
    CHECK_FALSE(shows(with({{"passage-action", "souvent"}}, fires), "dialogue-sans-action"));
  }
  SUBCASE("not when the priority challenges are worked on in joint action") {
    CHECK_FALSE(shows(with({{"enjeux-collectif", "action"}}, fires), "dialogue-sans-action"));
  }
  SUBCASE("not when collective experiments are already regular (it suggests a first one)") {
    CHECK_FALSE(shows(with({{"actions", {{"experimentation", "regulier"}}}}, fires), "dialogue-sans-action"));
    CHECK_FALSE(shows(with({{"actions", {{"experimentation", "continu"}}}}, fires), "dialogue-sans-action"));
  }
  SUBCASE("not when dialogue itself is occasional, nor when joint action is regular") {
    CHECK_FALSE(shows(with({{"actions", {{"dialogue", "ponctuel"}}}}, fires), "dialogue-sans-action"));
    CHECK_FALSE(shows(with({{"actions", {{"action", "regulier"}}}}, fires), "dialogue-sans-action"));
  }
}

TEST_CASE("insight publics-entreprises: public bodies and businesses not systematically involved") {
  const json fires = with({{"acteurs", {{"collectivites", "parfois"}, {"entreprises", "rarement"}}}});
  CHECK(shows(fires, "publics-entreprises"));
  CHECK(shows(with({{"acteurs", {{"institutions", "jamais"}, {"entreprises", "parfois"}}}}), "publics-entreprises"));
  SUBCASE("not when businesses are involved (often or systematically)") {
    CHECK_FALSE(shows(with({{"acteurs", {{"entreprises", "systematique"}}}}, fires), "publics-entreprises"));
  }
  SUBCASE("not when both public rows are involved") {
    CHECK_FALSE(shows(with({{"acteurs", {{"collectivites", "systematique"}, {"institutions", "souvent"}, {"entreprises", "jamais"}}}}),
                      "publics-entreprises"));
  }
}

TEST_CASE("insight demarches-bilaterales: initiatives of two actors or one sphere") {
  CHECK(shows(with({{"pluralite", "deux"}}), "demarches-bilaterales"));
  CHECK(shows(with({{"pluralite", "une"}}), "demarches-bilaterales"));
  CHECK_FALSE(shows(with({{"pluralite", "toutes"}}), "demarches-bilaterales"));
  CHECK_FALSE(shows(with({{"pluralite", "plusieurs"}}), "demarches-bilaterales"));
  CHECK_FALSE(shows(with({{"pluralite", "nsp"}}), "demarches-bilaterales"));
}

TEST_CASE("insight meconnaissance-spheres: little knowledge of what some spheres do") {
  const json fires = with({{"spheres", {{"economique", "peu"}}}});
  CHECK(shows(fires, "meconnaissance-spheres"));
  CHECK(shows(with({{"spheres", {{"academique", "pas-du-tout"}}}}), "meconnaissance-spheres"));
  SUBCASE("not when a regular time open to every actor already exists (its remedy)") {
    CHECK_FALSE(shows(with({{"lieu-partage", "ouvert"}}, fires), "meconnaissance-spheres"));
  }
  SUBCASE("not when every sphere is known well enough") {
    CHECK_FALSE(shows(with({{"spheres", {{"economique", "tres-bien"}}}}, fires), "meconnaissance-spheres"));
  }
}

TEST_CASE("insight niveaux-peu-articules: a territorial level that fits poorly") {
  CHECK(shows(with({{"niveaux", {{"region", "pas"}}}}), "niveaux-peu-articules"));
  CHECK(shows(with({{"niveaux", {{"local", "peu"}}}}), "niveaux-peu-articules"));
  CHECK_FALSE(shows(with({{"niveaux", {{"local", "bien"}, {"departement", "bien"}, {"region", "plutot"}, {"national", "nsp"}}}}),
                    "niveaux-peu-articules"));
}

TEST_CASE("insight impacts-non-evalues: impacts observed, not evaluated") {
  const json fires = with({{"evaluation", "non"}});
  CHECK(shows(fires, "impacts-non-evalues"));
  CHECK(shows(with({{"evaluation", "projet"}}), "impacts-non-evalues"));
  SUBCASE("not when the impacts are evaluated, even in part") {
    CHECK_FALSE(shows(with({{"evaluation", "partielle"}}, fires), "impacts-non-evalues"));
    CHECK_FALSE(shows(with({{"evaluation", "partagee"}}, fires), "impacts-non-evalues"));
  }
  SUBCASE("not when no real impact is observed") {
    CHECK_FALSE(shows(with({{"impacts", {{"innovation", "faible"}, {"confiance", "aucun"}, {"performance", "faible"}, {"fragilites", "nsp"}}}}, fires),
                      "impacts-non-evalues"));
  }
}

TEST_CASE("insight action-cercle-restreint: a territory that acts with few different actors") {
  const json fires = with(json::parse(R"({"actions": {"dialogue": "continu", "partage": "continu", "experimentation": "continu", "action": "continu"},
    "acteurs": {"collectivites": "rarement", "institutions": "rarement", "entreprises": "souvent", "associations": "rarement",
                "citoyens": "rarement", "recherche": "jamais"},
    "pluralite": "deux", "portage": "faible"})"));
  CHECK(shows(fires, "action-cercle-restreint"));
  SUBCASE("not when the initiatives bring together three spheres or more") {
    CHECK_FALSE(shows(with({{"pluralite", "toutes"}}, fires), "action-cercle-restreint"));
    CHECK_FALSE(shows(with({{"pluralite", "plusieurs"}}, fires), "action-cercle-restreint"));
  }
  SUBCASE("not when the actors are involved") { CHECK_FALSE(shows(plain(), "action-cercle-restreint")); }
}

TEST_CASE("insight catalyse-a-reconnaitre: a catalysing role barely present or barely recognised") {
  CHECK(shows(with({{"catalyseur", "peu-reconnu"}}), "catalyse-a-reconnaitre"));
  CHECK(shows(with({{"catalyseur", "informel"}}), "catalyse-a-reconnaitre"));
  CHECK(shows(with({{"catalyseur", "non"}}), "catalyse-a-reconnaitre"));
  CHECK(shows(with({{"catalyseur", "nsp"}, {"modes", {{"catalyse", "absent"}}}}), "catalyse-a-reconnaitre"));
  SUBCASE("not when a catalyst is identified and recognised by the actors") {
    CHECK_FALSE(shows(with({{"catalyseur", "reconnu"}, {"modes", {{"catalyse", "peu-present"}}}}), "catalyse-a-reconnaitre"));
  }
}

TEST_CASE("insight nouvelle-etape: the embedded stage, on a reading that is not provisional") {
  const json fires = json::parse(test::read_file(CATALYSE_SOURCE_DIR "/tests/fixtures/answers-ancrage.json"));
  CHECK(shows(fires, "nouvelle-etape"));
  SUBCASE("not at another level") { CHECK_FALSE(shows(plain(), "nouvelle-etape")); }
  SUBCASE("not on a provisional reading, however high") {
    const json one_dimension = json::parse(R"({"actions": {"dialogue": "continu", "partage": "continu", "experimentation": "continu",
      "action": "continu"}, "passage-action": "toujours", "gouvernance": "oui", "moyens": "durable", "anciennete": 10})");
    const json out = json::parse(catalyse::api::score(questionnaire(), one_dimension.dump(), "fr"));
    REQUIRE(out["result"]["level"]["id"] == "ancrage");
    REQUIRE(out["result"]["reading"]["provisional"] == true);
    CHECK_FALSE(shows(one_dimension, "nouvelle-etape"));
  }
}
