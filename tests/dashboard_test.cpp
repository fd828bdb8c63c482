#include "leadlab/analysis/dashboard.hpp"

#include <doctest/doctest.h>

#include "demo_fixture.hpp"

using doctest::Approx;
using leadlab::DashboardItem;
using leadlab::DueKind;
using leadlab::Entry;
using leadlab::Experiment;
using leadlab::Status;
using leadlab::testing::day;
using leadlab::testing::demo_entries;
using leadlab::testing::demo_experiment;
using leadlab::testing::entry;

namespace {

bool has_due(const DashboardItem& item, DueKind kind) {
  for (const auto& due : item.due)
    if (due.kind == kind) return true;
  return false;
}

// The demo experiment still in its baseline, with `n` of its 5 baseline meetings logged.
DashboardItem in_baseline(std::size_t n, const char* today) {
  Experiment e = demo_experiment();
  e.status = Status::kBaseline;
  e.test_start.reset();
  std::vector<Entry> entries = demo_entries();
  entries.resize(n);
  return leadlab::dashboard_item(e, entries, day(today));
}

}  // namespace

TEST_CASE("the dashboard shows the demo's points, last entry and latest share") {
  // On Sunday 2026-11-08: 5 baseline and 6 test meetings, the last on 2026-11-02, 6 days
  // ago. The latest share is 8/12 = 0.667 against the baseline median 0.25: +0.417, better.
  const DashboardItem item =
      leadlab::dashboard_item(demo_experiment(), demo_entries(), day("2026-11-08"));
  CHECK(item.stats.baseline_points == 5);
  CHECK(item.stats.test_points == 6);
  CHECK(item.stats.last_entry == day("2026-11-02"));
  CHECK(item.quiet_days == 6);
  REQUIRE(item.headline.has_value());
  CHECK(item.headline->metric.name == "share");
  REQUIRE(item.headline->latest.has_value());
  CHECK(item.headline->latest->value == Approx(8.0 / 12));
  CHECK(item.headline->latest->date == day("2026-11-02"));
  CHECK(*item.headline->baseline_median == Approx(0.25));
  CHECK(*item.headline->change == Approx(8.0 / 12 - 0.25));
  CHECK(item.headline->better == true);
  CHECK(item.headline->values.size() == 11);
  CHECK(item.headline->baseline_points == 5);
}

TEST_CASE("with the planned test points logged a review is due, and only that") {
  // 6 of 6 planned test points; 6 quiet days are fewer than the 7 that earn a nudge.
  const DashboardItem item =
      leadlab::dashboard_item(demo_experiment(), demo_entries(), day("2026-11-08"));
  REQUIRE(item.due.size() == 1);
  CHECK(item.due[0].kind == DueKind::kReviewDue);
  CHECK(item.due[0].message == "review due: 6 of 6 planned test points logged");
}

TEST_CASE("seven days without an entry earn a nudge") {
  // The last entry was on 2026-11-02; on 2026-11-09 that is 7 days.
  const DashboardItem item =
      leadlab::dashboard_item(demo_experiment(), demo_entries(), day("2026-11-09"));
  CHECK(item.quiet_days == 7);
  CHECK(has_due(item, DueKind::kLogNudge));
  CHECK(item.due.back().message.find("nothing logged for 7 days (since 2026-11-02)") == 0);
}

TEST_CASE("a baseline with its planned points logged is ready for the test") {
  const DashboardItem ready = in_baseline(5, "2026-10-13");
  CHECK(has_due(ready, DueKind::kReadyToStart));
  CHECK(ready.due.front().message.find("`leadlab start 1`") != std::string::npos);
  const DashboardItem not_yet = in_baseline(4, "2026-10-09");
  CHECK(not_yet.due.empty());
}

TEST_CASE("during the baseline the latest value is not judged against the baseline") {
  // 3 of 5 baseline meetings: shares 0.25, 0.15, 0.29; the latest (0.29) is part of the
  // baseline its median is taken from, so there is nothing to be better or worse than.
  const DashboardItem item = in_baseline(3, "2026-10-06");
  REQUIRE(item.headline.has_value());
  REQUIRE(item.headline->latest.has_value());
  CHECK(item.headline->latest->phase == leadlab::Phase::kBaseline);
  CHECK(item.headline->baseline_median.has_value());
  CHECK_FALSE(item.headline->change.has_value());
  CHECK_FALSE(item.headline->better.has_value());
}

