// What the aggregation's files share (core/include/catalyse/aggregate.hpp lists the jobs): the
// questionnaire's shape in the aggregate's language, what the reader gathers of one record, and
// the accumulator's state (ids, counts and tallies; never the records).
#pragma once

#include <catalyse/question_type.hpp>
#include <catalyse/aggregate.hpp>
#include <catalyse/issue.hpp>
#include <catalyse/messages.hpp>
#include <catalyse/model.hpp>
#include <catalyse/questionnaire.hpp>
#include <catalyse/scoring.hpp>

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace catalyse::aggregation {

inline constexpr std::size_t max_problems = 1000;                     // listed; all are counted
inline constexpr std::size_t max_export_bytes = std::size_t{1} << 28;  // one export file (256 MiB)
inline constexpr std::string_view record_format = "catalyse-response/1";

/// User text for a message's params: shortened to 64 bytes (at a UTF-8 boundary, then "…").
std::string short_text(std::string_view s);

/// An issue at `path` of the catalog's `code` (messages.cpp: every aggregate.* code), its message
/// in English until the aggregate is written in its language.
inline Issue issue(std::string path, std::string_view code, std::initializer_list<Param> params = {}) {
  return make_issue(std::move(path), code, params);
}

// ---------------------------------------------------------------------------------------------
// The questionnaire as the aggregate shows it: labels in the aggregate's language.


struct ShapeOption {
  std::string id, label;
  std::optional<double> value;
  bool dont_know = false;
};

struct ShapeQuestion {
  std::string id;
  QuestionType kind = QuestionType::text;
  std::string text;
  bool scored = false;
  std::vector<ShapeOption> options;
  std::vector<std::pair<std::string, std::string>> rows;  // id, label
  std::unordered_map<std::string_view, std::size_t> option_ids;  // into options' ids

  std::optional<std::size_t> option_index(std::string_view id) const {
    if (options.size() <= 8) {  // the usual case: a look along a few short ids beats hashing
      for (std::size_t o = 0; o < options.size(); ++o)
        if (options[o].id == id) return o;
      return std::nullopt;
    }
    auto it = option_ids.find(id);
    if (it == option_ids.end()) return std::nullopt;
    return it->second;
  }
};

struct ShapeNamed {
  std::string id, label;
  double min = 0;
};

struct Shape {
  std::string id, version, hash, lang;
  std::vector<std::string> languages;
  std::vector<ShapeQuestion> questions;
  std::vector<ShapeNamed> dimensions, levels;
  std::optional<std::size_t> declared;  // the declared stage's question
  std::map<std::string, std::string> declared_map;  // option id → level id
  std::vector<std::size_t> declared_levels;          // per option of the declared question: its level's position
  std::vector<std::optional<std::string>> declared_to;  // per option of the declared question (single or scale): its level id
  std::string no_answer;                             // the label of a breakdown's "no answer" group
  std::string hidden_groups;                         // the note under groups when some are hidden
};

// ---------------------------------------------------------------------------------------------
// One record as the reader saw it (aggregate_read.cpp): what the checks need, without a tree.

enum class JsonKind : unsigned char { none, null, boolean, number, string, array, object };

/// "string", "object"… for a message's {got:kind} (messages.hpp).
const char* kind_name(JsonKind k);

struct Member {
  JsonKind kind = JsonKind::none;  // none: absent
  std::string_view text;           // a string's value: in the text being read, or in `copy`
  std::string copy;                // the value, when the reader's own buffer holds it only for a while
  std::uint64_t hash = 0;          // a string's content hash (json.hpp content_hash::string)

  Member() = default;
  Member(const Member&) = delete;  // `text` may point into `copy`
  Member& operator=(const Member&) = delete;
};

struct RecordFacts {
  JsonKind kind = JsonKind::none;  // of the record itself
  Member format, id, completed, questionnaire_id, questionnaire_hash;
  JsonKind questionnaire = JsonKind::none;
  JsonKind answers = JsonKind::none;
  std::string_view answers_text;  // the answers object's JSON text, when it is an object
  // The members' texts and answers_text are valid while the record's text is: the checks read
  // them before the next record.
  bool valid = false;             // the reader already read the answers, all valid (State::scored)
  std::uint64_t hash = 0;         // of the content, member order aside: equal hash = same record

  void clear();
};

// ---------------------------------------------------------------------------------------------
// Tallies and counts (aggregate_accumulate.cpp)

/// Numbers counted by value, in order: scores (tenths from 0 to 100) in a flat table, any other
/// number in a map. Gives the same statistics as the sorted list of every value would.
class Tally {
 public:
  void add(double v);
  std::size_t size() const { return n_; }
  /// Calls f(value, count) for each distinct value, ascending.
  template <class F>
  void each(F&& f) const {
    auto other = other_.begin();
    for (std::size_t k = 0; k < tenths_.size(); ++k) {
      if (!tenths_[k]) continue;
      const double v = static_cast<double>(k) / 10.0;
      for (; other != other_.end() && other->first < v; ++other) f(other->first, other->second);
      f(v, static_cast<std::size_t>(tenths_[k]));
    }
    for (; other != other_.end(); ++other) f(other->first, other->second);
  }

 private:
  /// What add leaves out of its quick path: the first score, and any other number.
  [[gnu::noinline]] void add_other(double v);
  std::vector<std::uint32_t> tenths_;  // count of k/10, k from 0 to 1000 (made on first use)
  std::map<double, std::size_t> other_;
  std::size_t n_ = 0;
};

/// Extremes and quartiles of a tally, one decimal (aggregate_crossed.cpp): quartile p at the
/// 0-based position (n − 1)·p of the ordered values, interpolated linearly between the two values
/// around it (the definition of spreadsheets' QUARTILE.INC), exact for scores.
struct Quartiles {
  double min = 0, q1 = 0, median = 0, q3 = 0, max = 0;
};
Quartiles quartiles(const Tally& t);

struct OptionCounts {
  std::vector<std::size_t> counts;  // by option index
  std::size_t base = 0;             // respondents who answered
};

struct QuestionCounts {
  OptionCounts whole;               // single, scale, multiple
  std::vector<OptionCounts> rows;   // matrix
  std::size_t matrix_base = 0;      // records answering at least one row
  Tally numbers;                    // number
  std::size_t texts = 0;            // text: answered count only, never the text
};

struct GroupCounts {
  std::size_t n = 0;
  Tally index;
  std::size_t no_index = 0;
  std::vector<std::size_t> levels;
  std::vector<Tally> dims;
};

struct BreakdownCounts {
  std::size_t question = 0;          // index in shape.questions
  std::vector<GroupCounts> groups;   // one per option, then "no answer"
};

struct Position {
  std::size_t source = 0;
  std::size_t record = 0;
};

struct Problem {
  const char* kind = "";  // unreadable, malformed, questionnaire, conflict, answer
  std::size_t source = 0;
  std::optional<std::size_t> record;
  Issue issue;
  std::optional<Issue> note;                // said after the issue's message (what became of it)
  std::optional<std::size_t> line, column;  // of a syntax error
  std::optional<std::string> id;            // conflict: the response id
  std::optional<Position> kept;             // conflict: the copy kept
};

/// The response ids read so far, each with its record's content hash and where it was first read:
/// the ids end to end in one buffer, found through an open-addressing table of their hashes, so
/// that an id costs no allocation of its own.
class IdTable {
 public:
  struct Seen {
    std::uint64_t content = 0;  // the record's content hash
    Position first;
  };
  /// What was kept for `id` (whose content_hash::string is `h`), or nullptr.
  const Seen* find(std::string_view id, std::uint64_t h) const;
  /// Keeps an id not there yet.
  void insert(std::string_view id, std::uint64_t h, Seen seen);
  /// Asks for the table's first slot for hash `h` to be brought into the cache, ahead of the find
  /// (the reader asks as soon as it has read a record's id, and reads the answers meanwhile): the
  /// slots of 100,000 ids are far larger than the cache.
  void prefetch(std::uint64_t h) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[h & (slots_.size() - 1)]);
  }
  std::size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    std::uint64_t hash = 0;
    std::size_t offset = 0, size = 0;  // in bytes_
    Seen seen;
  };
  void grow();
  std::string bytes_;
  std::vector<Entry> entries_;
  // 0: empty, else an index into entries_ plus one (low 32 bits) and the high 32 bits of its
  // hash, so that a look-up that passes other ids reads none of their entries.
  std::vector<std::uint64_t> slots_;
  static std::uint64_t slot(std::size_t entry, std::uint64_t h) { return (h & ~std::uint64_t{0xFFFFFFFF}) | (entry + 1); }
};

