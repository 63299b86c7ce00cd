// Checking one record (docs/AGGREGATE.md "Problems reported"): its format, its questionnaire, its
// id against those already read (an identical copy counts once, a different content under the
// same id is a conflict and the first is kept), then re-scoring by the core: the answers' text
// goes to the core's answers reader, and only answers with an error are read as a document,
// which words each error.
#include "aggregate_state.hpp"

#include <catalyse/json.hpp>

#include <algorithm>

namespace catalyse::aggregation {
namespace {


/// What is wrong with the record's shape, or nullopt.
std::optional<Issue> malformed_issue(const RecordFacts& r, std::string_view path) {
  auto at = [&](const char* member, std::string_view code, std::initializer_list<Param> params = {}) {
    return issue(std::string(path) + member, code, params);
  };
  if (r.kind != JsonKind::object) return at("", "aggregate.expected-record", {{"got", kind_name(r.kind)}});
  if (r.format.kind == JsonKind::none) return at("/format", "aggregate.format-missing", {{"expected", record_format}});
  if (r.format.kind != JsonKind::string)
    return at("/format", "aggregate.format-wrong-kind", {{"expected", record_format}, {"got", kind_name(r.format.kind)}});
  if (r.format.text != record_format)
    return at("/format", "aggregate.format-wrong", {{"expected", record_format}, {"got", short_text(r.format.text)}});
  if (r.id.kind == JsonKind::none) return at("/id", "aggregate.id-missing");
  if (r.id.kind != JsonKind::string || r.id.text.empty() || r.id.text.size() > 128) return at("/id", "aggregate.bad-id");
  if (r.questionnaire != JsonKind::object) return at("/questionnaire", "aggregate.expected-questionnaire");
  if (r.questionnaire_id.kind != JsonKind::string) return at("/questionnaire/id", "aggregate.expected-questionnaire-id");
  if (r.questionnaire_hash.kind != JsonKind::string) return at("/questionnaire/hash", "aggregate.expected-questionnaire-hash");
  if (r.answers == JsonKind::none) return at("/answers", "aggregate.answers-missing");
  if (r.answers != JsonKind::object) return at("/answers", "aggregate.expected-answers", {{"got", kind_name(r.answers)}});
  return std::nullopt;
}

/// The core's evaluation of a record's answers, into `e` (its storage reused): valid answers as
/// the reader read them (already in e.answers) or straight from their text, anything else read as
/// a document (within the core's limits on values) and checked by the core, which words the
/// errors. False with `error` set when the answers exceed those limits.
bool rescore(const Questionnaire& q, const RecordFacts& r, Evaluation& e, std::optional<Issue>& error) {
  const std::string_view text = r.answers_text;
  std::size_t at = 0;
  std::uint64_t hash = 0;
  if (r.valid || (read_valid_answers(q, text, at, hash, e.answers) && at == text.size())) {
    evaluate_in_place(q, e);
    return true;
  }
  ParsedJson parsed = parse_json(text, max_export_bytes);
  if (parsed.error) {
    error = std::move(parsed.error);
    return false;
  }
  e = evaluate(q, parsed.value);  // an object: the reader saw it
  return true;
}

/// A year from "YYYY-MM" (or anything beginning with four digits), else 0.
int year_of(const Member& completed) {
  const std::string_view t = completed.text;
  if (completed.kind != JsonKind::string || t.size() < 4) return 0;
  if (!std::all_of(t.begin(), t.begin() + 4, [](char c) { return c >= '0' && c <= '9'; })) return 0;
  return ((t[0] - '0') * 10 + (t[1] - '0')) * 100 + (t[2] - '0') * 10 + (t[3] - '0');
}

}  // namespace

const IdTable::Seen* IdTable::find(std::string_view id, std::uint64_t h) const {
  if (slots_.empty()) return nullptr;
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = h & mask; slots_[i]; i = (i + 1) & mask) {
    if ((slots_[i] ^ h) >> 32) continue;  // another hash
    const Entry& e = entries_[(slots_[i] & 0xFFFFFFFF) - 1];
    if (e.hash == h && content_hash::same(std::string_view(bytes_).substr(e.offset, e.size), id)) return &e.seen;
  }
  return nullptr;
}

