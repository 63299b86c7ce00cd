// Validation of a questionnaire read into the model (docs/FORMAT.md §1, §5): every rule the
// format states, every error with its JSON Pointer, all errors rather than the first. Also builds
// what scoring needs (`Questionnaire::compiled`): indexes, parsed expressions, scored items and the
// order in which visibility conditions are evaluated.
#include <catalyse/messages.hpp>
#include <catalyse/questionnaire.hpp>
#include <catalyse/scoring.hpp>

#include <algorithm>
#include <map>
#include <set>

namespace catalyse {
namespace {

using std::string;

bool valid_language(std::string_view tag) {
  // A BCP 47-like tag: 2–3 lowercase letters, then optional "-" subtags of letters and digits.
  std::size_t i = 0;
  while (i < tag.size() && tag[i] >= 'a' && tag[i] <= 'z') ++i;
  if (i < 2 || i > 3) return false;
  while (i < tag.size()) {
    if (tag[i] != '-') return false;
    std::size_t j = ++i;
    while (j < tag.size() && std::isalnum(static_cast<unsigned char>(tag[j]))) ++j;
    if (j == i || j - i > 8) return false;
    i = j;
  }
  return true;
}

class Validator {
 public:
  explicit Validator(Questionnaire& q)
      : q_(q),
        // What expressions are checked against: the questions (index() fills schema_questions_),
        // dimensions and levels of the questionnaire.
        schema_{.question = [this](std::string_view qid) -> const expr::Schema::Question* {
                  auto it = schema_questions_.find(qid);
                  return it == schema_questions_.end() ? nullptr : &it->second;
                },
                .dimension = [this](std::string_view d) { return q_.compiled.dimension_index.count(d) > 0; },
                .level = [this](std::string_view l) { return q_.compiled.level_index.count(l) > 0; }} {}

  Issues run() {
#if defined(CATALYSE_TRUSTING)
    // A questionnaire checked beforehand (the trusting core, wasm/CMakeLists.txt): only what
    // scoring needs is built; an expression that does not compile or a visibility cycle still
    // refuses it (by code only: the widget then asks the checking core).
    index();
    for (std::size_t n = 0; n < q_.compiled.questions.size(); ++n) compile_question(q_.question(n), n, {});
    visibility_order();
    if (q_.feedback && q_.feedback->insights)
      for (const auto& in : *q_.feedback->insights) compile_insight(in, {});
    return std::move(issues_);
#else
    // In the order of the document's members, so errors read from top to bottom.
    header();
    index();
    for (std::size_t s = 0; s < q_.sections.size(); ++s) section(s);
    visibility_order();
    for (std::size_t d = 0; d < q_.dimensions.size(); ++d) dimension(d);
    dimensions_used();
    levels();
    declared_stage();
    feedback();
    benchmarks();
    strings();
    return std::move(issues_);
#endif
  }
  std::size_t dropped() const { return dropped_; }

 private:
  void issue(string path, std::string_view code, std::initializer_list<Param> params = {}) {
    if (issues_.size() < max_kept_issues) issues_.push_back(make_issue(std::move(path), code, params));
    else ++dropped_;
  }
  void issue_with(string path, const string& code, Params params) {
    if (issues_.size() < max_kept_issues) {
      string text = message(code, params, "en");
      issues_.push_back(Issue{std::move(path), code, std::move(params), std::move(text)});
    } else {
      ++dropped_;
    }
  }

  // ---- shared checks -------------------------------------------------------------------------

  void text(const Text& t, const string& path) {
    for (const auto& lang : q_.languages) {
      auto it = t.find(lang);
      if (it == t.end()) issue(pointer(path, lang), "questionnaire.missing-translation", {{"language", lang}});
      else if (it->second.find_first_not_of(" \t\r\n") == string::npos)
        issue(pointer(path, lang), "questionnaire.empty-translation", {{"language", lang}});
    }
    for (const auto& [lang, value] : t)
      if (std::find(q_.languages.begin(), q_.languages.end(), lang) == q_.languages.end())
        issue(pointer(path, lang), "questionnaire.undeclared-language", {{"language", lang}});
  }
  void text(const std::optional<Text>& t, const string& path) {
    if (t) text(*t, path);
  }

