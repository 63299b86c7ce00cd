// Loading and validating questionnaires (docs/FORMAT.md §1): every rule, every error at its
// JSON Pointer, all errors at once.
#include "core_support.hpp"

#include <catalyse/messages.hpp>

using catalyse::json;
using test::load_errors;

namespace {

json minimal() { return test::fixture("minimal.json"); }
using test::all_types;
using test::at;
void drop(json& doc, const char* parent, const char* key) { at(doc, parent).erase(key); }

}  // namespace

TEST_CASE("load: the test fixtures and the default questionnaire are valid") {
  CHECK(load_errors(minimal()).empty());
  CHECK(load_errors(all_types()).empty());
  auto def = json::parse(test::read_fixture("../../web/questionnaires/catalyseurs-2018.json"));
  const auto errors = load_errors(def);
  CHECK_MESSAGE(errors.empty(), test::listing(errors));
}

TEST_CASE("load: the document itself") {
  SUBCASE("not JSON") {
    auto loaded = catalyse::load_questionnaire("{\"format\": ");
    REQUIRE(loaded.errors.size() == 1);
    CHECK(loaded.errors[0].path == "");
    CHECK(loaded.errors[0].message.rfind("invalid JSON: parse error at line 1", 0) == 0);
    CHECK_FALSE(loaded.questionnaire);
  }
  SUBCASE("not an object") {
    auto loaded = catalyse::load_questionnaire("[]");
    CHECK_ERROR(loaded.errors, "", "expected a questionnaire object, got an array");
  }
  SUBCASE("wrong format") {
    json doc = minimal();
    doc["format"] = "catalyse-questionnaire/2";
    CHECK_ERROR(load_errors(doc), "/format",
                R"(expected "catalyse-questionnaire/1", got "catalyse-questionnaire/2")");
  }
  SUBCASE("missing members") {
    json doc = minimal();
    doc.erase("levels");
    doc.erase("title");
    auto errors = load_errors(doc);
    CHECK_ERROR(errors, "/levels", R"(missing required member "levels")");
    CHECK_ERROR(errors, "/title", R"(missing required member "title")");
  }
  SUBCASE("a misspelt member is reported, with a hint") {
    json doc = minimal();
    at(doc, "/sections/0/questions/0")["visibleif"] = "true";
    CHECK_ERROR(load_errors(doc), "/sections/0/questions/0/visibleif",
                R"(unknown member "visibleif" (did you mean "visibleIf"?))");
  }
  SUBCASE("empty version") {
    json doc = minimal();
    doc["version"] = "";
    CHECK_ERROR(load_errors(doc), "/version", "must not be empty");
  }
}

TEST_CASE("load: languages and translations") {
  SUBCASE("a missing translation names the language") {
    json doc = minimal();
    drop(doc, "/sections/0/title", "en");
    CHECK_ERROR(load_errors(doc), "/sections/0/title/en", R"(missing translation "en")");
  }
  SUBCASE("an empty translation") {
    json doc = minimal();
    at(doc, "/sections/0/questions/1/options/0/label/fr") = "  ";
    CHECK_ERROR(load_errors(doc), "/sections/0/questions/1/options/0/label/fr", R"(empty translation "fr")");
  }
  SUBCASE("a language not declared") {
    json doc = minimal();
    at(doc, "/title")["de"] = "Mini";
    CHECK_ERROR(load_errors(doc), "/title/de", R"(language "de" is not declared in /languages)");
  }
  SUBCASE("bad and duplicate language tags") {
    json doc = minimal();
    doc["languages"] = {"fr", "en", "fr", "English"};
    auto errors = load_errors(doc);
    CHECK_ERROR(errors, "/languages/2", R"(duplicate language "fr")");
    CHECK_ERROR(errors, "/languages/3", R"(expected a language tag such as "fr" or "en", got "English")");
  }
  SUBCASE("no language") {
    json doc = minimal();
    doc["languages"] = json::array();
    CHECK_ERROR(load_errors(doc), "/languages", "expected an array of at least 1 language");
  }
  SUBCASE("a translation that is not a string") {
    json doc = minimal();
    at(doc, "/title/fr") = 3;
    CHECK_ERROR(load_errors(doc), "/title/fr", "expected a string, got a number");
  }
}

