// A metric's values: reading what a user typed for it, writing it back, and the values of an
// entry with its derived metrics evaluated. Pure functions of values.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "leadlab/model/formula.hpp"
#include "leadlab/model/model.hpp"

namespace leadlab {

// Reads a value typed for `metric` according to its kind: count (a whole number 0 to
// kMaxCount), scale (a number within its range), minutes (a number 0 to kMaxMinutes, or M:SS),
// yesno (yes/no, y/n, true/false, 1/0), percent (0-100, "%" allowed). Numbers are decimal
// and finite (parse_number). Throws UsageError naming the metric,
// what was typed and what is accepted.
double parse_value(const Metric& metric, std::string_view text);

// Why `value` cannot be a stored value of `metric` ("is not a whole number from 0 to
// 1000000000 (count)"), nullopt when it can: the rules parse_value applies, for values that
// arrive from elsewhere (a bundle, a journal being checked).
std::optional<std::string> value_problem(const Metric& metric, double value);

// A value as the user would type it back: yes/no for yesno, numbers otherwise.
std::string format_value(const Metric& metric, double value);

// Splits "NAME=VALUE" arguments and checks every name against the experiment's metrics
// (a unique prefix names its metric: q=3 for questions; "did you mean" for near misses); the
// result is keyed by the metric's full name and every value against its metric's kind. An
// empty value ("NAME=") removes that metric's value when `allow_clear`.
std::map<std::string, std::optional<double>> parse_assignments(const Experiment& experiment,
                                                               const std::vector<std::string>& args,
                                                               bool allow_clear);

// An entry's values for every metric of the experiment, in the experiment's order, with
// derived metrics evaluated; a metric without a value (or a formula that divides by zero)
// maps to nullopt.
std::vector<std::pair<const Metric*, std::optional<double>>> entry_values(
    const Experiment& experiment, const Entry& entry);

// A derived metric's formula; nullopt for a metric that is not derived, or whose stored
// formula no longer parses (stored formulas were checked when defined; a damaged one gives
// no value).
std::optional<Formula> derived_formula(const Metric& metric);

// entry_values() for many entries of one experiment, its formulas parsed once.
class EntryValues {
 public:
  explicit EntryValues(const Experiment& experiment);
  std::vector<std::pair<const Metric*, std::optional<double>>> operator()(const Entry& entry) const;

 private:
  const Experiment& experiment_;
  std::vector<std::optional<Formula>> formulas_;  // per metric: set for a derived one that parses
};

// Reads "HH:MM" (24-hour); UsageError otherwise.
std::string parse_time(std::string_view text);

}  // namespace leadlab
