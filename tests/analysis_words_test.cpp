// The analysis in words (report/analysis_words.hpp): NAP as a sentence whose counts are the
// pairs NAP counts, and the run chart's limits explained. Series are hand-worked.
#include "leadlab/report/analysis_words.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "leadlab/analysis/analysis.hpp"

using leadlab::Comparison;
using leadlab::Direction;
using leadlab::Metric;
using leadlab::MetricKind;
using leadlab::nap_in_words;

namespace {

Comparison compare(const std::vector<double>& a, const std::vector<double>& b,
                   Direction d = Direction::kUp) {
  return leadlab::compare_phases(a, b, d);
}

Metric metric(const std::string& name, MetricKind kind, Direction d = Direction::kUp) {
  Metric m;
  m.name = name;
  m.kind = kind;
  m.direction = d;
  return m;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("the NAP sentence counts the pairs NAP counts and gives the ties separately") {
  // A = {3, 2, 4, 3, 2}, B = {4, 5, 5, 6, 4, 5} (analysis_test's hand-worked series): of the
  // 30 pairs 28 have the higher test point and 2 are ties (each 4 against the 4): NAP 29 / 30.
  const Comparison c = compare({3, 2, 4, 3, 2}, {4, 5, 5, 6, 4, 5});
  REQUIRE(c.pairs);
  CHECK(c.pairs->better == 28);
  CHECK(c.pairs->ties == 2);
  CHECK(c.pairs->worse == 0);
  CHECK(c.pairs->total() == 30);
  CHECK(nap_in_words(metric("questions", MetricKind::kCount), c, "meeting") ==
        "In 28 of 30 pairs of a baseline and a test meeting, the test meeting had more "
        "questions, and in 2 the two were the same (NAP 0.97, a tie counting as half).");
}

TEST_CASE("without ties the NAP sentence says no more than the count") {
  // A = {1, 2, 1}, B = {3, 4, 3, 4}: every one of the 12 pairs has the higher test point.
  Metric share = metric("share", MetricKind::kDerived);
  CHECK(nap_in_words(share, compare({1, 2, 1}, {3, 4, 3, 4}), "meeting") ==
        "In 12 of 12 pairs of a baseline and a test meeting, the test meeting had the higher "
        "share (NAP 1).");
  // And none: every test point lower, for a metric where higher is better.
  CHECK(nap_in_words(share, compare({5, 6, 5}, {3, 2, 3}), "1:1") ==
        "In 0 of 9 pairs of a baseline and a test 1:1, the test 1:1 had the higher share (NAP 0).");
}

TEST_CASE("the NAP sentence follows the metric's direction") {
  // Lower is better. A = {50, 40, 45}, B = {30, 40, 35}: 8 pairs with the lower test point,
  // 1 tie (40 and 40): NAP 8.5 / 9 = 0.94.
  const Comparison c = compare({50, 40, 45}, {30, 40, 35}, Direction::kDown);
  CHECK(nap_in_words(metric("statements", MetricKind::kCount, Direction::kDown), c, "1:1") ==
        "In 8 of 9 pairs of a baseline and a test 1:1, the test 1:1 had fewer statements, and "
        "in 1 the two were the same (NAP 0.94, a tie counting as half).");
  CHECK(nap_in_words(metric("talk_share", MetricKind::kPercent, Direction::kDown), c, "1:1") ==
        "In 8 of 9 pairs of a baseline and a test 1:1, the test 1:1 had the lower talk_share, "
        "and in 1 the two were the same (NAP 0.94, a tie counting as half).");
}

TEST_CASE("a yes/no metric's NAP sentence speaks of yes and no") {
  // A = {no, no, yes}, B = {yes, yes, no}: each yes beats the two baseline no's and ties the
  // yes (4 better, 2 ties); the no ties the two no's and loses to the yes (2 ties, 1 worse).
  // NAP = (4 + 4 / 2) / 9 = 0.67.
  const Comparison c = compare({0, 0, 1}, {1, 1, 0});
  CHECK(nap_in_words(metric("spoke_last", MetricKind::kYesNo), c, "meeting") ==
        "In 4 of 9 pairs of a baseline and a test meeting, spoke_last was yes in the test meeting "
        "and no in the baseline one, and in 4 the two were the same (NAP 0.67, a tie counting as "
        "half).");
  const Comparison down = compare({0, 0, 1}, {1, 1, 0}, Direction::kDown);  // 1 better, 4 ties
  CHECK(nap_in_words(metric("interrupted", MetricKind::kYesNo, Direction::kDown), down, "week") ==
        "In 1 of 9 pairs of a baseline and a test week, interrupted was no in the test week and "
        "yes in the baseline one, and in 4 the two were the same (NAP 0.33, a tie counting as "
        "half).");
}

TEST_CASE("a metric without test data, or without a baseline, has no NAP sentence") {
  const Metric questions = metric("questions", MetricKind::kCount);
  CHECK(nap_in_words(questions, compare({1, 2, 3}, {}), "meeting").empty());
  CHECK(nap_in_words(questions, compare({}, {1, 2, 3}), "meeting").empty());
  CHECK(nap_in_words(questions, compare({}, {}), "meeting").empty());
  CHECK_FALSE(compare({1, 2, 3}, {}).pairs);
}

TEST_CASE("an occasion leadlab does not write reads as a point") {
  CHECK(nap_in_words(metric("questions", MetricKind::kCount), compare({1}, {2}), "standup") ==
        "In 1 of 1 pair of a baseline and a test point, the test point had more questions (NAP "
        "1).");
}

TEST_CASE("the runs line gives its limits and says what they mean") {
  // Sides against the baseline median 2: - - (2 is on it) + + + + + + +: 9 useful points,
  // longest run 7, crossings 1; the limits for 9 points are 6 and 2: both beyond.
  leadlab::MetricReport r;
  r.analysis = leadlab::analyse_metric(std::vector<double>{1, 1, 2, 3, 3},
                                       std::vector<double>{5, 5, 6, 5, 6}, Direction::kUp);
  const leadlab::RunChart& chart = r.analysis.run_chart;
  REQUIRE(chart.longest_run_limit);
  CHECK(chart.longest_run == 7);
  CHECK(*chart.longest_run_limit == 6);
  CHECK(*chart.crossings_limit == 2);
  const std::vector<std::string> lines = leadlab::run_chart_words(r);
  std::string text;
  for (const std::string& line : lines) text += line + "\n";
  CHECK(contains(text, "runs: longest " + std::to_string(chart.longest_run) + " (limit " +
                           std::to_string(*chart.longest_run_limit) + ")"));
  CHECK(contains(text,
                 "limits for the 9 points off the median: by chance a run (points in a "
                 "row on one side) is rarely longer than 6, and crossings rarely fewer than "
                 "2; beyond a limit, something moved the values"));
  CHECK(contains(text, "a run longer than chance allows"));

  // Points alternating around the median stay within both limits, and a short series says
  // that the limits are meant for more points.
  leadlab::MetricReport calm;
  calm.analysis = leadlab::analyse_metric(std::vector<double>{1, 3, 1, 3},
                                          std::vector<double>{1, 3, 1}, Direction::kUp);
  std::string calm_text;
  for (const std::string& line : leadlab::run_chart_words(calm)) calm_text += line + "\n";
  CHECK(contains(calm_text, "both within their limits"));
  CHECK(contains(calm_text, "(the limits are meant for about 10 points or more)"));
  CHECK_FALSE(contains(calm_text, "chance allows;"));
}

TEST_CASE("without baseline points the run chart says there is nothing to compare with") {
  leadlab::MetricReport r;
  r.analysis =
      leadlab::analyse_metric(std::vector<double>{}, std::vector<double>{1, 2, 3}, Direction::kUp);
  CHECK(
      leadlab::run_chart_words(r) ==
      std::vector<std::string>{"none: without baseline points there is no median to compare with"});
}
