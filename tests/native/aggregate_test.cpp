// Aggregation of response records (docs/AGGREGATE.md): counts, rounding as the 2018 study does,
// deduplication, malformed input reported with its position, small groups hidden, benchmark block.
#include "core_support.hpp"

#include <catalyse/aggregate.hpp>
#include <catalyse/api.hpp>
#include <catalyse/messages.hpp>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <memory>
#include <set>
#include <string>
#include <vector>

namespace {

using nlohmann::json;

// A small questionnaire shaped like the study's: a profile question, the declared stage, the
// challenges matrix ("Enjeux communs") and one scored scale.
const char* const questionnaire_text = R"({
  "format": "catalyse-questionnaire/1",
  "id": "agg-test",
  "version": "1.0.0",
  "languages": ["fr", "en"],
  "title": {"fr": "Test d'agrégation", "en": "Aggregation test"},
  "sections": [{
    "id": "s1", "title": {"fr": "Section", "en": "Section"},
    "questions": [
      {"id": "profil", "type": "single", "text": {"fr": "Type de structure", "en": "Type of organisation"},
       "options": [
         {"id": "asso", "label": {"fr": "Association", "en": "Association"}},
         {"id": "collectivite", "label": {"fr": "Collectivité", "en": "Local authority"}},
         {"id": "entreprise", "label": {"fr": "Entreprise", "en": "Business"}}]},
      {"id": "dynamique", "type": "single", "text": {"fr": "Dynamique", "en": "Dynamic"},
       "options": [
         {"id": "ancre", "label": {"fr": "Ancré", "en": "Rooted"}},
         {"id": "nombreuses", "label": {"fr": "De plus en plus nombreuses", "en": "More and more"}},
         {"id": "emerge", "label": {"fr": "Émerge", "en": "Emerging"}},
         {"id": "non", "label": {"fr": "Non", "en": "No"}}]},
      {"id": "enjeux", "type": "matrix", "text": {"fr": "Enjeux communs", "en": "Common challenges"},
       "scoring": {"dimension": "enjeux"},
       "rows": [
         {"id": "numerique", "label": {"fr": "Transformation numérique", "en": "Digital transformation"}},
         {"id": "competences", "label": {"fr": "Mutation des compétences", "en": "Changing skills"}},
         {"id": "hybridation", "label": {"fr": "Hybridation des modèles socio-économiques", "en": "Hybrid socio-economic models"}},
         {"id": "evaluation", "label": {"fr": "Evolution des modes d'évaluation", "en": "New ways of evaluating"}}],
       "options": [
         {"id": "prioritaire", "label": {"fr": "Prioritaire", "en": "Priority"}, "value": 3},
         {"id": "tres", "label": {"fr": "Très important", "en": "Very important"}, "value": 2},
         {"id": "important", "label": {"fr": "Important", "en": "Important"}, "value": 1},
         {"id": "secondaire", "label": {"fr": "Secondaire", "en": "Secondary"}, "value": 0},
         {"id": "nsp", "label": {"fr": "Ne sait pas", "en": "Don't know"}, "dontKnow": true}]},
      {"id": "actions", "type": "scale", "text": {"fr": "Actions engagées", "en": "Actions taken"},
       "scoring": {"dimension": "action"},
       "options": [
         {"id": "a0", "label": {"fr": "Aucune", "en": "None"}, "value": 0},
         {"id": "a1", "label": {"fr": "Dialogue", "en": "Dialogue"}, "value": 1},
         {"id": "a2", "label": {"fr": "Projets", "en": "Projects"}, "value": 2}]},
      {"id": "remarque", "type": "text", "text": {"fr": "Remarque", "en": "Remark"}}
    ]}],
  "dimensions": [
    {"id": "enjeux", "label": {"fr": "Enjeux", "en": "Challenges"}},
    {"id": "action", "label": {"fr": "Action", "en": "Action"}}],
  "levels": [
    {"id": "emergence", "min": 0, "label": {"fr": "Émergence", "en": "Emergence"}, "interpretation": {"fr": "…", "en": "…"}},
    {"id": "essor", "min": 50, "label": {"fr": "Essor", "en": "Growth"}, "interpretation": {"fr": "…", "en": "…"}},
    {"id": "ancrage", "min": 75, "label": {"fr": "Ancrage", "en": "Rooted"}, "interpretation": {"fr": "…", "en": "…"}}],
  "declaredStage": {"question": "dynamique",
    "map": {"ancre": "ancrage", "nombreuses": "essor", "emerge": "emergence", "non": "emergence"},
    "agree": {"fr": "Accord", "en": "Agree"}, "disagree": {"fr": "Désaccord", "en": "Disagree"}}
})";

