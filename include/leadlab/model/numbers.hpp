// Numbers as leadlab reads them from people and files: always decimal, always finite, always
// within the documented limits (docs/limits.md). Every number a user types or a file holds is
// read here, so that "010" is ten everywhere, "0x0a", "nan" and "inf" nowhere.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace leadlab {

// The largest count an entry may hold, and the most minutes.
inline constexpr double kMaxCount = 1e9;
inline constexpr double kMaxMinutes = 1e6;
// The largest magnitude of a scale's end or a success rule's threshold.
inline constexpr double kMaxMagnitude = 1e9;

// A decimal number as a person writes it: an optional minus, digits with an optional
// fraction, and an optional exponent ("3", "-0.5", "2.5e3"). Finite only: nullopt for
// "nan", "inf", a hexadecimal or empty text, a leading "+" or spaces, or an overflow.
std::optional<double> parse_number(std::string_view text);

// A whole decimal number: digits only, leading zeros allowed and decimal ("010" is 10), an
// optional minus when `allow_negative`. nullopt for anything else or beyond int64.
std::optional<std::int64_t> parse_whole_number(std::string_view text, bool allow_negative = false);

// parse_whole_number() for a count the user gives as `what` ("--commitment", "the number of
// weeks"), within low..high; UsageError naming what, the text and the range otherwise.
int parse_count(std::string_view what, std::string_view text, int low, int high);

// A scale's range as a problem in words ("the range 5..1 ..."), nullopt when low..high is a
// usable range: both finite, low below high, both within kMaxMagnitude.
std::optional<std::string> scale_range_problem(double low, double high);

}  // namespace leadlab
