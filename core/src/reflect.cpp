// The non-template half of the generic JSON reader (reflect.hpp): checks on JSON values, paths
// and messages, shared by every described type.
#include <catalyse/messages.hpp>
#include <catalyse/reflect.hpp>

namespace catalyse::reflect {
namespace {

const char* expected_text(Expect what) {
  switch (what) {
    case Expect::boolean: return "boolean";
    case Expect::integer: return "integer";
    case Expect::number: return "number";
    case Expect::string: return "string";
    case Expect::array: return "array";
    case Expect::object: return "object";
  }
  return "value";
}

#if !defined(CATALYSE_TRUSTING)
bool same_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  return true;
}
#endif

}  // namespace

const char* kind_name(const json& j) {
  switch (j.type()) {
    case json::value_t::boolean: return "boolean";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float: return "number";
    case json::value_t::string: return "string";
    case json::value_t::array: return "array";
    case json::value_t::object: return "object";
    default: return "null";
  }
}

#if defined(CATALYSE_TRUSTING)
// The trusting core reads only documents checked beforehand (wasm/CMakeLists.txt): one it refuses
// goes to the checking core, whose errors stand. So its reader keeps no path and no params, only
// that something was wrong.
constexpr bool says_where = false;
#else
constexpr bool says_where = true;
#endif

void Reader::error(std::string_view code, std::initializer_list<Param> params) {
  if constexpr (says_where) error_at(make_issue(path_, code, params));
  else error_at(make_issue("", code));
}

bool Reader::take_elements(std::size_t n) {
  if (n <= max_elements - elements_) {
    elements_ += n;
    return true;
  }
  if constexpr (!says_where) {
    error("document.too-many-elements");
    return false;
  }
  error("document.too-many-elements", {{"count", std::to_string(n)},
                                       {"before", std::to_string(elements_)},
                                       {"maximum", std::to_string(max_elements)}});
  return false;
}

void Reader::error_at(Issue issue) {
  if (issues_->size() < max_kept_issues) issues_->push_back(std::move(issue));
  else ++dropped_;
}

std::size_t Reader::push(std::size_t index) {
  const auto mark = path_.size();
  if constexpr (!says_where) return mark;
  path_ += '/';
  path_ += std::to_string(index);
  return mark;
}

std::size_t Reader::push(std::string_view key) {
  const auto mark = path_.size();
  if constexpr (!says_where) return mark;
  path_ += '/';
  path_ += pointer_token(key);
  return mark;
}

bool Reader::expect(const json& j, Expect what) {
  bool ok = false;
  switch (what) {
    case Expect::boolean: ok = j.is_boolean(); break;
    case Expect::integer:
    case Expect::number: ok = j.is_number(); break;
    case Expect::string: ok = j.is_string(); break;
    case Expect::array: ok = j.is_array(); break;
    case Expect::object: ok = j.is_object(); break;
  }
  if (!ok) error("document.expected-type", {{"expected", expected_text(what)}, {"got", kind_name(j)}});
  return ok;
}

void Reader::read_bool(const json& j, bool& out) {
  if (expect(j, Expect::boolean)) out = j.get<bool>();
}

void Reader::read_int(const json& j, int& out) {
  if (!expect(j, Expect::integer)) return;
  constexpr double lo = std::numeric_limits<int>::min();
  constexpr double hi = std::numeric_limits<int>::max();
  if (j.is_number_unsigned()) {
    if (j.get<std::uint64_t>() <= static_cast<std::uint64_t>(hi)) out = j.get<int>();
    else error("document.integer-out-of-range");
  } else if (j.is_number_integer()) {
    const auto v = j.get<std::int64_t>();
    if (v >= lo && v <= hi) out = static_cast<int>(v);
    else error("document.integer-out-of-range");
  } else {
    const double v = j.get<double>();
    if (std::floor(v) != v) error("document.not-integer", {{"value", says_where ? dump(j) : std::string()}});
    else if (v < lo || v > hi) error("document.integer-out-of-range");
    else out = static_cast<int>(v);
  }
}

void Reader::read_double(const json& j, double& out) {
  if (!expect(j, Expect::number)) return;
  const double v = j.get<double>();
  if (std::isfinite(v)) out = v;
  else error("document.number-out-of-range");
}

void Reader::read_string(const json& j, std::string& out) {
  if (expect(j, Expect::string)) out = j.get_ref<const std::string&>();
}

int Reader::read_name(const json& j, const char* const* names, std::size_t count) {
  if (!expect(j, Expect::string)) return -1;
  const auto& s = j.get_ref<const std::string&>();
  std::string list;
  for (std::size_t i = 0; i < count; ++i) {
    if (s == names[i]) return static_cast<int>(i);
    if constexpr (says_where) {
      list += i ? ", " : "";
      list += quote(names[i]);
    }
  }
  if constexpr (says_where) error("document.expected-one-of", {{"allowed", list}, {"got", dump(j)}});
  else error("document.expected-one-of");
  return -1;
}

const json* Reader::enter(const json& object, const char* name, std::size_t& mark) {
  mark = push(std::string_view(name));
  auto it = object.find(name);
  return it == object.end() ? nullptr : &*it;
}

void Reader::missing(const char* name) { error("document.missing-member", {{"member", name}}); }

void Reader::unknown_members(const json& j, const char* const* names, std::size_t count) {
#if defined(CATALYSE_TRUSTING)
  // The trusting core reads only documents checked beforehand (wasm/CMakeLists.txt), which have
  // no member the model does not know: nothing to look for.
  (void)j, (void)names, (void)count;
#else
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string& key = it.key();
    bool known = false;
    const char* hint = nullptr;
    for (std::size_t i = 0; i < count && !known; ++i) {
      if (key == names[i]) known = true;
      else if (same_ignoring_case(key, names[i])) hint = names[i];
    }
    if (known) continue;
    const auto mark = push(std::string_view(key));
    if (hint) error("document.unknown-member-hint", {{"member", key}, {"suggestion", hint}});
    else error("document.unknown-member", {{"member", key}});
    pop(mark);
  }
#endif
}

}  // namespace catalyse::reflect
