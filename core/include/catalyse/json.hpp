// JSON in and out of the core: a parser that never throws, reports where the text is wrong and
// refuses documents nested deeper than a fixed limit; a dump that never throws on invalid UTF-8.
#pragma once

#include <catalyse/issue.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

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

/// Receives a document's values in order from parse_json_events, without a tree being built: the
/// core's one reader, for documents read as a stream (the aggregation's exports). Offsets are
/// byte positions in the text: where an object or array begins ('{', '[') and just after it ends.
/// Each event returns false to stop the reading there (no error is reported then).
class JsonEvents {
 public:
  virtual ~JsonEvents() = default;
  virtual bool null() = 0;
  virtual bool boolean(bool v) = 0;
  virtual bool number(std::uint64_t v) = 0;  // an integer ≥ 0 that fits in 64 bits
  virtual bool number(std::int64_t v) = 0;   // a negative integer that fits in 64 bits
  virtual bool number(double v) = 0;         // any other number (finite)
  virtual bool string(std::string_view v) = 0;  // decoded; valid during the call only
  virtual bool key(std::string_view name) = 0;  // a member name, before its value (same)
  /// An object or array begins at `at`: a receiver that reads it from the text itself (it must be
  /// one value parse_json accepts, and shallow: the depth limit is not checked inside it) returns
  /// the offset just after it, and the reading goes on from there without its events; 0 (the
  /// default) has it read as events.
  virtual std::size_t read_ahead(std::size_t at) {
    (void)at;
    return 0;
  }
  virtual bool begin_object(std::size_t at) = 0;
  virtual bool end_object(std::size_t end) = 0;
  virtual bool begin_array(std::size_t at) = 0;
  virtual bool end_array(std::size_t end) = 0;
};

struct JsonEventsEnd {
  std::optional<Issue> error;        // as parse_json words it (path "")
  std::size_t line = 0, column = 0;  // of a syntax error (0 when it has no place, e.g. too deep)
  bool stopped = false;              // an event returned false
};

/// Reads `text` as parse_json does (same syntax, limits on size and depth, same errors), handing
/// every value to `events` as it is read; the values are not counted (a stream holds many documents).
JsonEventsEnd parse_json_events(std::string_view text, JsonEvents& events, std::size_t max_bytes);

/// The JSON string whose opening quote is at text[i], when it is written plainly: no escape, so
/// that its text is its value. Then `out` is that text and `i` moves past the closing quote;
/// otherwise (an escape, or what parse_json refuses: a control character, bytes that are not
/// UTF-8, no closing quote) false, and the caller reads it another way.
bool read_plain_string(std::string_view text, std::size_t& i, std::string_view& out);
/// The same, giving also the string's content_hash::string, read in the same pass.
bool read_plain_string(std::string_view text, std::size_t& i, std::string_view& out, std::uint64_t& hash);

/// A string's first 16 bytes as two little-endian words, zeros past its end: what a reader
/// compares with the few ids it expects (IdKey), in place of hashing what it reads.
struct Prefix {
  std::uint64_t a = 0, b = 0;
  bool operator==(const Prefix&) const = default;
};
Prefix prefix_of(std::string_view s);
/// read_plain_string giving also the string's Prefix, read in the same pass.
bool read_plain_string(std::string_view text, std::size_t& i, std::string_view& out, Prefix& first);

namespace bytes8 {
inline constexpr std::uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
inline std::uint64_t load(const char* p) {
  std::uint64_t w = 0;
  std::memcpy(&w, p, 8);  // little-endian: the first byte is the lowest
  return w;
}
/// The bytes of `w` equal to c: the high bit of each is set (and maybe of some bytes after the
/// first one, through a borrow; never before it).
inline std::uint64_t equal(std::uint64_t w, char c) {
  const std::uint64_t x = w ^ (ones * static_cast<unsigned char>(c));
  return (x - ones) & ~x & highs;
}
/// The position of the first flagged byte of 16 given as two such words (not both 0), without a
/// branch: countr_zero(0) is 64.
inline std::size_t first_of16(std::uint64_t a, std::uint64_t b) {
  const auto first = static_cast<std::size_t>(std::countr_zero(a));
  return (first + (static_cast<std::size_t>(std::countr_zero(b)) & (std::size_t{0} - (first >> 6)))) >> 3;
}
/// A mask of the low n bytes of a word (all of them from 8).
inline std::uint64_t low(std::size_t n) { return n >= 8 ? ~std::uint64_t{0} : (std::uint64_t{1} << (8 * n)) - 1; }
}  // namespace bytes8

