// Scoring (docs/FORMAT.md §2–3), with expectations computed by hand from the fixtures:
// minimal.json  — q1 scale non 0 / peu 1 / oui 2 / nsp (dontKnow), weight 1;
//                 q2 single a 0 / b 4, weight 3, reversed; one dimension "action" (minAnswered 0.5).
// all-types.json — see the fixture; dimensions action (weight 2) and acteurs (weight 1, minAnswered 0.6).
#include "core_support.hpp"

#include <catalyse/scoring.hpp>

using catalyse::json;

namespace {

json minimal() { return test::fixture("minimal.json"); }
using test::all_types;
using test::at;

/// The dimension `id` of a result.
json dim(const json& result, const std::string& id) {
  for (const auto& d : result["dimensions"])
    if (d["id"] == id) return d;
  FAIL("no dimension " << id);
  return {};
}

}  // namespace

TEST_CASE("scoring: a complete example, computed by hand") {
  auto q = test::load_ok(all_types());
  const json r = test::score(*q, test::all_types_answers_a());
  // action (weight 2): dynamique 2/3, actions (1+2)/(1+2+1) = 0.75, habitants row 0 with weight 2,
  //   evaluation 1  →  (0.6667 + 0.75 + 2×0 + 1) / 5 = 0.48333 → 48.3
  // acteurs: partenaires 5/20 = 0.25, publics 2/2 = 1, entreprises 1/2 reversed = 0.5 → 1.75/3 → 58.3
  CHECK(dim(r, "action")["score"] == 48.3);
  CHECK(dim(r, "action")["answered"] == 4);
  CHECK(dim(r, "action")["items"] == 4);
  CHECK(dim(r, "action")["level"] == "emergence");
  CHECK(dim(r, "acteurs")["score"] == 58.3);
  CHECK(dim(r, "acteurs")["level"] == "essor");
  // index = (2 × 48.333 + 1 × 58.333) / 3 = 51.667 → 51.7 (from unrounded dimension scores:
  // the rounded ones would give 51.6).
  CHECK(r["index"] == 51.7);
  CHECK(r["level"]["id"] == "essor");
  CHECK(r["level"]["label"] == "Essor");
  CHECK(r["level"]["min"] == 50);
  CHECK(r["answerErrors"].empty());
}

TEST_CASE("scoring: item score is the option value normalised over the question's values") {
  auto q = test::load_ok(minimal());
  SUBCASE("top of the scale") { CHECK(dim(test::score(*q, {{"q1", "oui"}}), "action")["score"] == 100.0); }
  SUBCASE("middle of the scale") { CHECK(dim(test::score(*q, {{"q1", "peu"}}), "action")["score"] == 50.0); }
  SUBCASE("bottom of the scale") { CHECK(dim(test::score(*q, {{"q1", "non"}}), "action")["score"] == 0.0); }
}

TEST_CASE("scoring: reverse-scored items count 1 − s") {
  auto q = test::load_ok(minimal());
  CHECK(dim(test::score(*q, {{"q2", "a"}}), "action")["score"] == 100.0);
  CHECK(dim(test::score(*q, {{"q2", "b"}}), "action")["score"] == 0.0);
}

TEST_CASE("scoring: item weights") {
  auto q = test::load_ok(minimal());
  // q1 oui (1, weight 1) and q2 b (reversed 0, weight 3): 100 × 1 / 4 = 25
  CHECK(dim(test::score(*q, {{"q1", "oui"}, {"q2", "b"}}), "action")["score"] == 25.0);
  // q1 peu (0.5) and q2 a (1, weight 3): 100 × 3.5 / 4 = 87.5
  CHECK(dim(test::score(*q, {{"q1", "peu"}, {"q2", "a"}}), "action")["score"] == 87.5);
}

TEST_CASE("scoring: don't know counts as missing, never as a midpoint") {
  auto q = test::load_ok(minimal());
  const json r = test::score(*q, {{"q1", "nsp"}, {"q2", "b"}});
  CHECK(dim(r, "action")["answered"] == 1);
  CHECK(dim(r, "action")["items"] == 2);
  CHECK(dim(r, "action")["score"] == 0.0);  // a midpoint would give 100 × 0.5 / 4 = 12.5
  CHECK(r["progress"]["answered"] == 2);    // but the respondent did answer q1
}