TEST_CASE("a test begun recently is not stale because the last baseline entry is old") {
  // Baseline entries end on 2026-10-12; the test began on 2026-10-20 with nothing logged
  // yet. On 2026-10-22 the quiet time counts from the test start: 2 days, no nudge.
  Experiment e = demo_experiment();
  e.test_start = day("2026-10-20");
  std::vector<Entry> entries = demo_entries();
  entries.resize(5);
  const DashboardItem item = leadlab::dashboard_item(e, entries, day("2026-10-22"));
  CHECK(item.quiet_since == day("2026-10-20"));
  CHECK(item.quiet_days == 2);
  CHECK_FALSE(has_due(item, DueKind::kLogNudge));
}

TEST_CASE("among equal signals the headline metric's is shown") {
  // questions, statements and share each have a shift of all 6 test points.
  const DashboardItem item =
      leadlab::dashboard_item(demo_experiment(), demo_entries(), day("2026-11-08"));
  REQUIRE(item.signal.has_value());
  CHECK(item.signal->metric == "share");
  CHECK(item.signal->kind == "shift");
  CHECK(item.signal->stretch.points == 6);
  CHECK(item.signal->from == day("2026-10-15"));
  CHECK(item.signal->to == day("2026-11-02"));
}

TEST_CASE("a shift outranks a trend, even on a metric that is not the headline") {
  // a (the headline: first, no derived metric): baseline 5 5 5, test 1 2 3 4 6 - a trend of
  // 5 rising points but no shift around the median 5. b: baseline 1 1 1, test 2 x 6 - a
  // shift of 6 above the median 1 and no trend (equal values count once).
  Experiment e = demo_experiment();
  e.metrics = {leadlab::testing::count_metric("a"), leadlab::testing::count_metric("b")};
  e.test_start = day("2026-10-05");
  std::vector<Entry> entries;
  const char* baseline_days[] = {"2026-10-01", "2026-10-02", "2026-10-03"};
  for (int i = 0; i < 3; ++i)
    entries.push_back(entry(i + 1, baseline_days[i], {{"a", 5}, {"b", 1}}));
  const double a_test[] = {1, 2, 3, 4, 6};
  const char* test_days[] = {"2026-10-05", "2026-10-06", "2026-10-07",
                             "2026-10-08", "2026-10-09", "2026-10-10"};
  for (int i = 0; i < 6; ++i) {
    Entry x = entry(i + 4, test_days[i], {{"b", 2}});
    if (i < 5) x.values["a"] = a_test[i];
    entries.push_back(x);
  }
  const DashboardItem item = leadlab::dashboard_item(e, entries, day("2026-10-11"));
  REQUIRE(item.signal.has_value());
  CHECK(item.signal->metric == "b");
  CHECK(item.signal->kind == "shift");
}

TEST_CASE("a latest value below the baseline median is better when lower is better") {
  // statements, down: baseline median 10, latest 4: change -6, better.
  Experiment e = demo_experiment();
  e.metrics = {leadlab::testing::count_metric("statements", leadlab::Direction::kDown)};
  const DashboardItem item = leadlab::dashboard_item(e, demo_entries(), day("2026-11-08"));
  CHECK(*item.headline->change == Approx(-6));
  CHECK(item.headline->better == true);
}

TEST_CASE("an experiment with nothing logged has a headline without a latest value") {
  Experiment e = demo_experiment();
  e.status = Status::kBaseline;
  e.test_start.reset();
  const DashboardItem item = leadlab::dashboard_item(e, {}, day("2026-09-30"));
  REQUIRE(item.headline.has_value());
  CHECK_FALSE(item.headline->latest.has_value());
  CHECK_FALSE(item.signal.has_value());
  CHECK(item.quiet_days == 2);  // since the baseline began on 2026-09-28
}
