// The Markdown progress report (markdown_report.hpp): the title, the counts and the summary
// table, then each experiment's section (markdown_sections.cpp).
#include "leadlab/report/markdown_report.hpp"

#include <ostream>

#include "leadlab/model/dates.hpp"
#include "report/markdown_sections.hpp"

namespace leadlab {
namespace markdown {

void Overview::add(const ReportExperiment& r) {
  const Experiment& e = r.row.experiment;
  rows += "| " + std::to_string(e.id) + " | " + cell(e.title) + " | " +
          std::string(to_string(e.status)) + " | " + points_of(r) + " | " + effect_of(r) + " | " +
          decision_of(r) + " |\n";
  ++experiments;
  entries += r.entries.size();
  for (const std::optional<Day>& d :
       {e.baseline_start, e.test_start,
        r.entries.empty() ? std::nullopt : std::optional<Day>(r.entries.front().date)})
    if (d && (!first_day || *d < *first_day)) first_day = d;
  for (const MetricReport& m : r.analysis.metrics)
    any_effects = any_effects || m.analysis.comparison.nap.has_value();
}

// The title, the counts and the summary table.
std::string report_head(const ReportScope& scope, const Overview& o) {
  const std::string_view owner_name = scope.owner;
  const Day today = scope.today;
  const std::optional<Day> since = scope.since;
  std::string out = "# Leadership experiments";
  if (const std::string owner = cell(owner_name); !owner.empty()) out += ": " + owner;
  const std::optional<Day> start = since ? since : o.first_day;
  if (start && *start <= today)
    out += ", " + format_date(*start) + " to " + format_date(today);
  else
    out += ", as of " + format_date(today);
  out += "\n\n";
  out += "Progress report of " + format_date(today) +
         ", made by leadlab: " + std::to_string(o.experiments) +
         (o.experiments == 1 ? " experiment, " : " experiments, ") + std::to_string(o.entries) +
         (o.entries == 1 ? " entry" : " entries") +
         (since ? " from " + format_date(*since) : std::string()) + ".\n\n";
  if (!scope.left_out.empty()) out += "Left out of this report: " + scope.left_out + ".\n\n";
  if (o.experiments == 0) {
    out += "No experiments" + std::string(since ? " in this period" : " yet") + ".\n";
    return out;
  }
  out +=
      "| # | Experiment | Status | Points (baseline + test, of planned) | Effect | Decision |\n"
      "|---:|---|---|---|---|---|\n" +
      o.rows + "\n";
  return out;
}

}  // namespace markdown

using markdown::Overview;
using markdown::report_head;

std::string render_markdown_report(const ReportInput& input) {
  Overview overview;
  std::string sections;
  for (const ReportExperiment& r : input.experiments) {
    overview.add(r);
    markdown::write_experiment(sections, r, input.since, input.week_start);
  }
  if (overview.any_effects) markdown::write_reading_guide(sections);
  return report_head(input, overview) + sections;
}

void write_markdown_report(std::ostream& out, const ReportScope& scope,
                           const ReportSource& experiments) {
  Overview overview;
  std::string sections;
  experiments([&](ReportExperiment& r) {
    overview.add(r);
    markdown::write_experiment(sections, r, scope.since, scope.week_start);
  });
  if (overview.any_effects) markdown::write_reading_guide(sections);
  out << report_head(scope, overview) << sections;
}

}  // namespace leadlab
