// The result of scoring one respondent (docs/FORMAT.md §4, "catalyse-result/1") as described
// structs: reflect::to_json writes them in this member order, so the JSON is the same byte for
// byte natively and in wasm.
#pragma once

#include <catalyse/issue.hpp>
#include <catalyse/json.hpp>
#include <catalyse/model.hpp>
#include <catalyse/scoring.hpp>

#include <boost/describe.hpp>

#include <optional>
#include <string>
#include <vector>

namespace catalyse {

struct ResultQuestionnaire {
  std::string id, version, hash;
};
BOOST_DESCRIBE_STRUCT(ResultQuestionnaire, (), (id, version, hash))

struct ResultProgress {
  int answered = 0;  // visible questions answered (a matrix: every row; "don't know" counts)
  int visible = 0;
  std::vector<std::string> requiredMissing;
};
BOOST_DESCRIBE_STRUCT(ResultProgress, (), (answered, visible, requiredMissing))

struct ResultDimension {
  std::string id, label, status;  // status: "ok" | "insufficient"
  std::optional<double> score;
  int answered = 0, items = 0;
  std::optional<std::string> level;
};
BOOST_DESCRIBE_STRUCT(ResultDimension, (), (id, label, status, score, answered, items, level))

struct ResultLevel {
  std::string id, label, interpretation;
  double min = 0;
};
BOOST_DESCRIBE_STRUCT(ResultLevel, (), (id, label, interpretation, min))

struct ResultDeclared {
  std::string option, level, label;
  std::optional<bool> agrees;         // null when no index could be computed
  std::optional<std::string> message;  // agree / disagree text, null with agrees
};
BOOST_DESCRIBE_STRUCT(ResultDeclared, (), (option, level, label, agrees, message))

struct ResultRecommendation {
  std::string dimension, level, text;
};
BOOST_DESCRIBE_STRUCT(ResultRecommendation, (), (dimension, level, text))

struct ResultInsight {
  std::string id, title, text;
};
BOOST_DESCRIBE_STRUCT(ResultInsight, (), (id, title, text))

struct ResultBenchmark {
  std::string id, question;
  std::optional<std::string> row;  // matrix only
  std::string option;
  int count = 0, n = 0, year = 0;
  std::string source, text;
};
BOOST_DESCRIBE_STRUCT(ResultBenchmark, (), (id, question, row, option, count, n, year, source, text))

struct Result {
  std::string format;
  ResultQuestionnaire questionnaire;
  std::string lang;
  std::vector<std::string> visible;
  ResultProgress progress;
  std::vector<ResultDimension> dimensions;
  std::optional<double> index;
  std::optional<ResultLevel> level;
  std::optional<ResultDeclared> declared;
  std::optional<std::string> strongest, weakest;
  std::vector<ResultRecommendation> recommendations;
  std::vector<ResultInsight> insights;
  std::vector<ResultBenchmark> benchmarks;
  Issues answerErrors;
};
BOOST_DESCRIBE_STRUCT(Result, (),
                      (format, questionnaire, lang, visible, progress, dimensions, index, level, declared,
                       strongest, weakest, recommendations, insights, benchmarks, answerErrors))

/// Builds the whole result for one language (`lang` must be one of the questionnaire's).
Result make_result(const Questionnaire& q, const Evaluation& e, const std::string& lang);

/// Feedback parts of the result (feedback.cpp).
void add_feedback(const Questionnaire& q, const Evaluation& e, const std::string& lang, Result& r);

/// Replaces each "{name}" in `text` by its value; unknown placeholders stay as they are.
std::string fill(std::string_view text, const std::vector<std::pair<std::string, std::string>>& values);

}  // namespace catalyse