/// The string whose opening quote is at text[i] up to the next '"', with its Prefix, its bytes not
/// checked (an escape or a control character is taken as it stands): for a reader that accepts
/// only a string equal to an id it expects (IdKey::is: such an id is written as it is, so the
/// string is then valid and its value is that id) and reads anything else another way. False
/// when there is no closing quote; else `i` moves past it.
bool read_raw_string_further(std::string_view text, std::size_t& i, std::string_view& out, Prefix& first);
// Inlined where it is called (the aggregation calls it for every id it reads: a call costs as much
// as the reading), which GCC does not do on its own for a function this size.
[[gnu::always_inline]] inline bool read_raw_string(std::string_view text, std::size_t& i, std::string_view& out, Prefix& first) {
  const char* p = text.data();
  const std::size_t start = i + 1;
  if (start < text.size() && text.size() - start >= 16 && p[i] == '"') {
    const std::uint64_t a = bytes8::load(p + start), b = bytes8::load(p + start + 8);
    const std::uint64_t qa = bytes8::equal(a, '"'), qb = bytes8::equal(b, '"');
    if (qa | qb) {  // most ids: the string ends within its first 16 bytes
      const std::size_t n = bytes8::first_of16(qa, qb);
      first = Prefix{a & bytes8::low(n), b & bytes8::low(n < 8 ? 0 : n - 8)};
      out = std::string_view(p + start, n);
      i = start + n + 1;
      return true;
    }
  }
  return read_raw_string_further(text, i, out, first);  // a longer string, or near the text's end
}

/// The object whose '{' is at text[i], read member by member when its names are written plainly
/// (read_plain_string): `value(name, first)` is called with `i` at each member's value, reads it and
/// moves `i` past it, or returns false to give up. With `Prefixed`, a name is read as
/// read_raw_string reads it, unchecked, and `first` is its Prefix: `value` must then accept only
/// names equal to ids it expects (IdKey::is); else `first` is zeros. True when the object was read
/// through its '}' (`i` just after it); false at anything else (the caller reads it another way).
template <bool Prefixed = false, class Value>
bool read_plain_members(std::string_view text, std::size_t& i, Value&& value) {
  const auto space = [&] {  // a byte above ' ' (most often, between compact members) is not a space
    while (i < text.size() && static_cast<unsigned char>(text[i]) <= ' ' &&
           (text[i] == ' ' || text[i] == '\n' || text[i] == '\r' || text[i] == '\t'))
      ++i;
  };
  const auto eat = [&](char c) {  // c, maybe after spaces (compact text has none)
    if (i < text.size() && text[i] == c) {
      ++i;
      return true;
    }
    space();
    if (i >= text.size() || text[i] != c) return false;
    ++i;
    return true;
  };
  if (i >= text.size() || text[i] != '{') return false;
  ++i;
  if (eat('}')) return true;
  for (;;) {
    space();
    std::string_view name;
    Prefix first;
    if constexpr (Prefixed) {
      if (!read_raw_string(text, i, name, first)) return false;
    } else {
      if (!read_plain_string(text, i, name)) return false;
    }
    if (!eat(':')) return false;
    space();
    if (!value(name, first)) return false;
    if (eat(',')) continue;
    return eat('}');
  }
}

/// A hash of a JSON value's content: two texts of the same value (members in another order,
/// other spaces, escapes, 1.5 or 1.50) hash the same, and different values differ but with the
/// odds of a 64-bit hash. Numbers are told apart as the parser gives them: an integer ≥ 0, a
/// negative integer, any other number (so 1 and 1.0 differ). Whoever reads a value hashes it with
/// these functions, bottom up.
namespace content_hash {

inline constexpr std::uint64_t seed = 0xcbf29ce484222325ULL;

inline std::uint64_t mix(std::uint64_t h, std::uint64_t v) {
  h ^= v;
  h *= 0x9E3779B97F4A7C15ULL;
  return h ^ (h >> 29);
}

enum Tag : std::uint64_t { tag_null = 1, tag_bool, tag_unsigned, tag_integer, tag_float, tag_string, tag_array, tag_object };

inline std::uint64_t scalar(Tag tag, std::uint64_t payload) { return mix(mix(seed, tag), payload); }
inline std::uint64_t null() { return scalar(tag_null, 0); }
inline std::uint64_t boolean(bool v) { return scalar(tag_bool, v ? 1 : 0); }
inline std::uint64_t number(std::uint64_t v) { return scalar(tag_unsigned, v); }
inline std::uint64_t number(std::int64_t v) { return scalar(tag_integer, static_cast<std::uint64_t>(v)); }
std::uint64_t number(double v);
/// A string's value (decoded), or a member's name: its bytes 16 at a time (two little-endian
/// words, the last block padded with zeros, at least one block), then its size (string_end), so
/// that a reader can hash it as it scans it.
std::uint64_t string(std::string_view s);
inline std::uint64_t block(std::uint64_t h, std::uint64_t a, std::uint64_t b) { return mix(mix(h, a), b); }
inline std::uint64_t string_end(std::uint64_t h, std::size_t size) {
  return mix(h, (static_cast<std::uint64_t>(size) << 8) | tag_string);
}

/// Whether two texts whose hashes are equal are the same text: the comparison that confirms a
/// look-up by hash, done in place (a few word compares for the short ids it meets, where a call
/// to memcmp would cost more than the comparison itself).
inline bool same(std::string_view a, std::string_view b) {
  const std::size_t n = a.size();
  if (n != b.size()) return false;
  const char* p = a.data();
  const char* q = b.data();
  const auto load = [](const char* at, auto word) {
    std::memcpy(&word, at, sizeof word);
    return word;
  };
  if (n >= 8) {
    for (std::size_t i = 0; i + 8 < n; i += 8)
      if (load(p + i, std::uint64_t{}) != load(q + i, std::uint64_t{})) return false;
    return load(p + n - 8, std::uint64_t{}) == load(q + n - 8, std::uint64_t{});  // the last 8 (overlapping)
  }
  if (n >= 4)  // the first 4 and the last 4
    return load(p, std::uint32_t{}) == load(q, std::uint32_t{}) && load(p + n - 4, std::uint32_t{}) == load(q + n - 4, std::uint32_t{});
  return n == 0 || (p[0] == q[0] && p[n / 2] == q[n / 2] && p[n - 1] == q[n - 1]);  // 1 to 3 bytes
}

/// An array: its elements' hashes, in order.
class Array {
 public:
  void add(std::uint64_t element) { h_ = mix(h_, element); }
  std::uint64_t value() const { return mix(h_, tag_array); }

