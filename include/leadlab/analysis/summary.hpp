// The summary behind `summary`: a period's weeks across experiments (each metric's value per
// week), the cadence of logging, and the experiments started and closed in the period with
// their decisions.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "leadlab/analysis/series.hpp"
#include "leadlab/model/model.hpp"

namespace leadlab {

inline constexpr int kDefaultSummaryWeeks = 8;
inline constexpr int kMaxSummaryWeeks = 520;  // ten years; more is a typo

// The weeks a summary covers, up to the week containing `today`: the last `weeks` weeks
// (default kDefaultSummaryWeeks), or every week from the one containing `since` (whole
// weeks, so the first week's value is comparable with the others). UsageError when both are
// given, when `weeks` is not 1..kMaxSummaryWeeks, or when `since` is after today or more
// than kMaxSummaryWeeks weeks back (so a summary is never longer than the cap, whichever way
// it is asked for).
WeekRange summary_weeks(Day today, std::optional<int> weeks, std::optional<Day> since,
                        std::chrono::weekday start_day = std::chrono::Monday);

// Which phases an experiment's entries of one week belong to.
enum class WeekPhase { kNone, kBaseline, kTesting, kBoth };
std::string_view to_string(WeekPhase phase);  // "", "baseline", "testing", "both"

struct SummaryMetric {
  Metric metric;
  std::vector<PeriodValue> weekly;  // one per week (see aggregate_of)
};

// An experiment with entries in the period.
struct SummaryExperiment {
  Experiment experiment;
  std::vector<int> entries;       // per week
  std::vector<WeekPhase> phases;  // per week
  std::vector<SummaryMetric> metrics;
};

// How regularly entries were logged, across experiments.
struct Cadence {
  std::vector<int> entries;  // per week
  int weeks_with_entries = 0;
  int weeks_without_entries = 0;
  // Consecutive weeks with entries up to the current week. The current week counts when it
  // has an entry; when it has none yet the streak counts from the week before, since the week
  // is not over.
  int current_streak = 0;
  // The streak reaches the period's first week, so it may be longer than the period shows.
  bool streak_reaches_start = false;
};

// A phase that began in the period.
struct PhaseStarted {
  std::int64_t experiment_id = 0;
  std::string title;
  Day date{};
  Phase phase = Phase::kBaseline;
};

// An experiment closed in the period, with its latest review (its decision), if any.
struct ExperimentClosed {
  std::int64_t experiment_id = 0;
  std::string title;
  Day date{};
  std::optional<Review> review;
};

struct Summary {
  WeekRange weeks;
  Day today{};
  Cadence cadence;
  std::vector<SummaryExperiment> experiments;  // those with entries in the period, by id
  std::vector<PhaseStarted> started;           // by date
  std::vector<ExperimentClosed> closed;        // by date
};

using ReviewLookup = std::function<std::optional<Review>(std::int64_t experiment_id)>;

// The summary of `weeks` from `experiments` and the entries dated in those weeks (of any of
// them; others are ignored). `review_of` gives a closed experiment's latest review.
Summary summarise(const WeekRange& weeks, Day today, std::span<const Experiment> experiments,
                  std::span<const Entry> entries, const ReviewLookup& review_of);

}  // namespace leadlab