struct Fixture : test::Loaded {
  Fixture() : Loaded(questionnaire_text) {}
  json run(const json& input, const json& options = json::object()) const {
    const std::string out = catalyse::api::aggregate(*q, input.dump(), options.dump());
    json parsed = json::parse(out, nullptr, false);
    REQUIRE_FALSE(parsed.is_discarded());
    return parsed;
  }
};

// 34 responses whose challenges ratings give exactly the study's figures.
std::vector<json> study_records(const Fixture& f) {
  struct Split { const char* row; int prioritaire, tres, important; };
  const Split splits[] = {{"numerique", 14, 14, 6}, {"competences", 10, 14, 10}, {"hybridation", 8, 12, 14}, {"evaluation", 2, 10, 22}};
  std::vector<json> records;
  for (int i = 0; i < 34; ++i) {
    json enjeux = json::object();
    for (const auto& s : splits) {
      enjeux[s.row] = i < s.prioritaire ? "prioritaire" : i < s.prioritaire + s.tres ? "tres" : "important";
    }
    records.push_back(f.record("r-" + std::to_string(i), {{"enjeux", enjeux}, {"actions", "a1"}}));
  }
  return records;
}

using test::find_by;

}  // namespace

TEST_CASE("aggregate: the study's challenges table is reproduced exactly from 34 responses") {
  Fixture f;
  const json out = f.run(study_records(f));
  REQUIRE_MESSAGE(out["ok"] == true, out.dump());
  const json& a = out["aggregate"];
  CHECK(a["format"] == "catalyse-aggregate/1");
  CHECK(a["n"] == 34);
  const json& enjeux = find_by(a["questions"], "id", "enjeux");
  CHECK(enjeux["base"] == 34);
  struct Expect { const char* row; int prioritaire, tres, plus; };
  // PRODUCT.md: 41/41/82, 29/41/70, 24/35/59, 6/29/35 (70, not 71: the sum of rounded parts).
  const Expect table[] = {{"numerique", 41, 41, 82}, {"competences", 29, 41, 70}, {"hybridation", 24, 35, 59}, {"evaluation", 6, 29, 35}};
  for (const auto& e : table) {
    CAPTURE(e.row);
    const json& row = find_by(enjeux["rows"], "id", e.row);
    CHECK(row["base"] == 34);
    CHECK(find_by(row["options"], "id", "prioritaire")["percent"] == e.prioritaire);
    CHECK(find_by(row["options"], "id", "tres")["percent"] == e.tres);
    CHECK(row["topTwo"]["percent"] == e.plus);
    CHECK(row["topTwo"]["options"] == json::array({"prioritaire", "tres"}));
  }
  // Counts stand beside the percentages.
  CHECK(find_by(find_by(enjeux["rows"], "id", "numerique")["options"], "id", "prioritaire")["count"] == 14);
  CHECK(find_by(enjeux["rows"], "id", "competences")["topTwo"]["count"] == 24);
  CHECK(a["rounding"].get<std::string>().find("arrondi") != std::string::npos);
}

