// Group results from many response records (docs/AGGREGATE.md, format "catalyse-aggregate/1").
// Every record is re-scored with the core's own scoring; nothing here computes a score.
// Input problems never fail the whole call: a malformed export or record is reported with where
// (source, record, JSON Pointer) and why, left out, and everything else is aggregated.
//
// The work is split by job, one file each:
//   aggregate_options.cpp     the options object, read into described structs;
//   aggregate_read.cpp        exports read as a stream of JSON events (json.hpp), one record at a time;
//   aggregate_check.cpp       one record checked (format, questionnaire, duplicate, conflict), re-scored;
//   aggregate_accumulate.cpp  counts and tallies: ids and counts are kept, records are not;
//   aggregate_write.cpp       the catalyse-aggregate/1 document, written from described structs.
#pragma once

#include <catalyse/issue.hpp>

#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace catalyse {

struct Questionnaire;  // core/include/catalyse/model.hpp

namespace aggregation {

/// One export (one device, one file) as raw text, read record by record, so that a syntax error
/// is reported with its line and column and the records before it are still used.
/// An export is a JSON array of response records or an object with a "records" array.
struct Source {
  std::string name;  // shown in reports, e.g. the file name; may be empty
  std::string text;  // raw JSON text (released once read)
};

inline constexpr int min_group_default = 5;   // the smallest group shown, and the least minGroup outside a workshop
inline constexpr int min_group_workshop = 3;  // the least minGroup in a workshop

struct Options {
  std::string lang;                                     // "" = the questionnaire's first language
  int min_group = min_group_default;                                   // smaller groups are hidden (3 or 4 only in a workshop)
  bool workshop = false;                                // allows min_group 3 or 4, with a note in the aggregate
  std::optional<std::string> actors;                    // the actor types' question; absent = the first breakdown
  std::optional<std::vector<std::string>> breakdowns;   // absent = every unscored single question
  std::string benchmark_id = "event";                   // prefix of the produced benchmarks' ids
  std::optional<std::map<std::string, std::string>> benchmark_source;  // text per language; absent = default
};

/// Reads an options object: {"lang":"fr","minGroup":5,"workshop":false,"breakdowns":["profil"],
/// "actors":"profil","benchmark":{"id":"rencontres-2026","source":{"fr":"…","en":"…"}}}. Unknown members are
/// ignored (newer callers keep working). Returns the errors found; `out` holds the valid members.
Issues parse_options(std::string_view options_json, Options& out);

/// What became of one record given to Accumulator::add.
enum class Outcome { accepted, duplicate, conflict, malformed, other_questionnaire };

class Accumulator;

/// Makes an accumulator for `questionnaire` (which must outlive it), or the errors of the options
/// (a language not offered, breakdowns that are not single-choice questions).
std::unique_ptr<Accumulator> make_accumulator(const Questionnaire& questionnaire, const Options& options,
                                              Issues& errors);

/// Checks one response record as Accumulator::add checks it (its shape, its id, its questionnaire
/// and version, its answers re-scored by the core) without counting it anywhere: the problems
/// found, with JSON Pointers inside the record and messages in English (messages.hpp words them
/// in another language from code and params); empty when add() would take it as it is.
Issues check_record(const Questionnaire& questionnaire, std::string_view record_json);

/// A live aggregate: records are added one at a time (O(answers) each: ids and counts are kept,
/// not the records) and the catalyse-aggregate/1 document can be written at any time. Rebuilding
/// one from stored records is adding them again in the same order.
class Accumulator {
 public:
  ~Accumulator();
  Accumulator(const Accumulator&) = delete;
  Accumulator& operator=(const Accumulator&) = delete;

  /// Starts a source (an export, a device, "live"); records added after it belong to it. A new
  /// accumulator has none: the first add() starts an unnamed one.
  std::size_t begin_source(std::string name);
  /// Adds one response record (its JSON text): checked, deduplicated by id, re-scored, counted.
  /// Problems (malformed, another questionnaire, conflict, bad answers) go to the aggregate's
  /// problem list with `path` (a JSON Pointer of the record in its source, "" by default), and
  /// also to `problems` when given (this record's only, path and message).
  Outcome add(std::string_view record_json, std::string_view path = "", Issues* problems = nullptr);
  /// Reads a whole export (an array of records or {"records":[…]}) as a new source, one record
  /// at a time, then releases its text.
  void add_export(Source source);
  /// The same for a text the caller keeps (read where it lies, not copied).
  void add_export(std::string name, std::string_view text);
  /// {"ok":true,"aggregate":{…catalyse-aggregate/1…}}, byte for byte the same natively and in wasm.
  std::string snapshot() const;
  /// Records accepted so far.
  std::size_t size() const;

  struct State;  // aggregate_accumulate.cpp

 private:
  friend std::unique_ptr<Accumulator> make_accumulator(const Questionnaire&, const Options&, Issues&);
  friend std::string aggregate_input(const Questionnaire&, std::string_view, const Options&);
  explicit Accumulator(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

/// Aggregates the facade's input (api::aggregate): an array of records, {"records":[…]}, or
/// {"sources":[ export | {"name":…,"text":"…raw…"} | {"name":…,"records":[…]} , …]}, read in one
/// streaming pass. {"ok":false,"errors":[…]} only for bad options or an input of none of these shapes.
std::string aggregate_input(const Questionnaire& questionnaire, std::string_view input, const Options& options);

/// Aggregates several exports given as text, one file at a time, each released once read (the
/// command-line tool). {"ok":true,"aggregate":{…}} or {"ok":false,"errors":[…]} (bad options).
std::string aggregate(const Questionnaire& questionnaire, std::vector<Source>& sources, const Options& options);

}  // namespace aggregation
}  // namespace catalyse
