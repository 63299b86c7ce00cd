// Assembling the result document (FORMAT.md §4) from an evaluation.
#include <catalyse/messages.hpp>
#include <catalyse/questionnaire.hpp>
#include <catalyse/result.hpp>

namespace catalyse {

Result make_result(const Questionnaire& q, const Evaluation& e, const std::string& lang) {
  Result r;
  r.format = result_format;
  r.questionnaire = {q.id, q.version, q.compiled.hash};
  r.lang = lang;
  r.visible.reserve(q.compiled.questions.size());
  for (std::size_t n = 0; n < q.compiled.questions.size(); ++n) {
    if (!e.visible[n]) continue;
    const auto& question = q.question(n);
    r.visible.push_back(question.id);
    ++r.progress.visible;
    const bool done = answered(q, n, e.answers);
    if (done) ++r.progress.answered;
    if (!done && question.required.value_or(false)) r.progress.requiredMissing.push_back(question.id);
  }
  r.dimensions.reserve(q.dimensions.size());
  for (std::size_t i = 0; i < q.dimensions.size(); ++i) {
    const auto& d = e.dimensions[i];
    ResultDimension rd;
    rd.id = q.dimensions[i].id;
    rd.label = localise(q.dimensions[i].label, lang);
    rd.status = d.sufficient ? "ok" : "insufficient";
    rd.score = d.score;
    rd.answered = static_cast<int>(d.answered);
    rd.items = static_cast<int>(d.items);
    if (d.level) rd.level = q.levels[*d.level].id;
    r.dimensions.push_back(std::move(rd));
  }
  r.index = e.index;
  if (e.level) {
    const auto& l = q.levels[*e.level];
    r.level = ResultLevel{l.id, localise(l.label, lang), localise(l.interpretation, lang), l.min};
  }
  const auto& reading = e.reading;
  r.reading = {reading.provisional, static_cast<int>(reading.scored), static_cast<int>(reading.needed),
               static_cast<int>(reading.dimensions), std::nullopt};
  if (reading.more_answers) r.reading.moreAnswers = static_cast<int>(*reading.more_answers);
  add_feedback(q, e, lang, r);
  r.answerErrors = e.answer_errors;
  localise_issues(r.answerErrors, lang);
  return r;
}

}  // namespace catalyse
