// Hostile input through the core's JSON facade (api.hpp), as the widget and the CLI call it:
// every answer is one JSON document with "ok"; a refusal says where and what; nothing crashes,
// hangs or lets a non-finite number through. Runs natively, under ASan + UBSan and in wasm.
#include <catalyse/api.hpp>

#include <doctest/doctest.h>

#include "files.hpp"
#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

namespace {

using nlohmann::json;

json minimal() { return json::parse(test::read_file(std::string(CATALYSE_FIXTURES) + "/minimal.json")); }

// The facade's answer, which must always be a JSON object with a boolean "ok".
json answer_of(const std::string& text) {
  json doc = json::parse(text, nullptr, false);
  REQUIRE_MESSAGE(!doc.is_discarded(), "not JSON: " << text.substr(0, 300));
  REQUIRE(doc.is_object());
  REQUIRE(doc.contains("ok"));
  REQUIRE(doc["ok"].is_boolean());
  return doc;
}

struct Loaded {
  json answer;
  std::shared_ptr<const catalyse::Questionnaire> q;
};

Loaded load(std::string_view text) {
  Loaded out;
  out.answer = answer_of(catalyse::api::load(text, out.q));
  CHECK(out.answer["ok"].get<bool>() == static_cast<bool>(out.q));
  return out;
}
Loaded load_doc(const json& doc) { return load(doc.dump()); }

// All error texts "path: message", one per line, for CHECKs on substrings.
std::string errors_of(const json& answer) {
  std::string out;
  if (answer.contains("errors"))
    for (const auto& e : answer["errors"]) out += e.value("path", "") + ": " + e.value("message", "") + "\n";
  return out;
}

bool refused_with(const json& answer, std::string_view path, std::string_view part) {
  if (answer["ok"].get<bool>()) return false;
  for (const auto& e : answer["errors"]) {
    const std::string p = e.value("path", ""), m = e.value("message", "");
    if (p == path && m.find(part) != std::string::npos) return true;
  }
  return false;
}

#define CHECK_REFUSED(answer, path, part) \
  CHECK_MESSAGE(refused_with((answer), (path), (part)), "answer was:\n" << errors_of(answer) << (answer).dump().substr(0, 300))

json scored(const catalyse::Questionnaire& q, std::string_view answers, std::string_view lang = "en") {
  return answer_of(catalyse::api::score(q, answers, lang));
}

const std::string nested_arrays = std::string(100000, '[') + std::string(100000, ']');
const std::string nested_objects = [] {
  std::string s;
  for (int i = 0; i < 50000; ++i) s += "{\"a\":";
  s += "1";
  s += std::string(50000, '}');
  return s;
}();

}  // namespace

TEST_CASE("hostile: deeply nested JSON is refused at every entry point, without recursion") {
  const Loaded ok = load_doc(minimal());
  REQUIRE(ok.q);
  SUBCASE("questionnaire") {
    CHECK_REFUSED(load(nested_arrays).answer, "", "nested deeper than 64");
    CHECK_REFUSED(load(nested_objects).answer, "", "nested deeper than 64");
  }
  SUBCASE("answers") {
    CHECK_REFUSED(scored(*ok.q, nested_arrays), "", "nested deeper than 64");
    CHECK_REFUSED(scored(*ok.q, nested_objects), "", "nested deeper than 64");
  }
  SUBCASE("aggregation records and options") {
    const std::string records = catalyse::api::aggregate(*ok.q, nested_arrays, R"({"lang":"en"})");
    answer_of(records);
    CHECK(records.find("nested deeper than 64") != std::string::npos);
    // Options the core cannot read are refused in the questionnaire's first language (French here).
    const std::string options = std::string(30000, '[') + std::string(30000, ']');  // under the 64 KiB options limit
    CHECK_REFUSED(answer_of(catalyse::api::aggregate(*ok.q, "[]", options)), "", "imbriqués sur plus de 64 niveaux");
    CHECK_REFUSED(answer_of(catalyse::api::aggregate(*ok.q, "[]", nested_objects)), "", "trop volumineux");
  }
  SUBCASE("nesting inside a valid questionnaire, where a Text is expected") {
    json doc = minimal();
    doc["title"] = json::parse(std::string(60, '[') + std::string(60, ']'));
    CHECK_FALSE(load_doc(doc).answer["ok"].get<bool>());
  }
}

