// PLACEHOLDER until the expression language lands: every expression is refused at load with a
// clear error, so a questionnaire using visibleIf/when is rejected rather than misread.
#include <catalyse/expression.hpp>

namespace catalyse::expr {

class Node {};

std::variant<Expression, Error> Expression::parse(std::string_view, const Schema&) {
  return Error{1, "expressions are not supported by this build yet"};
}
Value Expression::evaluate(const Env&) const { return Null{}; }
bool Expression::test(const Env&) const { return false; }

}  // namespace catalyse::expr
