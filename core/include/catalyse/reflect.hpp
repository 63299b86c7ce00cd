// One generic conversion between JSON and the core's described types (BOOST_DESCRIBE_STRUCT /
// BOOST_DESCRIBE_ENUM), instead of a hand-written reader or writer per struct.
//
// Reading never throws and never stops at the first problem: every error is collected with the
// JSON Pointer of the offending value. Members absent from the JSON leave std::optional members
// empty and are an error for the others; members the type does not describe are errors too (they
// are usually typos). Writing produces ordered JSON in the order of the description, with empty
// optionals written as null.
#pragma once

#include <catalyse/issue.hpp>
#include <catalyse/json.hpp>

#include <boost/describe.hpp>
#include <boost/mp11/algorithm.hpp>

#include <array>

#include <cctype>
#include <initializer_list>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>
#include <vector>

namespace catalyse::reflect {

template <class T> struct is_optional : std::false_type {};
template <class T> struct is_optional<std::optional<T>> : std::true_type {};
template <class T> struct is_vector : std::false_type {};
template <class T> struct is_vector<std::vector<T>> : std::true_type {};
template <class T> struct is_string_map : std::false_type {};
template <class V> struct is_string_map<std::map<std::string, V>> : std::true_type {};
template <class T> struct is_variant : std::false_type {};
template <class... Ts> struct is_variant<std::variant<Ts...>> : std::true_type {};

/// "object", "string", "number", … : the kind of a JSON value, for messages ({got:kind}).
const char* kind_name(const json& j);

/// What a reader expects of a JSON value.
enum class Expect { boolean, integer, number, string, array, object };

/// The names of a described type's public members, as a constant array.
template <template <class...> class L, class... D>
constexpr std::array<const char*, sizeof...(D)> names_of(L<D...>) {
  return {D::name...};
}

/// Reads JSON into described types. The templates only walk the types; the work on JSON values,
/// paths and messages is done by the out-of-line members (reflect.cpp), so each new type costs
/// little code (this matters in the wasm build).
class Reader {
 public:
  /// Elements a document's arrays may hold in all. Each becomes a model object (a few hundred
  /// bytes for a question read from `{}`), so this bounds the memory a document can take to read,
  /// whatever its shape: 100,000 is twenty times a 5,000-question questionnaire.
  static constexpr std::size_t max_elements = 100000;

  explicit Reader(Issues& issues, std::string base = "") : issues_(&issues), path_(std::move(base)) {}

  template <class T>
  void read(const json& j, T& out) {
    if constexpr (is_optional<T>::value) {
      read(j, out.emplace());
    } else if constexpr (std::is_same_v<T, bool>) {
      read_bool(j, out);
    } else if constexpr (std::is_same_v<T, int>) {
      read_int(j, out);
    } else if constexpr (std::is_same_v<T, double>) {
      read_double(j, out);
    } else if constexpr (std::is_same_v<T, std::string>) {
      read_string(j, out);
    } else if constexpr (std::is_enum_v<T>) {
      read_enum(j, out);
    } else if constexpr (is_vector<T>::value) {
      if (!expect(j, Expect::array) || !take_elements(j.size())) return;
      out.clear();
      out.resize(j.size());
      for (std::size_t i = 0; i < j.size(); ++i) {
        const auto mark = push(i);
        read(j[i], out[i]);
        pop(mark);
      }
    } else if constexpr (is_string_map<T>::value) {
      if (!expect(j, Expect::object)) return;
      out.clear();
      for (auto it = j.begin(); it != j.end(); ++it) {
        const auto mark = push(it.key());
        read(it.value(), out[it.key()]);
        pop(mark);
      }
    } else if constexpr (is_variant<T>::value) {
      read_variant(j, out);
    } else if constexpr (boost::describe::has_describe_members<T>::value) {
      read_struct(j, out);
    } else {
      static_assert(sizeof(T) == 0, "reflect::Reader: unsupported type");
    }
  }

  void error(std::string_view code, std::initializer_list<Param> params = {});
  const std::string& path() const { return path_; }
  /// Issues found beyond max_kept_issues: counted, not kept.
  std::size_t dropped() const { return dropped_; }

