#include "leadlab/analysis/summary.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <doctest/doctest.h>

#include "demo_fixture.hpp"
#include "leadlab/actions/entries.hpp"
#include "leadlab/actions/experiments.hpp"
#include "leadlab/actions/load_views.hpp"
#include "leadlab/model/error.hpp"
#include "test_support.hpp"

using doctest::Approx;
using leadlab::Entry;
using leadlab::Experiment;
using leadlab::Review;
using leadlab::Summary;
using leadlab::UsageError;
using leadlab::WeekPhase;
using leadlab::WeekRange;
using leadlab::testing::day;
using leadlab::testing::demo_entries;
using leadlab::testing::demo_experiment;
using leadlab::testing::entry;

namespace {

std::optional<Review> no_review(std::int64_t) { return std::nullopt; }

// Five Monday weeks from 2026-10-05 to 2026-11-08, with this many entries in each.
Summary cadence_of(const std::vector<int>& per_week, const char* today) {
  const WeekRange weeks =
      leadlab::weeks_covering(day("2026-10-05"), day("2026-11-08"), std::chrono::Monday);
  std::vector<Entry> entries;
  for (int w = 0; w < static_cast<int>(per_week.size()); ++w) {
    for (int i = 0; i < per_week[static_cast<std::size_t>(w)]; ++i) {
      Entry x =
          entry(static_cast<std::int64_t>(entries.size() + 1), "2026-10-05", {{"questions", 1}});
      x.date = weeks.start_of(w) + std::chrono::days{1};  // the Tuesday of week w
      entries.push_back(x);
    }
  }
  const Experiment e = demo_experiment();
  return leadlab::summarise(weeks, day(today), std::span(&e, 1), entries, no_review);
}

}  // namespace

TEST_CASE("a summary covers the last 8 weeks by default, up to this week") {
  // Sunday 2026-11-08 ends 2026-W45; 8 weeks back begins on Monday 2026-09-14 (2026-W38).
  const WeekRange weeks = leadlab::summary_weeks(day("2026-11-08"), std::nullopt, std::nullopt);
  CHECK(weeks.first == day("2026-09-14"));
  CHECK(weeks.count == 8);
  CHECK(weeks.last_day() == day("2026-11-08"));
  const WeekRange one = leadlab::summary_weeks(day("2026-11-08"), 1, std::nullopt);
  CHECK(one.first == day("2026-11-02"));
  CHECK(one.count == 1);
}

TEST_CASE("a summary since a day begins with the whole week containing it") {
  // Thursday 2026-10-01 is in the week of Monday 2026-09-28 (2026-W40): W40 to W45.
  const WeekRange weeks =
      leadlab::summary_weeks(day("2026-11-08"), std::nullopt, day("2026-10-01"));
  CHECK(weeks.first == day("2026-09-28"));
  CHECK(weeks.count == 6);
  const WeekRange sundays = leadlab::summary_weeks(day("2026-11-08"), std::nullopt,
                                                   day("2026-10-01"), std::chrono::Sunday);
  CHECK(sundays.first == day("2026-09-27"));
  CHECK(sundays.count == 7);  // Sunday 2026-11-08 begins a week of its own
}

TEST_CASE("a summary refuses both --weeks and --since, a bad count and a future start") {
  const auto today = day("2026-11-08");
  CHECK_THROWS_AS(leadlab::summary_weeks(today, 4, day("2026-10-01")), UsageError);
  CHECK_THROWS_AS(leadlab::summary_weeks(today, 0, std::nullopt), UsageError);
  CHECK_THROWS_AS(leadlab::summary_weeks(today, leadlab::kMaxSummaryWeeks + 1, std::nullopt),
                  UsageError);
  CHECK_THROWS_AS(leadlab::summary_weeks(today, std::nullopt, day("2026-11-09")), UsageError);
  CHECK(leadlab::summary_weeks(today, leadlab::kMaxSummaryWeeks, std::nullopt).count ==
        leadlab::kMaxSummaryWeeks);
}

