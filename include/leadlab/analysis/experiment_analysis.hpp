// One experiment's analysis, assembled from its entries: per metric its series, the
// baseline-against-test statistics, run-chart signals and verdict sentence, and the success
// rule's result. Pure: values in, values out.
#pragma once

#include <chrono>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "leadlab/analysis/analysis.hpp"
#include "leadlab/analysis/randomization.hpp"
#include "leadlab/analysis/series.hpp"
#include "leadlab/model/model.hpp"

namespace leadlab {

struct MetricReport {
  Metric metric;
  OccasionSeries series;
  WeekList weeks;  // the weeks with entries and the short runs between them (weeks_listed)
  std::vector<PeriodValue> weekly;  // one per listed week
  MetricAnalysis analysis;
  std::string verdict;  // verdict_sentence(): never more than the data carries
  // The randomisation test, for an experiment with a randomised start; nullopt otherwise.
  std::optional<RandomizationResult> randomization;

  // The dates of the first and last point of a run-chart stretch (its indices count the
  // series' points, baseline first).
  std::pair<Day, Day> dates_of(const Stretch& stretch) const;
};

// The success rule's outcome. A rule is checked when the experiment is made, so one that no
// longer parses comes from an older leadlab or an edited file: it is reported, not thrown.
struct SuccessReport {
  std::string rule;
  std::optional<RuleResult> result;  // nullopt when the rule does not parse
  std::string error;                 // why it does not parse; empty otherwise
};

struct ExperimentAnalysis {
  std::vector<MetricReport> metrics;     // in the experiment's order
  std::optional<SuccessReport> success;  // nullopt: the experiment has no success rule
  const MetricReport* find(std::string_view metric) const;  // nullptr when unknown
};

// Analyses every metric of `experiment` over `entries` (its own), weekly series beginning on
// `week_start`, and evaluates its success rule.
ExperimentAnalysis analyse_experiment(const Experiment& experiment, std::span<const Entry> entries,
                                      std::chrono::weekday week_start = std::chrono::Monday);

// The metric a dashboard leads with: the first derived metric, since an experiment that
// defines one (share = questions / (questions + statements)) usually defines it as the
// number the change is about; else the first metric. nullptr when there are none.
const Metric* headline_metric(const Experiment& experiment);

}  // namespace leadlab
