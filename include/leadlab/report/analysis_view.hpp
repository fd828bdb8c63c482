// The analysis section of `show` for the terminal, as a pure function from values to text
// that fits 80 columns (only bytes below 0x80 with options.ascii; ANSI styles only with
// options.color). The dashboard and the summary are dashboard_view.hpp's.
#pragma once

#include <string>
#include <vector>

#include "leadlab/analysis/experiment_analysis.hpp"
#include "leadlab/model/model.hpp"
#include "leadlab/report/text_view.hpp"

namespace leadlab {

// `show`'s analysis: the success rule's state with each clause explained, then per metric
// the phase figures and their change, the effect sizes with NAP's band (left out while a
// phase has fewer than 3 points, so that no number reads as a verdict the data cannot
// carry), the baseline's own trend, the run-chart signals, the verdict sentence, sparklines
// per occasion and per week, and the run chart with the baseline median.
std::string render_analysis(const Experiment& experiment, const ExperimentAnalysis& analysis,
                            const RenderOptions& options);

}  // namespace leadlab
