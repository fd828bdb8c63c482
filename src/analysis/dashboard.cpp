#include "leadlab/analysis/dashboard.hpp"

#include <algorithm>

#include "leadlab/analysis/experiment_analysis.hpp"
#include "leadlab/analysis/randomization.hpp"
#include "leadlab/model/dates.hpp"

namespace leadlab {
namespace {

ExperimentStats stats_of(const Experiment& e, std::span<const Entry> entries) {
  ExperimentStats stats;
  for (const Entry& entry : entries) {
    ++(e.phase_of(entry.date) == Phase::kBaseline ? stats.baseline_points : stats.test_points);
    if (!stats.last_entry || entry.date > *stats.last_entry) stats.last_entry = entry.date;
  }
  return stats;
}

std::optional<Headline> headline_of(const Experiment& e, const ExperimentAnalysis& analysis) {
  const Metric* metric = headline_metric(e);
  if (metric == nullptr) return std::nullopt;
  const MetricReport& report = *analysis.find(metric->name);
  Headline h{*metric,
             std::nullopt,
             report.analysis.comparison.baseline.median,
             std::nullopt,
             std::nullopt,
             report.series.baseline,
             static_cast<int>(report.series.baseline.size())};
  h.values.insert(h.values.end(), report.series.test.begin(), report.series.test.end());
  if (report.series.points.empty()) return h;
  h.latest = report.series.points.back();
  // A baseline value is part of the median it would be judged against: only a test value
  // can be better or worse than the baseline.
  if (h.baseline_median && h.latest->phase == Phase::kTesting) {
    h.change = h.latest->value - *h.baseline_median;
    if (*h.change != 0) h.better = (*h.change > 0) == (metric->direction == Direction::kUp);
  }
  return h;
}

// Orders signals: a shift outranks a trend, then more points win.
std::pair<int, int> strength(const Signal& s) {
  return {s.kind == "shift" ? 2 : 1, s.stretch.points};
}

std::optional<Signal> strongest_signal(const Experiment& e, const ExperimentAnalysis& analysis) {
  std::vector<const MetricReport*> order;
  if (const Metric* headline = headline_metric(e)) order.push_back(analysis.find(headline->name));
  for (const MetricReport& r : analysis.metrics)
    if (order.empty() || &r != order.front()) order.push_back(&r);
  std::optional<Signal> best;
  for (const MetricReport* r : order) {
    const RunChart& chart = r->analysis.run_chart;
    for (const auto& [kind, stretch] : {std::pair{"shift", chart.shift}, {"trend", chart.trend}}) {
      if (!stretch) continue;
      const auto [from, to] = r->dates_of(*stretch);
      Signal candidate{
          r->metric.name, kind, *stretch, from, to, chart.centre, r->analysis.comparison.adequacy};
      if (!best || strength(candidate) > strength(*best)) best = std::move(candidate);
    }
  }
  return best;
}

std::string points_logged(int logged, int planned, std::string_view phase) {
  return std::to_string(logged) + " of " + std::to_string(planned) + " planned " +
         std::string(phase) + " points logged";
}

std::vector<Due> due_of(const DashboardItem& item) {
  const Experiment& e = item.experiment;
  const std::string id = std::to_string(e.id);
  std::vector<Due> due;
  const int logged = item.stats.baseline_points + item.stats.test_points;
  if (const auto advice = random_start_advice(e, logged)) {
    due.push_back({DueKind::kReadyToStart, *advice});
  } else if (!e.random_start && e.status == Status::kBaseline &&
             item.stats.baseline_points >= e.baseline_points) {
    due.push_back({DueKind::kReadyToStart,
                   "ready to start the test: " +
                       points_logged(item.stats.baseline_points, e.baseline_points, "baseline") +
                       "; begin it with `leadlab start " + id + "`"});
  }
  if (e.status == Status::kTesting && item.stats.test_points >= e.test_points) {
    due.push_back({DueKind::kReviewDue,
                   "review due: " + points_logged(item.stats.test_points, e.test_points, "test")});
  }
  if (item.quiet_days >= kNudgeDays) {
    due.push_back({DueKind::kLogNudge, "nothing logged for " + std::to_string(item.quiet_days) +
                                           " days (since " + format_date(item.quiet_since) +
                                           "); log the next occasion with `leadlab log " + id +
                                           "`"});
  }
  return due;
}

}  // namespace

std::string_view to_string(DueKind kind) {
  switch (kind) {
    case DueKind::kReadyToStart:
      return "ready to start the test";
    case DueKind::kReviewDue:
      return "review due";
    case DueKind::kLogNudge:
      break;
  }
  return "nothing logged lately";
}

DashboardItem dashboard_item(const Experiment& e, std::span<const Entry> entries, Day today) {
  DashboardItem item{e, stats_of(e, entries), today, 0, std::nullopt, std::nullopt, {}};
  const ExperimentAnalysis analysis = analyse_experiment(e, entries);
  item.headline = headline_of(e, analysis);
  item.signal = strongest_signal(e, analysis);
  // Logging is expected from the start of the current phase: a test begun yesterday is not
  // stale because the last baseline entry is two weeks old.
  const std::optional<Day> phase_start =
      e.status == Status::kTesting ? e.test_start : e.baseline_start;
  std::optional<Day> since = item.stats.last_entry;
  if (phase_start && (!since || *phase_start > *since)) since = phase_start;
  item.quiet_since = since.value_or(today);
  item.quiet_days = static_cast<int>(std::max<long>(0, (today - item.quiet_since).count()));
  item.due = due_of(item);
  return item;
}

}  // namespace leadlab
