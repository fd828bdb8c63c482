#include "leadlab/analysis/analysis.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <system_error>
#include <utility>

#include "leadlab/model/text.hpp"

namespace leadlab {
namespace {

using Count = std::int64_t;

constexpr double kTolerance = 1e-9;

double ratio(Count part, Count whole) {
  return static_cast<double>(part) / static_cast<double>(whole);
}

// The values as "higher is better": negating them for kDown flips every comparison at once,
// which is exactly the mirroring NAP, Tau, Tau-U, PND and the baseline trend need.
std::vector<double> oriented(std::span<const double> values, Direction direction) {
  std::vector<double> out(values.begin(), values.end());
  if (direction == Direction::kDown)
    for (double& v : out) v = -v;
  return out;
}

// Kendall's S of values against time: sum over i < j of sign(v[j] - v[i]). A Fenwick tree
// over the ranks counts, for each point, the earlier points below and above it, so a long
// baseline costs O(m log m) rather than O(m^2).
Count kendall_s(const std::vector<double>& values) {
  std::vector<double> ranks = values;
  std::sort(ranks.begin(), ranks.end());
  ranks.erase(std::unique(ranks.begin(), ranks.end()), ranks.end());
  std::vector<Count> tree(ranks.size() + 1, 0);
  auto seen_below = [&tree](std::size_t rank) {  // earlier points with rank < `rank`
    Count sum = 0;
    for (std::size_t i = rank; i > 0; i -= i & (~i + 1)) sum += tree[i];
    return sum;
  };
  Count s = 0;
  for (std::size_t j = 0; j < values.size(); ++j) {
    const auto rank = static_cast<std::size_t>(
        std::lower_bound(ranks.begin(), ranks.end(), values[j]) - ranks.begin());
    const Count below = seen_below(rank);
    const Count above = static_cast<Count>(j) - seen_below(rank + 1);
    s += below - above;
    for (std::size_t i = rank + 1; i < tree.size(); i += i & (~i + 1)) ++tree[i];
  }
  return s;
}

// For every (a, b) pair: is b better than, equal to or worse than a. Sorting A turns each
// test point's count into two binary searches.
struct PairCounts {
  Count better = 0;
  Count ties = 0;
  Count worse = 0;
};

PairCounts count_pairs(std::vector<double> a, const std::vector<double>& b) {
  std::sort(a.begin(), a.end());
  PairCounts counts;
  for (double v : b) {
    const auto below = std::lower_bound(a.begin(), a.end(), v) - a.begin();
    const auto at_or_below = std::upper_bound(a.begin(), a.end(), v) - a.begin();
    counts.better += below;
    counts.ties += at_or_below - below;
    counts.worse += static_cast<Count>(a.size()) - at_or_below;
  }
  return counts;
}

BaselineDrift drift_of(std::optional<double> baseline_tau, int m) {
  if (!baseline_tau || m < kDriftMinPoints) return BaselineDrift::kNone;
  if (*baseline_tau >= kDriftTau - kTolerance) return BaselineDrift::kImproving;
  if (*baseline_tau <= -kDriftTau + kTolerance) return BaselineDrift::kWorsening;
  return BaselineDrift::kNone;
}

// Fills in the effect sizes, which need at least one point in each phase.
void add_effect_sizes(Comparison& c, const std::vector<double>& a, const std::vector<double>& b) {
  const auto m = static_cast<Count>(a.size());
  const auto n = static_cast<Count>(b.size());
  const Count s_aa = kendall_s(a);
  if (m >= 2) c.baseline_tau = ratio(s_aa, m * (m - 1) / 2);
  c.baseline_drift = drift_of(c.baseline_tau, static_cast<int>(m));
  if (m == 0 || n == 0) return;
  const PairCounts pairs = count_pairs(a, b);
  // Twice the NAP numerator keeps the ties' half exact in integers.
  c.nap = ratio(2 * pairs.better + pairs.ties, 2 * m * n);
  c.nap_band = nap_band(*c.nap);
  const Count s_ab = pairs.better - pairs.worse;
  c.tau = ratio(s_ab, m * n);
  c.tau_u = ratio(s_ab - s_aa, m * n);
  const double best = *std::max_element(a.begin(), a.end());
  const auto above = std::count_if(b.begin(), b.end(), [best](double v) { return v > best; });
  c.pnd = 100.0 * ratio(above, n);
}

}  // namespace

// ---------------------------------------------------------------------------------------
// One phase, how much data, bands
// ---------------------------------------------------------------------------------------

std::vector<double> finite_values(std::span<const double> values) {
  std::vector<double> out;
  out.reserve(values.size());
  for (double v : values)
    if (std::isfinite(v)) out.push_back(v);
  return out;
}

std::optional<double> median_of(std::span<const double> values) {
  std::vector<double> v = finite_values(values);
  if (v.empty()) return std::nullopt;
  const std::size_t mid = v.size() / 2;
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid), v.end());
  if (v.size() % 2 == 1) return v[mid];
  // After nth_element the lower middle value is the largest of the lower half.
  const double lower = *std::max_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid));
  return lower + (v[mid] - lower) / 2;  // no overflow for huge values
}

