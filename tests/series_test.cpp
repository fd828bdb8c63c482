#include "leadlab/analysis/series.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <vector>

#include "demo_fixture.hpp"

using doctest::Approx;
using leadlab::Aggregate;
using leadlab::Direction;
using leadlab::Entry;
using leadlab::Experiment;
using leadlab::Metric;
using leadlab::MetricKind;
using leadlab::Phase;
using leadlab::testing::day;
using leadlab::testing::entry;

namespace {

// One metric of every kind; weeks of 2026-11-02 (Monday) and 2026-11-09.
Experiment every_kind() {
  Experiment e = leadlab::testing::demo_experiment();
  e.metrics = {leadlab::testing::count_metric("questions"),
               leadlab::testing::count_metric("statements", Direction::kDown),
               {.name = "mood", .kind = MetricKind::kScale, .scale_min = 1, .scale_max = 5},
               {.name = "held", .kind = MetricKind::kYesNo},
               {.name = "talk", .kind = MetricKind::kMinutes},
               {.name = "pct", .kind = MetricKind::kPercent},
               leadlab::testing::derived_metric("share", "questions / (questions + statements)")};
  return e;
}

// The week of 2026-11-02: three meetings, the third without statements or talk time.
std::vector<Entry> one_week() {
  return {entry(1, "2026-11-02",
                {{"questions", 1},
                 {"statements", 3},
                 {"mood", 2},
                 {"held", 1},
                 {"talk", 10},
                 {"pct", 50}}),
          entry(2, "2026-11-04",
                {{"questions", 9},
                 {"statements", 1},
                 {"mood", 5},
                 {"held", 0},
                 {"talk", 5.5},
                 {"pct", 70}}),
          entry(3, "2026-11-06", {{"questions", 6}, {"mood", 4}, {"held", 1}})};
}

leadlab::PeriodValue week_value(const Experiment& e, const char* metric,
                                const std::vector<Entry>& entries) {
  const leadlab::WeekRange weeks =
      leadlab::weeks_covering(day("2026-11-02"), day("2026-11-08"), std::chrono::Monday);
  const auto series = leadlab::weekly_series(*e.find_metric(metric), entries, weeks);
  REQUIRE(series.size() == 1);
  return series.front();
}

}  // namespace

TEST_CASE("the occasion series is in date order and splits at the test start") {
  const Experiment e = leadlab::testing::demo_experiment();
  std::vector<Entry> entries = leadlab::testing::demo_entries();
  std::reverse(entries.begin(), entries.end());  // the order they arrive in must not matter
  const auto series = leadlab::occasion_series(e, entries);
  REQUIRE(series.size() == 3);
  const auto& share = series[2];
  // Baseline 3/12, 2/13, 4/14, 3/11, 2/14 before 2026-10-15; test 6/13 ... 8/12 from it on.
  REQUIRE(share.baseline.size() == 5);
  REQUIRE(share.test.size() == 6);
  CHECK(share.baseline[0] == Approx(3.0 / 12));
  CHECK(share.baseline[4] == Approx(2.0 / 14));
  CHECK(share.test[0] == Approx(6.0 / 13));
  CHECK(share.test[5] == Approx(8.0 / 12));
  REQUIRE(share.points.size() == 11);
  CHECK(share.points[4].date == day("2026-10-12"));
  CHECK(share.points[4].phase == Phase::kBaseline);
  CHECK(share.points[5].date == day("2026-10-15"));
  CHECK(share.points[5].phase == Phase::kTesting);
  CHECK(share.points[5].entry_id == 6);
  CHECK(series[0].test == std::vector<double>{6, 8, 7, 9, 10, 8});  // questions, raw counts
}

TEST_CASE("entries on one day keep their time order, then their entry number") {
  const Experiment e = leadlab::testing::demo_experiment();
  std::vector<Entry> entries = {entry(9, "2026-11-02", {{"questions", 1}}),
                                entry(7, "2026-11-02", {{"questions", 2}}),
                                entry(8, "2026-11-02", {{"questions", 3}})};
  entries[0].time = "08:00";
  entries[1].time = "17:00";  // entry 8 has no time, so it sorts first
  const auto series = leadlab::occasion_series(e, entries);
  CHECK(series[0].test == std::vector<double>{3, 1, 2});
}

TEST_CASE("an occasion without a value, or whose formula divides by zero, is left out") {
  const Experiment e = leadlab::testing::demo_experiment();
  const std::vector<Entry> entries = {
      entry(1, "2026-11-02", {{"questions", 3}, {"statements", 1}}),   // share 3/4
      entry(2, "2026-11-03", {{"questions", 5}}),                      // no statements
      entry(3, "2026-11-04", {{"questions", 0}, {"statements", 0}})};  // 0 / 0
  const auto series = leadlab::occasion_series(e, entries);
  CHECK(series[0].test == std::vector<double>{3, 5, 0});
  CHECK(series[1].test == std::vector<double>{1, 0});
  CHECK(series[2].test == std::vector<double>{0.75});
  CHECK(series[2].points.front().entry_id == 1);
}

