// Non-throwing JSON parsing with a nesting limit, and dumping that survives invalid UTF-8.
#include <catalyse/json.hpp>

#include <cmath>

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

}  // namespace

ParsedJson parse_json(std::string_view text, std::size_t max_bytes, std::size_t max_values) {
  ParsedJson out;
  if (text.size() > max_bytes) {
    out.error = Issue{"", "document too large: " + std::to_string(text.size()) + " bytes (at most " +
                              std::to_string(max_bytes) + ")"};
    return out;
  }
  json root;
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
std::string dump(const json& value) {
  return value.dump(-1, ' ', false, nlohmann::detail::error_handler_t::replace);
}

}  // namespace catalyse
