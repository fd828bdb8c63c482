#include "leadlab/analysis/verdict.hpp"

#include <algorithm>
#include <cmath>

#include "leadlab/model/text.hpp"

namespace leadlab {

MetricAnalysis analyse_metric(std::span<const double> baseline, std::span<const double> test,
                              Direction direction) {
  return {compare_phases(baseline, test, direction), analyse_run_chart(baseline, test, direction)};
}

// ---------------------------------------------------------------------------------------
// Verdict sentence
// ---------------------------------------------------------------------------------------

namespace {

constexpr double kTolerance = 1e-9;

std::string num(double value) { return format_number(value, 2); }

}  // namespace

namespace {

// A bound with two decimals, or more when two would round it onto `no_change` (a lower bound
// of 0.501 must not read "0.5", which would say the interval touches no change).
std::string bound(double value, double no_change) {
  for (int decimals = 2; decimals < 6; ++decimals) {
    const std::string text = format_number(value, decimals);
    if (value == no_change || text != format_number(no_change, decimals)) return text;
  }
  return format_number(value, 6);
}

}  // namespace

std::string interval_text(const Interval& ci, double no_change) {
  return "95% CI " + bound(ci.low, no_change) + " to " + bound(ci.high, no_change);
}

namespace {

std::string points(int n, std::string_view what = "point") {
  return std::to_string(n) + " " + std::string(what) + (n == 1 ? "" : "s");
}

// "1 more baseline point and 2 more test points" to reach `target` in each phase.
std::string more_needed(const Comparison& c, int target) {
  std::string out;
  if (c.baseline.n < target) out = points(target - c.baseline.n, "more baseline point");
  if (c.test.n < target)
    out += (out.empty() ? "" : " and ") + points(target - c.test.n, "more test point");
  return out;
}

// What the comparison supports. A change is called an improvement (or a decline) only when
// NAP's 95% interval leaves out 0.5, "no change", whatever the point estimate; between
// 0.34 and 0.66 the change is too small to call either way.
enum class Outcome { kImproved, kWorse, kNoClearChange, kUndecided };

Outcome outcome(const Comparison& c) {
  if (c.nap_ci->contains(0.5)) return Outcome::kUndecided;
  if (*c.nap >= 0.66) return Outcome::kImproved;
  if (*c.nap <= 0.34) return Outcome::kWorse;
  return Outcome::kNoClearChange;
}

std::string_view outcome_words(Outcome o) {
  switch (o) {
    case Outcome::kImproved:
      return "improved";
    case Outcome::kWorse:
      return "got worse";
    case Outcome::kNoClearChange:
      return "showed no clear change";
    case Outcome::kUndecided:
      return "is not yet distinguishable from no change";
  }
  return "showed no clear change";
}

std::string figures(const Comparison& c) {
  std::string out = "NAP " + num(*c.nap) + " (";
  if (*c.nap > 0.34) out += std::string(to_string(*c.nap_band)) + ", ";
  out += interval_text(*c.nap_ci, 0.5) + ")";
  if (c.tau_bc)
    out += ", Tau-BC " + num(c.tau_bc->tau) + " (" + interval_text(c.tau_bc->ci, 0) + ")";
  out += "; median " + num(*c.baseline.median) + " -> " + num(*c.test.median);
  return out;
}

// An improvement that the baseline's own trend may explain: Tau-BC's interval reaches 0 (the
// test phase is not clearly above where the baseline's line was heading) or lies below it.
std::string trend_caveat(const Comparison& c) {
  if (!c.tau_bc || c.tau_bc->ci.low > 0) return "";
  if (c.tau_bc->ci.high < 0)
    return " But corrected for the baseline's own trend (Tau-BC) the test phase is worse than "
           "that trend predicted: the baseline's drift, not the change, may explain it.";
  return " Corrected for the baseline's own trend (Tau-BC), the change is not yet "
         "distinguishable from that trend going on.";
}

// What more data would settle an undecided comparison, when that can be computed.
std::string settle_hint(const Comparison& c) {
  const std::optional<int> k = more_test_points_to_settle(*c.nap, c.baseline.n, c.test.n);
  if (!k) return "";
  return " About " + points(*k, "more test point") +
         " like these would settle it (NAP's interval would then leave out 0.5, no change).";
}

std::string drift_warning(const Comparison& c) {
  if (c.baseline_drift == BaselineDrift::kNone) return "";
  const bool improving = c.baseline_drift == BaselineDrift::kImproving;
  const bool up = c.direction == Direction::kUp;
  const double raw_tau = up ? *c.baseline_tau : -*c.baseline_tau;
  std::string out = " Note: the baseline was already ";
  out += (improving == up) ? "rising" : "falling";
  out += improving ? " (the better direction)" : " (the worse direction)";
  out += " before the change (Kendall tau " + num(raw_tau) + ")";
  out += improving ? ", so part of any improvement may not be due to the change."
                   : "; compare with care.";
  return out;
}

std::string assessment(std::string_view metric, const Comparison& c) {
  const std::string who =
      std::string(metric) + (c.direction == Direction::kDown ? " (lower is better)" : "");
  if (c.baseline.n == 0 && c.test.n == 0) return who + ": no data yet.";
  if (c.baseline.n == 0)
    return who + ": no before/after comparison, because nothing was logged before the test " +
           "started (" + points(c.test.n) + " in the test phase, median " + num(*c.test.median) +
           ").";
  if (c.adequacy == Adequacy::kNotEnoughData)
    return who + ": not enough data yet, so no verdict: " + points(c.baseline.n, "baseline point") +
           " and " + points(c.test.n, "test point") + "; each phase needs at least " +
           std::to_string(kMinPhasePoints) + " (" + more_needed(c, kMinPhasePoints) + ") and " +
           std::to_string(kVerdictPhasePoints) + " for a verdict.";
  const Outcome o = outcome(c);
  std::string sentence = who + " ";
  if (c.adequacy == Adequacy::kProvisional && o != Outcome::kUndecided)
    sentence += "provisionally ";
  sentence += std::string(outcome_words(o)) + ": " + figures(c) + ".";
  if (o == Outcome::kUndecided) sentence += settle_hint(c);
  if (o == Outcome::kImproved) sentence += trend_caveat(c);
  if (c.adequacy == Adequacy::kProvisional)
    sentence += " Only " + points(c.baseline.n, "baseline point") + " and " +
                points(c.test.n, "test point") + ": a verdict needs " +
                more_needed(c, kVerdictPhasePoints) + ".";
  return sentence;
}

}  // namespace

std::string verdict_sentence(std::string_view metric, const Comparison& comparison) {
  return assessment(metric, comparison) + drift_warning(comparison);
}

// ---------------------------------------------------------------------------------------
// Success rule
// ---------------------------------------------------------------------------------------

namespace {

bool compare(double value, Comparator op, double threshold) {
  // Within the tolerance the two count as equal, whatever binary rounding did.
  const bool equal = std::abs(value - threshold) <= kTolerance * std::max(1.0, std::abs(threshold));
  switch (op) {
    case Comparator::kGreaterEqual:
      return equal || value > threshold;
    case Comparator::kGreater:
      return !equal && value > threshold;
    case Comparator::kLessEqual:
      return equal || value < threshold;
    case Comparator::kLess:
      return !equal && value < threshold;
    case Comparator::kEqual:
      return equal;
  }
  return false;
}

std::optional<double> clause_value(RuleFunction function, const Comparison& c) {
  switch (function) {
    case RuleFunction::kNap:
      return c.nap;
    case RuleFunction::kTau:
      return c.tau;
    case RuleFunction::kTauU:
      return c.tau_u;
    case RuleFunction::kPnd:
      return c.pnd;
    case RuleFunction::kMedian:
      return c.test.median;
    case RuleFunction::kMean:
      return c.test.mean;
    case RuleFunction::kShift:
    case RuleFunction::kTrend:
      return std::nullopt;
  }
  return std::nullopt;
}

// The value as shown next to its threshold: with more digits when two decimals would make
// a value that misses the threshold look equal to it.
std::string shown(double value, double threshold) {
  const std::string two = format_number(value, 2);
  if (two == format_number(threshold, 2) && !compare(value, Comparator::kEqual, threshold))
    return format_number(value, 6);
  return two;
}

std::string describe_signal(const RuleClause& clause, const RunChart& chart, bool& met) {
  const bool shift = clause.function == RuleFunction::kShift;
  const std::optional<Stretch>& found = shift ? chart.shift : chart.trend;
  met = found && found->better;
  const std::string median = "the baseline median " + num(*chart.centre);
  if (!found)
    return shift ? "no " + std::to_string(kShiftPoints) + " test points in a row on one side of " +
                       median
                 : "no " + std::to_string(kTrendPoints) + " test points in a row rising or falling";
  std::string out = std::to_string(found->points) + " test points in a row ";
  if (shift)
    out += (found->higher ? "above " : "below ") + median;
  else
    out += found->higher ? "rising" : "falling";
  if (!found->better) out += shift ? ", the worse side" : ", the worse direction";
  return out;
}

ClauseResult evaluate_clause(const RuleClause& clause, const MetricAnalysis* analysis) {
  ClauseResult r{clause, RuleState::kNotEnoughData, false, std::nullopt, ""};
  const std::string call = std::string(to_string(clause.function)) + "(" + clause.metric + ")";
  if (!analysis) {
    r.explanation = call + ": not enough data (no values)";
    return r;
  }
  const Comparison& c = analysis->comparison;
  if (c.adequacy == Adequacy::kNotEnoughData) {
    r.explanation = call + ": not enough data (" + points(c.baseline.n, "baseline point") +
                    " and " + points(c.test.n, "test point") + "; each phase needs " +
                    std::to_string(kMinPhasePoints) + ")";
    return r;
  }
  r.provisional = c.adequacy == Adequacy::kProvisional;
  const std::string caveat = r.provisional ? " (provisional: fewer than 5 points in a phase)" : "";
  bool met = false;
  if (!takes_comparison(clause.function)) {
    const std::string why = describe_signal(clause, analysis->run_chart, met);
    r.state = met ? RuleState::kMet : RuleState::kNotMet;
    r.explanation = call + ": " + std::string(to_string(r.state)) + " (" + why + ")" + caveat;
    return r;
  }
  r.value = clause_value(clause.function, c);
  if (!r.value) {
    r.explanation = call + ": not enough data (no value)";
    return r;
  }
  met = compare(*r.value, *clause.comparator, clause.threshold);
  r.state = met ? RuleState::kMet : RuleState::kNotMet;
  const bool mirrored = c.direction == Direction::kDown &&
                        clause.function != RuleFunction::kMedian &&
                        clause.function != RuleFunction::kMean;
  r.explanation = call + " = " + shown(*r.value, clause.threshold) + " " +
                  std::string(to_string(*clause.comparator)) + " " + clause.threshold_text + ": " +
                  std::string(to_string(r.state)) +
                  (mirrored ? " (mirrored: lower is better)" : "") + caveat;
  return r;
}

}  // namespace

std::string_view to_string(RuleState state) {
  switch (state) {
    case RuleState::kMet:
      return "met";
    case RuleState::kNotMet:
      return "not met";
    case RuleState::kNotEnoughData:
      return "not enough data";
  }
  return "not enough data";
}

RuleResult evaluate_rule(const SuccessRule& rule, const RuleLookup& lookup) {
  RuleResult result;
  bool any_missing = false;
  bool any_not_met = false;
  for (const RuleClause& clause : rule.clauses()) {
    result.clauses.push_back(evaluate_clause(clause, lookup(clause.metric)));
    const ClauseResult& r = result.clauses.back();
    any_missing |= r.state == RuleState::kNotEnoughData;
    any_not_met |= r.state == RuleState::kNotMet;
    result.provisional |= r.provisional;
  }
  result.state = any_missing   ? RuleState::kNotEnoughData
                 : any_not_met ? RuleState::kNotMet
                               : RuleState::kMet;
  if (any_missing) result.provisional = false;
  return result;
}

}  // namespace leadlab
