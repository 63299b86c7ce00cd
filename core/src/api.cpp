// The JSON facade (api.hpp): strings in, strings out, errors as values.
#include <catalyse/aggregate.hpp>
#include <catalyse/api.hpp>
#include <catalyse/compare.hpp>
#include <catalyse/messages.hpp>
#include <catalyse/questionnaire.hpp>
#include <catalyse/reflect.hpp>
#include <catalyse/result.hpp>
#include <catalyse/scoring.hpp>

#include <algorithm>

namespace catalyse::api {
namespace {

#if defined(CATALYSE_TRUSTING)
constexpr bool reads_answers_in_place = false;
#else
constexpr bool reads_answers_in_place = true;
#endif

std::string failure(Issues issues, std::string_view lang) {
  localise_issues(issues, lang);
  std::string out = R"({"ok":false,"errors":)";
  reflect::write(out, issues);
  out += '}';
  return out;
}

/// Runs `f`, turning anything thrown (out of memory, a bug) into an error value: nothing thrown
/// leaves the facade. The core throws nothing itself; in a build without exceptions (the widget's
/// wasm core) there is nothing to catch, and the binding makes sure of the memory beforehand.
template <class F>
std::string guarded(std::string_view lang, F&& f) {
#if defined(__cpp_exceptions)
  try {
    return f();
  } catch (const std::bad_alloc&) {
    return refusal("core.out-of-memory", lang);
  } catch (const std::exception& e) {
    return failure({make_issue("", "core.internal-error", {{"detail", e.what()}})}, lang);
  } catch (...) {
    return refusal("core.internal-error", lang);
  }
#else
  (void)lang;
  return f();
#endif
}

std::string load_unguarded(std::string_view questionnaire_json, std::shared_ptr<const Questionnaire>& out,
                           std::string_view lang);
std::string score_unguarded(const Questionnaire& questionnaire, std::string_view answers_json, std::string_view lang);

}  // namespace

std::string load(std::string_view questionnaire_json, std::shared_ptr<const Questionnaire>& out,
                 std::string_view lang) {
  out.reset();
  std::string answer = guarded(lang, [&] { return load_unguarded(questionnaire_json, out, lang); });
  if (answer.rfind(R"({"ok":true,)", 0) != 0) out.reset();
  return answer;
}

std::string score(const Questionnaire& questionnaire, std::string_view answers_json, std::string_view lang) {
  return guarded(lang, [&] { return score_unguarded(questionnaire, answers_json, lang); });
}

namespace {

std::string load_unguarded(std::string_view questionnaire_json, std::shared_ptr<const Questionnaire>& out,
                           std::string_view lang) {
  out.reset();
  auto loaded = load_questionnaire(questionnaire_json);
  if (!loaded.questionnaire) return failure(std::move(loaded.errors), lang);
  const auto& q = *loaded.questionnaire;
  std::string answer = R"({"ok":true,"questionnaire":{"id":)";
  write_string(answer, q.id);
  answer += R"(,"version":)";
  write_string(answer, q.version);
  answer += R"(,"hash":)";
  write_string(answer, q.compiled.hash);
  answer += R"(,"languages":)";
  reflect::write(answer, q.languages);
  answer += "}}";
  out = std::move(loaded.questionnaire);
  return answer;
}

std::string score_unguarded(const Questionnaire& questionnaire, std::string_view answers_json, std::string_view lang) {
  std::string language(lang);
  if (language.empty() && !questionnaire.languages.empty()) language = questionnaire.languages.front();
  if (std::find(questionnaire.languages.begin(), questionnaire.languages.end(), language) ==
      questionnaire.languages.end()) {
    std::string offered;
    for (const auto& l : questionnaire.languages) offered += (offered.empty() ? "" : ", ") + l;
    // The messages are in the language asked for when the core has it, else in the first offered.
    return failure({make_issue("", "request.language-not-offered", {{"language", language}, {"offered", offered}})}, lang);
  }
  // Valid answers (the widget's everyday case) are read straight from the text; anything else is
  // parsed and checked, which words the errors. The trusting core (wasm/CMakeLists.txt) always
  // parses and checks: the same answers and errors with less code (a respondent's answers are a
  // few kB, scored once per change).
  Evaluation e;
  std::optional<Answers> valid;
  if constexpr (reads_answers_in_place) valid = read_valid_answers(questionnaire, answers_json);
  if (valid) {
    e = evaluate(questionnaire, CheckedAnswers{std::move(*valid), {}});
  } else {
    auto parsed = parse_json(answers_json, max_answers_bytes, max_json_values, Overflow::infinity);
    if (parsed.error) return failure({std::move(*parsed.error)}, language);
    if (!parsed.value.is_object())
      return failure({make_issue("", "answers.not-object", {{"got", reflect::kind_name(parsed.value)}})}, language);
    e = evaluate(questionnaire, parsed.value);
  }
  std::string answer;
  answer.reserve(16384);  // a result is a few kB: one allocation instead of a dozen regrowths and copies
  answer += R"({"ok":true,"result":)";
  reflect::write(answer, make_result(questionnaire, e, language));
  answer += '}';
  return answer;
}

}  // namespace

std::string refusal(std::string_view code, std::string_view lang) { return failure({make_issue("", code)}, lang); }

namespace {

/// The language of the aggregation's errors: the one asked for in the options, else the
/// questionnaire's first (the aggregate's own language).
std::string aggregate_lang(const Questionnaire& questionnaire, const aggregation::Options& options) {
  if (!options.lang.empty()) return options.lang;
  return questionnaire.languages.empty() ? std::string() : questionnaire.languages.front();
}

}  // namespace

std::string aggregate(const Questionnaire& questionnaire, std::string_view records_json, std::string_view options_json) {
  aggregation::Options options;
  return guarded(aggregate_lang(questionnaire, options), [&] {
    if (auto errors = aggregation::parse_options(options_json, options); !errors.empty())
      return failure(errors, aggregate_lang(questionnaire, options));
    return aggregation::aggregate_input(questionnaire, records_json, options);
  });
}

std::string open_aggregate(const Questionnaire& questionnaire, std::string_view options_json,
                           std::unique_ptr<aggregation::Accumulator>& out) {
  out.reset();
  aggregation::Options options;
  return guarded(aggregate_lang(questionnaire, options), [&] {
    Issues errors = aggregation::parse_options(options_json, options);
    if (errors.empty()) out = aggregation::make_accumulator(questionnaire, options, errors);
    if (!out) return failure(errors, aggregate_lang(questionnaire, options));
    return std::string(R"({"ok":true})");
  });
}

std::string compare_results(std::string_view earlier_json, std::string_view later_json, std::string_view lang) {
  return guarded(lang, [&] { return comparison::results(earlier_json, later_json, lang); });
}

std::string compare_aggregates(std::string_view earlier_json, std::string_view later_json, std::string_view lang) {
  return guarded(lang, [&] { return comparison::aggregates(earlier_json, later_json, lang); });
}

std::string version() {
  return R"({"core":"0.1.0","formats":["catalyse-questionnaire/1","catalyse-result/1","catalyse-response/1","catalyse-aggregate/1","catalyse-comparison/1"]})";
}

}  // namespace catalyse::api
