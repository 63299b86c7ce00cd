// Answers → checked answers → visibility → item, dimension and overall scores (FORMAT.md §2–3).
#include <catalyse/messages.hpp>
#include <catalyse/number.hpp>
#include <catalyse/questionnaire.hpp>
#include <catalyse/reflect.hpp>
#include <catalyse/scoring.hpp>
#include <catalyse/utf8.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>

namespace catalyse {
namespace {

using std::string;

/// A number for messages: whole numbers without a decimal part ("20", not "20.0").
string number_text(double x) {
  if (std::floor(x) == x && std::fabs(x) < 1e15) return std::to_string(static_cast<long long>(x));
  return dump(json(x));
}

/// Where in the answers an error is: the question's member, or below it a matrix row (key) or
/// a selection (index). The JSON Pointer is only spelled out for an error.
struct Where {
  std::string_view question;
  std::optional<std::string_view> key;
  std::optional<std::size_t> index;
  string path() const {
    string p = pointer("", question);
    if (key) return pointer(p, *key);
    if (index) return pointer(p, *index);
    return p;
  }
  Where at(std::string_view k) const { return {question, k, std::nullopt}; }
  Where at(std::size_t i) const { return {question, std::nullopt, i}; }
};

// ---- The answer rules (FORMAT.md §2), written once --------------------------------------------
// Both readers of answers apply them: AnswerChecker (a parsed document; it words every error) and
// ValidAnswersReader (the text straight, for the everyday case; it gives up at the first broken
// rule and leaves the wording to the checker).

/// A broken rule, or ok.
enum class Rule { ok, unknown_option, selected_twice, dont_know_combined, too_few, too_many, out_of_range, not_whole,
                  below_minimum, above_maximum, too_long };

/// The selections of a multiple answer, one option id at a time.
class Selection {
 public:
  explicit Selection(const Question& q) : q_(q) {}
  /// Takes `id` when it is an option of the question not already taken.
  Rule add(std::string_view id, std::vector<string>& taken) {
    const Option* o = find_option(q_, id);
    if (!o) return Rule::unknown_option;
    if (std::find(taken.begin(), taken.end(), id) != taken.end()) return Rule::selected_twice;
    if (is_dont_know(*o)) dont_know_ = true;
    else ++counted_;
    taken.emplace_back(id);
    return Rule::ok;
  }
  /// The rules of the whole selection (not empty).
  Rule close() const {
    if (dont_know_ && counted_ > 0) return Rule::dont_know_combined;
    if (!dont_know_ && q_.minSelected && counted_ < *q_.minSelected) return Rule::too_few;
    if (q_.maxSelected && counted_ > *q_.maxSelected) return Rule::too_many;
    return Rule::ok;
  }
  int counted() const { return counted_; }

 private:
  const Question& q_;
  bool dont_know_ = false;
  int counted_ = 0;
};

Rule number_rule(const Question& q, double x) {
  if (!std::isfinite(x)) return Rule::out_of_range;
  if (q.integer.value_or(false) && std::floor(x) != x) return Rule::not_whole;
  if (q.min && x < *q.min) return Rule::below_minimum;
  if (q.max && x > *q.max) return Rule::above_maximum;
  return Rule::ok;
}

std::size_t max_length(const Question& q) { return static_cast<std::size_t>(q.maxLength.value_or(2000)); }

Rule text_rule(const Question& q, std::string_view s) {
  return utf8_characters(s) > max_length(q) ? Rule::too_long : Rule::ok;
}

class AnswerChecker {
 public:
  AnswerChecker(const Questionnaire& q, CheckedAnswers& out) : q_(q), out_(out) {}

  void check(std::size_t n, const json& value) {
    const Question& q = q_.question(n);
    const Where where{q.id, std::nullopt, std::nullopt};
    n_ = n;
    Answer a;
    bool ok = false;
    switch (q.type) {
      case QuestionType::single:
      case QuestionType::scale: ok = choice(q, value, where, a.option); break;
      case QuestionType::multiple: ok = choices(q, value, where, a.choices); break;
      case QuestionType::matrix: ok = matrix(q, value, where, a.rows); break;
      case QuestionType::number: ok = number(q, value, where, a.number); break;
      case QuestionType::text: ok = text(q, value, where, a.text); break;
    }
    if (ok) out_.answers.set(n, std::move(a));
  }

 private:
  void error(const Where& where, std::string_view code, std::initializer_list<Param> params = {}) {
    out_.errors.push_back({n_, make_issue(where.path(), code, params)});
  }