/// The keys (json.hpp IdKey) of the strings an everyday record is expected to hold: its format,
/// and its questionnaire's id, hash and version, which then need no hashing.
struct RecordKeys {
  IdKey format, questionnaire_id, questionnaire_hash, version;
};

struct SourceState {
  std::string name;
  bool readable = true;
  std::size_t records = 0, accepted = 0, duplicates = 0;
};

struct Accumulator::State {
  State(const Questionnaire& q, Options o, Shape s);

  const Questionnaire& q;
  Options options;
  Shape shape;
  RecordKeys keys;

  std::vector<SourceState> sources;
  std::size_t seen = 0, accepted = 0, identical = 0, conflicts = 0, malformed = 0, other = 0,
              answer_errors = 0, unreadable = 0;
  IdTable ids;
  std::vector<Problem> problems;
  std::size_t problem_count = 0;
  int year = 0;

  std::vector<QuestionCounts> questions;
  std::vector<Tally> dims;
  std::vector<std::size_t> dims_insufficient;
  Tally index;
  std::size_t no_index = 0;
  std::vector<std::size_t> levels;
  std::vector<std::size_t> declared;
  std::size_t declared_base = 0, agree = 0, disagree = 0;
  std::size_t ahead = 0, behind = 0;     // of `disagree`: declared stage above / below the computed level
  std::vector<BreakdownCounts> breakdowns;
  std::optional<std::size_t> actors;     // the actor types' breakdown (into `breakdowns`)

