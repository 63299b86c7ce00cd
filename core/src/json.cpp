// Non-throwing JSON parsing with a nesting limit, and dumping that survives invalid UTF-8.
#include <catalyse/json.hpp>
#include <catalyse/messages.hpp>
#include <catalyse/number.hpp>
#include <catalyse/utf8.hpp>

#include "unicode_escape.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace catalyse {
namespace {

/// How many bytes at s[i] (a byte ≥ 0x80 that does not start a well-formed sequence) begin a
/// sequence that could still be completed: 0 if s[i] cannot start one, else 1 to 3.
std::size_t utf8_valid_prefix(std::string_view s, std::size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  if (c < 0xC2 || c > 0xF4) return 0;
  std::size_t n = 1;
  const std::size_t need = c <= 0xDF ? 2 : c <= 0xEF ? 3 : 4;
  while (n < need && i + n < s.size()) {
    const auto b = static_cast<unsigned char>(s[i + n]);
    unsigned lo = 0x80, hi = 0xBF;
    if (n == 1) {
      if (c == 0xE0) lo = 0xA0;
      else if (c == 0xED) hi = 0x9F;
      else if (c == 0xF0) lo = 0x90;
      else if (c == 0xF4) hi = 0x8F;
    }
    if (b < lo || b > hi) break;
    ++n;
  }
  return n;
}

/// The bytes among the 8 at p that are not printable ASCII other than '"' and '\\' (not written as
/// they are), tested at once on a 64-bit word: the high bit of each such byte is set, and of
/// some bytes after the first such one (a borrow), never before it.
std::uint64_t not_plain8(const char* p) {
  constexpr std::uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
  std::uint64_t x = 0;
  std::memcpy(&x, p, 8);
  const auto has_zero = [&](std::uint64_t v) { return (v - ones) & ~v & highs; };
  return (x & highs)                         // a byte ≥ 0x80
         | ((x - ones * 0x20) & ~x & highs)  // a byte < 0x20
         | has_zero(x ^ (ones * '"')) | has_zero(x ^ (ones * '\\'));
}
bool plain_ascii8(const char* p) { return not_plain8(p) == 0; }

/// The same test for one byte.
bool not_plain(unsigned char c) { return c >= 0x80 || c < 0x20 || c == '"' || c == '\\'; }

std::string hex4(std::uint32_t v, const char* digits = "0123456789ABCDEF") {
  std::string out(4, '0');
  for (int k = 3; k >= 0; --k, v >>= 4) out[static_cast<std::size_t>(k)] = digits[v & 0xF];
  return out;
}

/// The strict JSON parser (RFC 8259) of every document the core reads. It hands each value to its
/// sink in document order: TreeSink builds the same tree as nlohmann's parser (same numbers, last
/// duplicate key wins), JsonEvents streams them to a caller. A leading UTF-8 byte order mark is
/// skipped; nesting deeper than max_json_depth and more than max_values values are refused; the
/// first error stops it with its line, column (in characters, from 1) and what was expected.
template <class Sink>
class Parser {
 public:
  Parser(std::string_view text, Sink& sink, std::size_t max_values, bool overflow_to_infinity = false)
      : text_(text), sink_(sink), max_values_(max_values), overflow_to_infinity_(overflow_to_infinity) {}

  bool parse() {
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") i_ = 3;
    skip_space();
    if (!value(0)) return false;
    skip_space();
    if (more()) return fail(i_, "json.expected-end", {{"found", found(i_)}});
    return true;
  }

  std::optional<Issue> error;
  std::size_t line = 0, column = 0;  // of the error, when it has a place
  bool stopped = false;              // the sink asked to stop (no error)

 private:
  bool more() const { return i_ < text_.size(); }
  char peek() const { return text_[i_]; }
  static bool digit(char c) { return c >= '0' && c <= '9'; }

  void skip_space() {
    while (more() && (peek() == ' ' || peek() == '\n' || peek() == '\r' || peek() == '\t')) ++i_;
  }

  // --- errors -----------------------------------------------------------------------------------

