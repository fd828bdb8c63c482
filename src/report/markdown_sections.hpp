// The Markdown report's pieces, shared by its files: markdown_report.cpp (the head and the
// summary table), markdown_sections.cpp (an experiment's sections) and markdown_weeks.cpp
// (its week-by-week table and chart). Everything a user typed goes through markdown_escape
// (or markdown_code, or mermaid_text inside a chart); leadlab's own words and numbers go
// through own().
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "leadlab/analysis/series.hpp"
#include "leadlab/analysis/summary.hpp"
#include "leadlab/model/dates.hpp"
#include "leadlab/model/model.hpp"
#include "leadlab/report/markdown_report.hpp"

namespace leadlab::markdown {

// User text in running text, and in a table cell (markdown_escape).
std::string esc(std::string_view text);
std::string cell(std::string_view text);

// leadlab's own words and numbers, always placed after something on their line (so nothing
// in them can begin a block): the inline mark-up characters escaped, ">" kept readable
// ("median 3 -> 8"), since in the middle of a line it is only text.
std::string own(std::string_view text);

// The summary table's cells for `r`: "2/5 + 3/5" points, the headline effect, the decision.
std::string points_of(const ReportExperiment& r);
std::string effect_of(const ReportExperiment& r);
std::string decision_of(const ReportExperiment& r);

// What the title and the summary table say, gathered as each experiment's section is
// written, so that a whole journal's report never holds more than one experiment's entries
// (markdown_report.cpp).
struct Overview {
  std::string rows;  // the summary table's rows
  std::size_t experiments = 0;
  std::size_t entries = 0;
  std::optional<Day> first_day;  // the earliest phase start or entry
  bool any_effects = false;

  void add(const ReportExperiment& r);
};

// The title, the counts and the summary table.
std::string report_head(const ReportScope& scope, const Overview& overview);

// One experiment's section: facts, fields, metrics, weeks, analysis, entries, reviews,
// comments and the next step.
void write_experiment(std::string& out, const ReportExperiment& r, std::optional<Day> since,
                      std::chrono::weekday week_start);

// The period's weeks: a value per metric, computed as the analysis computes weekly values
// but from the period's entries only, so that the table, the charts and the entries agree.
// Long runs of weeks without entries are not listed (series.hpp's WeekList), so the report
// grows with the entries, not with the calendar between them.
struct Weeks {
  WeekList list;
  std::vector<int> entries;                      // per week
  std::vector<WeekPhase> phases;                 // per week
  std::vector<std::vector<PeriodValue>> values;  // per metric (r's experiment's), per week
};
Weeks weeks_of(const ReportExperiment& r, std::chrono::weekday week_start);

// The week-by-week table (weeks with an entry), then the chart (markdown_weeks.cpp).
void write_weeks(std::string& out, const ReportExperiment& r, std::optional<Day> since,
                 std::chrono::weekday week_start);

// How to read NAP, Tau, Tau-U, PND and the run-chart signals.
void write_reading_guide(std::string& out);

}  // namespace leadlab::markdown
