// The randomised start: its range, its draw, the randomisation test (Edgington) worked by
// hand, its place in an experiment's analysis, and the design kept in the journal.
#include "leadlab/analysis/randomization.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <doctest/doctest.h>

#include <set>
#include <vector>

#include "demo_fixture.hpp"
#include "leadlab/actions/experiments.hpp"
#include "leadlab/analysis/experiment_analysis.hpp"
#include "leadlab/input/bundle_reader.hpp"
#include "leadlab/model/error.hpp"
#include "leadlab/storage/journal.hpp"
#include "test_support.hpp"

using leadlab::Direction;
using leadlab::Experiment;
using leadlab::Journal;
using leadlab::OccasionPoint;
using leadlab::RandomStart;
using leadlab::Status;
using leadlab::UsageError;
using leadlab::testing::day;
using leadlab::testing::kToday;
using leadlab::testing::TempDir;

namespace {

// Values at occasions 1, 2, 3...
std::vector<OccasionPoint> series(std::initializer_list<double> values) {
  std::vector<OccasionPoint> out;
  int occasion = 1;
  for (double v : values) out.push_back({occasion++, v});
  return out;
}

// Baseline 1 2 1 2, test 5 6 5 6; starts 3..7. Mean differences (test - baseline), worked
// by hand: s=3: 25/6 - 3/2 = 2.667; s=4: 24/5 - 4/3 = 3.467; s=5: 5.5 - 1.5 = 4;
// s=6: 17/3 - 11/5 = 3.467; s=7: 5.5 - 17/6 = 2.667.
const std::vector<OccasionPoint> kStep = series({1, 2, 1, 2, 5, 6, 5, 6});
const RandomStart kThreeToSeven{3, 7, 5, 5};

}  // namespace

TEST_CASE("randomisation: the statistic is the mean difference, test minus baseline") {
  CHECK(*leadlab::start_statistic(kStep, 5, Direction::kUp) == doctest::Approx(4.0));
  CHECK(*leadlab::start_statistic(kStep, 4, Direction::kUp) == doctest::Approx(52.0 / 15));
  CHECK(*leadlab::start_statistic(kStep, 3, Direction::kUp) == doctest::Approx(8.0 / 3));
  // Mirrored when lower is better: a larger statistic is always a larger improvement.
  CHECK(*leadlab::start_statistic(kStep, 5, Direction::kDown) == doctest::Approx(-4.0));
  // No point on one side: no statistic.
  CHECK_FALSE(leadlab::start_statistic(kStep, 1, Direction::kUp));
  CHECK_FALSE(leadlab::start_statistic(kStep, 9, Direction::kUp));
}

TEST_CASE("randomisation: the largest effect at the drawn start reaches the smallest p") {
  const auto r = leadlab::randomization_test(kStep, kThreeToSeven, 5, Direction::kUp);
  CHECK(r.valid);
  CHECK(r.starts == 5);
  CHECK(*r.min_p == doctest::Approx(0.2));
  CHECK(*r.p == doctest::Approx(0.2));
  CHECK(*r.observed == doctest::Approx(4.0));
  CHECK(*r.observed_start == 5);
  CHECK(leadlab::describe_randomization(r) ==
        "Randomisation test: p = 0.2 (the smallest this design can give: 1/5)");
}

TEST_CASE("randomisation: equal statistics count as at least as large (ties)") {
  // Drawn 4: its 52/15 ties with start 6's; with start 5's larger, 3 of 5 starts reach it.
  const auto r = leadlab::randomization_test(kStep, {3, 7, 4, 4}, 4, Direction::kUp);
  CHECK(*r.p == doctest::Approx(0.6));
  CHECK(leadlab::describe_randomization(r).find("p = 0.6 (3 of 5 possible starts") !=
        std::string::npos);
}

TEST_CASE("randomisation: lower is better mirrors the test, so a rise is the worst result") {
  const auto r = leadlab::randomization_test(kStep, kThreeToSeven, 5, Direction::kDown);
  CHECK(*r.p == doctest::Approx(1.0));
  // The same data falling: the drop at the drawn start is the best result.
  const auto falling = series({6, 5, 6, 5, 2, 1, 2, 1});
  CHECK(*leadlab::randomization_test(falling, kThreeToSeven, 5, Direction::kDown).p ==
        doctest::Approx(0.2));
}

TEST_CASE("randomisation: a constant series ties at every start: p = 1") {
  const auto r = leadlab::randomization_test(series({3, 3, 3, 3, 3, 3, 3, 3}), kThreeToSeven, 5,
                                             Direction::kUp);
  CHECK(*r.p == doctest::Approx(1.0));
  CHECK(r.starts == 5);
}

TEST_CASE("randomisation: an observed start at the edge of the range") {
  // The change at the last admissible start, the rise only there: 1 of 5.
  const auto late = series({1, 1, 1, 1, 1, 1, 5, 5});
  CHECK(*leadlab::randomization_test(late, {3, 7, 7, 7}, 7, Direction::kUp).p ==
        doctest::Approx(0.2));
  // At the first start, with the step later: every start does at least as well.
  CHECK(*leadlab::randomization_test(kStep, {3, 7, 3, 3}, 3, Direction::kUp).p ==
        doctest::Approx(1.0));
}

