// The questionnaire (docs/FORMAT.md §1) as plain value types. The JSON members map one to one onto
// the described members below (same names, camelCase as in the format), so one generic conversion
// (reflect.hpp) reads every struct; optional members are std::optional.
// A loaded Questionnaire also carries what load() derived from it (`compiled`, not described):
// indexes, parsed expressions and the document's hash.
#pragma once

#include <catalyse/expression.hpp>
#include <catalyse/json.hpp>
#include <catalyse/question_type.hpp>

#include <boost/describe.hpp>

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace catalyse {

/// A localised string: language → text.
using Text = std::map<std::string, std::string>;

/// How a question (or a matrix row) feeds a dimension.
struct Scoring {
  std::string dimension;
  std::optional<double> weight;   // > 0, default 1
  std::optional<bool> reverse;    // default false
};
BOOST_DESCRIBE_STRUCT(Scoring, (), (dimension, weight, reverse))

/// A matrix row's scoring: each member present overrides the question's.
struct RowScoring {
  std::optional<std::string> dimension;
  std::optional<double> weight;
  std::optional<bool> reverse;
};
BOOST_DESCRIBE_STRUCT(RowScoring, (), (dimension, weight, reverse))

struct Option {
  std::string id;
  Text label;
  std::optional<double> value;
  std::optional<bool> dontKnow;
};
BOOST_DESCRIBE_STRUCT(Option, (), (id, label, value, dontKnow))

struct Row {
  std::string id;
  Text label;
  std::optional<RowScoring> scoring;
};
BOOST_DESCRIBE_STRUCT(Row, (), (id, label, scoring))

struct Question {
  std::string id;
  QuestionType type = QuestionType::single;
  Text text;
  std::optional<Text> help;
  std::optional<bool> required;
  std::optional<std::string> visibleIf;
  std::optional<Scoring> scoring;
  // single, scale, multiple, matrix
  std::optional<std::vector<Option>> options;
  // multiple
  std::optional<int> minSelected;
  std::optional<int> maxSelected;
  // matrix
  std::optional<std::vector<Row>> rows;
  // number
  std::optional<double> min;
  std::optional<double> max;
  std::optional<bool> integer;
  std::optional<Text> unit;
  // text
  std::optional<int> maxLength;
};
BOOST_DESCRIBE_STRUCT(Question, (),
                      (id, type, text, help, required, visibleIf, scoring, options, minSelected,
                       maxSelected, rows, min, max, integer, unit, maxLength))

struct Section {
  std::string id;
  Text title;
  std::optional<Text> intro;
  std::vector<Question> questions;
};
BOOST_DESCRIBE_STRUCT(Section, (), (id, title, intro, questions))

struct Dimension {
  std::string id;
  Text label;
  std::optional<Text> description;
  std::optional<double> weight;        // > 0, default 1
  std::optional<double> minAnswered;   // [0, 1], default 0.5
};
BOOST_DESCRIBE_STRUCT(Dimension, (), (id, label, description, weight, minAnswered))

struct Level {
  std::string id;
  double min = 0;
  Text label;
  Text interpretation;
};
BOOST_DESCRIBE_STRUCT(Level, (), (id, min, label, interpretation))

struct DeclaredStage {
  std::string question;
  std::map<std::string, std::string> map;  // option id → level id
  Text agree;
  Text disagree;
};
BOOST_DESCRIBE_STRUCT(DeclaredStage, (), (question, map, agree, disagree))

struct Recommendation {
  std::string dimension;
  std::string level;
  Text text;
};
BOOST_DESCRIBE_STRUCT(Recommendation, (), (dimension, level, text))

struct Insight {
  std::string id;
  std::string when;
  Text title;
  Text text;
};
BOOST_DESCRIBE_STRUCT(Insight, (), (id, when, title, text))

struct Feedback {
  std::optional<bool> complete;
  std::optional<std::vector<Recommendation>> recommendations;
  std::optional<std::vector<Insight>> insights;
};
BOOST_DESCRIBE_STRUCT(Feedback, (), (complete, recommendations, insights))

/// Per option counts (single, scale, multiple) or per row, per option counts (matrix).
using OptionCounts = std::map<std::string, int>;
using BenchmarkCounts = std::variant<OptionCounts, std::map<std::string, OptionCounts>>;

struct Benchmark {
  std::string id;
  std::string question;
  Text source;
  int year = 0;
  int n = 0;
  std::optional<int> minN;             // default 5
  BenchmarkCounts counts;
  std::optional<Text> statement;
};
BOOST_DESCRIBE_STRUCT(Benchmark, (), (id, question, source, year, n, minN, counts, statement))

/// What load() derives from a valid document (not part of the JSON).
struct Compiled {
  struct Ref {
    std::size_t section = 0;
    std::size_t question = 0;
  };
  std::string hash;                                        // "fnv1a64:<16 hex>"
  std::vector<Ref> questions;                              // every question, document order
  std::map<std::string, std::size_t, std::less<>> question_index;   // id → position in questions
  std::map<std::string, std::size_t, std::less<>> dimension_index;  // id → position in dimensions
  std::map<std::string, std::size_t, std::less<>> level_index;      // id → position in levels
  std::vector<std::optional<expr::Expression>> visible_if; // per question (document order)
  std::vector<std::size_t> visibility_order;               // dependencies first, else document order
  std::vector<expr::Expression> insight_when;              // per feedback insight
  /// One scored item: a scored question, or one row of a matrix.
  struct Item {
    std::size_t question = 0;             // position in questions
    std::optional<std::size_t> row;       // matrix row position
    std::size_t dimension = 0;            // position in dimensions
    double weight = 1;
    bool reverse = false;
  };
  std::vector<Item> items;                                 // document order
  /// Per question (document order), per option: the item score of choosing it (scoring.hpp,
  /// option_scores), so that scoring an answer is a look-up.
  std::vector<std::vector<std::optional<double>>> option_scores;
  /// Per question (document order): the key (json.hpp IdKey: first bytes, size, content hash) of
  /// its id and of each of its options' and rows' ids, in order, so that a reader that hashes what
  /// it reads finds an id by comparing its first bytes in place and takes its hash from here.
  std::vector<IdKey> question_keys;
  std::vector<IdKeys> option_keys, row_keys;
};

struct Questionnaire {
  std::string format;
  std::string id;
  std::string version;
  std::vector<std::string> languages;
  Text title;
  std::optional<Text> intro;
  std::vector<Section> sections;
  std::vector<Dimension> dimensions;
  std::vector<Level> levels;
  std::optional<DeclaredStage> declaredStage;
  std::optional<Feedback> feedback;
  std::optional<std::vector<Benchmark>> benchmarks;
  std::optional<std::map<std::string, Text>> strings;

  Compiled compiled;  // filled by load_questionnaire(); not described, not JSON

  /// The n-th question in document order (see compiled.questions).
  const Question& question(std::size_t n) const {
    const auto& r = compiled.questions[n];
    return sections[r.section].questions[r.question];
  }
  /// A question by id, or nullptr.
  const Question* find_question(std::string_view qid) const {
    auto it = compiled.question_index.find(qid);
    return it == compiled.question_index.end() ? nullptr : &question(it->second);
  }
};
BOOST_DESCRIBE_STRUCT(Questionnaire, (),
                      (format, id, version, languages, title, intro, sections, dimensions, levels,
                       declaredStage, feedback, benchmarks, strings))

inline constexpr const char* questionnaire_format = "catalyse-questionnaire/1";
inline constexpr const char* result_format = "catalyse-result/1";

/// Finds an option of a question by id, or nullptr.
inline const Option* find_option(const Question& q, std::string_view oid) {
  if (!q.options) return nullptr;
  for (const auto& o : *q.options)
    if (o.id == oid) return &o;
  return nullptr;
}
inline const Row* find_row(const Question& q, std::string_view rid) {
  if (!q.rows) return nullptr;
  for (const auto& r : *q.rows)
    if (r.id == rid) return &r;
  return nullptr;
}
inline bool is_dont_know(const Option& o) { return o.dontKnow.value_or(false); }

}  // namespace catalyse