  /// An option id: the option, or nullptr (an error).
  const Option* choice(const Question& q, const json& v, const Where& where) {
    if (!v.is_string()) {
      error(where, "answer.expected-option", {{"got", reflect::kind_name(v)}});
      return nullptr;
    }
    const auto& id = v.get_ref<const string&>();
    const Option* o = find_option(q, id);
    if (!o) error(where, "answer.unknown-option", {{"option", id}, {"question", q.id}});
    return o;
  }

  bool choice(const Question& q, const json& v, const Where& where, std::size_t& position) {
    const Option* o = choice(q, v, where);
    if (!o) return false;
    position = static_cast<std::size_t>(o - q.options->data());
    return true;
  }

  bool choices(const Question& q, const json& v, const Where& where, std::vector<string>& out) {
    if (!v.is_array()) {
      error(where, "answer.expected-options", {{"got", reflect::kind_name(v)}});
      return false;
    }
    bool ok = true;
    Selection selection(q);
    out.reserve(v.size());
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (!v[i].is_string()) {
        error(where.at(i), "answer.expected-option", {{"got", reflect::kind_name(v[i])}});
        ok = false;
        continue;
      }
      const auto& id = v[i].get_ref<const string&>();
      // Selected twice: the same id among the valid selections before this one.
      switch (selection.add(id, out)) {
        case Rule::ok: continue;
        case Rule::unknown_option: error(where.at(i), "answer.unknown-option", {{"option", id}, {"question", q.id}}); break;
        default: error(where.at(i), "answer.selected-twice", {{"option", id}}); break;
      }
      ok = false;
    }
    if (!ok) return false;
    if (out.empty()) return false;  // nothing selected: the same as no answer (as answered() reads it)
    const string counted = std::to_string(selection.counted());
    switch (selection.close()) {
      case Rule::ok: return true;
      case Rule::dont_know_combined: error(where, "answer.dont-know-combined"); break;
      case Rule::too_few: error(where, "answer.too-few-selections", {{"count", counted}, {"minimum", std::to_string(*q.minSelected)}}); break;
      default: error(where, "answer.too-many-selections", {{"count", counted}, {"maximum", std::to_string(*q.maxSelected)}}); break;
    }
    return false;
  }

  bool matrix(const Question& q, const json& v, const Where& where, RowAnswers& out) {
    if (!v.is_object()) {
      error(where, "answer.expected-rows", {{"got", reflect::kind_name(v)}});
      return false;
    }
    const auto& members = v.get_ref<const json::object_t&>();
    for (const auto& [row, value] : members) {
      if (value.is_null()) continue;
      const Row* r = find_row(q, row);
      if (!r) {
        error(where.at(std::string_view(row)), "answer.unknown-row", {{"row", row}, {"question", q.id}});
        continue;
      }
      if (const Option* o = choice(q, value, where.at(std::string_view(row))))
        out.add({r->id, o->id, static_cast<std::size_t>(r - q.rows->data()), static_cast<std::size_t>(o - q.options->data())});
    }
    return true;
  }

  bool number(const Question& q, const json& v, const Where& where, double& out) {
    if (!v.is_number()) {
      error(where, "answer.expected-number", {{"got", reflect::kind_name(v)}});
      return false;
    }
    const double x = v.get<double>();
    switch (number_rule(q, x)) {
      case Rule::ok: out = x; return true;
      case Rule::out_of_range: error(where, "answer.out-of-range"); break;
      case Rule::not_whole: error(where, "answer.not-whole", {{"value", number_text(x)}}); break;
      case Rule::below_minimum: error(where, "answer.below-minimum", {{"value", number_text(x)}, {"minimum", number_text(*q.min)}}); break;
      default: error(where, "answer.above-maximum", {{"value", number_text(x)}, {"maximum", number_text(*q.max)}}); break;
    }
    return false;
  }

  bool text(const Question& q, const json& v, const Where& where, string& out) {
    if (!v.is_string()) {
      error(where, "answer.expected-text", {{"got", reflect::kind_name(v)}});
      return false;
    }
    const auto& s = v.get_ref<const string&>();
    if (text_rule(q, s) != Rule::ok) {
      error(where, "answer.too-long", {{"length", std::to_string(utf8_characters(s))}, {"maximum", std::to_string(max_length(q))}});
      return false;
    }
    out = s;
    return !s.empty();  // an empty text is the same as no answer
  }