TEST_CASE("scoring: a dimension below its minimum answered share is insufficient") {
  auto q = test::load_ok(all_types());
  SUBCASE("1 of 3 acteurs items (0.33 < 0.6)") {
    const json r = test::score(*q, {{"partenaires", 10}});
    CHECK(dim(r, "acteurs")["status"] == "insufficient");
    CHECK(dim(r, "acteurs")["score"].is_null());
    CHECK(dim(r, "acteurs")["level"].is_null());
    CHECK(dim(r, "acteurs")["answered"] == 1);
    CHECK(dim(r, "acteurs")["items"] == 3);
  }
  SUBCASE("2 of 3 (0.67 ≥ 0.6)") {
    const json r = test::score(*q, {{"partenaires", 10}, {"freins", {{"publics", "jamais"}}}});
    CHECK(dim(r, "acteurs")["status"] == "ok");
    CHECK(dim(r, "acteurs")["score"] == 25.0);  // (0.5 + 0) / 2
  }
  SUBCASE("exactly the minimum share is enough") {
    auto qm = test::load_ok(minimal());
    CHECK(dim(test::score(*qm, {{"q1", "oui"}}), "action")["status"] == "ok");  // 1 of 2 = 0.5
  }
  SUBCASE("minAnswered 0 still needs one answered item") {
    json doc = minimal();
    at(doc, "/dimensions/0")["minAnswered"] = 0;
    auto q0 = test::load_ok(doc);
    CHECK(dim(test::score(*q0, json::object()), "action")["status"] == "insufficient");
  }
}

TEST_CASE("scoring: the answers that would settle a provisional reading count the heavier dimensions first") {
  // Dimensions a, c (weight 1) and b (weight 3), last in the document; two items each, one answer
  // makes a dimension sufficient. A reading needs 2 of 3 dimensions and 60 % of the weight (3 of 5):
  // b then a (2 answers), where the document's order (a, c, then b) would take 3.
  json doc = minimal();
  json questions = json::array();
  json dimensions = json::array();
  for (const auto& [d, weight] : {std::pair{"a", 1}, {"c", 1}, {"b", 3}}) {
    json dimension = {{"id", d}, {"label", {{"fr", d}, {"en", d}}}};
    if (weight != 1) dimension["weight"] = weight;
    dimensions.push_back(dimension);
    for (const char* n : {"1", "2"})
      questions.push_back({{"id", std::string(d) + n}, {"type", "single"}, {"text", {{"fr", "?"}, {"en", "?"}}},
                           {"scoring", {{"dimension", d}}},
                           {"options", {{{"id", "x"}, {"label", {{"fr", "X"}, {"en", "X"}}}, {"value", 0}},
                                        {{"id", "y"}, {"label", {{"fr", "Y"}, {"en", "Y"}}}, {"value", 1}}}}});
  }
  at(doc, "/sections/0")["questions"] = questions;
  doc["dimensions"] = dimensions;
  auto q = test::load_ok(doc);
  CHECK(test::score(*q, json::object())["reading"] ==
        json::parse(R"({"provisional":true,"dimensionsScored":0,"dimensionsNeeded":2,"dimensions":3,"moreAnswers":2})"));
  // With c answered, b alone settles it (c and a would not: 2 of 5).
  CHECK(test::score(*q, {{"c1", "y"}})["reading"]["moreAnswers"] == 1);
}

TEST_CASE("scoring: the index averages sufficient dimensions only, with their weights") {
  auto q = test::load_ok(all_types());
  SUBCASE("only action is sufficient: the index is its score") {
    const json r = test::score(*q, {{"dynamique", "ancre"}, {"actions", {"projet"}}});
    // action: items dynamique, actions, habitants (evaluation is hidden while structure is unanswered)
    // answered 2 of 3 ≥ 0.5 → ok; (1 + 0.5) / 2 = 75
    CHECK(dim(r, "action")["score"] == 75.0);
    CHECK(dim(r, "acteurs")["status"] == "insufficient");
    CHECK(r["index"] == 75.0);
    CHECK(r["level"]["id"] == "ancrage");
  }
  SUBCASE("nothing sufficient: no index, no level") {
    const json r = test::score(*q, json::object());
    CHECK(r["index"].is_null());
    CHECK(r["level"].is_null());
  }
}

