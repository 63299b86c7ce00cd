// Feedback on a scored respondent (FORMAT.md §1 Feedback, DeclaredStage, Benchmark; §4): declared
// stage against the computed level, strongest and weakest dimensions, recommendations from the
// weakest dimension to the strongest, insights whose condition holds, benchmark statements as
// counts out of n.
#include <catalyse/questionnaire.hpp>
#include <catalyse/result.hpp>

#include <algorithm>
#include <numeric>

namespace catalyse {
namespace {

using std::string;

string integer_text(int v) { return std::to_string(v); }

/// The default benchmark statement: the questionnaire's strings.benchmarkStatement, else built in.
std::string_view default_statement(const Questionnaire& q, const string& lang) {
  if (q.strings) {
    auto it = q.strings->find("benchmarkStatement");
    if (it != q.strings->end()) return localise(it->second, lang);
  }
  if (lang == "fr" || lang.rfind("fr-", 0) == 0) return "{count} sur {n} en {year}";
  if (lang == "en" || lang.rfind("en-", 0) == 0) return "{count} of {n} in {year}";
  return "{count}/{n} ({year})";
}

void declared(const Questionnaire& q, const Evaluation& e, const string& lang, Result& r) {
  if (!q.declaredStage) return;
  const auto& ds = *q.declaredStage;
  auto it = q.compiled.question_index.find(ds.question);
  if (it == q.compiled.question_index.end() || !e.visible[it->second]) return;
  const Answer* a = e.answers.at(it->second);
  if (!a) return;
  auto m = ds.map.find((*q.question(it->second).options)[a->option].id);  // single or scale (load checks)
  if (m == ds.map.end()) return;  // dontKnow: no declared stage
  auto l = q.compiled.level_index.find(m->second);
  if (l == q.compiled.level_index.end()) return;
  const auto& declared_level = q.levels[l->second];
  // m->first is the answer's option id, the questionnaire's own string (the result borrows it).
  ResultDeclared d{m->first, declared_level.id, localise(declared_level.label, lang), std::nullopt, std::nullopt};
  if (e.level && !e.reading.provisional) {  // compared only when the index rests on enough
    const auto& computed = q.levels[*e.level];
    d.agrees = computed.id == declared_level.id;
    d.message = fill(localise(*d.agrees ? ds.agree : ds.disagree, lang),
                     {{"declared", d.label}, {"computed", localise(computed.label, lang)}});
  }
  r.declared = std::move(d);
}

/// Sufficient dimensions from the weakest to the strongest (rounded score, then document order).
std::vector<std::size_t> ranked(const Evaluation& e) {
  // Ties in document order: (score, 0, index) sorted by <.
  std::vector<SortKey> keys;
  for (std::size_t i = 0; i < e.dimensions.size(); ++i)
    if (e.dimensions[i].score) keys.emplace_back(*e.dimensions[i].score, 0.0, i);
  sort_keys(keys);
  std::vector<std::size_t> order;
  order.reserve(keys.size());
  for (const auto& key : keys) order.push_back(std::get<2>(key));
  return order;
}

void strongest_weakest(const Questionnaire& q, const Evaluation& e, Result& r) {
  std::optional<std::size_t> lo, hi;
  for (std::size_t i = 0; i < e.dimensions.size(); ++i) {
    const auto& s = e.dimensions[i].score;
    if (!s) continue;
    if (!lo || *s < *e.dimensions[*lo].score) lo = i;
    if (!hi || *s > *e.dimensions[*hi].score) hi = i;
  }
  if (!lo || !hi || !(*e.dimensions[*hi].score > *e.dimensions[*lo].score)) return;
  r.strongest = q.dimensions[*hi].id;
  r.weakest = q.dimensions[*lo].id;
}

void recommendations(const Questionnaire& q, const Evaluation& e, const string& lang, Result& r) {
  if (!q.feedback || !q.feedback->recommendations) return;
  for (auto i : ranked(e)) {
    const auto& d = q.dimensions[i];
    const auto& level = q.levels[*e.dimensions[i].level];
    for (const auto& rec : *q.feedback->recommendations)
      if (rec.dimension == d.id && rec.level == level.id) {
        r.recommendations.push_back({d.id, level.id, localise(rec.text, lang)});
        break;
      }
  }
}

void insights(const Questionnaire& q, const Evaluation& e, const string& lang, Result& r) {
  if (!q.feedback || !q.feedback->insights) return;
  ScoredEnv env(q, e);
  const auto& list = *q.feedback->insights;
  for (std::size_t i = 0; i < list.size() && i < q.compiled.insight_when.size(); ++i)
    if (q.compiled.insight_when[i].test(env))
      r.insights.push_back({list[i].id, localise(list[i].title, lang), localise(list[i].text, lang)});
}

void benchmarks(const Questionnaire& q, const Evaluation& e, const string& lang, Result& r) {
  if (!q.benchmarks) return;
  for (const auto& b : *q.benchmarks) {
    if (b.n < b.minN.value_or(5)) continue;
    auto qi = q.compiled.question_index.find(b.question);
    if (qi == q.compiled.question_index.end() || !e.visible[qi->second]) continue;
    const Question& question = q.question(qi->second);
    const Answer* a = e.answers.at(qi->second);
    if (!a) continue;
    const std::string_view statement = b.statement ? std::string_view(localise(*b.statement, lang)) : default_statement(q, lang);
    auto add = [&](const Row* rw, const string& option, int count) {
      const Option* o = find_option(question, option);
      if (!o) return;  // unreachable: answers name options of the question (checked)
      string text = fill(statement, {{"count", integer_text(count)},
                                     {"n", integer_text(b.n)},
                                     {"year", integer_text(b.year)},
                                     {"option", localise(o->label, lang)},
                                     {"row", rw ? std::string_view(localise(rw->label, lang)) : std::string_view()}});
      std::optional<std::string_view> row;
      if (rw) row = rw->id;
      r.benchmarks.push_back({b.id, b.question, row, o->id, count, b.n, b.year, localise(b.source, lang), std::move(text)});
    };
    auto lookup = [](const OptionCounts& counts, const string& option) -> std::optional<int> {
      auto it = counts.find(option);
      if (it == counts.end()) return std::nullopt;
      return it->second;
    };
    if (question.type == QuestionType::matrix) {
      const auto* per_row = std::get_if<std::map<string, OptionCounts>>(&b.counts);
      if (!per_row || !question.rows) continue;
      for (const auto& row : *question.rows) {  // questionnaire order
        auto ans = a->rows.find(row.id);
        auto counts = per_row->find(row.id);
        if (ans == a->rows.end() || counts == per_row->end()) continue;
        const string option(ans->option_id);
        if (auto c = lookup(counts->second, option)) add(&row, option, *c);
      }
    } else {
      const auto* flat = std::get_if<OptionCounts>(&b.counts);
      if (!flat) continue;
      if (question.type == QuestionType::multiple) {
        for (const auto& option : *question.options)  // questionnaire order
          if (std::find(a->choices.begin(), a->choices.end(), option.id) != a->choices.end())
            if (auto c = lookup(*flat, option.id)) add(nullptr, option.id, *c);
      } else if (question.type == QuestionType::single || question.type == QuestionType::scale) {
        const string& chosen = (*question.options)[a->option].id;
        if (auto c = lookup(*flat, chosen)) add(nullptr, chosen, *c);
      }
    }
  }
}

}  // namespace

std::string fill(std::string_view text, const std::vector<std::pair<std::string_view, std::string_view>>& values) {
  std::string out;
  out.reserve(text.size() + 32);
  std::size_t i = 0;
  while (i < text.size()) {
    const auto open = text.find('{', i);
    if (open == std::string_view::npos) break;
    const auto close = text.find('}', open + 1);
    if (close == std::string_view::npos) break;
    const auto name = text.substr(open + 1, close - open - 1);
    auto it = std::find_if(values.begin(), values.end(), [&](const auto& kv) { return kv.first == name; });
    if (it == values.end()) {
      out.append(text.data() + i, open + 1 - i);  // not a placeholder: the brace stays, go on after it
      i = open + 1;
      continue;
    }
    out.append(text.data() + i, open - i);
    out += it->second;
    i = close + 1;
  }
  out.append(text.data() + i, text.size() - i);
  return out;
}

void add_feedback(const Questionnaire& q, const Evaluation& e, const std::string& lang, Result& r) {
  declared(q, e, lang, r);
  strongest_weakest(q, e, r);
  recommendations(q, e, lang, r);
  insights(q, e, lang, r);
  benchmarks(q, e, lang, r);
}

}  // namespace catalyse