  const Questionnaire& q_;
  CheckedAnswers& out_;
  std::size_t n_ = 0;
};

/// What visibility conditions read: answers of questions already known to be visible.
class VisibilityEnv : public expr::Env {
 public:
  VisibilityEnv(const Questionnaire& q, const Answers& a, const std::vector<bool>& visible)
      : q_(q), a_(a), visible_(visible) {}
  expr::Value answer(std::string_view question, std::optional<std::string_view> row) const override {
    auto it = q_.compiled.question_index.find(question);
    if (it == q_.compiled.question_index.end() || !visible_[it->second]) return expr::Null{};
    return answer_value(q_, it->second, a_, row);
  }
  expr::Value dimension(std::string_view) const override { return expr::Null{}; }
  expr::Value index() const override { return expr::Null{}; }
  expr::Value level() const override { return expr::Null{}; }

 private:
  const Questionnaire& q_;
  const Answers& a_;
  const std::vector<bool>& visible_;
};

/// Option values of a question: min and max over non-dontKnow options, sum of positive values.
struct Range {
  double lo = 0, hi = 0, positive = 0, largest = 0;  // largest: the largest |value|
};
Range range_of(const Question& q) {
  Range r;
  bool first = true;
  if (!q.options) return r;
  for (const auto& o : *q.options) {
    if (is_dont_know(o) || !o.value) continue;
    const double v = *o.value;
    if (first || v < r.lo) r.lo = v;
    if (first || v > r.hi) r.hi = v;
    first = false;
    if (v > 0) r.positive += v;
    r.largest = std::max(r.largest, std::fabs(v));
  }
  return r;
}

/// (x − lo) / (hi − lo) clamped to [0, 1], also when hi − lo overflows (bounds near ±1e308).
double normalise(double x, double lo, double hi) {
  const double span = hi - lo;
  double s = std::isfinite(span) ? (x - lo) / span : (x / 2 - lo / 2) / (hi / 2 - lo / 2);
  if (!std::isfinite(s)) s = 0;  // unreachable with finite bounds; never let NaN out
  return std::clamp(s, 0.0, 1.0);
}

/// Σ selected values / Σ positive values, clamped; scaled down first when the sums overflow.
double selected_share(const Question& q, const std::vector<std::string>& choices, const Range& r) {
  auto total = [&](double scale) {
    double sum = 0;
    for (const auto& id : choices)
      if (const Option* o = find_option(q, id)) sum += o->value.value_or(0) / scale;
    return sum;
  };
  double sum = total(1);
  double positive = r.positive;
  if (!std::isfinite(sum) || !std::isfinite(positive)) {
    sum = total(r.largest);
    positive = 0;
    for (const auto& o : *q.options)
      if (!is_dont_know(o) && o.value && *o.value > 0) positive += *o.value / r.largest;
  }
  const double s = sum / positive;
  return std::isfinite(s) ? std::clamp(s, 0.0, 1.0) : 0.0;
}

/// The item score s ∈ [0, 1] of question `n`'s answer before reversal (the matrix's `row`), or
/// nullopt when missing / don't know.
std::optional<double> item_score(const Questionnaire& questionnaire, std::size_t n, const Answer& a,
                                 std::optional<std::size_t> row) {
  const Question& q = questionnaire.question(n);
  const auto& scores = questionnaire.compiled.option_scores[n];
  switch (q.type) {
    case QuestionType::single:
    case QuestionType::scale: return scores[a.option];
    case QuestionType::matrix: {
      if (!row) return std::nullopt;
      auto it = a.rows.find_row(*row);
      if (it == a.rows.end()) return std::nullopt;
      return scores[it->option];
    }
    case QuestionType::multiple: {
      for (const auto& id : a.choices)
        if (const Option* o = find_option(q, id); o && is_dont_know(*o)) return std::nullopt;
      const Range r = range_of(q);
      if (!(r.positive > 0)) return std::nullopt;
      return selected_share(q, a.choices, r);
    }
    case QuestionType::number: {
      if (!q.min || !q.max || !(*q.max > *q.min)) return std::nullopt;
      return normalise(a.number, *q.min, *q.max);
    }
    case QuestionType::text: return std::nullopt;
  }
  return std::nullopt;
}

/// Reads an answers text straight into checked answers, without building a JSON tree, when it is
/// the everyday case: a JSON object whose every member is a valid answer to a known question,
/// written without escapes, nulls or duplicate names. It gives up (nullopt) at anything else, and
/// the caller then parses the text and checks the document (parse_json, check_answers), which
/// decide and word every error: so this reader only has to be right about what it accepts, and
/// what it accepts gets exactly the answers check_answers would keep. With `Hashing`, it also
/// gives the object's content hash (json.hpp), for the aggregation's duplicate check.
template <bool Hashing>
class ValidAnswersReader {
 public:
  /// Reads into `answers` (made for `q`), cleared first.
  ValidAnswersReader(const Questionnaire& q, std::string_view text, Answers& answers, std::size_t at = 0)
      : q_(q), t_(text), i_(at), answers_(answers) {
    answers_.clear();
  }