TEST_CASE("each kind of metric says how a period's entries make one value") {
  CHECK(leadlab::aggregate_of(MetricKind::kCount) == Aggregate::kSum);
  CHECK(leadlab::aggregate_of(MetricKind::kMinutes) == Aggregate::kSum);
  CHECK(leadlab::aggregate_of(MetricKind::kScale) == Aggregate::kMean);
  CHECK(leadlab::aggregate_of(MetricKind::kYesNo) == Aggregate::kMean);
  CHECK(leadlab::aggregate_of(MetricKind::kPercent) == Aggregate::kMean);
  CHECK(leadlab::aggregate_of(MetricKind::kDerived) == Aggregate::kFormula);
  CHECK(leadlab::to_string(Aggregate::kFormula) == "formula");
}

TEST_CASE("a week's counts and minutes are a mean per occasion with the sum beside it") {
  const Experiment e = every_kind();
  const auto entries = one_week();
  // questions 1 + 9 + 6 = 16 over 3 meetings: 5.333 a meeting; talk 10 + 5.5 = 15.5 over
  // the 2 that timed it: 7.75 a meeting.
  CHECK(week_value(e, "questions", entries).value == Approx(16.0 / 3));
  CHECK(week_value(e, "questions", entries).sum == Approx(16));
  CHECK(week_value(e, "questions", entries).occasions == 3);
  CHECK(week_value(e, "talk", entries).value == Approx(7.75));
  CHECK(week_value(e, "talk", entries).sum == Approx(15.5));
  CHECK(week_value(e, "talk", entries).occasions == 2);
  CHECK_FALSE(week_value(e, "mood", entries).sum.has_value());  // a level has no total
  // mood (2 + 5 + 4) / 3 = 3.667; pct (50 + 70) / 2 = 60.
  CHECK(week_value(e, "mood", entries).value == Approx(11.0 / 3));
  CHECK(week_value(e, "pct", entries).value == Approx(60));
}

TEST_CASE("a week with one meeting does not look like a collapse beside a week with three") {
  // 3 questions in each of three meetings, then 3 in the one meeting of the next week: the
  // behaviour is the same, and so is the weekly value (the totals 9 and 3 are not).
  const Experiment e = leadlab::testing::demo_experiment();
  const std::vector<Entry> entries = {
      entry(1, "2026-11-02", {{"questions", 3}}), entry(2, "2026-11-03", {{"questions", 3}}),
      entry(3, "2026-11-04", {{"questions", 3}}), entry(4, "2026-11-10", {{"questions", 3}})};
  const auto weeks =
      leadlab::weeks_covering(day("2026-11-02"), day("2026-11-15"), std::chrono::Monday);
  const auto series = leadlab::weekly_series(*e.find_metric("questions"), entries, weeks);
  REQUIRE(series.size() == 2);
  CHECK(series[0].value == Approx(3));
  CHECK(series[1].value == Approx(3));
  CHECK(series[0].sum == Approx(9));
  CHECK(series[1].sum == Approx(3));
}

TEST_CASE("a yes/no week is the share of yes answers") {
  // yes, no, yes: 2 of 3.
  CHECK(week_value(every_kind(), "held", one_week()).value == Approx(2.0 / 3));
}

TEST_CASE("a derived week is the formula over the week's sums, not a mean of ratios") {
  // Meetings 1 and 2 have both inputs: (1 + 9) / ((1 + 9) + (3 + 1)) = 10 / 14 = 0.714. The
  // mean of their ratios would be (1/4 + 9/10) / 2 = 0.575. Meeting 3 has no statements, so
  // it is left out of both sums: counting its 6 questions would give 16 / 20 = 0.8.
  const auto share = week_value(every_kind(), "share", one_week());
  CHECK(share.value == Approx(10.0 / 14));
  CHECK(share.occasions == 2);
}

TEST_CASE("a derived week whose sums divide by zero has no value, not 0") {
  const std::vector<Entry> entries = {
      entry(1, "2026-11-03", {{"questions", 0}, {"statements", 0}})};
  const auto share = week_value(every_kind(), "share", entries);
  CHECK_FALSE(share.value.has_value());
  CHECK(share.occasions == 1);
}

TEST_CASE("weeks start on Monday by default and are named by their ISO week") {
  // 2026-11-04 is a Wednesday: its week began on Monday 2026-11-02 (2026-W45); 2026-11-16 is
  // the Monday of 2026-W47, so three weeks are covered.
  const auto weeks =
      leadlab::weeks_covering(day("2026-11-04"), day("2026-11-16"), std::chrono::Monday);
  CHECK(weeks.first == day("2026-11-02"));
  CHECK(weeks.count == 3);
  CHECK(weeks.last_day() == day("2026-11-22"));
  CHECK(leadlab::week_label(weeks.first, weeks.start_day) == "2026-W45");
  CHECK(leadlab::week_label(weeks.start_of(2), weeks.start_day) == "2026-W47");
}

