// Exact decimal ↔ double conversions (number.hpp).
//
// Reading: up to 15 significant digits and a power of ten up to 22 (nearly every number a
// questionnaire or an answer holds), the result is one exact double times or divided by an exact
// power of ten, so a single rounding: the correct one (Clinger's fast path). Anything else starts
// from an estimate a few units in the last place (ulps) off, then moves one ulp at a time,
// comparing the decimal with the halfway point between neighbouring doubles in exact integer
// arithmetic, until it lies between the two halfway points around the candidate (ties to even).
//
// Writing: the exact decimal expansion of the double (every double has a finite one), rounded
// half to even to p digits as printf does, for p = 1, 2, … until it reads back as the same double.
#include <catalyse/number.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <utility>
#include <vector>

namespace catalyse::number {
namespace {

using u32 = std::uint32_t;
using u64 = std::uint64_t;
using i64 = std::int64_t;

constexpr double exact_powers_of_ten[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                          1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
// (Emscripten 3.1.6's libc++ has no std::bit_cast.)
u64 bits_of(double d) {
  u64 b;
  std::memcpy(&b, &d, sizeof b);
  return b;
}
double double_of(u64 b) {
  double d;
  std::memcpy(&d, &b, sizeof d);
  return d;
}

constexpr u64 infinity_bits = 0x7FF0000000000000u;

/// An unsigned integer of any size: 32-bit words, least significant first, no leading zero word.
class Big {
 public:
  explicit Big(u64 v = 0) {
    for (; v != 0; v >>= 32) words_.push_back(static_cast<u32>(v));
  }

  void multiply(u32 m) {
    u64 carry = 0;
    for (auto& w : words_) {
      const u64 p = u64{w} * m + carry;
      w = static_cast<u32>(p);
      carry = p >> 32;
    }
    if (carry != 0) words_.push_back(static_cast<u32>(carry));
  }

  void add(u32 a) {
    for (auto& w : words_) {
      if (a == 0) return;
      const u64 s = u64{w} + a;
      w = static_cast<u32>(s);
      a = static_cast<u32>(s >> 32);
    }
    if (a != 0) words_.push_back(a);
  }

  void multiply_pow5(u64 e) {
    for (; e >= 13; e -= 13) multiply(1220703125u);  // 5^13, the largest power of 5 below 2^32
    u32 p = 1;
    for (; e > 0; --e) p *= 5;
    multiply(p);
  }

  void shift_left(u64 n) {
    if (words_.empty()) return;
    const unsigned bits = static_cast<unsigned>(n % 32);
    if (bits != 0) {
      u32 carry = 0;
      for (auto& w : words_) {
        const u32 out = w >> (32 - bits);
        w = (w << bits) | carry;
        carry = out;
      }
      if (carry != 0) words_.push_back(carry);
    }
    // Whole words: the words move up, zeros come in below.
    const auto whole = static_cast<std::size_t>(n / 32);
    if (whole == 0) return;
    const std::size_t size = words_.size();
    words_.resize(size + whole);
    std::memmove(words_.data() + whole, words_.data(), size * sizeof(u32));
    std::memset(words_.data(), 0, whole * sizeof(u32));
  }

  /// Divides in place by d, returns the remainder.
  u32 divide(u32 d) {
    u64 rest = 0;
    for (std::size_t i = words_.size(); i-- > 0;) {
      const u64 cur = (rest << 32) | words_[i];
      words_[i] = static_cast<u32>(cur / d);
      rest = cur % d;
    }
    while (!words_.empty() && words_.back() == 0) words_.pop_back();
    return static_cast<u32>(rest);
  }

  bool zero() const { return words_.empty(); }

  friend int compare(const Big& a, const Big& b) {
    if (a.words_.size() != b.words_.size()) return a.words_.size() < b.words_.size() ? -1 : 1;
    for (std::size_t i = a.words_.size(); i-- > 0;)
      if (a.words_[i] != b.words_[i]) return a.words_[i] < b.words_[i] ? -1 : 1;
    return 0;
  }

 private:
  std::vector<u32> words_;
};

/// A positive finite double (or +infinity: 2^1024) as mantissa × 2^exponent.
std::pair<u64, i64> split(u64 bits) {
  const u64 biased = bits >> 52;
  const u64 fraction = bits & ((u64{1} << 52) - 1);
  if (biased == 0) return {fraction, -1074};
  return {fraction | (u64{1} << 52), static_cast<i64>(biased) - 1075};
}

/// Compares digits × 10^exp10 (digits: the big integer of the decimal digits) with m × 2^exp2.
int compare(const Big& digits, i64 exp10, u64 m, i64 exp2) {
  Big a = digits;
  Big b(m);
  if (exp10 >= 0) a.multiply_pow5(static_cast<u64>(exp10));
  else b.multiply_pow5(static_cast<u64>(-exp10));
  const i64 twos = exp10 - exp2;  // 10^e = 5^e × 2^e: what is left is a power of two on one side
  if (twos >= 0) a.shift_left(static_cast<u64>(twos));
  else b.shift_left(static_cast<u64>(-twos));
  return compare(a, b);
}

/// Compares digits × 10^exp10 with the point halfway between the double of bit pattern `low`
/// and the next one up.
int compare_with_halfway(const Big& digits, i64 exp10, u64 low) {
  const auto [ma, ea] = split(low);
  const auto [mb, eb] = split(low + 1);
  const i64 e = std::min(ea, eb);  // the two differ by at most one, at a power of two
  const u64 sum = (ma << (ea - e)) + (mb << (eb - e));
  return compare(digits, exp10, sum, e - 1);
}

/// The double nearest to digits × 10^exp10 (digits: decimal digits, no leading zero), ties to even.
double nearest(std::string digits, i64 exp10) {
  while (!digits.empty() && digits.back() == '0') {
    digits.pop_back();
    ++exp10;
  }
  if (digits.empty()) return 0.0;
  // A halfway point between two doubles has at most 767 significant digits: past 800, the digits
  // cut off (not all zeros, the last one is not) are worth a final 1 for every comparison below.
  if (digits.size() > 800) {
    exp10 += static_cast<i64>(digits.size()) - 800;
    digits.resize(800);
    digits += '1';
    --exp10;
  }
  const i64 n = static_cast<i64>(digits.size());
  if (n + exp10 > 309) return std::numeric_limits<double>::infinity();  // ≥ 1e309
  if (n + exp10 < -324) return 0.0;                                     // < 1e-325, below half the least subnormal

  // Up to 19 leading digits, exact in 64 bits.
  const i64 lead_count = std::min<i64>(n, 19);
  u64 lead = 0;
  for (i64 i = 0; i < lead_count; ++i) lead = lead * 10 + static_cast<u64>(digits[static_cast<std::size_t>(i)] - '0');
  if (n <= 15 && exp10 >= -22 && exp10 <= 22) {
    // Both operands exact (lead < 10^15 < 2^53): the one rounding of the operation is the answer.
    const double d = static_cast<double>(lead);
    return exp10 < 0 ? d / exact_powers_of_ten[-exp10] : d * exact_powers_of_ten[exp10];
  }

  // An estimate: a few roundings, each half an ulp (monotone, so no early overflow or underflow).
  double x = static_cast<double>(lead);
  i64 e = exp10 + (n - lead_count);
  for (; e > 22; e -= 22) x *= 1e22;
  for (; e < -22; e += 22) x /= 1e22;
  x = e < 0 ? x / exact_powers_of_ten[-e] : x * exact_powers_of_ten[e];

  Big value;
  std::size_t i = 0;
  for (; i + 9 <= digits.size(); i += 9) {
    u32 chunk = 0;
    for (std::size_t k = i; k < i + 9; ++k) chunk = chunk * 10 + static_cast<u32>(digits[k] - '0');
    value.multiply(1000000000u);
    value.add(chunk);
  }
  for (; i < digits.size(); ++i) {
    value.multiply(10);
    value.add(static_cast<u32>(digits[i] - '0'));
  }

  u64 bits = bits_of(x);
  for (;;) {
    if (bits < infinity_bits) {
      const int c = compare_with_halfway(value, exp10, bits);
      if (c > 0 || (c == 0 && (bits & 1) != 0)) {
        ++bits;
        continue;
      }
    }
    if (bits > 0) {
      const int c = compare_with_halfway(value, exp10, bits - 1);
      if (c < 0 || (c == 0 && (bits & 1) != 0)) {
        --bits;
        continue;
      }
    }
    return double_of(bits);
  }
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

void strip_zeros(std::string& s) {
  while (!s.empty() && s.back() == '0') s.pop_back();
}

/// %g's layout of the p digits `c` whose first digit is worth 10^x, trailing zeros removed.
std::string layout_g(const std::string& c, i64 x, i64 p) {
  std::string out;
  if (x < -4 || x >= p) {
    out += c[0];
    std::string fraction = c.substr(1);
    strip_zeros(fraction);
    if (!fraction.empty()) out += '.' + fraction;
    out += x < 0 ? "e-" : "e+";
    const i64 ax = x < 0 ? -x : x;
    if (ax < 10) out += '0';
    out += std::to_string(ax);
  } else if (x >= 0) {
    out = c.substr(0, static_cast<std::size_t>(x + 1));
    std::string fraction = c.substr(static_cast<std::size_t>(x + 1));
    strip_zeros(fraction);
    if (!fraction.empty()) out += '.' + fraction;
  } else {
    std::string fraction = std::string(static_cast<std::size_t>(-x - 1), '0') + c;
    strip_zeros(fraction);
    out = "0." + fraction;
  }
  return out;
}

}  // namespace

double parse(std::string_view t) {
  std::size_t i = 0;
  const bool negative = i < t.size() && t[i] == '-';
  if (negative) ++i;
  std::string digits;
  i64 exp10 = 0;
  for (; i < t.size() && is_digit(t[i]); ++i)
    if (!digits.empty() || t[i] != '0') digits += t[i];
  if (i < t.size() && t[i] == '.') {
    for (++i; i < t.size() && is_digit(t[i]); ++i) {
      if (!digits.empty() || t[i] != '0') digits += t[i];
      --exp10;
    }
  }
  if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
    ++i;
    const bool negative_exponent = i < t.size() && t[i] == '-';
    if (i < t.size() && (t[i] == '-' || t[i] == '+')) ++i;
    i64 e = 0;
    for (; i < t.size() && is_digit(t[i]); ++i)
      if (e < 1'000'000'000) e = e * 10 + (t[i] - '0');  // beyond, the answer is 0 or infinity anyway
    exp10 += negative_exponent ? -e : e;
  }
  const double v = nearest(std::move(digits), exp10);
  return negative ? -v : v;
}

std::string shortest_g(double d) {
  const std::string sign = std::signbit(d) ? "-" : "";
  const u64 bits = bits_of(d) & ~(u64{1} << 63);
  if (bits == 0) return sign + "0";
  const double magnitude = double_of(bits);

  // The exact decimal expansion: m × 2^e is m × 2^e (e ≥ 0) or m × 5^-e × 10^e.
  const auto [m, e] = split(bits);
  Big n(m);
  i64 exp10 = 0;
  if (e >= 0) {
    n.shift_left(static_cast<u64>(e));
  } else {
    n.multiply_pow5(static_cast<u64>(-e));
    exp10 = e;
  }
  std::vector<u32> chunks;  // base 10^9, least significant first
  while (!n.zero()) chunks.push_back(n.divide(1000000000u));
  std::string all = std::to_string(chunks.back());
  for (std::size_t k = chunks.size() - 1; k-- > 0;) {
    const std::string part = std::to_string(chunks[k]);
    all += std::string(9 - part.size(), '0') + part;
  }
  const i64 x = static_cast<i64>(all.size()) - 1 + exp10;  // power of ten of the first digit

  for (i64 p = 1;; ++p) {
    std::string c = all.substr(0, static_cast<std::size_t>(std::min<i64>(p, static_cast<i64>(all.size()))));
    c.resize(static_cast<std::size_t>(p), '0');
    i64 cx = x;
    if (static_cast<i64>(all.size()) > p) {
      const char next = all[static_cast<std::size_t>(p)];
      const bool more = all.find_first_not_of('0', static_cast<std::size_t>(p) + 1) != std::string::npos;
      const bool odd = (c.back() - '0') % 2 == 1;
      if (next > '5' || (next == '5' && (more || odd))) {
        std::size_t k = c.size();
        while (k > 0 && c[k - 1] == '9') c[--k] = '0';
        if (k > 0) {
          ++c[k - 1];
        } else {
          c[0] = '1';  // 99…9 rounded up to 100…0: one more power of ten
          ++cx;
        }
      }
    }
    if (p >= 17 || nearest(c, cx - (p - 1)) == magnitude) return sign + layout_g(c, cx, p);
  }
}

}  // namespace catalyse::number