 private:
  // Out of line (reflect.cpp).
  std::size_t push(std::size_t index);
  std::size_t push(std::string_view key);
  void pop(std::size_t mark) { path_.resize(mark); }
  bool expect(const json& j, Expect what);  // reports a mismatch
  void read_bool(const json& j, bool& out);
  void read_int(const json& j, int& out);
  void read_double(const json& j, double& out);
  void read_string(const json& j, std::string& out);
  /// Position of j's string among `names`, or -1 (reported).
  int read_name(const json& j, const char* const* names, std::size_t count);
  void missing(const char* name);
  /// Appends `name` to the path (its old length in `mark`); the member's value or nullptr.
  const json* enter(const json& object, const char* name, std::size_t& mark);
  void unknown_members(const json& j, const char* const* names, std::size_t count);
  /// Counts `n` more elements against max_elements; past it, reports the array and returns false.
  bool take_elements(std::size_t n);

  template <class E>
  void read_enum(const json& j, E& out) {
    using Es = boost::describe::describe_enumerators<E>;
    static constexpr auto names = names_of(Es{});
    const int index = read_name(j, names.data(), names.size());
    if (index < 0) return;
    int i = 0;
    boost::mp11::mp_for_each<Es>([&](auto d) {
      if (i++ == index) out = d.value;
    });
  }

  template <class V>
  void read_variant(const json& j, V& out) {
    // The first alternative that reads without error wins; otherwise the errors of the
    // alternative that came closest (fewest errors, earliest on a tie).
    std::optional<Issues> best;
    bool done = false;
    boost::mp11::mp_for_each<boost::mp11::mp_iota_c<std::variant_size_v<V>>>([&](auto index) {
      if (done) return;
      Issues local;
      Reader sub(local, path_);
      sub.elements_ = elements_;
      std::variant_alternative_t<decltype(index)::value, V> value{};
      sub.read(j, value);
      if (local.empty() && sub.dropped() == 0) {
        out = std::move(value);
        done = true;
      } else if (!best || local.size() < best->size()) {
        best = std::move(local);
      }
    });
    // (The alternatives' elements are not counted: a variant holds no array in the model.)
    if (!done && best)
      for (auto& issue : *best) error_at(std::move(issue));
  }

  /// One member of a struct: read when present, reported when missing (unless optional). One
  /// function per member type, not inlined per member: the model's ~80 members share a dozen.
  template <class M>
  [[gnu::noinline]] void read_member(const json& object, const char* name, M& field) {
    std::size_t mark = 0;
    if (const json* value = enter(object, name, mark)) read(*value, field);
    else if constexpr (!is_optional<M>::value) missing(name);
    pop(mark);
  }

  template <class T>
  void read_struct(const json& j, T& out) {
    if (!expect(j, Expect::object)) return;
    using Ms = boost::describe::describe_members<T, boost::describe::mod_public>;
    boost::mp11::mp_for_each<Ms>([&](auto d) { read_member(j, d.name, out.*d.pointer); });
    static constexpr auto names = names_of(Ms{});
    unknown_members(j, names.data(), names.size());
  }

  void error_at(Issue issue);