TEST_CASE("load: identifiers follow the pattern and are unique in their scope") {
  SUBCASE("pattern") {
    json doc = minimal();
    at(doc, "/sections/0/questions/0/id") = "Q 1";
    CHECK_ERROR(load_errors(doc), "/sections/0/questions/0/id",
                R"(expected an id matching ^[a-z0-9][a-z0-9_-]{0,63}$, got "Q 1")");
  }
  SUBCASE("too long") {
    json doc = minimal();
    at(doc, "/id") = std::string(65, 'a');
    CHECK(load_errors(doc).size() == 1);
  }
  SUBCASE("questions and sections share one scope") {
    json doc = minimal();
    at(doc, "/sections/0/questions/1/id") = "s1";
    CHECK_ERROR(load_errors(doc), "/sections/0/questions/1/id", R"(duplicate id "s1" (first at /sections/0/id))");
  }
  SUBCASE("options within a question") {
    json doc = minimal();
    at(doc, "/sections/0/questions/0/options/1/id") = "non";
    CHECK_ERROR(load_errors(doc), "/sections/0/questions/0/options/1/id",
                R"(duplicate id "non" (first at /sections/0/questions/0/options/0/id))");
  }
  SUBCASE("the same option id in two questions is fine") {
    json doc = minimal();
    at(doc, "/sections/0/questions/1/options/0/id") = "non";
    CHECK(load_errors(doc).empty());
  }
  SUBCASE("dimensions and levels") {
    json doc = all_types();
    at(doc, "/dimensions/1/id") = "action";
    at(doc, "/levels/1/id") = "amorce";
    auto errors = load_errors(doc);
    CHECK_ERROR(errors, "/dimensions/1/id", R"(duplicate id "action" (first at /dimensions/0/id))");
    CHECK_ERROR(errors, "/levels/1/id", R"(duplicate id "amorce" (first at /levels/0/id))");
  }
  SUBCASE("rows within a matrix") {
    json doc = all_types();
    at(doc, "/sections/1/questions/2/rows/1/id") = "publics";
    CHECK_ERROR(load_errors(doc), "/sections/1/questions/2/rows/1/id",
                R"(duplicate id "publics" (first at /sections/1/questions/2/rows/0/id))");
  }
}

