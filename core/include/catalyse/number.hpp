// Decimal numbers in and out of the core without the C library (no strtod, no printf): the same
// code natively and in wasm, where strtod and printf would bring long-double arithmetic along.
#pragma once

#include <string>
#include <string_view>

namespace catalyse::number {

/// The double nearest to a decimal number written `[-]digits[.digits][(e|E)[+|-]digits]`
/// (the caller has checked that grammar; leading zeros are allowed), ties to even: the value
/// std::strtod gives in its default rounding mode, for any number of digits. Beyond the double
/// range the result is ±infinity; below the smallest subnormal it is ±0.
double parse(std::string_view token);

/// What printf("%.*g", p, d) writes for the smallest precision p (1 to 17) that reads back as d;
/// d must be finite.
std::string shortest_g(double d);

}  // namespace catalyse::number