PhaseStats phase_stats(std::span<const double> values) {
  const std::vector<double> v = finite_values(values);
  PhaseStats stats;
  stats.n = static_cast<int>(v.size());
  stats.median = median_of(v);
  if (!v.empty())
    stats.mean = std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
  return stats;
}

std::string_view to_string(Adequacy adequacy) {
  switch (adequacy) {
    case Adequacy::kNotEnoughData:
      return "not enough data";
    case Adequacy::kProvisional:
      return "provisional";
    case Adequacy::kVerdict:
      return "verdict";
  }
  return "not enough data";
}

Adequacy adequacy_of(int baseline_points, int test_points) {
  const int smaller = std::min(baseline_points, test_points);
  if (smaller < kMinPhasePoints) return Adequacy::kNotEnoughData;
  if (smaller < kVerdictPhasePoints) return Adequacy::kProvisional;
  return Adequacy::kVerdict;
}

std::string_view to_string(NapBand band) {
  switch (band) {
    case NapBand::kWeak:
      return "weak";
    case NapBand::kMedium:
      return "medium";
    case NapBand::kStrong:
      return "strong";
  }
  return "weak";
}

NapBand nap_band(double nap) {
  if (nap < 0.66) return NapBand::kWeak;
  if (nap < 0.93) return NapBand::kMedium;
  return NapBand::kStrong;
}

std::string_view to_string(BaselineDrift drift) {
  switch (drift) {
    case BaselineDrift::kNone:
      return "none";
    case BaselineDrift::kImproving:
      return "improving";
    case BaselineDrift::kWorsening:
      return "worsening";
  }
  return "none";
}

Comparison compare_phases(std::span<const double> all_baseline, std::span<const double> all_test,
                          Direction direction) {
  const std::vector<double> baseline = finite_values(all_baseline);
  const std::vector<double> test = finite_values(all_test);
  Comparison c;
  c.direction = direction;
  c.baseline = phase_stats(baseline);
  c.test = phase_stats(test);
  if (c.baseline.n > 0 && c.test.n > 0) {
    c.median_change = *c.test.median - *c.baseline.median;
    c.mean_change = *c.test.mean - *c.baseline.mean;
  }
  c.adequacy = adequacy_of(c.baseline.n, c.test.n);
  add_effect_sizes(c, oriented(baseline, direction), oriented(test, direction));
  return c;
}

// ---------------------------------------------------------------------------------------
// Run chart
// ---------------------------------------------------------------------------------------

namespace {

// Keeps `candidate` when it is at least as long as `best`: on a tie the later stretch wins,
// because it says more about where the series is now.
void keep_longest(std::optional<Stretch>& best, const Stretch& candidate) {
  if (!best || candidate.points >= best->points) best = candidate;
}

// Maximal runs of consecutive points on one side of `centre`, skipping points on it.
// `offset` is the series index of values[0].
std::vector<Stretch> runs_around(std::span<const double> values, double centre, int offset) {
  std::vector<Stretch> runs;
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (values[i] == centre) continue;  // on the median: neither counts nor breaks a run
    const bool higher = values[i] > centre;
    const int index = offset + static_cast<int>(i);
    if (runs.empty() || runs.back().higher != higher)
      runs.push_back({index, index, 0, higher, false});
    runs.back().last = index;
    ++runs.back().points;
  }
  return runs;
}

std::optional<Stretch> find_shift(std::span<const double> test, double centre, int offset) {
  std::optional<Stretch> best;
  for (const Stretch& run : runs_around(test, centre, offset))
    if (run.points >= kShiftPoints) keep_longest(best, run);
  return best;
}