TEST_CASE("hostile: inputs of tens of megabytes get an answer, refused above the documented limits") {
  const Loaded ok = load_doc(minimal());
  REQUIRE(ok.q);
  const std::string mb30(30u << 20, ' ');
  SUBCASE("a 30 MB questionnaire is refused by size, before parsing") {
    CHECK_REFUSED(load(mb30 + minimal().dump()).answer, "", "bytes");
  }
  SUBCASE("a 7 MB text in a questionnaire (under the 8 MiB limit) is read") {
    json doc = minimal();
    doc["title"]["fr"] = std::string(7u << 20, 'x');
    CHECK(load_doc(doc).answer["ok"].get<bool>());
  }
  SUBCASE("30 MB of answers are refused by size") { CHECK_REFUSED(scored(*ok.q, mb30 + "{}"), "", "bytes"); }
  SUBCASE("a 30 MB export is aggregated; a truncated one is reported") {
    json record = {{"format", "catalyse-response/1"}, {"id", "3f0b6c2e-0000-4000-8000-000000000001"},
                   {"questionnaire", {{"id", "minimal"}, {"version", "1.0.0"}, {"hash", ok.answer["questionnaire"]["hash"]}}},
                   {"lang", "fr"}, {"completed", "2026-11"}, {"answers", {{"q1", "oui"}}}};
    const std::string text = "[" + record.dump() + "," + mb30 + "]";
    const json whole = answer_of(catalyse::api::aggregate(*ok.q, text, "{}"));
    CHECK(whole["ok"].get<bool>());
    const std::string truncated = text.substr(0, text.size() - 1);
    const std::string report = catalyse::api::aggregate(*ok.q, truncated, "{}");
    answer_of(report);
    CHECK(report.find("line") != std::string::npos);
  }
}

TEST_CASE("hostile: invalid UTF-8 is refused, and the refusal itself is valid JSON") {
  const Loaded ok = load_doc(minimal());
  REQUIRE(ok.q);
  for (const std::string& bad : {std::string("\xFF"), std::string("\xC3"), std::string("\xED\xA0\x80"), std::string("\xC0\xAF"), std::string("\xF4\x90\x80\x80")}) {
    std::string hex;
    for (unsigned char c : bad) hex += std::to_string(c) + " ";
    CAPTURE(hex);
    {  // in a questionnaire text
      std::string text = minimal().dump();
      text.replace(text.find("\"Mini\""), 6, "\"Mi" + bad + "ni\"");
      CHECK_FALSE(load(text).answer["ok"].get<bool>());
    }
    {  // in an id
      std::string text = minimal().dump();
      text.replace(text.find("\"q2\""), 4, "\"q" + bad + "\"");
      CHECK_FALSE(load(text).answer["ok"].get<bool>());
    }
    {  // in answers
      CHECK_FALSE(scored(*ok.q, "{\"q1\":\"o" + bad + "\"}")["ok"].get<bool>());
      CHECK_FALSE(scored(*ok.q, "{\"q" + bad + "\":\"oui\"}")["ok"].get<bool>());
    }
    answer_of(catalyse::api::aggregate(*ok.q, "[{\"id\":\"" + bad + "\"}]", "{}"));  // in records
    CHECK_FALSE(scored(*ok.q, "{}", bad)["ok"].get<bool>());  // in the language
  }
}

