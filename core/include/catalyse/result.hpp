// The result of scoring one respondent (docs/FORMAT.md §4, "catalyse-result/1") as described
// structs: reflect::to_json writes them in this member order, so the JSON is the same byte for
// byte natively and in wasm.
// A Result borrows: its std::string_view members (ids, labels, texts) point into the questionnaire
// it was made from, which must outlive it; texts made for this result (filled-in messages,
// benchmark statements, errors) are owned.
#pragma once

#include <catalyse/issue.hpp>
#include <catalyse/json.hpp>
#include <catalyse/model.hpp>
#include <catalyse/scoring.hpp>

#include <boost/describe.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace catalyse {

struct ResultQuestionnaire {
  std::string_view id, version, hash;
};
BOOST_DESCRIBE_STRUCT(ResultQuestionnaire, (), (id, version, hash))

struct ResultProgress {
  int answered = 0;  // visible questions answered (a matrix: every row; "don't know" counts)
  int visible = 0;
  std::vector<std::string_view> requiredMissing;
};
BOOST_DESCRIBE_STRUCT(ResultProgress, (), (answered, visible, requiredMissing))

struct ResultDimension {
  std::string_view id, label, status;  // status: "ok" | "insufficient"
  std::optional<double> score;
  int answered = 0, items = 0;
  std::optional<std::string_view> level;
};
BOOST_DESCRIBE_STRUCT(ResultDimension, (), (id, label, status, score, answered, items, level))

struct ResultLevel {
  std::string_view id, label, interpretation;
  double min = 0;
};
BOOST_DESCRIBE_STRUCT(ResultLevel, (), (id, label, interpretation, min))

struct ResultReading {
  bool provisional = true;
  int dimensionsScored = 0, dimensionsNeeded = 0, dimensions = 0;
  std::optional<int> moreAnswers;  // null: the questions visible now cannot settle the reading
};
BOOST_DESCRIBE_STRUCT(ResultReading, (), (provisional, dimensionsScored, dimensionsNeeded, dimensions, moreAnswers))

struct ResultDeclared {
  std::string_view option, level, label;
  std::optional<bool> agrees;         // null when the reading is provisional (or has no index)
  std::optional<std::string> message;  // agree / disagree text, null with agrees
};
BOOST_DESCRIBE_STRUCT(ResultDeclared, (), (option, level, label, agrees, message))

struct ResultRecommendation {
  std::string_view dimension, level, text;
};
BOOST_DESCRIBE_STRUCT(ResultRecommendation, (), (dimension, level, text))

struct ResultInsight {
  std::string_view id, title, text;
};
BOOST_DESCRIBE_STRUCT(ResultInsight, (), (id, title, text))

struct ResultBenchmark {
  std::string_view id, question;
  std::optional<std::string_view> row;  // matrix only
  std::string_view option;
  int count = 0, n = 0, year = 0;
  std::string_view source;
  std::string text;
};
BOOST_DESCRIBE_STRUCT(ResultBenchmark, (), (id, question, row, option, count, n, year, source, text))

struct Result {
  std::string_view format;
  ResultQuestionnaire questionnaire;
  std::string lang;
  std::vector<std::string_view> visible;
  ResultProgress progress;
  std::vector<ResultDimension> dimensions;
  std::optional<double> index;
  std::optional<ResultLevel> level;
  ResultReading reading;
  std::optional<ResultDeclared> declared;
  std::optional<std::string_view> strongest, weakest;
  std::vector<ResultRecommendation> recommendations;
  std::vector<ResultInsight> insights;
  std::vector<ResultBenchmark> benchmarks;
  Issues answerErrors;
};
BOOST_DESCRIBE_STRUCT(Result, (),
                      (format, questionnaire, lang, visible, progress, dimensions, index, level, reading, declared,
                       strongest, weakest, recommendations, insights, benchmarks, answerErrors))

/// Builds the whole result for one language (`lang` must be one of the questionnaire's). The result
/// borrows from `q` (see above), not from `e`.
Result make_result(const Questionnaire& q, const Evaluation& e, const std::string& lang);

/// Feedback parts of the result (feedback.cpp).
void add_feedback(const Questionnaire& q, const Evaluation& e, const std::string& lang, Result& r);

/// Replaces each "{name}" in `text` by its value; unknown placeholders stay as they are.
std::string fill(std::string_view text, const std::vector<std::pair<std::string_view, std::string_view>>& values);

}  // namespace catalyse
