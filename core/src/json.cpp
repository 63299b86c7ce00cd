// Non-throwing JSON parsing with a nesting limit, and dumping that survives invalid UTF-8.
#include <catalyse/json.hpp>

#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>

namespace catalyse {
namespace {

// Builds the DOM through nlohmann's own DOM builder, refusing documents nested too deeply
// before they are built (the tree, its dump and its destruction would otherwise recurse without
// bound) and remembering the parser's message instead of throwing it.
class LimitedDom {
 public:
  LimitedDom(json& root, std::size_t max_values) : dom_(root, false), max_values_(max_values) {}

  bool null() { return counted() && dom_.null(); }
  bool boolean(bool v) { return counted() && dom_.boolean(v); }
  bool number_integer(json::number_integer_t v) { return counted() && dom_.number_integer(v); }
  bool number_unsigned(json::number_unsigned_t v) { return counted() && dom_.number_unsigned(v); }
  bool number_float(json::number_float_t v, const json::string_t& s) {
    if (!std::isfinite(v)) return fail("invalid JSON: the number " + s + " is out of range");
    return counted() && dom_.number_float(v, s);
  }
  bool string(json::string_t& v) { return counted() && dom_.string(v); }
  bool binary(json::binary_t& v) { return dom_.binary(v); }
  bool start_object(std::size_t n) { return counted() && deeper() && dom_.start_object(n); }
  bool key(json::string_t& k) { return dom_.key(k); }
  bool end_object() {
    --depth_;
    return dom_.end_object();
  }
  bool start_array(std::size_t n) { return counted() && deeper() && dom_.start_array(n); }
  bool end_array() {
    --depth_;
    return dom_.end_array();
  }
  template <class Exception>
  bool parse_error(std::size_t position, const std::string&, const Exception& ex) {
    std::string what = ex.what();
    // "[json.exception.parse_error.101] parse error at line 1, column 3: …"
    if (auto close = what.find("] "); what.rfind("[json.exception.", 0) == 0 && close != std::string::npos)
      what.erase(0, close + 2);
    if (what.find(" at line ") == std::string::npos) what += " (at byte " + std::to_string(position) + ")";
    return fail("invalid JSON: " + what);
  }

  std::optional<std::string> error;

 private:
  // Every value costs memory once built: a count bounds the tree (and keeps a huge document of
  // tiny values from exhausting the wasm heap, where running out while building cannot be undone).
  bool counted() {
    if (++values_ > max_values_)
      return fail("document too large: more than " + std::to_string(max_values_) + " values");
    return true;
  }
  bool deeper() {
    if (++depth_ > max_json_depth)
      return fail("invalid JSON: arrays and objects nested deeper than " + std::to_string(max_json_depth) +
                  " levels");
    return true;
  }
  bool fail(std::string message) {
    if (!error) error = std::move(message);
    return false;
  }