  /// The object at the reading position; the position is then just after it.
  bool read_object() {
    const std::size_t start = i_;
    const bool read = read_plain_members<Hashing>(t_, i_, [&](std::string_view key, Prefix key_first) {
      const auto n = question(key, key_first);
      if (!n) return false;  // unknown question: an error
      if (answers_.given(*n)) return false;  // a repeated name
      std::uint64_t value = 0;
      if (!answer(*n, value)) return false;
      if constexpr (Hashing) hash_.add_named(q_.compiled.question_keys[*n].member, value);
      return true;
    });
    return read && i_ - start <= max_answers_bytes;
  }

  /// The whole text: one object, spaces around it.
  bool read() {
    if (t_.size() > max_answers_bytes) return false;
    space();
    if (!read_object()) return false;
    space();
    return i_ == t_.size();
  }

  std::size_t position() const { return i_; }
  std::uint64_t hash() const { return hash_.value(); }

 private:
  /// One answer (question `n`'s), and its value's content hash (with Hashing).
  bool answer(std::size_t n, std::uint64_t& value) {
    const Question& q = q_.question(n);
    Answer& a = answers_.fill(n);
    switch (q.type) {
      case QuestionType::single:
      case QuestionType::scale: {
        std::string_view id;
        Prefix first;
        if (!keyed_string(id, first)) return false;
        const Option* o = option(q, n, id, first, value);
        if (!o) return false;
        a.option = static_cast<std::size_t>(o - q.options->data());
        break;
      }
      case QuestionType::multiple: {
        content_hash::Array list;
        if (!eat('[')) return false;
        space();
        a.choices.clear();
        if (eat(']')) {  // nothing selected: no answer (as check_answers reads it)
          if constexpr (Hashing) value = list.value();
          answers_.set_empty(n);
          return true;
        }
        Selection selection(q);
        for (;;) {
          space();
          std::string_view id;
          std::uint64_t id_hash = 0;
          if (!string(id, id_hash) || selection.add(id, a.choices) != Rule::ok) return false;
          if constexpr (Hashing) list.add(id_hash);
          space();
          if (eat(',')) continue;
          if (eat(']')) break;
          return false;
        }
        if (selection.close() != Rule::ok) return false;
        if constexpr (Hashing) value = list.value();
        break;
      }
      case QuestionType::matrix: {
        content_hash::Object rows;
        a.rows.clear();
        std::uint64_t seen = 0;  // rows 0 to 63 read so far (a repeated row is refused)
        const bool read = read_plain_members<Hashing>(t_, i_, [&](std::string_view row_id, Prefix row_first) {
          std::uint64_t row_named = 0;
          const Row* row = this->row(q, n, row_id, row_first, row_named);
          if (!row) return false;
          const auto r = static_cast<std::size_t>(row - q.rows->data());
          if (Hashing && r < 64) {  // the aggregation's reader: the rows read so far as bits
            if (seen & (std::uint64_t{1} << r)) return false;
            seen |= std::uint64_t{1} << r;
          } else if (a.rows.find_row(r) != a.rows.end()) {
            return false;
          }
          std::string_view id;
          Prefix first;
          std::uint64_t id_hash = 0;
          if (!keyed_string(id, first)) return false;
          const Option* o = option(q, n, id, first, id_hash);
          if (!o) return false;
          if constexpr (Hashing) rows.add_named(row_named, id_hash);
          a.rows.add({row->id, o->id, r, static_cast<std::size_t>(o - q.options->data())});
          return true;
        });
        if (!read) return false;
        if constexpr (Hashing) value = rows.value();
        break;  // {} is an answer with no row (as check_answers reads it)
      }
      case QuestionType::number: {
        double x = 0;
        if (!number(x, value) || number_rule(q, x) != Rule::ok) return false;
        a.number = x;
        break;
      }
      case QuestionType::text: {
        std::string_view text;
        if (!string(text, value) || text_rule(q, text) != Rule::ok) return false;
        if (text.empty()) {  // an empty text: no answer
          answers_.set_empty(n);
          return true;
        }
        a.text.assign(text);
        break;
      }
    }
    return true;
  }

