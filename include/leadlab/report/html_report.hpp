// The progress report as one self-contained HTML page: what `leadlab export --format html`
// writes for a person to open in any browser, offline, or print. The same content as the
// Markdown report (markdown_report.hpp, whose text it converts rather than repeats), with an
// SVG run chart per metric (svg_chart.hpp) and its data in a table beside it. Nothing is
// loaded from anywhere: a Content-Security-Policy forbids every load, the style sheet is
// inline with system fonts, and there is no script.
#pragma once

#include <iosfwd>

#include "leadlab/analysis/report_input.hpp"

namespace leadlab {

// Deterministic for a given input; takes one experiment at a time as the Markdown report
// does (a whole journal's page holds its text, never all of its entries).
void write_html_report(std::ostream& out, const ReportScope& scope,
                       const ReportSource& experiments);

}  // namespace leadlab