 private:
  std::uint64_t h_ = seed;
};

/// An object: its members' (name, value) hashes, in any order. Each name once: the reader of a
/// repeated name keeps the last one (as parse_json does) and adds only that one.
class Object {
 public:
  /// The part of a member's hash that its name gives (`name`: the name's string hash).
  static std::uint64_t named(std::uint64_t name) { return mix(seed, name) ^ 0x5851F42D4C957F2DULL; }
  void add(std::uint64_t name, std::uint64_t value) { add_named(named(name), value); }
  /// The same, with the name's part already computed (IdKey::member).
  void add_named(std::uint64_t named, std::uint64_t value) { sum_ += mix(named, value); }
  std::uint64_t value() const { return mix(sum_, tag_object); }

 private:
  std::uint64_t sum_ = 0;
};

}  // namespace content_hash

/// An id a reader expects (a question's, an option's, a row's, a member name): its Prefix and size,
/// compared in place, and its hashes, so that a string found to be this id is not hashed. An id
/// longer than 16 bytes is confirmed by comparing the rest with the id itself. Only an id written
/// in JSON as it is (no '"', '\\' or control character) is ever found in a text this way.
struct IdKey {
  Prefix first;
  std::size_t size = 0;      // of the id; SIZE_MAX when it is not written as it is
  std::uint64_t hash = 0;    // content_hash::string(id)
  std::uint64_t member = 0;  // content_hash::Object::named(hash): a member of this name

  static IdKey of(std::string_view id) {
    const std::uint64_t h = content_hash::string(id);
    const bool plain = std::none_of(id.begin(), id.end(), [](char c) {
      return c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20;
    });
    return IdKey{prefix_of(id), plain ? id.size() : static_cast<std::size_t>(-1), h, content_hash::Object::named(h)};
  }
  /// Whether `s` (whose Prefix is `p`) is the id this key was made of, which `id()` gives (asked
  /// only for an id longer than 16 bytes).
  template <class Id>
  bool is(std::string_view s, Prefix p, Id&& id) const {
    return p.a == first.a && p.b == first.b && s.size() == size && (size <= 16 || content_hash::same(s, id()));
  }
};

/// The keys of the ids expected at one place (a question's options, a matrix's rows), in order,
/// with a table that finds the one a string may be in one step: a slot per hash of the string's
/// Prefix and size, no two keys on one slot (the hash's multiplier is chosen for these keys). A
/// list the table cannot tell apart (many keys, or ids alike in their first 16 bytes) is searched
/// key by key.
class IdKeys {
 public:
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);
  /// Adds the key of the next id.
  void push_back(IdKey key);
  std::size_t size() const { return keys_.size(); }
  const IdKey& operator[](std::size_t k) const { return keys_[k]; }
  /// The position of the key whose id is `s` (whose Prefix is `p`), or npos; `id(k)` gives the id
  /// of key k (asked only for an id longer than 16 bytes).
  template <class Id>
  std::size_t find(std::string_view s, Prefix p, Id&& id) const {
    if (!slots_.empty()) {
      const std::size_t k = slots_[slot(p, s.size())];
      return k != 0xFF && keys_[k].is(s, p, [&] { return id(k); }) ? k : npos;
    }
    for (std::size_t k = 0; k < keys_.size(); ++k)
      if (keys_[k].is(s, p, [&] { return id(k); })) return k;
    return npos;
  }

 private:
  std::size_t slot(Prefix p, std::size_t size) const {
    return static_cast<std::size_t>(((p.a ^ (p.b * 0x9E3779B97F4A7C15ULL) ^ size) * multiplier_) >> shift_);
  }
  bool place();  // the table for keys_ with multiplier_ and shift_; false at two keys on one slot
  std::vector<IdKey> keys_;
  std::vector<std::uint8_t> slots_;  // a key's position, or 0xFF; empty: search key by key
  std::uint64_t multiplier_ = 0;
  unsigned shift_ = 64;
};

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