TEST_CASE("load: question types and their members") {
  SUBCASE("unknown type") {
    json doc = minimal();
    at(doc, "/sections/0/questions/0/type") = "likert";
    CHECK_ERROR(load_errors(doc), "/sections/0/questions/0/type",
                R"(expected one of "single", "multiple", "scale", "matrix", "number", "text", got "likert")");
  }
  SUBCASE("fewer than two options") {
    json doc = minimal();
    at(doc, "/sections/0/questions/1/options").erase(1);
    CHECK_ERROR(load_errors(doc), "/sections/0/questions/1/options", "expected an array of at least 2 options");
  }
  SUBCASE("options missing on a choice question") {
    json doc = minimal();
    drop(doc, "/sections/0/questions/1", "options");
    CHECK_ERROR(load_errors(doc), "/sections/0/questions/1/options",
                R"(missing required member "options" for a "single" question)");
  }
  SUBCASE("members that belong to another type") {
    json doc = minimal();
    at(doc, "/sections/0/questions/1")["maxLength"] = 10;
    at(doc, "/sections/0/questions/1")["min"] = 1;
    at(doc, "/sections/0/questions/1")["rows"] = json::array();
    auto errors = load_errors(doc);
    CHECK_ERROR(errors, "/sections/0/questions/1/maxLength", R"(not allowed in a "single" question)");
    CHECK_ERROR(errors, "/sections/0/questions/1/min", R"(not allowed in a "single" question)");
    CHECK_ERROR(errors, "/sections/0/questions/1/rows", R"(not allowed in a "single" question)");
  }
  SUBCASE("text questions are never scored") {
    json doc = all_types();
    at(doc, "/sections/1/questions/5")["scoring"] = {{"dimension", "action"}};
    CHECK_ERROR(load_errors(doc), "/sections/1/questions/5/scoring", "a text question is never scored");
  }
  SUBCASE("text maxLength bounds") {
    json doc = all_types();
    at(doc, "/sections/1/questions/5/maxLength") = 20001;
    CHECK_ERROR(load_errors(doc), "/sections/1/questions/5/maxLength", "must be between 1 and 20000");
  }
  SUBCASE("number bounds") {
    json doc = all_types();
    at(doc, "/sections/0/questions/1/max") = 0;
    CHECK_ERROR(load_errors(doc), "/sections/0/questions/1/max", "must be greater than min");
  }
  SUBCASE("a scored number needs min and max") {
    json doc = all_types();
    drop(doc, "/sections/0/questions/1", "max");
    CHECK_ERROR(load_errors(doc), "/sections/0/questions/1/max", "required when the question is scored");
  }
  SUBCASE("multiple selection bounds") {
    json doc = all_types();
    at(doc, "/sections/1/questions/1")["minSelected"] = 4;
    at(doc, "/sections/1/questions/1/maxSelected") = 6;
    auto errors = load_errors(doc);
    CHECK_ERROR(errors, "/sections/1/questions/1/maxSelected", "must not exceed the number of options (5)");
    doc = all_types();
    at(doc, "/sections/1/questions/1")["minSelected"] = 4;
    CHECK_ERROR(load_errors(doc), "/sections/1/questions/1/minSelected", "must not exceed maxSelected");
    at(doc, "/sections/1/questions/1/minSelected") = -1;
    CHECK_ERROR(load_errors(doc), "/sections/1/questions/1/minSelected", "must not be negative");
  }
  SUBCASE("a matrix needs rows") {
    json doc = all_types();
    at(doc, "/sections/1/questions/2/rows") = json::array();
    CHECK_ERROR(load_errors(doc), "/sections/1/questions/2/rows", "expected an array of at least 1 row");
  }
  SUBCASE("a section needs questions") {
    json doc = minimal();
    at(doc, "/sections/0/questions") = json::array();
    CHECK_ERROR(load_errors(doc), "/sections/0/questions", "expected an array of at least 1 question");
  }
}

TEST_CASE("load: more misplaced and missing members") {
  SUBCASE("options on a number question") {
    json doc = all_types();
    at(doc, "/sections/0/questions/1")["options"] = at(doc, "/sections/0/questions/0/options");
    CHECK_ERROR(load_errors(doc), "/sections/0/questions/1/options", R"(not allowed in a "number" question)");
  }
  SUBCASE("selection bounds outside a multiple question") {
    json doc = all_types();
    at(doc, "/sections/0/questions/0")["maxSelected"] = 1;
    CHECK_ERROR(load_errors(doc), "/sections/0/questions/0/maxSelected", R"(not allowed in a "single" question)");
  }
  SUBCASE("a matrix without rows") {
    json doc = all_types();
    drop(doc, "/sections/1/questions/2", "rows");
    CHECK_ERROR(load_errors(doc), "/sections/1/questions/2/rows", R"(missing required member "rows" for a "matrix" question)");
  }
  SUBCASE("a row scored on its own needs a valued scale") {
    json doc = all_types();
    drop(doc, "/sections/1/questions/2", "scoring");
    for (auto& o : at(doc, "/sections/1/questions/2/options")) o.erase("value");
    CHECK_ERROR(load_errors(doc), "/sections/1/questions/2/rows/2/scoring",
                "a scored row needs at least two distinct option values");
  }
  SUBCASE("shared strings are translated too") {
    json doc = all_types();
    drop(doc, "/strings/merci", "en");
    CHECK_ERROR(load_errors(doc), "/strings/merci/en", R"(missing translation "en")");
  }
  SUBCASE("counts for a multiple question are each at most n") {
    json doc = all_types();
    doc["benchmarks"].push_back({{"id", "actions-2018"}, {"question", "actions"}, {"source", {{"fr", "É"}, {"en", "S"}}},
                                 {"year", 2018}, {"n", 34}, {"counts", {{"diag", 30}, {"projet", 35}}}});
    auto errors = load_errors(doc);
    CHECK_ERROR(errors, "/benchmarks/3/counts/projet", "must not exceed n (34)");
    CHECK(errors.size() == 1);  // 30 + 35 > 34 is fine: a respondent may pick several
  }
  SUBCASE("an empty condition") {
    json doc = all_types();
    at(doc, "/feedback/insights/0/when") = "";
    auto errors = load_errors(doc);
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].path == "/feedback/insights/0/when");
  }
}

