// A metric's values over time: one per occasion, split into baseline and test, and one per
// week, as pure functions over an experiment's entries (no database, no terminal).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "leadlab/model/model.hpp"

namespace leadlab {

// One occasion's value of a metric.
struct OccasionValue {
  std::int64_t entry_id = 0;
  Day date{};
  Phase phase = Phase::kBaseline;
  double value = 0;
};

// A metric's values, one per occasion that has one, in date order (then time, then entry
// number). `baseline` and `test` repeat the values of each phase, in the same order, as the
// analysis takes them.
struct OccasionSeries {
  std::vector<OccasionValue> points;
  std::vector<double> baseline;
  std::vector<double> test;
};

// The series of every metric of `experiment`, in the experiment's order. Derived metrics are
// computed per entry from their formula; an entry without a value for a metric (not logged,
// or a formula that divides by zero) is left out of that metric's series.
std::vector<OccasionSeries> occasion_series(const Experiment& experiment,
                                            std::span<const Entry> entries);

// How a period's entries make one value of a metric:
//   kSum      count and minutes: amounts. A week's value is the mean per occasion, so that
//             a week with one meeting does not look like a collapse beside a week with
//             three; the week's total is kept beside it (PeriodValue::sum). The name (and
//             "sum" in JSON) is kept from when the value was the total;
//   kMean     scale, yes/no and percent: levels, so a week's value is their mean (for yes/no
//             the share of "yes" answers, 0 to 1);
//   kFormula  derived: the formula over the period's sums of its inputs (a ratio of sums,
//             never a mean of ratios), summed over the entries that have every input the
//             formula names, so that an entry missing one input cannot skew the ratio.
enum class Aggregate { kSum, kMean, kFormula };
Aggregate aggregate_of(MetricKind kind);
std::string_view to_string(Aggregate aggregate);  // "sum", "mean", "formula"

// One value of `metric` over a period.
struct PeriodValue {
  int occasions = 0;            // entries that contributed
  std::optional<double> value;  // nullopt: nothing to aggregate, or a division by zero
  std::optional<double> sum;    // the period's total, for kSum metrics only
};

// `metric`'s value over `entries` (all of one experiment), by aggregate_of(metric.kind).
PeriodValue period_value(const Metric& metric, std::span<const Entry* const> entries);

// Consecutive weeks, each beginning on `start_day` (Monday: ISO weeks).
struct WeekRange {
  Day first{};  // the first day of the first week
  int count = 0;
  std::chrono::weekday start_day = std::chrono::Monday;

  Day start_of(int week) const { return first + std::chrono::days{7 * week}; }
  Day last_day() const { return start_of(count) - std::chrono::days{1}; }
  // The week `day` falls in, or nullopt when it is outside the range.
  std::optional<int> index_of(Day day) const;
};

// The weeks from the one containing `from` to the one containing `to` (none when to < from).
WeekRange weeks_covering(Day from, Day to, std::chrono::weekday start_day);

// How a week is named: its ISO week ("2026-W47") when weeks start on Monday, else the date
// of its first day ("2026-11-15"), since ISO week numbers only describe Monday weeks.
std::string week_label(Day week_start, std::chrono::weekday start_day);

// At most this many weeks without entries in a row are listed between two weeks with
// entries, so that the chart of an experiment that paused for a holiday or two stays
// continuous; a longer run of empty weeks is left out whole.
inline constexpr int kMaxListedEmptyWeeks = 8;

// The weeks an experiment's weekly series lists, in order: every week with an entry, and the
// weeks without entries between two of them while no more than kMaxListedEmptyWeeks run in a
// row. A longer run is a gap: the week after it does not follow the week before. So a series
// grows with its entries, never with the calendar between them: entries in 1900 and in 2026
// make two weeks and one gap, not 6,600 weeks.
struct WeekList {
  std::vector<Day> starts;  // the first day of each listed week, ascending
  std::chrono::weekday start_day = std::chrono::Monday;

  int count() const { return static_cast<int>(starts.size()); }
  // The listed week `day` falls in, or nullopt when its week is not listed.
  std::optional<int> index_of(Day day) const;
  // The weeks left out just before listed week `week`: 0 unless a gap precedes it.
  int gap_before(int week) const;
  bool operator==(const WeekList&) const = default;
};

// The weeks to list for `entries` (in any order), each beginning on `start_day`.
WeekList weeks_listed(std::span<const Entry> entries, std::chrono::weekday start_day);

// `metric`'s value in each week of `weeks` (entries of one experiment; entries outside the
// weeks are ignored). A week without entries has no value.
std::vector<PeriodValue> weekly_series(const Metric& metric, std::span<const Entry> entries,
                                       const WeekRange& weeks);
std::vector<PeriodValue> weekly_series(const Metric& metric, std::span<const Entry> entries,
                                       const WeekList& weeks);

}  // namespace leadlab
