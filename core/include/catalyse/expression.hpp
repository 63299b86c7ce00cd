// The expression language of visibility conditions and feedback insights (docs/FORMAT.md §5).
// Parsed once when a questionnaire loads, checked against the questionnaire's schema, evaluated
// by walking a tree: no eval, no code generation.
#pragma once

#include <catalyse/issue.hpp>
#include <catalyse/question_type.hpp>

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace catalyse::expr {

struct Null {
  bool operator==(const Null&) const = default;
};
using List = std::vector<std::string>;
/// A runtime value: null, boolean, number, string (option id or text) or list of strings.
using Value = std::variant<Null, bool, double, std::string, List>;

/// What an expression may refer to, as the questionnaire declares it.
struct Schema {
  struct Question {
    QuestionType kind;
    std::vector<std::string> options;  // option ids (single, multiple, scale, matrix)
    std::vector<std::string> rows;     // row ids (matrix)
  };
  /// Looks up a question by id; nullptr when unknown.
  std::function<const Question*(std::string_view id)> question;
  /// True when the dimension exists.
  std::function<bool(std::string_view id)> dimension;
  /// True when the level exists.
  std::function<bool(std::string_view id)> level;
  /// False in visibleIf: dim.*, index and level depend on visibility.
  bool allow_scores = true;
  /// True (visibleIf, insight `when`): the whole expression must be a condition (true or false).
  /// False lets any value through, e.g. for tests and tools that evaluate arithmetic.
  bool require_condition = true;
};

/// Values an expression reads at evaluation time.
struct Env {
  virtual ~Env() = default;
  /// The answer to `question` (or to one `row` of a matrix); Null when absent or don't know.
  virtual Value answer(std::string_view question, std::optional<std::string_view> row) const = 0;
  virtual Value dimension(std::string_view id) const = 0;  // score or Null
  virtual Value index() const = 0;                         // number or Null
  virtual Value level() const = 0;                         // level id or Null
};

struct Error {
  std::size_t column = 0;  // 1-based position in the source text
  std::string code;        // "questionnaire.expression.unknown-question": a code of the catalog (messages.hpp)
  Params params;           // what its message says of this case; the column is not among them
  std::string message;     // the code's message in English (without the column)
};

class Node;  // the parsed tree (expression.cpp)

class Expression {
 public:
  /// Longest accepted source text, in bytes.
  static constexpr std::size_t max_length = 4096;
  /// Deepest accepted nesting (parentheses, `not`, unary minus, operands of operands…).
  static constexpr int max_depth = 100;

  /// An empty expression: evaluates to null, tests false. parse() is the way to get a real one.
  Expression() = default;

  /// Parses and checks `source` against `schema`. The error says what was expected, where.
  static std::variant<Expression, Error> parse(std::string_view source, const Schema& schema);

  Value evaluate(const Env& env) const;
  /// evaluate() seen as a condition: true only for boolean true (null and the rest are false).
  bool test(const Env& env) const;

  /// Question ids this expression reads (for the cycle check between visibleIf conditions).
  const std::vector<std::string>& questions() const { return questions_; }
  const std::string& source() const { return source_; }

 private:
  std::shared_ptr<const Node> root_;
  std::vector<std::string> questions_;
  std::string source_;
};

/// A readable rendering of a value (`null`, `true`, `2.5`, `'abc'`, `['a', 'b']`) for messages
/// and tests.
std::string to_string(const Value& value);

}  // namespace catalyse::expr