TEST_CASE("aggregate: identical duplicates count once, conflicting ones are reported and the first is kept") {
  Fixture f;
  const json a1 = f.record("same", {{"actions", "a2"}});
  const json a2 = f.record("other", {{"actions", "a0"}});
  json conflicting = f.record("other", {{"actions", "a2"}});
  const json input = {{"sources", {{{"name", "tablette-1.json"}, {"records", {a1, a2}}},
                                   {{"name", "tablette-1-bis.json"}, {"records", {a1, a2}}},
                                   json::array({conflicting})}}};
  const json out = f.run(input);
  REQUIRE(out["ok"] == true);
  const json& a = out["aggregate"];
  CHECK(a["n"] == 2);
  CHECK(a["input"]["records"] == 5);
  CHECK(a["input"]["duplicates"] == 2);
  CHECK(a["input"]["conflicts"] == 1);
  CHECK(a["input"]["sources"][1]["duplicates"] == 2);
  const json& p = find_by(a["problems"], "kind", "conflict");
  CHECK(p["source"] == 2);
  CHECK(p["record"] == 0);
  CHECK(p["path"] == "/0/id");
  CHECK(p["kept"] == json({{"source", 0}, {"record", 1}}));
  // The kept copy is the first: "other" answered a0.
  const json& actions = find_by(a["questions"], "id", "actions");
  CHECK(find_by(actions["options"], "id", "a0")["count"] == 1);
  CHECK(find_by(actions["options"], "id", "a2")["count"] == 1);
}

TEST_CASE("aggregate: malformed records and exports are reported with where and why; the rest is counted") {
  Fixture f;
  const json good = f.record("good-1", {{"actions", "a2"}});
  json no_id = f.record("x", {{"actions", "a1"}});
  no_id.erase("id");
  json bad_answers = f.record("bad-answers", json::array());
  json wrong_format = f.record("wf", {});
  wrong_format["format"] = "catalyse-response/9";
  json other_q = f.record("other-q", {{"actions", "a1"}});
  other_q["questionnaire"]["id"] = "autre-questionnaire";
  json other_hash = f.record("other-hash", {{"actions", "a1"}});
  other_hash["questionnaire"]["hash"] = "fnv1a64:0000000000000000";
  const json bad_answer = f.record("bad-answer", {{"actions", "a9"}, {"profil", "asso"}});

  const json input = {{"sources", {
      {{"name", "a.json"}, {"records", {good, 42, no_id, bad_answers, wrong_format, other_q, other_hash, bad_answer}}},
      {{"name", "broken.json"}, {"text", "[\n  {\"format\": \"catalyse-response/1\",\n  oops\n]"}},
      {{"name", "not-an-export.json"}, {"text", "{\"hello\": 1}"}},
      {{"name", "b.json"}, {"text", json::array({f.record("good-2", {{"actions", "a0"}})}).dump()}}}}};
  const json out = f.run(input);
  REQUIRE_MESSAGE(out["ok"] == true, out.dump());
  const json& a = out["aggregate"];
  CHECK(a["n"] == 3);  // good-1, bad-answer (its bad answer left out), good-2
  CHECK(a["input"]["malformed"] == 4);
  CHECK(a["input"]["otherQuestionnaire"] == 2);
  CHECK(a["input"]["unreadableSources"] == 2);
  CHECK(a["input"]["answerErrors"] == 1);

  auto at = [&](int source, int record) -> const json& {
    for (const auto& p : a["problems"])
      if (p["source"] == source && p.contains("record") && p["record"] == record) return p;
    FAIL("no problem at " << source << "/" << record);
    static const json none;
    return none;
  };
  CHECK(at(0, 1)["path"] == "/records/1");
  CHECK(at(0, 1)["message"].get<std::string>().find("reçu : un nombre") != std::string::npos);  // the questionnaire's first language
  CHECK(at(0, 2)["path"] == "/records/2/id");
  CHECK(at(0, 3)["path"] == "/records/3/answers");
  CHECK(at(0, 4)["path"] == "/records/4/format");
  CHECK(at(0, 5)["kind"] == "questionnaire");
  CHECK(at(0, 5)["path"] == "/records/5/questionnaire/id");
  CHECK(at(0, 6)["path"] == "/records/6/questionnaire/hash");
  CHECK(at(0, 7)["kind"] == "answer");
  CHECK(at(0, 7)["path"] == "/records/7/answers/actions");
  CHECK(at(0, 7)["name"] == "a.json");

  const json* broken = nullptr;
  for (const auto& p : a["problems"])
    if (p["source"] == 1) broken = &p;
  REQUIRE(broken != nullptr);
  CHECK((*broken)["kind"] == "unreadable");
  CHECK((*broken)["name"] == "broken.json");
  CHECK((*broken)["line"] == 3);
  CHECK((*broken)["message"].get<std::string>().find("ligne 3") != std::string::npos);

  // The record with one bad answer still counts for its other answers.
  const json& profil = find_by(a["questions"], "id", "profil");
  CHECK(profil["base"] == 1);
  const json& actions = find_by(a["questions"], "id", "actions");
  CHECK(actions["base"] == 2);
}

