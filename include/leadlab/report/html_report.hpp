// The progress report as one self-contained HTML page: what `leadlab export --format html`
// writes for a person to open in any browser, offline, or print. The same content as the
// Markdown report (markdown_report.hpp, whose text it converts rather than repeats), with an
// SVG run chart per metric and week and per metric and occasion (svg_chart.hpp), their data
// in tables beside them. Nothing is
// loaded from anywhere: a Content-Security-Policy forbids every load, the style sheet is
// inline with system fonts, and there is no script.
#pragma once

#include <iosfwd>

#include "leadlab/analysis/report_input.hpp"

namespace leadlab {

// Deterministic for a given input; takes one experiment at a time as the Markdown report
// does, and writes each experiment's part as it is made: the page, a whole journal's
// hundreds of megabytes, is never held in memory. The page begins with the summary of every
// experiment, so the experiments are read twice (once for the summary, once for their
// parts) unless `spool` is given: a read-write scratch stream (storage/files.hpp's
// ScratchFile) that takes the experiments' parts while they are read once, and is then
// copied to `out` after the summary.
void write_html_report(std::ostream& out, const ReportScope& scope, const ReportSource& experiments,
                       std::iostream* spool = nullptr);

}  // namespace leadlab
