// Loading a questionnaire document: parse, read into the model, validate everything FORMAT.md
// lists (all errors, each with its JSON Pointer), compile the expressions and hash the document.
#pragma once

#include <catalyse/issue.hpp>
#include <catalyse/json.hpp>
#include <catalyse/model.hpp>

#include <memory>
#include <string>
#include <string_view>

namespace catalyse {

/// Largest questionnaire document accepted (bytes).
inline constexpr std::size_t max_questionnaire_bytes = 8u << 20;
/// At most this many errors are listed; a last entry says how many more there were.
inline constexpr std::size_t max_reported_issues = 200;

struct LoadedQuestionnaire {
  std::shared_ptr<const Questionnaire> questionnaire;  // null when errors is not empty
  Issues errors;
};

/// Parses, validates and compiles a questionnaire document.
LoadedQuestionnaire load_questionnaire(std::string_view text);

/// Validates a questionnaire read from `document` and fills its `compiled` member. Returns every
/// problem found (empty when valid), at most max_kept_issues of them; `dropped`, when given, is
/// set to how many more there were.
Issues validate(Questionnaire& questionnaire, std::size_t* dropped = nullptr);

/// "fnv1a64:<16 lowercase hex digits>" of the bytes.
std::string fnv1a64(std::string_view bytes);
/// The hash of a parsed document: fnv1a64 of its canonical dump (sorted members, no spaces).
std::string document_hash(const json& document);

/// The text of `t` in `lang` (validation guarantees every declared language is present);
/// falls back to the first entry, then to "".
const std::string& localise(const Text& t, std::string_view lang);

/// True when `id` matches ^[a-z0-9][a-z0-9_-]{0,63}$.
bool valid_id(std::string_view id);

}  // namespace catalyse
