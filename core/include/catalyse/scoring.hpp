// Scoring one respondent's answers (docs/FORMAT.md §2–3): answers are checked against the
// questionnaire, visibility conditions are evaluated, then items, dimensions, index and levels are
// computed. Also used by aggregation, which scores every record the same way.
#pragma once

#include <catalyse/issue.hpp>
#include <catalyse/json.hpp>
#include <catalyse/model.hpp>

#include <algorithm>
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

namespace catalyse {

/// Largest answers document accepted (bytes).
inline constexpr std::size_t max_answers_bytes = 1u << 20;

/// One row of a matrix answer: the row and the option chosen, by id (the questionnaire's own
/// strings) and by position in the question's rows and options.
struct RowAnswer {
  std::string_view row_id, option_id;
  std::size_t row = 0, option = 0;
};

/// A matrix answer: the valid rows, each once. A matrix has few rows: a vector searched in place
/// (no tree of nodes to build for every rescoring), looked up by row id or position.
class RowAnswers {
 public:
  using value_type = RowAnswer;
  using const_iterator = std::vector<value_type>::const_iterator;

  const_iterator find(std::string_view row_id) const {
    for (auto it = rows_.begin(); it != rows_.end(); ++it)
      if (it->row_id == row_id) return it;
    return rows_.end();
  }
  /// The answer to the row at position `row` of the question.
  const_iterator find_row(std::size_t row) const {
    if (row < rows_.size() && rows_[row].row == row) return rows_.begin() + static_cast<std::ptrdiff_t>(row);  // rows in order
    for (auto it = rows_.begin(); it != rows_.end(); ++it)
      if (it->row == row) return it;
    return rows_.end();
  }
  std::size_t count(std::string_view row_id) const { return find(row_id) == end() ? 0 : 1; }
  const_iterator begin() const { return rows_.begin(); }
  const_iterator end() const { return rows_.end(); }
  std::size_t size() const { return rows_.size(); }
  bool empty() const { return rows_.empty(); }
  void reserve(std::size_t n) { rows_.reserve(n); }
  /// Adds a row not already there (callers check).
  void add(RowAnswer row) { rows_.push_back(row); }
  void clear() { rows_.clear(); }

 private:
  std::vector<value_type> rows_;
};

/// A valid answer to one question; which member is meaningful depends on the question's type.
struct Answer {
  std::size_t option = 0;                   // single, scale: the option chosen (its position in the question)
  std::vector<std::string> choices;         // multiple: option ids, as given
  RowAnswers rows;                          // matrix: the valid rows
  double number = 0;                        // number
  std::string text;                         // text
};
/// Valid answers by question position (document order); an absent or invalid answer is not in it.
/// at(n) reads by position; find(id) / end() look up by question id, as a map would. clear() and
/// fill() let one Answers serve record after record without allocating again (the aggregation).
class Answers {
 public:
  using Entry = std::pair<std::string_view, Answer>;  // the question's id (the questionnaire's own string)
  using const_iterator = const Entry*;

  Answers() = default;
  explicit Answers(const Questionnaire& q);

  /// The answer to the question at position n, or nullptr.
  const Answer* at(std::size_t n) const { return n < state_.size() && state_[n] == answered ? &entries_[n].second : nullptr; }
  /// The answer to question `id` (end() when none).
  const_iterator find(std::string_view id) const;
  const_iterator end() const { return nullptr; }
  /// Sets the answer to the question at position n.
  void set(std::size_t n, Answer answer);
  /// The answer to the question at position n, set, for a reader to fill in place: it holds what
  /// the previous answer to that question left (its storage is reused), and the reader overwrites
  /// or clears the members its question's type uses.
  Answer& fill(std::size_t n);
  /// Question n was given but has no answer (an empty text, no option selected): at(n) is null,
  /// given(n) true.
  void set_empty(std::size_t n) { state_.at(n) = given_empty; }
  /// Whether question n was given (set, filled or set empty) since the last clear().
  bool given(std::size_t n) const { return state_[n] != absent; }
  /// No answer to any question; the storage is kept.
  void clear() { std::fill(state_.begin(), state_.end(), absent); }

