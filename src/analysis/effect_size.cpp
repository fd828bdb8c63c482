#include "leadlab/analysis/effect_size.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <utility>

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
  c.pairs = pairs;
  const Count s_ab = pairs.better - pairs.worse;
  c.tau = ratio(s_ab, m * n);
  c.nap_se = nap_standard_error(a, b);
  c.nap_ci = nap_interval(*c.nap, static_cast<int>(m), static_cast<int>(n));
  c.tau_ci = tau_interval(*c.nap_ci);
  c.tau_bc = tau_bc(a, b);
  c.tau_u = ratio(s_ab - s_aa, m * n);
  const double best = *std::max_element(a.begin(), a.end());
  const auto above = std::count_if(b.begin(), b.end(), [best](double v) { return v > best; });
  c.pnd = 100.0 * ratio(above, n);
}

// The values at ranks `low` and `low + 1` (0-based, as if sorted; low + 1 < v.size()) of
// `v`, reordered: nth_element, then the smallest value after it.
std::pair<double, double> ranks_by_selection(std::vector<double>& v, std::size_t low) {
  const auto at = v.begin() + static_cast<std::ptrdiff_t>(low);
  std::nth_element(v.begin(), at, v.end());
  return {*at, *std::min_element(at + 1, v.end())};
}

// The values at ranks `low` and `low + 1` of `v` (finite, low + 1 < v.size()). A long vector
// (a baseline of m points has m(m-1)/2 slopes) is not reordered as a whole: two values of a
// sorted sample bracket the ranks, one pass without branches counts the values below the
// bracket and copies those within it, and only those are reordered (Floyd & Rivest 1975).
// The values at the ranks are the same as the whole vector's; a bracket that misses them
// (skewed data) falls back on the whole vector. nth_element alone guesses wrong at most of
// its comparisons on such data, and took a tenth of the HTML report's time.
std::pair<double, double> middle_ranks(std::vector<double>& v, std::size_t low) {
  constexpr std::size_t kSample = 128;
  constexpr std::size_t kMargin = 12;  // sample ranks on either side of the one expected
  const std::size_t n = v.size();
  if (n < 8 * kSample) return ranks_by_selection(v, low);
  std::array<double, kSample> sample{};
  for (std::size_t i = 0; i < kSample; ++i) sample[i] = v[i * n / kSample + n / (2 * kSample)];
  std::sort(sample.begin(), sample.end());
  const std::size_t expected = low * kSample / n;
  const double from = sample[expected < kMargin ? 0 : expected - kMargin];
  const double to = sample[std::min(expected + kMargin + 1, kSample - 1)];
  std::vector<double> band(n);
  std::size_t below = 0;
  std::size_t kept = 0;
  for (const double x : v) {
    below += x < from ? 1 : 0;
    band[kept] = x;
    kept += x >= from && x <= to ? 1 : 0;
  }
  if (below > low || low + 1 >= below + kept) return ranks_by_selection(v, low);
  band.resize(kept);
  return ranks_by_selection(band, low - below);
}

// median_of over `v` itself, reordered (no copy).
std::optional<double> median_in_place(std::vector<double>& v) {
  std::erase_if(v, [](double x) { return !std::isfinite(x); });
  if (v.empty()) return std::nullopt;
  if (v.size() == 1) return v.front();
  const std::size_t mid = v.size() / 2;
  // The two middle values for an even count; for an odd one, the middle and the next.
  const auto [lower, upper] = middle_ranks(v, v.size() % 2 == 1 ? mid : mid - 1);
  if (v.size() % 2 == 1) return lower;
  return lower + (upper - lower) / 2;  // no overflow for huge values
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
  return median_in_place(v);
}

std::optional<TrendLine> theil_sen(std::span<const double> values) {
  // Every pair's slope, in one allocation (a baseline of m points has m(m-1)/2 of them), and
  // the median taken in place: a whole journal's HTML report runs this for every metric of
  // every experiment, twice (the analysis's Tau-BC and the chart's trend line).
  const std::size_t n = values.size();
  std::vector<double> slopes;
  if (std::all_of(values.begin(), values.end(), [](double v) { return std::isfinite(v); })) {
    slopes.resize(n < 2 ? 0 : n * (n - 1) / 2);
    double* slope_at = slopes.data();
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = i + 1; j < n; ++j)
        *slope_at++ = (values[j] - values[i]) / static_cast<double>(j - i);
  } else {  // the same pairs' slopes in the same order, those of finite values only
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = i + 1; j < n; ++j)
        if (std::isfinite(values[i]) && std::isfinite(values[j]))
          slopes.push_back((values[j] - values[i]) / static_cast<double>(j - i));
  }
  const std::optional<double> slope = median_in_place(slopes);
  if (!slope) return std::nullopt;
  std::vector<double> intercepts;
  intercepts.reserve(n);
  for (std::size_t i = 0; i < n; ++i)
    intercepts.push_back(values[i] - *slope * static_cast<double>(i));  // non-finite: left out
  return TrendLine{*slope, *median_in_place(intercepts)};
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

}  // namespace leadlab