void IdTable::insert(std::string_view id, std::uint64_t h, Seen seen) {
  if ((entries_.size() + 1) * 2 > slots_.size()) grow();
  entries_.push_back(Entry{h, bytes_.size(), id.size(), seen});
  bytes_.append(id);
  const std::size_t mask = slots_.size() - 1;
  std::size_t i = h & mask;
  while (slots_[i]) i = (i + 1) & mask;
  slots_[i] = slot(entries_.size() - 1, h);
}

void IdTable::grow() {
  slots_.assign(std::max<std::size_t>(64, slots_.size() * 2), 0);
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t k = 0; k < entries_.size(); ++k) {
    std::size_t i = entries_[k].hash & mask;
    while (slots_[i]) i = (i + 1) & mask;
    slots_[i] = slot(k, entries_[k].hash);
  }
}

Outcome check_and_count(Accumulator::State& s, RecordFacts& r, std::size_t source, std::size_t index,
                        std::string_view path) {
  ++s.seen;
  ++s.sources[source].records;
  auto report = [&](const char* kind, Issue issue) {
    Problem p;
    p.kind = kind;
    p.source = source;
    p.record = index;
    p.issue = std::move(issue);
    return p;
  };

  if (auto bad = malformed_issue(r, path)) {
    ++s.malformed;
    s.problem(report("malformed", std::move(*bad)));
    return Outcome::malformed;
  }
  const Shape& shape = s.shape;
  if (r.questionnaire_id.text != shape.id || r.questionnaire_hash.text != shape.hash) {
    ++s.other;
    const bool other_id = r.questionnaire_id.text != shape.id;
    s.problem(report("questionnaire",
                     other_id ? issue(std::string(path) + "/questionnaire/id", "aggregate.other-questionnaire",
                                      {{"got", short_text(r.questionnaire_id.text)}, {"expected", short_text(shape.id)}})
                              : issue(std::string(path) + "/questionnaire/hash", "aggregate.other-version",
                                      {{"got", short_text(r.questionnaire_hash.text)}, {"expected", short_text(shape.hash)}})));
    return Outcome::other_questionnaire;
  }

  // Deduplication by id: the content's hash tells identical copies from conflicts.
  if (const IdTable::Seen* seen = s.ids.find(r.id.text, r.id.hash)) {
    if (seen->content == r.hash) {
      ++s.identical;
      ++s.sources[source].duplicates;
      return Outcome::duplicate;
    }
    ++s.conflicts;
    const Position kept = seen->first;
    Problem p = report("conflict", issue(std::string(path) + "/id", "aggregate.conflict",
                                         {{"id", short_text(r.id.text)},
                                          {"source", std::to_string(kept.source)},
                                          {"record", std::to_string(kept.record)}}));
    p.id = std::string(r.id.text);
    p.kept = kept;
    s.problem(std::move(p));
    return Outcome::conflict;
  }

  std::optional<Issue> too_large;
  if (!rescore(s.q, r, s.scored, too_large)) {
    ++s.malformed;
    too_large->path = std::string(path) + "/answers";
    s.problem(report("malformed", std::move(*too_large)));
    return Outcome::malformed;
  }
  s.ids.insert(r.id.text, r.id.hash, {r.hash, Position{source, index}});
  const Evaluation& e = s.scored;
  s.year = std::max(s.year, year_of(r.completed));
  for (const auto& err : e.answer_errors) {
    ++s.answer_errors;
    Issue at = err;
    at.path = std::string(path) + "/answers" + err.path;
    Problem p = report("answer", std::move(at));
    p.note = issue("", "aggregate.answer-left-out");
    s.problem(std::move(p));
  }
  ++s.accepted;
  ++s.sources[source].accepted;
  s.count(e);
  return Outcome::accepted;
}

}  // namespace catalyse::aggregation
