#include "leadlab/report/analysis_words.hpp"

#include <cstdint>

#include "leadlab/model/text.hpp"
#include "report/view_support.hpp"

namespace leadlab {
namespace {

// One of the occasions leadlab writes, or "point" for anything else (an imported journal
// from a newer leadlab).
std::string occasion_word(std::string_view occasion) {
  for (const std::string_view known : {"meeting", "1:1", "day", "week"})
    if (occasion == known) return std::string(occasion);
  return "point";
}

// What a better test point had, in the metric's own terms.
std::string better_phrase(const Metric& m, const std::string& test) {
  const bool up = m.direction == Direction::kUp;
  switch (m.kind) {
    case MetricKind::kCount:
      return test + " had " + (up ? "more " : "fewer ") + m.name;
    case MetricKind::kYesNo:
      return m.name + " was " + (up ? "yes" : "no") + " in " + test + " and " +
             (up ? "no" : "yes") + " in the baseline one";
    default:
      break;
  }
  return test + " had the " + (up ? "higher " : "lower ") + m.name;
}

std::string count_text(std::int64_t n) { return std::to_string(n); }

// The limits of the runs line in words: what they are, and what going beyond one means.
std::string limits_words(const RunChart& chart) {
  std::string out = "limits for the " + std::to_string(chart.n_useful) + " point" +
                    (chart.n_useful == 1 ? "" : "s") +
                    " off the median: by chance a run (points in a row on one side) is rarely "
                    "longer than " +
                    std::to_string(*chart.longest_run_limit) +
                    ", and crossings rarely fewer than " + std::to_string(*chart.crossings_limit) +
                    "; beyond a limit, something moved the values";
  if (chart.n_useful < 10) out += " (the limits are meant for about 10 points or more)";
  return out;
}

std::string runs_words(const RunChart& chart) {
  std::string runs = "runs: longest " + std::to_string(chart.longest_run) + " (limit " +
                     std::to_string(*chart.longest_run_limit) + "), crossings " +
                     std::to_string(chart.crossings) + " (limit " +
                     std::to_string(*chart.crossings_limit) + ")";
  if (chart.longest_run_signal) runs += "; a run longer than chance allows";
  if (chart.crossings_signal) runs += "; fewer crossings than chance allows";
  if (!chart.longest_run_signal && !chart.crossings_signal) runs += "; both within their limits";
  return runs;
}

std::string signal_words(const MetricReport& r, const std::optional<Stretch>& s, bool shift) {
  const RunChart& chart = r.analysis.run_chart;
  const std::string name = shift ? "shift: " : "trend: ";
  if (s) {
    const auto [from, to] = r.dates_of(*s);
    return name + view::signal_description(*s, shift, chart.centre, from, to);
  }
  if (shift)
    return name + "none (" + std::to_string(kShiftPoints) +
           " test points on one side of the baseline median make one)";
  return name + "none (" + std::to_string(kTrendPoints) +
         " test points rising or falling make one)";
}

}  // namespace

std::string effect_sizes_words(const Comparison& c) {
  std::string out = "NAP " + format_number(*c.nap) + " (" + std::string(to_string(*c.nap_band)) +
                    ", " + interval_text(*c.nap_ci, 0.5) + "), Tau " + format_number(*c.tau) +
                    " (" + interval_text(*c.tau_ci, 0) + ")";
  if (c.tau_bc)
    out += ", Tau-BC " + format_number(c.tau_bc->tau) + " (" + interval_text(c.tau_bc->ci, 0) + ")";
  return out + ", PND " + format_number(*c.pnd, 1) + "%";
}

std::string effect_sizes_legend() {
  return "NAP: the share of (baseline, test) pairs in which the test point is better, weak < "
         "0.66 <= medium < 0.93 <= strong; 0.5 is no change, and while its 95% interval (CI) "
         "contains 0.5 no change is claimed. Tau = 2 NAP - 1. Tau-BC: Tau after removing the "
         "baseline's own trend (Tarlow 2017); its interval leaves out the uncertainty of that "
         "correction. PND: the percentage of test points better than every baseline point. "
         "docs/analysis.md gives every formula.";
}

std::string cdc_words(const RunChart& chart, int test_points) {
  const std::string name = "dual criterion: ";
  if (!chart.cdc)
    return name + "none yet (it needs " + std::to_string(kCdcMinBaseline) +
           " baseline points for a trend line, and test points)";
  const Cdc& cdc = *chart.cdc;
  std::string out = name + std::to_string(cdc.beyond) + " of " + std::to_string(test_points) +
                    " test point" + (test_points == 1 ? "" : "s") +
                    " beyond both baseline lines (mean and trend, moved 0.25 SD the better way)";
  if (!cdc.needed) return out + "; no signal possible with fewer than 5 test points";
  out += ", " + std::to_string(*cdc.needed) + " needed";
  return out + (cdc.signal ? ": a signal" : ": no signal");
}

std::string nap_in_words(const Metric& metric, const Comparison& c, std::string_view occasion) {
  if (!c.pairs || !c.nap) return "";
  const PairCounts& p = *c.pairs;
  const std::string word = occasion_word(occasion);
  std::string out = "In " + count_text(p.better) + " of " + count_text(p.total()) +
                    (p.total() == 1 ? " pair" : " pairs") + " of a baseline and a test " + word +
                    ", " + better_phrase(metric, "the test " + word);
  if (p.ties > 0) out += ", and in " + count_text(p.ties) + " the two were the same";
  out += " (NAP " + format_number(*c.nap);
  if (p.ties > 0) out += ", a tie counting as half";
  return out + ").";
}

std::string baseline_trend_words(const Comparison& c) {
  const double raw = c.direction == Direction::kUp ? *c.baseline_tau : -*c.baseline_tau;
  const std::string text = "Kendall tau " + format_number(raw) + ": ";
  if (c.baseline_drift != BaselineDrift::kNone)
    return text + "already " + (raw > 0 ? "rising" : "falling") + " before the change (" +
           (c.baseline_drift == BaselineDrift::kImproving ? "the better" : "the worse") +
           " direction)";
  if (c.baseline.n < kDriftMinPoints) return text + "too few points to tell a trend";
  return text + "no clear trend before the change";
}

std::vector<std::string> run_chart_words(const MetricReport& r) {
  const RunChart& chart = r.analysis.run_chart;
  if (!chart.centre) return {"none: without baseline points there is no median to compare with"};
  std::vector<std::string> lines = {signal_words(r, chart.shift, true),
                                    signal_words(r, chart.trend, false),
                                    cdc_words(chart, r.analysis.comparison.test.n)};
  if (chart.longest_run_limit && chart.crossings_limit) {
    lines.push_back(runs_words(chart));
    lines.push_back(limits_words(chart));
  }
  if (r.analysis.comparison.adequacy == Adequacy::kNotEnoughData)
    lines.push_back("with fewer than " + std::to_string(kMinPhasePoints) +
                    " points in a phase, these are not evidence yet");
  return lines;
}

}  // namespace leadlab
