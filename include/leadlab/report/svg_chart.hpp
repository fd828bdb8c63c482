// A metric's run chart as SVG: for the HTML report (html_report.hpp), inline, and for
// `leadlab chart`, a standalone file. Pure: an experiment's report in, text out.
#pragma once

#include <string>
#include <string_view>

#include "leadlab/analysis/report_input.hpp"

namespace leadlab {

// The run chart of `metric` (one of r.analysis.metrics) over every occasion the analysis
// read: baseline points as open circles and test points as filled squares (shapes, not
// colour alone), the line where the test began, the baseline median across the baseline and
// extended, dashed, into the test phase, a cross on each entry not done as planned, axes with
// ticks, and each point's date, phase, value and note in its <title>. role="img" with a
// <title> and a <desc> that say in words what it shows. Colours come from CSS classes with
// fallbacks; `standalone` adds the XML declaration and the style sheet, for a file of its
// own. `id` prefixes the ids of the title and description (unique within a page).
std::string render_svg_run_chart(const ReportExperiment& r, const MetricReport& metric,
                                 const std::string& id, bool standalone);

// The chart's style sheet: light and dark colours as CSS variables, black and white in print.
// The HTML report puts it in its <style>; a standalone chart in its own.
std::string_view svg_chart_css();

}  // namespace leadlab