TEST_CASE("hostile: huge and non-finite numbers are refused where they matter, never leak out") {
  const json base = minimal();
  auto refused = [&](const json::json_pointer& where, const json& value) {
    json doc = base;
    doc[where] = value;
    const Loaded l = load(doc.dump());
    return !l.answer["ok"].get<bool>();
  };
  // JSON has no literal for infinity: 1e999 is how one arrives.
  auto with_text = [&](const json::json_pointer& where, const std::string& number) {
    json doc = base;
    doc[where] = 123456789;
    std::string text = doc.dump();
    text.replace(text.find("123456789"), 9, number);
    return load(text);
  };
  SUBCASE("an option value, a weight, a level threshold of 1e999") {
    for (const char* where : {"/sections/0/questions/0/options/0/value", "/sections/0/questions/1/scoring/weight",
                              "/dimensions/0/weight", "/levels/1/min", "/dimensions/0/minAnswered"}) {
      CAPTURE(where);
      CHECK_FALSE(with_text(json::json_pointer(where), "1e999").answer["ok"].get<bool>());
      CHECK_FALSE(with_text(json::json_pointer(where), "-1e999").answer["ok"].get<bool>());
    }
  }
  SUBCASE("integers far beyond int") {
    CHECK(refused(json::json_pointer("/sections/0/questions/0/options/0/value"), 1e308) == false);  // finite: allowed
    json doc = base;
    doc["sections"][0]["questions"][1]["type"] = "multiple";
    for (const std::string n : {"1e30", "-1e30", "9223372036854775808", "4294967296", "1e999"}) {
      CAPTURE(n);
      json d = doc;
      d["sections"][0]["questions"][1]["minSelected"] = 123456789;
      std::string text = d.dump();
      text.replace(text.find("123456789"), 9, n);
      CHECK_FALSE(load(text).answer["ok"].get<bool>());
    }
  }
  SUBCASE("answers: a number question given 1e999, -1e999 or 1e308") {
    json doc = base;
    doc["sections"][0]["questions"][1] = {{"id", "n"}, {"type", "number"}, {"text", {{"fr", "N"}, {"en", "N"}}},
                                          {"min", -1e308}, {"max", 1e308}, {"scoring", {{"dimension", "action"}}}};
    const Loaded l = load_doc(doc);
    REQUIRE(l.q);
    // Not representable: that answer is refused, with its path; the others are kept.
    for (const std::string n : {"1e999", "-1e999"}) {
      const json r = scored(*l.q, "{\"q1\":\"oui\",\"n\":" + n + "}");
      REQUIRE(r["ok"].get<bool>());
      REQUIRE(r["result"]["answerErrors"].size() == 1);
      CHECK(r["result"]["answerErrors"][0]["path"] == "/n");
      CHECK(r["result"]["answerErrors"][0]["code"] == "answer.out-of-range");
      CHECK(r["result"]["progress"]["answered"] == 1);
    }
    const json r = scored(*l.q, R"({"q1":"oui","n":1e300})");
    REQUIRE(r["ok"].get<bool>());
    CHECK(r["result"]["answerErrors"].empty());
  }
}

// max − min overflows to infinity here; the score must still be a finite number (found by this
// test, fixed in core/src/scoring.cpp by scaled normalisation).
TEST_CASE("hostile: a number range as wide as doubles allow still scores a finite number") {
  json doc = minimal();
  doc["sections"][0]["questions"][1] = {{"id", "n"}, {"type", "number"}, {"text", {{"fr", "N"}, {"en", "N"}}},
                                        {"min", -1e308}, {"max", 1e308}, {"scoring", {{"dimension", "action"}}}};
  const Loaded l = load_doc(doc);
  REQUIRE(l.q);
  const json r = scored(*l.q, R"({"q1":"oui","n":1e308})");
  REQUIRE(r["ok"].get<bool>());
  const auto& d = r["result"]["dimensions"][0];
  CHECK(d["status"] == "ok");
  REQUIRE(d["score"].is_number());
  CHECK(d["score"].get<double>() == doctest::Approx(100));
}

TEST_CASE("hostile: duplicate ids are refused with their path") {
  auto errors = [](const json& doc) { return errors_of(load_doc(doc).answer); };
  SUBCASE("two questions") {
    json doc = minimal();
    doc["sections"][0]["questions"][1]["id"] = "q1";
    CHECK(errors(doc).find("/sections/0/questions/1/id") != std::string::npos);
  }
  SUBCASE("a section and a question") {
    json doc = minimal();
    doc["sections"][0]["id"] = "q1";
    CHECK_FALSE(errors(doc).empty());
  }
  SUBCASE("two options of a question") {
    json doc = minimal();
    doc["sections"][0]["questions"][0]["options"][1]["id"] = "non";
    CHECK(errors(doc).find("/sections/0/questions/0/options/1/id") != std::string::npos);
  }
  SUBCASE("two dimensions, two levels") {
    json doc = minimal();
    doc["dimensions"].push_back(doc["dimensions"][0]);
    doc["levels"][1]["id"] = "amorce";
    const std::string e = errors(doc);
    CHECK(e.find("/dimensions/1/id") != std::string::npos);
    CHECK(e.find("/levels/1/id") != std::string::npos);
  }
}

