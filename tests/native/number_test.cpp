// The core's own decimal conversions (catalyse/number.hpp) against the C library they replace:
// number::parse must give what std::strtod gives, number::shortest_g what the smallest round-trip
// printf("%.*g") gives. Natively the C library is the reference; under wasm the same comparisons
// run against Emscripten's libc, so both builds check the same promise.
#include <catalyse/number.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <random>
#include <string>

namespace {

using catalyse::number::parse;
using catalyse::number::shortest_g;

// (Emscripten 3.1.6's libc++ has no std::bit_cast.)
std::uint64_t bits(double d) {
  std::uint64_t b;
  std::memcpy(&b, &d, sizeof b);
  return b;
}
double from_bits(std::uint64_t b) {
  double d;
  std::memcpy(&d, &b, sizeof d);
  return d;
}

std::string reference_g(double d) {
  char buf[40];
  for (int p = 1; p <= 17; ++p) {
    std::snprintf(buf, sizeof buf, "%.*g", p, d);
    if (std::strtod(buf, nullptr) == d) return buf;
  }
  std::snprintf(buf, sizeof buf, "%.17g", d);
  return buf;
}

void check_parse(const std::string& text) {
  INFO(text);
  CHECK(bits(parse(text)) == bits(std::strtod(text.c_str(), nullptr)));
}

}  // namespace

TEST_CASE("number::parse: hand-picked values read as strtod reads them") {
  const char* texts[] = {
      "0", "-0", "0.0", "-0.0", "1", "-1", "0.1", "0.2", "0.3", "2.5", "1e0", "1E5", "1e+5", "1e-5", "00012.5000",
      "123456789012345", "1234567890123456", "12345678901234567", "123456789012345678901234567890",
      "9007199254740992", "9007199254740993", "9007199254740995", "18446744073709551615", "18446744073709551616",
      "0.30000000000000004", "0.1e1", "3.14159265358979323846264338327950288", "1e22", "1e23", "1e-22", "1e-23",
      "8.98846567431158e307", "1.7976931348623157e308", "1.7976931348623158e308", "1.7976931348623159e308",
      "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286"
      "416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571"
      "366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497791.9999999999",
      "1e308", "1e309", "1e400", "-1e400", "1e999999999999", "2.2250738585072014e-308", "2.2250738585072011e-308",
      "2.225073858507201e-308", "4.9e-324", "5e-324", "2.4703282292062327e-324", "2.4703282292062328e-324",
      "2.4703282292062327209e-324", "3e-324", "1e-324", "1e-400", "1e-99999999999", "0.000001", "1e-7",
      "123.456e-2", "9.999999999999999e22", "7.2057594037927933e16", "4.35679664926486e-321",
      "0.000000000000000000000000000000000000000000000001e48", "1000000000000000000000000000000e-30"};
  for (const char* t : texts) check_parse(t);
  CHECK(std::isinf(parse("1e400")));
  CHECK(parse("-1e400") < 0);
  CHECK(parse("1e-400") == 0.0);
  CHECK(std::signbit(parse("-1e-400")));
}

TEST_CASE("number::parse: halfway cases between doubles round to even, with any number of digits") {
  // 2^53 + 1 is halfway between 2^53 and 2^53 + 2: to even (2^53); one more digit decides.
  check_parse("9007199254740993");
  check_parse("9007199254740993.0000000000000000000000000000000000001");
  check_parse("9007199254740992.9999999999999999999999999999999999999");
  // The halfway point between the two smallest subnormals, exactly, then a hair above it.
  const std::string half_subnormal =
      "2.4703282292062327208828439643411068618252990130716238221279284125033775363510437593264991818081799618989828"
      "2347722293414184925018710117476214543281876648658232017016467131893011013218014052553513106047826216007014"
      "6868093497856006225616413286779021007224224616004213283773208359640373584516049891236839004788432659574843"
      "4416022810211106082163154451659744346962924917051437225416566000000000000000000000000000000000000e-324";
  check_parse(half_subnormal);
  std::string above = half_subnormal;
  above.insert(above.find('e'), "0000000000001");
  check_parse(above);
  check_parse(std::string(900, '1'));
  check_parse("0." + std::string(1000, '0') + "1e1000");
  check_parse(std::string("1") + std::string(5000, '0') + "e-5000");
}

TEST_CASE("number::parse: random doubles written with 1 to 17 digits, and random decimals, read as strtod reads them") {
  std::mt19937_64 rng(20261127);
  char buf[64];
  for (int i = 0; i < 20000; ++i) {
    double d;
    do d = from_bits(rng()); while (!std::isfinite(d));
    std::snprintf(buf, sizeof buf, "%.*e", static_cast<int>(rng() % 17), d);
    check_parse(buf);
    std::snprintf(buf, sizeof buf, "%.17g", d);
    check_parse(buf);
  }
  for (int i = 0; i < 20000; ++i) {
    // Questionnaire-like numbers: a few digits, a decimal point, sometimes an exponent.
    std::string t = (rng() % 4 == 0) ? "-" : "";
    const int int_digits = 1 + static_cast<int>(rng() % 12);
    for (int k = 0; k < int_digits; ++k) t += static_cast<char>('0' + rng() % 10);
    if (rng() % 2) {
      t += '.';
      const int frac_digits = 1 + static_cast<int>(rng() % 20);
      for (int k = 0; k < frac_digits; ++k) t += static_cast<char>('0' + rng() % 10);
    }
    if (rng() % 3 == 0) t += "e" + std::to_string(static_cast<int>(rng() % 700) - 350);
    check_parse(t);
  }
}

TEST_CASE("number::shortest_g: the shortest %g that reads back, as printf writes it") {
  const double values[] = {0.1,   0.2,     0.30000000000000004, 1.0 / 3, 2.5,    -2.5, 1e15,  1e16,  1e21, 1e22,
                           1e-4,  1e-5,    0.0001234,           1.5e-5,  123456.0, 1234567.0, 0.5, 1e100, -1e-300,
                           5e-324, 2.2250738585072014e-308,     1.7976931348623157e308, 100.25, 9.5, 0.95, 99.99999999999999,
                           123456789012345680.0, 0.0, -0.0, 4.35, 2.675, 1.005, 8.5e-7};
  for (double d : values) {
    INFO(reference_g(d));
    CHECK(shortest_g(d) == reference_g(d));
  }
  std::mt19937_64 rng(7);
  for (int i = 0; i < 3000; ++i) {
    double d;
    do d = from_bits(rng()); while (!std::isfinite(d));
    INFO(reference_g(d));
    CHECK(shortest_g(d) == reference_g(d));
    const double small = static_cast<double>(rng() % 100000) / 100.0;  // two decimals, as a score
    INFO(reference_g(small));
    CHECK(shortest_g(small) == reference_g(small));
  }
}
