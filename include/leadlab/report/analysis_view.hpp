// Terminal renderings of analyses: the analysis section of `show`, the `status` dashboard and
// the `summary` of a period, as pure functions from values to text that fits 80 columns
// (only bytes below 0x80 with options.ascii; ANSI styles only with options.color).
#pragma once

#include <string>
#include <vector>

#include "leadlab/analysis/dashboard.hpp"
#include "leadlab/analysis/experiment_analysis.hpp"
#include "leadlab/model/model.hpp"
#include "leadlab/analysis/summary.hpp"
#include "leadlab/report/text_view.hpp"

namespace leadlab {

// `show`'s analysis: the success rule's state with each clause explained, then per metric
// the phase figures and their change, the effect sizes with NAP's band (left out while a
// phase has fewer than 3 points, so that no number reads as a verdict the data cannot
// carry), the baseline's own trend, the run-chart signals, the verdict sentence, sparklines
// per occasion and per week, and the run chart with the baseline median.
std::string render_analysis(const Experiment& experiment, const ExperimentAnalysis& analysis,
                            const RenderOptions& options);

// `status`: each active experiment with its phase, points against the plan, last entry, the
// headline metric's latest value against the baseline median, its strongest signal and what
// is due; or a hint when no experiment is active.
std::string render_dashboard(const std::vector<DashboardItem>& items, const RenderOptions& options);

// `summary`: the period, the cadence of logging, a week-by-week table per experiment with
// entries in the period, and the phases begun and experiments closed with their decisions.
std::string render_summary(const Summary& summary, const RenderOptions& options);

}  // namespace leadlab
