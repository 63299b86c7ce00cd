// Group results from many response records (docs/AGGREGATE.md, format "catalyse-aggregate/1").
// Every record is re-scored with the core's own scoring; nothing here computes a score.
// Input problems never fail the whole call: a malformed export or record is reported with where
// (source, record, JSON Pointer) and why, left out, and everything else is aggregated.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace catalyse {

struct Questionnaire;  // core/include/catalyse/model.hpp

namespace aggregation {

/// One export (one device, one file). Either its raw text, parsed here so that a syntax error is
/// reported with its line and column, or a document already parsed by the caller.
/// An export is a JSON array of response records or an object with a "records" array.
struct Source {
  std::string name;                      // shown in reports, e.g. the file name; may be empty
  std::string text;                      // raw JSON text, used when `document` is empty
  std::optional<nlohmann::json> document;
};

struct Options {
  std::string lang;                                     // "" = the questionnaire's first language
  int min_group = 5;                                    // smaller breakdown groups are hidden
  std::optional<std::vector<std::string>> breakdowns;   // absent = every unscored single question
  std::string benchmark_id = "event";                   // prefix of the produced benchmarks' ids
  nlohmann::json benchmark_source;                      // Text naming the source; null = default
};

/// Reads an options object: {"lang":"fr","minGroup":5,"breakdowns":["profil"],
/// "benchmark":{"id":"rencontres-2026","source":{"fr":"…","en":"…"}}}.
/// Returns the errors found (path + message); `out` holds the valid members.
std::vector<nlohmann::json> parse_options(const nlohmann::json& options, Options& out);

/// Splits the facade's input into sources: an array of records, {"records":[…]}, or
/// {"sources":[ export | {"name":…,"text":"…raw…"} | {"name":…,"records":[…]} , …]}.
/// Returns false (and sets `error`) only when the document has none of these shapes.
bool split_sources(nlohmann::json&& input, std::vector<Source>& out, nlohmann::json& error);

/// Aggregates: {"ok":true,"aggregate":{…}} or {"ok":false,"errors":[…]} (bad options or language).
nlohmann::json aggregate(const Questionnaire& questionnaire, std::vector<Source>& sources,
                         const Options& options);

}  // namespace aggregation
}  // namespace catalyse
