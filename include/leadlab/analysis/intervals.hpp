// How sure an effect size is: NAP's standard error and 95% confidence interval, the
// baseline-corrected Tau (Tau-BC) and how many more test points would settle an unclear
// result, as pure functions (part of analysis.hpp, used by effect_size.hpp).
//
// The formulas follow SingleCaseES (Pustejovsky, Chen & Swan), R/non-overlap-measures.R
// and its Tau_BC, with their defaults; docs/analysis.md works them through on the demo.
#pragma once

#include <optional>
#include <span>

namespace leadlab {

// A two-sided interval [low, high].
struct Interval {
  double low = 0;
  double high = 0;
  bool contains(double x) const { return low <= x && x <= high; }
};

// The confidence level of every interval leadlab shows, and its normal quantile
// z = qnorm(0.975).
inline constexpr double kConfidence = 0.95;
inline constexpr double kZ95 = 1.959963984540054;

// NAP's standard error by the exactly unbiased variance estimator (Sen 1967; Mee 1990), as
// SingleCaseES's SE = "unbiased": with q_ij = 1, 0.5 or 0 as test point j is better than,
// equal to or worse than baseline point i, Q1 = sum_i (sum_j q_ij)^2 / (m n^2),
// Q2 = sum_j (sum_i q_ij)^2 / (m^2 n), X = sum q_ij^2 / (m n),
// V = (NAP - (m + n - 1) NAP^2 + n Q1 + m Q2 - 2 X) / ((m - 1)(n - 1)), SE = sqrt(V).
// `a` and `b` are oriented (higher is better) and finite. A V below 0 (rounding, or a
// degenerate pattern) counts as 0. nullopt when m < 2 or n < 2 (the estimator divides by
// (m - 1)(n - 1)).
std::optional<double> nap_standard_error(std::span<const double> a, std::span<const double> b);

// NAP's 95% confidence interval by Newcombe's (2006) Method 5, score inversion, as
// SingleCaseES computes it: with h = (m + n) / 2 - 1,
// f(x) = m n (NAP - x)^2 (2 - x)(1 + x) - z^2 x (1 - x) (2 + h + (1 + 2h) x (1 - x));
// low = the root of f in [0, NAP] (0 when NAP = 0), high = the root in [NAP, 1] (1 when
// NAP = 1). f is positive at 0 and 1 and not positive at NAP, so each root is bracketed and
// found by bisection to 1e-12 (SingleCaseES's uniroot stops at about 1e-4, so its printed
// bounds agree with these to about 4 decimals). Needs m, n >= 1 and NAP in [0, 1].
Interval nap_interval(double nap, int m, int n);

// Tau's interval from NAP's: 2 low - 1, 2 high - 1 (SingleCaseES's Tau).
Interval tau_interval(const Interval& nap_ci);

// The smallest k >= 1 such that NAP's interval with the same NAP, m baseline points and
// n + k test points no longer contains 0.5 (its low bound above 0.5 when NAP > 0.5, its high
// bound below 0.5 when NAP < 0.5): "about k more test points like these would settle it".
// It assumes the new points compare with the baseline as the present ones do, which is
// what "like these" says. nullopt when NAP is 0.5 or more than `limit` points would be
// needed (then leadlab says only "not yet distinguishable from no change").
inline constexpr int kMorePointsLimit = 30;
std::optional<int> more_test_points_to_settle(double nap, int m, int n,
                                              int limit = kMorePointsLimit);

// The Theil-Sen line of a baseline against session number 1..m, and Tau of the corrected
// phases (Tarlow 2017, SingleCaseES Tau_BC with its defaults Kendall = FALSE and
// pretest_trend = FALSE: the correction is always made).
// A straight line y = intercept + slope * x over a phase's points at x = 0, 1, 2, ...
// (effect_size.hpp's theil_sen).
struct TrendLine {
  double slope = 0;
  double intercept = 0;
  double at(double x) const { return intercept + slope * x; }
};

struct TauBc {
  double slope = 0;          // per session, in the oriented (higher is better) scale
  double intercept = 0;      // the line's value at session 0 (sessions count from 1)
  TrendLine line;            // theil_sen(A) itself, x counting from 0: the slope above and
                             // its own intercept (a chart of A draws it)
  double nap = 0;            // NAP of the corrected phases
  double tau = 0;            // Tau-BC = 2 nap - 1
  std::optional<double> se;  // 2 SE(nap of the corrected phases); nullopt when m or n < 2
  Interval ci;               // tau_interval(nap_interval(nap, m, n)); it does not include the
                             // uncertainty of the correction itself
};

// Baseline A (sessions 1..m) and test B (sessions m + 1..m + n), oriented and finite:
// slope = median over i < j of (A_j - A_i) / (j - i), intercept = median(A_i - slope i),
// A'_i = A_i - intercept - slope i, B'_j = B_j - intercept - slope (m + j), then NAP and Tau
// of A' against B'. nullopt when m < 2 (no slope) or n = 0.
std::optional<TauBc> tau_bc(std::span<const double> a, std::span<const double> b);

// NAP of `b` against `a` (oriented): (#{b > a} + #{b = a} / 2) / (m n). Both non-empty.
double nap_of(std::span<const double> a, std::span<const double> b);

}  // namespace leadlab
