// "Regards croisés" (docs/AGGREGATE.md "Across partners"): where a group's respondents see their
// territory differently, written from the counts and tallies the accumulator already keeps (the
// score tallies per dimension, index and actor type; the counts per option and matrix row; the
// declared stages). Nothing here reads a record, and nothing of a group under minGroup is written.
#include "aggregate_out.hpp"

#include <catalyse/messages.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>

namespace catalyse::aggregation {

namespace {

/// A value in tenths, as an integer when it is a score (k/10), else scaled.
double tenths(double v) {
  const double k = std::round(v * 10.0);
  return k / 10.0 == v ? k : v * 10.0;
}

}  // namespace

Quartiles quartiles(const Tally& t) {
  Quartiles q;
  const std::size_t n = t.size();
  if (n == 0) return q;
  // Quartile j (0..4) at 0-based position h = (n − 1)·j/4 = f + g4/4: the values at f and f + 1.
  std::array<std::size_t, 5> f{}, g4{};
  std::array<double, 5> lo{}, hi{};
  for (std::size_t j = 0; j < 5; ++j) {
    f[j] = (n - 1) * j / 4;
    g4[j] = (n - 1) * j % 4;
  }
  std::size_t seen = 0;
  t.each([&](double v, std::size_t c) {
    for (std::size_t j = 0; j < 5; ++j) {
      if (f[j] >= seen && f[j] < seen + c) lo[j] = v;
      if (f[j] + 1 >= seen && f[j] + 1 < seen + c) hi[j] = v;
    }
    seen += c;
  });
  std::array<double, 5> out{};
  for (std::size_t j = 0; j < 5; ++j) {
    if (g4[j] == 0) {
      out[j] = lo[j];
      continue;
    }
    // In tenths the interpolation of two scores is exact (a multiple of 1/4), and so is its
    // rounding to one decimal, half away from zero.
    const double x = (tenths(lo[j]) * static_cast<double>(4 - g4[j]) + tenths(hi[j]) * static_cast<double>(g4[j])) / 4.0;
    out[j] = std::round(x) / 10.0;
  }
  q.min = out[0];
  q.q1 = out[1];
  q.median = out[2];
  q.q3 = out[3];
  q.max = out[4];
  return q;
}

namespace {

// ---------------------------------------------------------------------------------------------
// The block's shape (docs/AGGREGATE.md "Across partners"), members by name.

struct OutSpread {
  bool hidden = false;
  std::optional<double> max, median, min;
  std::size_t n = 0;
  std::optional<double> q1, q3;
};
BOOST_DESCRIBE_STRUCT(OutSpread, (), (hidden, max, median, min, n, q1, q3))

struct OutDimensionSpread {
  bool hidden = false;
  Text id, label;
  std::optional<double> max, median, min;
  std::size_t n = 0;
  std::optional<double> q1, q3;
};
BOOST_DESCRIBE_STRUCT(OutDimensionSpread, (), (hidden, id, label, max, median, min, n, q1, q3))

struct OutActorGroup {
  Omit<std::vector<OutDimensionSpread>> dimensions;
  bool hidden = false;
  Omit<OutSpread> index;
  Text label;
  Omit<std::size_t> n;
  std::optional<Text> option;
};
BOOST_DESCRIBE_STRUCT(OutActorGroup, (), (dimensions, hidden, index, label, n, option))

struct OutActors {
  std::vector<OutActorGroup> groups;
  std::size_t hiddenGroups = 0;
  Omit<std::string> note;
  Text question, text;
};
BOOST_DESCRIBE_STRUCT(OutActors, (), (groups, hiddenGroups, note, question, text))

struct OutDiscuss {
  std::size_t base = 0;
  double dispersion = 0;
  std::size_t dontKnow = 0;
  std::optional<Text> label;  // the matrix row's
  std::size_t n = 0;          // answers other than "don't know"
  std::vector<OutOption> options;
  Text question;
  std::optional<Text> row;
  Text text;
};
BOOST_DESCRIBE_STRUCT(OutDiscuss, (), (base, dispersion, dontKnow, label, n, options, question, row, text))

struct OutGapEnd {
  Text label;
  double median = 0;
  std::size_t n = 0;
  Text option;
};
BOOST_DESCRIBE_STRUCT(OutGapEnd, (), (label, median, n, option))

struct OutGap {
  Text dimension;
  double gap = 0;
  OutGapEnd high;
  Text label;
  OutGapEnd low;
};
BOOST_DESCRIBE_STRUCT(OutGap, (), (dimension, gap, high, label, low))

struct OutStages {
  Omit<std::size_t> agree, ahead;
  std::size_t base = 0;
  Omit<std::size_t> behind, compared;
  bool hidden = false;
  Text question;
};
BOOST_DESCRIBE_STRUCT(OutStages, (), (agree, ahead, base, behind, compared, hidden, question))

struct OutCrossed {
  std::optional<OutActors> actors;
  std::vector<OutDiscuss> discuss;
  std::string dispersion;
  std::vector<OutGap> gaps;
  OutSpread index;
  int minGroup = 0;
  std::optional<std::string> note;
  std::string quartiles;
  std::vector<OutDimensionSpread> spreads;
  std::optional<OutStages> stages;
  bool workshop = false;
};
BOOST_DESCRIBE_STRUCT(OutCrossed, (), (actors, discuss, dispersion, gaps, index, minGroup, note, quartiles, spreads,
                                       stages, workshop))

constexpr std::size_t max_discuss = 5;

/// A spread shown only when it rests on at least `min_group` scores.
OutSpread spread(const Tally& t, std::size_t min_group) {
  OutSpread s;
  s.n = t.size();
  if (s.n < min_group || s.n == 0) {
    s.hidden = s.n > 0;
    return s;
  }
  const Quartiles q = quartiles(t);
  s.min = q.min;
  s.q1 = q.q1;
  s.median = q.median;
  s.q3 = q.q3;
  s.max = q.max;
  return s;
}

OutDimensionSpread named(const OutSpread& s, const ShapeNamed& d) {
  return OutDimensionSpread{s.hidden, d.id, d.label, s.max, s.median, s.min, s.n, s.q1, s.q3};
}

/// Leik's ordinal dispersion of answers on an ordered scale, as the exact fraction num/den:
/// D = 2·Σ min(Cᵢ, n − Cᵢ) / (n·(k − 1)) over the cumulative counts Cᵢ of the k − 1 lowest of k
/// ordered answer values ("don't know" left out; options of equal value are one answer value).
struct Dispersion {
  std::uint64_t num = 0, den = 1;
  std::size_t n = 0;
};

Dispersion leik(const ShapeQuestion& sq, const OptionCounts& c) {
  std::vector<std::pair<double, std::size_t>> by_value;
  for (std::size_t o = 0; o < sq.options.size(); ++o)
    if (!sq.options[o].dont_know && sq.options[o].value) by_value.emplace_back(*sq.options[o].value, c.counts[o]);
  std::sort(by_value.begin(), by_value.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::size_t> counts;  // per distinct value, ascending
  for (std::size_t i = 0; i < by_value.size(); ++i) {
    if (i == 0 || by_value[i].first != by_value[i - 1].first) counts.push_back(0);
    counts.back() += by_value[i].second;
  }
  Dispersion d;
  for (auto x : counts) d.n += x;
  if (counts.size() < 2 || d.n == 0) return d;
  std::uint64_t cumulative = 0, sum = 0;
  for (std::size_t i = 0; i + 1 < counts.size(); ++i) {
    cumulative += counts[i];
    sum += std::min<std::uint64_t>(cumulative, d.n - cumulative);
  }
  d.num = 2 * sum;
  d.den = static_cast<std::uint64_t>(d.n) * (counts.size() - 1);
  return d;
}

/// Whether the question has an order to its answers: at least two distinct values.
bool ordinal(const ShapeQuestion& sq) {
  if (sq.kind != QuestionType::single && sq.kind != QuestionType::scale && sq.kind != QuestionType::matrix) return false;
  std::optional<double> first;
  for (const auto& o : sq.options) {
    if (o.dont_know || !o.value) continue;
    if (!first) first = o.value;
    else if (*o.value != *first) return true;
  }
  return false;
}

}  // namespace

std::string write_crossed(const Accumulator::State& s) {
  const Shape& shape = s.shape;
  const std::string& lang = s.options.lang;
  const auto min_group = static_cast<std::size_t>(s.options.min_group);
  OutCrossed c;
  c.minGroup = s.options.min_group;
  c.workshop = s.options.workshop;
  if (s.options.workshop)
    c.note = message("crossed.workshop", {{"minGroup", std::to_string(s.options.min_group)}}, lang);
  c.quartiles = message("crossed.quartiles", {}, lang);
  c.dispersion = message("crossed.dispersion", {}, lang);

  for (std::size_t d = 0; d < shape.dimensions.size(); ++d) c.spreads.push_back(named(spread(s.dims[d], min_group), shape.dimensions[d]));
  c.index = spread(s.index, min_group);

  // The points to discuss: the ordered questions and matrix rows whose answers diverge most.
  struct Candidate {
    Dispersion d;
    std::size_t question;
    std::optional<std::size_t> row;
  };
  std::vector<Candidate> candidates;
  for (std::size_t qi = 0; qi < shape.questions.size(); ++qi) {
    const auto& sq = shape.questions[qi];
    if (!ordinal(sq)) continue;
    const auto consider = [&](const OptionCounts& counts, std::optional<std::size_t> row) {
      const Dispersion d = leik(sq, counts);
      if (d.n >= min_group && d.num > 0) candidates.push_back(Candidate{d, qi, row});
    };
    if (sq.kind == QuestionType::matrix) {
      for (std::size_t r = 0; r < sq.rows.size(); ++r) consider(s.questions[qi].rows[r], r);
    } else {
      consider(s.questions[qi].whole, std::nullopt);
    }
  }
  std::stable_sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    return a.d.num * b.d.den > b.d.num * a.d.den;  // exact: the largest dispersion first, ties in questionnaire order
  });
  if (candidates.size() > max_discuss) candidates.resize(max_discuss);
  for (const auto& k : candidates) {
    const auto& sq = shape.questions[k.question];
    const OptionCounts& counts = k.row ? s.questions[k.question].rows[*k.row] : s.questions[k.question].whole;
    OutDiscuss item;
    item.base = counts.base;
    item.dispersion = static_cast<double>((200 * k.d.num + k.d.den) / (2 * k.d.den)) / 100.0;  // two decimals, half up
    item.dontKnow = counts.base - k.d.n;
    if (k.row) {
      item.row = Text(sq.rows[*k.row].first);
      item.label = Text(sq.rows[*k.row].second);
    }
    item.n = k.d.n;
    item.options = option_rows(sq, counts);
    item.question = sq.id;
    item.text = sq.text;
    c.discuss.push_back(std::move(item));
  }

