// The Markdown report's week-by-week table and chart (markdown_sections.hpp).
#include <algorithm>
#include <cstddef>
#include <vector>

#include "leadlab/analysis/experiment_analysis.hpp"
#include "leadlab/analysis/series.hpp"
#include "leadlab/model/text.hpp"
#include "leadlab/report/chart.hpp"
#include "report/markdown_sections.hpp"
#include "report/view_support.hpp"

namespace leadlab::markdown {
namespace {}  // namespace

Weeks weeks_of(const ReportExperiment& r, std::chrono::weekday week_start) {
  const Experiment& e = r.row.experiment;
  Weeks w;
  w.list = weeks_listed(r.entries, week_start);
  const auto n = static_cast<std::size_t>(w.list.count());
  w.entries.assign(n, 0);
  w.phases.assign(n, WeekPhase::kNone);
  for (const Entry& entry : r.entries) {
    const auto week = w.list.index_of(entry.date);
    if (!week) continue;
    const auto i = static_cast<std::size_t>(*week);
    ++w.entries[i];
    const WeekPhase one =
        e.phase_of(entry.date) == Phase::kBaseline ? WeekPhase::kBaseline : WeekPhase::kTesting;
    w.phases[i] = w.phases[i] == WeekPhase::kNone || w.phases[i] == one ? one : WeekPhase::kBoth;
  }
  for (std::size_t k = 0; k < e.metrics.size(); ++k) {
    // Without a period the analysis has these values already, over the same weeks.
    const MetricReport* m = k < r.analysis.metrics.size() ? &r.analysis.metrics[k] : nullptr;
    const bool same = r.entries_before_period == 0 && m != nullptr &&
                      m->metric.name == e.metrics[k].name && m->weeks == w.list;
    w.values.push_back(same ? m->weekly : weekly_series(e.metrics[k], r.entries, w.list));
  }
  return w;
}

namespace {

// "a", "a and b", "a, b and c".
std::string joined(const std::vector<std::string>& words) {
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i)
    out += (i == 0 ? "" : (i + 1 == words.size() ? " and " : ", ")) + words[i];
  return out;
}

// How a week's value is made, per metric (series.hpp's aggregate_of).
std::string aggregate_words(const Experiment& e) {
  std::vector<std::string> sums;
  std::vector<std::string> means;
  std::vector<std::string> parts;
  for (const Metric& m : e.metrics) {
    switch (aggregate_of(m.kind)) {
      case Aggregate::kSum:
        sums.push_back(own(m.name));
        break;
      case Aggregate::kMean:
        means.push_back(own(m.name));
        break;
      case Aggregate::kFormula:
        parts.push_back(own(m.name) + " is its formula over the week's sums");
        break;
    }
  }
  if (!means.empty())
    parts.insert(parts.begin(), joined(means) + (means.size() == 1 ? " is the week's mean"
                                                                   : " are the week's means"));
  if (!sums.empty())
    parts.insert(parts.begin(),
                 joined(sums) + (sums.size() == 1 ? " is" : " are") +
                     " the mean per occasion, so that a week with fewer occasions does not look "
                     "like a drop (the week's total in brackets)");
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) out += (i == 0 ? "" : "; ") + parts[i];
  return out;
}