TEST_CASE("aggregate: breakdown groups under minGroup are hidden, size and results") {
  Fixture f;
  std::vector<json> records;
  for (int i = 0; i < 6; ++i) records.push_back(f.record("asso-" + std::to_string(i), {{"profil", "asso"}, {"actions", "a2"}}));
  for (int i = 0; i < 3; ++i) records.push_back(f.record("ent-" + std::to_string(i), {{"profil", "entreprise"}, {"actions", "a0"}}));
  for (int i = 0; i < 2; ++i) records.push_back(f.record("none-" + std::to_string(i), {{"actions", "a1"}}));

  SUBCASE("default threshold 5, default breakdowns = unscored single questions except the declared stage") {
    const json out = f.run(records);
    REQUIRE(out["ok"] == true);
    const json& b = out["aggregate"]["breakdowns"];
    REQUIRE(b.size() == 1);
    CHECK(b[0]["question"] == "profil");
    const json& asso = find_by(b[0]["groups"], "option", "asso");
    CHECK(asso["hidden"] == false);
    CHECK(asso["n"] == 6);
    CHECK(asso["index"]["mean"] == 100.0);
    const json& ent = find_by(b[0]["groups"], "option", "entreprise");
    CHECK(ent["hidden"] == true);
    CHECK_FALSE(ent.contains("n"));
    CHECK_FALSE(ent.contains("index"));
    CHECK_FALSE(ent.contains("dimensions"));
    CHECK(b[0]["hiddenGroups"] == 2);  // entreprise (3) and "no answer" (2)
    CHECK(b[0]["note"].get<std::string>().find("5") != std::string::npos);
    CHECK(find_by(b[0]["groups"], "option", "collectivite")["n"] == 0);
  }
  SUBCASE("a workshop's lower threshold shows them") {
    const json out = f.run(records, {{"minGroup", 3}, {"workshop", true}, {"breakdowns", {"profil"}}});
    REQUIRE(out["ok"] == true);
    const json& ent = find_by(out["aggregate"]["breakdowns"][0]["groups"], "option", "entreprise");
    CHECK(ent["hidden"] == false);
    CHECK(ent["n"] == 3);
    CHECK(ent["index"]["mean"] == 0.0);
  }
  SUBCASE("options are checked") {
    const json out = f.run(records, {{"breakdowns", {"enjeux", "nope"}}, {"minGroup", 0}});
    REQUIRE(out["ok"] == false);
    CHECK(out["errors"][0]["path"] == "/minGroup");
    const json again = f.run(records, {{"breakdowns", {"enjeux", "nope"}}});
    REQUIRE(again["ok"] == false);
    CHECK(again["errors"][0]["path"] == "/breakdowns/0");
    CHECK(again["errors"][1]["path"] == "/breakdowns/1");
    const json lang = f.run(records, {{"lang", "de"}});
    REQUIRE(lang["ok"] == false);
    CHECK(lang["errors"][0]["path"] == "/lang");
  }
}

