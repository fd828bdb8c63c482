#include "leadlab/analysis/analysis.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <vector>

using leadlab::Adequacy;
using leadlab::BaselineDrift;
using leadlab::Comparison;
using leadlab::Direction;
using leadlab::MetricAnalysis;
using leadlab::NapBand;
using leadlab::RuleState;
using leadlab::RunChart;
using leadlab::SuccessRule;
using leadlab::SuccessRuleError;

namespace {

using Series = std::vector<double>;

Comparison compare(const Series& a, const Series& b, Direction d = Direction::kUp) {
  return leadlab::compare_phases(a, b, d);
}

RunChart chart(const Series& a, const Series& b, Direction d = Direction::kUp) {
  return leadlab::analyse_run_chart(a, b, d);
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Analyses by metric name, for evaluating success rules.
struct Journal {
  std::map<std::string, MetricAnalysis, std::less<>> metrics;
  void add(const std::string& name, const Series& a, const Series& b,
           Direction d = Direction::kUp) {
    metrics.insert_or_assign(name, leadlab::analyse_metric(a, b, d));
  }
  leadlab::RuleLookup lookup() const {
    return [this](std::string_view name) -> const MetricAnalysis* {
      auto it = metrics.find(name);
      return it == metrics.end() ? nullptr : &it->second;
    };
  }
};

leadlab::RuleResult evaluate(const std::string& rule, const Journal& journal) {
  std::vector<std::string> names;
  for (const auto& [name, analysis] : journal.metrics) names.push_back(name);
  return evaluate_rule(SuccessRule::parse(rule, names), journal.lookup());
}

// Checks that `rule` is refused with exactly this message and column.
void check_rule_error(const std::string& rule, const std::string& message, int column,
                      const std::string& hint = "") {
  CAPTURE(rule);
  try {
    SuccessRule::parse(rule, {"questions", "statements", "share"});
    FAIL_CHECK("parsed, but expected: " << message);
  } catch (const SuccessRuleError& e) {
    CHECK(std::string(e.what()) == message);
    CHECK(e.column() == column);
    CHECK(e.hint() == hint);
  }
}

}  // namespace

// ---------------------------------------------------------------------------------------
// One phase and adequacy
// ---------------------------------------------------------------------------------------

TEST_CASE("the median is the middle value, or the mean of the two middle values") {
  // {5, 1, 3} sorted is 1 3 5: the middle is 3.
  CHECK(leadlab::median_of(Series{5, 1, 3}) == 3);
  // {4, 1, 3, 2} sorted is 1 2 3 4: (2 + 3) / 2 = 2.5.
  CHECK(leadlab::median_of(Series{4, 1, 3, 2}) == 2.5);
  CHECK(leadlab::median_of(Series{7}) == 7);
  CHECK_FALSE(leadlab::median_of(Series{}).has_value());
}

TEST_CASE("the median of many values is the sorted middle, however they are spread") {
  // Long vectors are narrowed to a bracket from a sample first; whatever the sample, the
  // result is the sorted middle (or the mean of the two middle values).
  const auto sorted_median = [](Series v) {
    std::sort(v.begin(), v.end());
    const std::size_t mid = v.size() / 2;
    return v.size() % 2 == 1 ? v[mid] : v[mid - 1] + (v[mid] - v[mid - 1]) / 2;
  };
  std::uint64_t state = 12345;
  const auto next = [&state] {  // a small LCG: the same values on every platform
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(state >> 40) / static_cast<double>(1ULL << 24);
  };
  for (const std::size_t n : std::vector<std::size_t>{1023, 1024, 1025, 4096, 5001}) {
    Series uniform;
    Series ties;
    Series skewed;  // for 4096, every value a sample of 128 evenly spaced ones picks is large
    Series sorted;
    for (std::size_t i = 0; i < n; ++i) {
      uniform.push_back(next());
      ties.push_back(std::floor(next() * 5));
      skewed.push_back(i % 32 == 16 ? 1000 + next() : next());
      sorted.push_back(static_cast<double>(i % 7) + static_cast<double>(i) / 1000);
    }
    for (const Series& v : {uniform, ties, skewed, sorted}) {
      CAPTURE(n);
      CHECK(leadlab::median_of(v) == sorted_median(v));
    }
  }
}

TEST_CASE("theil_sen: the median slope between pairs, not tilted by one outlier") {
  // Slopes 1 (six pairs), 24.75, 32.7, 48.5 and 96: the median is 1; y - x is 1 but for 96.
  const auto line = leadlab::theil_sen(Series{1, 2, 3, 4, 100});
  REQUIRE(line);
  CHECK(line->slope == 1);
  CHECK(line->intercept == 1);
  CHECK(line->at(6) == 7);
  const auto flat = leadlab::theil_sen(Series{3, 3});
  REQUIRE(flat);
  CHECK(flat->slope == 0);
  CHECK(flat->intercept == 3);
  CHECK(leadlab::theil_sen(Series{5}) == std::nullopt);
  CHECK(leadlab::theil_sen(Series{}) == std::nullopt);
  // A non-finite value is left out where it stands: the others keep their place in time.
  const auto gap = leadlab::theil_sen(Series{0, std::numeric_limits<double>::quiet_NaN(), 4});
  REQUIRE(gap);
  CHECK(gap->slope == 2);
  CHECK(gap->intercept == 0);
}

TEST_CASE("phase stats give the count, median and mean, and nothing for an empty phase") {
  // {2, 4, 9}: median 4, mean 15 / 3 = 5.
  const auto stats = leadlab::phase_stats(Series{2, 4, 9});
  CHECK(stats.n == 3);
  CHECK(stats.median == 4);
  CHECK(stats.mean == 5);
  const auto empty = leadlab::phase_stats(Series{});
  CHECK(empty.n == 0);
  CHECK_FALSE(empty.median.has_value());
  CHECK_FALSE(empty.mean.has_value());
}

TEST_CASE(
    "adequacy follows the smaller phase: under 3 not enough data, 3-4 provisional, 5 "
    "a verdict") {
  CHECK(leadlab::adequacy_of(2, 10) == Adequacy::kNotEnoughData);
  CHECK(leadlab::adequacy_of(10, 0) == Adequacy::kNotEnoughData);
  CHECK(leadlab::adequacy_of(3, 10) == Adequacy::kProvisional);
  CHECK(leadlab::adequacy_of(5, 4) == Adequacy::kProvisional);
  CHECK(leadlab::adequacy_of(5, 5) == Adequacy::kVerdict);
  CHECK(leadlab::to_string(Adequacy::kNotEnoughData) == "not enough data");
  CHECK(leadlab::to_string(Adequacy::kProvisional) == "provisional");
  CHECK(leadlab::to_string(Adequacy::kVerdict) == "verdict");
}

TEST_CASE("nap bands are weak below 0.66, medium below 0.93 and strong from 0.93") {
  CHECK(leadlab::nap_band(0.65) == NapBand::kWeak);
  CHECK(leadlab::nap_band(0.66) == NapBand::kMedium);
  CHECK(leadlab::nap_band(0.92) == NapBand::kMedium);
  CHECK(leadlab::nap_band(0.93) == NapBand::kStrong);
  CHECK(leadlab::to_string(NapBand::kWeak) == "weak");
  CHECK(leadlab::to_string(NapBand::kMedium) == "medium");
  CHECK(leadlab::to_string(NapBand::kStrong) == "strong");
}

// ---------------------------------------------------------------------------------------
// Effect sizes
// ---------------------------------------------------------------------------------------

TEST_CASE("nap counts ties as half") {
  // A = {3, 4, 5}, B = {5, 6}; 3 x 2 = 6 pairs (a, b):
  //   b = 5: > 3, > 4, = 5 (tie, 0.5)  -> 2.5
  //   b = 6: > 3, > 4, > 5              -> 3
  // NAP = 5.5 / 6 = 0.9167 (medium). S_AB = 5 better - 0 worse = 5, Tau = 5 / 6 = 0.8333
  // = 2 * 0.9167 - 1.
  const Comparison c = compare({3, 4, 5}, {5, 6});
  CHECK(*c.nap == doctest::Approx(5.5 / 6));
  CHECK(c.nap_band == NapBand::kMedium);
  CHECK(*c.tau == doctest::Approx(5.0 / 6));
  CHECK(*c.tau == doctest::Approx(2 * *c.nap - 1));
}

TEST_CASE("effect sizes of a rising baseline: tau, baseline tau, tau-u and pnd") {
  // A = {3, 4, 5}, B = {5, 6} as above: S_AB = 5.
  // Baseline pairs in time order: (3,4) +, (3,5) +, (4,5) + -> S_AA = 3,
  //   tau_A = 3 / (3 * 2 / 2) = 1: the baseline was already rising (improving).
  // Tau-U = (S_AB - S_AA) / (m n) = (5 - 3) / 6 = 0.3333.
  // PND: max(A) = 5; B points above it: {6} -> 100 * 1 / 2 = 50.
  // Medians 4 -> 5.5 (change 1.5); means 4 -> 5.5 (change 1.5).
  const Comparison c = compare({3, 4, 5}, {5, 6});
  CHECK(*c.baseline_tau == doctest::Approx(1.0));
  CHECK(c.baseline_drift == BaselineDrift::kImproving);
  CHECK(*c.tau_u == doctest::Approx(2.0 / 6));
  CHECK(*c.pnd == doctest::Approx(50.0));
  CHECK(c.median_change == 1.5);
  CHECK(c.mean_change == 1.5);
  CHECK(c.adequacy == Adequacy::kNotEnoughData);  // the test phase has only 2 points
}

TEST_CASE("a verdict-sized comparison matches the hand computation") {
  // A = {3, 2, 4, 3, 2} (sorted 2 2 3 3 4, median 3, mean 14 / 5 = 2.8)
  // B = {4, 5, 5, 6, 4, 5} (sorted 4 4 5 5 5 6, median 5, mean 29 / 6 = 4.8333)
  // NAP per b: 4 -> 4 better + tie with 4 = 4.5; 5 -> 5; 5 -> 5; 6 -> 5; 4 -> 4.5; 5 -> 5
  //   = 29 / 30 = 0.9667 (strong). Better 28, ties 2, worse 0: S_AB = 28, Tau = 28/30.
  // S_AA, pairs i < j of 3 2 4 3 2:
  //   3: vs 2 -, 4 +, 3 0, 2 -  = -1;  2: vs 4 +, 3 +, 2 0 = +2;  4: vs 3 -, 2 - = -2;
  //   3: vs 2 - = -1.  S_AA = -2, tau_A = -2 / 10 = -0.2 (not moving).
  // Tau-U = (28 - (-2)) / 30 = 1.  PND: max(A) = 4, B above: 5 5 6 5 -> 4 / 6 = 66.67.
  const Comparison c = compare({3, 2, 4, 3, 2}, {4, 5, 5, 6, 4, 5});
  CHECK(c.baseline.n == 5);
  CHECK(c.test.n == 6);
  CHECK(c.baseline.median == 3);
  CHECK(*c.baseline.mean == doctest::Approx(2.8));
  CHECK(c.test.median == 5);
  CHECK(*c.test.mean == doctest::Approx(29.0 / 6));
  CHECK(*c.mean_change == doctest::Approx(29.0 / 6 - 2.8));
  CHECK(*c.nap == doctest::Approx(29.0 / 30));
  CHECK(c.nap_band == NapBand::kStrong);
  CHECK(*c.tau == doctest::Approx(28.0 / 30));
  CHECK(*c.baseline_tau == doctest::Approx(-0.2));
  CHECK(c.baseline_drift == BaselineDrift::kNone);
  CHECK(*c.tau_u == doctest::Approx(1.0));
  CHECK(*c.pnd == doctest::Approx(400.0 / 6));
  CHECK(c.adequacy == Adequacy::kVerdict);
}

TEST_CASE(
    "direction down mirrors nap, tau, pnd, the baseline trend and tau-u but not the "
    "medians") {
  // Lower is better. A = {50, 40, 45}, B = {30, 40, 35}; b is better when b < a:
  //   b = 30: < 50, < 40, < 45 -> 3;  b = 40: < 50, tie 40 (0.5), < 45 -> 2.5;
  //   b = 35: < 50, < 40, < 45 -> 3.  NAP = 8.5 / 9 = 0.9444 (strong).
  // Better 8, ties 1, worse 0: Tau = 8 / 9 = 0.8889.
  // PND: min(A) = 40; B below it: 30, 35 -> 100 * 2 / 3 = 66.67.
  // Baseline, raw: (50,40) -, (50,45) -, (40,45) + -> S = -1; falling is better, so the
  //   mirrored S_AA = +1 and tau_A = 1 / 3 = 0.3333 (below 0.4: not flagged).
  // Tau-U = (8 - 1) / 9 = 0.7778. Medians raw: 45 -> 35, change -10; means 45 -> 35.
  const Comparison c = compare({50, 40, 45}, {30, 40, 35}, Direction::kDown);
  CHECK(*c.nap == doctest::Approx(8.5 / 9));
  CHECK(c.nap_band == NapBand::kStrong);
  CHECK(*c.tau == doctest::Approx(8.0 / 9));
  CHECK(*c.pnd == doctest::Approx(200.0 / 3));
  CHECK(*c.baseline_tau == doctest::Approx(1.0 / 3));
  CHECK(c.baseline_drift == BaselineDrift::kNone);
  CHECK(*c.tau_u == doctest::Approx(7.0 / 9));
  CHECK(c.median_change == -10);
  CHECK(c.mean_change == -10);
}

TEST_CASE("direction down turns a rise into a low nap and a worsening baseline") {
  // A = {3, 4, 5}, B = {5, 6}, lower is better. b better when b < a:
  //   b = 5: worse than 3 and 4, tie with 5 -> 0.5;  b = 6: worse than all -> 0.
  // NAP = 0.5 / 6 = 0.0833; Tau = (0 - 5) / 6 = -0.8333.
  // PND: min(A) = 3, nothing below it -> 0.
  // Mirrored S_AA = -3 (rising is worse): tau_A = -1, worsening.
  // Tau-U = (-5 - (-3)) / 6 = -0.3333.
  const Comparison c = compare({3, 4, 5}, {5, 6}, Direction::kDown);
  CHECK(*c.nap == doctest::Approx(0.5 / 6));
  CHECK(*c.tau == doctest::Approx(-5.0 / 6));
  CHECK(*c.pnd == 0);
  CHECK(*c.baseline_tau == doctest::Approx(-1.0));
  CHECK(c.baseline_drift == BaselineDrift::kWorsening);
  CHECK(*c.tau_u == doctest::Approx(-2.0 / 6));
  CHECK(c.median_change == 1.5);  // raw, not mirrored
}

TEST_CASE("empty phases give no effect sizes and do not crash") {
  // No baseline: nothing to compare against.
  const Comparison no_baseline = compare({}, {1, 2});
  CHECK(no_baseline.test.n == 2);
  CHECK_FALSE(no_baseline.nap.has_value());
  CHECK_FALSE(no_baseline.nap_band.has_value());
  CHECK_FALSE(no_baseline.tau.has_value());
  CHECK_FALSE(no_baseline.tau_u.has_value());
  CHECK_FALSE(no_baseline.pnd.has_value());
  CHECK_FALSE(no_baseline.baseline_tau.has_value());
  CHECK_FALSE(no_baseline.median_change.has_value());
  CHECK(no_baseline.adequacy == Adequacy::kNotEnoughData);

  // No test points yet: the baseline's own trend is still known. A = {1, 2, 3}: S_AA = 3,
  // tau_A = 3 / 3 = 1.
  const Comparison no_test = compare({1, 2, 3}, {});
  CHECK_FALSE(no_test.nap.has_value());
  CHECK_FALSE(no_test.pnd.has_value());
  CHECK_FALSE(no_test.mean_change.has_value());
  CHECK(*no_test.baseline_tau == doctest::Approx(1.0));
  CHECK(no_test.baseline_drift == BaselineDrift::kImproving);

  const Comparison nothing = compare({}, {});
  CHECK(nothing.baseline.n == 0);
  CHECK_FALSE(nothing.nap.has_value());
  CHECK(nothing.baseline_drift == BaselineDrift::kNone);
}

TEST_CASE("one point per phase gives nap but no baseline tau") {
  // A = {2}, B = {3}: the single pair is better -> NAP 1, Tau 1, S_AA = 0 (no pairs),
  // Tau-U = (1 - 0) / 1 = 1, PND = 100 (3 > max(A) = 2).
  const Comparison c = compare({2}, {3});
  CHECK(c.nap == 1);
  CHECK(c.tau == 1);
  CHECK_FALSE(c.baseline_tau.has_value());
  CHECK(c.tau_u == 1);
  CHECK(c.pnd == 100);
  CHECK(c.adequacy == Adequacy::kNotEnoughData);
}

TEST_CASE("all-equal values give nap one half and no trend") {
  // A = B = {4, 4, 4, 4, 4}: all 25 pairs tie -> NAP = 12.5 / 25 = 0.5 (weak), Tau 0;
  // S_AA = 0 -> tau_A 0; Tau-U 0; no b > max(A) = 4 -> PND 0.
  const Comparison c = compare({4, 4, 4, 4, 4}, {4, 4, 4, 4, 4});
  CHECK(c.nap == 0.5);
  CHECK(c.nap_band == NapBand::kWeak);
  CHECK(c.tau == 0);
  CHECK(c.baseline_tau == 0);
  CHECK(c.baseline_drift == BaselineDrift::kNone);
  CHECK(c.tau_u == 0);
  CHECK(c.pnd == 0);
  CHECK(c.median_change == 0);
  CHECK(leadlab::verdict_sentence("questions", c) ==
        "questions is not yet distinguishable from no change: NAP 0.5 (weak, 95% CI 0.21 to "
        "0.79), Tau-BC 0 (95% CI -0.59 to 0.59); median 4 -> 4.");
}

TEST_CASE("a rising baseline is flagged and a flat one is not") {
  // {1, 2, 3, 2, 4}: 1 -> +4; 2 -> vs 3 +, 2 0, 4 + = +2; 3 -> vs 2 -, 4 + = 0;
  // 2 -> vs 4 + = +1.  S_AA = 7, tau_A = 7 / 10 = 0.7: rising.
  const Comparison rising = compare({1, 2, 3, 2, 4}, {});
  CHECK(*rising.baseline_tau == doctest::Approx(0.7));
  CHECK(rising.baseline_drift == BaselineDrift::kImproving);

  // {3, 1, 2, 5, 4}: 3 -> vs 1 -, 2 -, 5 +, 4 + = 0; 1 -> +3; 2 -> +2; 5 -> vs 4 - = -1.
  // S_AA = 4, tau_A = 0.4: exactly at the threshold, flagged.
  const Comparison at_threshold = compare({3, 1, 2, 5, 4}, {});
  CHECK(*at_threshold.baseline_tau == doctest::Approx(0.4));
  CHECK(at_threshold.baseline_drift == BaselineDrift::kImproving);

  // {3, 1, 4, 1, 5}: 3 -> vs 1 -, 4 +, 1 -, 5 + = 0; 1 -> vs 4 +, 1 0, 5 + = +2;
  // 4 -> vs 1 -, 5 + = 0; 1 -> vs 5 + = +1.  S_AA = 3, tau_A = 0.3: not flagged.
  const Comparison flat = compare({3, 1, 4, 1, 5}, {});
  CHECK(*flat.baseline_tau == doctest::Approx(0.3));
  CHECK(flat.baseline_drift == BaselineDrift::kNone);

  // {5, 4, 3, 2, 1}: every pair falls, S_AA = -10, tau_A = -1: moving the worse way.
  CHECK(compare({5, 4, 3, 2, 1}, {}).baseline_drift == BaselineDrift::kWorsening);

  // Two points always give tau_A of -1, 0 or 1; that says nothing, so no flag.
  const Comparison two = compare({1, 5}, {});
  CHECK(two.baseline_tau == 1);
  CHECK(two.baseline_drift == BaselineDrift::kNone);
}

TEST_CASE("kendall's s of a long baseline matches the pairwise definition") {
  // The fast count (a Fenwick tree over ranks) against the O(m^2) definition, with ties.
  Series a;
  for (int i = 0; i < 300; ++i) a.push_back(static_cast<double>((i * 37) % 23));
  std::int64_t s = 0;
  for (std::size_t i = 0; i < a.size(); ++i)
    for (std::size_t j = i + 1; j < a.size(); ++j) s += (a[j] > a[i]) - (a[j] < a[i]);
  const double pairs = 300.0 * 299 / 2;
  CHECK(*compare(a, {}).baseline_tau == doctest::Approx(static_cast<double>(s) / pairs));
}

// ---------------------------------------------------------------------------------------
// Verdict sentences
// ---------------------------------------------------------------------------------------

TEST_CASE("a verdict names the outcome, nap with its band and interval, tau-bc and the medians") {
  // The hand-worked series above: NAP 29/30 = 0.97 (strong), medians 3 -> 5; the interval
  // and Tau-BC from tests/reference/intervals_reference.py.
  CHECK(leadlab::verdict_sentence("questions", compare({3, 2, 4, 3, 2}, {4, 5, 5, 6, 4, 5})) ==
        "questions improved: NAP 0.97 (strong, 95% CI 0.62 to 1), Tau-BC 1 (95% CI 0.33 to 1); "
        "median 3 -> 5.");
}

TEST_CASE("two baseline points never give a verdict") {
  // A = {1, 2}, B = {5, 6, 7, 8, 9}: every pair is better (NAP 1), yet 2 < 3 baseline points.
  const Comparison c = compare({1, 2}, {5, 6, 7, 8, 9});
  CHECK(c.nap == 1);
  CHECK(c.adequacy == Adequacy::kNotEnoughData);
  const std::string sentence = leadlab::verdict_sentence("questions", c);
  CHECK(sentence ==
        "questions: not enough data yet, so no verdict: 2 baseline points and 5 test points; "
        "each phase needs at least 3 (1 more baseline point) and 5 for a verdict.");
  CHECK_FALSE(contains(sentence, "improved"));
}

TEST_CASE("three or four points per phase give a provisional sentence") {
  // A = {1, 2, 1}, B = {3, 4, 3, 4}: every b exceeds every a -> NAP 12/12 = 1 (strong),
  // S_AB = 12, S_AA = (1,2)+ (1,1)0 (2,1)- = 0 -> Tau-U = 12 / 12 = 1; medians 1 -> 3.5.
  const Comparison c = compare({1, 2, 1}, {3, 4, 3, 4});
  CHECK(c.adequacy == Adequacy::kProvisional);
  CHECK(leadlab::verdict_sentence("questions", c) ==
        "questions provisionally improved: NAP 1 (strong, 95% CI 0.54 to 1), Tau-BC 1 (95% CI "
        "0.08 to 1); median 1 -> 3.5. Only 3 "
        "baseline points and 4 test points: a verdict needs 2 more baseline points and 1 more "
        "test point.");
}

TEST_CASE("a sentence warns when the baseline was already rising") {
  // A = {1, 2, 3, 2, 4} (tau_A 0.7, see above), B = {4, 5, 4, 5, 6}.
  // NAP per b: 4 -> 4 below + tie with 4 = 4.5; 5 -> 5; 4 -> 4.5; 5 -> 5; 6 -> 5 = 24/25 =
  // 0.96. Better 23, ties 2: S_AB = 23; Tau-U = (23 - 7) / 25 = 0.64. Medians 2 -> 5.
  // The Theil-Sen line of A (slope 17/24) predicts more than B reached: Tau-BC -0.84.
  const std::string sentence =
      leadlab::verdict_sentence("questions", compare({1, 2, 3, 2, 4}, {4, 5, 4, 5, 6}));
  CHECK(sentence ==
        "questions improved: NAP 0.96 (strong, 95% CI 0.59 to 1), Tau-BC -0.84 (95% CI -0.98 to "
        "-0.09); median 2 -> 5. But corrected for the baseline's own trend (Tau-BC) the test "
        "phase is worse than that trend predicted: the baseline's drift, not the change, may "
        "explain it. Note: the baseline "
        "was already rising (the better direction) before the change (Kendall tau 0.7), so "
        "part of any improvement may not be due to the change.");
}

TEST_CASE("the baseline warning appears even before there is enough data") {
  const std::string sentence = leadlab::verdict_sentence("questions", compare({1, 2, 3}, {}));
  CHECK(contains(sentence, "not enough data"));
  CHECK(contains(sentence, "already rising"));
}

TEST_CASE("a sentence for direction down says lower is better and mirrors the outcome") {
  // Talk share A = {50, 40, 45, 50, 45}, B = {30, 40, 35, 30, 35}, lower is better.
  // b better when b < a. Sorted A: 40 45 45 50 50.
  //   30 -> 5; 40 -> tie with 40 + below 45 45 50 50 = 4.5; 35 -> 5; 30 -> 5; 35 -> 5
  //   NAP = 24.5 / 25 = 0.98 (strong). Better 24, ties 1: S_AB = 24.
  // Raw baseline pairs: 50: vs 40 -, 45 -, 50 0, 45 - = -3; 40: vs 45 +, 50 +, 45 + = +3;
  //   45: vs 50 +, 45 0 = +1; 50: vs 45 - = -1 -> raw S = 0, mirrored S_AA = 0.
  // Tau-U = 24 / 25 = 0.96. Medians 45 -> 35.
  const Comparison c = compare({50, 40, 45, 50, 45}, {30, 40, 35, 30, 35}, Direction::kDown);
  CHECK(leadlab::verdict_sentence("talk_share", c) ==
        "talk_share (lower is better) improved: NAP 0.98 (strong, 95% CI 0.62 to 1), Tau-BC 0.96 "
        "(95% CI 0.23 to 1); median 45 -> 35.");
}

TEST_CASE("a test phase getting worse is called worse") {
  // A = {5, 6, 5, 6, 5}, B = {3, 2, 3, 2, 3}: every b below every a -> NAP 0, Tau -1.
  // S_AA: 5: vs 6 +, 5 0, 6 +, 5 0 = +2; 6: vs 5 -, 6 0, 5 - = -2; 5: vs 6 +, 5 0 = +1;
  // 6: vs 5 - = -1 -> 0. Tau-U = -25 / 25 = -1. Medians 5 -> 3.
  CHECK(leadlab::verdict_sentence("questions", compare({5, 6, 5, 6, 5}, {3, 2, 3, 2, 3})) ==
        "questions got worse: NAP 0 (95% CI 0 to 0.36), Tau-BC -1 (95% CI -1 to -0.29); median 5 "
        "-> 3.");
}

TEST_CASE("without a baseline there is no before/after comparison") {
  CHECK(leadlab::verdict_sentence("questions", compare({}, {4, 5, 6})) ==
        "questions: no before/after comparison, because nothing was logged before the test "
        "started (3 points in the test phase, median 5).");
  CHECK(leadlab::verdict_sentence("questions", compare({}, {})) == "questions: no data yet.");
}

// ---------------------------------------------------------------------------------------
// Run chart
// ---------------------------------------------------------------------------------------

TEST_CASE("the centre line is the baseline median") {
  // A = {1, 3, 2}: sorted 1 2 3, median 2.
  CHECK(chart({1, 3, 2}, {9, 9}).centre == 2);
}

TEST_CASE(
    "a shift needs six test points on one side, and points on the median neither "
    "count nor break it") {
  // A = {1, 2, 3}: median 2, so the first test point is series index 3.
  // B = {3, 4, 2, 5, 3, 2, 4, 3}: sides + + 0 + + 0 + + -> 6 points above, indices 3..10.
  const RunChart rc = chart({1, 2, 3}, {3, 4, 2, 5, 3, 2, 4, 3});
  REQUIRE(rc.shift.has_value());
  CHECK(rc.shift->points == 6);
  CHECK(rc.shift->first == 3);
  CHECK(rc.shift->last == 10);
  CHECK(rc.shift->higher);
  CHECK(rc.shift->better);

  // Only five points above (+ + 0 + + 0 +): no shift.
  CHECK_FALSE(chart({1, 2, 3}, {3, 4, 2, 5, 3, 2, 4}).shift.has_value());
  // A point below breaks the run: + + - + + + + -> runs of 2 and 4, no shift.
  CHECK_FALSE(chart({1, 2, 3}, {3, 4, 1, 5, 3, 4, 3}).shift.has_value());
}

TEST_CASE("a shift on the worse side is reported as not better") {
  // A = {1, 2, 3} (median 2), B = six points above, but lower is better.
  const RunChart rc = chart({1, 2, 3}, {3, 4, 5, 3, 4, 5}, Direction::kDown);
  REQUIRE(rc.shift.has_value());
  CHECK(rc.shift->higher);
  CHECK_FALSE(rc.shift->better);
}

TEST_CASE("the longest shift wins and the latest one on a tie") {
  // A = {2, 2, 2} (median 2), B = six 3s then six 1s: two shifts of 6; the later (below,
  // series indices 9..14) is reported.
  const RunChart rc = chart({2, 2, 2}, {3, 3, 3, 3, 3, 3, 1, 1, 1, 1, 1, 1});
  REQUIRE(rc.shift.has_value());
  CHECK_FALSE(rc.shift->higher);
  CHECK(rc.shift->first == 9);
  CHECK(rc.shift->last == 14);
}

TEST_CASE(
    "a trend needs five points each higher than the last, and equal neighbours count "
    "once") {
  // A = {0}, so the test starts at index 1. B = {1, 2, 2, 3, 4, 5}: the second 2 equals
  // its predecessor and is skipped -> 1 2 3 4 5, five rising points, indices 1..6.
  const RunChart rc = chart({0}, {1, 2, 2, 3, 4, 5});
  REQUIRE(rc.trend.has_value());
  CHECK(rc.trend->points == 5);
  CHECK(rc.trend->first == 1);
  CHECK(rc.trend->last == 6);
  CHECK(rc.trend->higher);
  CHECK(rc.trend->better);

  // B = {1, 2, 2, 3, 4}: 1 2 3 4 is only four points.
  CHECK_FALSE(chart({0}, {1, 2, 2, 3, 4}).trend.has_value());

  // B = {5, 4, 3, 3, 2, 1, 2}: 5 4 3 2 1 falls over five points (indices 1..6), which is
  // better when lower is better.
  const RunChart falling = chart({0}, {5, 4, 3, 3, 2, 1, 2}, Direction::kDown);
  REQUIRE(falling.trend.has_value());
  CHECK(falling.trend->points == 5);
  CHECK(falling.trend->first == 1);
  CHECK(falling.trend->last == 6);
  CHECK_FALSE(falling.trend->higher);
  CHECK(falling.trend->better);
}

TEST_CASE("a turning point belongs to both trends and the latest trend wins a tie") {
  // B = {1, 2, 3, 4, 5, 4, 3, 2, 1}: rising 1..5 (test indices 0..4) and falling 5..1
  // (4..8), five points each; with A = {0} the falling one is series indices 5..9.
  const RunChart rc = chart({0}, {1, 2, 3, 4, 5, 4, 3, 2, 1});
  REQUIRE(rc.trend.has_value());
  CHECK_FALSE(rc.trend->higher);
  CHECK(rc.trend->first == 5);
  CHECK(rc.trend->last == 9);
}

TEST_CASE("longest run and crossings count all points against the baseline median") {
  // A = {1, 3, 2, 5, 4} (median 3), B = {4, 5, 3, 6, 2}.
  // Sides over all ten points: - 0 - + + | + + 0 + -  -> useful: - - + + + + + -  (8).
  // Runs: [- -] [+ + + + +] [-]: longest 5, crossings 2.
  // Limits for 8: round(log2(8) + 3) = 6; Binomial(7, 0.5): P(X <= 0) = 1/128 = 0.008,
  // P(X <= 1) = 8/128 = 0.0625 >= 0.05 -> 1. 5 > 6 no, 2 < 1 no: no signal.
  const RunChart rc = chart({1, 3, 2, 5, 4}, {4, 5, 3, 6, 2});
  CHECK(rc.n_useful == 8);
  CHECK(rc.longest_run == 5);
  CHECK(rc.crossings == 2);
  CHECK(rc.longest_run_limit == 6);
  CHECK(rc.crossings_limit == 1);
  CHECK_FALSE(rc.longest_run_signal);
  CHECK_FALSE(rc.crossings_signal);
  CHECK_FALSE(rc.shift.has_value());  // the test sides + + 0 + - give a run of 3
}

TEST_CASE("a long run after the change signals on the longest run and the crossings") {
  // A = {1, 1, 1, 5, 5, 5} (median (1 + 5) / 2 = 3), B = {5, 5, 5, 5}.
  // Sides: - - - + + + + + + +: 10 useful, runs [- - -] [+ x 7]: longest 7, crossings 1.
  // Limits for 10: 6 and 2. 7 > 6 and 1 < 2: both signal.
  const RunChart rc = chart({1, 1, 1, 5, 5, 5}, {5, 5, 5, 5});
  CHECK(rc.centre == 3);
  CHECK(rc.n_useful == 10);
  CHECK(rc.longest_run == 7);
  CHECK(rc.crossings == 1);
  CHECK(rc.longest_run_signal);
  CHECK(rc.crossings_signal);
}

TEST_CASE("anhoej limits match the published table for 10, 20 and 30 useful points") {
  // Longest run: round(log2(n) + 3): 10 -> round(6.32) = 6, 20 -> round(7.32) = 7,
  // 30 -> round(7.91) = 8.
  CHECK(leadlab::anhoej_longest_run_limit(10) == 6);
  CHECK(leadlab::anhoej_longest_run_limit(20) == 7);
  CHECK(leadlab::anhoej_longest_run_limit(30) == 8);
  // Crossings: the smallest c with P(X <= c) >= 0.05, X ~ Binomial(n - 1, 0.5).
  // n = 10, 2^9 = 512: C(9, k) = 1 9 36 -> P(X <= 1) = 10/512 = 0.020,
  //   P(X <= 2) = 46/512 = 0.090 -> 2.
  // n = 20, 2^19 = 524288: cumulative C(19, k) up to k = 5 is 16664 (0.032), up to 6 is
  //   43796 (0.084) -> 6.
  // n = 30, 2^29 = 536870912: cumulative C(29, k) up to 9 is 16489546 (0.031), up to 10 is
  //   36519556 (0.068) -> 10.
  CHECK(leadlab::anhoej_crossings_limit(10) == 2);
  CHECK(leadlab::anhoej_crossings_limit(20) == 6);
  CHECK(leadlab::anhoej_crossings_limit(30) == 10);
}

TEST_CASE("the crossings limit is the exact binomial percentile for every small n") {
  // Exact integer arithmetic: the limit is the smallest c with 20 * sum_{k<=c} C(n-1, k) >=
  // 2^(n-1). For n <= 60 every term fits in 64 bits.
  for (int n = 1; n <= 60; ++n) {
    CAPTURE(n);
    const int trials = n - 1;
    std::vector<std::uint64_t> row{1};  // Pascal's triangle, row `trials`
    for (int t = 0; t < trials; ++t) {
      std::vector<std::uint64_t> next(row.size() + 1, 1);
      for (std::size_t k = 1; k < row.size(); ++k) next[k] = row[k - 1] + row[k];
      row = next;
    }
    std::uint64_t cumulative = 0;
    int expected = trials;
    for (int c = 0; c <= trials; ++c) {
      cumulative += row[static_cast<std::size_t>(c)];
      if (20 * cumulative >= (std::uint64_t{1} << trials)) {
        expected = c;
        break;
      }
    }
    CHECK(leadlab::anhoej_crossings_limit(n) == expected);
  }
  // A very long series neither underflows nor hangs: about n/2 - 0.82 sqrt(n).
  CHECK(leadlab::anhoej_crossings_limit(100000) > 49700);
  CHECK(leadlab::anhoej_crossings_limit(100000) < 49800);
}

TEST_CASE("without baseline points there is no centre line and no signal") {
  // B rises over seven points, but with nothing before the change there is nothing to
  // compare with.
  const RunChart rc = chart({}, {1, 2, 3, 4, 5, 6, 7});
  CHECK_FALSE(rc.centre.has_value());
  CHECK_FALSE(rc.shift.has_value());
  CHECK_FALSE(rc.trend.has_value());
  CHECK(rc.n_useful == 0);
  CHECK_FALSE(rc.longest_run_limit.has_value());
  CHECK_FALSE(rc.crossings_limit.has_value());
}

TEST_CASE("points all on the median leave no useful points") {
  const RunChart rc = chart({2, 2, 2}, {2, 2});
  CHECK(rc.centre == 2);
  CHECK(rc.n_useful == 0);
  CHECK(rc.longest_run == 0);
  CHECK(rc.crossings == 0);
  CHECK_FALSE(rc.longest_run_limit.has_value());
  CHECK_FALSE(rc.longest_run_signal);
  CHECK_FALSE(rc.crossings_signal);
}

// ---------------------------------------------------------------------------------------
// Success rule
// ---------------------------------------------------------------------------------------

TEST_CASE("a success rule parses functions, comparisons and and, case-insensitively") {
  const SuccessRule rule = SuccessRule::parse(
      "  NAP(share) >= 0.66 AND median(share)>0.5 and Shift(questions) and tau_u(share) < -0.25 ",
      {"questions", "statements", "share"});
  CHECK(rule.text() ==
        "NAP(share) >= 0.66 AND median(share)>0.5 and Shift(questions) and tau_u(share) < -0.25");
  REQUIRE(rule.clauses().size() == 4);
  CHECK(rule.clauses()[0].text() == "nap(share) >= 0.66");
  CHECK(rule.clauses()[0].threshold == 0.66);
  CHECK(rule.clauses()[0].column == 3);
  CHECK(rule.clauses()[1].text() == "median(share) > 0.5");
  CHECK(rule.clauses()[1].column == 26);
  CHECK(rule.clauses()[2].text() == "shift(questions)");
  CHECK_FALSE(rule.clauses()[2].comparator.has_value());
  CHECK(rule.clauses()[3].text() == "tau_u(share) < -0.25");
  CHECK(rule.clauses()[3].threshold == -0.25);
  for (const char* op : {">=", ">", "<=", "<", "="})
    CHECK(SuccessRule::parse(std::string("mean(share) ") + op + " 3", {"share"})
              .clauses()[0]
              .text() == std::string("mean(share) ") + op + " 3");
  CHECK(SuccessRule::parse("pnd(share) == 80", {"share"}).clauses()[0].text() == "pnd(share) = 80");
}

TEST_CASE("success rule errors name the column and suggest close names") {
  check_rule_error("", "empty success rule", 1, "Write a rule such as nap(share) >= 0.66.");
  check_rule_error("   ", "empty success rule", 1, "Write a rule such as nap(share) >= 0.66.");
  check_rule_error("napp(share) >= 0.66",
                   "unknown function \"napp\" at column 1: expected nap, tau, tau_u, pnd, "
                   "median, mean, shift or trend",
                   1, "did you mean \"nap\"?");
  check_rule_error("share >= 0.66",
                   "unknown function \"share\" at column 1: expected nap, tau, tau_u, pnd, "
                   "median, mean, shift or trend",
                   1, "name a function of the metric, e.g. nap(share) >= 0.66.");
  check_rule_error("nap(shar) >= 0.66", "unknown metric \"shar\" at column 5", 5,
                   "did you mean \"share\"?");
  check_rule_error("nap(xyz) >= 0.66", "unknown metric \"xyz\" at column 5", 5,
                   "the experiment's metrics are questions, statements, share");
  check_rule_error("nap share", "unexpected \"share\" at column 5: expected \"(\" after nap", 5);
  check_rule_error("nap(share >= 1",
                   "unexpected \">\" at column 11: expected \")\" after nap(share", 11);
  check_rule_error("nap(share) 0.66",
                   "unexpected \"0.66\" at column 12: expected a comparison (>=, >, <=, < or =) "
                   "after nap(share)",
                   12);
  check_rule_error("nap(share) >= ", "unexpected end at column 15: expected a number", 15);
  check_rule_error("nap(share) >= 1.", "unexpected end at column 17: expected a digit after \".\"",
                   17);
  check_rule_error("shift(questions) >= 1", "shift(questions) takes no comparison at column 18", 18,
                   "shift is met or not by itself: write shift(questions).");
  check_rule_error("nap(share) >= 0.66 or shift(questions)",
                   "unexpected \"or\" at column 20: expected \"and\" or the end of the rule", 20);
  check_rule_error("nap(share) >= 0.66 and",
                   "unexpected end at column 23: expected a function such as nap(...), "
                   "median(...) or shift(...)",
                   23);
  // A non-ASCII byte is shown escaped, never passed to the terminal.
  check_rule_error("nap(share) \xE2\x89\xA5 0.66",
                   "unexpected \"\\xE2\\x89\\xA5\" at column 12: expected a comparison (>=, >, "
                   "<=, < or =) after nap(share)",
                   12);
}

TEST_CASE("a success rule longer than 1000 characters is refused") {
  std::string rule = "shift(share)";
  while (rule.size() <= 1000) rule += " and shift(share)";
  check_rule_error(rule, "the success rule is longer than 1000 characters", 1001);
}

TEST_CASE("a success rule is met only when every clause is met") {
  // share: A = {3, 2, 4, 3, 2}, B = {4, 5, 5, 6, 4, 5}: NAP 29/30 = 0.97, median(B) 5,
  // shift: B is all above the baseline median 3 -> 6 points, better.
  Journal journal;
  journal.add("share", {3, 2, 4, 3, 2}, {4, 5, 5, 6, 4, 5});
  const auto met = evaluate("nap(share) >= 0.66 and median(share) >= 5 and shift(share)", journal);
  CHECK(met.state == RuleState::kMet);
  CHECK_FALSE(met.provisional);
  REQUIRE(met.clauses.size() == 3);
  CHECK(met.clauses[0].explanation == "nap(share) = 0.97 >= 0.66: met");
  CHECK(*met.clauses[0].value == doctest::Approx(29.0 / 30));
  CHECK(met.clauses[1].explanation == "median(share) = 5 >= 5: met");
  CHECK(met.clauses[2].explanation ==
        "shift(share): met (6 test points in a row above the baseline median 3)");

  // trend: B deduplicated is 4 5 6 4 5, no five points in one direction.
  const auto not_met = evaluate("nap(share) >= 0.66 and trend(share)", journal);
  CHECK(not_met.state == RuleState::kNotMet);
  CHECK(not_met.clauses[0].state == RuleState::kMet);
  CHECK(not_met.clauses[1].state == RuleState::kNotMet);
  CHECK(not_met.clauses[1].explanation ==
        "trend(share): not met (no 5 test points in a row rising or falling)");
  // PND = 66.67 (see above).
  CHECK(evaluate("pnd(share) >= 80", journal).clauses[0].explanation ==
        "pnd(share) = 66.67 >= 80: not met");
}

TEST_CASE("not enough data in any clause makes the rule not enough data") {
  // questions has only 2 baseline points; share has plenty and meets its clause.
  Journal journal;
  journal.add("share", {3, 2, 4, 3, 2}, {4, 5, 5, 6, 4, 5});
  journal.add("questions", {1, 2}, {5, 6, 7, 8, 9});
  const auto result = evaluate("nap(share) >= 0.66 and nap(questions) >= 0.66", journal);
  CHECK(result.state == RuleState::kNotEnoughData);
  CHECK_FALSE(result.provisional);
  CHECK(result.clauses[1].state == RuleState::kNotEnoughData);
  CHECK_FALSE(result.clauses[1].value.has_value());
  CHECK(result.clauses[1].explanation ==
        "nap(questions): not enough data (2 baseline points and 5 test points; each phase "
        "needs 3)");
  CHECK(leadlab::to_string(result.state) == "not enough data");
}

TEST_CASE("a metric without an analysis counts as not enough data") {
  const SuccessRule rule = SuccessRule::parse("median(share) >= 1", {"share"});
  const auto result = evaluate_rule(rule, [](std::string_view) { return nullptr; });
  CHECK(result.state == RuleState::kNotEnoughData);
  CHECK(result.clauses[0].explanation == "median(share): not enough data (no values)");
}

TEST_CASE("provisional data gives met or not met with a provisional flag") {
  // A = {1, 2, 1}, B = {3, 4, 3, 4}: NAP 1 (see above), 3 baseline points: provisional.
  Journal journal;
  journal.add("questions", {1, 2, 1}, {3, 4, 3, 4});
  const auto result = evaluate("nap(questions) >= 0.66", journal);
  CHECK(result.state == RuleState::kMet);
  CHECK(result.provisional);
  CHECK(result.clauses[0].provisional);
  CHECK(result.clauses[0].explanation ==
        "nap(questions) = 1 >= 0.66: met (provisional: fewer than 5 points in a phase)");
  CHECK(leadlab::to_string(result.state) == "met");
}

TEST_CASE("for direction down a rule reads the mirrored nap but the raw median") {
  // Talk share, lower is better: A = {50, 40, 45, 50, 45}, B = {30, 40, 35, 30, 35}:
  // mirrored NAP 24.5 / 25 = 0.98; test median 35 (raw).
  Journal journal;
  journal.add("talk", {50, 40, 45, 50, 45}, {30, 40, 35, 30, 35}, Direction::kDown);
  const auto result = evaluate("nap(talk) >= 0.66 and median(talk) <= 40", journal);
  CHECK(result.state == RuleState::kMet);
  CHECK(result.clauses[0].explanation ==
        "nap(talk) = 0.98 >= 0.66: met (mirrored: lower is better)");
  CHECK(result.clauses[1].explanation == "median(talk) = 35 <= 40: met");
}

TEST_CASE("shift and trend clauses are met only in the better direction") {
  // A = {5, 5, 5, 5, 5}, B = {4, 3, 2, 1, 0, 1}: six points below the median 5, falling
  // 4 3 2 1 0 over five points.
  Journal journal;
  journal.add("up", {5, 5, 5, 5, 5}, {4, 3, 2, 1, 0, 1});
  journal.add("down", {5, 5, 5, 5, 5}, {4, 3, 2, 1, 0, 1}, Direction::kDown);
  const auto up = evaluate("shift(up) and trend(up)", journal);
  CHECK(up.state == RuleState::kNotMet);
  CHECK(up.clauses[0].explanation ==
        "shift(up): not met (6 test points in a row below the baseline median 5, the worse "
        "side)");
  CHECK(up.clauses[1].explanation ==
        "trend(up): not met (5 test points in a row falling, the worse direction)");
  const auto down = evaluate("shift(down) and trend(down)", journal);
  CHECK(down.state == RuleState::kMet);
  CHECK(down.clauses[0].explanation ==
        "shift(down): met (6 test points in a row below the baseline median 5)");
}

TEST_CASE("a value within rounding of the threshold counts as equal to it") {
  // B = {0.1, 0.2, 0.1, 0.2}: the mean is 0.15, but in binary it comes out a hair above.
  Journal journal;
  journal.add("x", {0.1, 0.1, 0.1}, {0.1, 0.2, 0.1, 0.2});
  const double mean = *journal.metrics.at("x").comparison.test.mean;
  CHECK(mean != 0.15);  // the premise: binary rounding moved it
  CHECK(evaluate("mean(x) <= 0.15", journal).clauses[0].state == RuleState::kMet);
  CHECK(evaluate("mean(x) = 0.15", journal).clauses[0].state == RuleState::kMet);
  CHECK(evaluate("mean(x) > 0.15", journal).clauses[0].state == RuleState::kNotMet);
}

TEST_CASE("a value that misses the threshold is shown with enough digits to see it") {
  // A = {1, 1, 1}, B = {1, 1, 1.004}: mean(B) = 3.004 / 3 = 1.001333, which rounds to "1"
  // at two decimals, yet misses "<= 1".
  Journal journal;
  journal.add("x", {1, 1, 1}, {1, 1, 1.004});
  CHECK(evaluate("mean(x) <= 1", journal).clauses[0].explanation ==
        "mean(x) = 1.001333 <= 1: not met (provisional: fewer than 5 points in a phase)");
}

TEST_CASE("nan and infinite values are left out rather than crashing") {
  // A = {1, NaN, 2, 3} counts as {1, 2, 3}; B = {inf, 4, 5, -inf, 6} as {4, 5, 6}:
  // every b above every a -> NAP 9 / 9 = 1.
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  const Comparison c = compare({1, nan, 2, 3}, {inf, 4, 5, -inf, 6});
  CHECK(c.baseline.n == 3);
  CHECK(c.test.n == 3);
  CHECK(c.nap == 1);
  CHECK(c.baseline.median == 2);
  const RunChart rc = chart({nan, nan}, {1, nan, 2});
  CHECK_FALSE(rc.centre.has_value());
  CHECK_FALSE(leadlab::median_of(Series{nan}).has_value());
}
