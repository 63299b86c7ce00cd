// Progress over time (docs/COMPARE.md, "catalyse-comparison/1"): two results of one respondent or
// two aggregates of a group, compared by id across questionnaire versions. The facade (api.hpp)
// wraps these so that nothing thrown leaves it.
#pragma once

#include <string>
#include <string_view>

namespace catalyse::comparison {

/// Two results (catalyse-result/1, or the widget's download {record, result}, or the core's answer
/// {"ok":true,"result":…}): {"ok":true,"comparison":{…}} or {"ok":false,"errors":[…]} at
/// /earlier or /later. Messages in `lang` ("": the later result's language).
std::string results(std::string_view earlier, std::string_view later, std::string_view lang);

/// Two aggregates (catalyse-aggregate/1, or {"ok":true,"aggregate":…}): the same shape, per
/// dimension, index and question, each side with its n.
std::string aggregates(std::string_view earlier, std::string_view later, std::string_view lang);

}  // namespace catalyse::comparison
