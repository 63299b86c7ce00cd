// Writing the catalyse-aggregate/1 document (docs/AGGREGATE.md "Output") from described structs,
// as the result is written (reflect.hpp). Members are described in the order the document has
// them: by name. A member wrapped in Omit is left out when empty (std::optional writes null).
#include "aggregate_out.hpp"

#include <catalyse/reflect.hpp>

#include <algorithm>
#include <cmath>
#include <variant>

namespace catalyse::aggregation {
namespace {

struct OutBin {
  std::size_t count = 0;
  int from = 0;
  Percent percent;
  int to = 0;
};
BOOST_DESCRIBE_STRUCT(OutBin, (), (count, from, percent, to))

struct OutDistribution {
  std::vector<OutBin> bins;
  std::size_t insufficient = 0;
  std::optional<double> max, mean, median, min;
  std::size_t n = 0;
};
BOOST_DESCRIBE_STRUCT(OutDistribution, (), (bins, insufficient, max, mean, median, min, n))

struct OutDimension {
  std::vector<OutBin> bins;
  Text id;
  std::size_t insufficient = 0;
  Text label;
  std::optional<double> max, mean, median, min;
  std::size_t n = 0;
};
BOOST_DESCRIBE_STRUCT(OutDimension, (), (bins, id, insufficient, label, max, mean, median, min, n))

struct OutStats {
  std::optional<double> max, mean, median, min;
};
BOOST_DESCRIBE_STRUCT(OutStats, (), (max, mean, median, min))

struct OutTopTwo {
  std::size_t count = 0;
  std::vector<Text> options;
  Percent percent;
};
BOOST_DESCRIBE_STRUCT(OutTopTwo, (), (count, options, percent))

struct OutRow {
  std::size_t base = 0;
  Text id, label;
  std::vector<OutOption> options;
  Omit<OutTopTwo> topTwo;
};
BOOST_DESCRIBE_STRUCT(OutRow, (), (base, id, label, options, topTwo))

struct OutQuestion {
  std::size_t base = 0;
  Text id;
  Omit<std::vector<OutOption>> options;
  Omit<std::vector<OutRow>> rows;
  Omit<OutStats> stats;
  Text text;
  Omit<OutTopTwo> topTwo;
  Text type;
};
BOOST_DESCRIBE_STRUCT(OutQuestion, (), (base, id, options, rows, stats, text, topTwo, type))

struct OutLevel {
  std::size_t count = 0;
  Text id, label;
  double min = 0;
  Percent percent;
};
BOOST_DESCRIBE_STRUCT(OutLevel, (), (count, id, label, min, percent))

struct OutLevels {
  std::size_t base = 0;
  std::vector<OutLevel> levels;
  std::size_t none = 0;
  Percent nonePercent;
};
BOOST_DESCRIBE_STRUCT(OutLevels, (), (base, levels, none, nonePercent))

struct OutStage {
  std::size_t count = 0;
  Text label;
  std::optional<Text> level;
  Text option;
  Percent percent;
};
BOOST_DESCRIBE_STRUCT(OutStage, (), (count, label, level, option, percent))

struct OutDeclared {
  std::size_t agree = 0, base = 0, disagree = 0;
  Text question;
  std::vector<OutStage> stages;
};
BOOST_DESCRIBE_STRUCT(OutDeclared, (), (agree, base, disagree, question, stages))

struct OutGroupLevel {
  std::size_t count = 0;
  Text id;
  Percent percent;
};
BOOST_DESCRIBE_STRUCT(OutGroupLevel, (), (count, id, percent))

struct OutGroupDimension {
  Text id;
  std::optional<double> mean, median;
  std::size_t n = 0;
};
BOOST_DESCRIBE_STRUCT(OutGroupDimension, (), (id, mean, median, n))

struct OutGroup {
  Omit<std::vector<OutGroupDimension>> dimensions;
  bool hidden = false;
  Omit<OutDistribution> index;
  Text label;
  Omit<std::vector<OutGroupLevel>> levels;
  Omit<std::size_t> n;
  std::optional<Text> option;
};
BOOST_DESCRIBE_STRUCT(OutGroup, (), (dimensions, hidden, index, label, levels, n, option))

struct OutBreakdown {
  std::vector<OutGroup> groups;
  std::size_t hiddenGroups = 0;
  Omit<std::string> note;
  Text question, text;
};
BOOST_DESCRIBE_STRUCT(OutBreakdown, (), (groups, hiddenGroups, note, question, text))

using Counts = std::map<std::string, std::size_t>;
struct OutBenchmark {
  std::variant<Counts, std::map<std::string, Counts>> counts;
  std::string id;
  int minN = 0;
  std::size_t n = 0;
  Text question;
  std::map<std::string, std::string> source;
  Omit<int> year;
};
BOOST_DESCRIBE_STRUCT(OutBenchmark, (), (counts, id, minN, n, question, source, year))

struct OutKept {
  std::size_t record = 0, source = 0;
};
BOOST_DESCRIBE_STRUCT(OutKept, (), (record, source))

struct OutProblem {
  std::string code;
  Omit<std::size_t> column;
  Omit<Text> id;
  Omit<OutKept> kept;
  Text kind;
  Omit<std::size_t> line;
  std::string message;
  Text name;
  Params params;
  Text path;
  Omit<std::size_t> record;
  std::size_t source = 0;
};
BOOST_DESCRIBE_STRUCT(OutProblem, (), (code, column, id, kept, kind, line, message, name, params, path, record, source))

struct OutSource {
  std::size_t accepted = 0, duplicates = 0, index = 0;
  Text name;
  bool readable = true;
  std::size_t records = 0;
};
BOOST_DESCRIBE_STRUCT(OutSource, (), (accepted, duplicates, index, name, readable, records))

struct OutInput {
  std::size_t accepted = 0, answerErrors = 0, conflicts = 0, duplicates = 0, malformed = 0, otherQuestionnaire = 0,
              records = 0;
  std::vector<OutSource> sources;
  std::size_t unreadableSources = 0;
};
BOOST_DESCRIBE_STRUCT(OutInput, (), (accepted, answerErrors, conflicts, duplicates, malformed, otherQuestionnaire, records,
                                     sources, unreadableSources))

struct OutQuestionnaire {
  Text hash, id, version;
};
BOOST_DESCRIBE_STRUCT(OutQuestionnaire, (), (hash, id, version))

struct OutAggregate {
  std::vector<OutBenchmark> benchmarks;
  std::vector<OutBreakdown> breakdowns;
  RawJson crossed;  // aggregate_crossed.cpp
  std::optional<OutDeclared> declared;
  std::vector<OutDimension> dimensions;
  Text format = "catalyse-aggregate/1";
  OutDistribution index;
  OutInput input;
  Text lang;
  OutLevels levels;
  int minGroup = 0;
  std::size_t n = 0;
  std::vector<OutProblem> problems;
  Omit<std::size_t> problemsOmitted;
  OutQuestionnaire questionnaire;
  std::vector<OutQuestion> questions;
  Text rounding;
};
BOOST_DESCRIBE_STRUCT(OutAggregate, (), (benchmarks, breakdowns, crossed, declared, dimensions, format, index, input, lang, levels,
                                         minGroup, n, problems, problemsOmitted, questionnaire, questions, rounding))

// ---------------------------------------------------------------------------------------------
// Figures

/// Mean, median and extremes of a tally, as the sorted list of its values gives them (the mean
/// adds the values in ascending order, one by one, so that it is the same to the last bit; the
/// median is the middle quartile, rounded exactly: 10.1 and 10.2 give 10.2).
OutStats stats(const Tally& t) {
  OutStats s;
  const std::size_t n = t.size();
  if (n == 0) return s;
  double sum = 0;
  t.each([&](double v, std::size_t c) {
    for (std::size_t k = 0; k < c; ++k) sum += v;
  });
  const Quartiles q = quartiles(t);
  s.min = q.min;
  s.max = q.max;
  s.mean = one_decimal(sum / static_cast<double>(n));
  s.median = q.median;
  return s;
}

/// Scores 0–100 in ten bins: [0,10), [10,20), … [90,100] (100 falls in the last one).
std::vector<OutBin> bins_of(const Tally& t) {
  std::size_t counts[10] = {};
  t.each([&](double v, std::size_t c) { counts[std::clamp(static_cast<int>(std::floor(v / 10.0)), 0, 9)] += c; });
  std::vector<OutBin> out;
  for (int b = 0; b < 10; ++b) out.push_back(OutBin{counts[b], b * 10, percent(counts[b], t.size()), b * 10 + 10});
  return out;
}

OutDistribution distribution(const Tally& t, std::size_t insufficient) {
  const OutStats s = stats(t);
  return OutDistribution{bins_of(t), insufficient, s.max, s.mean, s.median, s.min, t.size()};
}

const char* text_for(const std::string& lang, const char* fr, const char* en) { return lang == "en" ? en : fr; }

/// The two highest-valued options ("prioritaire" + "très important" → "Enjeux ++"): their
/// counts added, and their rounded percentages added, as the study does.
Omit<OutTopTwo> top_two(const ShapeQuestion& sq, const OptionCounts& c) {
  std::vector<std::size_t> valued;
  for (std::size_t o = 0; o < sq.options.size(); ++o)
    if (!sq.options[o].dont_know && sq.options[o].value) valued.push_back(o);
  if (valued.size() < 3) return {};
  std::stable_sort(valued.begin(), valued.end(),
                   [&](std::size_t a, std::size_t b) { return *sq.options[a].value > *sq.options[b].value; });
  if (*sq.options[valued[1]].value == *sq.options[valued[2]].value) return {};  // no clear top two
  OutTopTwo t{c.counts[valued[0]] + c.counts[valued[1]], {sq.options[valued[0]].id, sq.options[valued[1]].id}, {}};
  if (c.base) t.percent = *percent(c.counts[valued[0]], c.base) + *percent(c.counts[valued[1]], c.base);
  return t;
}

}  // namespace

std::string write_aggregate(const Accumulator::State& s) {
  const Shape& shape = s.shape;
  const std::string& lang = s.options.lang;
  OutAggregate a;
  a.questionnaire = {shape.hash, shape.id, shape.version};
  a.lang = lang;
  a.n = s.accepted;
  a.minGroup = s.options.min_group;
  a.rounding = text_for(lang,
      "Pourcentages arrondis à l’unité, chacun sur le nombre de réponses à la question (indiqué). "
      "Un total de deux parts (« ++ ») additionne les parts arrondies, comme l’étude de 2018 : "
      "il peut différer d’un point du total arrondi.",
      "Percentages are rounded to whole numbers, each out of the number of answers to the question "
      "(shown). A total of two parts (\"++\") adds the rounded parts, as the 2018 study does: it may "
      "differ by one point from the rounded total.");

  a.input = {s.accepted, s.answer_errors, s.conflicts, s.identical, s.malformed, s.other, s.seen, {}, s.unreadable};
  for (std::size_t i = 0; i < s.sources.size(); ++i) {
    const auto& src = s.sources[i];
    a.input.sources.push_back(OutSource{src.accepted, src.duplicates, i, src.name, src.readable, src.records});
  }
  for (const auto& p : s.problems) {
    OutProblem o;
    if (p.column) o.column = *p.column;
    if (p.id) o.id = Text(*p.id);
    if (p.kept) o.kept = OutKept{p.kept->record, p.kept->source};
    o.kind = p.kind;
    if (p.line) o.line = *p.line;
    o.code = p.issue.code;
    o.message = message(p.issue.code, p.issue.params, lang);
    if (p.note) o.message += " " + message(p.note->code, p.note->params, lang);
    o.params = p.issue.params;
    o.name = s.sources[p.source].name;
    o.path = p.issue.path;
    if (p.record) o.record = *p.record;
    o.source = p.source;
    a.problems.push_back(std::move(o));
  }
  if (s.problem_count > s.problems.size()) a.problemsOmitted = s.problem_count - s.problems.size();

  for (std::size_t qi = 0; qi < shape.questions.size(); ++qi) {
    const auto& sq = shape.questions[qi];
    const auto& acc = s.questions[qi];
    OutQuestion item;
    item.id = sq.id;
    item.type = type_name(sq.kind);
    item.text = sq.text;
    switch (sq.kind) {
      case QuestionType::single:
      case QuestionType::scale:
      case QuestionType::multiple:
        item.base = acc.whole.base;
        item.options = option_rows(sq, acc.whole);
        if (sq.kind != QuestionType::multiple) item.topTwo = top_two(sq, acc.whole);
        break;
      case QuestionType::matrix: {
        item.base = acc.matrix_base;
        std::vector<OutRow> rows;
        for (std::size_t r = 0; r < sq.rows.size(); ++r)
          rows.push_back(OutRow{acc.rows[r].base, sq.rows[r].first, sq.rows[r].second, option_rows(sq, acc.rows[r]),
                                top_two(sq, acc.rows[r])});
        item.rows = std::move(rows);
        break;
      }
      case QuestionType::number:
        item.base = acc.numbers.size();
        item.stats = stats(acc.numbers);
        break;
      case QuestionType::text:
        item.base = acc.texts;
        break;
    }
    a.questions.push_back(std::move(item));
  }

  for (std::size_t d = 0; d < shape.dimensions.size(); ++d) {
    const OutDistribution dist = distribution(s.dims[d], s.dims_insufficient[d]);
    a.dimensions.push_back(OutDimension{dist.bins, shape.dimensions[d].id, dist.insufficient, shape.dimensions[d].label,
                                        dist.max, dist.mean, dist.median, dist.min, dist.n});
  }
  a.index = distribution(s.index, s.no_index);

  a.levels.base = s.accepted;
  for (std::size_t l = 0; l < shape.levels.size(); ++l)
    a.levels.levels.push_back(OutLevel{s.levels[l], shape.levels[l].id, shape.levels[l].label, shape.levels[l].min,
                                       percent(s.levels[l], s.accepted)});
  a.levels.none = s.no_index;
  a.levels.nonePercent = percent(s.no_index, s.accepted);

  if (shape.declared) {
    const auto& sq = shape.questions[*shape.declared];
    OutDeclared d{s.agree, s.declared_base, s.disagree, sq.id, {}};
    for (std::size_t o = 0; o < sq.options.size(); ++o) {
      OutStage stage{s.declared[o], sq.options[o].label, {}, sq.options[o].id, percent(s.declared[o], s.declared_base)};
      auto m = shape.declared_map.find(sq.options[o].id);
      if (m != shape.declared_map.end()) stage.level = Text(m->second);
      d.stages.push_back(std::move(stage));
    }
    a.declared = std::move(d);
  }

  for (const auto& b : s.breakdowns) {
    const auto& sq = shape.questions[b.question];
    OutBreakdown out;
    out.question = sq.id;
    out.text = sq.text;
    out.hiddenGroups = each_group(s, b, [&](const GroupCounts& group, const std::string* option, const std::string& label,
                                            GroupShown shown) {
      OutGroup item;
      if (option) item.option = Text(*option);
      item.label = Text(label);
      if (shown == GroupShown::empty) {
        item.n = 0;
      } else if (shown == GroupShown::hidden) {
        item.hidden = true;  // neither its size nor its scores are shown
      } else {
        item.n = group.n;
        item.index = distribution(group.index, group.no_index);
        std::vector<OutGroupLevel> levels;
        for (std::size_t l = 0; l < shape.levels.size(); ++l)
          levels.push_back(OutGroupLevel{group.levels[l], shape.levels[l].id, percent(group.levels[l], group.n)});
        item.levels = std::move(levels);
        std::vector<OutGroupDimension> dims;
        for (std::size_t d = 0; d < shape.dimensions.size(); ++d) {
          const OutStats st = stats(group.dims[d]);
          dims.push_back(OutGroupDimension{shape.dimensions[d].id, st.mean, st.median, group.dims[d].size()});
        }
        item.dimensions = std::move(dims);
      }
      out.groups.push_back(std::move(item));
    });
    if (out.hiddenGroups) out.note = shape.hidden_groups;
    a.breakdowns.push_back(std::move(out));
  }

  // Benchmarks in the questionnaire's own format (docs/FORMAT.md "Benchmark").
  std::map<std::string, std::string> source;
  if (s.options.benchmark_source) {
    source = *s.options.benchmark_source;
  } else {
    for (const auto& l : shape.languages)
      source[l] = l == "en" ? "Event results (Catalyse kiosk)" : (l == "fr" ? "Résultats de l'événement (kiosque Catalyse)" : "Catalyse");
  }
  for (std::size_t qi = 0; qi < shape.questions.size(); ++qi) {
    const auto& sq = shape.questions[qi];
    const auto& acc = s.questions[qi];
    if (sq.kind != QuestionType::single && sq.kind != QuestionType::scale && sq.kind != QuestionType::matrix) continue;
    if ((sq.kind == QuestionType::matrix ? acc.matrix_base : acc.whole.base) == 0) continue;  // nobody answered it
    OutBenchmark b;
    b.id = s.options.benchmark_id + "-" + sq.id;
    b.question = sq.id;
    b.source = source;
    if (s.year > 0) b.year = s.year;
    b.minN = s.options.min_group;
    if (sq.kind == QuestionType::matrix) {
      b.n = acc.matrix_base;
      std::map<std::string, Counts> counts;
      for (std::size_t r = 0; r < sq.rows.size(); ++r) {
        Counts& row = counts[sq.rows[r].first];
        for (std::size_t o = 0; o < sq.options.size(); ++o) row[sq.options[o].id] = acc.rows[r].counts[o];
      }
      b.counts = std::move(counts);
    } else {
      b.n = acc.whole.base;
      Counts counts;
      for (std::size_t o = 0; o < sq.options.size(); ++o) counts[sq.options[o].id] = acc.whole.counts[o];
      b.counts = std::move(counts);
    }
    a.benchmarks.push_back(std::move(b));
  }

  a.crossed.text = write_crossed(s);

  std::string out;
  out.reserve(16384);
  out += R"({"aggregate":)";
  put(out, a);
  out += R"(,"ok":true})";
  return out;
}

}  // namespace catalyse::aggregation
