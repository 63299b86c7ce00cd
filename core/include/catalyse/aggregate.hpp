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

/// One export (one device, one file) as raw text, parsed here record by record, so that a syntax
/// error is reported with its line and column and the records before it are still used.
/// An export is a JSON array of response records or an object with a "records" array.
struct Source {
  std::string name;  // shown in reports, e.g. the file name; may be empty
  std::string text;  // raw JSON text (released once read)
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

/// Aggregates the facade's input (api::aggregate): an array of records, {"records":[…]}, or
/// {"sources":[ export | {"name":…,"text":"…raw…"} | {"name":…,"records":[…]} , …]}, read in one
/// streaming pass. {"ok":false,"errors":[…]} only for bad options or an input of none of these shapes.
nlohmann::json aggregate_input(const Questionnaire& questionnaire, std::string_view input, const Options& options);

/// Aggregates several exports given as text (the command-line tool).
/// {"ok":true,"aggregate":{…}} or {"ok":false,"errors":[…]} (bad options or language).
nlohmann::json aggregate(const Questionnaire& questionnaire, std::vector<Source>& sources,
                         const Options& options);

}  // namespace aggregation
}  // namespace catalyse
