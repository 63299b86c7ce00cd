// Loading a questionnaire: text → JSON → model → validation → compiled, hashed questionnaire.
#include <catalyse/questionnaire.hpp>
#include <catalyse/reflect.hpp>

namespace catalyse {
namespace {

bool under(const std::string& path, const std::string& prefix) {
  return path == prefix || (path.size() > prefix.size() && path.compare(0, prefix.size(), prefix) == 0 &&
                            path[prefix.size()] == '/');
}

void cap(Issues& issues) {
  if (issues.size() <= max_reported_issues) return;
  const auto more = issues.size() - max_reported_issues;
  issues.resize(max_reported_issues);
  issues.push_back({"", "… and " + std::to_string(more) + " more errors"});
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
  reflect::from_json(parsed.value, *q, shape);
  Issues rules = validate(*q);
  // A value that could not be read would also break the rules checked on it: report only the
  // reading error there.
  out.errors = shape;
  for (auto& issue : rules) {
    bool shadowed = false;
    for (const auto& s : shape)
      if (under(issue.path, s.path) && !s.path.empty()) shadowed = true;
    if (!shadowed) out.errors.push_back(std::move(issue));
  }
  if (!out.errors.empty()) {
    cap(out.errors);
    return out;
  }
  q->compiled.hash = document_hash(parsed.value);
  out.questionnaire = std::move(q);
  return out;
}

}  // namespace catalyse