  bool fail(std::size_t at, std::string_view code, std::initializer_list<Param> params) {
    std::size_t line = 1;
    std::size_t column = 1;
    for (std::size_t k = 0; k < at && k < text_.size(); ++k) {
      if (text_[k] == '\n') {
        ++line;
        column = 1;
      } else if ((static_cast<unsigned char>(text_[k]) & 0xC0) != 0x80) {
        ++column;
      }
    }
    const std::string line_text = std::to_string(line), column_text = std::to_string(column);
    Param all[4] = {{"line", line_text}, {"column", column_text}};
    std::size_t n = 2;
    for (const auto& p : params)
      if (n < 4) all[n++] = p;
    error = make_issue("", code, all, n);
    this->line = line;
    this->column = column;
    return false;
  }

  /// A sink's answer: false stops the reading without an error.
  bool go(bool on) {
    if (!on) stopped = true;
    return on;
  }

  bool fail_plain(std::string_view code, std::initializer_list<Param> params) {
    error = make_issue("", code, params);
    return false;
  }

  /// What stands at `at`, for a message ({found:found}, messages.hpp): "" at the end of the text,
  /// "U+0009" for a control character, "0xFF" for a byte that is not UTF-8, else the character.
  std::string found(std::size_t at) const {
    if (at >= text_.size()) return "";
    const auto c = static_cast<unsigned char>(text_[at]);
    if (c < 0x20 || c == 0x7F) return "U+" + hex4(c);
    if (c < 0x80) return std::string(1, static_cast<char>(c));
    const std::size_t n = utf8_length(text_, at);
    if (n == 0) return "0x" + hex4(c).substr(2);
    return std::string(text_.substr(at, n));
  }

  // --- values -----------------------------------------------------------------------------------

  bool value(std::size_t depth) {
    if (!more()) return fail(i_, "json.expected-value", {{"found", ""}});
    // Every value costs memory once built: a count bounds the tree (and keeps a huge document of
    // tiny values from exhausting the wasm heap, where running out while building cannot be undone).
    if (++values_ > max_values_)
      return fail_plain("json.too-many-values", {{"maximum", std::to_string(max_values_)}});
    const char c = peek();
    if (c == '{' || c == '[') {
      if (const std::size_t end = sink_.read_ahead(i_)) {  // the sink read it from the text
        i_ = end;
        return true;
      }
    }
    switch (c) {
      case '{': return object(depth + 1);
      case '[': return array(depth + 1);
      case '"': {
        std::string_view s;
        if (!string(s)) return false;
        return go(sink_.string(s));
      }
      default: break;
    }
    if (c == '-' || digit(c)) return number();
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return literal();
    return fail(i_, "json.expected-value", {{"found", found(i_)}});
  }

  bool literal() {
    const std::size_t start = i_;
    while (more() && ((peek() >= 'a' && peek() <= 'z') || (peek() >= 'A' && peek() <= 'Z') || digit(peek()))) ++i_;
    const std::string_view w = text_.substr(start, i_ - start);
    if (w == "true") return go(sink_.boolean(true));
    if (w == "false") return go(sink_.boolean(false));
    if (w == "null") return go(sink_.null());
    return fail(start, "json.bad-literal", {{"word", std::string(w)}});
  }

  bool deeper(std::size_t depth) {
    if (depth > max_json_depth)
      return fail_plain("json.too-deep", {{"maximum", std::to_string(max_json_depth)}});
    return true;
  }

  bool object(std::size_t depth) {
    if (!deeper(depth)) return false;
    if (!go(sink_.begin_object(i_))) return false;
    ++i_;
    skip_space();
    if (more() && peek() == '}') return go(sink_.end_object(++i_));
    for (;;) {
      skip_space();
      if (!more() || peek() != '"') return fail(i_, "json.expected-name", {{"found", found(i_)}});
      std::string_view key;
      if (!string(key)) return false;
      skip_space();
      if (!more() || peek() != ':') return fail(i_, "json.expected-colon", {{"found", found(i_)}});
      if (!go(sink_.key(key))) return false;
      ++i_;
      skip_space();
      if (!value(depth)) return false;
      skip_space();
      if (more() && peek() == ',') {
        ++i_;
        continue;
      }
      if (!more() || peek() != '}') return fail(i_, "json.expected-comma-or-brace", {{"found", found(i_)}});
      return go(sink_.end_object(++i_));
    }
  }

