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

#include <cctype>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <string>
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

/// "an object", "a string", … for messages.
inline std::string kind_of(const json& j) {
  switch (j.type()) {
    case json::value_t::null: return "null";
    case json::value_t::boolean: return "a boolean";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
    case json::value_t::number_float: return "a number";
    case json::value_t::string: return "a string";
    case json::value_t::array: return "an array";
    case json::value_t::object: return "an object";
    default: return "an unsupported value";
  }
}

/// What a C++ type expects, for messages.
template <class T>
std::string expected_kind() {
  if constexpr (std::is_same_v<T, bool>) return "a boolean";
  else if constexpr (std::is_same_v<T, int>) return "an integer";
  else if constexpr (std::is_floating_point_v<T>) return "a number";
  else if constexpr (std::is_same_v<T, std::string>) return "a string";
  else if constexpr (std::is_enum_v<T>) return "a string";
  else if constexpr (is_vector<T>::value) return "an array";
  else return "an object";
}

class Reader {
 public:
  explicit Reader(Issues& issues, std::string base = "") : issues_(&issues), path_(std::move(base)) {}

  template <class T>
  void read(const json& j, T& out) {
    if constexpr (is_optional<T>::value) {
      typename T::value_type v{};
      read(j, v);
      out = std::move(v);
    } else if constexpr (std::is_same_v<T, bool>) {
      if (j.is_boolean()) out = j.get<bool>();
      else mismatch<T>(j);
    } else if constexpr (std::is_same_v<T, int>) {
      read_int(j, out);
    } else if constexpr (std::is_floating_point_v<T>) {
      if (j.is_number()) {
        const double v = j.get<double>();
        if (std::isfinite(v)) out = v;
        else error("number out of range");
      } else {
        mismatch<T>(j);
      }
    } else if constexpr (std::is_same_v<T, std::string>) {
      if (j.is_string()) out = j.get_ref<const std::string&>();
      else mismatch<T>(j);
    } else if constexpr (std::is_enum_v<T>) {
      read_enum(j, out);
    } else if constexpr (is_vector<T>::value) {
      if (!j.is_array()) return mismatch<T>(j);
      out.clear();
      out.resize(j.size());
      for (std::size_t i = 0; i < j.size(); ++i) {
        const auto mark = push(std::to_string(i));
        read(j[i], out[i]);
        pop(mark);
      }
    } else if constexpr (is_string_map<T>::value) {
      if (!j.is_object()) return mismatch<T>(j);
      out.clear();
      for (const auto& [key, value] : j.items()) {
        const auto mark = push(pointer_token(key));
        read(value, out[key]);
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

  void error(std::string message) { issues_->push_back({path_, std::move(message)}); }
  const std::string& path() const { return path_; }

 private:
  std::size_t push(const std::string& token) {
    const auto mark = path_.size();
    path_ += '/';
    path_ += token;
    return mark;
  }
  void pop(std::size_t mark) { path_.resize(mark); }

  template <class T>
  void mismatch(const json& j) {
    error("expected " + expected_kind<T>() + ", got " + kind_of(j));
  }

  void read_int(const json& j, int& out) {
    constexpr double lo = std::numeric_limits<int>::min();
    constexpr double hi = std::numeric_limits<int>::max();
    if (j.is_number_integer() || j.is_number_unsigned()) {
      if (j.is_number_unsigned() ? j.get<std::uint64_t>() <= static_cast<std::uint64_t>(hi)
                                 : (j.get<std::int64_t>() >= lo && j.get<std::int64_t>() <= hi))
        out = j.get<int>();
      else
        error("integer out of range");
    } else if (j.is_number_float()) {
      const double v = j.get<double>();
      if (std::isfinite(v) && std::floor(v) == v && v >= lo && v <= hi) out = static_cast<int>(v);
      else error("expected an integer, got " + j.dump());
    } else {
      mismatch<int>(j);
    }
  }

  template <class E>
  void read_enum(const json& j, E& out) {
    if (!j.is_string()) return mismatch<E>(j);
    const auto& s = j.get_ref<const std::string&>();
    bool found = false;
    std::string names;
    boost::mp11::mp_for_each<boost::describe::describe_enumerators<E>>([&](auto d) {
      if (s == d.name) {
        out = d.value;
        found = true;
      }
      if (!names.empty()) names += ", ";
      names += '"';
      names += d.name;
      names += '"';
    });
    if (!found) error("expected one of " + names + ", got " + dump(j));
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
      std::variant_alternative_t<decltype(index)::value, V> value{};
      sub.read(j, value);
      if (local.empty()) {
        out = std::move(value);
        done = true;
      } else if (!best || local.size() < best->size()) {
        best = std::move(local);
      }
    });
    if (!done && best) issues_->insert(issues_->end(), best->begin(), best->end());
  }

  template <class T>
  void read_struct(const json& j, T& out) {
    if (!j.is_object()) return mismatch<T>(j);
    std::set<std::string_view> known;
    boost::mp11::mp_for_each<boost::describe::describe_members<T, boost::describe::mod_public>>([&](auto d) {
      using M = std::remove_cvref_t<decltype(out.*d.pointer)>;
      known.insert(d.name);
      const auto mark = push(pointer_token(d.name));
      auto it = j.find(d.name);
      if (it != j.end()) {
        read(*it, out.*d.pointer);
      } else if constexpr (!is_optional<M>::value) {
        error(std::string("missing required member \"") + d.name + "\"");
      }
      pop(mark);
    });
    for (const auto& [key, value] : j.items()) {
      if (known.count(key)) continue;
      const auto mark = push(pointer_token(key));
      std::string message = "unknown member \"" + key + "\"";
      for (auto name : known)
        if (same_ignoring_case(name, key)) message += std::string(" (did you mean \"") + std::string(name) + "\"?)";
      error(message);
      pop(mark);
    }
  }

  static bool same_ignoring_case(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
      if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
        return false;
    return true;
  }

  Issues* issues_;
  std::string path_;
};

/// Reads `j` into `out`, appending every problem to `issues` (paths below `base`).
template <class T>
void from_json(const json& j, T& out, Issues& issues, std::string base = "") {
  Reader(issues, std::move(base)).read(j, out);
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

}  // namespace catalyse::reflect