  void id(const string& value, const string& path) {
    if (!valid_id(value))
      issue(path, "questionnaire.invalid-id", {{"id", value}});
  }

  /// Checks `value` is a valid id, unique in `scope` (which remembers where each id was first seen).
  void unique_id(const string& value, const string& path, std::map<string, string>& scope) {
    id(value, path);
    auto [it, fresh] = scope.emplace(value, path);
    if (!fresh) issue(path, "questionnaire.duplicate-id", {{"id", value}, {"first", it->second}});
  }

  /// A weight: > 0, and at most 1e6 so that weighted sums stay finite.
  void positive(const std::optional<double>& v, const string& path) {
    if (v && !(*v > 0)) issue(path, "questionnaire.not-positive");
    if (v && *v > 1e6) issue(path, "questionnaire.weight-too-large");
  }

  // ---- document ------------------------------------------------------------------------------

  void header() {
    if (q_.format != questionnaire_format)
      issue("/format", "questionnaire.wrong-format", {{"expected", questionnaire_format}, {"got", q_.format}});
    id(q_.id, "/id");
    if (q_.version.empty()) issue("/version", "questionnaire.empty-version");
    if (q_.languages.empty()) issue("/languages", "questionnaire.no-languages");
    std::set<string> seen;
    for (std::size_t i = 0; i < q_.languages.size(); ++i) {
      const auto& lang = q_.languages[i];
      if (!valid_language(lang))
        issue(pointer("/languages", i), "questionnaire.invalid-language", {{"language", lang}});
      if (!seen.insert(lang).second) issue(pointer("/languages", i), "questionnaire.duplicate-language", {{"language", lang}});
    }
    text(q_.title, "/title");
    text(q_.intro, "/intro");
    if (q_.sections.empty()) issue("/sections", "questionnaire.no-sections");
    if (q_.dimensions.empty()) issue("/dimensions", "questionnaire.no-dimensions");
  }

  /// Indexes questions, dimensions and levels by id (first occurrence wins) and builds the schema
  /// that expressions are checked against.
  void index() {
    auto& c = q_.compiled;
    for (std::size_t s = 0; s < q_.sections.size(); ++s)
      for (std::size_t k = 0; k < q_.sections[s].questions.size(); ++k) {
        c.question_index.emplace(q_.sections[s].questions[k].id, c.questions.size());
        c.questions.push_back({s, k});
      }
    for (std::size_t d = 0; d < q_.dimensions.size(); ++d) c.dimension_index.emplace(q_.dimensions[d].id, d);
    for (std::size_t l = 0; l < q_.levels.size(); ++l) c.level_index.emplace(q_.levels[l].id, l);
    c.visible_if.assign(c.questions.size(), std::nullopt);
    c.option_scores.resize(c.questions.size());
#if !defined(CATALYSE_MESSAGES_WIDGET)
    c.question_keys.resize(c.questions.size());
    c.option_keys.resize(c.questions.size());
    c.row_keys.resize(c.questions.size());
#endif

    for (std::size_t n = 0; n < c.questions.size(); ++n) {
      const auto& question = q_.question(n);
      expr::Schema::Question sq{question.type, {}, {}};
      if (question.options)
        for (const auto& o : *question.options) sq.options.push_back(o.id);
      if (question.rows)
        for (const auto& r : *question.rows) sq.rows.push_back(r.id);
      schema_questions_.emplace(question.id, std::move(sq));
    }
  }

  std::optional<expr::Expression> expression(const string& source, const string& path, bool allow_scores) {
    schema_.allow_scores = allow_scores;  // set on the one schema: a copy would copy its three std::function
    auto parsed = expr::Expression::parse(source, schema_);
    if (auto* e = std::get_if<expr::Error>(&parsed)) {
      // The expression's own code and params, and the column, which its message starts with.
      e->params.emplace("column", std::to_string(e->column));
      issue_with(path, e->code, std::move(e->params));
      return std::nullopt;
    }
    return std::get<expr::Expression>(std::move(parsed));
  }

  // ---- what scoring needs (both cores) ---------------------------------------------------------

  /// Compiles question `n`: its visibility condition (errors at `condition_path`), its scored items
  /// and its options' scores.
  void compile_question(const Question& q, std::size_t n, const string& condition_path) {
    if (q.visibleIf) q_.compiled.visible_if[n] = expression(*q.visibleIf, condition_path, false);
    items(q, n);
    q_.compiled.option_scores[n] = option_scores(q);
  }

