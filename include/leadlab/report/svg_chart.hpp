// A metric's run chart as SVG: for the HTML report (html_report.hpp), inline, and for
// `leadlab chart`, a standalone file. Pure: an experiment's report in, text out.
#pragma once

#include <chrono>
#include <cstddef>
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

// The run chart of experiment r's metric number `metric` (an index into its metrics) per
// week: the week-by-week table's values (the Markdown report's, weeks beginning on
// `week_start`), baseline weeks as open circles, test weeks as filled squares, weeks with both
// phases as diamonds, the line where the test began, the baseline weeks' median extended into
// the test phase, each week's name, phase, entries and value in its <title>. The same frame,
// shapes and legend as the chart per occasion.
std::string render_svg_week_chart(const ReportExperiment& r, std::size_t metric,
                                  std::chrono::weekday week_start, const std::string& id,
                                  bool standalone);

// The chart's style sheet: light and dark colours as CSS variables, black and white in print.
// The HTML report puts it in its <style>; a standalone chart in its own.
std::string_view svg_chart_css();

}  // namespace leadlab