  bool array(std::size_t depth) {
    if (!deeper(depth)) return false;
    if (!go(sink_.begin_array(i_))) return false;
    ++i_;
    skip_space();
    if (more() && peek() == ']') return go(sink_.end_array(++i_));
    for (;;) {
      skip_space();
      if (!value(depth)) return false;
      skip_space();
      if (more() && peek() == ',') {
        ++i_;
        continue;
      }
      if (!more() || peek() != ']') return fail(i_, "json.expected-comma-or-bracket", {{"found", found(i_)}});
      return go(sink_.end_array(++i_));
    }
  }

  /// Reads a string: `view` is the text itself when the string has no escape, else the decoded
  /// string in scratch_ (valid until the next string is read).
  bool string(std::string_view& view) {
    ++i_;  // the opening quote
    std::size_t start = i_;
    bool decoded = false;
    std::string& out = scratch_;
    for (;;) {
      // Locals, so that the loop keeps them in registers (writes through `out` could alias i_).
      const char* p = text_.data();
      const std::size_t size = text_.size();
      std::size_t i = i_;
      while (i < size) {
        if (size - i >= 8 && plain_ascii8(p + i)) {  // 8 plain characters at once
          i += 8;
          continue;
        }
        const auto c = static_cast<unsigned char>(p[i]);
        if (c == '"' || c == '\\' || c < 0x20) break;
        if (c >= 0x80) {
          const std::size_t n = utf8_length(text_, i);
          if (n == 0) return fail(i, "json.bad-utf8", {{"found", found(i)}});
          i += n;
        } else {
          ++i;
        }
      }
      i_ = i;
      if (!more()) return fail(i_, "json.unterminated-string", {});
      if (static_cast<unsigned char>(peek()) < 0x20)
        return fail(i_, "json.control-character",
                    {{"found", found(i_)}, {"escape", "\\u" + hex4(static_cast<unsigned char>(peek()), "0123456789abcdef")}});
      if (peek() == '"' && !decoded) {
        view = text_.substr(start, i_ - start);
        ++i_;
        return true;
      }
      if (!decoded) out.clear();
      decoded = true;
      out.append(text_.data() + start, i_ - start);
      if (peek() == '"') {
        ++i_;
        view = out;
        return true;
      }
      const std::size_t escape = i_++;  // a backslash
      if (!more()) return fail(i_, "json.unterminated-string", {});
      switch (peek()) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          using unicode_escape::Problem;
          const auto u = unicode_escape::read(text_, escape);
          if (u.problem == Problem::hex) return fail(escape, "json.bad-hex-escape", {{"found", found(u.bad)}});
          if (u.problem == Problem::lone_low)
            return fail(escape, "json.unpaired-low-surrogate", {{"code", hex4(u.code)}});
          if (u.problem != Problem::none)
            return fail(escape, "json.unpaired-high-surrogate", {{"code", hex4(u.code)}});
          append_utf8(out, u.code);
          i_ = u.end - 1;  // on the last digit
          break;
        }
        default:
          return fail(escape, "json.bad-escape", {{"found", found(i_)}});
      }
      start = ++i_;
    }
  }

  bool number() {
    const std::size_t start = i_;
    const auto token = [&] { return std::string(text_.substr(start, i_ - start)); };
    const bool negative = peek() == '-';
    if (negative) ++i_;
    if (!more() || !digit(peek())) return fail(i_, "json.bad-number", {{"number", token()}, {"found", found(i_)}});
    if (peek() == '0') {
      ++i_;
      if (more() && digit(peek())) {
        ++i_;
        return fail(start, "json.leading-zero", {{"number", token()}});
      }
    } else {
      while (more() && digit(peek())) ++i_;
    }
    const std::size_t int_end = i_;
    bool is_float = false;
    if (more() && peek() == '.') {
      is_float = true;
      ++i_;
      if (!more() || !digit(peek()))
        return fail(i_, "json.bad-number-fraction", {{"number", token()}, {"found", found(i_)}});
      while (more() && digit(peek())) ++i_;
    }
    if (more() && (peek() == 'e' || peek() == 'E')) {
      is_float = true;
      ++i_;
      if (more() && (peek() == '+' || peek() == '-')) ++i_;
      if (!more() || !digit(peek()))
        return fail(i_, "json.bad-number-exponent", {{"number", token()}, {"found", found(i_)}});
      while (more() && digit(peek())) ++i_;
    }
    if (!is_float) {
      // Integers as nlohmann stores them: unsigned if not negative, signed if negative, a double
      // when beyond 64 bits.
      const std::size_t first = start + (negative ? 1 : 0);
      std::uint64_t v = 0;
      bool fits = true;
      for (std::size_t k = first; k < int_end && fits; ++k) {
        const auto d = static_cast<std::uint64_t>(text_[k] - '0');
        if (v > (UINT64_MAX - d) / 10) fits = false;
        else v = v * 10 + d;
      }
      if (fits && !negative) return go(sink_.number(static_cast<std::uint64_t>(v)));
      if (fits && v <= std::uint64_t{1} << 63) return go(sink_.number(static_cast<std::int64_t>(0 - v)));
    }
    const std::string_view text = text_.substr(start, i_ - start);
    const double v = number::parse(text);
    if (!std::isfinite(v) && !overflow_to_infinity_)
      return fail(start, "json.number-out-of-range", {{"number", std::string(text)}});
    return go(sink_.number(v));
  }

  std::string_view text_;
  Sink& sink_;
  std::string scratch_;  // the string or member name being read
  std::size_t i_ = 0;
  std::size_t values_ = 0;
  std::size_t max_values_;
  bool overflow_to_infinity_;
};