  /// Compiles an insight's condition (errors at `when_path`); one that does not compile leaves an
  /// empty place, so that insight_when stays parallel to the insights.
  void compile_insight(const Insight& in, const string& when_path) {
    if (auto e = expression(in.when, when_path, true)) q_.compiled.insight_when.push_back(std::move(*e));
    else q_.compiled.insight_when.emplace_back();
  }

  void dimension(std::size_t d) {
    const auto& dim = q_.dimensions[d];
    const string path = pointer("/dimensions", d);
    unique_id(dim.id, path + "/id", dimension_ids_);
    text(dim.label, path + "/label");
    text(dim.description, path + "/description");
    positive(dim.weight, path + "/weight");
    if (dim.minAnswered && !(*dim.minAnswered >= 0 && *dim.minAnswered <= 1))
      issue(path + "/minAnswered", "questionnaire.min-answered-range");
  }

  void levels() {
    if (q_.levels.empty()) issue("/levels", "questionnaire.no-levels");
    std::map<string, string> ids;
    for (std::size_t l = 0; l < q_.levels.size(); ++l) {
      const auto& level = q_.levels[l];
      const string path = pointer("/levels", l);
      unique_id(level.id, path + "/id", ids);
      text(level.label, path + "/label");
      text(level.interpretation, path + "/interpretation");
      if (l == 0 && level.min != 0) issue(path + "/min", "questionnaire.first-level-min");
      if (l > 0 && !(level.min > q_.levels[l - 1].min))
        issue(path + "/min", "questionnaire.level-min-order");
      if (!(level.min < 100)) issue(path + "/min", "questionnaire.level-min-too-high");
      if (level.min < 0) issue(path + "/min", "questionnaire.negative");
    }
  }

  void section(std::size_t s) {
    const auto& sec = q_.sections[s];
    const string path = pointer("/sections", s);
    unique_id(sec.id, path + "/id", question_ids_);
    text(sec.title, path + "/title");
    text(sec.intro, path + "/intro");
    if (sec.questions.empty()) issue(path + "/questions", "questionnaire.no-questions");
    for (std::size_t k = 0; k < sec.questions.size(); ++k) question(s, k);
  }

  void not_allowed(bool present, const string& path, QuestionType t) {
    if (present) issue(path, "questionnaire.not-allowed", {{"type", type_name(t)}});
  }

  void question(std::size_t s, std::size_t k) {
    const auto& q = q_.sections[s].questions[k];
    const std::size_t n = flat_;
    const string path = pointer(pointer(pointer("/sections", s), "questions"), k);
    unique_id(q.id, path + "/id", question_ids_);
    text(q.text, path + "/text");
    text(q.help, path + "/help");

    const auto t = q.type;
    const bool choices = t == QuestionType::single || t == QuestionType::scale || t == QuestionType::multiple ||
                         t == QuestionType::matrix;
    not_allowed(q.options && !choices, path + "/options", t);
    not_allowed((q.minSelected || q.maxSelected) && t != QuestionType::multiple,
                path + (q.minSelected ? "/minSelected" : "/maxSelected"), t);
    not_allowed(q.rows && t != QuestionType::matrix, path + "/rows", t);
    for (auto [present, member] : {std::pair{q.min.has_value(), "/min"}, std::pair{q.max.has_value(), "/max"},
                                   std::pair{q.integer.has_value(), "/integer"}, std::pair{q.unit.has_value(), "/unit"}})
      not_allowed(present && t != QuestionType::number, path + member, t);
    not_allowed(q.maxLength && t != QuestionType::text, path + "/maxLength", t);
    if (q.scoring && t == QuestionType::text) issue(path + "/scoring", "questionnaire.text-scored");

    if (q.scoring && t != QuestionType::text) scoring_target(q.scoring->dimension, path + "/scoring/dimension");
    if (q.scoring) positive(q.scoring->weight, path + "/scoring/weight");

    if (choices) options(q, path);
    if (t == QuestionType::multiple) selection_bounds(q, path);
    if (t == QuestionType::matrix) rows(q, path);
    if (t == QuestionType::number) number_bounds(q, path);
    if (t == QuestionType::text && q.maxLength && (*q.maxLength < 1 || *q.maxLength > 20000))
      issue(path + "/maxLength", "questionnaire.max-length-range");

    compile_question(q, n, path + "/visibleIf");
#if !defined(CATALYSE_MESSAGES_WIDGET)  // the widget's core never aggregates: it reads ids without their hashes
    q_.compiled.question_keys[n] = IdKey::of(q.id);
    if (q.options)
      for (const auto& o : *q.options) q_.compiled.option_keys[n].push_back(IdKey::of(o.id));
    if (q.rows)
      for (const auto& r : *q.rows) q_.compiled.row_keys[n].push_back(IdKey::of(r.id));
#endif
    ++flat_;
  }

