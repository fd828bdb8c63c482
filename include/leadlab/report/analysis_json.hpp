// JSON renderings of analyses for --json: each metric's analysis in `show`, the `status`
// dashboard and the `summary` of a period. The shapes are a contract, documented in
// docs/json.md; a number that does not exist (no baseline, no value that week) is null.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "leadlab/analysis/dashboard.hpp"
#include "leadlab/analysis/experiment_analysis.hpp"
#include "leadlab/analysis/summary.hpp"

namespace leadlab {

// One metric's analysis: baseline and test ({n, median, mean}), the changes, nap, nap_band,
// tau, baseline_tau, baseline_drift, tau_u, tau_u_variant, pnd, adequacy, the run chart
// (centre, shift, trend, longest_run, crossings and their limits), verdict, and the series
// per occasion and per week.
nlohmann::json metric_analysis_json(const MetricReport& report);

// The success rule's state: {rule, state, provisional, clauses, error}; null without a rule.
nlohmann::json success_json(const std::optional<SuccessReport>& success);

// Adds the analysis to `experiment` (as made by experiment_json): `analysis` in each element
// of `metrics` (matched by name), and `success` at the top level.
void add_analysis_json(nlohmann::json& experiment, const ExperimentAnalysis& analysis);

nlohmann::json dashboard_json(const std::vector<DashboardItem>& items, Day today);
nlohmann::json summary_json(const Summary& summary);

}  // namespace leadlab
