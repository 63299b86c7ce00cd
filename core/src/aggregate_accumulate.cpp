// Accumulating re-scored records: counts per option, row and group, and tallies of scores (a score
// has one decimal between 0 and 100: a table of 1,001 counts gives its mean, median, extremes and
// bins exactly, whatever the number of records). Ids and counts are kept; records are not.
#include "aggregate_state.hpp"

#include <catalyse/reflect.hpp>

#include <algorithm>
#include <array>
#include <cmath>

namespace catalyse::aggregation {

std::string short_text(std::string_view s) {
  constexpr std::size_t limit = 64;
  if (s.size() <= limit) return std::string(s);
  std::size_t cut = limit;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;  // UTF-8 boundary
  return std::string(s.substr(0, cut)) + "…";
}

const char* kind_name(JsonKind k) {
  switch (k) {
    case JsonKind::null: return "null";
    case JsonKind::boolean: return "boolean";
    case JsonKind::number: return "number";
    case JsonKind::string: return "string";
    case JsonKind::array: return "array";
    case JsonKind::object: return "object";
    case JsonKind::none: break;
  }
  return "nothing";
}

namespace {

// k / 10 for k from 0 to 1000, as a division gives it: a score is one of these exactly.
constexpr auto tenths = [] {
  std::array<double, 1001> t{};
  for (std::size_t k = 0; k < t.size(); ++k) t[k] = static_cast<double>(k) / 10.0;
  return t;
}();

}  // namespace

void Tally::add(double v) {
  ++n_;
  if (v >= 0 && v <= 100 && !std::signbit(v)) {
    const auto k = static_cast<std::size_t>(v * 10.0 + 0.5);
    if (tenths[k] == v && !tenths_.empty()) {
      ++tenths_[k];
      return;
    }
  }
  add_other(v);
}

void Tally::add_other(double v) {
  if (v >= 0 && v <= 100 && !std::signbit(v)) {
    const auto k = static_cast<std::size_t>(v * 10.0 + 0.5);
    if (tenths[k] == v) {
      tenths_.assign(1001, 0);  // the first score
      ++tenths_[k];
      return;
    }
  }
  ++other_[v];
}

// ---------------------------------------------------------------------------------------------
// The questionnaire's shape

Issues make_shape(const Questionnaire& q, Options& options, Shape& s, std::vector<std::size_t>& breakdowns,
                  std::optional<std::size_t>& actors) {
  const std::string lang = options.lang.empty() ? (q.languages.empty() ? std::string("fr") : q.languages.front()) : options.lang;
  if (std::find(q.languages.begin(), q.languages.end(), lang) == q.languages.end()) {
    std::string offered;
    for (const auto& l : q.languages) offered += (offered.empty() ? "" : ", ") + l;
    return {issue("/lang", "request.language-not-offered", {{"language", short_text(lang)}, {"offered", offered}})};
  }
  options.lang = lang;
  s.id = q.id;
  s.version = q.version;
  s.hash = q.compiled.hash;
  s.lang = lang;
  s.languages = q.languages;
  s.no_answer = message("crossed.no-answer", {}, lang);
  s.hidden_groups = message("crossed.hidden-groups", {{"minGroup", std::to_string(options.min_group)}}, lang);
  std::vector<bool> scored(q.compiled.questions.size(), false);
  for (const auto& item : q.compiled.items)
    if (item.question < scored.size()) scored[item.question] = true;
  for (std::size_t n = 0; n < q.compiled.questions.size(); ++n) {
    const Question& qq = q.question(n);
    ShapeQuestion sq;
    sq.id = qq.id;
    sq.kind = qq.type;
    sq.text = localise(qq.text, lang);
    sq.scored = scored[n];
    if (qq.options) {
      for (const auto& o : *qq.options) {
        sq.option_ids.emplace(std::string_view(o.id), sq.options.size());  // the questionnaire's own string
        sq.options.push_back(ShapeOption{o.id, localise(o.label, lang), o.value, is_dont_know(o)});
      }
    }
    if (qq.rows)
      for (const auto& r : *qq.rows) sq.rows.emplace_back(r.id, localise(r.label, lang));
    s.questions.push_back(std::move(sq));
  }
  for (const auto& d : q.dimensions) s.dimensions.push_back(ShapeNamed{d.id, localise(d.label, lang), 0});
  for (const auto& l : q.levels) s.levels.push_back(ShapeNamed{l.id, localise(l.label, lang), l.min});
  if (q.declaredStage) {
    auto it = q.compiled.question_index.find(q.declaredStage->question);
    if (it != q.compiled.question_index.end()) {
      s.declared = it->second;
      s.declared_map = q.declaredStage->map;
      const bool chosen_one = s.questions[it->second].kind == QuestionType::single || s.questions[it->second].kind == QuestionType::scale;
      for (const auto& o : s.questions[it->second].options) {
        std::size_t level = 0;
        std::optional<std::string> to;
        if (auto m = s.declared_map.find(o.id); m != s.declared_map.end()) {
          to = m->second;
          for (std::size_t l = 0; l < s.levels.size(); ++l)
            if (s.levels[l].id == m->second) level = l;
        }
        s.declared_levels.push_back(level);
        s.declared_to.push_back(chosen_one ? to : std::nullopt);
      }
    }
  }

  Issues errors;
  if (options.breakdowns) {
    for (std::size_t i = 0; i < options.breakdowns->size(); ++i) {
      const auto& id = (*options.breakdowns)[i];
      auto it = q.compiled.question_index.find(id);
      if (it == q.compiled.question_index.end()) {
        errors.push_back(issue(pointer("/breakdowns", i), "aggregate.unknown-question", {{"question", short_text(id)}}));
      } else if (s.questions[it->second].kind != QuestionType::single && s.questions[it->second].kind != QuestionType::scale) {
        errors.push_back(issue(pointer("/breakdowns", i), "aggregate.breakdown-not-single", {{"question", short_text(id)}}));
      } else if (std::find(breakdowns.begin(), breakdowns.end(), it->second) == breakdowns.end()) {
        breakdowns.push_back(it->second);
      }
    }
  } else {
    for (std::size_t qi = 0; qi < s.questions.size(); ++qi) {
      const auto& sq = s.questions[qi];
      if (sq.kind == QuestionType::single && !sq.scored && s.declared != qi) breakdowns.push_back(qi);
    }
  }
  // The actor types: a question named in the options (broken down too), else the first breakdown.
  if (options.actors) {
    auto it = q.compiled.question_index.find(*options.actors);
    if (it == q.compiled.question_index.end()) {
      errors.push_back(issue("/actors", "aggregate.unknown-question", {{"question", short_text(*options.actors)}}));
    } else if (s.questions[it->second].kind != QuestionType::single && s.questions[it->second].kind != QuestionType::scale) {
      errors.push_back(issue("/actors", "aggregate.breakdown-not-single", {{"question", short_text(*options.actors)}}));
    } else {
      auto b = std::find(breakdowns.begin(), breakdowns.end(), it->second);
      if (b == breakdowns.end()) b = breakdowns.insert(breakdowns.end(), it->second);
      actors = static_cast<std::size_t>(b - breakdowns.begin());
    }
  } else if (!breakdowns.empty()) {
    actors = 0;
  }
  return errors;
}

// ---------------------------------------------------------------------------------------------
// The state

Accumulator::State::State(const Questionnaire& questionnaire, Options o, Shape s)
    : q(questionnaire), options(std::move(o)), shape(std::move(s)),
      keys{IdKey::of(record_format), IdKey::of(shape.id), IdKey::of(shape.hash), IdKey::of(shape.version)} {
  scored.answers = Answers(q);
  questions.resize(shape.questions.size());
  for (std::size_t i = 0; i < shape.questions.size(); ++i) {
    const auto& sq = shape.questions[i];
    questions[i].whole.counts.assign(sq.options.size(), 0);
    questions[i].rows.resize(sq.rows.size());
    for (auto& r : questions[i].rows) r.counts.assign(sq.options.size(), 0);
  }
  dims.resize(shape.dimensions.size());
  dims_insufficient.assign(shape.dimensions.size(), 0);
  levels.assign(shape.levels.size(), 0);
  if (shape.declared) declared.assign(shape.questions[*shape.declared].options.size(), 0);
}

std::size_t Accumulator::State::begin_source(std::string name) {
  sources.push_back(SourceState{std::move(name)});
  return sources.size() - 1;
}

std::size_t Accumulator::State::current_source() {
  return sources.empty() ? begin_source("") : sources.size() - 1;
}

void Accumulator::State::problem(Problem p) {
  if (record_problems) record_problems->push_back(p.issue);
  ++problem_count;
  if (problems.size() < max_problems) problems.push_back(std::move(p));
}

void Accumulator::State::unreadable_source(std::size_t source, Issue issue, std::optional<Issue> note,
                                           std::size_t line, std::size_t column) {
  if (sources[source].readable) ++unreadable;
  sources[source].readable = false;
  Problem p;
  p.kind = "unreadable";
  p.source = source;
  p.issue = std::move(issue);
  p.note = std::move(note);
  if (line) {
    p.line = line;
    p.column = column;
  }
  problem(std::move(p));
}

void Accumulator::State::count(const Evaluation& e) {
  // Only valid answers (the core checked them) to visible questions are counted.
  for (std::size_t qi = 0; qi < shape.questions.size(); ++qi) {
    if (!e.visible[qi]) continue;
    const Answer* answer = e.answers.at(qi);
    if (!answer) continue;
    const auto& sq = shape.questions[qi];
    auto& acc = questions[qi];
    switch (sq.kind) {
      case QuestionType::single:
      case QuestionType::scale:
        acc.whole.counts[answer->option]++;
        acc.whole.base++;
        break;
      case QuestionType::multiple: {
        bool any = false;
        for (const auto& c : answer->choices) {
          if (auto o = sq.option_index(c)) {
            acc.whole.counts[*o]++;
            any = true;
          }
        }
        if (any) acc.whole.base++;
        break;
      }
      case QuestionType::matrix: {
        for (const RowAnswer& v : answer->rows) {  // each row once (the core checked)
          acc.rows[v.row].counts[v.option]++;
          acc.rows[v.row].base++;
        }
        if (!answer->rows.empty()) acc.matrix_base++;
        break;
      }
      case QuestionType::number: acc.numbers.add(answer->number); break;
      case QuestionType::text:
        if (!answer->text.empty()) acc.texts++;
        break;
    }
  }

  for (std::size_t d = 0; d < shape.dimensions.size(); ++d) {
    const auto& ds = e.dimensions[d];
    if (ds.sufficient && ds.score) dims[d].add(*ds.score);
    else dims_insufficient[d]++;
  }
  if (e.index) index.add(*e.index);
  else no_index++;
  if (e.level) levels[*e.level]++;

  // The declared stage, read as the core's result reads it (feedback.cpp): a visible answer mapped
  // to a level ("don't know" is not a stage).
  if (shape.declared && e.visible[*shape.declared]) {
    const Answer* a = e.answers.at(*shape.declared);
    const std::size_t o = a ? a->option : 0;  // the option chosen (single, scale: the declared question's kinds)
    if (a && o < shape.declared_to.size() && shape.declared_to[o]) {
      declared[o]++;
      declared_base++;
      if (e.level) {
        (shape.levels[*e.level].id == *shape.declared_to[o] ? agree : disagree)++;
        if (shape.declared_levels[o] > *e.level) ahead++;
        else if (shape.declared_levels[o] < *e.level) behind++;
      }
    }
  }

  for (auto& b : breakdowns) {
    const auto& sq = shape.questions[b.question];
    std::size_t g = sq.options.size();  // "no answer"
    if (e.visible[b.question]) {
      if (const Answer* a = e.answers.at(b.question)) {
        g = a->option;
      }
    }
    auto& group = b.groups[g];
    group.n++;
    if (e.index) group.index.add(*e.index);
    else group.no_index++;
    if (e.level) group.levels[*e.level]++;
    for (std::size_t d = 0; d < shape.dimensions.size(); ++d) {
      const auto& ds = e.dimensions[d];
      if (ds.sufficient && ds.score) group.dims[d].add(*ds.score);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The accumulator

std::unique_ptr<Accumulator> make_accumulator(const Questionnaire& questionnaire, const Options& given, Issues& errors) {
  Options options = given;
  Shape shape;
  std::vector<std::size_t> breakdowns;
  std::optional<std::size_t> actors;
  errors = make_shape(questionnaire, options, shape, breakdowns, actors);
  if (!errors.empty()) return nullptr;
  auto state = std::make_unique<Accumulator::State>(questionnaire, std::move(options), std::move(shape));
  state->actors = actors;
  for (auto qi : breakdowns) {
    BreakdownCounts b;
    b.question = qi;
    b.groups.resize(state->shape.questions[qi].options.size() + 1);
    for (auto& g : b.groups) {
      g.levels.assign(state->shape.levels.size(), 0);
      g.dims.resize(state->shape.dimensions.size());
    }
    state->breakdowns.push_back(std::move(b));
  }
  return std::unique_ptr<Accumulator>(new Accumulator(std::move(state)));
}

Accumulator::Accumulator(std::unique_ptr<State> state) : state_(std::move(state)) {}
Accumulator::~Accumulator() = default;

std::size_t Accumulator::begin_source(std::string name) { return state_->begin_source(std::move(name)); }

Outcome Accumulator::add(std::string_view record_json, std::string_view path, Issues* problems) {
  struct Reset {
    Issues*& sink;
    ~Reset() { sink = nullptr; }
  } reset{state_->record_problems};
  state_->record_problems = problems;
  return read_record(*state_, state_->current_source(), record_json, path);
}

void Accumulator::add_export(Source source) { add_export(std::move(source.name), source.text); }

void Accumulator::add_export(std::string name, std::string_view text) {
  const std::size_t index = state_->begin_source(std::move(name));
  read_export(*state_, index, text);
}

Issues check_record(const Questionnaire& questionnaire, std::string_view record_json) {
  Options options;  // the defaults: groups play no part in a check
  options.breakdowns.emplace();  // none: nothing to tally beyond the check
  Issues problems;
  auto scratch = make_accumulator(questionnaire, options, problems);
  if (scratch) scratch->add(record_json, "", &problems);
  return problems;
}

std::string Accumulator::snapshot() const { return write_aggregate(*state_); }

std::size_t Accumulator::size() const { return state_->accepted; }

// ---------------------------------------------------------------------------------------------
// All at once

namespace {

/// {"ok":false,"errors":[…]} in the language asked for, else the questionnaire's first.
std::string failure(Issues errors, const Questionnaire& q, const Options& options) {
  localise_issues(errors, !options.lang.empty() ? options.lang : q.languages.empty() ? std::string() : q.languages.front());
  std::string out = R"({"ok":false,"errors":)";
  reflect::write(out, errors);
  return out + "}";
}

}  // namespace

std::string aggregate(const Questionnaire& questionnaire, std::vector<Source>& sources, const Options& options) {
  Issues errors;
  auto acc = make_accumulator(questionnaire, options, errors);
  if (!acc) return failure(std::move(errors), questionnaire, options);
  for (auto& source : sources) {
    acc->add_export(Source{std::move(source.name), std::move(source.text)});  // released once read
    source.text.clear();
    source.text.shrink_to_fit();
  }
  return acc->snapshot();
}

std::string aggregate_input(const Questionnaire& questionnaire, std::string_view input, const Options& options) {
  Issues errors;
  auto acc = make_accumulator(questionnaire, options, errors);
  if (!acc) return failure(std::move(errors), questionnaire, options);
  if (auto fatal = read_facade(*acc->state_, input)) return failure({*fatal}, questionnaire, options);
  return acc->snapshot();
}

}  // namespace catalyse::aggregation