/// Builds the tree: each value goes into the open array, under the pending member name of the open
/// object (a repeated name: the last one wins, as in nlohmann), or at the root.
class TreeSink {
 public:
  explicit TreeSink(json& root) : root_(root) {}
  bool null() { return put(nullptr); }
  bool boolean(bool v) { return put(v); }
  bool number(std::uint64_t v) { return put(static_cast<json::number_unsigned_t>(v)); }
  bool number(std::int64_t v) { return put(static_cast<json::number_integer_t>(v)); }
  bool number(double v) { return put(v); }
  bool string(std::string_view v) { return put(std::string(v)); }
  bool key(std::string_view k) {
    key_.assign(k);
    return true;
  }
  std::size_t read_ahead(std::size_t) { return 0; }
  bool begin_object(std::size_t) { return open(json::object()); }
  bool begin_array(std::size_t) { return open(json::array()); }
  bool end_object(std::size_t) { return close(); }
  bool end_array(std::size_t) { return close(); }

 private:
  json& slot() {
    if (open_.empty()) return root_;
    json& top = *open_.back();
    if (top.is_array()) return top.get_ref<json::array_t&>().emplace_back();
    return top.get_ref<json::object_t&>()[key_];
  }
  template <class V>
  bool put(V&& v) {
    slot() = std::forward<V>(v);
    return true;
  }
  bool open(json empty) {
    json& s = slot();
    s = std::move(empty);
    open_.push_back(&s);  // stays valid: its parent does not change while it is open
    return true;
  }
  bool close() {
    open_.pop_back();
    return true;
  }
  json& root_;
  std::vector<json*> open_;
  std::string key_;
};

std::optional<Issue> too_large(std::size_t size, std::size_t max_bytes) {
  if (size <= max_bytes) return std::nullopt;
  return make_issue("", "json.too-large", {{"size", std::to_string(size)}, {"maximum", std::to_string(max_bytes)}});
}

}  // namespace

ParsedJson parse_json(std::string_view text, std::size_t max_bytes, std::size_t max_values, Overflow overflow) {
  ParsedJson out;
  if ((out.error = too_large(text.size(), max_bytes))) return out;
  TreeSink sink(out.value);
  Parser<TreeSink> parser(text, sink, max_values, overflow == Overflow::infinity);
  if (!parser.parse()) {
    out.value = json();
    out.error = std::move(parser.error);
  }
  return out;
}