// A trend over the test points. A point equal to its predecessor is skipped (equal
// neighbours count once); among the rest, a stretch of steps in one direction is a trend
// candidate, and the turning point between two stretches belongs to both.
std::optional<Stretch> find_trend(std::span<const double> test, int offset) {
  std::vector<int> kept;
  for (std::size_t i = 0; i < test.size(); ++i)
    if (i == 0 || test[i] != test[i - 1]) kept.push_back(static_cast<int>(i));
  auto rising = [&](std::size_t k) { return test[kept[k]] > test[kept[k - 1]]; };
  std::optional<Stretch> best;
  std::size_t start = 0;
  for (std::size_t k = 1; k < kept.size(); ++k) {
    if (k > 1 && rising(k) != rising(k - 1)) start = k - 1;
    const Stretch candidate{offset + kept[start], offset + kept[k], static_cast<int>(k - start + 1),
                            rising(k), false};
    if (candidate.points >= kTrendPoints) keep_longest(best, candidate);
  }
  return best;
}

}  // namespace

int anhoej_longest_run_limit(int n_useful) {
  return static_cast<int>(std::lround(std::log2(static_cast<double>(n_useful)) + 3.0));
}

int anhoej_crossings_limit(int n_useful) {
  const int trials = n_useful - 1;
  // Sum P(X = c) upwards until the tail reaches 5 %. The probabilities are built in logs,
  // because 0.5^trials underflows for long series.
  double log_p = -static_cast<double>(trials) * std::log(2.0);
  double cumulative = 0;
  for (int c = 0; c < trials; ++c) {
    cumulative += std::exp(log_p);
    if (cumulative >= 0.05) return c;
    log_p += std::log(static_cast<double>(trials - c)) - std::log(static_cast<double>(c + 1));
  }
  return std::max(trials, 0);
}

RunChart analyse_run_chart(std::span<const double> all_baseline, std::span<const double> all_test,
                           Direction direction) {
  const std::vector<double> baseline = finite_values(all_baseline);
  const std::vector<double> test = finite_values(all_test);
  RunChart chart;
  chart.centre = median_of(baseline);
  if (!chart.centre) return chart;
  const int m = static_cast<int>(baseline.size());
  auto mark_better = [direction](std::optional<Stretch>& s) {
    if (s) s->better = s->higher == (direction == Direction::kUp);
  };
  chart.shift = find_shift(test, *chart.centre, m);
  mark_better(chart.shift);
  chart.trend = find_trend(test, m);
  mark_better(chart.trend);

  std::vector<double> all = baseline;
  all.insert(all.end(), test.begin(), test.end());
  const std::vector<Stretch> runs = runs_around(all, *chart.centre, 0);
  for (const Stretch& run : runs) {
    chart.n_useful += run.points;
    chart.longest_run = std::max(chart.longest_run, run.points);
  }
  if (chart.n_useful == 0) return chart;
  chart.crossings = static_cast<int>(runs.size()) - 1;
  chart.longest_run_limit = anhoej_longest_run_limit(chart.n_useful);
  chart.crossings_limit = anhoej_crossings_limit(chart.n_useful);
  chart.longest_run_signal = chart.longest_run > *chart.longest_run_limit;
  chart.crossings_signal = chart.crossings < *chart.crossings_limit;
  return chart;
}

MetricAnalysis analyse_metric(std::span<const double> baseline, std::span<const double> test,
                              Direction direction) {
  return {compare_phases(baseline, test, direction), analyse_run_chart(baseline, test, direction)};
}

// ---------------------------------------------------------------------------------------
// Verdict sentence
// ---------------------------------------------------------------------------------------

namespace {

std::string num(double value) { return format_number(value, 2); }

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

// NAP's midpoint band (0.34, 0.66) reads as "no clear change" in either direction.
std::string_view outcome(double nap) {
  if (nap >= 0.66) return "improved";
  if (nap <= 0.34) return "got worse";
  return "showed no clear change";
}

std::string figures(const Comparison& c) {
  std::string out = "NAP " + num(*c.nap);
  if (*c.nap > 0.34) out += " (" + std::string(to_string(*c.nap_band)) + ")";
  out += ", Tau-U " + num(*c.tau_u);
  out += "; median " + num(*c.baseline.median) + " -> " + num(*c.test.median);
  return out;
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
  std::string sentence = who + " ";
  if (c.adequacy == Adequacy::kProvisional) sentence += "provisionally ";
  sentence += std::string(outcome(*c.nap)) + ": " + figures(c) + ".";
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