  /// The position of question `id`. Answers usually come in questionnaire order, so the question
  /// after the previous one is tried before the index.
  /// With Hashing, `first` is the id's Prefix: the questions just after the previous one are told
  /// apart by their keys (Compiled::question_keys, which the hashing reader needs).
  std::optional<std::size_t> question(std::string_view id, Prefix first) {
    const std::size_t next = last_ + 1;
    const std::size_t count = q_.compiled.questions.size();
    if constexpr (Hashing) {
      const auto& keys = q_.compiled.question_keys;
      if (keys.size() != count) return std::nullopt;  // a core that keeps no keys: read another way
      const std::size_t ahead = std::min(count, next + 4);
      for (std::size_t k = next; k < ahead; ++k)
        if (keys[k].is(id, first, [&]() -> std::string_view { return q_.question(k).id; })) return last_ = k;
    } else {
      (void)first;
      if (next < count && q_.question(next).id == id) return last_ = next;
    }
    auto it = q_.compiled.question_index.find(id);
    if (it == q_.compiled.question_index.end() || it->second >= count) return std::nullopt;
    if constexpr (Hashing) {  // the id was read unchecked (keyed_string): it must be written as it is
      if (!q_.compiled.question_keys[it->second].is(id, first, [&]() -> std::string_view { return it->first; }))
        return std::nullopt;
    }
    return last_ = it->second;
  }

  /// Option `id` of question n (whose Prefix is `first`), or nullptr; with Hashing, `hash` is set to
  /// its content hash.
  const Option* option(const Question& q, std::size_t n, std::string_view id, Prefix first, std::uint64_t& hash) const {
    if constexpr (Hashing) {
      const std::size_t k = by_key(q.options, q_.compiled.option_keys[n], id, first);
      if (k == npos) return nullptr;
      hash = q_.compiled.option_keys[n][k].hash;
      return &(*q.options)[k];
    } else {
      (void)n, (void)first, (void)hash;
      return find_option(q, id);
    }
  }

  /// Row `id` of question n (the same); with Hashing, `named` is set to its part of a member's hash.
  const Row* row(const Question& q, std::size_t n, std::string_view id, Prefix first, std::uint64_t& named) const {
    if constexpr (Hashing) {
      const std::size_t k = by_key(q.rows, q_.compiled.row_keys[n], id, first);
      if (k == npos) return nullptr;
      named = q_.compiled.row_keys[n][k].member;
      return &(*q.rows)[k];
    } else {
      (void)n, (void)first, (void)named;
      return find_row(q, id);
    }
  }

  static constexpr std::size_t npos = static_cast<std::size_t>(-1);

  /// The position of item `id` among `items` (a question's options or rows) by their `keys`, or
  /// npos.
  template <class Item>
  static std::size_t by_key(const std::optional<std::vector<Item>>& items, const IdKeys& keys, std::string_view id,
                            Prefix first) {
    if (!items) return npos;  // the keys are the items' (Compiled)
    return keys.find(id, first, [&items](std::size_t k) -> std::string_view { return (*items)[k].id; });
  }

  bool more() const { return i_ < t_.size(); }
  bool eat(char c) {
    if (!more() || t_[i_] != c) return false;
    ++i_;
    return true;
  }
  void space() {
    std::size_t i = i_;
    const std::size_t size = t_.size();
    while (i < size && (t_[i] == ' ' || t_[i] == '\n' || t_[i] == '\r' || t_[i] == '\t')) ++i;
    i_ = i;
  }

  /// A string without escapes, of well-formed UTF-8 (the text as it stands in the answers), and
  /// with Hashing its content hash.
  bool string(std::string_view& out, std::uint64_t& hash) {
    if constexpr (Hashing) return read_plain_string(t_, i_, out, hash);
    (void)hash;
    return read_plain_string(t_, i_, out);
  }
  /// The same for an id, with Hashing read unchecked (json.hpp read_raw_string) with its Prefix:
  /// the caller accepts it only when it is the id of a key (IdKey::is), whose hash it then takes.
  [[gnu::always_inline]] bool keyed_string(std::string_view& out, Prefix& first) {
    if constexpr (Hashing) return read_raw_string(t_, i_, out, first);
    (void)first;
    return read_plain_string(t_, i_, out);
  }