JsonEventsEnd parse_json_events(std::string_view text, JsonEvents& events, std::size_t max_bytes) {
  JsonEventsEnd end;
  if ((end.error = too_large(text.size(), max_bytes))) return end;
  Parser<JsonEvents> parser(text, events, static_cast<std::size_t>(-1));
  if (!parser.parse() && !parser.stopped) {
    end.error = std::move(parser.error);
    end.line = parser.line;
    end.column = parser.column;
  }
  end.stopped = parser.stopped;
  return end;
}

bool read_plain_string(std::string_view text, std::size_t& i, std::string_view& out) {
  static_assert(std::endian::native == std::endian::little, "not_plain8 reads bytes in little-endian order");
  const char* p = text.data();
  const std::size_t size = text.size();
  if (i >= size || p[i] != '"') return false;
  const std::size_t start = i + 1;
  std::size_t k = start;
  for (;;) {
    // Up to the first byte that is not plain ASCII, 8 bytes at a time: the lowest flagged byte of
    // a word is the first such byte (bytes are read in little-endian order).
    while (size - k >= 8) {
      const std::uint64_t special = not_plain8(p + k);
      if (special) {
        k += static_cast<std::size_t>(std::countr_zero(special)) >> 3;
        break;
      }
      k += 8;
    }
    while (k < size && !not_plain(static_cast<unsigned char>(p[k]))) ++k;
    if (k >= size) return false;
    const auto c = static_cast<unsigned char>(p[k]);
    if (c == '"') {
      out = std::string_view(p + start, k - start);
      i = k + 1;
      return true;
    }
    if (c < 0x80) return false;  // an escape or a control character
    const std::size_t n = utf8_length(text, k);
    if (n == 0) return false;
    k += n;
  }
}

bool read_plain_string(std::string_view text, std::size_t& i, std::string_view& out, std::uint64_t& hash) {
  const char* p = text.data();
  const std::size_t size = text.size();
  if (i >= size || p[i] != '"') return false;
  const std::size_t start = i + 1;
  std::uint64_t h = content_hash::seed;
  // 16 bytes at a time from the string's start, as content_hash::string hashes them: a block of
  // plain ASCII is hashed as it is read; the block holding the closing quote gives the last bytes.
  // A short id (most strings here) takes one pass without a branch on its length.
  for (std::size_t k = start; size - k >= 16; k += 16) {
    std::uint64_t a = 0, b = 0;
    std::memcpy(&a, p + k, 8);
    std::memcpy(&b, p + k + 8, 8);
    const std::uint64_t sa = not_plain8(p + k), sb = not_plain8(p + k + 8);
    if (!(sa | sb)) {
      h = content_hash::block(h, a, b);
      continue;
    }
    const std::size_t n = bytes8::first_of16(sa, sb);
    if (p[k + n] != '"') break;  // an escape, a control character or UTF-8: read below
    if (n || k == start) h = content_hash::block(h, a & bytes8::low(n), b & bytes8::low(n < 8 ? 0 : n - 8));
    out = std::string_view(p + start, k + n - start);
    i = k + n + 1;
    hash = content_hash::string_end(h, out.size());
    return true;
  }
  if (!read_plain_string(text, i, out)) return false;
  hash = content_hash::string(out);
  return true;
}

bool read_raw_string_further(std::string_view text, std::size_t& i, std::string_view& out, Prefix& first) {
  const char* p = text.data();
  const std::size_t size = text.size();
  if (i >= size || p[i] != '"') return false;
  const std::size_t start = i + 1;
  std::size_t k = start;
  if (size - start >= 16) {  // no quote in the first 16 bytes (read_raw_string looked): 8 at a time
    first = Prefix{bytes8::load(p + start), bytes8::load(p + start + 8)};
    for (k = start + 16; size - k >= 8; k += 8) {
      if (const std::uint64_t q = bytes8::equal(bytes8::load(p + k), '"')) {
        k += static_cast<std::size_t>(std::countr_zero(q)) >> 3;
        out = std::string_view(p + start, k - start);
        i = k + 1;
        return true;
      }
    }
  }
  while (k < size && p[k] != '"') ++k;
  if (k >= size) return false;
  out = std::string_view(p + start, k - start);
  if (size - start < 16) first = prefix_of(out);
  i = k + 1;
  return true;
}

