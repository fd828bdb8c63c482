// The analysis in words a leader reads: what NAP means for this data, what the baseline's own
// trend says, and the run-chart signals with their limits explained. `show`, `review`'s brief
// and the Markdown report say these the same way. The numbers come from analysis; only the
// wording lives here. Pure ASCII, no styling: each caller escapes and styles for its output.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "leadlab/analysis/experiment_analysis.hpp"
#include "leadlab/model/model.hpp"

namespace leadlab {

// The effect sizes on one line, each beside its 95% interval: "NAP 0.92 (medium, 95% CI
// 0.6 to 0.99), Tau 0.83 (95% CI 0.19 to 0.97), Tau-BC 0.29 (95% CI -0.33 to 0.72), PND
// 71.4%". Tau-U is not shown to a person (it can pass 1; it stays in --json). Needs nap.
std::string effect_sizes_words(const Comparison& comparison);

// The legend under the effects, for `show` and the reports: what NAP, its interval, Tau,
// Tau-BC and PND are, in one paragraph.
std::string effect_sizes_legend();

// The conservative dual criterion in one line: "dual criterion: 6 of 6 test points beyond
// both baseline lines (6 needed): a signal", or why there is none.
std::string cdc_words(const RunChart& chart, int test_points);

// NAP in one plain sentence, from the same pairs NAP counts (Comparison::pairs), in the
// metric's better direction, e.g. "In 29 of 30 pairs of a baseline and a test meeting, the
// test meeting had the higher share, and in 1 the two were equal (NAP 0.98, a tie counting
// as half)." A count says "more"/"fewer", a yes/no metric "yes"/"no", any other "higher"/
// "lower"; `occasion` is the experiment's ("meeting", "1:1", "day", "week"; anything else
// reads "point"). Exactly true: the pairs with a better test point are counted, ties are
// given separately, and the rest had the worse test point. Empty when there are no pairs (a
// phase without points).
std::string nap_in_words(const Metric& metric, const Comparison& comparison,
                         std::string_view occasion);

// The baseline's own trend: "Kendall tau -0.2: no clear trend before the change", or
// "already rising before the change (the better direction)". Needs baseline_tau.
std::string baseline_trend_words(const Comparison& comparison);

// The run-chart lines, as `show` lists them under "signals": shift, trend, the dual
// criterion, then the runs
// with their limits and what the limits mean ("runs: longest 7 (limit 6), crossings 3 (limit
// 2): ..." and a line that says in words what a limit is and what going beyond it means),
// and a warning while a phase has fewer than 3 points. Without baseline points one line says
// there is no median to compare with.
std::vector<std::string> run_chart_words(const MetricReport& report);

}  // namespace leadlab