  /// A JSON number read to the double the core's parser gives (integers as 64-bit integers
  /// converted, others by number::parse); a finite one only. `hash`: its content hash, of the
  /// kind of number the parser gives (an integer ≥ 0, a negative one, another number).
  bool number(double& out, std::uint64_t& hash) {
    (void)hash;  // without Hashing
    const std::size_t start = i_;
    const bool negative = eat('-');
    const std::size_t first = i_;
    while (more() && t_[i_] >= '0' && t_[i_] <= '9') ++i_;
    const std::size_t digits = i_ - first;
    if (digits == 0 || (digits > 1 && t_[first] == '0')) return false;
    bool is_float = false;
    if (eat('.')) {
      is_float = true;
      const std::size_t f = i_;
      while (more() && t_[i_] >= '0' && t_[i_] <= '9') ++i_;
      if (i_ == f) return false;
    }
    if (more() && (t_[i_] == 'e' || t_[i_] == 'E')) {
      is_float = true;
      ++i_;
      if (more() && (t_[i_] == '+' || t_[i_] == '-')) ++i_;
      const std::size_t f = i_;
      while (more() && t_[i_] >= '0' && t_[i_] <= '9') ++i_;
      if (i_ == f) return false;
    }
    if (!is_float) {
      if (digits > 18) return false;
      std::uint64_t v = 0;
      for (std::size_t k = first; k < first + digits; ++k) v = v * 10 + static_cast<std::uint64_t>(t_[k] - '0');
      const auto signed_v = static_cast<std::int64_t>(0 - v);
      out = negative ? static_cast<double>(signed_v) : static_cast<double>(v);
      if constexpr (Hashing) hash = negative ? content_hash::number(signed_v) : content_hash::number(v);
      return true;
    }
    out = number::parse(t_.substr(start, i_ - start));
    if constexpr (Hashing) hash = content_hash::number(out);
    return std::isfinite(out);
  }

  const Questionnaire& q_;
  std::string_view t_;
  std::size_t i_ = 0;
  Answers& answers_;
  std::size_t last_ = static_cast<std::size_t>(-1);  // position of the previous answer's question
  content_hash::Object hash_;
};

}  // namespace

std::vector<std::optional<double>> option_scores(const Question& q) {
  if (!q.options) return {};
  std::vector<std::optional<double>> scores(q.options->size());
  const Range r = range_of(q);
  for (std::size_t o = 0; o < scores.size(); ++o) {
    const Option& option = (*q.options)[o];
    if (!is_dont_know(option) && option.value && r.hi > r.lo) scores[o] = normalise(*option.value, r.lo, r.hi);
  }
  return scores;
}

double round1(double x) {
  const double r = std::round(x * 10.0) / 10.0;
  return r == 0 ? 0.0 : r;  // no "-0.0"
}

Answers::Answers(const Questionnaire& q)
    : q_(&q), entries_(q.compiled.questions.size()), state_(q.compiled.questions.size(), absent) {
  for (std::size_t n = 0; n < entries_.size(); ++n) entries_[n].first = q.question(n).id;
}

Answers::const_iterator Answers::find(std::string_view id) const {
  if (!q_) return end();
  auto it = q_->compiled.question_index.find(id);
  if (it == q_->compiled.question_index.end() || !at(it->second)) return end();
  return &entries_[it->second];
}

void Answers::set(std::size_t n, Answer answer) {
  state_.at(n) = answered;
  entries_[n].second = std::move(answer);
}

Answer& Answers::fill(std::size_t n) {
  state_[n] = answered;
  return entries_[n].second;
}

CheckedAnswers check_answers(const Questionnaire& q, const json& answers) {
  CheckedAnswers out{Answers(q), {}};
  // One pass over the answers (sorted by id) finds each one's question; then they are checked in
  // questionnaire order, and unknown questions come last, by id.
  const std::size_t count = q.compiled.questions.size();
  std::vector<const json*> given(count, nullptr);
  std::vector<const string*> unknown;
  for (const auto& [key, value] : answers.get_ref<const json::object_t&>()) {
    auto it = q.compiled.question_index.find(key);
    if (it == q.compiled.question_index.end()) unknown.push_back(&key);
    else if (it->second < count && !value.is_null()) given[it->second] = &value;
  }
  AnswerChecker checker(q, out);
  for (std::size_t n = 0; n < count; ++n)
    if (given[n]) checker.check(n, *given[n]);
  for (const auto* key : unknown)
    out.errors.push_back({std::nullopt, make_issue(pointer("", *key), "answer.unknown-question", {{"question", *key}})});
  return out;
}