TEST_CASE("load: options, values and don't know") {
  SUBCASE("an option is a value or dontKnow, not both") {
    json doc = minimal();
    at(doc, "/sections/0/questions/0/options/3")["value"] = 1;
    CHECK_ERROR(load_errors(doc), "/sections/0/questions/0/options/3/value",
                "a dontKnow option has no value (it counts as missing)");
  }
  SUBCASE("one dontKnow option per question") {
    json doc = minimal();
    at(doc, "/sections/0/questions/0/options").push_back(
        {{"id", "nsp2"}, {"label", {{"fr", "?"}, {"en", "?"}}}, {"dontKnow", true}});
    CHECK_ERROR(load_errors(doc), "/sections/0/questions/0/options/4/dontKnow", "only one dontKnow option per question");
  }
  SUBCASE("a scored question needs a value on every option") {
    json doc = minimal();
    drop(doc, "/sections/0/questions/0/options/1", "value");
    CHECK_ERROR(load_errors(doc), "/sections/0/questions/0/options/1/value",
                "missing value: every option of a scored question needs one (except dontKnow)");
  }
  SUBCASE("an unscored question may omit values") {
    json doc = all_types();
    CHECK_FALSE(at(doc, "/sections/0/questions/0/options/0").contains("value"));
    CHECK(load_errors(doc).empty());
  }
  SUBCASE("a scored question needs two distinct values") {
    json doc = minimal();
    at(doc, "/sections/0/questions/1/options/1/value") = 0;
    CHECK_ERROR(load_errors(doc), "/sections/0/questions/1/options",
                "a scored question needs at least two distinct option values");
  }
  SUBCASE("a scored multiple question needs a positive value") {
    json doc = all_types();
    for (auto& o : at(doc, "/sections/1/questions/1/options"))
      if (o.contains("value")) o["value"] = 0;
    CHECK_ERROR(load_errors(doc), "/sections/1/questions/1/options",
                "a scored multiple question needs at least one positive option value");
  }
  SUBCASE("option values must be numbers") {
    json doc = minimal();
    at(doc, "/sections/0/questions/1/options/1/value") = "4";
    CHECK_ERROR(load_errors(doc), "/sections/0/questions/1/options/1/value", "expected a number, got a string");
  }
}