Prefix prefix_of(std::string_view s) {
  char bytes[16] = {};
  std::memcpy(bytes, s.data(), std::min<std::size_t>(16, s.size()));
  Prefix p;
  std::memcpy(&p.a, bytes, 8);  // little-endian, as read_plain_string reads them
  std::memcpy(&p.b, bytes + 8, 8);
  return p;
}

bool read_plain_string(std::string_view text, std::size_t& i, std::string_view& out, Prefix& first) {
  const char* p = text.data();
  const std::size_t size = text.size();
  if (i >= size || p[i] != '"') return false;
  const std::size_t start = i + 1;
  if (size - start >= 16) {
    // The first 16 bytes: a string that ends within them (most ids) is read in this one step.
    std::uint64_t a = 0, b = 0;
    std::memcpy(&a, p + start, 8);
    std::memcpy(&b, p + start + 8, 8);
    const std::uint64_t sa = not_plain8(p + start), sb = not_plain8(p + start + 8);
    if (!(sa | sb)) {
      if (!read_plain_string(text, i, out)) return false;
      first = Prefix{a, b};
      return true;
    }
    const std::size_t n = bytes8::first_of16(sa, sb);
    if (p[start + n] == '"') {
      first = Prefix{a & bytes8::low(n), b & bytes8::low(n < 8 ? 0 : n - 8)};
      out = std::string_view(p + start, n);
      i = start + n + 1;
      return true;
    }
  }
  if (!read_plain_string(text, i, out)) return false;
  first = prefix_of(out);
  return true;
}

void IdKeys::push_back(IdKey key) {
  keys_.push_back(key);
  slots_.clear();
  if (keys_.size() > 128) return;  // searched key by key
  // The smallest table of at least twice as many slots as keys whose slots one of a few
  // multipliers (odd, from a fixed sequence: the same table on every load) keeps apart.
  unsigned bits = 1;
  while ((std::size_t{1} << bits) < 2 * keys_.size()) ++bits;
  std::uint64_t seed = 0x243F6A8885A308D3ULL;
  for (; bits <= 8; ++bits) {
    shift_ = 64 - bits;
    for (int attempt = 0; attempt < 32; ++attempt) {
      seed = content_hash::mix(seed, static_cast<std::uint64_t>(attempt) + 1);
      multiplier_ = seed | 1;
      if (place()) return;
    }
  }
  slots_.clear();
}

bool IdKeys::place() {
  slots_.assign(std::size_t{1} << (64 - shift_), 0xFF);
  for (std::size_t k = 0; k < keys_.size(); ++k) {
    if (keys_[k].size == static_cast<std::size_t>(-1)) continue;  // never found in a text
    std::uint8_t& s = slots_[slot(keys_[k].first, keys_[k].size)];
    if (s != 0xFF) return false;
    s = static_cast<std::uint8_t>(k);
  }
  return true;
}

namespace content_hash {

std::uint64_t number(double v) {
  std::uint64_t bits = 0;
  std::memcpy(&bits, &v, sizeof bits);
  return scalar(tag_float, bits);
}

std::uint64_t string(std::string_view s) {
  // Blocks of 16 bytes (two little-endian words), the last one padded with zeros; at least one.
  const auto word = [&](std::size_t at) {
    std::uint64_t w = 0;
    if (at >= s.size()) return w;
    std::memcpy(&w, s.data() + at, std::min<std::size_t>(8, s.size() - at));  // little-endian
    return w;
  };
  std::uint64_t h = seed;
  std::size_t k = 0;
  do {
    h = block(h, word(k), word(k + 8));
    k += 16;
  } while (k < s.size());
  return string_end(h, s.size());
}

}  // namespace content_hash

