// The rescoring fast path (scoring.hpp, read_valid_answers): answers read straight from the text
// must score byte for byte as the text parsed and checked (parse_json, evaluate), and anything the
// reader is not sure of must go the checked way. Every case below is scored both ways.
#include "core_support.hpp"

#include <catalyse/messages.hpp>

#include <catalyse/api.hpp>
#include <catalyse/reflect.hpp>
#include <catalyse/result.hpp>
#include <catalyse/scoring.hpp>

#include <string>
#include <vector>

namespace {

using catalyse::json;

std::string default_questionnaire_text() {
  return test::read_file(std::string(CATALYSE_SOURCE_DIR) + "/web/questionnaires/catalyseurs-2018.json");
}

/// What api::score answers when the text is parsed and checked (the way without the fast path).
std::string checked_way(const catalyse::Questionnaire& q, const std::string& text, const std::string& lang) {
  auto parsed = catalyse::parse_json(text, catalyse::max_answers_bytes, catalyse::max_json_values, catalyse::Overflow::infinity);
  std::string out;
  if (parsed.error) {
    out = R"({"ok":false,"errors":)";
    catalyse::Issues issues{*parsed.error};
    catalyse::localise_issues(issues, lang);
    catalyse::reflect::write(out, issues);
    return out + "}";
  }
  if (!parsed.value.is_object()) return "not an object";
  out = R"({"ok":true,"result":)";
  catalyse::reflect::write(out, catalyse::make_result(q, catalyse::evaluate(q, parsed.value), lang));
  return out + "}";
}

/// Scores `text` both ways; returns true when the fast path took it.
bool same_both_ways(const catalyse::Questionnaire& q, const std::string& text) {
  for (const char* lang : {"fr", "en"}) {
    const std::string api = catalyse::api::score(q, text, lang);
    if (api.rfind(R"({"ok":false)", 0) == 0 && checked_way(q, text, lang) == "not an object") continue;
    CHECK_MESSAGE(api == checked_way(q, text, lang), "answers: " << text.substr(0, 300));
  }
  return catalyse::read_valid_answers(q, text).has_value();
}

/// `answers` with member `id` replaced by the JSON text `value` (written by hand, so that texts
/// the JSON library would never write can be tried).
std::string with_member(const json& answers, const std::string& id, const std::string& value) {
  json rest = answers;
  rest.erase(id);
  std::string text = rest.dump();
  text.pop_back();  // the closing brace
  if (text.size() > 1) text += ',';
  text += json(id).dump() + ":" + value + "}";
  return text;
}

/// Values worth trying for a question: valid ones, wrong ones and JSON the fast path declines.
std::vector<std::string> values_for(const catalyse::Question& q) {
  std::vector<std::string> v = {"null", "true", "3", "-0", "2.5", "1e2", "1E+1", "01", "-", "\"\"", "\"x\"",
                                "[]", "{}", "\"caf\\u00e9\"", "\"a\\nb\"", "12345678901234567890", "1e999"};
  if (q.options && !q.options->empty()) {
    const auto& options = *q.options;
    const std::string first = json(options.front().id).dump(), last = json(options.back().id).dump();
    v.push_back(first);
    v.push_back(last);
    v.push_back("[" + first + "]");
    v.push_back("[" + first + "," + last + "]");
    v.push_back("[" + last + "," + first + "]");
    v.push_back("[" + first + "," + first + "]");
    v.push_back("[" + first + ",3]");
    for (const auto& o : options)
      if (catalyse::is_dont_know(o)) {
        v.push_back(json(o.id).dump());
        v.push_back("[" + json(o.id).dump() + "]");
        v.push_back("[" + json(o.id).dump() + "," + first + "]");
      }
    if (q.rows && !q.rows->empty()) {
      const std::string row = json(q.rows->front().id).dump(), other = json(q.rows->back().id).dump();
      v.push_back("{" + row + ":" + first + "}");
      v.push_back("{" + row + ":" + first + "," + other + ":" + last + "}");
      v.push_back("{" + other + ":" + last + "," + row + ":" + first + "}");
      v.push_back("{" + row + ":" + first + "," + row + ":" + last + "}");
      v.push_back("{" + row + ":null}");
      v.push_back("{" + row + ":\"x\"}");
      v.push_back("{\"nope\":" + first + "}");
      v.push_back("{ " + row + " : " + first + " }");
    }
  }
  if (q.min) v.push_back(json(*q.min).dump());
  if (q.max) {
    v.push_back(json(*q.max).dump());
    v.push_back(json(*q.max + 1).dump());
    v.push_back(json(*q.max - 0.5).dump());
  }
  if (q.maxLength) v.push_back(json(std::string(static_cast<std::size_t>(*q.maxLength) + 1, 'a')).dump());
  v.push_back("\"d\xC3\xA9j\xC3\xA0 \xF0\x9F\x98\x80\"");  // déjà 😀
  v.push_back("\"\xC3\"");                             // cut UTF-8
  v.push_back("\"\xED\xA0\x80\"");                     // an encoded surrogate
  v.push_back("\"\xC0\xAF\"");                         // overlong
  return v;
}

/// `answers` with each member in turn given each value worth trying (values_for).
std::vector<std::string> every_member_every_value(const catalyse::Questionnaire& q, const json& answers) {
  std::vector<std::string> texts;
  for (std::size_t n = 0; n < q.compiled.questions.size(); ++n) {
    const auto& question = q.question(n);
    for (const auto& value : values_for(question)) texts.push_back(with_member(answers, question.id, value));
  }
  return texts;
}

void every_member_every_value(const catalyse::Questionnaire& q, const json& answers, int& fast, int& total) {
  for (const auto& text : every_member_every_value(q, answers)) {
    ++total;
    if (same_both_ways(q, text)) ++fast;
  }
}

}  // namespace