TEST_CASE("scoring: per type") {
  auto q = test::load_ok(all_types());
  auto action = [&](const json& answers) { return dim(test::score(*q, answers), "action"); };
  auto acteurs = [&](const json& answers) { return dim(test::score(*q, answers), "acteurs"); };
  SUBCASE("multiple: selected values over the sum of positive values") {
    // with dynamique non (0) so that action = (0 + s) / 2
    CHECK(action({{"dynamique", "non"}, {"actions", {"diag", "eval"}}})["score"] == 25.0);          // 2/4 → 0.5
    CHECK(action({{"dynamique", "non"}, {"actions", {"diag", "projet", "eval"}}})["score"] == 50.0);  // 4/4
    CHECK(action({{"dynamique", "non"}, {"actions", {"aucune"}}})["score"] == 0.0);
  }
  SUBCASE("multiple: an empty selection is no answer (choose an option such as \"none\")") {
    const json r = test::score(*q, {{"dynamique", "ancre"}, {"actions", json::array()}});
    CHECK(dim(r, "action")["answered"] == 1);
    CHECK(r["progress"]["answered"] == 1);
    CHECK(r["answerErrors"].empty());
  }
  SUBCASE("multiple: don't know is missing") {
    const json d = action({{"dynamique", "ancre"}, {"actions", {"nsp"}}});
    CHECK(d["answered"] == 1);
  }
  SUBCASE("multiple: the ratio is clamped to [0, 1]") {
    json doc = all_types();
    at(doc, "/sections/1/questions/1/options/3/value") = -3;  // "aucune"
    auto qn = test::load_ok(doc);
    CHECK(dim(test::score(*qn, {{"dynamique", "non"}, {"actions", {"aucune"}}}), "action")["score"] == 0.0);
    CHECK(dim(test::score(*qn, {{"dynamique", "non"}, {"actions", {"diag", "aucune"}}}), "action")["score"] == 0.0);
  }
  SUBCASE("number: (x − min) / (max − min)") {
    // acteurs needs 2 of 3: add publics "jamais" (0)
    CHECK(acteurs({{"partenaires", 20}, {"freins", {{"publics", "jamais"}}}})["score"] == 50.0);
    CHECK(acteurs({{"partenaires", 5}, {"freins", {{"publics", "jamais"}}}})["score"] == 12.5);
    CHECK(acteurs({{"partenaires", 0}, {"freins", {{"publics", "souvent"}}}})["score"] == 50.0);
  }
  SUBCASE("number: reversed") {
    json doc = all_types();
    at(doc, "/sections/0/questions/1/scoring")["reverse"] = true;
    auto qr = test::load_ok(doc);
    CHECK(dim(test::score(*qr, {{"partenaires", 5}, {"freins", {{"publics", "jamais"}}}}), "acteurs")["score"] == 37.5);
  }
  SUBCASE("matrix: each row is an item; a row may change dimension, weight and direction") {
    const json r = test::score(*q, {{"freins", {{"publics", "parfois"}, {"entreprises", "souvent"}, {"habitants", "souvent"}}}});
    // acteurs: publics 0.5, entreprises 1 reversed 0 → (0.5 + 0)/2 = 25 (2 of 3 answered)
    CHECK(dim(r, "acteurs")["score"] == 25.0);
    CHECK(dim(r, "acteurs")["answered"] == 2);
    // action: habitants 1 with weight 2, 1 of 3 visible items answered → insufficient
    CHECK(dim(r, "action")["answered"] == 1);
    CHECK(dim(r, "action")["status"] == "insufficient");
  }
  SUBCASE("text is never scored") {
    const json r = test::score(*q, {{"commentaire", "bien"}});
    CHECK(dim(r, "action")["answered"] == 0);
    CHECK(dim(r, "acteurs")["answered"] == 0);
  }
}

TEST_CASE("scoring: hidden questions are ignored, and so are errors in their answers") {
  auto q = test::load_ok(all_types());
  json answers = test::all_types_answers_a();
  answers["structure"] = "asso";            // hides "evaluation" (structure != 'asso')
  answers["evaluation"] = "peut-etre";      // wrong, but hidden: not reported
  answers["detail-entreprise"] = "Acme";    // hidden too (structure == 'entreprise')
  const json r = test::score(*q, answers);
  CHECK(r["visible"] == json({"structure", "partenaires", "dynamique", "actions", "freins", "commentaire"}));
  CHECK(dim(r, "action")["items"] == 3);
  // action without evaluation: (0.6667 + 0.75 + 0) / 4 = 0.35417 → 35.4
  CHECK(dim(r, "action")["score"] == 35.4);
  CHECK(r["answerErrors"].empty());
  SUBCASE("a valid answer to a hidden question changes nothing") {
    answers["evaluation"] = "non";
    CHECK(test::score(*q, answers) == r);
  }
}

