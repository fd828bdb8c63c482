// The Markdown report's pieces, shared by its files: markdown_report.cpp (the head and the
// summary table), markdown_sections.cpp (an experiment's sections) and markdown_weeks.cpp
// (its week-by-week table and chart). Everything a user typed goes through markdown_escape
// (or markdown_code, or mermaid_text inside a chart); leadlab's own words and numbers go
// through own().
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

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

// One experiment's section: facts, fields, metrics, weeks, analysis, entries, reviews,
// comments and the next step.
void write_experiment(std::string& out, const ReportExperiment& r, std::optional<Day> since,
                      std::chrono::weekday week_start);

// The week-by-week table (weeks with an entry), then the chart (markdown_weeks.cpp).
void write_weeks(std::string& out, const ReportExperiment& r, std::optional<Day> since,
                 std::chrono::weekday week_start);

// How to read NAP, Tau, Tau-U, PND and the run-chart signals.
void write_reading_guide(std::string& out);

}  // namespace leadlab::markdown
