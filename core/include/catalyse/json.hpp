// JSON in and out of the core: a parser that never throws, reports where the text is wrong and
// refuses documents nested deeper than a fixed limit; a dump that never throws on invalid UTF-8.
#pragma once

#include <catalyse/issue.hpp>

#include <nlohmann/json.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace catalyse {

using json = nlohmann::json;                // input documents (members sorted by name)
using ordered_json = nlohmann::ordered_json;  // output documents (members in written order)

/// Deepest nesting of arrays and objects accepted in any input document.
inline constexpr std::size_t max_json_depth = 64;
/// Most values (scalars, arrays, objects) accepted in one document, by default.
inline constexpr std::size_t max_json_values = 1'000'000;

struct ParsedJson {
  json value;
  std::optional<Issue> error;  // set when the text is not acceptable JSON
};

/// What the parser does with a number beyond the range of a double (1e999): refuse the document
/// (an error), or keep ±infinity in the tree for the reader of that value to report (answers: one
/// out-of-range answer is refused, not the whole document).
enum class Overflow { error, infinity };

/// Parses `text` (UTF-8 JSON, RFC 8259) with the core's own strict parser (nlohmann's parser is
/// not linked): the tree nlohmann's parser would build. `max_bytes` bounds its size, `max_values`
/// the number of values in it. Errors have path "" and say where (line, column) and what.
ParsedJson parse_json(std::string_view text, std::size_t max_bytes, std::size_t max_values = max_json_values,
                      Overflow overflow = Overflow::error);

/// Compact dump; invalid UTF-8 in strings is replaced by U+FFFD instead of throwing. Both write
/// through write_string / write_number below, byte for byte what nlohmann's
/// dump(-1, ' ', false, error_handler_t::replace) writes (nlohmann's serializer is not linked).
std::string dump(const ordered_json& value);
std::string dump(const json& value);

/// Appends `s` as a JSON string exactly as dump() writes it (invalid UTF-8 → U+FFFD).
void write_string(std::string& out, std::string_view s);
/// Appends a number exactly as dump() writes it: shortest round-trip form, "null" if not finite.
void write_number(std::string& out, double v);
void write_number(std::string& out, long long v);
void write_number(std::string& out, unsigned long long v);

}  // namespace catalyse
