// Loading a questionnaire: text → JSON → model → validation → compiled, hashed questionnaire.
#include <catalyse/questionnaire.hpp>
#include <catalyse/reflect.hpp>

#include <algorithm>
#include <string_view>
#include <vector>

namespace catalyse {
namespace {

/// Whether `path` is one of `prefixes` (sorted, none empty) or lies below one of them.
bool under_any(std::string_view path, const std::vector<std::string_view>& prefixes) {
  // The path itself, then each ancestor ("/a/b/c", "/a/b", "/a"): cut at each '/' from the end.
  for (std::size_t end = path.size(); end > 0 && end != std::string_view::npos; end = path.rfind('/', end - 1))
    if (std::binary_search(prefixes.begin(), prefixes.end(), path.substr(0, end))) return true;
  return false;
}

/// Keeps the first max_reported_issues; a last entry says how many more there were. `uncounted`:
/// issues found but not kept (beyond max_kept_issues); `approximate`: the count is a lower bound.
void cap(Issues& issues, std::size_t uncounted, bool approximate) {
  if (issues.size() <= max_reported_issues && uncounted == 0 && !approximate) return;
  const auto more = issues.size() - std::min(issues.size(), max_reported_issues) + uncounted;
  issues.resize(std::min(issues.size(), max_reported_issues));
  issues.push_back({"", std::string(approximate ? "… and at least " : "… and ") + std::to_string(more) + " more errors"});
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
    out.errors.push_back({"", "expected a questionnaire object, got " + reflect::kind_of(parsed.value)});
    return out;
  }
  auto q = std::make_shared<Questionnaire>();
  Issues shape;
  const std::size_t shape_dropped = reflect::from_json(parsed.value, *q, shape);
  std::size_t rules_dropped = 0;
  Issues rules = validate(*q, &rules_dropped);
  // A value that could not be read would also break the rules checked on it: report only the
  // reading error there.
  std::vector<std::string_view> unread;
  for (const auto& s : shape)
    if (!s.path.empty()) unread.push_back(s.path);
  std::sort(unread.begin(), unread.end());
  // When reading errors were dropped, the rule errors under them cannot be told apart: only the
  // reading errors are counted then, and the count is a lower bound.
  out.errors = shape;
  if (shape_dropped == 0)
    for (auto& issue : rules)
      if (!under_any(issue.path, unread)) out.errors.push_back(std::move(issue));
  if (!out.errors.empty() || shape_dropped + rules_dropped > 0) {
    cap(out.errors, shape_dropped, shape_dropped + rules_dropped > 0);
    return out;
  }
  q->compiled.hash = document_hash(parsed.value);
  out.questionnaire = std::move(q);
  return out;
}

}  // namespace catalyse