TEST_CASE("a summary since a day is held to the same cap as --weeks") {
  // 520 weeks up to 2026-W45 begin on Monday 2016-11-21; the Sunday before is a week too many.
  // Monday 1900-01-01 to Sunday 2026-11-08, both included, are 46,333 days: 6,619 weeks.
  const auto today = day("2026-11-08");
  const WeekRange longest = leadlab::summary_weeks(today, std::nullopt, day("2016-11-21"));
  CHECK(longest.count == leadlab::kMaxSummaryWeeks);
  CHECK(longest.first ==
        leadlab::summary_weeks(today, leadlab::kMaxSummaryWeeks, std::nullopt).first);
  CHECK_THROWS_AS(leadlab::summary_weeks(today, std::nullopt, day("2016-11-20")), UsageError);
  try {
    leadlab::summary_weeks(today, std::nullopt, day("1900-01-01"));
    FAIL("--since 1900-01-01 was accepted");
  } catch (const UsageError& e) {
    CHECK(std::string(e.what()) ==
          "--since 1900-01-01 would cover 6619 weeks; a summary covers at most 520");
    CHECK(e.hint() == "give a day on or after 2016-11-21, or --weeks 520");
  }
}

TEST_CASE("the streak counts back from last week while this week has no entry yet") {
  // Entries per week 1 0 2 3 0; today is in the last week: 3 weeks with entries, 2 without,
  // and the streak is weeks 3 and 4 (this week is not over yet).
  const Summary s = cadence_of({1, 0, 2, 3, 0}, "2026-11-04");
  CHECK(s.cadence.entries == std::vector<int>{1, 0, 2, 3, 0});
  CHECK(s.cadence.weeks_with_entries == 3);
  CHECK(s.cadence.weeks_without_entries == 2);
  CHECK(s.cadence.current_streak == 2);
  CHECK_FALSE(s.cadence.streak_reaches_start);
}

TEST_CASE("the streak includes this week once it has an entry, and may reach the start") {
  CHECK(cadence_of({0, 0, 0, 0, 1}, "2026-11-04").cadence.current_streak == 1);
  const Summary all = cadence_of({1, 1, 1, 1, 1}, "2026-11-04");
  CHECK(all.cadence.current_streak == 5);
  CHECK(all.cadence.streak_reaches_start);
  const Summary broken = cadence_of({1, 1, 1, 0, 0}, "2026-11-04");
  CHECK(broken.cadence.current_streak == 0);  // last week had none
}

TEST_CASE("a summary gives each metric's value per week, with each week's phases") {
  // 2026-W40 to 2026-W45 of the demo. 2026-W42 holds a baseline meeting (2026-10-12: 2
  // questions, 12 statements) and a test one (2026-10-15: 6 and 7): share (2 + 6) /
  // (2 + 12 + 6 + 7) = 8 / 27 = 0.296.
  const WeekRange weeks = leadlab::summary_weeks(day("2026-11-08"), 6, std::nullopt);
  const Experiment e = demo_experiment();
  const Summary s =
      leadlab::summarise(weeks, day("2026-11-08"), std::span(&e, 1), demo_entries(), no_review);
  REQUIRE(s.experiments.size() == 1);
  const auto& x = s.experiments[0];
  CHECK(x.entries == std::vector<int>{2, 2, 2, 2, 2, 1});
  CHECK(x.phases[0] == WeekPhase::kBaseline);
  CHECK(x.phases[2] == WeekPhase::kBoth);
  CHECK(x.phases[3] == WeekPhase::kTesting);
  REQUIRE(x.metrics.size() == 3);
  CHECK(*x.metrics[2].weekly[2].value == Approx(8.0 / 27));
  CHECK(*x.metrics[0].weekly[5].value == Approx(8));  // one meeting in 2026-W45
  CHECK(*x.metrics[0].weekly[0].value == Approx(2.5));  // 2026-W40: (3 + 2) / 2 meetings
  CHECK(*x.metrics[0].weekly[0].sum == Approx(5));
}

