// Feedback in the result (docs/FORMAT.md §1 DeclaredStage, Feedback, Benchmark; §4), on
// all-types.json. See scoring_test.cpp for how the scores of test::all_types_answers_a() are computed.
#include "core_support.hpp"

#include <catalyse/result.hpp>

using catalyse::json;

namespace {

using test::all_types;
using test::at;

}  // namespace

TEST_CASE("feedback: the declared stage beside the computed level") {
  auto q = test::load_ok(all_types());
  json answers = test::all_types_answers_a();  // computed level: essor (51.7)
  SUBCASE("agreeing, with placeholders filled") {
    const json d = test::score(*q, answers)["declared"];
    CHECK(d == json::parse(R"({"option":"nombreuses","level":"essor","label":"Essor","agrees":true,
                               "message":"Votre lecture (Essor) concorde avec le calcul (Essor)."})"));
  }
  SUBCASE("disagreeing") {
    answers["dynamique"] = "emerge";  // action: (1/3 + 0.75 + 0 + 1)/5 = 0.41667 → index (2×41.667+58.333)/3 = 47.2
    const json r = test::score(*q, answers);
    CHECK(r["level"]["id"] == "emergence");
    CHECK(r["declared"]["level"] == "emergence");
    CHECK(r["declared"]["agrees"] == true);  // the answer moved both
    answers["dynamique"] = "ancre";
    const json r2 = test::score(*q, answers);
    CHECK(r2["declared"]["agrees"] == false);
    CHECK(r2["declared"]["message"] == "Vous vous situez en Ancrage, le calcul indique Essor.");
  }
  SUBCASE("in English") {
    answers["dynamique"] = "ancre";
    CHECK(test::score(*q, answers, "en")["declared"]["message"] ==
          "You see yourself at Anchored; the computation says Growing.");
  }
  SUBCASE("don't know declares nothing") {
    answers["dynamique"] = "nsp";
    CHECK(test::score(*q, answers)["declared"].is_null());
  }
  SUBCASE("without an index there is nothing to compare") {
    const json d = test::score(*q, {{"dynamique", "ancre"}})["declared"];
    CHECK(d["level"] == "ancrage");
    CHECK(d["agrees"].is_null());
    CHECK(d["message"].is_null());
  }
  SUBCASE("a hidden declared-stage question declares nothing") {
    json doc = all_types();
    at(doc, "/sections/1/questions/0")["visibleIf"] = "q.structure == 'entreprise'";
    auto qh = test::load_ok(doc);
    CHECK(test::score(*qh, answers)["declared"].is_null());
  }
}

TEST_CASE("feedback: strongest and weakest dimensions") {
  auto q = test::load_ok(all_types());
  SUBCASE("two sufficient dimensions with different scores") {
    const json r = test::score(*q, test::all_types_answers_a());
    CHECK(r["strongest"] == "acteurs");
    CHECK(r["weakest"] == "action");
  }
  SUBCASE("a single sufficient dimension is neither") {
    const json r = test::score(*q, {{"dynamique", "ancre"}, {"actions", {"projet"}}});
    CHECK(r["strongest"].is_null());
    CHECK(r["weakest"].is_null());
  }
  SUBCASE("equal scores are neither") {
    // action: dynamique ancre 1, actions all 1, habitants souvent 1, evaluation oui 1 → 100
    // acteurs: partenaires 20 → 1, publics souvent 1, entreprises jamais → reversed 1 → 100
    const json r = test::score(*q, json::parse(R"({"structure":"collectivite","partenaires":20,"dynamique":"ancre",
        "actions":["diag","projet","eval"],"freins":{"publics":"souvent","entreprises":"jamais","habitants":"souvent"},
        "evaluation":"oui"})"));
    CHECK(r["index"] == 100.0);
    CHECK(r["strongest"].is_null());
    CHECK(r["weakest"].is_null());
  }
}

TEST_CASE("feedback: recommendations per dimension at its level, from the weakest to the strongest") {
  auto q = test::load_ok(all_types());
  SUBCASE("ordered weakest first") {
    const json r = test::score(*q, test::all_types_answers_a());
    CHECK(r["recommendations"] == json::parse(R"([
      {"dimension":"action","level":"emergence","text":"Levier action emergence"},
      {"dimension":"acteurs","level":"essor","text":"Levier acteurs essor"}])"));
  }
  SUBCASE("the order follows the scores, not the questionnaire") {
    json answers = test::all_types_answers_a();
    answers["partenaires"] = 0;
    answers["freins"]["publics"] = "jamais";  // acteurs: (0 + 0 + 0.5)/3 → 16.7, below action's 48.3
    const json r = test::score(*q, answers);
    REQUIRE(r["recommendations"].size() == 2);
    CHECK(r["recommendations"][0]["dimension"] == "acteurs");
    CHECK(r["recommendations"][0]["level"] == "amorce");
    CHECK(r["recommendations"][1]["dimension"] == "action");
    CHECK(r["weakest"] == "acteurs");
  }
  SUBCASE("insufficient dimensions get none") {
    const json r = test::score(*q, {{"dynamique", "ancre"}, {"actions", {"projet"}}});
    REQUIRE(r["recommendations"].size() == 1);
    CHECK(r["recommendations"][0]["dimension"] == "action");
    CHECK(r["recommendations"][0]["level"] == "ancrage");
  }
  SUBCASE("in English") {
    CHECK(test::score(*q, test::all_types_answers_a(), "en")["recommendations"][0]["text"] == "Lever action emergence");
  }
}