TEST_CASE("randomisation: only starts with a test point are admissible") {
  // Six occasions logged, range 3..8: starts 7 and 8 have no test point yet.
  const auto six = series({1, 2, 1, 2, 5, 6});
  const auto r = leadlab::randomization_test(six, {3, 8, 5, 5}, 5, Direction::kUp);
  CHECK(r.starts == 4);
  CHECK(*r.min_p == doctest::Approx(0.25));
  CHECK(*r.p == doctest::Approx(0.25));
  // Before the test began there is no p, and the sentence says why.
  const auto before =
      leadlab::randomization_test(six, {3, 8, 7, std::nullopt}, std::nullopt, Direction::kUp);
  CHECK_FALSE(before.p);
  CHECK(before.valid);
  CHECK(leadlab::describe_randomization(before).find("no p yet") != std::string::npos);
}

TEST_CASE("randomisation: a start at another occasion than the drawn one is not valid") {
  const auto broken = leadlab::randomization_test(kStep, {3, 7, 6, 5}, 5, Direction::kUp);
  CHECK_FALSE(broken.valid);
  CHECK(broken.why_invalid.find("began at occasion 5, not at the drawn occasion 6") !=
        std::string::npos);
  CHECK_FALSE(broken.p);
  CHECK(leadlab::describe_randomization(broken).find("not valid") != std::string::npos);
  // Started right, but an entry added before the start since moves it: not valid either.
  const auto moved = leadlab::randomization_test(kStep, {3, 7, 5, 5}, 6, Direction::kUp);
  CHECK_FALSE(moved.valid);
  CHECK(moved.why_invalid.find("the entries now put the start at occasion 6") != std::string::npos);
}

TEST_CASE("randomisation: the draw is uniform over the range, and fixed by its seed") {
  std::set<int> seen;
  for (std::uint64_t seed = 0; seed < 600; ++seed) {
    const int drawn = leadlab::draw_start(5, 10, seed);
    CHECK(drawn >= 5);
    CHECK(drawn <= 10);
    seen.insert(drawn);
  }
  CHECK(seen.size() == 6);
  CHECK(leadlab::draw_start(5, 10, 42) == leadlab::draw_start(5, 10, 42));
  CHECK(leadlab::draw_start(7, 7, 123) == 7);
}

TEST_CASE("randomisation: the range reads FIRST..LAST and nothing else") {
  CHECK(leadlab::parse_random_range("5..10") == std::pair{5, 10});
  CHECK(leadlab::parse_random_range("4..4") == std::pair{4, 4});
  for (const char* bad : {"10..5", "5", "5-10", "a..b", "0..3", "5..", "..9", " 5..10", "5..1e3"})
    CHECK_THROWS_AS(leadlab::parse_random_range(bad), UsageError);
  CHECK(leadlab::describe_design({5, 10, 7, std::nullopt}) ==
        "6 possible starts: no result can be below p = 1/6 (0.17); widen the range for a "
        "sharper test");
}

TEST_CASE("randomisation: the design is kept in the journal, drawn once and checked") {
  TempDir dir;
  Journal journal = Journal::create(dir.file("j.db"), "Ana");
  Experiment e = leadlab::testing::demo_experiment();
  e.status = Status::kDraft;
  e.baseline_start.reset();
  e.test_start.reset();
  {
    auto tx = journal.begin_write();
    journal.insert_experiment(e);
    tx.commit();
  }
  // Too short a baseline: refused, nothing written.
  CHECK_THROWS_AS(
      leadlab::begin_baseline(journal, e.id, kToday, kToday, leadlab::RandomStartRequest{3, 8, 1}),
      UsageError);
  CHECK(journal.find_experiment(e.id)->status == Status::kDraft);
  const auto change =
      leadlab::begin_baseline(journal, e.id, kToday, kToday, leadlab::RandomStartRequest{5, 10, 7});
  const auto stored = journal.find_experiment(e.id);
  REQUIRE(stored->random_start);
  CHECK(*stored->random_start == *change.experiment.random_start);
  CHECK(stored->random_start->first == 5);
  CHECK(stored->random_start->last == 10);
  CHECK(stored->random_start->drawn == leadlab::draw_start(5, 10, 7));
  CHECK_FALSE(stored->random_start->started);
  CHECK(stored->baseline_points == stored->random_start->drawn - 1);
  // Drawn once: a second draw is refused.
  CHECK_THROWS_AS(
      leadlab::begin_baseline(journal, e.id, kToday, kToday, leadlab::RandomStartRequest{5, 10, 8}),
      UsageError);
  // Starting with no occasion logged begins the test at occasion 1: recorded as broken.
  leadlab::begin_test(journal, e.id, kToday, kToday);
  const auto started = journal.find_experiment(e.id);
  CHECK(*started->random_start->started == 1);
  CHECK(started->random_start->broken());
}

