// The kinds of question (docs/FORMAT.md §1), one enum for the questionnaire model, the expression
// language's schema and aggregation.
#pragma once

#include <boost/describe/enum.hpp>
#include <boost/describe/enum_to_string.hpp>

namespace catalyse {

BOOST_DEFINE_ENUM_CLASS(QuestionType, single, multiple, scale, matrix, number, text)

/// "single", "multiple", … as the format writes it.
inline const char* type_name(QuestionType t) { return boost::describe::enum_to_string(t, "?"); }

}  // namespace catalyse