  void scoring_target(const string& dim, const string& path) {
    if (!q_.compiled.dimension_index.count(dim)) issue(path, "questionnaire.unknown-dimension", {{"dimension", dim}});
  }

  void options(const Question& q, const string& path) {
    const string opath = path + "/options";
    if (!q.options) {
      issue(opath, "questionnaire.missing-options", {{"type", type_name(q.type)}});
      return;
    }
    const auto& opts = *q.options;
    if (opts.size() < 2) issue(opath, "questionnaire.too-few-options");
    std::map<string, string> ids;
    bool dont_know_seen = false;
    std::set<double> values;
    double positive_sum = 0;
    bool scored = q.scoring.has_value();
    for (std::size_t i = 0; i < opts.size(); ++i) {
      const auto& o = opts[i];
      const string p = pointer(opath, i);
      unique_id(o.id, p + "/id", ids);
      text(o.label, p + "/label");
      if (is_dont_know(o)) {
        if (o.value) issue(p + "/value", "questionnaire.dont-know-value");
        if (dont_know_seen) issue(p + "/dontKnow", "questionnaire.dont-know-twice");
        dont_know_seen = true;
        continue;
      }
      if (o.value) {
        values.insert(*o.value);
        if (*o.value > 0) positive_sum += *o.value;
      } else if (scored) {
        issue(p + "/value", "questionnaire.missing-value");
      }
    }
    if (!scored || opts.size() < 2) return;
    if (q.type == QuestionType::multiple) {
      if (!(positive_sum > 0)) issue(opath, "questionnaire.no-positive-value");
    } else if (values.size() < 2) {
      issue(opath, "questionnaire.too-few-values");
    }
  }

  void selection_bounds(const Question& q, const string& path) {
    const int count = q.options ? static_cast<int>(q.options->size()) : 0;
    if (q.minSelected && *q.minSelected < 0) issue(path + "/minSelected", "questionnaire.negative");
    if (q.maxSelected && *q.maxSelected > count)
      issue(path + "/maxSelected", "questionnaire.max-selected-options", {{"count", std::to_string(count)}});
    if (q.maxSelected && *q.maxSelected < 1) issue(path + "/maxSelected", "questionnaire.at-least-one");
    if (q.minSelected && q.maxSelected && *q.minSelected > *q.maxSelected)
      issue(path + "/minSelected", "questionnaire.min-selected-max");
    if (q.minSelected && !q.maxSelected && *q.minSelected > count)
      issue(path + "/minSelected", "questionnaire.max-selected-options", {{"count", std::to_string(count)}});
  }

  void rows(const Question& q, const string& path) {
    const string rpath = path + "/rows";
    if (!q.rows) {
      issue(rpath, "questionnaire.missing-rows");
      return;
    }
    if (q.rows->empty()) issue(rpath, "questionnaire.no-rows");
    std::map<string, string> ids;
    for (std::size_t i = 0; i < q.rows->size(); ++i) {
      const auto& r = (*q.rows)[i];
      const string p = pointer(rpath, i);
      unique_id(r.id, p + "/id", ids);
      text(r.label, p + "/label");
      if (!r.scoring) continue;
      if (r.scoring->dimension) scoring_target(*r.scoring->dimension, p + "/scoring/dimension");
      else if (!q.scoring)
        issue(p + "/scoring", "questionnaire.row-no-dimension");
      positive(r.scoring->weight, p + "/scoring/weight");
      if (!q.scoring && q.options) {
        // A row scored on its own still needs a valued scale.
        std::set<double> values;
        for (const auto& o : *q.options)
          if (!is_dont_know(o) && o.value) values.insert(*o.value);
        if (values.size() < 2) issue(p + "/scoring", "questionnaire.row-too-few-values");
      }
    }
  }

