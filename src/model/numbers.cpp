#include "leadlab/model/numbers.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <system_error>

#include "leadlab/model/error.hpp"
#include "leadlab/model/text.hpp"

namespace leadlab {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// The shape parse_number accepts, checked before from_chars, which also reads "inf", "nan"
// and "infinity" and so must not decide alone.
bool decimal_shape(std::string_view text) {
  std::size_t i = 0;
  if (i < text.size() && text[i] == '-') ++i;
  std::size_t digits = 0;
  for (; i < text.size() && is_digit(text[i]); ++i) ++digits;
  if (i < text.size() && text[i] == '.') {
    for (++i; i < text.size() && is_digit(text[i]); ++i) ++digits;
  }
  if (digits == 0) return false;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    if (i < text.size() && (text[i] == '-' || text[i] == '+')) ++i;
    std::size_t exponent = 0;
    for (; i < text.size() && is_digit(text[i]); ++i) ++exponent;
    if (exponent == 0) return false;
  }
  return i == text.size();
}

}  // namespace

std::optional<double> parse_number(std::string_view text) {
  if (!decimal_shape(text)) return std::nullopt;
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value))
    return std::nullopt;
  return value;
}

std::optional<std::int64_t> parse_whole_number(std::string_view text, bool allow_negative) {
  std::string_view digits = text;
  if (allow_negative && !digits.empty() && digits.front() == '-') digits.remove_prefix(1);
  if (digits.empty()) return std::nullopt;
  for (char c : digits)
    if (!is_digit(c)) return std::nullopt;
  std::int64_t value = 0;
  // Decimal always: from_chars with base 10 reads "010" as ten and never guesses a base.
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, 10);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

int parse_count(std::string_view what, std::string_view text, int low, int high) {
  const auto value = parse_whole_number(text, low < 0);
  if (!value || *value < low || *value > high) {
    throw UsageError(std::string(what) + " must be a whole number from " + std::to_string(low) +
                         " to " + std::to_string(high) + ", not \"" +
                         terminal_safe(text.substr(0, 64)) + "\"",
                     "write it in decimal digits, e.g. " + std::string(what) + " " +
                         std::to_string(std::clamp(5, low, high)));
  }
  return static_cast<int>(*value);
}

std::optional<std::string> scale_range_problem(double low, double high) {
  if (!std::isfinite(low) || !std::isfinite(high)) return "a scale's ends must be finite numbers";
  if (std::fabs(low) > kMaxMagnitude || std::fabs(high) > kMaxMagnitude)
    return "a scale's ends must lie within -" + format_number(kMaxMagnitude) + ".." +
           format_number(kMaxMagnitude);
  if (!(low < high)) return "a scale's lower end must be below its upper end";
  return std::nullopt;
}

}  // namespace leadlab