std::optional<Answers> read_valid_answers(const Questionnaire& q, std::string_view text) {
  Answers answers(q);
  if (!ValidAnswersReader<false>(q, text, answers).read()) return std::nullopt;
  return answers;
}

bool read_valid_answers(const Questionnaire& q, std::string_view text, std::size_t& at, std::uint64_t& hash,
                        Answers& into) {
  ValidAnswersReader<true> reader(q, text, into, at);
  if (!reader.read_object()) return false;
  at = reader.position();
  hash = reader.hash();
  return true;
}

bool answered(const Questionnaire& q, std::size_t n, const Answers& answers) {
  const Answer* a = answers.at(n);
  if (!a) return false;
  const auto& question = q.question(n);
  if (question.type == QuestionType::matrix) {
    if (!question.rows) return false;
    for (const auto& r : *question.rows)
      if (!a->rows.count(r.id)) return false;
  }
  return true;
}

expr::Value answer_value(const Questionnaire& q, std::size_t n, const Answers& answers,
                         std::optional<std::string_view> row) {
  const Answer* found = answers.at(n);
  if (!found) return expr::Null{};
  const Answer& a = *found;
  const auto& question = q.question(n);
  auto option_value = [&](std::size_t position) -> expr::Value {
    const Option& o = (*question.options)[position];
    if (is_dont_know(o)) return expr::Null{};
    return o.id;
  };
  switch (question.type) {
    case QuestionType::single:
    case QuestionType::scale: return option_value(a.option);
    case QuestionType::multiple: {
      expr::List list;
      for (const auto& id : a.choices) {
        const Option* o = find_option(question, id);
        if (o && is_dont_know(*o)) return expr::Null{};
        list.push_back(id);
      }
      return list;
    }
    case QuestionType::matrix: {
      if (!row) return expr::Null{};
      auto r = a.rows.find(*row);
      if (r == a.rows.end()) return expr::Null{};
      return option_value(r->option);
    }
    case QuestionType::number: return a.number;
    case QuestionType::text: return a.text;
  }
  return expr::Null{};
}

namespace {

void visibility_into(const Questionnaire& q, const Answers& answers, std::vector<bool>& visible) {
  visible.assign(q.compiled.questions.size(), false);
  VisibilityEnv env(q, answers, visible);
  for (auto n : q.compiled.visibility_order) {
    const auto& condition = q.compiled.visible_if[n];
    visible[n] = !condition || condition->test(env);
  }
}

}  // namespace

std::vector<bool> visibility(const Questionnaire& q, const Answers& answers) {
  std::vector<bool> visible;
  visibility_into(q, answers, visible);
  return visible;
}

std::optional<std::size_t> level_of(const Questionnaire& q, std::optional<double> score) {
  if (!score) return std::nullopt;
  std::optional<std::size_t> level;
  for (std::size_t l = 0; l < q.levels.size(); ++l)
    if (q.levels[l].min <= *score) level = l;
  return level;
}

Evaluation evaluate(const Questionnaire& q, const json& answers) { return evaluate(q, check_answers(q, answers)); }

Evaluation evaluate(const Questionnaire& q, CheckedAnswers checked) {
  Evaluation e;
  e.answers = std::move(checked.answers);
  evaluate_in_place(q, e);
  for (auto& err : checked.errors)
    if (!err.question || e.visible[*err.question]) e.answer_errors.push_back(std::move(err.issue));
  if (e.answer_errors.size() > max_reported_issues) {
    const auto more = e.answer_errors.size() - max_reported_issues;
    e.answer_errors.resize(max_reported_issues);
    e.answer_errors.push_back(make_issue("", "issues.more", {{"count", std::to_string(more)}}));
  }
  return e;
}