TEST_CASE("hostile: cyclic and self-referencing conditions are refused") {
  SUBCASE("a question visible if it is answered") {
    json doc = minimal();
    doc["sections"][0]["questions"][0]["visibleIf"] = "answered(q.q1)";
    const json a = load_doc(doc).answer;
    CHECK_FALSE(a["ok"].get<bool>());
    CHECK(errors_of(a).find("/sections/0/questions/0/visibleIf") != std::string::npos);
  }
  SUBCASE("two questions that wait for each other") {
    json doc = minimal();
    doc["sections"][0]["questions"][0]["visibleIf"] = "q.q2 == 'a'";
    doc["sections"][0]["questions"][1]["visibleIf"] = "q.q1 in ['oui', 'peu']";
    const json a = load_doc(doc).answer;
    CHECK_FALSE(a["ok"].get<bool>());
    CHECK(errors_of(a).find("q1 → q2 → q1") != std::string::npos);
  }
  SUBCASE("a longer cycle through 50 questions") {
    json doc = minimal();
    auto& qs = doc["sections"][0]["questions"];
    const json tpl = qs[1];
    qs = json::array();
    for (int i = 0; i < 50; ++i) {
      json q = tpl;
      q["id"] = "c" + std::to_string(i);
      q["visibleIf"] = "q.c" + std::to_string((i + 1) % 50) + " == 'a'";
      qs.push_back(q);
    }
    CHECK(errors_of(load_doc(doc).answer).find("c0 → c1 → c2") != std::string::npos);
  }
}

TEST_CASE("hostile: references to unknown questions, options and dimensions are refused with the column") {
  SUBCASE("visibleIf") {
    json doc = minimal();
    doc["sections"][0]["questions"][1]["visibleIf"] = "q.q1 == 'oui' and q.nope == 'a'";
    CHECK_REFUSED(load_doc(doc).answer, "/sections/0/questions/1/visibleIf", "column 21: unknown question 'nope'");
  }
  SUBCASE("an option the question does not have") {
    json doc = minimal();
    doc["sections"][0]["questions"][1]["visibleIf"] = "q.q1 == 'peut-etre'";
    CHECK_REFUSED(load_doc(doc).answer, "/sections/0/questions/1/visibleIf", "column 9: q.q1 has no option 'peut-etre'");
  }
  SUBCASE("insight when: unknown dimension") {
    json doc = minimal();
    doc["feedback"] = {{"insights", json::array({{{"id", "i"}, {"when", "dim.nope > 50"},
                                                  {"title", {{"fr", "T"}, {"en", "T"}}}, {"text", {{"fr", "T"}, {"en", "T"}}}}})}};
    CHECK_REFUSED(load_doc(doc).answer, "/feedback/insights/0/when", "column 5: unknown dimension 'nope'");
  }
  SUBCASE("scores are not allowed in visibleIf") {
    json doc = minimal();
    doc["sections"][0]["questions"][1]["visibleIf"] = "dim.action > 50";
    CHECK_REFUSED(load_doc(doc).answer, "/sections/0/questions/1/visibleIf", "column 1: dim.action is not allowed");
  }
  SUBCASE("answers naming unknown questions are reported, the rest is scored") {
    const Loaded l = load_doc(minimal());
    REQUIRE(l.q);
    const json r = scored(*l.q, R"({"q1":"oui","nope":"a","q2":"zz"})");
    REQUIRE(r["ok"].get<bool>());
    const std::string errs = r["result"]["answerErrors"].dump();
    CHECK(errs.find("/nope") != std::string::npos);
    CHECK(errs.find("/q2") != std::string::npos);
    CHECK(r["result"]["dimensions"][0]["answered"] == 1);
  }
}