TEST_CASE("load: scoring references and weights") {
  SUBCASE("unknown dimension") {
    json doc = minimal();
    at(doc, "/sections/0/questions/0/scoring/dimension") = "actoin";
    CHECK_ERROR(load_errors(doc), "/sections/0/questions/0/scoring/dimension", R"(unknown dimension "actoin")");
  }
  SUBCASE("weights must be positive") {
    json doc = all_types();
    at(doc, "/sections/0/questions/1/scoring")["weight"] = 0;
    at(doc, "/dimensions/0/weight") = -1;
    at(doc, "/sections/1/questions/2/rows/2/scoring/weight") = 0;
    auto errors = load_errors(doc);
    CHECK_ERROR(errors, "/sections/0/questions/1/scoring/weight", "must be greater than 0");
    CHECK_ERROR(errors, "/dimensions/0/weight", "must be greater than 0");
    CHECK_ERROR(errors, "/sections/1/questions/2/rows/2/scoring/weight", "must be greater than 0");
  }
  SUBCASE("minAnswered is a share") {
    json doc = all_types();
    at(doc, "/dimensions/1/minAnswered") = 1.5;
    CHECK_ERROR(load_errors(doc), "/dimensions/1/minAnswered", "must be between 0 and 1");
  }
  SUBCASE("every dimension is scored by something") {
    json doc = all_types();
    doc["dimensions"].push_back({{"id", "vide"}, {"label", {{"fr", "Vide"}, {"en", "Empty"}}}});
    doc["feedback"].erase("complete");
    CHECK_ERROR(load_errors(doc), "/dimensions/2", "no question or row scores this dimension");
  }
  SUBCASE("a row of an unscored matrix needs its own dimension") {
    json doc = all_types();
    drop(doc, "/sections/1/questions/2", "scoring");
    auto errors = load_errors(doc);
    CHECK_ERROR(errors, "/sections/1/questions/2/rows/1/scoring",
                "no dimension: give one here or in the question's scoring");
  }
  SUBCASE("a row's unknown dimension") {
    json doc = all_types();
    at(doc, "/sections/1/questions/2/rows/2/scoring/dimension") = "nope";
    CHECK_ERROR(load_errors(doc), "/sections/1/questions/2/rows/2/scoring/dimension", R"(unknown dimension "nope")");
  }
}

TEST_CASE("load: levels") {
  SUBCASE("the first starts at 0") {
    json doc = all_types();
    at(doc, "/levels/0/min") = 5;
    CHECK_ERROR(load_errors(doc), "/levels/0/min", "the first level must start at 0");
  }
  SUBCASE("strictly increasing") {
    json doc = all_types();
    at(doc, "/levels/2/min") = 25;
    CHECK_ERROR(load_errors(doc), "/levels/2/min", "levels must be listed by strictly increasing min");
  }
  SUBCASE("below 100") {
    json doc = all_types();
    at(doc, "/levels/3/min") = 100;
    CHECK_ERROR(load_errors(doc), "/levels/3/min", "must be below 100");
  }
  SUBCASE("at least one") {
    json doc = minimal();
    doc["levels"] = json::array();
    CHECK_ERROR(load_errors(doc), "/levels", "expected an array of at least 1 level");
  }
}

TEST_CASE("load: declared stage") {
  SUBCASE("every non-dontKnow option is mapped") {
    json doc = all_types();
    drop(doc, "/declaredStage/map", "ancre");
    CHECK_ERROR(load_errors(doc), "/declaredStage/map/ancre", "missing: every option except dontKnow needs a level");
  }
  SUBCASE("unknown option, dontKnow option, unknown level") {
    json doc = all_types();
    at(doc, "/declaredStage/map")["autre"] = "essor";
    at(doc, "/declaredStage/map")["nsp"] = "essor";
    at(doc, "/declaredStage/map/non") = "debut";
    auto errors = load_errors(doc);
    CHECK_ERROR(errors, "/declaredStage/map/autre", R"(unknown option "autre" of question "dynamique")");
    CHECK_ERROR(errors, "/declaredStage/map/nsp", "a dontKnow option declares no stage");
    CHECK_ERROR(errors, "/declaredStage/map/non", R"(unknown level "debut")");
  }
  SUBCASE("the question must be single or scale") {
    json doc = all_types();
    at(doc, "/declaredStage/question") = "actions";
    CHECK_ERROR(load_errors(doc), "/declaredStage/question",
                R"(must be a "single" or "scale" question, "actions" is "multiple")");
    at(doc, "/declaredStage/question") = "nope";
    CHECK_ERROR(load_errors(doc), "/declaredStage/question", R"(unknown question "nope")");
  }
  SUBCASE("messages are translated") {
    json doc = all_types();
    drop(doc, "/declaredStage/agree", "en");
    CHECK_ERROR(load_errors(doc), "/declaredStage/agree/en", R"(missing translation "en")");
  }
}

