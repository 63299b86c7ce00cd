// The catalog of the core's messages: every issue code with its English and French template
// (docs/FORMAT.md §6). The widget, the results page, the command line and the event server all
// show these words, in the language they ask for.
//
// A template's placeholders are {name} or {name:format}, filled from the issue's params:
//   {got:kind}     a JSON kind ("string", "number", …) → "a string" / "une chaîne de caractères"
//   {value:number} a number as JSON writes it → "2.5" / "2,5"
//   {found:found}  what a JSON text holds at an error ("" → the end of the text, "U+0009" → a
//                  control character, "0xFF" → a byte that is not UTF-8, else the character)
//   {got:operand}  what an expression holds where it is wrong ("option" → "q.x, an option id",
//                  "end" → "the end of the expression"), the param gotRef written for {ref}
// A code of a group with a prefix (json.*, questionnaire.expression.*) starts with the prefix when
// the params fill it: where the JSON text or the expression is wrong.
// A brace not followed by a name and a closing brace is text ("{0,63}" in a pattern).
#pragma once

#include <catalyse/issue.hpp>

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>

namespace catalyse {

struct MessageTemplate {
  const char* code;
  const char* en;
  const char* fr;
};

/// The whole catalog as JSON, for the widget to word in French what its wasm (built without the
/// French) reports in English: {"fr":{"templates":{code:template},"kinds":{kind:words},
/// "found":{"end"|"control"|"byte"|"char": words with {value}},"operands":{key: words with {ref}},
/// "prefixes":{"json": …, "questionnaire.expression": …}},"en":{…}}.
/// The filling rules are this header's (top), and message()'s. The aggregate's notes (crossed.*),
/// which the core writes in the aggregate's language and no widget core reports, are left out.
std::string catalog_json();

/// Every code the core emits, with its templates.
const MessageTemplate* message_catalog(std::size_t& count);

/// The template of `code` in `lang`, or nullptr when the code is not in the catalog.
const char* message_template(std::string_view code, std::string_view lang);

/// The message of `code` in `lang` ("fr", "fr-…" → French; anything else → English), its
/// placeholders filled from `params`. An unknown code gives the code itself.
std::string message(std::string_view code, const Params& params, std::string_view lang);

/// An issue at `path` with its message in English (the facade writes it again in the caller's
/// language: localise_issues).
Issue make_issue(std::string path, std::string_view code, const Param* params, std::size_t count);
inline Issue make_issue(std::string path, std::string_view code, std::initializer_list<Param> params = {}) {
  return make_issue(std::move(path), code, params.begin(), params.size());
}

/// Writes every issue's message again in `lang`.
void localise_issues(Issues& issues, std::string_view lang);

}  // namespace catalyse
