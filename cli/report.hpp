// The readable report of `catalyse aggregate --text`: the aggregate (docs/AGGREGATE.md) as plain
// text with bars, counts beside percentages, n always shown, and the problems found in the input.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace catalyse::cli {

/// Renders an aggregate ("catalyse-aggregate/1") in its own language (fr or en).
std::string report(const nlohmann::json& aggregate);

}  // namespace catalyse::cli