TEST_CASE("aggregate: score, level and declared-stage distributions come from the core's scoring") {
  Fixture f;
  std::vector<json> records;
  // actions a0/a1/a2 score 0/50/100 on "action"; enjeux unanswered → insufficient.
  records.push_back(f.record("d0", {{"actions", "a0"}, {"dynamique", "non"}}));
  records.push_back(f.record("d1", {{"actions", "a1"}, {"dynamique", "nombreuses"}}));
  records.push_back(f.record("d2", {{"actions", "a2"}, {"dynamique", "nombreuses"}}));
  records.push_back(f.record("d3", {{"actions", "a2"}}));
  const json out = f.run(records, {{"lang", "en"}});
  REQUIRE(out["ok"] == true);
  const json& a = out["aggregate"];
  CHECK(a["lang"] == "en");
  const json& action = find_by(a["dimensions"], "id", "action");
  CHECK(action["label"] == "Action");
  CHECK(action["n"] == 4);
  CHECK(action["mean"] == 62.5);
  CHECK(action["median"] == 75.0);
  CHECK(action["bins"][0]["count"] == 1);  // 0
  CHECK(action["bins"][5]["count"] == 1);  // 50
  CHECK(action["bins"][9]["count"] == 2);  // 100 falls in the last bin
  const json& enjeux = find_by(a["dimensions"], "id", "enjeux");
  CHECK(enjeux["n"] == 0);
  CHECK(enjeux["insufficient"] == 4);
  CHECK(enjeux["mean"].is_null());
  const json& levels = a["levels"]["levels"];
  CHECK(find_by(levels, "id", "emergence")["count"] == 1);
  CHECK(find_by(levels, "id", "essor")["count"] == 1);
  CHECK(find_by(levels, "id", "ancrage")["count"] == 2);
  CHECK(find_by(levels, "id", "ancrage")["percent"] == 50);
  const json& declared = a["declared"];
  CHECK(declared["base"] == 3);
  CHECK(find_by(declared["stages"], "option", "nombreuses")["count"] == 2);
  CHECK(find_by(declared["stages"], "option", "nombreuses")["percent"] == 67);
  CHECK(declared["agree"] == 2);     // d0 (non → emergence, 0), d1 (essor, 50)
  CHECK(declared["disagree"] == 1);  // d2 (essor, computed ancrage)
  CHECK(a["rounding"].get<std::string>().find("rounded") != std::string::npos);
}

TEST_CASE("aggregate: the benchmark block is accepted by the questionnaire format") {
  Fixture f;
  json options = json::object();
  options["benchmark"] = {{"id", "rencontres-2026"}, {"source", {{"fr", "Rencontres 2026"}, {"en", "2026 meeting"}}}};
  const json out = f.run(study_records(f), options);
  REQUIRE(out["ok"] == true);
  const json& benchmarks = out["aggregate"]["benchmarks"];
  const json& b = find_by(benchmarks, "question", "enjeux");
  CHECK(b["id"] == "rencontres-2026-enjeux");
  CHECK(b["n"] == 34);
  CHECK(b["year"] == 2026);
  CHECK(b["counts"]["numerique"]["prioritaire"] == 14);
  CHECK(b["counts"]["evaluation"]["tres"] == 10);

  // Closing the loop: a questionnaire carrying these benchmarks still loads.
  json doc = json::parse(questionnaire_text);
  doc["benchmarks"] = benchmarks;
  std::shared_ptr<const catalyse::Questionnaire> q2;
  const json loaded = json::parse(catalyse::api::load(doc.dump(), q2));
  CHECK_MESSAGE(loaded["ok"] == true, loaded.dump());
}

TEST_CASE("aggregate: input shapes and hostile text") {
  Fixture f;
  const json r = f.record("a\"b\\c\n</script>", {{"actions", "a1"}, {"remarque", "texte \"libre\" \u0001"}});
  SUBCASE("a bare array, {records}, and raw text") {
    CHECK(f.run(json::array({r}))["aggregate"]["n"] == 1);
    CHECK(f.run({{"records", {r}}})["aggregate"]["n"] == 1);
    CHECK(f.run({{"sources", {{{"name", "x"}, {"text", json::array({r}).dump()}}}}})["aggregate"]["n"] == 1);
  }
  SUBCASE("free text is counted, never copied into the aggregate") {
    const std::string out = catalyse::api::aggregate(*f.q, json::array({r}).dump(), "{}");
    CHECK(out.find("libre") == std::string::npos);
    const json parsed = json::parse(out);
    CHECK(find_by(parsed["aggregate"]["questions"], "id", "remarque")["base"] == 1);
  }
  SUBCASE("user text in messages stays inside JSON strings") {
    json other = r;
    other["questionnaire"]["id"] = "\"},{\"injected\":true,\"x\":\"";
    const std::string out = catalyse::api::aggregate(*f.q, json::array({other}).dump(), "{}");
    const json parsed = json::parse(out);  // throws if the text broke out
    CHECK_FALSE(parsed.contains("injected"));
    CHECK(parsed["aggregate"]["problems"][0]["kind"] == "questionnaire");
  }
  SUBCASE("a document that is not JSON at all is one unreadable source") {
    const json out = json::parse(catalyse::api::aggregate(*f.q, "[{]", "{}"));
    REQUIRE(out["ok"] == true);
    CHECK(out["aggregate"]["input"]["unreadableSources"] == 1);
    CHECK(out["aggregate"]["n"] == 0);
  }
  SUBCASE("a wrong top-level shape is an error that says what was expected") {
    const json out = json::parse(catalyse::api::aggregate(*f.q, "{\"sources\": 3}", "{}"));
    REQUIRE(out["ok"] == false);
    CHECK(out["errors"][0]["path"] == "/sources");
  }
}