namespace {

// The tree written compactly, byte for byte as nlohmann's dump(-1) with error_handler_t::replace.
template <class Json>
void write_value(std::string& out, const Json& j) {
  switch (j.type()) {
    case Json::value_t::null: out += "null"; return;
    case Json::value_t::boolean: out += j.template get<bool>() ? "true" : "false"; return;
    case Json::value_t::number_integer: write_number(out, static_cast<long long>(j.template get<std::int64_t>())); return;
    case Json::value_t::number_unsigned: write_number(out, static_cast<unsigned long long>(j.template get<std::uint64_t>())); return;
    case Json::value_t::number_float: write_number(out, j.template get<double>()); return;
    case Json::value_t::string: write_string(out, j.template get_ref<const std::string&>()); return;
    case Json::value_t::array: {
      out += '[';
      bool first = true;
      for (const auto& x : j) {
        if (!first) out += ',';
        first = false;
        write_value(out, x);
      }
      out += ']';
      return;
    }
    case Json::value_t::object: {
      out += '{';
      bool first = true;
      for (auto it = j.begin(); it != j.end(); ++it) {
        if (!first) out += ',';
        first = false;
        write_string(out, it.key());
        out += ':';
        write_value(out, it.value());
      }
      out += '}';
      return;
    }
    case Json::value_t::binary: {  // never parsed from text; written as nlohmann writes it
      const auto& b = j.get_binary();
      out += "{\"bytes\":[";
      for (std::size_t k = 0; k < b.size(); ++k) {
        if (k) out += ',';
        write_number(out, static_cast<unsigned long long>(b[k]));
      }
      out += "],\"subtype\":";
      if (b.has_subtype()) write_number(out, static_cast<unsigned long long>(b.subtype()));
      else out += "null";
      out += '}';
      return;
    }
    default: out += "<discarded>"; return;
  }
}

}  // namespace

void write_string(std::string& out, std::string_view s) {
  static constexpr char hex[] = "0123456789abcdef";
  out += '"';
  std::size_t i = 0;
  while (i < s.size()) {
    // Runs of bytes written as they are: printable ASCII and well-formed UTF-8 sequences (one
    // append per run, not one per accented letter).
    std::size_t run = i;
    while (run < s.size()) {
      if (s.size() - run >= 8 && plain_ascii8(s.data() + run)) {
        run += 8;
        continue;
      }
      const auto c = static_cast<unsigned char>(s[run]);
      if (c >= 0x80) {
        const std::size_t n = utf8_length(s, run);
        if (n == 0) break;
        run += n;
        continue;
      }
      if (c < 0x20 || c == '"' || c == '\\') break;
      ++run;
    }
    out.append(s.data() + i, run - i);
    i = run;
    if (i == s.size()) break;
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      const std::size_t n = utf8_length(s, i);
      if (n == 0) {
        // Not UTF-8: U+FFFD for the longest beginning of a sequence that could have been
        // completed, or for the byte alone (what nlohmann's replace handler writes).
        out += "\xEF\xBF\xBD";
        i += std::max<std::size_t>(1, utf8_valid_prefix(s, i));
        continue;
      }
      out.append(s.data() + i, n);
      i += n;
      continue;
    }
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\f': out += "\\f"; break;
      case '\r': out += "\\r"; break;
      default:
        out += "\\u00";
        out += hex[c >> 4];
        out += hex[c & 0xf];
    }
    ++i;
  }
  out += '"';
}

void write_number(std::string& out, double v) {
  if (!std::isfinite(v)) {
    out += "null";
    return;
  }
  std::array<char, 64> buf{};
  char* end = nlohmann::detail::to_chars(buf.data(), buf.data() + buf.size(), v);
  out.append(buf.data(), static_cast<std::size_t>(end - buf.data()));
}

void write_number(std::string& out, long long v) {
  std::array<char, 24> buf{};
  const auto r = std::to_chars(buf.data(), buf.data() + buf.size(), v);
  out.append(buf.data(), static_cast<std::size_t>(r.ptr - buf.data()));
}

void write_number(std::string& out, unsigned long long v) {
  std::array<char, 24> buf{};
  const auto r = std::to_chars(buf.data(), buf.data() + buf.size(), v);
  out.append(buf.data(), static_cast<std::size_t>(r.ptr - buf.data()));
}

std::string dump(const json& value) {
  std::string out;
  write_value(out, value);
  return out;
}

std::string dump(const ordered_json& value) {
  std::string out;
  write_value(out, value);
  return out;
}

}  // namespace catalyse