// A Mermaid line chart of the headline metric per week, and sparklines for viewers without
// Mermaid. Only leadlab's own labels, numbers and mermaid_text go inside the chart.
void write_chart(std::string& out, const ReportExperiment& r, const Weeks& w,
                 std::optional<Day> since) {
  const Experiment& e = r.row.experiment;
  const Metric* headline = headline_metric(e);
  const MetricReport* m = headline ? r.analysis.find(headline->name) : nullptr;
  if (m == nullptr) return;
  const auto index = static_cast<std::size_t>(
      std::find_if(e.metrics.begin(), e.metrics.end(),
                   [&](const Metric& x) { return x.name == headline->name; }) -
      e.metrics.begin());
  const std::vector<PeriodValue>& weekly = w.values[index];
  std::string labels;
  std::string values;
  std::vector<std::optional<double>> per_week;
  long long left_out = 0;  // a long run of empty weeks is one blank in the sparkline
  for (std::size_t i = 0; i < weekly.size(); ++i) {
    if (const int gap = w.list.gap_before(static_cast<int>(i)); gap > 0) {
      per_week.emplace_back();
      left_out += gap;
    }
    per_week.push_back(weekly[i].value);
    if (!weekly[i].value) continue;
    labels += (labels.empty() ? "\"" : ", \"") +
              mermaid_text(week_label(w.list.starts[i], w.list.start_day)) + "\"";
    values += (values.empty() ? "" : ", ") + format_number(*weekly[i].value, 3);
  }
  if (values.empty()) return;
  out += "```mermaid\nxychart-beta\n    title \"" + fit_width(mermaid_text(e.title), 40, true) +
         ": " + mermaid_text(headline->name) + " per week\"\n    x-axis [" + labels +
         "]\n    y-axis \"" + mermaid_text(headline->name) + "\"\n    line [" + values +
         "]\n```\n\n";
  // Per occasion, with a gap where the test began, as `show` draws it.
  std::vector<std::optional<double>> occasions;
  bool baseline_seen = false;
  bool gap = false;
  for (const OccasionValue& p : m->series.points) {
    if (since && p.date < *since) continue;
    if (p.phase == Phase::kBaseline) baseline_seen = true;
    if (p.phase == Phase::kTesting && baseline_seen && !gap) {
      occasions.emplace_back();
      gap = true;
    }
    occasions.emplace_back(p.value);
  }
  out += "**" + own(headline->name) + "** per week " + markdown_code(sparkline(per_week));
  if (!occasions.empty()) out += ", per occasion " + markdown_code(sparkline(occasions));
  std::vector<std::string> notes;
  if (left_out > 0)
    notes.push_back("per week leaves out " + std::to_string(left_out) + " weeks without entries");
  if (gap) notes.push_back("the gap is where the test began");
  if (m->analysis.run_chart.centre)
    notes.push_back("baseline median " + format_number(*m->analysis.run_chart.centre));
  for (std::size_t i = 0; i < notes.size(); ++i) out += (i == 0 ? " (" : "; ") + notes[i];
  out += notes.empty() ? "\n\n" : ")\n\n";
}

}  // namespace

// The week-by-week table (weeks with an entry, and a row for each run of weeks without
// entries too long to list), then the chart.
void write_weeks(std::string& out, const ReportExperiment& r, std::optional<Day> since,
                 std::chrono::weekday week_start) {
  const Experiment& e = r.row.experiment;
  if (e.metrics.empty() || r.entries.empty()) return;
  const Weeks w = weeks_of(r, week_start);
  out += "### Week by week\n\n| Week | Phase | Entries |";
  for (const Metric& m : e.metrics) out += " " + own(m.name) + " |";
  out += "\n|---|---|---:|";
  for (std::size_t i = 0; i < e.metrics.size(); ++i) out += "---:|";
  out += "\n";
  for (int week = 0; week < w.list.count(); ++week) {
    const auto i = static_cast<std::size_t>(week);
    if (const int gap = w.list.gap_before(week); gap > 0) {
      const Day after = w.list.starts[i - 1] + std::chrono::days{7};
      out += "| " + week_label(after, w.list.start_day) + " to " +
             week_label(w.list.starts[i] - std::chrono::days{7}, w.list.start_day) + " | " +
             std::to_string(gap) + " weeks without entries | 0 |";
      for (std::size_t k = 0; k < w.values.size(); ++k) out += " - |";
      out += "\n";
    }
    if (w.entries[i] == 0) continue;
    out += "| " + week_label(w.list.starts[i], w.list.start_day) + " | " +
           std::string(to_string(w.phases[i])) + " | " + std::to_string(w.entries[i]) + " |";
    for (const auto& values : w.values) out += " " + view::week_value(values[i]) + " |";
    out += "\n";
  }
  out += "\nEach week: " + aggregate_words(e) + ".\n\n";
  write_chart(out, r, w, since);
}

}  // namespace leadlab::markdown