 private:
  enum State : unsigned char { absent, given_empty, answered };
  const Questionnaire* q_ = nullptr;
  std::vector<Entry> entries_;       // per question: its id, and the answer when state_ says answered
  std::vector<unsigned char> state_;
};

struct AnswerError {
  std::optional<std::size_t> question;  // position of the question (nullopt: unknown question)
  Issue issue;
};

struct CheckedAnswers {
  Answers answers;
  std::vector<AnswerError> errors;  // questionnaire order, then unknown questions by id
};

/// Checks an answers object (FORMAT.md §2). `answers` must be a JSON object. null values are
/// treated as absent.
CheckedAnswers check_answers(const Questionnaire& q, const json& answers);

/// The everyday case without a JSON tree: when `text` is a JSON object whose every member is a valid
/// answer to a known question, written plainly (no escapes, nulls, repeated names or byte order
/// mark), the answers check_answers would keep from it; otherwise nullopt, and the caller parses
/// the text and checks the document, which words every error.
std::optional<Answers> read_valid_answers(const Questionnaire& q, std::string_view text);
/// The same for the answers object whose '{' is at text[at], inside a larger text (a response
/// record), read into `into` (cleared first, its storage reused): when it is read (true), `at`
/// moves just after it and `hash` is its content hash (json.hpp content_hash), which the
/// aggregation's duplicate check compares. `into` must have been made for `q`.
bool read_valid_answers(const Questionnaire& q, std::string_view text, std::size_t& at, std::uint64_t& hash,
                        Answers& into);

/// True when question `n` has a usable answer for progress and `required`: a matrix needs every row.
bool answered(const Questionnaire& q, std::size_t n, const Answers& answers);

/// The item score s ∈ [0, 1] (before reversal) that choosing each option of `q` gives, in option
/// order (single, scale, matrix: load() keeps them in Compiled::option_scores); nullopt for an
/// option that scores nothing (don't know, no value, or options without spread).
std::vector<std::optional<double>> option_scores(const Question& q);

/// Rounds half away from zero to one decimal.
double round1(double x);

struct DimensionScore {
  std::size_t items = 0;     // items of visible questions
  std::size_t answered = 0;  // of which answered (not missing, not don't know)
  std::size_t missing = 0;   // of which without any answer (neither a value nor don't know)
  bool sufficient = false;
  double raw = 0;                    // unrounded score (meaningful when sufficient)
  std::optional<double> score;       // rounded, when sufficient
  std::optional<std::size_t> level;  // position in levels, when sufficient
};

/// Whether the overall index rests on enough dimensions (FORMAT.md §3, "provisional reading"): it
/// does when at least `needed` dimensions (60 % of them, rounded up) are scored and they carry at
/// least 60 % of the dimensions' total weight.
struct Reading {
  bool provisional = true;
  std::size_t scored = 0, needed = 0, dimensions = 0;
  /// The fewest further answers, among the items of the questions visible now, that would make
  /// the reading not provisional (0 when it is not); nullopt when those questions cannot.
  std::optional<std::size_t> more_answers;
};
/// Share of the dimensions (by count and by weight) that must be scored for a reading that is not
/// provisional.
inline constexpr double reading_share = 0.6;

struct Evaluation {
  Answers answers;                  // valid answers (including those of hidden questions)
  std::vector<bool> visible;        // per question, document order
  std::vector<DimensionScore> dimensions;  // per dimension
  std::optional<double> index;             // rounded
  std::optional<std::size_t> level;        // position in levels
  Reading reading;
  Issues answer_errors;                    // of visible or unknown questions
};

/// The level (position in q.levels) of a rounded score: the last whose min ≤ score.
std::optional<std::size_t> level_of(const Questionnaire& q, std::optional<double> score);

/// What the core sorts by (the dimensions to complete, the dimensions from weakest to strongest),
/// compared with <: one type, so that the widget's core holds one copy of the sorting code.
using SortKey = std::tuple<double, double, std::size_t>;
/// Sorts `keys` ascending: insertion sort, for the few keys a questionnaire's dimensions make
/// (std::sort's instantiation would weigh more in the widget's core than it saves). Keys end with
/// a distinct index, so the order is the one std::sort gives.
inline void sort_keys(std::vector<SortKey>& keys) {
  for (std::size_t i = 1; i < keys.size(); ++i)
    for (std::size_t j = i; j > 0 && keys[j] < keys[j - 1]; --j) std::swap(keys[j], keys[j - 1]);
}

/// The reading of scored dimensions (provisional or not, and what would settle it).
Reading reading(const Questionnaire& q, const std::vector<DimensionScore>& dimensions);

/// Visibility of every question (document order) given valid answers.
std::vector<bool> visibility(const Questionnaire& q, const Answers& answers);

/// Checks, evaluates visibility and scores. `answers` must be a JSON object.
Evaluation evaluate(const Questionnaire& q, const json& answers);
/// Evaluates visibility and scores of answers already checked.
Evaluation evaluate(const Questionnaire& q, CheckedAnswers checked);
/// The same for valid answers already in `e.answers` (no errors), into `e` with its storage
/// reused: what evaluate(q, CheckedAnswers{e.answers, {}}) gives.
void evaluate_in_place(const Questionnaire& q, Evaluation& e);

/// What expressions read once scores are known (insight `when`): visible answers, scores; `index`
/// and `level` read null while the reading is provisional.
class ScoredEnv : public expr::Env {
 public:
  ScoredEnv(const Questionnaire& q, const Evaluation& e) : q_(q), e_(e) {}
  expr::Value answer(std::string_view question, std::optional<std::string_view> row) const override;
  expr::Value dimension(std::string_view id) const override;
  expr::Value index() const override;
  expr::Value level() const override;

 private:
  const Questionnaire& q_;
  const Evaluation& e_;
};

/// The value an expression reads for an answer (a dontKnow reads as null).
expr::Value answer_value(const Questionnaire& q, std::size_t n, const Answers& answers,
                         std::optional<std::string_view> row);

}  // namespace catalyse