TEST_CASE("aggregate: exports are read record by record") {
  Fixture f;
  SUBCASE("a file cut short keeps the records before the break, and says so") {
    const std::string whole = json({{"format", "catalyse-export/1"},
                                    {"records", {f.record("c1", {{"actions", "a1"}}), f.record("c2", {{"actions", "a2"}}),
                                                 f.record("c3", {{"actions", "a0"}})}}}).dump();
    const std::string cut = whole.substr(0, whole.rfind("c3") + 3);
    std::vector<catalyse::aggregation::Source> sources{{"coupé.json", cut}};
    const json out = json::parse(catalyse::aggregation::aggregate(*f.q, sources, {}));
    REQUIRE(out["ok"] == true);
    const json& a = out["aggregate"];
    CHECK(a["n"] == 2);
    CHECK(a["input"]["unreadableSources"] == 1);
    CHECK(a["input"]["sources"][0]["readable"] == false);
    CHECK(a["input"]["sources"][0]["accepted"] == 2);
    CHECK(a["problems"][0]["name"] == "coupé.json");
    CHECK(a["problems"][0]["message"].get<std::string>().find("(les 2 réponses qui précèdent sont utilisées)") != std::string::npos);
    CHECK(sources[0].text.empty());  // released once read
  }
  SUBCASE("nesting deeper than the core accepts is refused without harm") {
    std::string deep = "[" + std::string(5000, '[') + std::string(5000, ']') + "]";
    const json out = json::parse(catalyse::api::aggregate(*f.q, deep, "{}"));
    REQUIRE(out["ok"] == true);
    CHECK(out["aggregate"]["input"]["unreadableSources"] == 1);
    CHECK(out["aggregate"]["problems"][0]["message"].get<std::string>().find("imbriqués sur plus de") != std::string::npos);
  }
  SUBCASE("a source's name may come after its text; other members of an export are ignored") {
    const json input = {{"sources", {{{"text", json({{"format", "catalyse-export/1"}, {"device", "T1"}, {"records", {f.record("n1", {{"actions", "a1"}})}}}).dump()},
                                      {"name", "après.json"}}}}};
    const json out = f.run(input);
    REQUIRE(out["ok"] == true);
    CHECK(out["aggregate"]["n"] == 1);
    CHECK(out["aggregate"]["input"]["sources"][0]["name"] == "après.json");
  }
}