TEST_CASE("load: feedback") {
  SUBCASE("complete feedback needs a recommendation per dimension and level") {
    json doc = all_types();
    at(doc, "/feedback/recommendations").erase(5);  // acteurs / emergence
    CHECK_ERROR(load_errors(doc), "/feedback/recommendations",
                R"(missing recommendation for dimension "acteurs" at level "emergence")");
    doc["feedback"]["complete"] = false;
    CHECK(load_errors(doc).empty());
  }
  SUBCASE("references and duplicates") {
    json doc = all_types();
    at(doc, "/feedback/recommendations/0/dimension") = "nope";
    at(doc, "/feedback/recommendations/1/level") = "nope";
    at(doc, "/feedback/recommendations/3/level") = "essor";
    auto errors = load_errors(doc);
    CHECK_ERROR(errors, "/feedback/recommendations/0/dimension", R"(unknown dimension "nope")");
    CHECK_ERROR(errors, "/feedback/recommendations/1/level", R"(unknown level "nope")");
    CHECK_ERROR(errors, "/feedback/recommendations/3",
                R"(duplicate recommendation for dimension "action" and level "essor" (first at /feedback/recommendations/2))");
  }
  SUBCASE("insight ids are unique") {
    json doc = all_types();
    at(doc, "/feedback/insights/1/id") = "peu-partenaires";
    CHECK_ERROR(load_errors(doc), "/feedback/insights/1/id",
                R"(duplicate id "peu-partenaires" (first at /feedback/insights/0/id))");
  }
}

TEST_CASE("load: expressions are checked at load, errors at their path with the column") {
  auto message_at = [](const catalyse::Issues& errors, const std::string& path) -> std::string {
    for (const auto& e : errors)
      if (e.path == path) return e.message;
    return "";
  };
  SUBCASE("unknown question in visibleIf") {
    json doc = all_types();
    at(doc, "/sections/1/questions/3/visibleIf") = "q.structur == 'entreprise'";
    auto m = message_at(load_errors(doc), "/sections/1/questions/3/visibleIf");
    CHECK(m.rfind("column 3: ", 0) == 0);
    CHECK(m.find("structur") != std::string::npos);
  }
  SUBCASE("an option the question does not have") {
    json doc = all_types();
    at(doc, "/sections/1/questions/3/visibleIf") = "q.structure == 'societe'";
    auto m = message_at(load_errors(doc), "/sections/1/questions/3/visibleIf");
    CHECK(m.rfind("column ", 0) == 0);
    CHECK(m.find("societe") != std::string::npos);
  }
  SUBCASE("visibleIf may not read scores") {
    json doc = all_types();
    at(doc, "/sections/1/questions/3/visibleIf") = "dim.action > 50";
    CHECK(message_at(load_errors(doc), "/sections/1/questions/3/visibleIf").rfind("column 1: ", 0) == 0);
  }
  SUBCASE("an insight may read scores") {
    json doc = all_types();
    at(doc, "/feedback/insights/0/when") = "dim.action > 50 and level == 'essor'";
    CHECK(load_errors(doc).empty());
  }
  SUBCASE("a broken insight condition") {
    json doc = all_types();
    at(doc, "/feedback/insights/0/when") = "q.partenaires <";
    CHECK(message_at(load_errors(doc), "/feedback/insights/0/when").rfind("column ", 0) == 0);
  }
}

