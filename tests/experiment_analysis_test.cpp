#include "leadlab/analysis/experiment_analysis.hpp"

#include <doctest/doctest.h>

#include "demo_fixture.hpp"

using doctest::Approx;
using leadlab::Adequacy;
using leadlab::Experiment;
using leadlab::ExperimentAnalysis;
using leadlab::RuleState;
using leadlab::testing::day;
using leadlab::testing::demo_entries;
using leadlab::testing::demo_experiment;

namespace {

ExperimentAnalysis analyse(const Experiment& e) {
  return leadlab::analyse_experiment(e, demo_entries());
}

}  // namespace

TEST_CASE("the demo's share is analysed as worked out by hand") {
  // Baseline A = 3/12, 2/13, 4/14, 3/11, 2/14 = .250 .154 .286 .273 .143 (sorted: .143 .154
  //   .250 .273 .286): median .25, mean 1.105145 / 5 = .221029.
  // Test B = 6/13, 8/14, 7/15, 9/14, 10/16, 8/12 = .462 .571 .467 .643 .625 .667: median
  //   (.571429 + .625) / 2 = .598214, mean 3.434158 / 6 = .572360.
  // Every test point beats every baseline point: NAP 30/30 = 1, Tau 1, PND 100.
  // S_AA over the 10 baseline pairs: 4 rising, 6 falling = -2, so tau_A = -0.2 and
  //   Tau-U = (S_AB - S_AA) / (m n) = (30 + 2) / 30 = 1.0667.
  const ExperimentAnalysis a = analyse(demo_experiment());
  const auto* share = a.find("share");
  REQUIRE(share != nullptr);
  const auto& c = share->analysis.comparison;
  CHECK(c.baseline.n == 5);
  CHECK(c.test.n == 6);
  CHECK(*c.baseline.median == Approx(0.25));
  CHECK(*c.baseline.mean == Approx(1.105145 / 5).epsilon(1e-5));
  CHECK(*c.test.median == Approx((8.0 / 14 + 10.0 / 16) / 2));
  CHECK(*c.test.mean == Approx(3.434158 / 6).epsilon(1e-5));
  CHECK(*c.nap == Approx(1));
  CHECK(*c.tau == Approx(1));
  CHECK(*c.baseline_tau == Approx(-0.2));
  CHECK(*c.tau_u == Approx(32.0 / 30));
  CHECK(*c.pnd == Approx(100));
  CHECK(c.adequacy == Adequacy::kVerdict);
  CHECK(share->verdict.find("share improved") != std::string::npos);
}

TEST_CASE("the demo's run chart is read against the baseline median as worked out by hand") {
  // Centre .25. Baseline: .25 on the line, then below, above, above, below; the 6 test points
  // all above. 10 useful points in runs B | A A | B | A A A A A A: longest run 6, 3
  // crossings. Anhoej limits for 10 points: longest run 6, crossings 2, so no runs signal.
  // The test points form a shift of 6 above (2026-10-15 to 2026-11-02) but no trend: they
  // go up, down, up, down, up.
  const ExperimentAnalysis a = analyse(demo_experiment());
  const auto* share = a.find("share");
  const auto& chart = share->analysis.run_chart;
  CHECK(*chart.centre == Approx(0.25));
  CHECK(chart.n_useful == 10);
  CHECK(chart.longest_run == 6);
  CHECK(chart.crossings == 3);
  CHECK(chart.longest_run_limit == 6);
  CHECK(chart.crossings_limit == 2);
  CHECK_FALSE(chart.longest_run_signal);
  CHECK_FALSE(chart.crossings_signal);
  REQUIRE(chart.shift.has_value());
  CHECK(chart.shift->points == 6);
  CHECK(chart.shift->higher);
  CHECK(chart.shift->better);
  CHECK(share->dates_of(*chart.shift) == std::pair{day("2026-10-15"), day("2026-11-02")});
  CHECK_FALSE(chart.trend.has_value());
}

TEST_CASE("a metric where lower is better is mirrored") {
  // statements, down: A = 9 11 10 8 12, B = 7 6 8 5 6 4. A test point is better when lower:
  // 7, 6, 5, 6 and 4 beat all 5 baseline points; 8 beats 9, 10, 11, 12 and ties 8, 4.5.
  // NAP = (5 * 5 + 4.5) / 30 = 29.5 / 30. PND: 5 of 6 test points are below min(A) = 8.
  const ExperimentAnalysis a = analyse(demo_experiment());
  const auto* statements = a.find("statements");
  const auto& c = statements->analysis.comparison;
  CHECK(*c.nap == Approx(29.5 / 30));
  CHECK(*c.pnd == Approx(500.0 / 6));
  CHECK(*c.median_change == Approx(6 - 10));  // raw: medians 10 -> 6
  CHECK(statements->analysis.run_chart.shift->better);
  CHECK_FALSE(statements->analysis.run_chart.shift->higher);
}