  // Reused from one record to the next.
  RecordFacts facts;
  Evaluation scored;                  // the record being counted: its answers, then their scores
  Issues* record_problems = nullptr;  // while Accumulator::add reads a record: its problems too

  std::size_t begin_source(std::string name);
  std::size_t current_source();  // the last begun, or a new unnamed one
  void problem(Problem p);
  /// A source that cannot be read (or not completely), reported with where it breaks.
  void unreadable_source(std::size_t source, Issue issue, std::optional<Issue> note = std::nullopt,
                         std::size_t line = 0, std::size_t column = 0);
  /// Counts one re-scored record (aggregate_accumulate.cpp).
  void count(const Evaluation& e);
};

/// How a group of a breakdown is shown: nobody in it, hidden (fewer than minGroup: neither its
/// size nor its results), or shown.
enum class GroupShown { empty, hidden, shown };

/// The groups of breakdown `b` as the aggregate shows them, in the breakdowns and in the actor
/// types alike: one per option in the questionnaire's order, then "no answer" when someone is in
/// it. Calls f(counts, option, label, shown) for each: `option` is the option's id, or nullptr for
/// "no answer"; `label` is the text shown, which lives as long as the state. Returns the number of
/// hidden groups.
template <class F>
std::size_t each_group(const Accumulator::State& s, const BreakdownCounts& b, F&& f) {
  const ShapeQuestion& sq = s.shape.questions[b.question];
  const auto min_group = static_cast<std::size_t>(s.options.min_group);
  std::size_t hidden = 0;
  for (std::size_t g = 0; g < b.groups.size(); ++g) {
    const GroupCounts& group = b.groups[g];
    const bool no_answer = g == sq.options.size();
    if (no_answer && group.n == 0) continue;
    const GroupShown shown = group.n == 0 ? GroupShown::empty : group.n < min_group ? GroupShown::hidden : GroupShown::shown;
    if (shown == GroupShown::hidden) ++hidden;
    f(group, no_answer ? nullptr : &sq.options[g].id, no_answer ? s.shape.no_answer : sq.options[g].label, shown);
  }
  return hidden;
}

/// Checks one record and, when it is a response to this questionnaire seen for the first time,
/// re-scores and counts it (aggregate_check.cpp). `path` is the record's JSON Pointer in its source.
Outcome check_and_count(Accumulator::State& s, RecordFacts& r, std::size_t source, std::size_t index,
                        std::string_view path);

/// The questionnaire's shape in `lang` and the breakdown questions; errors are about the options.
/// `actors` is set to the actor types' question when there is one (an index into `breakdowns`).
Issues make_shape(const Questionnaire& q, Options& options, Shape& shape, std::vector<std::size_t>& breakdowns,
                  std::optional<std::size_t>& actors);

/// Reading (aggregate_read.cpp). Every problem goes to the state; the facade's input may also
/// have a shape that is refused as a whole (returned).
void read_export(Accumulator::State& s, std::size_t source, std::string_view text);
std::optional<Issue> read_facade(Accumulator::State& s, std::string_view text);
Outcome read_record(Accumulator::State& s, std::size_t source, std::string_view text, std::string_view path);

/// The catalyse-aggregate/1 document (aggregate_write.cpp), inside {"ok":true,"aggregate":…}.
std::string write_aggregate(const Accumulator::State& s);

/// The aggregate's "crossed" block as JSON text (aggregate_crossed.cpp).
std::string write_crossed(const Accumulator::State& s);

}  // namespace catalyse::aggregation
