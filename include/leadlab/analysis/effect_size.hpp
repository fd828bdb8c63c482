// Baseline (A) against test (B): each phase's count, median and mean, how much data there
// is, and the effect sizes NAP (with its standard error and interval), Tau, Tau-BC, Tau-U
// and PND with the baseline's own drift, as pure
// functions over a metric's values (part of analysis.hpp).
//
// Each statistic cites its formula and source where it is declared. Every string produced
// here is pure ASCII, so the same text serves `--ascii` terminals, Markdown and JSON.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "leadlab/analysis/intervals.hpp"
#include "leadlab/model/model.hpp"

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

// The Theil-Sen line through `values` in time order (Sen 1968): the slope is the median of
// the slopes between every pair of points, the intercept the median of y - slope * x. One
// outlier cannot tilt it, as it would a least-squares line: the baseline's own trend, which
// the charts extend into the test phase. Non-finite values are left out where they stand
// (the others keep their x); nullopt with fewer than 2 finite values.
std::optional<TrendLine> theil_sen(std::span<const double> values);

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

// How the m n (baseline, test) pairs compare, in the better direction (mirrored for
// Direction::kDown): the test point better, equal, or worse. better + ties + worse = m n, and
// NAP = (better + ties / 2) / (m n). The counts behind NAP, for saying it in words.
struct PairCounts {
  std::int64_t better = 0;
  std::int64_t ties = 0;
  std::int64_t worse = 0;
  std::int64_t total() const { return better + ties + worse; }
};

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
  std::optional<PairCounts> pairs;  // the pairs NAP counts; nullopt if m or n is 0
  std::optional<NapBand> nap_band;
  // NAP's standard error (unbiased estimator, Sen 1967 / Mee 1990; intervals.hpp); nullopt
  // when m or n is below 2.
  std::optional<double> nap_se;
  // NAP's 95% confidence interval (Newcombe 2006, Method 5; intervals.hpp). nullopt if m or
  // n is 0. A verdict never calls a change an improvement (or a decline) while it contains
  // 0.5, the value of "no change".
  std::optional<Interval> nap_ci;
  std::optional<double> tau;       // S_AB / (m n) = 2 NAP - 1
  std::optional<Interval> tau_ci;  // 2 nap_ci - 1
  // Tau-BC (Tarlow 2017): Tau after removing the baseline's Theil-Sen line from both phases,
  // with that line (slope and intercept against session number 1..m, mirrored for kDown)
  // and its interval, which leaves out the uncertainty of the correction itself. The
  // trend-aware effect leadlab reads and shows; nullopt if m < 2 or n is 0.
  std::optional<TauBc> tau_bc;
  // Kendall tau_a of the baseline against time, S_AA / (m (m - 1) / 2), ties not
  // corrected; positive = the baseline was getting better. nullopt if m < 2.
  std::optional<double> baseline_tau;
  BaselineDrift baseline_drift = BaselineDrift::kNone;
  // (S_AB - S_AA) / (m n): kTauUVariant. Not bounded by [-1, 1]: |S_AB| <= m n and |S_AA| <=
  // m (m - 1) / 2, so |tau_u| <= 1 + (m - 1) / (2 n), reached when the test beats (or loses to)
  // every baseline point and the baseline moved strictly the other way. nullopt if m or n is 0.
  std::optional<double> tau_u;
  // Percentage of test points better than the best baseline point (Scruggs et al. 1987):
  // 100 #{b > max(A)} / n, or #{b < min(A)} for kDown. One baseline outlier dominates it,
  // so no verdict is based on it. nullopt if m or n is 0.
  std::optional<double> pnd;
};

// Compares the baseline with the test phase, each in time order.
Comparison compare_phases(std::span<const double> baseline, std::span<const double> test,
                          Direction direction);

}  // namespace leadlab