TEST_CASE("feedback: insights apply when their condition holds") {
  auto q = test::load_ok(all_types());
  json answers = test::all_types_answers_a();
  SUBCASE("none holds") { CHECK(test::score(*q, answers)["insights"].empty()); }
  SUBCASE("one reading an answer") {
    answers["partenaires"] = 2;
    CHECK(test::score(*q, answers)["insights"] ==
          json::parse(R"([{"id":"peu-partenaires","title":"Peu de partenaires","text":"Élargir le cercle."}])"));
  }
  SUBCASE("one reading a score") {
    answers["freins"]["publics"] = "jamais";  // acteurs (0.25 + 0 + 0.5)/3 → 25
    const json r = test::score(*q, answers, "en");
    REQUIRE(r["insights"].size() == 1);
    CHECK(r["insights"][0]["id"] == "acteurs-faibles");
    CHECK(r["insights"][0]["title"] == "Actors little involved");
  }
  SUBCASE("an insufficient score is null, and comparisons with null are false") {
    CHECK(test::score(*q, {{"partenaires", 10}})["insights"].empty());
  }
  SUBCASE("questionnaire order when several hold") {
    answers["partenaires"] = 0;
    answers["freins"]["publics"] = "jamais";
    const json r = test::score(*q, answers);
    REQUIRE(r["insights"].size() == 2);
    CHECK(r["insights"][0]["id"] == "peu-partenaires");
    CHECK(r["insights"][1]["id"] == "acteurs-faibles");
  }
}

TEST_CASE("feedback: benchmarks say counts out of n with the year") {
  auto q = test::load_ok(all_types());
  SUBCASE("a single/scale answer") {
    const json b = test::score(*q, test::all_types_answers_a())["benchmarks"];
    REQUIRE(b.size() == 3);
    CHECK(b[0] == json::parse(R"({"id":"dynamique-2018","question":"dynamique","row":null,"option":"nombreuses",
                                  "count":11,"n":34,"year":2018,"source":"Étude 2018","text":"11 sur 34 en 2018"})"));
  }
  SUBCASE("matrix rows, in questionnaire order, with the statement's placeholders") {
    const json b = test::score(*q, test::all_types_answers_a())["benchmarks"];
    REQUIRE(b.size() == 3);
    CHECK(b[1]["row"] == "publics");
    CHECK(b[1]["text"] == "Acteurs publics : 20/34 ont répondu « Souvent » en 2018");
    CHECK(b[2]["row"] == "habitants");
    CHECK(b[2]["count"] == 5);
  }
  SUBCASE("English default statement") {
    CHECK(test::score(*q, test::all_types_answers_a(), "en")["benchmarks"][0]["text"] == "11 of 34 in 2018");
  }
  SUBCASE("never under minN") {
    // the pilot benchmark on "structure" has n = 4 < 5
    const json shown = test::score(*q, test::all_types_answers_a())["benchmarks"];
    REQUIRE(shown.size() == 3);
    for (const auto& b : shown) CHECK(b["id"] != "pilote");
    json doc = all_types();
    at(doc, "/benchmarks/2")["minN"] = 3;
    auto q3 = test::load_ok(doc);
    const json b = test::score(*q3, test::all_types_answers_a())["benchmarks"];
    REQUIRE(b.size() == 4);
    CHECK(b[3]["text"] == "2 sur 4 en 2017");
  }
  SUBCASE("nothing for an option without a published count, or don't know") {
    json answers = test::all_types_answers_a();
    answers["freins"]["entreprises"] = "souvent";  // no counts for the row
    answers["freins"]["publics"] = "jamais";       // no count for the option
    answers["dynamique"] = "nsp";
    const json b = test::score(*q, answers)["benchmarks"];
    REQUIRE(b.size() == 1);
    CHECK(b[0]["row"] == "habitants");
  }
  SUBCASE("the questionnaire may replace the default statement") {
    json doc = all_types();
    doc["strings"]["benchmarkStatement"] = {{"fr", "{count} sur {n} ({year})"}, {"en", "{count} of {n} ({year})"}};
    auto qs = test::load_ok(doc);
    CHECK(test::score(*qs, test::all_types_answers_a())["benchmarks"][0]["text"] == "11 sur 34 (2018)");
  }
  SUBCASE("a multiple question gives one statement per selected option") {
    json doc = all_types();
    doc["benchmarks"].push_back({{"id", "actions-2018"}, {"question", "actions"}, {"source", {{"fr", "É"}, {"en", "S"}}},
                                 {"year", 2018}, {"n", 34}, {"counts", {{"diag", 30}, {"projet", 28}, {"eval", 6}}}});
    auto qm = test::load_ok(doc);
    const json b = test::score(*qm, test::all_types_answers_a())["benchmarks"];
    REQUIRE(b.size() == 5);
    CHECK(b[3]["text"] == "30 sur 34 en 2018");
    CHECK(b[4]["text"] == "28 sur 34 en 2018");
  }
}

TEST_CASE("feedback: placeholders that are not known stay as written") {
  CHECK(catalyse::fill("{a} {b} {", {{"a", "1"}}) == "1 {b} {");
  CHECK(catalyse::fill("{count}/{n}", {{"count", "14"}, {"n", "34"}}) == "14/34");
}