TEST_CASE("scoring: a condition reads hidden questions as unanswered") {
  json doc = all_types();
  // commentaire shows only when evaluation is answered; evaluation is hidden for associations.
  at(doc, "/sections/1/questions/5")["visibleIf"] = "answered(q.evaluation)";
  auto q = test::load_ok(doc);
  json answers = {{"structure", "collectivite"}, {"evaluation", "oui"}};
  CHECK(test::score(*q, answers)["visible"].back() == "commentaire");
  answers["structure"] = "asso";
  CHECK(test::score(*q, answers)["visible"].back() == "freins");
}

TEST_CASE("scoring: visibility follows dependencies even when a condition reads a later question") {
  json doc = all_types();
  at(doc, "/sections/0/questions/1")["visibleIf"] = "q.dynamique != 'non'";  // partenaires reads dynamique
  auto q = test::load_ok(doc);
  CHECK(test::score(*q, {{"dynamique", "non"}})["visible"][1] == "dynamique");
  CHECK(test::score(*q, {{"dynamique", "ancre"}})["visible"][1] == "partenaires");
}

TEST_CASE("scoring: progress counts visible questions answered and required ones missing") {
  auto q = test::load_ok(all_types());
  SUBCASE("nothing answered") {
    const json p = test::score(*q, json::object())["progress"];
    // detail-entreprise and evaluation are hidden: a comparison with an unanswered question is false
    CHECK(p["visible"] == 6);
    CHECK(p["answered"] == 0);
    CHECK(p["requiredMissing"] == json({"structure", "dynamique"}));
  }
  SUBCASE("a required question shown by an answer is missing until answered") {
    const json p = test::score(*q, {{"structure", "collectivite"}})["progress"];
    CHECK(p["visible"] == 7);
    CHECK(p["requiredMissing"] == json({"dynamique", "evaluation"}));
  }
  SUBCASE("a hidden required question is never missing; don't know answers a question") {
    const json p = test::score(*q, {{"structure", "asso"}, {"dynamique", "nsp"}})["progress"];
    CHECK(p["visible"] == 6);
    CHECK(p["answered"] == 2);
    CHECK(p["requiredMissing"].empty());
  }
  SUBCASE("a matrix is answered when every row is") {
    CHECK(test::score(*q, {{"freins", {{"publics", "jamais"}}}})["progress"]["answered"] == 0);
    CHECK(test::score(*q, {{"freins", {{"publics", "jamais"}, {"entreprises", "nsp"}, {"habitants", "jamais"}}}})
              ["progress"]["answered"] == 1);
  }
}

