#include "leadlab/analysis/experiment_analysis.hpp"

#include <algorithm>

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
  for (std::size_t i = 0; i < experiment.metrics.size(); ++i) {
    const Metric& metric = experiment.metrics[i];
    MetricReport report{
        metric, std::move(series[i]), weeks, weekly_series(metric, entries, weeks), {}, {}};
    report.analysis = analyse_metric(report.series.baseline, report.series.test, metric.direction);
    report.verdict = verdict_sentence(metric.name, report.analysis.comparison);
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
