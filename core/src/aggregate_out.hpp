// What the aggregate's writers share (aggregate_write.cpp, aggregate_crossed.cpp): described
// output structs written by name order, members wrapped in Omit left out when empty, and the
// figures both write (whole percentages on integers, one-decimal scores).
#pragma once

#include "aggregate_state.hpp"

#include <catalyse/reflect.hpp>

#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace catalyse::aggregation {

template <class T>
struct Omit {
  Omit() = default;
  Omit(T v) : value(std::move(v)) {}  // NOLINT: implicit, like std::optional
  explicit operator bool() const { return value.has_value(); }
  const T& operator*() const { return *value; }
  std::optional<T> value;
};

using Percent = std::optional<long long>;
using Text = std::string_view;  // borrowed from the state, which outlives the writing

/// JSON text written elsewhere, copied as it is.
struct RawJson {
  std::string text;
};

struct OutOption {
  std::size_t count = 0;
  Omit<bool> dontKnow;
  Text id, label;
  Percent percent;
};
BOOST_DESCRIBE_STRUCT(OutOption, (), (count, dontKnow, id, label, percent))

// ---------------------------------------------------------------------------------------------
// The writer: reflect::write for values, members left out when an Omit is empty.

template <class T> struct is_omit : std::false_type {};
template <class T> struct is_omit<Omit<T>> : std::true_type {};

template <class T>
void put(std::string& out, const T& v) {
  if constexpr (is_omit<T>::value) {
    put(out, *v);
  } else if constexpr (std::is_same_v<T, RawJson>) {
    out += v.text;
  } else if constexpr (reflect::is_optional<T>::value) {
    if (v) put(out, *v);
    else out += "null";
  } else if constexpr (reflect::is_vector<T>::value) {
    out += '[';
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (i) out += ',';
      put(out, v[i]);
    }
    out += ']';
  } else if constexpr (reflect::is_variant<T>::value) {
    std::visit([&](const auto& x) { put(out, x); }, v);
  } else if constexpr (boost::describe::has_describe_members<T>::value) {
    out += '{';
    bool first = true;
    boost::mp11::mp_for_each<boost::describe::describe_members<T, boost::describe::mod_public>>([&](auto d) {
      const auto& member = v.*d.pointer;
      if constexpr (is_omit<std::decay_t<decltype(member)>>::value) {
        if (!member) return;
      }
      const auto& key = reflect::member_key<decltype(d)>::text;
      const std::size_t skip = first ? 1 : 0;
      out.append(key.data() + skip, key.size() - skip);
      first = false;
      put(out, member);
    });
    out += '}';
  } else {
    reflect::write(out, v);
  }
}

// ---------------------------------------------------------------------------------------------
// Figures

/// Whole-number percentage, rounded half up, computed on integers (14/34 → 41).
inline Percent percent(std::size_t count, std::size_t base) {
  if (base == 0) return std::nullopt;
  return static_cast<long long>((200 * count + base) / (2 * base));
}

/// One decimal, half away from zero (the precision of the core's scores).
inline double one_decimal(double x) { return std::round(x * 10.0) / 10.0; }

inline std::vector<OutOption> option_rows(const ShapeQuestion& sq, const OptionCounts& c) {
  std::vector<OutOption> out;
  out.reserve(sq.options.size());
  for (std::size_t o = 0; o < sq.options.size(); ++o) {
    OutOption item{c.counts[o], {}, sq.options[o].id, sq.options[o].label, percent(c.counts[o], c.base)};
    if (sq.options[o].dont_know) item.dontKnow = true;
    out.push_back(std::move(item));
  }
  return out;
}

}  // namespace catalyse::aggregation