void evaluate_in_place(const Questionnaire& q, Evaluation& e) {
  visibility_into(q, e.answers, e.visible);
  e.answer_errors.clear();

  struct Sum {
    double weighted = 0, weights = 0;
  };
  // On the stack for the usual few dimensions (the aggregation evaluates every record).
  std::array<Sum, 16> few{};
  std::vector<Sum> many(q.dimensions.size() > few.size() ? q.dimensions.size() : 0);
  Sum* sums = many.empty() ? few.data() : many.data();
  e.dimensions.assign(q.dimensions.size(), DimensionScore{});
  for (const auto& item : q.compiled.items) {
    if (!e.visible[item.question]) continue;
    auto& d = e.dimensions[item.dimension];
    ++d.items;
    const Answer* a = e.answers.at(item.question);
    if (!a) {
      ++d.missing;
      continue;
    }
    std::optional<double> s;
    if (item.row) {  // a matrix row (what item_score reads, the row found once)
      const auto row = a->rows.find_row(*item.row);
      if (row == a->rows.end()) {
        ++d.missing;  // a matrix row left out
        continue;
      }
      s = q.compiled.option_scores[item.question][row->option];
    } else {
      s = item_score(q, item.question, *a, std::nullopt);
    }
    if (!s) continue;
    const double v = item.reverse ? 1.0 - *s : *s;
    ++d.answered;
    sums[item.dimension].weighted += item.weight * v;
    sums[item.dimension].weights += item.weight;
  }
  double index_weighted = 0, index_weights = 0;
  for (std::size_t i = 0; i < q.dimensions.size(); ++i) {
    auto& d = e.dimensions[i];
    const double min_share = q.dimensions[i].minAnswered.value_or(0.5);
    d.sufficient = d.items > 0 && d.answered > 0 &&
                   static_cast<double>(d.answered) / static_cast<double>(d.items) >= min_share;
    if (!d.sufficient) continue;
    d.raw = 100.0 * sums[i].weighted / sums[i].weights;
    d.score = round1(d.raw);
    d.level = level_of(q, d.score);
    const double w = q.dimensions[i].weight.value_or(1.0);
    index_weighted += w * d.raw;
    index_weights += w;
  }
  e.index.reset();
  if (index_weights > 0) e.index = round1(index_weighted / index_weights);
  e.level = level_of(q, e.index);
  e.reading = reading(q, e.dimensions);
}

Reading reading(const Questionnaire& q, const std::vector<DimensionScore>& dimensions) {
  Reading r;
  r.dimensions = dimensions.size();
  r.needed = static_cast<std::size_t>(std::ceil(reading_share * static_cast<double>(r.dimensions) - 1e-9));
  double total = 0, scored = 0;
  // What completing each dimension not scored yet would take: (answers, −weight, position), so that
  // sorting puts the dimensions nearest to enough answers first (ties: the heavier first; with equal
  // weights, the fewest answers).
  std::vector<SortKey> open;
  for (std::size_t i = 0; i < dimensions.size(); ++i) {
    const double w = q.dimensions[i].weight.value_or(1.0);
    total += w;
    const auto& d = dimensions[i];
    if (d.sufficient) {
      ++r.scored;
      scored += w;
      continue;
    }
    // The fewest answered items that reach the dimension's minAnswered share (and at least one).
    const double share = q.dimensions[i].minAnswered.value_or(0.5);
    auto want = static_cast<std::size_t>(std::ceil(share * static_cast<double>(d.items) - 1e-9));
    want = std::max<std::size_t>(want, 1);
    if (want <= d.answered) continue;  // unreachable: sufficient then
    if (want - d.answered <= d.missing) open.emplace_back(static_cast<double>(want - d.answered), -w, i);
  }
  const auto enough = [&](std::size_t count, double weight) {
    return count >= r.needed && weight >= reading_share * total - 1e-9 * total;
  };
  r.provisional = !enough(r.scored, scored);
  if (!r.provisional) {
    r.more_answers = 0;
    return r;
  }
  sort_keys(open);
  std::size_t count = r.scored, answers = 0;
  for (const auto& [cost, weight, i] : open) {
    ++count;
    scored -= weight;
    answers += static_cast<std::size_t>(cost);
    if (enough(count, scored)) {
      r.more_answers = answers;
      break;
    }
  }
  return r;
}

expr::Value ScoredEnv::answer(std::string_view question, std::optional<std::string_view> row) const {
  auto it = q_.compiled.question_index.find(question);
  if (it == q_.compiled.question_index.end() || !e_.visible[it->second]) return expr::Null{};
  return answer_value(q_, it->second, e_.answers, row);
}
expr::Value ScoredEnv::dimension(std::string_view id) const {
  auto it = q_.compiled.dimension_index.find(id);
  if (it == q_.compiled.dimension_index.end() || !e_.dimensions[it->second].score) return expr::Null{};
  return *e_.dimensions[it->second].score;
}
// An insight about the overall index or level speaks only of a reading that is not provisional.
expr::Value ScoredEnv::index() const {
  if (!e_.index || e_.reading.provisional) return expr::Null{};
  return *e_.index;
}
expr::Value ScoredEnv::level() const {
  if (!e_.level || e_.reading.provisional) return expr::Null{};
  return q_.levels[*e_.level].id;
}

}  // namespace catalyse
