#include "leadlab/analysis/intervals.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "leadlab/analysis/effect_size.hpp"

namespace leadlab {
namespace {

// Newcombe's Method 5 score function (see nap_interval).
double newcombe_f(double x, double nap, double m, double n) {
  const double h = (m + n) / 2 - 1;
  const double z2 = kZ95 * kZ95;
  return m * n * (nap - x) * (nap - x) * (2 - x) * (1 + x) -
         z2 * x * (1 - x) * (2 + h + (1 + 2 * h) * x * (1 - x));
}

// The root of newcombe_f in [lo, hi], where its sign at lo differs from its sign at hi.
double bisect(double lo, double hi, double nap, double m, double n) {
  const bool lo_positive = newcombe_f(lo, nap, m, n) > 0;
  for (int i = 0; i < 200 && hi - lo > 1e-13; ++i) {
    const double mid = lo + (hi - lo) / 2;
    if ((newcombe_f(mid, nap, m, n) > 0) == lo_positive)
      lo = mid;
    else
      hi = mid;
  }
  return lo + (hi - lo) / 2;
}

// Sum over `sorted` of q for one value, q scored from `value`'s side: (#below it +
// #equal / 2) when `value` is a test point, (#others above it + #equal / 2) for a baseline
// point; and #equal. `sorted` is sorted; one equal_range instead of a pass over every pair.
struct Score {
  double sum = 0;
  double equal = 0;
};

Score score_of(const std::vector<double>& sorted, double value, bool value_is_test) {
  const auto [first, last] = std::equal_range(sorted.begin(), sorted.end(), value);
  const auto below = first - sorted.begin();
  const auto upto = last - sorted.begin();
  const auto equal = static_cast<double>(upto - below);
  const auto beaten = value_is_test ? static_cast<double>(below)
                                    : static_cast<double>(sorted.end() - sorted.begin() - upto);
  return {beaten + equal / 2, equal};
}

double score_sum(const std::vector<double>& sorted, double value, bool value_is_test) {
  return score_of(sorted, value, value_is_test).sum;
}

}  // namespace

std::optional<double> nap_standard_error(std::span<const double> a, std::span<const double> b) {
  const auto m = static_cast<double>(a.size());
  const auto n = static_cast<double>(b.size());
  if (a.size() < 2 || b.size() < 2) return std::nullopt;
  std::vector<double> sorted_a(a.begin(), a.end());
  std::vector<double> sorted_b(b.begin(), b.end());
  std::sort(sorted_a.begin(), sorted_a.end());
  std::sort(sorted_b.begin(), sorted_b.end());
  // Row i sums q over B (test points above A_i, ties half); column j sums q over A. With q in
  // {0, 0.5, 1}, sum q^2 = #better + #ties / 4, and #ties is counted from the columns.
  double total = 0;
  double q1 = 0;
  for (double x : a) {
    const double row = score_sum(sorted_b, x, false);
    q1 += row * row;
  }
  double q2 = 0;
  double ties = 0;
  for (double y : b) {
    const Score col = score_of(sorted_a, y, true);
    total += col.sum;
    q2 += col.sum * col.sum;
    ties += col.equal;
  }
  const double nap = total / (m * n);
  q1 /= m * n * n;
  q2 /= m * m * n;
  const double better = total - ties / 2;
  const double x = (better + ties / 4) / (m * n);
  const double v = (nap - (m + n - 1) * nap * nap + n * q1 + m * q2 - 2 * x) / ((m - 1) * (n - 1));
  return std::sqrt(std::max(v, 0.0));
}

double nap_of(std::span<const double> a, std::span<const double> b) {
  std::vector<double> sorted_a(a.begin(), a.end());
  std::sort(sorted_a.begin(), sorted_a.end());
  double sum = 0;
  for (double y : b) sum += score_sum(sorted_a, y, true);
  return sum / (static_cast<double>(a.size()) * static_cast<double>(b.size()));
}

Interval nap_interval(double nap, int m_points, int n_points) {
  const auto m = static_cast<double>(m_points);
  const auto n = static_cast<double>(n_points);
  Interval ci{0.0, 1.0};
  if (nap > 0) ci.low = bisect(0.0, nap, nap, m, n);
  if (nap < 1) ci.high = bisect(nap, 1.0, nap, m, n);
  return ci;
}

Interval tau_interval(const Interval& nap_ci) { return {2 * nap_ci.low - 1, 2 * nap_ci.high - 1}; }

std::optional<int> more_test_points_to_settle(double nap, int m, int n, int limit) {
  if (nap == 0.5 || m < 1 || n < 1) return std::nullopt;
  // The interval narrows as n grows, so the first k that clears 0.5 is the answer.
  for (int k = 1; k <= limit; ++k) {
    const Interval ci = nap_interval(nap, m, n + k);
    if (nap > 0.5 ? ci.low > 0.5 : ci.high < 0.5) return k;
  }
  return std::nullopt;
}

std::optional<TauBc> tau_bc(std::span<const double> a, std::span<const double> b) {
  const std::size_t m = a.size();
  if (m < 2 || b.empty()) return std::nullopt;
  // Sessions count from 1, as in SingleCaseES, so the intercept is comparable with its
  // report_correction output; the slope is theil_sen's, which counts from 0.
  const std::optional<TrendLine> line = theil_sen(a);
  if (!line) return std::nullopt;
  TauBc out;
  out.line = *line;
  out.slope = line->slope;
  std::vector<double> offsets;
  for (std::size_t i = 0; i < m; ++i)
    offsets.push_back(a[i] - out.slope * static_cast<double>(i + 1));
  // Huge values can overflow every offset; then there is no line to correct by.
  const std::optional<double> intercept = median_of(offsets);
  if (!intercept) return std::nullopt;
  out.intercept = *intercept;
  std::vector<double> a_corrected;
  std::vector<double> b_corrected;
  // Computed as SingleCaseES does (value - intercept - slope * session), so exact ties in
  // the corrected values come out the same.
  for (std::size_t i = 0; i < m; ++i)
    a_corrected.push_back(a[i] - out.intercept - out.slope * static_cast<double>(i + 1));
  for (std::size_t j = 0; j < b.size(); ++j)
    b_corrected.push_back(b[j] - out.intercept - out.slope * static_cast<double>(m + j + 1));
  out.nap = nap_of(a_corrected, b_corrected);
  out.tau = 2 * out.nap - 1;
  if (const auto se = nap_standard_error(a_corrected, b_corrected)) out.se = 2 * *se;
  out.ci = tau_interval(
      nap_interval(out.nap, static_cast<int>(m), static_cast<int>(b_corrected.size())));
  return out;
}

}  // namespace leadlab