  void number_bounds(const Question& q, const string& path) {
    if (q.min && q.max && !(*q.min < *q.max)) issue(path + "/max", "questionnaire.max-not-above-min");
    if (q.scoring) {
      if (!q.min) issue(path + "/min", "questionnaire.required-when-scored");
      if (!q.max) issue(path + "/max", "questionnaire.required-when-scored");
    }
  }

  /// Records the scored items of question `n` (a scored question, or each scored matrix row).
  void items(const Question& q, std::size_t n) {
    if (q.type == QuestionType::text) return;
    auto dim_of = [&](const string& id) -> std::optional<std::size_t> {
      auto it = q_.compiled.dimension_index.find(id);
      if (it == q_.compiled.dimension_index.end()) return std::nullopt;
      return it->second;
    };
    if (q.type == QuestionType::matrix) {
      if (!q.rows) return;
      for (std::size_t r = 0; r < q.rows->size(); ++r) {
        const auto& rs = (*q.rows)[r].scoring;
        std::optional<string> dim = rs && rs->dimension ? rs->dimension : (q.scoring ? std::optional(q.scoring->dimension) : std::nullopt);
        if (!dim) continue;
        auto d = dim_of(*dim);
        if (!d) continue;
        double w = rs && rs->weight ? *rs->weight : (q.scoring && q.scoring->weight ? *q.scoring->weight : 1.0);
        bool rev = rs && rs->reverse ? *rs->reverse : (q.scoring && q.scoring->reverse ? *q.scoring->reverse : false);
        q_.compiled.items.push_back({n, r, *d, w, rev});
        dimension_used_.insert(*d);
      }
      return;
    }
    if (!q.scoring) return;
    auto d = dim_of(q.scoring->dimension);
    if (!d) return;
    q_.compiled.items.push_back({n, std::nullopt, *d, q.scoring->weight.value_or(1.0), q.scoring->reverse.value_or(false)});
    dimension_used_.insert(*d);
  }

  void dimensions_used() {
    for (std::size_t d = 0; d < q_.dimensions.size(); ++d)
      if (!dimension_used_.count(d)) issue(pointer("/dimensions", d), "questionnaire.unused-dimension");
  }

  string question_path(std::size_t n) const {
    const auto& r = q_.compiled.questions[n];
    return pointer(pointer(pointer("/sections", r.section), "questions"), r.question);
  }

  /// Orders questions so that each condition is evaluated after the questions it reads (document
  /// order otherwise); reports cycles.
  void visibility_order() {
    auto& c = q_.compiled;
    const std::size_t count = c.questions.size();
    std::vector<std::vector<std::size_t>> reads(count);  // n reads these
    std::vector<std::vector<std::size_t>> readers(count);
    std::vector<std::size_t> pending(count, 0);
    for (std::size_t n = 0; n < count; ++n) {
      if (!c.visible_if[n]) continue;
      std::set<std::size_t> deps;
      for (const auto& qid : c.visible_if[n]->questions()) {
        auto it = c.question_index.find(qid);
        if (it != c.question_index.end()) deps.insert(it->second);
      }
      for (auto d : deps) {
        reads[n].push_back(d);
        readers[d].push_back(n);
      }
      pending[n] = deps.size();
    }
    std::set<std::size_t> ready;
    for (std::size_t n = 0; n < count; ++n)
      if (pending[n] == 0) ready.insert(n);
    while (!ready.empty()) {
      const auto n = *ready.begin();
      ready.erase(ready.begin());
      c.visibility_order.push_back(n);
      for (auto r : readers[n])
        if (--pending[r] == 0) ready.insert(r);
    }
    if (c.visibility_order.size() == count) return;
#if defined(CATALYSE_TRUSTING)
    issue("", "questionnaire.circular-visibility");
#else
    // Some conditions depend on each other in a cycle: report each cycle once, at the condition of
    // its first question in document order.
    std::vector<int> state(count, 0);  // 0 new, 1 on the stack, 2 done
    std::vector<std::size_t> stack;
    auto visit = [&](auto& self, std::size_t n) -> void {
      state[n] = 1;
      stack.push_back(n);
      for (auto d : reads[n]) {
        if (state[d] == 1) {
          auto from = std::find(stack.begin(), stack.end(), d);
          string chain;
          std::size_t first = *std::min_element(from, stack.end());
          for (auto it = from; it != stack.end(); ++it) chain += q_.question(*it).id + " → ";
          chain += q_.question(d).id;
          issue(question_path(first) + "/visibleIf", "questionnaire.circular-visibility", {{"chain", chain}});
        } else if (state[d] == 0) {
          self(self, d);
        }
      }
      stack.pop_back();
      state[n] = 2;
    };
    for (std::size_t n = 0; n < count; ++n)
      if (state[n] == 0 && pending[n] > 0) visit(visit, n);
#endif
    // Keep a complete order anyway (the questionnaire is refused, but nothing reads past the end).
    std::set<std::size_t> placed(c.visibility_order.begin(), c.visibility_order.end());
    for (std::size_t n = 0; n < count; ++n)
      if (!placed.count(n)) c.visibility_order.push_back(n);
  }

