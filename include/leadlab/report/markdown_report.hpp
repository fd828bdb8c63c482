// The Markdown progress report: what `leadlab export` (the default format) writes for a
// person to read, on GitHub or in any Markdown viewer. Pure: a ReportInput in, text out;
// actions/load_report.hpp gathers the input from a journal. Everything a user typed is
// escaped (markdown_escape.hpp) so that it cannot break a table, start a heading or inject
// HTML.
#pragma once

#include <iosfwd>
#include <string>

#include "leadlab/analysis/report_input.hpp"
#include "leadlab/report/markdown_escape.hpp"

namespace leadlab {

// The report as GitHub-flavoured Markdown, deterministic for a given input: a title with
// the owner and the period, a summary table (status, points, effect, decision), then per
// experiment its facts, hypothesis, change, prediction, metrics, a week-by-week table with a
// Mermaid xychart-beta chart and sparklines, the analysis in words with its adequacy, the
// entries with their notes, reviews, comments, and the next step with its lineage.
std::string render_markdown_report(const ReportInput& input);

// The same text as render_markdown_report for `scope` and the experiments `experiments`
// hands over, written to `out` while taking one experiment at a time: a whole journal's
// report holds its text, never all of its entries.
void write_markdown_report(std::ostream& out, const ReportScope& scope,
                           const ReportSource& experiments);

}  // namespace leadlab
