// Entries: one occasion's values, note and whether the change was carried out as planned.
// Logging, correcting and deleting them, and the derived values they carry.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "leadlab/formula.hpp"
#include "leadlab/journal.hpp"
#include "leadlab/model.hpp"

namespace leadlab {

// Reads a value typed for `metric` according to its kind: count (whole number >= 0),
// scale (a number within its range), minutes (a number >= 0, or M:SS), yesno (yes/no,
// y/n, true/false, 1/0), percent (0-100, "%" allowed). Throws UsageError naming the metric,
// what was typed and what is accepted.
double parse_value(const Metric& metric, std::string_view text);

// A value as the user would type it back: yes/no for yesno, numbers otherwise.
std::string format_value(const Metric& metric, double value);

// Splits "NAME=VALUE" arguments and checks every name against the experiment's metrics
// (with "did you mean" for near misses) and every value against its metric's kind. An
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

struct LogRequest {
  std::optional<std::int64_t> experiment_id;  // may be left out when one is active
  std::vector<std::string> assignments;       // "NAME=VALUE"
  Day date{};
  std::string time;  // "HH:MM" or empty
  std::string note;
  std::optional<std::string> off_plan;  // set: not carried out as planned, and how
};

struct LogResult {
  Experiment experiment;
  Entry entry;
};

// The experiment an entry dated `date` goes to: the one named, else the only one in its
// baseline or testing. Throws UsageError when there is none, more than one, or it is a draft,
// closed, or not yet testing on that date.
Experiment loggable_experiment(const Journal& journal, std::optional<std::int64_t> id, Day date);

// Records one occasion. The experiment must be in baseline or testing; the date must not
// be in the future; at least one value is required. Writes one transaction.
LogResult log_entry(Journal& journal, const LogRequest& request, Day today);

struct EntryEdit {
  std::vector<std::string> assignments;  // "NAME=VALUE", or "NAME=" to remove a value
  std::optional<Day> date;
  std::optional<std::string> time;
  std::optional<std::string> note;
  std::optional<std::string> off_plan;
  bool as_planned = false;  // mark as carried out as planned again
};

// Changes an entry; what the edit leaves out stays as it was. Returns the entry after.
LogResult edit_entry(Journal& journal, std::int64_t entry_id, const EntryEdit& edit, Day today);

// Deletes an entry; returns what was deleted so that it can be shown (and logged again).
LogResult delete_entry(Journal& journal, std::int64_t entry_id);

// Reads "HH:MM" (24-hour); UsageError otherwise.
std::string parse_time(std::string_view text);

}  // namespace leadlab
