// The JSON facade (core/include/catalyse/api.hpp): what the widget and the CLI receive.
#include "core_support.hpp"

using catalyse::json;

namespace {

std::string load_text(const std::string& text, std::shared_ptr<const catalyse::Questionnaire>& q) {
  return catalyse::api::load(text, q);
}

}  // namespace

TEST_CASE("api: load answers {\"ok\":true,…} with the questionnaire's identity") {
  std::shared_ptr<const catalyse::Questionnaire> q;
  const std::string out = load_text(test::read_fixture("minimal.json"), q);
  REQUIRE(q);
  CHECK(out.rfind(R"({"ok":true,)", 0) == 0);  // the wasm binding splices a handle in here
  CHECK(out == R"({"ok":true,"questionnaire":{"id":"minimal","version":"1.0.0","hash":")" + q->compiled.hash +
                   R"(","languages":["fr","en"]}})");
}

TEST_CASE("api: load failures are values with every error, and no questionnaire") {
  std::shared_ptr<const catalyse::Questionnaire> q = test::load_ok(test::fixture("minimal.json"));
  SUBCASE("invalid document") {
    json doc = test::fixture("minimal.json");
    doc["sections"][0]["questions"][1]["options"].erase(1);
    doc["levels"][0]["min"] = 3;
    const json out = json::parse(load_text(doc.dump(), q));
    CHECK_FALSE(q);
    CHECK(out["ok"] == false);
    CHECK(out["errors"] == json::parse(R"([
      {"path":"/sections/0/questions/1/options","code":"questionnaire.too-few-options","params":{},"message":"expected an array of at least 2 options"},
      {"path":"/levels/0/min","code":"questionnaire.first-level-min","params":{},"message":"the first level must start at 0"}])"));
    std::shared_ptr<const catalyse::Questionnaire> q_fr;
    const json fr = json::parse(catalyse::api::load(doc.dump(), q_fr, "fr"));
    CHECK(fr["errors"][0]["message"] == "attendu : un tableau d'au moins 2 options");
    CHECK(fr["errors"][1]["message"] == "le premier niveau doit commencer à 0");
  }
  SUBCASE("not JSON, wrong type, empty") {
    for (const char* text : {"", "nope", "42", "null", "[{}]", "{\"format\":"}) {
      const json out = json::parse(load_text(text, q));
      CHECK(out["ok"] == false);
      CHECK(out["errors"].size() >= 1);
      CHECK_FALSE(q);
    }
  }
  SUBCASE("a document over the size limit") {
    const std::string huge(catalyse::max_questionnaire_bytes + 1, ' ');
    const json out = json::parse(load_text(huge, q));
    CHECK(out["errors"][0]["message"].get<std::string>().rfind("document too large", 0) == 0);
  }
}

TEST_CASE("api: score needs an answers object and an offered language") {
  auto q = test::load_ok(test::fixture("minimal.json"));
  SUBCASE("a language the questionnaire does not offer") {
    CHECK(catalyse::api::score(*q, "{}", "de") ==
          R"x({"ok":false,"errors":[{"path":"","code":"request.language-not-offered","params":{"language":"de","offered":"fr, en"},)x"
          R"x("message":"language \"de\" is not offered by this questionnaire (fr, en)"}]})x");
  }
  SUBCASE("no language means the first one") {
    CHECK(test::score(*q, json::object(), "")["lang"] == "fr");
  }
  SUBCASE("answers that are not an object") {
    CHECK(catalyse::api::score(*q, "[]", "en") ==
          R"({"ok":false,"errors":[{"path":"","code":"answers.not-object","params":{"got":"array"},)"
          R"("message":"expected an object of answers (question id → answer), got an array"}]})");
    CHECK(catalyse::api::score(*q, "[]", "fr") ==
          R"({"ok":false,"errors":[{"path":"","code":"answers.not-object","params":{"got":"array"},)"
          R"("message":"attendu : un objet de réponses (identifiant de question → réponse), reçu : un tableau"}]})");
  }
  SUBCASE("answers that are not JSON") {
    const json out = json::parse(catalyse::api::score(*q, "{\"q1\":", "fr"));
    CHECK(out["ok"] == false);
    CHECK(out["errors"][0]["code"] == "json.expected-value");
    CHECK(out["errors"][0]["message"].get<std::string>().rfind("JSON invalide : erreur à la ligne 1, colonne 7", 0) == 0);
  }
  SUBCASE("answers nested too deeply") {
    const json out = json::parse(catalyse::api::score(*q, "{\"q1\":" + std::string(100, '[') + std::string(100, ']') + "}", "fr"));
    CHECK(out["ok"] == false);
  }
}