  void declared_stage() {
    if (!q_.declaredStage) return;
    const auto& ds = *q_.declaredStage;
    const string path = "/declaredStage";
    text(ds.agree, path + "/agree");
    text(ds.disagree, path + "/disagree");
    const Question* q = q_.find_question(ds.question);
    if (!q) {
      issue(path + "/question", "questionnaire.unknown-question", {{"question", ds.question}});
      return;
    }
    if (q->type != QuestionType::single && q->type != QuestionType::scale) {
      issue(path + "/question", "questionnaire.declared-stage-type", {{"question", ds.question}, {"type", type_name(q->type)}});
      return;
    }
    if (q->options)
      for (const auto& o : *q->options)
        if (!is_dont_know(o) && !ds.map.count(o.id))
          issue(pointer(path + "/map", o.id), "questionnaire.missing-level-map");
    for (const auto& [option, level] : ds.map) {
      const string p = pointer(path + "/map", option);
      const Option* o = find_option(*q, option);
      if (!o) issue(p, "questionnaire.unknown-option", {{"option", option}, {"question", ds.question}});
      else if (is_dont_know(*o)) issue(p, "questionnaire.dont-know-stage");
      if (!q_.compiled.level_index.count(level)) issue(p, "questionnaire.unknown-level", {{"level", level}});
    }
  }

  void feedback() {
    if (!q_.feedback) return;
    const auto& fb = *q_.feedback;
    std::map<std::pair<string, string>, string> seen;
    if (fb.recommendations)
      for (std::size_t i = 0; i < fb.recommendations->size(); ++i) {
        const auto& r = (*fb.recommendations)[i];
        const string p = pointer("/feedback/recommendations", i);
        bool known = true;
        if (!q_.compiled.dimension_index.count(r.dimension)) {
          issue(p + "/dimension", "questionnaire.unknown-dimension", {{"dimension", r.dimension}});
          known = false;
        }
        if (!q_.compiled.level_index.count(r.level)) {
          issue(p + "/level", "questionnaire.unknown-level", {{"level", r.level}});
          known = false;
        }
        text(r.text, p + "/text");
        if (!known) continue;
        auto [it, fresh] = seen.emplace(std::pair{r.dimension, r.level}, p);
        if (!fresh)
          issue(p, "questionnaire.duplicate-recommendation", {{"dimension", r.dimension}, {"level", r.level}, {"first", it->second}});
      }
    if (fb.complete.value_or(false))
      for (const auto& d : q_.dimensions)
        for (const auto& l : q_.levels)
          if (!seen.count({d.id, l.id}))
            issue("/feedback/recommendations", "questionnaire.missing-recommendation", {{"dimension", d.id}, {"level", l.id}});
    if (fb.insights) {
      std::map<string, string> ids;
      for (std::size_t i = 0; i < fb.insights->size(); ++i) {
        const auto& in = (*fb.insights)[i];
        const string p = pointer("/feedback/insights", i);
        unique_id(in.id, p + "/id", ids);
        text(in.title, p + "/title");
        text(in.text, p + "/text");
        compile_insight(in, p + "/when");
      }
    }
  }