TEST_CASE("weeks may start on another day and are then named by their first day") {
  // With Sunday weeks, Wednesday 2026-11-04 is in the week of Sunday 2026-11-01, and Monday
  // 2026-11-16 in the week of Sunday 2026-11-15: three weeks.
  const auto weeks =
      leadlab::weeks_covering(day("2026-11-04"), day("2026-11-16"), std::chrono::Sunday);
  CHECK(weeks.first == day("2026-11-01"));
  CHECK(weeks.count == 3);
  CHECK(leadlab::week_label(weeks.first, weeks.start_day) == "2026-11-01");
  CHECK(weeks.index_of(day("2026-11-07")) == 0);  // Saturday: still the first week
  CHECK(weeks.index_of(day("2026-11-08")) == 1);  // Sunday: the second
}

TEST_CASE("a day outside the weeks has no week, and an empty range has none at all") {
  const auto weeks =
      leadlab::weeks_covering(day("2026-11-02"), day("2026-11-08"), std::chrono::Monday);
  CHECK(weeks.index_of(day("2026-11-01")) == std::nullopt);
  CHECK(weeks.index_of(day("2026-11-09")) == std::nullopt);
  const auto none =
      leadlab::weeks_covering(day("2026-11-09"), day("2026-11-02"), std::chrono::Monday);
  CHECK(none.count == 0);
  CHECK(none.index_of(day("2026-11-09")) == std::nullopt);
}

TEST_CASE("a weekly series has a gap for a week without entries and ignores other weeks") {
  const Experiment e = leadlab::testing::demo_experiment();
  const auto weeks =
      leadlab::weeks_covering(day("2026-11-02"), day("2026-11-22"), std::chrono::Monday);
  const std::vector<Entry> entries = {
      entry(1, "2026-10-30", {{"questions", 100}}),  // before the first week
      entry(2, "2026-11-03", {{"questions", 2}}), entry(3, "2026-11-08", {{"questions", 3}}),
      entry(4, "2026-11-20", {{"questions", 4}})};
  const auto series = leadlab::weekly_series(*e.find_metric("questions"), entries, weeks);
  REQUIRE(series.size() == 3);
  CHECK(series[0].value == Approx(2.5));  // (2 + 3) / 2: Sunday 2026-11-08 ends the ISO week
  CHECK(series[0].sum == Approx(5));
  CHECK_FALSE(series[1].value.has_value());
  CHECK(series[1].occasions == 0);
  CHECK(series[2].value == Approx(4));
}

TEST_CASE("the listed weeks keep a short pause and leave out a long one") {
  // Weeks from Monday 2026-09-07: entries in weeks 0, 9 (8 empty weeks between: listed) and
  // 19 (9 empty weeks between: left out, one gap).
  const std::vector<Entry> entries = {
      entry(3, "2027-01-20", {{"questions", 3}}), entry(1, "2026-09-08", {{"questions", 1}}),
      entry(2, "2026-11-13", {{"questions", 2}}), entry(4, "2026-09-13", {{"questions", 4}})};
  const auto weeks = leadlab::weeks_listed(entries, std::chrono::Monday);
  REQUIRE(weeks.count() == 11);  // weeks 0 to 9, then 19
  CHECK(weeks.starts[0] == day("2026-09-07"));
  CHECK(weeks.starts[9] == day("2026-11-09"));
  CHECK(weeks.starts[10] == day("2027-01-18"));
  for (int w = 0; w < 10; ++w) CHECK(weeks.gap_before(w) == 0);
  CHECK(weeks.gap_before(10) == 9);
  CHECK(weeks.index_of(day("2026-09-13")) == 0);             // Sunday: still the first week
  CHECK(weeks.index_of(day("2026-10-01")) == 3);             // an empty week that is listed
  CHECK(weeks.index_of(day("2026-12-01")) == std::nullopt);  // one left out
  CHECK(weeks.index_of(day("2027-01-24")) == 10);
  CHECK(weeks.index_of(day("2027-01-25")) == std::nullopt);

  const Experiment e = leadlab::testing::demo_experiment();
  const auto series = leadlab::weekly_series(*e.find_metric("questions"), entries, weeks);
  REQUIRE(series.size() == 11);
  CHECK(series[0].value == Approx(2.5));
  CHECK(series[0].sum == Approx(5));
  CHECK(series[0].occasions == 2);
  CHECK_FALSE(series[1].value.has_value());
  CHECK(series[9].value == Approx(2));
  CHECK(series[10].value == Approx(3));
}

TEST_CASE("listed weeks may start on another day, and no entries list no weeks") {
  // Sunday weeks: Saturday 2026-11-07 is in the week of 2026-11-01, Sunday 2026-11-08 begins
  // the next.
  const std::vector<Entry> entries = {entry(1, "2026-11-07", {}), entry(2, "2026-11-08", {})};
  const auto weeks = leadlab::weeks_listed(entries, std::chrono::Sunday);
  REQUIRE(weeks.count() == 2);
  CHECK(weeks.starts[0] == day("2026-11-01"));
  CHECK(weeks.starts[1] == day("2026-11-08"));
  CHECK(weeks.start_day == std::chrono::Sunday);
  const auto none = leadlab::weeks_listed({}, std::chrono::Monday);
  CHECK(none.count() == 0);
  CHECK(none.gap_before(0) == 0);
  CHECK(none.index_of(day("2026-11-08")) == std::nullopt);
}
