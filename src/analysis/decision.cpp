#include "leadlab/analysis/decision.hpp"

namespace leadlab {

std::string PlanAdherence::describe() const {
  if (test_entries == 0) return "no test occasions logged";
  return "as planned in " + std::to_string(test_entries - off_plan) + " of " +
         std::to_string(test_entries) + " test occasions";
}

PlanAdherence plan_adherence(const Experiment& e, std::span<const Entry> entries) {
  PlanAdherence a;
  for (const auto& entry : entries) {
    if (e.phase_of(entry.date) != Phase::kTesting) continue;
    ++a.test_entries;
    if (!entry.as_planned) ++a.off_plan;
  }
  return a;
}

DecisionSuggestion suggest_decision(const Experiment& e, const ExperimentAnalysis& analysis,
                                    const PlanAdherence& adherence) {
  // More than a third of the occasions off plan: the change was not really tested.
  if (adherence.test_entries > 0 && adherence.off_plan * 3 > adherence.test_entries) {
    return {"adapt", "the change was not carried out as planned (" + adherence.describe() +
                         "): make it smaller or easier and test it again"};
  }
  const Metric* headline = headline_metric(e);
  const MetricReport* report = headline ? analysis.find(headline->name) : nullptr;
  if (report == nullptr || report->analysis.comparison.adequacy == Adequacy::kNotEnoughData) {
    return {"adapt",
            "there is not enough data to judge: adapt the plan (more occasions, or "
            "an easier way to count) and keep testing"};
  }
  const auto& c = report->analysis.comparison;
  const auto& chart = report->analysis.run_chart;
  // An effect whose interval contains 0.5 is no evidence either way (verdict.hpp).
  const bool undecided = c.nap_ci && c.nap_ci->contains(0.5);
  if (undecided && c.nap && *c.nap > 0.5) {
    const std::optional<int> k = more_test_points_to_settle(*c.nap, c.baseline.n, c.test.n);
    return {"adapt", headline->name +
                         " moved the right way but is not yet distinguishable from no change: "
                         "keep testing" +
                         (k ? " (about " + std::to_string(*k) + " more test " +
                                  (*k == 1 ? "point" : "points") + " like these would settle it)"
                            : "") +
                         ", adapting the change if it is hard to carry out"};
  }
  const bool signal = (chart.shift && chart.shift->better) ||
                      (chart.trend && chart.trend->better) || (chart.cdc && chart.cdc->signal) ||
                      (!undecided && c.nap_band && *c.nap_band != NapBand::kWeak);
  const bool success = analysis.success && analysis.success->result
                           ? analysis.success->result->state == RuleState::kMet
                           : c.nap && *c.nap >= 0.66;
  if (signal && success && !undecided) {
    return {"adopt", headline->name + " improved against the baseline" +
                         (analysis.success ? " and the success rule is met" : "") +
                         ": adopt it, then try the same change in a new context"};
  }
  if (signal) {
    return {"adapt", headline->name +
                         " moved the right way, but not as far as planned: adapt "
                         "the change and test again"};
  }
  return {"abandon", "the change was carried out but " + headline->name +
                         " shows no clear change: abandon it and try another behaviour"};
}

std::optional<std::string> data_shortfall(const Experiment& e, const ExperimentAnalysis& analysis) {
  const Metric* headline = headline_metric(e);
  const MetricReport* report = headline ? analysis.find(headline->name) : nullptr;
  if (report != nullptr && report->analysis.comparison.adequacy != Adequacy::kNotEnoughData)
    return std::nullopt;
  int baseline = 0;
  int test = 0;
  if (report != nullptr) {
    baseline = report->analysis.comparison.baseline.n;
    test = report->analysis.comparison.test.n;
  }
  auto points = [](int n, const char* phase) {
    return std::to_string(n) + " " + phase + (n == 1 ? " point" : " points");
  };
  return points(baseline, "baseline") + " and " + points(test, "test") +
         " cannot support a decision: leadlab judges a change from " +
         std::to_string(kMinPhasePoints) + " points in each phase (" +
         std::to_string(kVerdictPhasePoints) + " for a verdict)";
}

bool decisive(std::string_view decision) { return decision == "adopt" || decision == "abandon"; }

}  // namespace leadlab
