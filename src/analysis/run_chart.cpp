#include "leadlab/analysis/run_chart.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

#include "leadlab/analysis/effect_size.hpp"

namespace leadlab {

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

std::optional<int> cdc_needed(int test_points) {
  if (test_points < 1) return std::nullopt;
  // P(X >= k) summed downwards from k = n in logs (0.5^n underflows for long series).
  const double log_half_n = -static_cast<double>(test_points) * std::log(2.0);
  double log_choose = 0;  // log C(n, n)
  double tail = 0;
  std::optional<int> needed;
  for (int k = test_points; k >= 0; --k) {
    tail += std::exp(log_choose + log_half_n);
    if (tail > 0.05) break;
    needed = k;
    // C(n, k - 1) = C(n, k) k / (n - k + 1)
    log_choose +=
        std::log(static_cast<double>(k)) - std::log(static_cast<double>(test_points - k + 1));
  }
  return needed;
}

std::optional<Cdc> analyse_cdc(std::span<const double> all_baseline,
                               std::span<const double> all_test, Direction direction) {
  const std::vector<double> a = finite_values(all_baseline);
  const std::vector<double> b = finite_values(all_test);
  if (static_cast<int>(a.size()) < kCdcMinBaseline || b.empty()) return std::nullopt;
  const auto m = static_cast<double>(a.size());
  Cdc cdc;
  const double x_mean = (m - 1) / 2;
  cdc.mean = std::accumulate(a.begin(), a.end(), 0.0) / m;
  double sxy = 0;
  double sxx = 0;
  double ss = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const double dx = static_cast<double>(i) - x_mean;
    sxy += dx * (a[i] - cdc.mean);
    sxx += dx * dx;
    ss += (a[i] - cdc.mean) * (a[i] - cdc.mean);
  }
  cdc.trend.slope = sxy / sxx;
  cdc.trend.intercept = cdc.mean - cdc.trend.slope * x_mean;
  const double sd = std::sqrt(ss / (m - 1));
  const bool up = direction == Direction::kUp;
  cdc.offset = (up ? 1 : -1) * kCdcShiftSd * sd;
  for (std::size_t j = 0; j < b.size(); ++j) {
    const double x = m + static_cast<double>(j);
    const double mean_line = cdc.mean_line();
    const double trend_line = cdc.trend_line(x);
    const bool beyond =
        up ? (b[j] > mean_line && b[j] > trend_line) : (b[j] < mean_line && b[j] < trend_line);
    if (beyond) ++cdc.beyond;
  }
  cdc.needed = cdc_needed(static_cast<int>(b.size()));
  cdc.signal = cdc.needed && cdc.beyond >= *cdc.needed;
  return cdc;
}

RunChart analyse_run_chart(std::span<const double> all_baseline, std::span<const double> all_test,
                           Direction direction) {
  const std::vector<double> baseline = finite_values(all_baseline);
  const std::vector<double> test = finite_values(all_test);
  RunChart chart;
  chart.cdc = analyse_cdc(baseline, test, direction);
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

}  // namespace leadlab
