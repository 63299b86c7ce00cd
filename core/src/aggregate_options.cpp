// The aggregation's options (docs/AGGREGATE.md "Options"), read into described structs by the
// core's generic reader (reflect.hpp), then checked for what a type cannot say (ranges, ids).
#include "aggregate_state.hpp"

#include <catalyse/json.hpp>
#include <catalyse/reflect.hpp>

namespace catalyse::aggregation {
namespace {

struct BenchmarkOptions {
  std::optional<std::string> id;
  std::optional<std::map<std::string, std::string>> source;
};
BOOST_DESCRIBE_STRUCT(BenchmarkOptions, (), (id, source))

struct OptionsDocument {
  std::optional<std::string> lang;
  std::optional<int> minGroup;
  std::optional<bool> workshop;
  std::optional<std::vector<std::string>> breakdowns;
  std::optional<std::string> actors;
  std::optional<BenchmarkOptions> benchmark;
};
BOOST_DESCRIBE_STRUCT(OptionsDocument, (), (lang, minGroup, workshop, breakdowns, actors, benchmark))

/// The members `T` describes, the others left out: unknown members are ignored, so that newer
/// callers keep working with this core.
template <class T>
json known_members(const json& j) {
  if (!j.is_object()) return j;
  json out = json::object();
  boost::mp11::mp_for_each<boost::describe::describe_members<T, boost::describe::mod_public>>([&](auto d) {
    if (auto it = j.find(d.name); it != j.end()) out[d.name] = *it;
  });
  return out;
}

bool valid_id(const std::string& s) {
  if (s.empty() || s.size() > 40) return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) return false;
  return (s[0] >= 'a' && s[0] <= 'z') || (s[0] >= '0' && s[0] <= '9');
}

}  // namespace

Issues parse_options(std::string_view options_json, Options& out) {
  if (options_json.empty()) return {};
  ParsedJson parsed = parse_json(options_json, std::size_t{1} << 16);
  if (parsed.error) return {std::move(*parsed.error)};
  if (parsed.value.is_null()) return {};
  json document = known_members<OptionsDocument>(parsed.value);
  if (auto b = document.find("benchmark"); b != document.end()) *b = known_members<BenchmarkOptions>(*b);

  Issues errors;
  OptionsDocument doc;
  reflect::from_json(document, doc, errors);
  if (!errors.empty()) return errors;
  if (doc.lang) out.lang = *doc.lang;
  if (doc.workshop) out.workshop = *doc.workshop;
  if (doc.minGroup) {
    // Below the default only in a workshop, and never below 3.
    const int least = out.workshop ? min_group_workshop : min_group_default;
    if (*doc.minGroup >= least && *doc.minGroup <= 1000000) out.min_group = *doc.minGroup;
    else errors.push_back(issue("/minGroup", out.workshop ? "aggregate.min-group-workshop" : "aggregate.min-group"));
  }
  if (doc.breakdowns) out.breakdowns = *doc.breakdowns;
  if (doc.actors) out.actors = *doc.actors;
  if (doc.benchmark) {
    if (doc.benchmark->id) {
      if (valid_id(*doc.benchmark->id)) out.benchmark_id = *doc.benchmark->id;
      else errors.push_back(issue("/benchmark/id", "aggregate.benchmark-id"));
    }
    if (const auto& source = doc.benchmark->source) {
      bool ok = !source->empty();
      for (const auto& [l, text] : *source) ok = ok && !text.empty();
      if (ok) out.benchmark_source = *source;
      else errors.push_back(issue("/benchmark/source", "aggregate.benchmark-source"));
    }
  }
  return errors;
}

}  // namespace catalyse::aggregation
