// Is the change working? Baseline-against-test statistics, run-chart signals, the success
// rule and an honest verdict sentence, as pure functions over a metric's values.
//
// Everything here takes values in time order and returns values: no database, no terminal.
// Each statistic cites its formula and source where it is declared. Every string produced
// here is pure ASCII, so the same text serves `--ascii` terminals, Markdown and JSON.
#pragma once

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "leadlab/model/error.hpp"
#include "leadlab/model/model.hpp"
#include "leadlab/model/success_rule.hpp"

namespace leadlab {

// ---------------------------------------------------------------------------------------
// One phase
// ---------------------------------------------------------------------------------------

// Count, median and mean of one phase's values. median and mean are nullopt for no values.
struct PhaseStats {
  int n = 0;
  std::optional<double> median;
  std::optional<double> mean;
};

// The finite values of `values`, in order. Every function here drops NaN and infinities
// first: they are not observations and cannot be ordered (sorting them is undefined
// behaviour), so counts and indices below refer to the finite values only.
std::vector<double> finite_values(std::span<const double> values);

// The median of `values` (the mean of the two middle values for an even count), or nullopt
// when there are none.
std::optional<double> median_of(std::span<const double> values);

PhaseStats phase_stats(std::span<const double> values);

// ---------------------------------------------------------------------------------------
// How much data
// ---------------------------------------------------------------------------------------

// What the data can carry, judged by the smaller phase (What Works Clearinghouse standards:
// 3 points to count, 5 to meet the standard).
enum class Adequacy { kNotEnoughData, kProvisional, kVerdict };
inline constexpr int kMinPhasePoints = 3;      // fewer: "not enough data"
inline constexpr int kVerdictPhasePoints = 5;  // at least this many in both: "verdict"

// "not enough data", "provisional" or "verdict" (these exact strings are the JSON values).
std::string_view to_string(Adequacy adequacy);

// < 3 points in the smaller phase: not enough data; 3-4: provisional; >= 5: verdict.
Adequacy adequacy_of(int baseline_points, int test_points);

// ---------------------------------------------------------------------------------------
// Baseline (A) against test (B)
// ---------------------------------------------------------------------------------------

// The usual reading of NAP: weak < 0.66 <= medium < 0.93 <= strong.
enum class NapBand { kWeak, kMedium, kStrong };
std::string_view to_string(NapBand band);  // "weak", "medium", "strong"
NapBand nap_band(double nap);

// Whether the baseline was already moving before the change, judged from the baseline's
// Kendall tau (mirrored, so positive means "getting better"). leadlab's own heuristic, not
// a published cut-off: |tau_A| >= 0.4 with at least 3 baseline points. With 3 points only
// a monotone baseline (tau 1) or one with a tie (tau 0.67) reaches it; with 5 points, 7 of
// the 10 pairs must agree. It is deliberately sensitive because it only adds a warning to a
// verdict: a needless warning costs one sentence, a missed one lets a trend that was already
// under way pass for the effect of the change. With 2 points tau is always -1, 0 or 1 and
// says nothing, so no flag is raised.
enum class BaselineDrift { kNone, kImproving, kWorsening };
inline constexpr double kDriftTau = 0.4;
inline constexpr int kDriftMinPoints = 3;
std::string_view to_string(BaselineDrift drift);  // "none", "improving", "worsening"

// The Tau-U variant computed here, for output next to the number (implementations differ).
inline constexpr std::string_view kTauUVariant =
    "Tau-U (A vs B, baseline trend corrected; Parker et al. 2011, SingleCaseES Tau_U)";

// Baseline A (m points) against test B (n points). Effect sizes are "mirrored" for
// Direction::kDown, i.e. computed as if every value were negated, so that for nap, tau,
// baseline_tau, tau_u and pnd higher always means better. Medians, means and changes are
// raw values. Effect sizes are computed whenever both phases have a point (they are facts
// about the data); whether they may be read as a verdict is `adequacy`'s call.
struct Comparison {
  Direction direction = Direction::kUp;
  PhaseStats baseline;
  PhaseStats test;
  std::optional<double> median_change;  // test median - baseline median, raw
  std::optional<double> mean_change;    // test mean - baseline mean, raw
  Adequacy adequacy = Adequacy::kNotEnoughData;
  // NAP = (#{B better than A} + 0.5 #{ties}) / (m n) over all m n pairs (Parker & Vannest
  // 2009); the share of pairs in which the test point is better. nullopt if m or n is 0.
  std::optional<double> nap;
  std::optional<NapBand> nap_band;
  std::optional<double> tau;  // S_AB / (m n) = 2 NAP - 1
  // Kendall tau_a of the baseline against time, S_AA / (m (m - 1) / 2), ties not
  // corrected; positive = the baseline was getting better. nullopt if m < 2.
  std::optional<double> baseline_tau;
  BaselineDrift baseline_drift = BaselineDrift::kNone;
  // (S_AB - S_AA) / (m n): kTauUVariant. Not bounded by [-1, 1]. nullopt if m or n is 0.
  std::optional<double> tau_u;
  // Percentage of test points better than the best baseline point (Scruggs et al. 1987):
  // 100 #{b > max(A)} / n, or #{b < min(A)} for kDown. One baseline outlier dominates it,
  // so no verdict is based on it. nullopt if m or n is 0.
  std::optional<double> pnd;
};

// Compares the baseline with the test phase, each in time order.
Comparison compare_phases(std::span<const double> baseline, std::span<const double> test,
                          Direction direction);

// ---------------------------------------------------------------------------------------
// Run chart (Perla, Provost & Murray 2011; Anhøj & Olesen 2014)
// ---------------------------------------------------------------------------------------
//
// The centre line is the baseline median, frozen and extended into the test phase (as
// qicharts2 does with `freeze`). Which points each rule looks at:
//   - shift and trend: the test-phase points only. They are the signals of a change, and a
//     shift or trend inside the baseline is not evidence about the change (a baseline that
//     was already moving is reported by Comparison::baseline_drift instead).
//   - longest run and crossings (Anhøj): all points, baseline then test, against the
//     baseline median, as qicharts2 computes them for a frozen baseline.
// Without baseline points there is no centre line and therefore no signal: a median taken
// from the test phase itself could only say the test phase varies, not that it changed.
// The Anhøj limits are computed for any number of useful points, as qicharts2 does; they
// are meant for about 10 or more, and below that they can hardly be exceeded, so a short
// series simply shows no runs signal.

// A stretch of consecutive points that forms a signal. Indices are 0-based positions in the
// whole series, baseline first and then test (so the first test point is index m).
struct Stretch {
  int first = 0;
  int last = 0;
  int points = 0;       // points that count: on-median points and repeated values excluded
  bool higher = false;  // above the median (shift) or rising (trend)
  bool better = false;  // `higher` for Direction::kUp, `!higher` for kDown
};

inline constexpr int kShiftPoints = 6;  // a shift is at least 6 points on one side
inline constexpr int kTrendPoints = 5;  // a trend is at least 5 points rising or falling

struct RunChart {
  std::optional<double> centre;  // the baseline median; nullopt without baseline points
  // The longest shift in the test phase (at least 6 consecutive points on one side of the
  // centre; points on the centre neither count nor break it), the latest one on a tie.
  std::optional<Stretch> shift;
  // The longest trend in the test phase (at least 5 consecutive points each higher, or
  // each lower, than the one before; a point equal to its predecessor is skipped, so equal
  // neighbours count once), the latest one on a tie.
  std::optional<Stretch> trend;
  int n_useful = 0;                      // points not on the centre, whole series
  int longest_run = 0;                   // longest run of consecutive useful points on one side
  int crossings = 0;                     // times consecutive useful points switch side
  std::optional<int> longest_run_limit;  // signal when longest_run > limit; nullopt if n = 0
  std::optional<int> crossings_limit;    // signal when crossings < limit; nullopt if n = 0
  bool longest_run_signal = false;
  bool crossings_signal = false;
};

// The run-chart signals of a series split into baseline and test, each in time order.
RunChart analyse_run_chart(std::span<const double> baseline, std::span<const double> test,
                           Direction direction);

// Anhøj's upper limit for the longest run among `n_useful` >= 1 useful points:
// round(log2(n_useful) + 3). 10 -> 6, 20 -> 7, 30 -> 8.
int anhoej_longest_run_limit(int n_useful);

// Anhøj's lower limit for the number of crossings among `n_useful` >= 1 useful points: the
// 5th percentile of Binomial(n_useful - 1, 0.5) as R's qbinom(0.05, n - 1, 0.5) defines it,
// the smallest c with P(X <= c) >= 0.05 (used by Anhøj's qicharts2; since binomial
// probabilities here are k / 2^(n-1), never exactly 0.05, this equals the largest c with
// P(X < c) <= 0.05). Computed by summing the distribution in logs, which matches exact integer
// arithmetic for every n <= 60 (tested) and stays finite for long series: 10 -> 2, 20 -> 6,
// 30 -> 10.
int anhoej_crossings_limit(int n_useful);

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
//     with NAP, its band, Tau-U and the medians.
// A warning that the baseline was already moving is appended whenever baseline_drift says
// so, whatever the adequacy.
std::string verdict_sentence(std::string_view metric, const Comparison& comparison);

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
