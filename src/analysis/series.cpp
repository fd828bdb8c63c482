#include "leadlab/analysis/series.hpp"

#include <algorithm>
#include <map>

#include "leadlab/model/dates.hpp"
#include "leadlab/model/formula.hpp"
#include "leadlab/model/values.hpp"

namespace leadlab {
namespace {

// The entries in the order the analysis reads them. The journal returns them so already;
// sorting here keeps the series right for entries from anywhere else (an import, a test).
std::vector<const Entry*> in_date_order(std::span<const Entry> entries) {
  std::vector<const Entry*> sorted;
  sorted.reserve(entries.size());
  for (const Entry& e : entries) sorted.push_back(&e);
  std::stable_sort(sorted.begin(), sorted.end(), [](const Entry* a, const Entry* b) {
    if (a->date != b->date) return a->date < b->date;
    if (a->time != b->time) return a->time < b->time;
    return a->id < b->id;
  });
  return sorted;
}

std::optional<double> stored_value(const Entry& entry, std::string_view name) {
  const auto it = entry.values.find(std::string(name));
  if (it == entry.values.end()) return std::nullopt;
  return it->second;
}

// The mean per occasion, with the total beside it when `keep_sum`.
PeriodValue mean_of(const Metric& metric, std::span<const Entry* const> entries, bool keep_sum) {
  PeriodValue out;
  double total = 0;
  for (const Entry* entry : entries) {
    if (const auto v = stored_value(*entry, metric.name)) {
      total += *v;
      ++out.occasions;
    }
  }
  if (out.occasions == 0) return out;
  out.value = total / out.occasions;
  if (keep_sum) out.sum = total;
  return out;
}

PeriodValue formula_over_sums(const Formula& formula, std::span<const Entry* const> entries) {
  PeriodValue out;
  std::map<std::string, double, std::less<>> sums;
  for (const std::string& name : formula.names()) sums[name] = 0;
  for (const Entry* entry : entries) {
    const bool complete = std::all_of(formula.names().begin(), formula.names().end(),
                                      [&](const auto& n) { return stored_value(*entry, n); });
    if (!complete) continue;
    for (auto& [name, sum] : sums) sum += *stored_value(*entry, name);
    ++out.occasions;
  }
  if (out.occasions == 0) return out;
  out.value = formula.evaluate([&](std::string_view name) -> std::optional<double> {
    const auto it = sums.find(name);
    if (it == sums.end()) return std::nullopt;
    return it->second;
  });
  return out;
}

// period_value() with the metric's formula already parsed (nullopt: not derived, or damaged).
PeriodValue period_value_with(const Metric& metric, const std::optional<Formula>& formula,
                              std::span<const Entry* const> entries) {
  const Aggregate aggregate = aggregate_of(metric.kind);
  if (aggregate == Aggregate::kFormula)
    return formula ? formula_over_sums(*formula, entries) : PeriodValue{};
  return mean_of(metric, entries, aggregate == Aggregate::kSum);
}

}  // namespace

std::vector<OccasionSeries> occasion_series(const Experiment& experiment,
                                            std::span<const Entry> entries) {
  std::vector<OccasionSeries> series(experiment.metrics.size());
  const EntryValues values_of(experiment);
  for (const Entry* entry : in_date_order(entries)) {
    const Phase phase = experiment.phase_of(entry->date);
    std::size_t i = 0;
    for (const auto& [metric, value] : values_of(*entry)) {
      OccasionSeries& s = series[i++];
      if (!value) continue;
      s.points.push_back({entry->id, entry->date, phase, *value});
      (phase == Phase::kBaseline ? s.baseline : s.test).push_back(*value);
    }
  }
  return series;
}

Aggregate aggregate_of(MetricKind kind) {
  switch (kind) {
    case MetricKind::kCount:
    case MetricKind::kMinutes:
      return Aggregate::kSum;
    case MetricKind::kScale:
    case MetricKind::kYesNo:
    case MetricKind::kPercent:
      return Aggregate::kMean;
    case MetricKind::kDerived:
      break;
  }
  return Aggregate::kFormula;
}

std::string_view to_string(Aggregate aggregate) {
  switch (aggregate) {
    case Aggregate::kSum:
      return "sum";
    case Aggregate::kMean:
      return "mean";
    case Aggregate::kFormula:
      break;
  }
  return "formula";
}

PeriodValue period_value(const Metric& metric, std::span<const Entry* const> entries) {
  return period_value_with(metric, derived_formula(metric), entries);
}

std::optional<int> WeekRange::index_of(Day day) const {
  if (count <= 0 || day < first || day > last_day()) return std::nullopt;
  return static_cast<int>((day - first).count() / 7);
}

WeekRange weeks_covering(Day from, Day to, std::chrono::weekday start_day) {
  WeekRange weeks{week_start(from, start_day), 0, start_day};
  if (to < from) return weeks;
  weeks.count = static_cast<int>((week_start(to, start_day) - weeks.first).count() / 7) + 1;
  return weeks;
}

std::string week_label(Day start, std::chrono::weekday start_day) {
  return start_day == std::chrono::Monday ? iso_week_label(start) : format_date(start);
}

std::optional<int> WeekList::index_of(Day day) const {
  const Day start = week_start(day, start_day);
  const auto it = std::lower_bound(starts.begin(), starts.end(), start);
  if (it == starts.end() || *it != start) return std::nullopt;
  return static_cast<int>(it - starts.begin());
}

int WeekList::gap_before(int week) const {
  if (week <= 0 || week >= count()) return 0;
  const auto i = static_cast<std::size_t>(week);
  return static_cast<int>((starts[i] - starts[i - 1]).count() / 7) - 1;
}

WeekList weeks_listed(std::span<const Entry> entries, std::chrono::weekday start_day) {
  std::vector<Day> with_entries;
  with_entries.reserve(entries.size());
  for (const Entry& entry : entries) with_entries.push_back(week_start(entry.date, start_day));
  std::sort(with_entries.begin(), with_entries.end());
  with_entries.erase(std::unique(with_entries.begin(), with_entries.end()), with_entries.end());
  WeekList weeks{{}, start_day};
  for (const Day start : with_entries) {
    if (!weeks.starts.empty()) {
      const Day previous = weeks.starts.back();
      const auto empty = (start - previous).count() / 7 - 1;
      if (empty <= kMaxListedEmptyWeeks)
        for (int w = 1; w <= empty; ++w)
          weeks.starts.push_back(previous + std::chrono::days{7 * w});
    }
    weeks.starts.push_back(start);
  }
  return weeks;
}

namespace {

// `metric`'s value in each of `count` weeks, `week_of` naming the week of a day (nullopt:
// none of them).
template <typename WeekOf>
std::vector<PeriodValue> values_by_week(const Metric& metric, std::span<const Entry> entries,
                                        int count, const WeekOf& week_of) {
  std::vector<std::vector<const Entry*>> by_week(static_cast<std::size_t>(std::max(count, 0)));
  for (const Entry& entry : entries)
    if (const std::optional<int> week = week_of(entry.date))
      by_week[static_cast<std::size_t>(*week)].push_back(&entry);
  std::vector<PeriodValue> out;
  out.reserve(by_week.size());
  const auto formula = derived_formula(metric);  // parsed once, not once a week
  for (const auto& week : by_week) out.push_back(period_value_with(metric, formula, week));
  return out;
}

}  // namespace

std::vector<PeriodValue> weekly_series(const Metric& metric, std::span<const Entry> entries,
                                       const WeekRange& weeks) {
  return values_by_week(metric, entries, weeks.count,
                        [&weeks](Day day) { return weeks.index_of(day); });
}

std::vector<PeriodValue> weekly_series(const Metric& metric, std::span<const Entry> entries,
                                       const WeekList& weeks) {
  return values_by_week(metric, entries, weeks.count(),
                        [&weeks](Day day) { return weeks.index_of(day); });
}

}  // namespace leadlab
