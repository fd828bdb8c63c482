// Run-chart signals of a metric split into baseline and test: shift, trend, longest run and
// crossings against the baseline median, with Anhøj's limits, and the conservative dual
// criterion (part of analysis.hpp).
#pragma once

#include <optional>
#include <span>

#include "leadlab/analysis/effect_size.hpp"
#include "leadlab/model/model.hpp"

namespace leadlab {

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

// The conservative dual criterion (Fisher, Kelley & Lomas 2003, J Appl Behav Anal 36:387):
// the baseline mean line and the baseline least-squares trend line (x = 0, 1, ... over the
// baseline, extended over the test phase at x = m, m + 1, ...), each moved by 0.25 of the
// baseline's sample standard deviation in the better direction. A test point counts when
// it lies strictly beyond both moved lines (above for Direction::kUp, below for kDown); a
// point on a line does not count. The signal is `beyond >= needed`, where `needed` is the
// binomial criterion for n test points: the smallest k with P(X >= k) <= 0.05 for
// X ~ Binomial(n, 0.5). A constant baseline (SD 0) moves the lines by nothing, so any test
// point strictly better than the constant counts.
inline constexpr int kCdcMinBaseline = 3;  // a trend line from fewer points says nothing
inline constexpr double kCdcShiftSd = 0.25;
struct Cdc {
  double mean = 0;            // the baseline mean (unmoved)
  TrendLine trend;            // the baseline least-squares line (unmoved), x from 0
  double offset = 0;          // 0.25 SD, signed: added to both lines (negative for kDown)
  int beyond = 0;             // test points beyond both moved lines
  std::optional<int> needed;  // nullopt for fewer than 5 test points (0.5^n > 0.05)
  bool signal = false;        // needed && beyond >= *needed
  double mean_line() const { return mean + offset; }
  double trend_line(double x) const { return trend.at(x) + offset; }
};

// The binomial criterion: the smallest k with P(X >= k) <= 0.05, X ~ Binomial(n, 0.5), or
// nullopt when even k = n is not rare enough (n < 5). 5 -> 5, 6 -> 6, 8 -> 7, 10 -> 9.
std::optional<int> cdc_needed(int test_points);

// The CDC of a series, or nullopt with fewer than kCdcMinBaseline baseline points or no
// test points.
std::optional<Cdc> analyse_cdc(std::span<const double> baseline, std::span<const double> test,
                               Direction direction);

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
  // The conservative dual criterion; nullopt with fewer than 3 baseline points or no test
  // points (then there is no trend line to extend, and no signal).
  std::optional<Cdc> cdc;
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

}  // namespace leadlab