TEST_CASE("scoring: wrong answers are reported with their path and left out; the rest is scored") {
  auto q = test::load_ok(all_types());
  auto errors_of = [&](const json& answers) {
    catalyse::Issues out;
    const json r = test::score(*q, answers, "en");
    for (const auto& e : r["answerErrors"]) out.push_back({e["path"].get<std::string>(), e["code"].get<std::string>(), {}, e["message"].get<std::string>()});
    return out;
  };
  SUBCASE("unknown question") {
    CHECK_ERROR(errors_of({{"zz", 1}}), "/zz", R"(unknown question "zz")");
  }
  SUBCASE("single: wrong type and unknown option") {
    CHECK_ERROR(errors_of({{"structure", 2}}), "/structure", "expected an option id (a string), got a number");
    CHECK_ERROR(errors_of({{"structure", "ong"}}), "/structure", R"(unknown option "ong" of question "structure")");
  }
  SUBCASE("multiple") {
    CHECK_ERROR(errors_of({{"actions", "diag"}}), "/actions", "expected an array of option ids, got a string");
    CHECK_ERROR(errors_of({{"actions", {"diag", "zz"}}}), "/actions/1", R"(unknown option "zz" of question "actions")");
    CHECK_ERROR(errors_of({{"actions", {"diag", 3}}}), "/actions/1", "expected an option id (a string), got a number");
    CHECK_ERROR(errors_of({{"actions", {"diag", "diag"}}}), "/actions/1", R"(option "diag" selected twice)");
    CHECK_ERROR(errors_of({{"actions", {"diag", "projet", "eval", "aucune"}}}), "/actions",
                "too many selections: 4 (at most 3)");
    CHECK_ERROR(errors_of({{"actions", {"diag", "nsp"}}}), "/actions",
                R"(the "don't know" option cannot be combined with other options)");
  }
  SUBCASE("multiple: too few") {
    json doc = all_types();
    at(doc, "/sections/1/questions/1")["minSelected"] = 2;
    auto qm = test::load_ok(doc);
    const json r = test::score(*qm, {{"actions", {"diag"}}}, "en");
    REQUIRE(r["answerErrors"].size() == 1);
    CHECK(r["answerErrors"][0]["message"] == "too few selections: 1 (at least 2)");
    CHECK(test::score(*qm, {{"actions", {"nsp"}}})["answerErrors"].empty());  // don't know alone is fine
    CHECK(test::score(*qm, {{"actions", json::array()}})["answerErrors"].empty());  // nothing selected: unanswered
  }
  SUBCASE("matrix") {
    CHECK_ERROR(errors_of({{"freins", "souvent"}}), "/freins", "expected an object from row id to option id, got a string");
    CHECK_ERROR(errors_of({{"freins", {{"elus", "souvent"}}}}), "/freins/elus", R"(unknown row "elus" of question "freins")");
    CHECK_ERROR(errors_of({{"freins", {{"publics", "toujours"}}}}), "/freins/publics",
                R"(unknown option "toujours" of question "freins")");
  }
  SUBCASE("matrix: valid rows are kept beside a wrong one") {
    const json r = test::score(*q, {{"partenaires", 0}, {"freins", {{"publics", "souvent"}, {"entreprises", 7}}}});
    CHECK(r["answerErrors"].size() == 1);
    CHECK(dim(r, "acteurs")["answered"] == 2);
  }
  SUBCASE("number") {
    CHECK_ERROR(errors_of({{"partenaires", "5"}}), "/partenaires", "expected a number, got a string");
    CHECK_ERROR(errors_of({{"partenaires", 2.5}}), "/partenaires", "expected a whole number, got 2.5");
    CHECK_ERROR(errors_of({{"partenaires", 25}}), "/partenaires", "25 is above the maximum 20");
    CHECK_ERROR(errors_of({{"partenaires", -1}}), "/partenaires", "-1 is below the minimum 0");
  }
  SUBCASE("text: length in characters, not bytes") {
    CHECK_ERROR(errors_of({{"commentaire", "onze lettre"}}), "/commentaire", "too long: 11 characters (at most 10)");
    CHECK(errors_of({{"commentaire", "éééééééééé"}}).empty());
    CHECK(test::score(*q, {{"commentaire", ""}})["progress"]["answered"] == 0);  // empty: unanswered
    CHECK_ERROR(errors_of({{"commentaire", false}}), "/commentaire", "expected a string, got a boolean");
  }
  SUBCASE("keys with / are escaped in the path") {
    CHECK_ERROR(errors_of({{"a/b", 1}}), "/a~1b", R"(unknown question "a/b")");
  }
  SUBCASE("the rest is scored") {
    json answers = test::all_types_answers_a();
    answers["partenaires"] = "cinq";
    answers["zz"] = true;
    const json r = test::score(*q, answers);
    CHECK(r["answerErrors"].size() == 2);
    CHECK(dim(r, "acteurs")["answered"] == 2);
    CHECK(dim(r, "action")["score"] == 48.3);
  }
  SUBCASE("null is the same as no answer") {
    CHECK(errors_of({{"structure", nullptr}, {"freins", {{"publics", nullptr}}}}).empty());
  }
}

TEST_CASE("scoring: rounding is half away from zero, to one decimal") {
  CHECK(catalyse::round1(2.25) == 2.3);
  CHECK(catalyse::round1(2.75) == 2.8);
  CHECK(catalyse::round1(-2.25) == -2.3);
  CHECK(catalyse::round1(99.99) == 100.0);
  CHECK(std::signbit(catalyse::round1(-0.04)) == false);
}

TEST_CASE("scoring: levels come from the rounded score, the last level whose min it reaches") {
  json doc = minimal();
  // one number item 0–10000 so the score is x / 100
  doc["sections"][0]["questions"] = json::array({json{{"id", "n"}, {"type", "number"}, {"text", {{"fr", "n"}, {"en", "n"}}},
                                                      {"min", 0}, {"max", 10000}, {"scoring", {{"dimension", "action"}}}}});
  auto q = test::load_ok(doc);
  CHECK(test::score(*q, {{"n", 5000}})["level"]["id"] == "essor");   // exactly the threshold
  CHECK(test::score(*q, {{"n", 4996}})["index"] == 50.0);            // 49.96 shows as 50.0 …
  CHECK(test::score(*q, {{"n", 4996}})["level"]["id"] == "essor");   // … and is read as 50.0
  CHECK(test::score(*q, {{"n", 4994}})["level"]["id"] == "amorce");  // 49.9
  CHECK(test::score(*q, {{"n", 0}})["level"]["id"] == "amorce");
}

TEST_CASE("scoring: the order of members in the answers never changes the result") {
  auto q = test::load_ok(all_types());
  const std::string forward = R"({"structure":"collectivite","partenaires":5,"dynamique":"nombreuses","actions":["diag","projet"],"freins":{"publics":"souvent","entreprises":"parfois","habitants":"jamais"},"evaluation":"oui","zz":1,"commentaire":"ok"})";
  const std::string backward = R"({"commentaire":"ok","zz":1,"evaluation":"oui","freins":{"habitants":"jamais","entreprises":"parfois","publics":"souvent"},"actions":["diag","projet"],"dynamique":"nombreuses","partenaires":5,"structure":"collectivite"})";
  CHECK(catalyse::api::score(*q, forward, "fr") == catalyse::api::score(*q, backward, "fr"));
}

TEST_CASE("scoring: bounds and values as large as doubles allow still give finite scores") {
  json doc = minimal();
  auto& questions = doc["sections"][0]["questions"];
  SUBCASE("a number from -1e308 to 1e308") {
    questions = json::array({json{{"id", "n"}, {"type", "number"}, {"text", {{"fr", "n"}, {"en", "n"}}},
                                  {"min", -1e308}, {"max", 1e308}, {"scoring", {{"dimension", "action"}}}}});
    auto q = test::load_ok(doc);
    CHECK(dim(test::score(*q, {{"n", 1e308}}), "action")["score"] == 100.0);
    CHECK(dim(test::score(*q, {{"n", 0}}), "action")["score"] == 50.0);
    CHECK(dim(test::score(*q, {{"n", -1e308}}), "action")["score"] == 0.0);
  }
  SUBCASE("option values at both ends of the double range") {
    questions[1]["options"][0]["value"] = -1.5e308;
    questions[1]["options"][1]["value"] = 1.5e308;
    questions[1]["scoring"].erase("reverse");
    auto q = test::load_ok(doc);
    CHECK(dim(test::score(*q, {{"q2", "b"}}), "action")["score"] == 100.0);
    CHECK(dim(test::score(*q, {{"q2", "a"}}), "action")["score"] == 0.0);
  }
  SUBCASE("a multiple question whose values add up beyond the double range") {
    questions = json::array({json{{"id", "m"}, {"type", "multiple"}, {"text", {{"fr", "m"}, {"en", "m"}}},
                                  {"scoring", {{"dimension", "action"}}},
                                  {"options", {{{"id", "a"}, {"label", {{"fr", "a"}, {"en", "a"}}}, {"value", 1e308}},
                                               {{"id", "b"}, {"label", {{"fr", "b"}, {"en", "b"}}}, {"value", 1e308}}}}}});
    auto q = test::load_ok(doc);
    CHECK(dim(test::score(*q, {{"m", {"a"}}}), "action")["score"] == 50.0);
    CHECK(dim(test::score(*q, {{"m", {"a", "b"}}}), "action")["score"] == 100.0);
  }
  SUBCASE("weights are capped so that weighted sums stay finite") {
    questions[0]["scoring"]["weight"] = 1e300;
    CHECK_ERROR(test::load_errors(doc), "/sections/0/questions/0/scoring/weight", "must be at most 1000000");
  }
}

TEST_CASE("scoring: the list of answer errors is capped, and says how many more there were") {
  auto q = test::load_ok(minimal());
  json answers = json::object();
  for (int i = 0; i < 1000; ++i) answers["x" + std::to_string(i)] = i;
  const json r = test::score(*q, answers);
  REQUIRE(r["answerErrors"].size() == catalyse::max_reported_issues + 1);
  CHECK(r["answerErrors"].back() == json::parse(R"({"path":"","code":"issues.more","params":{"count":"800"},"message":"… et 800 autres erreurs"})"));
}