TEST_CASE("the weekly series runs from the first entry's week to the last one's") {
  // 2026-09-28 is the Monday of 2026-W40 and 2026-11-02 that of 2026-W45: 6 weeks. The first
  // week has 3/9 and 2/11: share (3 + 2) / (9 + 11 + 3 + 2) = 5 / 25 = 0.2.
  const ExperimentAnalysis a = analyse(demo_experiment());
  const auto* share = a.find("share");
  REQUIRE(share->weeks.count() == 6);
  CHECK(share->weeks.starts.front() == day("2026-09-28"));
  REQUIRE(share->weekly.size() == 6);
  CHECK(*share->weekly[0].value == Approx(0.2));
  CHECK(share->weekly[0].occasions == 2);
}

TEST_CASE("the weekly series grows with the entries, not with the calendar between them") {
  // Monday 1900-01-01 (1900-W01) and Friday 2026-11-20 (2026-W47, from Monday 2026-11-16) are
  // 46,340 days apart: 6,620 weeks, of which the 6,619 between the two have no entries. They
  // are one gap, not 6,619 empty weeks.
  const std::vector<leadlab::Entry> entries = {
      leadlab::testing::entry(1, "1900-01-01", {{"questions", 3}, {"statements", 9}}),
      leadlab::testing::entry(2, "2026-11-20", {{"questions", 6}, {"statements", 2}})};
  const ExperimentAnalysis a = leadlab::analyse_experiment(demo_experiment(), entries);
  const auto* share = a.find("share");
  REQUIRE(share != nullptr);
  REQUIRE(share->weekly.size() == 2);
  REQUIRE(share->weeks.count() == 2);
  CHECK(share->weeks.starts[0] == day("1900-01-01"));
  CHECK(share->weeks.starts[1] == day("2026-11-16"));
  CHECK(share->weeks.gap_before(1) == 6619);
  CHECK(*share->weekly[0].value == Approx(3.0 / 12));
  CHECK(*share->weekly[1].value == Approx(6.0 / 8));
}

TEST_CASE("an experiment without a success rule has no success report") {
  CHECK_FALSE(analyse(demo_experiment()).success.has_value());
}

TEST_CASE("the success rule is evaluated against the experiment's own analysis") {
  // nap(share) = 1 >= 0.66 and median(share) = 0.598 >= 0.5: met, with 5 and 6 points.
  Experiment e = demo_experiment();
  e.success_rule = "nap(share) >= 0.66 and median(share) >= 0.5";
  const auto success = analyse(e).success;
  REQUIRE(success.has_value());
  REQUIRE(success->result.has_value());
  CHECK(success->result->state == RuleState::kMet);
  CHECK_FALSE(success->result->provisional);
  REQUIRE(success->result->clauses.size() == 2);
  CHECK(*success->result->clauses[1].value == Approx((8.0 / 14 + 10.0 / 16) / 2));
  CHECK(success->error.empty());
}

TEST_CASE("a stored success rule that no longer parses is reported, not thrown") {
  Experiment e = demo_experiment();
  e.success_rule = "nap(ratio) >= 0.66";  // no metric "ratio"
  std::optional<leadlab::SuccessReport> success;
  CHECK_NOTHROW(success = analyse(e).success);
  REQUIRE(success.has_value());
  CHECK_FALSE(success->result.has_value());
  CHECK(success->rule == "nap(ratio) >= 0.66");
  CHECK(success->error.find("ratio") != std::string::npos);
}

TEST_CASE("an experiment without entries is analysed as having no data") {
  const auto a = leadlab::analyse_experiment(demo_experiment(), {});
  REQUIRE(a.metrics.size() == 3);
  CHECK(a.metrics[0].weeks.count() == 0);
  CHECK(a.metrics[0].weekly.empty());
  CHECK(a.metrics[0].analysis.comparison.adequacy == Adequacy::kNotEnoughData);
  CHECK(a.metrics[0].verdict == "questions: no data yet.");
}

TEST_CASE("the headline metric is the first derived one, else the first") {
  Experiment e = demo_experiment();
  CHECK(leadlab::headline_metric(e)->name == "share");
  e.metrics.pop_back();
  CHECK(leadlab::headline_metric(e)->name == "questions");
  e.metrics.clear();
  CHECK(leadlab::headline_metric(e) == nullptr);
}