TEST_CASE("rescoring fast path: the answer fixtures are read straight from the text, with the same result") {
  const auto q = test::load_ok(json::parse(default_questionnaire_text()));
  for (const char* name : {"answers-amorce.json", "answers-ancrage.json", "answers-emergence.json", "answers-essor.json"}) {
    const std::string text = test::read_fixture(name);
    CHECK_MESSAGE(same_both_ways(*q, text), name << " should take the fast path");
  }
  CHECK(same_both_ways(*q, "{}"));
  CHECK(same_both_ways(*q, " \n{ }\t"));
  const auto all = test::load_ok(test::all_types());
  CHECK(same_both_ways(*all, test::all_types_answers_a().dump()));
}

TEST_CASE("rescoring fast path: texts it must leave to the parser and the checks") {
  const auto q = test::load_ok(json::parse(default_questionnaire_text()));
  for (const std::string text : {
           "", "[]", "null", "{", "{} x", "\xEF\xBB\xBF{}", R"({"dynamique":"nombreuses","dynamique":"non"})",
           R"({"inconnue":1})", R"({"dynamique":null})", R"({"dynamique":"nope"})", R"({"anciennete":"5"})",
           R"({"anciennete":5.5})", R"({"anciennete":1e999})", R"({"dyn\u0061mique":"non"})",
           R"({"commentaire":"a\"b"})", R"({"actions":{"dialogue":"continu","dialogue":"rare"}})",
           "{\"commentaire\":\"\xFF\"}", "{\"commentaire\":\"a\tb\"}"}) {
    CHECK_MESSAGE(!catalyse::read_valid_answers(*q, text).has_value(), text);
    same_both_ways(*q, text);
  }
}

TEST_CASE("rescoring fast path: every question with every kind of value scores as parsed and checked") {
  int fast = 0, total = 0;
  const auto q = test::load_ok(json::parse(default_questionnaire_text()));
  every_member_every_value(*q, test::fixture("answers-essor.json"), fast, total);
  every_member_every_value(*q, json::object(), fast, total);
  const auto all = test::load_ok(test::all_types());
  every_member_every_value(*all, test::all_types_answers_a(), fast, total);
  every_member_every_value(*all, json::object(), fast, total);
  MESSAGE(total << " answer texts, " << fast << " read by the fast path");
  CHECK(total > 1000);
  CHECK(fast > total / 10);  // the fast path is exercised, not always declined
  CHECK(fast < total);
}

TEST_CASE("rescoring in place: one Answers and one Evaluation reused text after text score as a fresh evaluation") {
  const auto q = test::load_ok(json::parse(default_questionnaire_text()));
  // Full answers, then texts with fewer or other answers: nothing of a previous text may remain.
  std::vector<std::string> texts = {test::fixture("answers-essor.json").dump(), test::fixture("answers-amorce.json").dump(), "{}"};
  for (const auto& t : every_member_every_value(*q, test::fixture("answers-essor.json"))) texts.push_back(t);
  texts.push_back(test::fixture("answers-ancrage.json").dump());
  catalyse::Evaluation reused;
  reused.answers = catalyse::Answers(*q);
  int read = 0;
  for (const auto& text : texts) {
    std::size_t at = 0;
    std::uint64_t hash = 0;
    if (!catalyse::read_valid_answers(*q, text, at, hash, reused.answers) || at != text.size()) continue;
    ++read;
    catalyse::evaluate_in_place(*q, reused);
    const auto parsed = catalyse::parse_json(text, catalyse::max_answers_bytes);
    REQUIRE_FALSE(parsed.error);
    std::string fresh, in_place;
    catalyse::reflect::write(fresh, catalyse::make_result(*q, catalyse::evaluate(*q, parsed.value), "fr"));
    catalyse::reflect::write(in_place, catalyse::make_result(*q, reused, "fr"));
    CHECK_MESSAGE(in_place == fresh, "answers: " << text.substr(0, 300));
  }
  CHECK(read > 100);
}