  void option_counts(const Question& q, const OptionCounts& counts, const string& path, int n, bool sum_bounded) {
    long long sum = 0;
    for (const auto& [option, count] : counts) {
      const string p = pointer(path, option);
      if (!find_option(q, option)) issue(p, "questionnaire.unknown-option", {{"option", option}, {"question", q.id}});
      if (count < 0) issue(p, "questionnaire.negative");
      else if (!sum_bounded && count > n) issue(p, "questionnaire.exceeds-n", {{"n", std::to_string(n)}});
      sum += std::max(count, 0);
    }
    if (sum_bounded && sum > n)
      issue(path, "questionnaire.counts-sum", {{"sum", std::to_string(sum)}, {"n", std::to_string(n)}});
  }

  void benchmarks() {
    if (!q_.benchmarks) return;
    std::map<string, string> ids;
    for (std::size_t i = 0; i < q_.benchmarks->size(); ++i) {
      const auto& b = (*q_.benchmarks)[i];
      const string p = pointer("/benchmarks", i);
      unique_id(b.id, p + "/id", ids);
      text(b.source, p + "/source");
      text(b.statement, p + "/statement");
      if (b.n < 1) issue(p + "/n", "questionnaire.at-least-one");
      if (b.minN && *b.minN < 1) issue(p + "/minN", "questionnaire.at-least-one");
      if (b.year < 1000 || b.year > 9999) issue(p + "/year", "questionnaire.year");
      const Question* q = q_.find_question(b.question);
      if (!q) {
        issue(p + "/question", "questionnaire.unknown-question", {{"question", b.question}});
        continue;
      }
      const string cp = p + "/counts";
      if (q->type == QuestionType::matrix) {
        const auto* per_row = std::get_if<std::map<string, OptionCounts>>(&b.counts);
        const auto* flat = std::get_if<OptionCounts>(&b.counts);
        if (flat && !flat->empty()) {
          issue(cp, "questionnaire.counts-per-row");
          continue;
        }
        if (!per_row) continue;
        for (const auto& [row, counts] : *per_row) {
          if (!find_row(*q, row)) issue(pointer(cp, row), "questionnaire.unknown-row", {{"row", row}, {"question", q->id}});
          option_counts(*q, counts, pointer(cp, row), b.n, true);
        }
      } else if (q->type == QuestionType::single || q->type == QuestionType::scale ||
                 q->type == QuestionType::multiple) {
        const auto* flat = std::get_if<OptionCounts>(&b.counts);
        if (!flat) {
          issue(cp, "questionnaire.counts-per-option");
          continue;
        }
        option_counts(*q, *flat, cp, b.n, q->type != QuestionType::multiple);
      } else {
        issue(p + "/question", "questionnaire.benchmark-question-type", {{"question", b.question}, {"type", type_name(q->type)}});
      }
    }
  }

  void strings() {
    if (!q_.strings) return;
    for (const auto& [name, t] : *q_.strings) text(t, pointer("/strings", name));
  }

  Questionnaire& q_;
  Issues issues_;
  std::size_t dropped_ = 0;  // issues beyond max_kept_issues
  std::map<string, string> question_ids_;   // sections and questions share one scope
  std::map<string, string> dimension_ids_;
  std::set<std::size_t> dimension_used_;
  std::map<string, expr::Schema::Question, std::less<>> schema_questions_;
  expr::Schema schema_;
  std::size_t flat_ = 0;  // position of the question being validated, in document order
};

}  // namespace

bool valid_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  auto ok = [](char c, bool first) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (!first && (c == '_' || c == '-'));
  };
  for (std::size_t i = 0; i < id.size(); ++i)
    if (!ok(id[i], i == 0)) return false;
  return true;
}

const std::string& localise(const Text& t, std::string_view lang) {
  static const std::string empty;
  auto it = t.find(std::string(lang));
  if (it != t.end()) return it->second;
  return t.empty() ? empty : t.begin()->second;
}

Issues validate(Questionnaire& questionnaire, std::size_t* dropped) {
  questionnaire.compiled = Compiled{};
  Validator validator(questionnaire);
  Issues issues = validator.run();
  if (dropped != nullptr) *dropped = validator.dropped();
  return issues;
}

}  // namespace catalyse