TEST_CASE("load: circular visibility conditions are refused") {
  SUBCASE("two questions reading each other") {
    json doc = all_types();
    at(doc, "/sections/0/questions/0")["visibleIf"] = "q.evaluation == 'oui'";
    auto errors = load_errors(doc);
    CHECK_ERROR(errors, "/sections/0/questions/0/visibleIf",
                "circular visibility conditions: structure → evaluation → structure");
  }
  SUBCASE("a question reading itself") {
    json doc = all_types();
    at(doc, "/sections/0/questions/1")["visibleIf"] = "q.partenaires > 2";
    CHECK_ERROR(load_errors(doc), "/sections/0/questions/1/visibleIf",
                "circular visibility conditions: partenaires → partenaires");
  }
  SUBCASE("a forward reference without a cycle is fine") {
    json doc = all_types();
    at(doc, "/sections/0/questions/1")["visibleIf"] = "answered(q.dynamique)";
    CHECK(load_errors(doc).empty());
  }
}

TEST_CASE("load: benchmarks") {
  SUBCASE("counts per option add up to at most n") {
    json doc = all_types();
    at(doc, "/benchmarks/0/counts/ancre") = 20;
    CHECK_ERROR(load_errors(doc), "/benchmarks/0/counts", "counts add up to 46, more than n (34)");
  }
  SUBCASE("per row for a matrix") {
    json doc = all_types();
    at(doc, "/benchmarks/1/counts/publics/jamais") = 5;
    CHECK_ERROR(load_errors(doc), "/benchmarks/1/counts/publics", "counts add up to 35, more than n (34)");
  }
  SUBCASE("unknown options, rows and negative counts") {
    json doc = all_types();
    at(doc, "/benchmarks/0/counts")["peut-etre"] = 1;
    at(doc, "/benchmarks/1/counts")["elus"] = {{"jamais", 1}};
    at(doc, "/benchmarks/2/counts/asso") = -1;
    auto errors = load_errors(doc);
    CHECK_ERROR(errors, "/benchmarks/0/counts/peut-etre", R"(unknown option "peut-etre" of question "dynamique")");
    CHECK_ERROR(errors, "/benchmarks/1/counts/elus", R"(unknown row "elus" of question "freins")");
    CHECK_ERROR(errors, "/benchmarks/2/counts/asso", "must not be negative");
  }
  SUBCASE("the shape of counts follows the question") {
    json doc = all_types();
    at(doc, "/benchmarks/1/counts") = {{"jamais", 3}};
    CHECK_ERROR(load_errors(doc), "/benchmarks/1/counts",
                R"(expected counts per row: {"<row id>": {"<option id>": count}})");
    doc = all_types();
    at(doc, "/benchmarks/0/counts") = {{"publics", {{"non", 3}}}};
    CHECK_ERROR(load_errors(doc), "/benchmarks/0/counts", R"(expected counts per option: {"<option id>": count})");
  }
  SUBCASE("questions that cannot be benchmarked") {
    json doc = all_types();
    at(doc, "/benchmarks/0/question") = "commentaire";
    CHECK_ERROR(load_errors(doc), "/benchmarks/0/question",
                R"(benchmarks need a "single", "scale", "multiple" or "matrix" question, "commentaire" is "text")");
  }
  SUBCASE("n, minN and year") {
    json doc = all_types();
    at(doc, "/benchmarks/0/n") = 0;
    at(doc, "/benchmarks/0")["minN"] = 0;
    at(doc, "/benchmarks/0/year") = 18;
    auto errors = load_errors(doc);
    CHECK_ERROR(errors, "/benchmarks/0/n", "must be at least 1");
    CHECK_ERROR(errors, "/benchmarks/0/minN", "must be at least 1");
    CHECK_ERROR(errors, "/benchmarks/0/year", "expected a four-digit year");
  }
}