namespace {

// n scale questions in sections of 100, over 5 dimensions; every 10th question is visible when
// the previous one is answered (a chain of conditions to order and check).
json big_questionnaire(int n) {
  json doc = minimal();
  const json scale = doc["sections"][0]["questions"][0];
  doc["sections"] = json::array();
  doc["dimensions"] = json::array();
  for (int d = 0; d < 5; ++d)
    doc["dimensions"].push_back({{"id", "d" + std::to_string(d)}, {"label", {{"fr", "D"}, {"en", "D"}}}});
  for (int i = 0; i < n; ++i) {
    if (i % 100 == 0)
      doc["sections"].push_back({{"id", "s" + std::to_string(i / 100)}, {"title", {{"fr", "S"}, {"en", "S"}}}, {"questions", json::array()}});
    json q = scale;
    q["id"] = "q" + std::to_string(i);
    q["required"] = false;
    q["scoring"] = {{"dimension", "d" + std::to_string(i % 5)}};
    if (i % 10 == 9) q["visibleIf"] = "answered(q.q" + std::to_string(i - 1) + ")";
    doc["sections"].back()["questions"].push_back(q);
  }
  return doc;
}

double ms_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace

TEST_CASE("hostile: a questionnaire of 5,000 questions loads and scores") {
  const std::string text = big_questionnaire(5000).dump();
  auto t = std::chrono::steady_clock::now();
  const Loaded l = load(text);
  const double load_ms = ms_since(t);
  REQUIRE_MESSAGE(l.q, errors_of(l.answer));

  json answers = json::object();
  for (int i = 0; i < 5000; ++i) answers["q" + std::to_string(i)] = (i % 3 == 0) ? "oui" : (i % 3 == 1 ? "peu" : "nsp");
  const std::string answers_text = answers.dump();
  t = std::chrono::steady_clock::now();
  const json r = scored(*l.q, answers_text);
  const double score_ms = ms_since(t);
  REQUIRE(r["ok"].get<bool>());
  MESSAGE("5,000 questions (" << text.size() / 1024 << " KiB): load " << load_ms << " ms, one scoring " << score_ms << " ms");
  CHECK(r["result"]["answerErrors"].empty());
  CHECK(r["result"]["index"].is_number());
  // Expected by hand: oui scores 1, peu 0.5, nsp is missing; q(10k+9) is hidden when q(10k+8)
  // was not answered (nsp), and its answer then does not count.
  double sum[5] = {}, count[5] = {};
  std::size_t visible_count = 0;
  for (int i = 0; i < 5000; ++i) {
    const bool visible = i % 10 != 9 || (i - 1) % 3 != 2;
    visible_count += visible;
    if (!visible || i % 3 == 2) continue;
    sum[i % 5] += i % 3 == 0 ? 1.0 : 0.5;
    count[i % 5] += 1;
  }
  CHECK(r["result"]["visible"].size() == visible_count);  // 4,833
  for (int d = 0; d < 5; ++d) {
    const auto& dim = r["result"]["dimensions"][d];
    CAPTURE(d);
    CHECK(dim["status"] == "ok");
    CHECK(dim["score"].get<double>() == doctest::Approx(100 * sum[d] / count[d]).epsilon(0.001));
  }
}

TEST_CASE("hostile: every fuzz regression replays to a clean answer") {
  namespace fs = std::filesystem;
  const fs::path dir = fs::path(CATALYSE_SOURCE_DIR) / "tests/fuzz/regressions";
  REQUIRE(fs::exists(dir / "README.md"));
  const std::string q_text = test::read_file(std::string(CATALYSE_SOURCE_DIR) + "/web/questionnaires/catalyseurs-2018.json");
  const Loaded base = load(q_text);
  REQUIRE(base.q);
  int replayed = 0;
  for (const char* target : {"load", "score", "aggregate"}) {
    if (!fs::exists(dir / target)) continue;
    for (const auto& entry : fs::directory_iterator(dir / target)) {
      const std::string input = test::read_file(entry.path().string());
      CAPTURE(entry.path().string());
      const std::string t = target;
      if (t == "load") {
        load(input);
      } else if (t == "score") {
        answer_of(catalyse::api::score(*base.q, input, "fr"));
      } else {
        const auto nul = input.find('\0');
        answer_of(catalyse::api::aggregate(*base.q, input.substr(0, nul),
                                           nul == std::string::npos ? std::string(R"({"lang":"fr"})") : input.substr(nul + 1)));
      }
      ++replayed;
    }
  }
  MESSAGE(replayed << " fuzz regressions replayed");
}
