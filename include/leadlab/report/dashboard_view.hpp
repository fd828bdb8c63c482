// Terminal renderings of the `status` dashboard and the `summary` of a period, as pure
// functions from values to text that fits 80 columns (only bytes below 0x80 with
// options.ascii; ANSI styles only with options.color).
#pragma once

#include <string>
#include <vector>

#include "leadlab/analysis/dashboard.hpp"
#include "leadlab/analysis/summary.hpp"
#include "leadlab/report/text_view.hpp"

namespace leadlab {

// `status`: each active experiment with its phase, points against the plan, last entry, the
// headline metric's latest value against the baseline median, its strongest signal and what
// is due; or, when no experiment is active, what to do instead: begin the first of `drafts`
// (the journal's drafts), or look at the list and `next`.
std::string render_dashboard(const std::vector<DashboardItem>& items, const RenderOptions& options,
                             const std::vector<Experiment>& drafts = {});

// `summary`: the period, the cadence of logging, a week-by-week table per experiment with
// entries in the period, and the phases begun and experiments closed with their decisions.
std::string render_summary(const Summary& summary, const RenderOptions& options);

}  // namespace leadlab
