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


Issue malformed_issue(const RecordFacts& r, std::string_view path) {
  auto at = [&](const char* member, std::string message) { return issue(std::string(path) + member, std::move(message)); };
  if (r.kind != JsonKind::object)
    return at("", std::string("expected a response record (an object), got ") + kind_name(r.kind));
  if (r.format.kind != JsonKind::string || r.format.text != record_format) {
    return at("/format", "expected \"" + std::string(record_format) + "\"" +
                             (r.format.kind == JsonKind::none ? ", the member is missing"
                                                              : ", got " + (r.format.kind == JsonKind::string ? quote_short(r.format.text) : std::string(kind_name(r.format.kind)))));
  }
  if (r.id.kind != JsonKind::string || r.id.text.empty() || r.id.text.size() > 128) {
    return at("/id", "expected the response id, a non-empty string of at most 128 characters" +
                         std::string(r.id.kind == JsonKind::none ? ", the member is missing" : ""));
  }
  if (r.questionnaire != JsonKind::object) return at("/questionnaire", "expected an object {id, version, hash}");
  if (r.questionnaire_id.kind != JsonKind::string) return at("/questionnaire/id", "expected the questionnaire id (a string)");
  if (r.questionnaire_hash.kind != JsonKind::string) return at("/questionnaire/hash", "expected the questionnaire hash (a string)");
  if (r.answers != JsonKind::object) {
    return at("/answers", "expected an object of answers" +
                              std::string(r.answers == JsonKind::none ? ", the member is missing" : std::string(", got ") + kind_name(r.answers)));
  }
  return {};
}

/// The core's evaluation of a record's answers: valid answers straight from their text, anything
/// else read as a document (within the core's limits on values) and checked by the core, which
/// words the errors. nullopt with `error` set when the answers exceed those limits.
std::optional<Evaluation> rescore(const Questionnaire& q, std::string_view answers_text, std::optional<Issue>& error) {
  if (auto valid = read_valid_answers(q, answers_text)) return evaluate(q, CheckedAnswers{std::move(*valid), {}});
  ParsedJson parsed = parse_json(answers_text, max_export_bytes);
  if (parsed.error) {
    error = std::move(parsed.error);
    return std::nullopt;
  }
  return evaluate(q, parsed.value);  // an object: the reader saw it
}

/// A year from "YYYY-MM" (or anything beginning with four digits), else 0.
int year_of(const Member& completed) {
  const std::string& t = completed.text;
  if (completed.kind != JsonKind::string || t.size() < 4) return 0;
  if (!std::all_of(t.begin(), t.begin() + 4, [](char c) { return c >= '0' && c <= '9'; })) return 0;
  return std::stoi(t.substr(0, 4));
}

}  // namespace

Outcome check_and_count(Accumulator::State& s, const RecordFacts& r, std::size_t source, std::size_t index,
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

  if (Issue bad = malformed_issue(r, path); !bad.message.empty()) {
    ++s.malformed;
    s.problem(report("malformed", std::move(bad)));
    return Outcome::malformed;
  }
  const Shape& shape = s.shape;
  if (r.questionnaire_id.text != shape.id || r.questionnaire_hash.text != shape.hash) {
    ++s.other;
    const bool other_id = r.questionnaire_id.text != shape.id;
    s.problem(report("questionnaire",
                     issue(std::string(path) + (other_id ? "/questionnaire/id" : "/questionnaire/hash"),
                           other_id ? "a response to another questionnaire (" + quote_short(r.questionnaire_id.text) +
                                          ", not " + quote_short(shape.id) + ")"
                                    : "a response to another version of this questionnaire (hash " +
                                          quote_short(r.questionnaire_hash.text) + ", expected " + quote_short(shape.hash) + ")")));
    return Outcome::other_questionnaire;
  }

  // Deduplication by id: the content's hash tells identical copies from conflicts.
  auto [it, inserted] = s.ids.try_emplace(r.id.text, r.hash, Position{source, index});
  if (!inserted) {
    if (it->second.first == r.hash) {
      ++s.identical;
      ++s.sources[source].duplicates;
      return Outcome::duplicate;
    }
    ++s.conflicts;
    const Position kept = it->second.second;
    Problem p = report("conflict", issue(std::string(path) + "/id",
                                         "the response id " + quote_short(r.id.text) +
                                             " was already read with different content (source " + std::to_string(kept.source) +
                                             ", record " + std::to_string(kept.record) + "); the first one is kept"));
    p.id = r.id.text;
    p.kept = kept;
    s.problem(std::move(p));
    return Outcome::conflict;
  }

  std::optional<Issue> too_large;
  const std::optional<Evaluation> evaluated = rescore(s.q, r.answers_text, too_large);
  if (!evaluated) {
    s.ids.erase(it);
    ++s.malformed;
    s.problem(report("malformed", issue(std::string(path) + "/answers", too_large->message)));
    return Outcome::malformed;
  }
  const Evaluation& e = *evaluated;
  s.year = std::max(s.year, year_of(r.completed));
  for (const auto& err : e.answer_errors) {
    ++s.answer_errors;
    s.problem(report("answer", issue(std::string(path) + "/answers" + err.path,
                                     err.message + " (this answer is left out; the rest of the response is counted)")));
  }
  ++s.accepted;
  ++s.sources[source].accepted;
  s.count(e);
  return Outcome::accepted;
}

}  // namespace catalyse::aggregation