TEST_CASE("randomisation: the range must lie after the occasions already logged") {
  TempDir dir;
  Journal journal = Journal::create(dir.file("j.db"), "Ana");
  Experiment e = leadlab::testing::demo_experiment();
  e.status = Status::kBaseline;
  e.test_start.reset();
  auto entries = leadlab::testing::demo_entries();
  {
    auto tx = journal.begin_write();
    journal.insert_experiment(e);
    for (int i = 0; i < 5; ++i) journal.insert_entry(entries[static_cast<std::size_t>(i)], e);
    tx.commit();
  }
  CHECK_THROWS_WITH_AS(
      leadlab::begin_baseline(journal, e.id, kToday, kToday, leadlab::RandomStartRequest{5, 9, 1}),
      doctest::Contains("5 occasions are already logged"), UsageError);
  CHECK_FALSE(journal.find_experiment(e.id)->random_start);
  // A baseline under way takes a design over the occasions still to come.
  leadlab::begin_baseline(journal, e.id, kToday, kToday, leadlab::RandomStartRequest{6, 9, 1});
  const auto stored = journal.find_experiment(e.id);
  REQUIRE(stored->random_start);
  CHECK(stored->baseline_start == day("2026-09-28"));
  // The drawn occasion next: status, log and next say so, in the occasion's word.
  Experiment at = *stored;
  at.random_start->drawn = 6;
  const auto advice = leadlab::random_start_advice(at, 5);
  REQUIRE(advice);
  CHECK(*advice ==
        "the change starts at your next meeting (meeting 6, drawn at random): run `leadlab "
        "start 1` before you log it, on that meeting's day");
  CHECK_FALSE(leadlab::random_start_advice(at, 4));
  CHECK(leadlab::random_start_advice(at, 6)->find("was logged before the change began") !=
        std::string::npos);
}

TEST_CASE("randomisation: each metric of a randomised experiment has its test") {
  Experiment e = leadlab::testing::demo_experiment();  // 5 baseline and 6 test meetings
  e.random_start = RandomStart{4, 9, 6, 6};
  const auto analysis = leadlab::analyse_experiment(e, leadlab::testing::demo_entries());
  for (const auto& m : analysis.metrics) {
    REQUIRE(m.randomization);
    CHECK(m.randomization->valid);
    CHECK(m.randomization->starts == 6);
    CHECK(*m.randomization->observed_start == 6);
  }
  // Questions rise 3 2 4 3 2 | 6 8 7 9 10 8: no other start shows a larger rise.
  CHECK(*analysis.find("questions")->randomization->p == doctest::Approx(1.0 / 6));
  // Without a randomised start there is none.
  e.random_start.reset();
  CHECK_FALSE(leadlab::analyse_experiment(e, leadlab::testing::demo_entries())
                  .metrics.front()
                  .randomization);
}

TEST_CASE("randomisation: a journal of format 3 moves to format 4 with no design") {
  TempDir dir;
  const std::string path = dir.file("old.db");
  {
    Journal old = Journal::create(path, "Ana", leadlab::schema_migrations().first(3));
    auto tx = old.begin_write();
    Experiment e = leadlab::testing::demo_experiment();
    old.insert_experiment(e);
    tx.commit();
  }
  Journal journal =
      Journal::open(path, Journal::Mode::kReadWrite, leadlab::schema_migrations().first(4));
  CHECK(journal.info().schema_version == 4);
  CHECK(journal.migration_backup().has_value());
  const auto e = journal.find_experiment(1);
  REQUIRE(e);
  CHECK(e->title == "Ask before telling");
  CHECK_FALSE(e->random_start);
  CHECK(journal.integrity_problems().empty());
  // The columns refuse a design that contradicts itself.
  SQLite::Database db(path, SQLite::OPEN_READWRITE);
  CHECK_THROWS(db.exec(
      "UPDATE experiments SET random_first = 5, random_last = 9, random_drawn = 12 WHERE id = 1"));
}

TEST_CASE("randomisation: bundles of format 3 carry the design, older ones cannot") {
  const std::string text = leadlab::testing::read_file(
      LEADLAB_SOURCE_DIR "/tests/fuzz/corpus/fuzz_bundle/random-start.json");
  const leadlab::Bundle bundle = leadlab::parse_bundle(text, "random-start.json");
  REQUIRE(bundle.experiments.size() == 1);
  CHECK(bundle.experiments[0].carries_random_start);
  CHECK(bundle.experiments[0].experiment.random_start == RandomStart{4, 9, 6, 6});
  // The same in a version 2 bundle is a key that version does not have.
  std::string older = text;
  older.replace(older.find("\"version\": 3"), 12, "\"version\": 2");
  CHECK_THROWS_WITH_AS(leadlab::parse_bundle(older, "b.json"), doctest::Contains("random_start"),
                       UsageError);
  // A drawn occasion outside its range is refused with its path.
  std::string outside = text;
  outside.replace(outside.find("\"drawn\": 6"), 10, "\"drawn\": 12");
  CHECK_THROWS_WITH_AS(leadlab::parse_bundle(outside, "b.json"),
                       doctest::Contains("random_start.drawn"), UsageError);
}