  nlohmann::detail::json_sax_dom_parser<json> dom_;
  std::size_t depth_ = 0;
  std::size_t values_ = 0;
  std::size_t max_values_;
};

bool fast_parse(std::string_view text, json& out, std::size_t max_values);

}  // namespace

ParsedJson parse_json(std::string_view text, std::size_t max_bytes, std::size_t max_values) {
  ParsedJson out;
  if (text.size() > max_bytes) {
    out.error = Issue{"", "document too large: " + std::to_string(text.size()) + " bytes (at most " +
                              std::to_string(max_bytes) + ")"};
    return out;
  }
  json root;
  // Well-formed everyday documents take the fast path; anything else (an error, a \u escape, a
  // long integer…) is parsed again by nlohmann's parser, which decides and words the error.
  if (fast_parse(text, root, max_values)) {
    out.value = std::move(root);
    return out;
  }
  root = json();
  LimitedDom dom(root, max_values);
  const bool ok = json::sax_parse(text.begin(), text.end(), &dom, json::input_format_t::json, true, false);
  if (!ok || dom.error) {
    out.error = Issue{"", dom.error.value_or("invalid JSON")};
    return out;
  }
  out.value = std::move(root);
  return out;
}

std::string dump(const ordered_json& value) {
  return value.dump(-1, ' ', false, nlohmann::detail::error_handler_t::replace);
}

namespace {

/// Length of the well-formed UTF-8 sequence starting at s[i] (a byte ≥ 0x80), or 0.
std::size_t utf8_length(std::string_view s, std::size_t i) {
  const auto at = [&](std::size_t k) { return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0u; };
  const auto cont = [&](std::size_t k, unsigned lo = 0x80, unsigned hi = 0xBF) {
    const unsigned c = at(k);
    return c >= lo && c <= hi;
  };
  const unsigned c = at(0);
  if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
  if (c == 0xE0) return cont(1, 0xA0) && cont(2) ? 3 : 0;
  if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) return cont(1) && cont(2) ? 3 : 0;
  if (c == 0xED) return cont(1, 0x80, 0x9F) && cont(2) ? 3 : 0;
  if (c == 0xF0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (c >= 0xF1 && c <= 0xF3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (c == 0xF4) return cont(1, 0x80, 0x8F) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}

/// A strict JSON parser for the common case, building the same tree as nlohmann's parser with
/// LimitedDom (same numbers, last duplicate key wins, same nesting limit) several times faster
/// (no character-by-character copies). It refuses, rather than decides, anything unusual:
/// parse_json then asks nlohmann's parser, so errors and edge cases are worded and decided there.
class FastParser {
 public:
  FastParser(std::string_view text, std::size_t max_values) : text_(text), max_values_(max_values) {}

  bool parse(json& out) {
    skip_space();
    if (!value(out, 0)) return false;
    skip_space();
    return i_ == text_.size();
  }

 private:
  bool more() const { return i_ < text_.size(); }
  char peek() const { return text_[i_]; }
  static bool digit(char c) { return c >= '0' && c <= '9'; }

  void skip_space() {
    while (more() && (peek() == ' ' || peek() == '\n' || peek() == '\r' || peek() == '\t')) ++i_;
  }

  bool value(json& out, std::size_t depth) {
    if (!more() || ++values_ > max_values_) return false;  // too many: nlohmann's parser words it
    switch (peek()) {
      case '{': return object(out, depth + 1);
      case '[': return array(out, depth + 1);
      case '"': {
        std::string s;
        if (!string(s)) return false;
        out = std::move(s);
        return true;
      }
      case 't': return word("true") && (out = true, true);
      case 'f': return word("false") && (out = false, true);
      case 'n': return word("null") && (out = nullptr, true);
      default: return number(out);
    }
  }

  bool word(std::string_view w) {
    if (text_.substr(i_, w.size()) != w) return false;
    i_ += w.size();
    return true;
  }

  bool object(json& out, std::size_t depth) {
    if (depth > max_json_depth) return false;
    ++i_;
    out = json::object();
    auto& members = out.get_ref<json::object_t&>();
    skip_space();
    if (more() && peek() == '}') {
      ++i_;
      return true;
    }
    for (;;) {
      skip_space();
      if (!more() || peek() != '"') return false;
      std::string key;
      if (!string(key)) return false;
      skip_space();
      if (!more() || peek() != ':') return false;
      ++i_;
      skip_space();
      json v;
      if (!value(v, depth)) return false;
      members[std::move(key)] = std::move(v);  // a repeated key: the last one wins, as in nlohmann
      skip_space();
      if (!more()) return false;
      if (peek() == ',') {
        ++i_;
        continue;
      }
      if (peek() != '}') return false;
      ++i_;
      return true;
    }
  }

  bool array(json& out, std::size_t depth) {
    if (depth > max_json_depth) return false;
    ++i_;
    out = json::array();
    auto& items = out.get_ref<json::array_t&>();
    skip_space();
    if (more() && peek() == ']') {
      ++i_;
      return true;
    }
    for (;;) {
      skip_space();
      items.emplace_back();
      if (!value(items.back(), depth)) return false;
      skip_space();
      if (!more()) return false;
      if (peek() == ',') {
        ++i_;
        continue;
      }
      if (peek() != ']') return false;
      ++i_;
      return true;
    }
  }

  bool string(std::string& out) {
    ++i_;  // the opening quote
    std::size_t start = i_;
    for (;;) {
      while (more()) {
        const auto c = static_cast<unsigned char>(peek());
        if (c == '"' || c == '\\' || c < 0x20) break;
        if (c >= 0x80) {
          const std::size_t n = utf8_length(text_, i_);
          if (n == 0) return false;
          i_ += n;
        } else {
          ++i_;
        }
      }
      out.append(text_.data() + start, i_ - start);
      if (!more() || static_cast<unsigned char>(peek()) < 0x20) return false;
      if (peek() == '"') {
        ++i_;
        return true;
      }
      ++i_;  // a backslash
      if (!more()) return false;
      switch (peek()) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        default: return false;  // \u… (and errors): nlohmann's parser
      }
      start = ++i_;
    }
  }

  bool number(json& out) {
    const std::size_t start = i_;
    const bool negative = peek() == '-';
    if (negative) ++i_;
    if (!more()) return false;
    if (peek() == '0') {
      ++i_;
    } else if (digit(peek())) {
      while (more() && digit(peek())) ++i_;
    } else {
      return false;
    }
    const std::size_t int_end = i_;
    bool is_float = false;
    if (more() && peek() == '.') {
      is_float = true;
      ++i_;
      if (!more() || !digit(peek())) return false;
      while (more() && digit(peek())) ++i_;
    }
    if (more() && (peek() == 'e' || peek() == 'E')) {
      is_float = true;
      ++i_;
      if (more() && (peek() == '+' || peek() == '-')) ++i_;
      if (!more() || !digit(peek())) return false;
      while (more() && digit(peek())) ++i_;
    }
    if (!is_float) {
      const std::size_t first = start + (negative ? 1 : 0);
      if (int_end - first > 18) return false;  // range checks: nlohmann's parser
      std::uint64_t v = 0;
      for (std::size_t k = first; k < int_end; ++k) v = v * 10 + static_cast<std::uint64_t>(text_[k] - '0');
      if (negative) out = static_cast<json::number_integer_t>(-static_cast<std::int64_t>(v));
      else out = static_cast<json::number_unsigned_t>(v);
      return true;
    }
    // The same conversion as nlohmann's lexer (strtod on the token).
    std::array<char, 64> buf{};
    const std::size_t len = i_ - start;
    if (len >= buf.size()) return false;
    text_.copy(buf.data(), len, start);
    const double v = std::strtod(buf.data(), nullptr);
    if (!std::isfinite(v)) return false;
    out = v;
    return true;
  }

  std::string_view text_;
  std::size_t i_ = 0;
  std::size_t values_ = 0;
  std::size_t max_values_;
};

bool fast_parse(std::string_view text, json& out, std::size_t max_values) { return FastParser(text, max_values).parse(out); }

void write_value(std::string& out, const json& j) {
  switch (j.type()) {
    case json::value_t::null: out += "null"; return;
    case json::value_t::boolean: out += j.get<bool>() ? "true" : "false"; return;
    case json::value_t::number_integer: write_number(out, static_cast<long long>(j.get<std::int64_t>())); return;
    case json::value_t::number_unsigned: write_number(out, static_cast<unsigned long long>(j.get<std::uint64_t>())); return;
    case json::value_t::number_float: write_number(out, j.get<double>()); return;
    case json::value_t::string: write_string(out, j.get_ref<const std::string&>()); return;
    case json::value_t::array: {
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
    case json::value_t::object: {
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
    default: out += j.dump(-1, ' ', false, nlohmann::detail::error_handler_t::replace); return;
  }
}

}  // namespace

void write_string(std::string& out, std::string_view s) {
  static constexpr char hex[] = "0123456789abcdef";
  const std::size_t start = out.size();
  out += '"';
  std::size_t i = 0;
  while (i < s.size()) {
    // Runs of bytes written as they are.
    std::size_t run = i;
    while (run < s.size()) {
      const auto c = static_cast<unsigned char>(s[run]);
      if (c < 0x20 || c == '"' || c == '\\' || c >= 0x80) break;
      ++run;
    }
    out.append(s.data() + i, run - i);
    i = run;
    if (i == s.size()) break;
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      const std::size_t n = utf8_length(s, i);
      if (n == 0) {
        // Not valid UTF-8: nlohmann's serializer decides what replaces what.
        out.resize(start);
        out += json(std::string(s)).dump(-1, ' ', false, nlohmann::detail::error_handler_t::replace);
        return;
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

}  // namespace catalyse