  Issues* issues_;
  std::string path_;
  std::size_t dropped_ = 0;
  std::size_t elements_ = 0;  // array elements read so far
};

/// Reads `j` into `out`, appending every problem to `issues` (paths below `base`), at most
/// max_kept_issues of them. Returns how many more problems there were (counted, not kept).
template <class T>
std::size_t from_json(const json& j, T& out, Issues& issues, std::string base = "") {
  Reader reader(issues, std::move(base));
  reader.read(j, out);
  return reader.dropped();
}

/// Writes a described value as ordered JSON (description order; empty optionals as null).
template <class T>
ordered_json to_json(const T& v) {
  if constexpr (is_optional<T>::value) {
    return v ? to_json(*v) : ordered_json(nullptr);
  } else if constexpr (std::is_same_v<T, ordered_json>) {
    return v;
  } else if constexpr (std::is_same_v<T, bool> || std::is_arithmetic_v<T> || std::is_same_v<T, std::string>) {
    return ordered_json(v);
  } else if constexpr (std::is_same_v<T, std::string_view>) {  // written only (a result's borrowed texts)
    return ordered_json(std::string(v));
  } else if constexpr (std::is_enum_v<T>) {
    const char* name = "";
    boost::mp11::mp_for_each<boost::describe::describe_enumerators<T>>([&](auto d) {
      if (v == d.value) name = d.name;
    });
    return ordered_json(name);
  } else if constexpr (is_vector<T>::value) {
    ordered_json out = ordered_json::array();
    for (const auto& x : v) out.push_back(to_json(x));
    return out;
  } else if constexpr (is_string_map<T>::value) {
    ordered_json out = ordered_json::object();
    for (const auto& [k, x] : v) out[k] = to_json(x);
    return out;
  } else if constexpr (is_variant<T>::value) {
    return std::visit([](const auto& x) { return to_json(x); }, v);
  } else if constexpr (boost::describe::has_describe_members<T>::value) {
    ordered_json out = ordered_json::object();
    boost::mp11::mp_for_each<boost::describe::describe_members<T, boost::describe::mod_public>>(
        [&](auto d) { out[d.name] = to_json(v.*d.pointer); });
    return out;
  } else {
    static_assert(sizeof(T) == 0, "reflect::to_json: unsupported type");
  }
}

/// `,"name":` for a member descriptor D, made at compile time.
template <class D>
struct member_key {
  static constexpr std::size_t length = std::char_traits<char>::length(D::name);
  static constexpr std::array<char, length + 4> text = [] {
    std::array<char, length + 4> a{};
    a[0] = ',';
    a[1] = '"';
    for (std::size_t i = 0; i < length; ++i) a[2 + i] = D::name[i];
    a[length + 2] = '"';
    a[length + 3] = ':';
    return a;
  }();
};

/// Appends a described value as JSON text: byte for byte dump(to_json(v)), without building a
/// JSON tree (several times faster, and the wasm build then needs no ordered_json at all).
template <class T>
void write(std::string& out, const T& v) {
  if constexpr (is_optional<T>::value) {
    if (v) write(out, *v);
    else out += "null";
  } else if constexpr (std::is_same_v<T, bool>) {
    out += v ? "true" : "false";
  } else if constexpr (std::is_floating_point_v<T>) {
    write_number(out, static_cast<double>(v));
  } else if constexpr (std::is_integral_v<T> && std::is_signed_v<T>) {
    write_number(out, static_cast<long long>(v));
  } else if constexpr (std::is_integral_v<T>) {
    write_number(out, static_cast<unsigned long long>(v));
  } else if constexpr (std::is_same_v<T, std::string> || std::is_same_v<T, std::string_view>) {
    write_string(out, v);
  } else if constexpr (std::is_enum_v<T>) {
    const char* name = "";
    boost::mp11::mp_for_each<boost::describe::describe_enumerators<T>>([&](auto d) {
      if (v == d.value) name = d.name;
    });
    write_string(out, name);
  } else if constexpr (is_vector<T>::value) {
    out += '[';
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (i) out += ',';
      write(out, v[i]);
    }
    out += ']';
  } else if constexpr (is_string_map<T>::value) {
    out += '{';
    bool first = true;
    for (const auto& [k, x] : v) {
      if (!first) out += ',';
      first = false;
      write_string(out, k);
      out += ':';
      write(out, x);
    }
    out += '}';
  } else if constexpr (is_variant<T>::value) {
    std::visit([&](const auto& x) { write(out, x); }, v);
  } else if constexpr (boost::describe::has_describe_members<T>::value) {
    // Each member's `,"name":` is one constant (a C++ name never needs escaping): one append per
    // member instead of a scan and four single characters (rescoring writes hundreds of members).
    out += '{';
    bool first = true;
    boost::mp11::mp_for_each<boost::describe::describe_members<T, boost::describe::mod_public>>([&](auto d) {
      const auto& key = member_key<decltype(d)>::text;
      const std::size_t skip = first ? 1 : 0;  // no comma before the first member
      out.append(key.data() + skip, key.size() - skip);
      first = false;
      write(out, v.*d.pointer);
    });
    out += '}';
  } else {
    static_assert(sizeof(T) == 0, "reflect::write: unsupported type");
  }
}

/// write() into a new string.
template <class T>
std::string to_text(const T& v) {
  std::string out;
  write(out, v);
  return out;
}

}  // namespace catalyse::reflect
