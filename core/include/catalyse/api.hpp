// The core's JSON facade: strings in, strings out, never throws.
// Both consumers use only this header: wasm/binding.cpp (the widget) and cli/ (organisers'
// command-line tool), so the same inputs give byte-identical outputs in both.
// Formats: docs/FORMAT.md.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace catalyse {

struct Questionnaire;  // core/include/catalyse/model.hpp
namespace aggregation {
class Accumulator;  // core/include/catalyse/aggregate.hpp
}

namespace api {

/// Parses and validates a questionnaire document.
/// On success sets `out` and returns a string that begins exactly with `{"ok":true,` (the wasm
/// binding splices a handle in after it):
///   {"ok":true,"questionnaire":{"id":…,"version":…,"hash":…,"languages":[…]}}
/// otherwise leaves `out` empty and returns
///   {"ok":false,"errors":[{"path":…,"code":…,"params":{…},"message":…},…]}
/// with the messages in `lang` ("fr" or "en"; anything else, or "", gives English).
std::string load(std::string_view questionnaire_json,
                 std::shared_ptr<const Questionnaire>& out, std::string_view lang = "en");

/// Scores one set of answers: {"ok":true,"result":{…catalyse-result/1…}} or
/// {"ok":false,"errors":[…]} when the answers are not a JSON object or `lang` is not offered.
/// Individual bad answers do not fail the call: they are listed in result.answerErrors. Results
/// and messages are in `lang` ("" : the questionnaire's first language).
std::string score(const Questionnaire& questionnaire, std::string_view answers_json,
                  std::string_view lang);

/// Aggregates response records (docs/AGGREGATE.md): a JSON array of catalyse-response/1, an object
/// {"records":[…]}, or {"sources":[…]} of several exports, read as a stream, one record at a time:
/// {"ok":true,"aggregate":{…catalyse-aggregate/1…}} or {"ok":false,"errors":[…]} (bad options, or
/// an input of none of these shapes). `options_json` is an object, e.g.
/// {"lang":"fr","minGroup":5,"breakdowns":["profil-structure"]}, or "" for the defaults.
std::string aggregate(const Questionnaire& questionnaire, std::string_view records_json,
                      std::string_view options_json);

/// Opens a live aggregate (aggregate.hpp): records or whole exports are then added one at a time
/// (the event server's responses, the results page's and the command-line tool's files, each
/// released once read) and its {"ok":true,"aggregate":{…}} is read at any time with snapshot().
/// Returns {"ok":true} and sets `out`, or {"ok":false,"errors":[…]} for bad options (`out` empty).
std::string open_aggregate(const Questionnaire& questionnaire, std::string_view options_json,
                           std::unique_ptr<aggregation::Accumulator>& out);

/// Progress over time (docs/COMPARE.md): two results of one respondent (an earlier one first),
/// compared dimension by dimension by id, across questionnaire versions; what cannot be compared
/// carries a reason (code, params, message). Each may be a result, the widget's download
/// {record, result} or the core's {"ok":true,"result":…}. Messages in `lang` ("": the later's).
///   {"ok":true,"comparison":{…catalyse-comparison/1…}} or {"ok":false,"errors":[…]}
std::string compare_results(std::string_view earlier_json, std::string_view later_json, std::string_view lang);

/// The same for two aggregates of a group (an earlier event beside today's): per dimension, index
/// and question (options' shares in points), each side with its n; nothing under the larger of
/// the two minGroups.
std::string compare_aggregates(std::string_view earlier_json, std::string_view later_json, std::string_view lang);

/// {"ok":false,"errors":[…]} with one error of the catalog (code without params, e.g.
/// "core.out-of-memory"), its message in `lang`: for callers that refuse a call themselves.
std::string refusal(std::string_view code, std::string_view lang);

/// The core's version and formats: {"core":"0.1.0","formats":[…]}.
std::string version();

}  // namespace api
}  // namespace catalyse
