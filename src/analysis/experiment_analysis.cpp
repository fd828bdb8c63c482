#include "leadlab/analysis/experiment_analysis.hpp"

#include <algorithm>
#include <map>
#include <tuple>

namespace leadlab {
namespace {

std::optional<SuccessReport> evaluate_rule(const Experiment& experiment,
                                           const ExperimentAnalysis& analysis) {
  if (experiment.success_rule.empty()) return std::nullopt;
  SuccessReport report{experiment.success_rule, std::nullopt, ""};
  std::vector<std::string> names;
  for (const Metric& m : experiment.metrics) names.push_back(m.name);
  try {
    const SuccessRule rule = SuccessRule::parse(experiment.success_rule, names);
    report.result =
        evaluate_rule(rule, [&analysis](std::string_view name) -> const MetricAnalysis* {
          const MetricReport* found = analysis.find(name);
          return found == nullptr ? nullptr : &found->analysis;
        });
  } catch (const SuccessRuleError& e) {
    report.error = e.what();
  }
  return report;
}

// Each entry's occasion number (1 = the first logged, in date, time and entry order), and
// the occasion the test phase began at: the first on or after the test start.
struct Occasions {
  std::map<std::int64_t, int> of_entry;
  std::optional<int> test_start;
};

Occasions number_occasions(const Experiment& experiment, std::span<const Entry> entries) {
  std::vector<const Entry*> order;
  for (const Entry& entry : entries) order.push_back(&entry);
  std::sort(order.begin(), order.end(), [](const Entry* a, const Entry* b) {
    return std::tie(a->date, a->time, a->id) < std::tie(b->date, b->time, b->id);
  });
  Occasions out;
  int before_test = 0;
  for (std::size_t i = 0; i < order.size(); ++i) {
    out.of_entry[order[i]->id] = static_cast<int>(i) + 1;
    if (experiment.phase_of(order[i]->date) == Phase::kBaseline) ++before_test;
  }
  if (experiment.test_start) out.test_start = before_test + 1;
  return out;
}

RandomizationResult randomization_of(const MetricReport& report, const RandomStart& design,
                                     const Occasions& occasions) {
  std::vector<OccasionPoint> points;
  for (const OccasionValue& v : report.series.points)
    points.push_back({occasions.of_entry.at(v.entry_id), v.value});
  return randomization_test(points, design, occasions.test_start, report.metric.direction);
}

}  // namespace

std::pair<Day, Day> MetricReport::dates_of(const Stretch& stretch) const {
  const auto at = [this](int i) {
    const auto last = static_cast<int>(series.points.size()) - 1;
    return series.points[static_cast<std::size_t>(std::clamp(i, 0, std::max(last, 0)))].date;
  };
  if (series.points.empty()) return {};
  return {at(stretch.first), at(stretch.last)};
}

const MetricReport* ExperimentAnalysis::find(std::string_view metric) const {
  for (const MetricReport& report : metrics)
    if (report.metric.name == metric) return &report;
  return nullptr;
}

ExperimentAnalysis analyse_experiment(const Experiment& experiment, std::span<const Entry> entries,
                                      std::chrono::weekday week_start) {
  ExperimentAnalysis out;
  std::vector<OccasionSeries> series = occasion_series(experiment, entries);
  const WeekList weeks = weeks_listed(entries, week_start);
  std::optional<Occasions> occasions;
  if (experiment.random_start) occasions = number_occasions(experiment, entries);
  for (std::size_t i = 0; i < experiment.metrics.size(); ++i) {
    const Metric& metric = experiment.metrics[i];
    MetricReport report{
        metric, std::move(series[i]), weeks, weekly_series(metric, entries, weeks), {}, {}, {}};
    report.analysis = analyse_metric(report.series.baseline, report.series.test, metric.direction);
    report.verdict = verdict_sentence(metric.name, report.analysis.comparison);
    if (occasions)
      report.randomization = randomization_of(report, *experiment.random_start, *occasions);
    out.metrics.push_back(std::move(report));
  }
  out.success = evaluate_rule(experiment, out);
  return out;
}

const Metric* headline_metric(const Experiment& experiment) {
  for (const Metric& m : experiment.metrics)
    if (m.kind == MetricKind::kDerived) return &m;
  return experiment.metrics.empty() ? nullptr : &experiment.metrics.front();
}

}  // namespace leadlab