TEST_CASE("load: every error is reported, not just the first") {
  json doc = all_types();
  at(doc, "/id") = "Bad Id";
  drop(doc, "/title", "en");
  at(doc, "/sections/0/questions/1/min") = "zero";
  at(doc, "/levels/1/min") = 0;
  at(doc, "/benchmarks/0/year") = "2018";
  auto errors = load_errors(doc);
  CHECK(errors.size() == 5);
  CHECK_ERROR(errors, "/id", R"(expected an id matching ^[a-z0-9][a-z0-9_-]{0,63}$, got "Bad Id")");
  CHECK_ERROR(errors, "/title/en", R"(missing translation "en")");
  CHECK_ERROR(errors, "/sections/0/questions/1/min", "expected a number, got a string");
  CHECK_ERROR(errors, "/levels/1/min", "levels must be listed by strictly increasing min");
  CHECK_ERROR(errors, "/benchmarks/0/year", "expected an integer, got a string");
}

TEST_CASE("load: the list of errors is capped, and says how many more there were") {
  json doc = minimal();
  auto& options = at(doc, "/sections/0/questions/1/options");
  for (int i = 0; i < 300; ++i) options.push_back({{"id", "BAD"}, {"label", {{"fr", "x"}, {"en", "x"}}}, {"value", i}});
  auto errors = load_errors(doc);
  REQUIRE(errors.size() == catalyse::max_reported_issues + 1);
  CHECK(errors.back().path == "");
  CHECK(errors.back().message.find("more errors") != std::string::npos);
}

// A document of n sections {"x":1}: each is missing id, title and questions and has an unknown
// member (4 reading errors; the rules on those members are not reported again). With the
// document's own 6 missing members: 4n + 6 errors.
json junk_sections(int n) {
  json doc = {{"format", "catalyse-questionnaire/1"}, {"sections", json::array()}};
  for (int i = 0; i < n; ++i) doc["sections"].push_back({{"x", 1}});
  return doc;
}

TEST_CASE("load: the count of errors beyond the list is exact while every error is kept") {
  auto one = load_errors(junk_sections(1));
  REQUIRE(one.size() == 10);
  // 200 sections: 806 errors, all kept (under max_kept_issues), 200 listed.
  auto errors = load_errors(junk_sections(200));
  REQUIRE(errors.size() == catalyse::max_reported_issues + 1);
  CHECK(errors[4].path == "/sections/0/id");
  CHECK(errors.back().message == "… and " + std::to_string(806 - 200) + " more errors");
}

TEST_CASE("load: a document with more errors than are kept is refused quickly, with a lower bound") {
  // 100,000 sections: 400,006 errors. Only max_kept_issues are kept and compared against each
  // other, so the time and memory a broken document takes stay bounded.
  auto errors = load_errors(junk_sections(100000));
  REQUIRE(errors.size() == catalyse::max_reported_issues + 1);
  CHECK(errors[4] == catalyse::make_issue("/sections/0/id", "document.missing-member", {{"member", "id"}}));
  // Reading errors beyond the kept ones are counted; rule errors are not then (those under a
  // reading error would not be reported, and that can no longer be told): a lower bound.
  CHECK(errors.back().message == "… and at least " + std::to_string(400006 - 200) + " more errors");
}

TEST_CASE("load: a document's arrays hold at most 100,000 elements in all, counted before reading") {
  // 100,001 questions read from {} would take some 40 MB of model before any check: refused at
  // the array, which is not read.
  json doc = {{"format", "catalyse-questionnaire/1"}, {"sections", {{{"questions", json::array()}}}}};
  auto& questions = doc["sections"][0]["questions"];
  for (int i = 0; i < 100001; ++i) questions.push_back(json::object());
  auto errors = load_errors(doc);
  CHECK_ERROR(errors, "/sections/0/questions",
              "too many elements: 100001 here, 1 before; a document holds at most 100000 array elements in all");
  CHECK(errors.size() < 20);
  // At the limit, the elements are read: each question misses id, type and text (3 errors), the
  // section its id and title, the document 6 members.
  questions.erase(questions.begin(), questions.begin() + 2);
  auto at_limit = load_errors(doc);
  CHECK(at_limit.back().message == "… and at least " + std::to_string(3 * 99999 + 2 + 6 - 200) + " more errors");
}
