// What to say about a metric: its analysis (effect sizes and run chart together), an honest
// verdict sentence, and a success rule's result against the analyses (part of analysis.hpp).
// The rule's grammar is model/success_rule.hpp.
#pragma once

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "leadlab/analysis/effect_size.hpp"
#include "leadlab/analysis/run_chart.hpp"
#include "leadlab/model/model.hpp"
#include "leadlab/model/success_rule.hpp"

namespace leadlab {

// ---------------------------------------------------------------------------------------
// One metric, and what to say about it
// ---------------------------------------------------------------------------------------

struct MetricAnalysis {
  Comparison comparison;
  RunChart run_chart;
};

MetricAnalysis analyse_metric(std::span<const double> baseline, std::span<const double> test,
                              Direction direction);

// One or two sentences about `metric` that claim no more than the data carries:
//   - no points at all: "no data yet";
//   - test points but no baseline points: there is no before/after comparison;
//   - not enough data: how many more points each phase needs, and no verdict;
//   - provisional: "provisionally improved / got worse / no clear change", and how many
//     points are still needed for a verdict;
//   - verdict: "improved" (NAP >= 0.66), "got worse" (NAP <= 0.34) or "no clear change",
//     with NAP, its band and 95% interval, Tau-BC with its interval, and the medians;
//   - whatever the adequacy, while NAP's 95% interval contains 0.5 the metric "is not yet
//     distinguishable from no change" (never "improved" or "got worse"), followed by "About
//     k more test points like these would settle it" when more_test_points_to_settle finds
//     such a k;
//   - an improvement whose Tau-BC interval reaches 0 or lies below it adds that, corrected
//     for the baseline's own trend, the change is not yet distinguishable from the trend
//     (or is worse than it).
// A warning that the baseline was already moving is appended whenever baseline_drift says
// so, whatever the adequacy.
std::string verdict_sentence(std::string_view metric, const Comparison& comparison);

// "95% CI 0.68 to 0.98": an interval as every view shows it, beside its estimate (two
// decimals; "to" rather than a dash, which would misread beside negative Tau bounds). A bound
// that two decimals would round onto `no_change` (0.5 for NAP, 0 for Tau and Tau-BC) without
// being equal to it gets more decimals: "0.501", never a misleading "0.5".
std::string interval_text(const Interval& interval, double no_change);

// ---------------------------------------------------------------------------------------
// Success rule
// ---------------------------------------------------------------------------------------

// The state of a rule or clause. "not enough data" wins over "not met": a rule is not judged
// until every metric it names has at least 3 points in each phase.
enum class RuleState { kMet, kNotMet, kNotEnoughData };
std::string_view to_string(RuleState state);  // "met", "not met", "not enough data"

struct ClauseResult {
  RuleClause clause;
  RuleState state = RuleState::kNotEnoughData;
  bool provisional = false;     // the metric has 3-4 points in its smaller phase
  std::optional<double> value;  // the number compared (nullopt for shift, trend, no data)
  // e.g. "nap(share) = 0.83 >= 0.66: met" or "median(share): not enough data (...)".
  std::string explanation;
};

// A rule's result: kNotEnoughData if any clause is; else kNotMet if any clause is not met;
// else kMet. `provisional` is set when any clause's metric is provisional: the state is
// then shown but must be read as "provisionally met / not met".
struct RuleResult {
  RuleState state = RuleState::kNotEnoughData;
  bool provisional = false;
  std::vector<ClauseResult> clauses;
};

// The analysis of a metric by name, or nullptr when there is none.
using RuleLookup = std::function<const MetricAnalysis*(std::string_view metric)>;

// Evaluates every clause of `rule`. A metric the lookup does not know counts as not enough
// data.
RuleResult evaluate_rule(const SuccessRule& rule, const RuleLookup& lookup);

}  // namespace leadlab