TEST_CASE("aggregate: every problem and error has a catalog code, its params and a message in the aggregate's language") {
  Fixture f;
  auto with = [&](const std::string& id, const char* member, json value) {
    json r = f.record(id, {{"actions", "a1"}});
    if (value.is_discarded()) r.erase(member);
    else r[member] = std::move(value);
    return r;
  };
  const json gone = json::value_t::discarded;
  json qid = f.record("qid", json::object()), qhash = f.record("qhash", json::object());
  qid["questionnaire"]["id"] = 3;
  qhash["questionnaire"]["hash"] = nullptr;
  json other_q = f.record("other-q", json::object()), other_hash = f.record("other-hash", json::object());
  other_q["questionnaire"]["id"] = "autre";
  other_hash["questionnaire"]["hash"] = "fnv1a64:0";
  const json records = {42, with("f1", "format", gone), with("f2", "format", 3), with("f3", "format", "x/1"),
                        with("i1", "id", gone), with("i2", "id", ""), with("q1", "questionnaire", "x"), qid, qhash,
                        with("a1", "answers", gone), with("a2", "answers", 1), other_q, other_hash,
                        f.record("c", {{"actions", "a1"}}), f.record("c", {{"actions", "a2"}}),
                        f.record("bad", {{"actions", "a9"}, {"profil", 3}})};
  const json input = {{"sources", {
      {{"name", "a.json"}, {"records", records}},
      {{"name", "cut.json"}, {"text", "[" + f.record("cut-1", json::object()).dump() + ", {\"x\": tru"}},
      {{"name", "obj.json"}, {"text", "{\"hello\": 1}"}},
      {{"name", "num.json"}, {"text", "3"}},
      {{"name", "recs.json"}, {"records", json::object()}},
      {{"name", "src.json"}, {"other", 1}},
      {{"name", "one.json"}, {"text", "{\"records\": 5}"}}}}};

  // What a problem's message must be: its code's template in `lang` filled with its params, then
  // what became of it for an answer left out or records read before a break.
  auto check = [](const json& item, const std::string& lang) {
    CAPTURE(item.dump());
    REQUIRE(item.contains("code"));
    const std::string code = item["code"].get<std::string>();
    REQUIRE(catalyse::message_template(code, "en") != nullptr);
    catalyse::Params params;
    for (const auto& [k, v] : item["params"].items()) params[k] = v.get<std::string>();
    const std::string message = item["message"].get<std::string>();
    CHECK_FALSE(message.empty());
    CHECK(message.rfind(catalyse::message(code, params, lang), 0) == 0);
  };
  for (const std::string lang : {"fr", "en"}) {
    CAPTURE(lang);
    const json out = f.run(input, {{"lang", lang}});
    REQUIRE_MESSAGE(out["ok"] == true, out.dump());
    const json& problems = out["aggregate"]["problems"];
    CHECK(problems.size() >= 21);
    std::set<std::string> codes;
    for (const auto& p : problems) {
      check(p, lang);
      codes.insert(p["code"].get<std::string>());
    }
    CHECK(codes.size() >= 17);
    const json& conflict = find_by(problems, "kind", "conflict");
    CHECK(conflict["code"] == "aggregate.conflict");
    CHECK(conflict["message"] == (lang == "fr" ? "l'identifiant de réponse « c » a déjà été lu avec un autre contenu "
                                                 "(source 0, réponse 13) ; la première est gardée"
                                               : "the response id \"c\" was already read with different content "
                                                 "(source 0, record 13); the first one is kept"));
    const json& answer = find_by(problems, "kind", "answer");
    CHECK(answer["message"].get<std::string>().find(lang == "fr" ? "cette réponse est écartée" : "this answer is left out") !=
          std::string::npos);
    const json& cut = find_by(problems, "name", "cut.json");
    CHECK(cut["code"] == "json.bad-literal");
    CHECK(cut["message"].get<std::string>().find(lang == "fr" ? "réponses qui précèdent" : "records before it") != std::string::npos);

    // Errors of the options and of the input's shape: the same, in the options' language.
    const json bad_options[] = {{{"lang", lang}, {"minGroup", 0}},
                                {{"lang", lang}, {"benchmark", {{"id", "A B"}, {"source", json::object()}}}},
                                {{"lang", lang}, {"breakdowns", {"nope", "actions", "enjeux"}}}};
    for (const auto& options : bad_options) {
      const json refused = f.run(json::array(), options);
      REQUIRE(refused["ok"] == false);
      for (const auto& e : refused["errors"]) check(e, lang);
    }
    for (const char* shape : {"3", "{}", "{\"sources\": 3}", "{\"sources\": {}}"}) {
      const json refused = json::parse(catalyse::api::aggregate(*f.q, shape, json{{"lang", lang}}.dump()));
      REQUIRE(refused["ok"] == false);
      for (const auto& e : refused["errors"]) check(e, lang);
    }
  }
  const json de = f.run(json::array(), {{"lang", "de"}});
  REQUIRE(de["ok"] == false);
  CHECK(de["errors"][0]["code"] == "request.language-not-offered");
  const json not_json = json::parse(catalyse::api::aggregate(*f.q, "[]", "{"));
  REQUIRE(not_json["ok"] == false);
  CHECK(not_json["errors"][0]["code"] == "json.expected-name");
  CHECK(not_json["errors"][0]["message"].get<std::string>().rfind("JSON invalide", 0) == 0);  // the questionnaire's first language
}
