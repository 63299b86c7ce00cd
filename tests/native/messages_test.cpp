// The catalog of messages: every code in French and English, every placeholder filled by the
// params the core gives, the same words through every entry point.
#include "core_support.hpp"

#include <catalyse/messages.hpp>
#include <catalyse/scoring.hpp>

#include <regex>
#include <set>

namespace {

using catalyse::json;

/// The placeholder names of a template ({name} or {name:format}).
std::set<std::string> placeholders(std::string_view text) {
  std::set<std::string> names;
  static const std::regex placeholder(R"(\{([A-Za-z0-9]+)(:[A-Za-z0-9]+)?\})");
  const std::string s(text);
  for (auto it = std::sregex_iterator(s.begin(), s.end(), placeholder); it != std::sregex_iterator(); ++it)
    names.insert((*it)[1]);
  return names;
}

/// Every issue's code is in the catalog, its params give every placeholder of both templates, and
/// its message is the English template filled.
void check_issues(const catalyse::Issues& issues, std::set<std::string>& seen) {
  for (const auto& issue : issues) {
    CAPTURE(issue.path);
    CAPTURE(issue.code);
    CAPTURE(issue.message);
    seen.insert(issue.code);
    const char* en = catalyse::message_template(issue.code, "en");
    const char* fr = catalyse::message_template(issue.code, "fr");
    REQUIRE(en != nullptr);
    REQUIRE(fr != nullptr);
    for (const auto& name : placeholders(en)) CHECK_MESSAGE(issue.params.count(name) == 1, "missing param " << name);
    CHECK(issue.message == catalyse::message(issue.code, issue.params, "en"));
    const std::string in_french = catalyse::message(issue.code, issue.params, "fr");
    CHECK(placeholders(in_french).empty());
    CHECK(placeholders(issue.message).empty());
  }
}

/// Variants of `doc`: each member removed, and each value replaced by values of every other kind.
std::vector<json> mutations(const json& doc) {
  std::vector<json> out;
  const json flat = doc.flatten();
  const json replacements[] = {nullptr, -1, 0, 1.5, "", "x y", json::array(), json::object(), true, 1e300};
  for (const auto& [pointer, value] : flat.items()) {
    const json::json_pointer p(pointer);
    for (const auto& r : replacements) {
      json m = doc;
      m[p] = r;
      out.push_back(std::move(m));
    }
    json m = doc;
    json& parent = m[p.parent_pointer()];
    if (parent.is_object()) parent.erase(p.back());
    else parent.erase(static_cast<std::size_t>(std::stoul(p.back())));
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace

TEST_CASE("messages: the catalog is sorted, and each code has an English and a French template with the same placeholders") {
  std::size_t count = 0;
  const auto* catalog = catalyse::message_catalog(count);
  REQUIRE(count > 50);
  for (std::size_t i = 0; i < count; ++i) {
    const auto& m = catalog[i];
    CAPTURE(m.code);
    if (i > 0) CHECK(std::string_view(catalog[i - 1].code) < std::string_view(m.code));
    CHECK(std::string_view(m.en).size() > 0);
    CHECK(std::string_view(m.fr).size() > 0);
    CHECK(std::string_view(m.en) != std::string_view(m.fr));
    CHECK(placeholders(m.en) == placeholders(m.fr));
    CHECK(std::regex_match(m.code, std::regex("[a-z]+(\\.[a-z0-9-]+)+")));
  }
}

TEST_CASE("messages: every code written in the core's sources is in the catalog, and every catalog code is used") {
  std::set<std::string> used;
  static const std::regex literal(R"re("((aggregate|answer|answers|compare|core|crossed|document|issues|json|questionnaire|request)\.[a-z0-9-]+)")re");
  for (const char* file : {"core/src/api.cpp", "core/src/json.cpp", "core/src/questionnaire.cpp", "core/src/reflect.cpp",
                           "core/src/scoring.cpp", "core/src/validate.cpp", "wasm/binding.cpp",
                           "core/src/aggregate_accumulate.cpp", "core/src/aggregate_check.cpp", "core/src/aggregate_options.cpp",
                           "core/src/aggregate_read.cpp", "core/src/aggregate_crossed.cpp", "core/src/compare.cpp"}) {
    const std::string text = test::read_file(std::string(CATALYSE_SOURCE_DIR) + "/" + file);
    for (auto it = std::sregex_iterator(text.begin(), text.end(), literal); it != std::sregex_iterator(); ++it)
      used.insert((*it)[1]);
  }
  for (const auto& code : used) CHECK_MESSAGE(catalyse::message_template(code, "en") != nullptr, code);
  // The expression's parser names its codes after "questionnaire.expression." (expression_test.cpp
  // reaches each of them).
  std::set<std::string> words;
  static const std::regex word(R"re("([a-z0-9]+(-[a-z0-9]+)*)")re");
  const std::string expression = test::read_file(std::string(CATALYSE_SOURCE_DIR) + "/core/src/expression.cpp");
  for (auto it = std::sregex_iterator(expression.begin(), expression.end(), word); it != std::sregex_iterator(); ++it)
    words.insert((*it)[1]);
  std::size_t count = 0;
  const auto* catalog = catalyse::message_catalog(count);
  for (std::size_t i = 0; i < count; ++i) {
    const std::string_view code = catalog[i].code, group = "questionnaire.expression.";
    const bool in_expression = code.substr(0, group.size()) == group && words.count(std::string(code.substr(group.size())));
    CHECK_MESSAGE((used.count(catalog[i].code) == 1 || in_expression), catalog[i].code << " is never used");
  }
}

TEST_CASE("messages: the issues of broken questionnaires and wrong answers carry the params of their templates") {
  std::set<std::string> seen;
  for (const char* name : {"minimal.json", "all-types.json"}) {
    const json doc = test::fixture(name);
    for (const auto& m : mutations(doc)) check_issues(catalyse::load_questionnaire(m.dump()).errors, seen);
  }
  for (const char* text : {"", "[", "{\"a\" 1}", "{\"a\":1,}", "[1 2]", "tru", "-", "01", "1.", "1e", "\"\\x\"", "\"\\u12\"",
                           "\"\\uDC00\"", "\"\\uD800x\"", "\"a\tb\"", "\"\xff\"", "{} x", "1e999"})
    check_issues(catalyse::load_questionnaire(text).errors, seen);
  const auto q = test::load_ok(test::all_types());
  const json answers = test::all_types_answers_a();
  for (const auto& m : mutations(answers)) {
    if (!m.is_object()) continue;
    check_issues(catalyse::evaluate(*q, m).answer_errors, seen);
  }
  check_issues(catalyse::evaluate(*q, json::parse(R"({"unknown":1,"actions":["diag","diag","nsp"],"partenaires":25})")).answer_errors, seen);
  // The broken documents above reach most of the catalog.
  CHECK(seen.size() >= 60);
}

TEST_CASE("messages: French reads as French, numbers with a decimal comma") {
  catalyse::Params above{{"value", "25"}, {"maximum", "10"}};
  CHECK(catalyse::message("answer.above-maximum", above, "fr") == "25 est au-dessus du maximum, 10");
  CHECK(catalyse::message("answer.above-maximum", above, "fr-CA") == "25 est au-dessus du maximum, 10");
  CHECK(catalyse::message("answer.above-maximum", above, "en") == "25 is above the maximum 10");
  CHECK(catalyse::message("answer.above-maximum", above, "de") == "25 is above the maximum 10");
  CHECK(catalyse::message("answer.expected-number", {{"got", "string"}}, "fr") ==
        "réponse attendue : un nombre, reçu : une chaîne de caractères");
  CHECK(catalyse::message("answer.not-whole", {{"value", "2.5"}}, "fr") == "réponse attendue : un nombre entier, reçu : 2,5");
  CHECK(catalyse::message("json.expected-end", {{"line", "1"}, {"column", "4"}, {"found", "x"}}, "fr") ==
        "JSON invalide : erreur à la ligne 1, colonne 4 : la fin du texte est attendue après le document, trouvé : 'x'");
  CHECK(catalyse::message("no.such-code", {}, "fr") == "no.such-code");
  // A brace that opens no placeholder is text.
  CHECK(catalyse::message("questionnaire.invalid-id", {{"id", "A"}}, "en") ==
        "expected an id matching ^[a-z0-9][a-z0-9_-]{0,63}$, got \"A\"");
}

TEST_CASE("messages: the facade writes errors and answer errors in the language asked for") {
  json doc = test::fixture("minimal.json");
  doc["levels"][0]["min"] = 3;
  std::shared_ptr<const catalyse::Questionnaire> q;
  const json en = json::parse(catalyse::api::load(doc.dump(), q));
  const json fr = json::parse(catalyse::api::load(doc.dump(), q, "fr"));
  CHECK(en["errors"][0]["message"] == "the first level must start at 0");
  CHECK(fr["errors"][0]["message"] == "le premier niveau doit commencer à 0");
  CHECK(en["errors"][0]["code"] == fr["errors"][0]["code"]);
  const auto all = test::load_ok(test::all_types());
  const json r = test::score(*all, {{"partenaires", 25}}, "fr");
  REQUIRE(r["answerErrors"].size() == 1);
  CHECK(r["answerErrors"][0] == json::parse(R"({"path":"/partenaires","code":"answer.above-maximum",
    "params":{"value":"25","maximum":"20"},"message":"25 est au-dessus du maximum, 20"})"));
}

TEST_CASE("messages: catalog_json holds every template a core reports, kind, found word and prefix in both languages") {
  const json catalog = json::parse(catalyse::catalog_json());
  std::size_t count = 0, notes = 0;
  const auto* templates = catalyse::message_catalog(count);
  for (const char* lang : {"fr", "en"}) {
    CAPTURE(lang);
    notes = 0;
    for (std::size_t i = 0; i < count; ++i) {
      if (std::string_view(templates[i].code).rfind("crossed.", 0) == 0) {
        ++notes;  // the aggregate's notes, written by the core in the aggregate's language
        CHECK_FALSE(catalog[lang]["templates"].contains(templates[i].code));
        continue;
      }
      CHECK(catalog[lang]["templates"][templates[i].code] == catalyse::message_template(templates[i].code, lang));
    }
    CHECK(notes > 0);
    REQUIRE(catalog[lang]["templates"].size() == count - notes);
    CHECK(catalog[lang]["kinds"].size() == 7);
    CHECK(catalog[lang]["found"].size() == 4);
    CHECK(catalog[lang]["prefixes"]["json"].get<std::string>().find("{line}") != std::string::npos);
    CHECK(catalog[lang]["prefixes"]["questionnaire.expression"].get<std::string>().find("{column}") != std::string::npos);
    CHECK(catalog[lang]["operands"].size() == 17);
  }
  CHECK(catalog["fr"]["operands"]["option"] == "{ref}, un identifiant d'option");
  CHECK(catalog["fr"]["kinds"]["string"] == "une chaîne de caractères");
  CHECK(catalog["fr"]["found"]["end"] == "la fin du texte");
}