  // The actor types (docs/AGGREGATE.md: the option "actors", by default the first breakdown).
  if (s.actors) {
    const BreakdownCounts& b = s.breakdowns[*s.actors];
    const auto& sq = shape.questions[b.question];
    OutActors actors;
    actors.question = sq.id;
    actors.text = sq.text;
    actors.hiddenGroups = each_group(s, b, [&](const GroupCounts& group, const std::string* option, const std::string& label,
                                               GroupShown shown) {
      OutActorGroup item;
      if (option) item.option = Text(*option);
      item.label = Text(label);
      if (shown == GroupShown::empty) {
        item.n = 0;
      } else if (shown == GroupShown::hidden) {
        item.hidden = true;  // neither its size nor its scores
      } else {
        item.n = group.n;
        item.index = spread(group.index, min_group);
        std::vector<OutDimensionSpread> dims;
        for (std::size_t d = 0; d < shape.dimensions.size(); ++d)
          dims.push_back(named(spread(group.dims[d], min_group), shape.dimensions[d]));
        item.dimensions = std::move(dims);
      }
      actors.groups.push_back(std::move(item));
    });
    if (actors.hiddenGroups) actors.note = shape.hidden_groups;

    // The largest gap per dimension between the medians of two actor types shown.
    for (std::size_t d = 0; d < shape.dimensions.size(); ++d) {
      std::optional<OutGapEnd> high, low;
      for (const auto& group : actors.groups) {
        if (group.hidden || !group.dimensions || !group.option) continue;
        const auto& ds = (*group.dimensions)[d];
        if (ds.hidden || !ds.median) continue;
        OutGapEnd end{group.label, *ds.median, ds.n, *group.option};
        if (!high || end.median > high->median) high = end;
        if (!low || end.median < low->median) low = end;
      }
      if (!high || !low || high->option == low->option) continue;
      const double gap = std::round((tenths(high->median) - tenths(low->median))) / 10.0;
      c.gaps.push_back(OutGap{shape.dimensions[d].id, gap, *high, shape.dimensions[d].label, *low});
    }
    std::stable_sort(c.gaps.begin(), c.gaps.end(), [](const OutGap& a, const OutGap& b) { return a.gap > b.gap; });
    c.actors = std::move(actors);
  }

  // Declared stage against computed level.
  if (shape.declared) {
    OutStages st;
    st.question = shape.questions[*shape.declared].id;
    st.base = s.declared_base;
    if (s.declared_base > 0 && s.declared_base < min_group) {
      st.hidden = true;
    } else {
      st.agree = s.agree;
      st.ahead = s.ahead;
      st.behind = s.behind;
      st.compared = s.agree + s.disagree;
    }
    c.stages = std::move(st);
  }

  std::string out;
  put(out, c);
  return out;
}

}  // namespace catalyse::aggregation