TEST_CASE("api: the result's members come in a fixed order") {
  auto q = test::load_ok(test::fixture("minimal.json"));
  const std::string out = catalyse::api::score(*q, R"({"q1":"peu","q2":"a"})", "fr");
  CHECK(out == R"({"ok":true,"result":{"format":"catalyse-result/1","questionnaire":{"id":"minimal","version":"1.0.0",)"
               R"("hash":")" + q->compiled.hash + R"("},"lang":"fr","visible":["q1","q2"],)"
               R"("progress":{"answered":2,"visible":2,"requiredMissing":[]},)"
               R"("dimensions":[{"id":"action","label":"Action","status":"ok","score":87.5,"answered":2,"items":2,"level":"essor"}],)"
               R"("index":87.5,"level":{"id":"essor","label":"Essor","interpretation":"…","min":50.0},)"
               R"("reading":{"provisional":false,"dimensionsScored":1,"dimensionsNeeded":1,"dimensions":1,"moreAnswers":0},)"
               R"("declared":null,"strongest":null,"weakest":null,"recommendations":[],"insights":[],"benchmarks":[],)"
               R"("answerErrors":[]}})");
}

TEST_CASE("api: version names the core and the formats") {
  const json v = json::parse(catalyse::api::version());
  CHECK(v["core"] == "0.1.0");
  CHECK(v["formats"] == json({"catalyse-questionnaire/1", "catalyse-result/1", "catalyse-response/1", "catalyse-aggregate/1", "catalyse-comparison/1"}));
}

TEST_CASE("hash: FNV-1a 64 of the canonical JSON") {
  SUBCASE("the published FNV-1a 64 test vectors") {
    CHECK(catalyse::fnv1a64("") == "fnv1a64:cbf29ce484222325");
    CHECK(catalyse::fnv1a64("a") == "fnv1a64:af63dc4c8601ec8c");
    CHECK(catalyse::fnv1a64("foobar") == "fnv1a64:85944171f73967e8");
  }
  SUBCASE("canonical: member order and spacing do not matter") {
    CHECK(catalyse::document_hash(json::parse(R"({"b":1, "a":[1,2]})")) ==
          catalyse::document_hash(json::parse("{\"a\":[1,2],\n\"b\":1}")));
    CHECK(catalyse::document_hash(json::parse(R"({"a":1})")) == catalyse::fnv1a64(R"({"a":1})"));
  }
  SUBCASE("a loaded questionnaire's hash is that of its document, stable across formatting") {
    const json doc = test::fixture("all-types.json");
    auto q1 = test::load_ok(doc);
    CHECK(q1->compiled.hash == catalyse::document_hash(doc));
    std::shared_ptr<const catalyse::Questionnaire> q2;
    catalyse::api::load(doc.dump(2), q2);
    REQUIRE(q2);
    CHECK(q2->compiled.hash == q1->compiled.hash);
  }
  SUBCASE("any change of content changes it") {
    json doc = test::fixture("all-types.json");
    auto before = test::load_ok(doc)->compiled.hash;
    doc["levels"][1]["label"]["fr"] = "Émergente";
    CHECK(test::load_ok(doc)->compiled.hash != before);
  }
  SUBCASE("pinned: a stored response keeps naming the same document across core versions") {
    CHECK(test::load_ok(test::fixture("minimal.json"))->compiled.hash == "fnv1a64:a8fa9d2aaea70d87");
  }
}
