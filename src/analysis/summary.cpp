#include "leadlab/analysis/summary.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "leadlab/model/dates.hpp"
#include "leadlab/model/error.hpp"

namespace leadlab {
namespace {

std::size_t at(int week) { return static_cast<std::size_t>(week); }

WeekPhase with(WeekPhase so_far, Phase phase) {
  const WeekPhase one = phase == Phase::kBaseline ? WeekPhase::kBaseline : WeekPhase::kTesting;
  if (so_far == WeekPhase::kNone || so_far == one) return one;
  return WeekPhase::kBoth;
}

SummaryExperiment experiment_weeks(const Experiment& e, std::span<const Entry> entries,
                                   const WeekRange& weeks) {
  SummaryExperiment out{e,
                        std::vector<int>(at(weeks.count), 0),
                        std::vector<WeekPhase>(at(weeks.count), WeekPhase::kNone),
                        {}};
  for (const Entry& entry : entries) {
    const auto week = weeks.index_of(entry.date);
    if (!week) continue;
    ++out.entries[at(*week)];
    out.phases[at(*week)] = with(out.phases[at(*week)], e.phase_of(entry.date));
  }
  for (const Metric& m : e.metrics) out.metrics.push_back({m, weekly_series(m, entries, weeks)});
  return out;
}

Cadence cadence_of(std::vector<int> per_week, const WeekRange& weeks, Day today) {
  Cadence c;
  for (int n : per_week) ++(n > 0 ? c.weeks_with_entries : c.weeks_without_entries);
  int week = weeks.index_of(today).value_or(weeks.count - 1);
  if (week >= 0 && per_week[at(week)] == 0) --week;  // the current week is not over
  while (week >= 0 && per_week[at(week)] > 0) {
    ++c.current_streak;
    --week;
  }
  c.streak_reaches_start = c.current_streak > 0 && week < 0;
  c.entries = std::move(per_week);
  return c;
}

// The day part of an RFC 3339 timestamp.
std::optional<Day> day_of(const std::string& timestamp) {
  return timestamp.size() < 10 ? std::nullopt : parse_iso_date(timestamp.substr(0, 10));
}

void add_milestones(Summary& s, const Experiment& e, const ReviewLookup& review_of) {
  const auto in_period = [&s](const std::optional<Day>& d) { return d && s.weeks.index_of(*d); };
  if (in_period(e.baseline_start))
    s.started.push_back({e.id, e.title, *e.baseline_start, Phase::kBaseline});
  if (in_period(e.test_start)) s.started.push_back({e.id, e.title, *e.test_start, Phase::kTesting});
  if (const auto closed = day_of(e.closed); in_period(closed))
    s.closed.push_back({e.id, e.title, *closed, review_of(e.id)});
}

}  // namespace

std::string_view to_string(WeekPhase phase) {
  switch (phase) {
    case WeekPhase::kBaseline:
      return "baseline";
    case WeekPhase::kTesting:
      return "testing";
    case WeekPhase::kBoth:
      return "both";
    case WeekPhase::kNone:
      break;
  }
  return "";
}

WeekRange summary_weeks(Day today, std::optional<int> weeks, std::optional<Day> since,
                        std::chrono::weekday start_day) {
  if (weeks && since)
    throw UsageError("--weeks and --since both say where the summary starts",
                     "give one of them: --weeks 8, or --since 2026-09-01");
  if (since) {
    if (*since > today)
      throw UsageError(
          "--since " + format_date(*since) + " is after today (" + format_date(today) + ")",
          "give a day in the past, e.g. --since \"4 weeks ago\"");
    const WeekRange range = weeks_covering(*since, today, start_day);
    if (range.count > kMaxSummaryWeeks)
      throw UsageError("--since " + format_date(*since) + " would cover " +
                           std::to_string(range.count) + " weeks; a summary covers at most " +
                           std::to_string(kMaxSummaryWeeks),
                       "give a day on or after " +
                           format_date(week_start(today, start_day) -
                                       std::chrono::days{7 * (kMaxSummaryWeeks - 1)}) +
                           ", or --weeks " + std::to_string(kMaxSummaryWeeks));
    return range;
  }
  const int count = weeks.value_or(kDefaultSummaryWeeks);
  if (count < 1 || count > kMaxSummaryWeeks)
    throw UsageError("--weeks " + std::to_string(count) + " is not a number of weeks from 1 to " +
                         std::to_string(kMaxSummaryWeeks),
                     "e.g. --weeks 8");
  return weeks_covering(week_start(today, start_day) - std::chrono::days{7 * (count - 1)}, today,
                        start_day);
}

Summary summarise(const WeekRange& weeks, Day today, std::span<const Experiment> experiments,
                  std::span<const Entry> entries, const ReviewLookup& review_of) {
  Summary s{weeks, today, {}, {}, {}, {}};
  std::map<std::int64_t, std::vector<Entry>> by_experiment;
  std::vector<int> per_week(at(weeks.count), 0);
  for (const Entry& entry : entries) {
    const auto week = weeks.index_of(entry.date);
    if (!week) continue;
    by_experiment[entry.experiment_id].push_back(entry);
    ++per_week[at(*week)];
  }
  s.cadence = cadence_of(std::move(per_week), weeks, today);
  for (const Experiment& e : experiments) {
    if (const auto it = by_experiment.find(e.id); it != by_experiment.end())
      s.experiments.push_back(experiment_weeks(e, it->second, weeks));
    add_milestones(s, e, review_of);
  }
  std::sort(s.experiments.begin(), s.experiments.end(),
            [](const auto& a, const auto& b) { return a.experiment.id < b.experiment.id; });
  const auto by_date = [](const auto& a, const auto& b) {
    return a.date != b.date ? a.date < b.date : a.experiment_id < b.experiment_id;
  };
  std::stable_sort(s.started.begin(), s.started.end(), by_date);
  std::stable_sort(s.closed.begin(), s.closed.end(), by_date);
  return s;
}

}  // namespace leadlab
