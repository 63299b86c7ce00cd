// Loading a questionnaire: text → JSON → model → validation → compiled, hashed questionnaire.
#include <catalyse/messages.hpp>
#include <catalyse/questionnaire.hpp>
#include <catalyse/reflect.hpp>

#include <algorithm>

namespace catalyse {
namespace {

bool under(const std::string& path, const std::string& prefix) {
  return path == prefix || (path.size() > prefix.size() && path.compare(0, prefix.size(), prefix) == 0 &&
                            path[prefix.size()] == '/');
}

/// Whether `issue` lies at or below the path of a reading error (there are at most
/// max_kept_issues of those, so comparing with each stays cheap).
bool shadowed(const Issue& issue, const Issues& reading) {
  for (const auto& r : reading)
    if (!r.path.empty() && under(issue.path, r.path)) return true;
  return false;
}

/// Keeps the first max_reported_issues; a last entry says how many more there were. `uncounted`:
/// issues found but not kept (beyond max_kept_issues); `approximate`: the count is a lower bound.
void cap(Issues& issues, std::size_t uncounted, bool approximate) {
  if (issues.size() <= max_reported_issues && uncounted == 0 && !approximate) return;
  const auto more = issues.size() - std::min(issues.size(), max_reported_issues) + uncounted;
  issues.resize(std::min(issues.size(), max_reported_issues));
  issues.push_back(make_issue("", approximate ? "issues.more-at-least" : "issues.more", {{"count", std::to_string(more)}}));
}

}  // namespace

LoadedQuestionnaire load_questionnaire(std::string_view text) {
  LoadedQuestionnaire out;
  auto parsed = parse_json(text, max_questionnaire_bytes);
  if (parsed.error) {
    out.errors.push_back(*parsed.error);
    return out;
  }
  if (!parsed.value.is_object()) {
    out.errors.push_back(make_issue("", "questionnaire.not-object", {{"got", reflect::kind_name(parsed.value)}}));
    return out;
  }
  auto q = std::make_shared<Questionnaire>();
  Issues shape;
  const std::size_t shape_dropped = reflect::from_json(parsed.value, *q, shape);
  std::size_t rules_dropped = 0;
  Issues rules = validate(*q, &rules_dropped);
  // A value that could not be read would also break the rules checked on it: report only the
  // reading error there.
  // When reading errors were dropped, the rule errors under them cannot be told apart: only the
  // reading errors are counted then, and the count is a lower bound.
  out.errors = shape;
  if (shape_dropped == 0)
    for (auto& issue : rules)
      if (!shadowed(issue, shape)) out.errors.push_back(std::move(issue));
  if (!out.errors.empty() || shape_dropped + rules_dropped > 0) {
    cap(out.errors, shape_dropped, shape_dropped + rules_dropped > 0);
    return out;
  }
  q->compiled.hash = document_hash(parsed.value);
  out.questionnaire = std::move(q);
  return out;
}

}  // namespace catalyse