TEST_CASE("a summary lists the phases begun and the experiments closed in the period") {
  // Period 2026-W40 to 2026-W45. Experiment 1 began its baseline on 2026-09-28 and its test
  // on 2026-10-15; 2 closed on 2026-11-03 with the decision "adopt"; 3 closed in August.
  std::vector<Experiment> experiments(3, demo_experiment());
  experiments[1].id = 2;
  experiments[1].baseline_start = day("2026-08-03");
  experiments[1].test_start = day("2026-08-17");
  experiments[1].closed = "2026-11-03T10:00:00.000Z";
  experiments[2].id = 3;
  experiments[2].baseline_start = day("2026-06-01");
  experiments[2].test_start = day("2026-06-15");
  experiments[2].closed = "2026-08-01T10:00:00.000Z";
  const auto review_of = [](std::int64_t id) -> std::optional<Review> {
    if (id != 2) return std::nullopt;
    Review r;
    r.decision = "adopt";
    return r;
  };
  const WeekRange weeks = leadlab::summary_weeks(day("2026-11-08"), 6, std::nullopt);
  const Summary s = leadlab::summarise(weeks, day("2026-11-08"), experiments, {}, review_of);
  REQUIRE(s.started.size() == 2);
  CHECK(s.started[0].date == day("2026-09-28"));
  CHECK(s.started[0].phase == leadlab::Phase::kBaseline);
  CHECK(s.started[1].date == day("2026-10-15"));
  CHECK(s.started[1].phase == leadlab::Phase::kTesting);
  REQUIRE(s.closed.size() == 1);
  CHECK(s.closed[0].experiment_id == 2);
  CHECK(s.closed[0].date == day("2026-11-03"));
  CHECK(s.closed[0].review->decision == "adopt");
  CHECK(s.experiments.empty());  // no entries in the period
}

TEST_CASE("a summary read from a journal takes the period's entries and the latest review") {
  leadlab::testing::TempDir dir;
  leadlab::Journal journal = leadlab::Journal::create(dir.file("j.db"), "Ana");
  const auto today = day("2026-11-08");
  leadlab::ExperimentSpec spec{
      .title = "Ask", .hypothesis = "h", .change = "c", .metrics = {"questions:count"}};
  const auto e = leadlab::create_experiment(journal, spec);
  leadlab::begin_baseline(journal, e.id, day("2026-08-03"), today);
  for (const char* date : {"2026-08-04", "2026-10-20", "2026-11-03"})
    leadlab::log_entry(
        journal, {.experiment_id = e.id, .assignments = {"questions=2"}, .date = day(date)}, today);
  {
    SQLite::Database db(dir.file("j.db"), SQLite::OPEN_READWRITE);
    db.exec("UPDATE experiments SET status = 'closed', closed = '2026-11-04T09:00:00.000Z'");
    db.exec(
        "INSERT INTO reviews (uuid, experiment_id, decision, created, updated) VALUES "
        "('r1', 1, 'adapt', '2026-11-04T09:00:00.000Z', '2026-11-04T09:00:00.000Z'), "
        "('r2', 1, 'adopt', '2026-11-05T09:00:00.000Z', '2026-11-05T09:00:00.000Z')");
  }
  // 2026-W43 to 2026-W45: the entries of 2026-10-20 and 2026-11-03, not that of August.
  const Summary s =
      leadlab::load_summary(journal, leadlab::summary_weeks(today, 3, std::nullopt), today);
  CHECK(s.cadence.entries == std::vector<int>{1, 0, 1});
  REQUIRE(s.closed.size() == 1);
  REQUIRE(s.closed[0].review.has_value());
  CHECK(s.closed[0].review->decision == "adopt");  // the later of the two reviews
  CHECK(
      journal.entries_between(day("2026-10-20"), day("2026-10-20")).at(0).values.at("questions") ==
      2);
  CHECK_FALSE(journal.latest_review(99).has_value());
}
