#include "leadlab/actions/experiments.hpp"

#include <doctest/doctest.h>

#include "leadlab/actions/comments.hpp"
#include "leadlab/actions/entries.hpp"
#include "leadlab/actions/experiment_changes.hpp"
#include "leadlab/actions/import.hpp"
#include "leadlab/model/dates.hpp"
#include "leadlab/model/error.hpp"
#include "test_support.hpp"

using leadlab::Day;
using leadlab::ExperimentEdit;
using leadlab::Journal;
using leadlab::MetricKind;
using leadlab::UsageError;
using leadlab::testing::TempDir;

namespace {

using leadlab::testing::day;
using leadlab::testing::kToday;

leadlab::ExperimentSpec question_ratio() {
  leadlab::ExperimentSpec spec;
  spec.title = "Ask before telling";
  spec.hypothesis = "If I ask before I tell, my team proposes more";
  spec.change = "Open every agenda item with a question";
  spec.metrics = {"questions:count:up", "statements:count:down"};
  spec.derived = {"share = questions / (questions + statements)"};
  return spec;
}

std::string error_of(auto&& f) {
  try {
    f();
  } catch (const UsageError& e) {
    return std::string(e.what()) + " | " + e.hint();
  }
  return "no error";
}

void log_one(Journal& journal, std::int64_t id) {
  leadlab::begin_baseline(journal, id, day("2026-10-05"), kToday);
  leadlab::LogRequest r{
      .experiment_id = id, .assignments = {"questions=3"}, .date = day("2026-10-05")};
  leadlab::log_entry(journal, r, kToday);
}

}  // namespace

TEST_CASE("metric specs read name, kind, range and direction") {
  const auto q = leadlab::parse_metric_spec("questions:count:up");
  CHECK(q.name == "questions");
  CHECK(q.kind == MetricKind::kCount);
  CHECK(q.direction == leadlab::Direction::kUp);
  const auto mood = leadlab::parse_metric_spec("mood:scale:1..5:down");
  CHECK(mood.kind == MetricKind::kScale);
  CHECK(*mood.scale_min == 1);
  CHECK(*mood.scale_max == 5);
  CHECK(mood.direction == leadlab::Direction::kDown);
  CHECK(leadlab::parse_metric_spec("held:yesno").direction == leadlab::Direction::kUp);
}

TEST_CASE("bad metric specs say what is wrong and show the accepted form") {
  CHECK(error_of([] { leadlab::parse_metric_spec("questions"); }).find("NAME:KIND") !=
        std::string::npos);
  CHECK(error_of([] {
          leadlab::parse_metric_spec("questions:counts");
        }).find("unknown metric kind \"counts\"") != std::string::npos);
  CHECK(error_of([] { leadlab::parse_metric_spec("2q:count"); }).find("not a valid metric name") !=
        std::string::npos);
  CHECK(error_of([] { leadlab::parse_metric_spec("mood:scale"); }).find("needs a range") !=
        std::string::npos);
  CHECK(error_of([] { leadlab::parse_metric_spec("mood:scale:5..1"); }).find("MIN below MAX") !=
        std::string::npos);
  CHECK(error_of([] {
          leadlab::parse_metric_spec("q:count:sideways");
        }).find("cannot read \"sideways\"") != std::string::npos);
}

TEST_CASE("a derived metric must use only the experiment's metrics, with a suggestion") {
  const auto metrics = std::vector{leadlab::parse_metric_spec("questions:count"),
                                   leadlab::parse_metric_spec("statements:count")};
  const auto share =
      leadlab::parse_derived_spec("share:up = questions / (questions + statements)", metrics);
  CHECK(share.kind == MetricKind::kDerived);
  CHECK(share.formula == "questions / (questions + statements)");
  const std::string typo =
      error_of([&] { leadlab::parse_derived_spec("share = questions / statemnts", metrics); });
  CHECK(typo.find("uses \"statemnts\"") != std::string::npos);
  CHECK(typo.find("did you mean \"statements\"") != std::string::npos);
}

TEST_CASE("a formula error points at the column in the whole --derive text") {
  const auto metrics = std::vector{leadlab::parse_metric_spec("q:count")};
  // "share = q / (q +" is 16 characters: the operand expected after "+" is missing at 17.
  const std::string message =
      error_of([&] { leadlab::parse_derived_spec("share = q / (q +", metrics); });
  CHECK(message.find("column 17") != std::string::npos);
}

TEST_CASE("a new experiment needs a title, hypothesis, change and a metric") {
  leadlab::ExperimentSpec empty;
  CHECK(leadlab::missing_fields(empty) ==
        std::vector<std::string>{"--title", "--hypothesis", "--change", "--metric"});
  CHECK(error_of([&] {
          leadlab::build_experiment(empty);
        }).find("needs --title, --hypothesis, --change, --metric") != std::string::npos);
  CHECK(leadlab::missing_fields(question_ratio()).empty());
}

TEST_CASE("metric names must be unique across metrics and derived metrics") {
  auto spec = question_ratio();
  spec.derived = {"questions = statements * 2"};
  CHECK(error_of([&] { leadlab::build_experiment(spec); }).find("used twice") != std::string::npos);
}

TEST_CASE("occasions accept their aliases and refuse anything else") {
  auto spec = question_ratio();
  spec.occasion = "one-on-one";
  CHECK(leadlab::build_experiment(spec).occasion == "1:1");
  spec.occasion = "lunch";
  CHECK(error_of([&] { leadlab::build_experiment(spec); }).find("meeting, 1:1, day, week") !=
        std::string::npos);
}

TEST_CASE("text that is not valid UTF-8 is refused rather than stored") {
  auto spec = question_ratio();
  spec.title = "bad \xff byte";
  CHECK(error_of([&] { leadlab::build_experiment(spec); }).find("not valid UTF-8") !=
        std::string::npos);
}

TEST_CASE("experiment ids are positive numbers, with or without #") {
  CHECK(leadlab::parse_experiment_id("12") == 12);
  CHECK(leadlab::parse_experiment_id("#3") == 3);
  CHECK_THROWS_AS(leadlab::parse_experiment_id("0"), UsageError);
  CHECK_THROWS_AS(leadlab::parse_experiment_id("one"), UsageError);
  CHECK_THROWS_AS(leadlab::parse_experiment_id("99999999999999999999"), UsageError);
}

TEST_CASE("an experiment moves from draft to baseline to testing") {
  TempDir dir;
  Journal journal = Journal::create(dir.file("j.db"), "Ana");
  const auto e = leadlab::create_experiment(journal, question_ratio());
  CHECK(e.status == leadlab::Status::kDraft);
  const auto baseline = leadlab::begin_baseline(journal, e.id, day("2026-10-05"), kToday);
  CHECK(baseline.experiment.status == leadlab::Status::kBaseline);
  CHECK(error_of([&] {
          leadlab::begin_baseline(journal, e.id, day("2026-10-06"), kToday);
        }).find("already in its baseline, since 2026-10-05") != std::string::npos);
  CHECK(error_of([&] {
          leadlab::begin_test(journal, e.id, day("2026-10-01"), kToday);
        }).find("before the baseline began") != std::string::npos);
  const auto test = leadlab::begin_test(journal, e.id, day("2026-10-19"), kToday);
  CHECK(test.experiment.status == leadlab::Status::kTesting);
  CHECK(*journal.find_experiment(e.id)->test_start == day("2026-10-19"));
}

TEST_CASE("phases cannot begin in the future") {
  TempDir dir;
  Journal journal = Journal::create(dir.file("j.db"), "Ana");
  const auto e = leadlab::create_experiment(journal, question_ratio());
  CHECK(error_of([&] {
          leadlab::begin_baseline(journal, e.id, day("2026-11-23"), kToday);
        }).find("cannot be in the future") != std::string::npos);
  CHECK(journal.find_experiment(e.id)->status == leadlab::Status::kDraft);
}

TEST_CASE("starting a test counts the entries that move into it") {
  TempDir dir;
  Journal journal = Journal::create(dir.file("j.db"), "Ana");
  const auto e = leadlab::create_experiment(journal, question_ratio());
  leadlab::begin_baseline(journal, e.id, day("2026-10-05"), kToday);
  for (const char* d : {"2026-10-05", "2026-10-12", "2026-10-19"}) {
    leadlab::LogRequest r{.experiment_id = e.id, .assignments = {"questions=3"}, .date = day(d)};
    leadlab::log_entry(journal, r, kToday);
  }
  const auto preview = leadlab::preview_test(journal, e.id, day("2026-10-12"), kToday);
  CHECK(preview.baseline_points == 1);
  CHECK(preview.baseline_short());
  CHECK(journal.find_experiment(e.id)->status == leadlab::Status::kBaseline);
  const auto change = leadlab::begin_test(journal, e.id, day("2026-10-12"), kToday);
  CHECK(change.moved.size() == 2);
  CHECK(change.describe_moved() ==
        "entries 2 and 3 (2026-10-12, 2026-10-19) move into the test phase");
}

TEST_CASE("an unknown experiment id names the journal and how to list ids") {
  TempDir dir;
  Journal journal = Journal::create(dir.file("j.db"), "Ana");
  const std::string message = error_of([&] { leadlab::require_experiment(journal, 7); });
  CHECK(message.find("no experiment 7") != std::string::npos);
  CHECK(message.find("leadlab list") != std::string::npos);
}

// `edit` and `delete` (actions/experiment_changes.hpp).

TEST_CASE("an edit replaces the fields it gives and keeps the others") {
  TempDir dir;
  Journal journal = Journal::create(dir.file("j.db"), "Ana");
  const auto e = leadlab::create_experiment(journal, question_ratio());
  ExperimentEdit edit;
  edit.title = "Questions first";
  edit.occasion = "one-on-one";
  edit.test_points = 8;
  edit.tags = std::vector<std::string>{"1on1s"};
  edit.success_rule = "nap(share) >= 0.66";
  const auto r = leadlab::edit_experiment(journal, e.id, edit);
  CHECK(r.changed);
  const auto now = *journal.find_experiment(e.id);
  CHECK(now.title == "Questions first");
  CHECK(now.occasion == "1:1");
  CHECK(now.test_points == 8);
  CHECK(now.baseline_points == e.baseline_points);
  CHECK(now.hypothesis == e.hypothesis);
  CHECK(now.tags == std::vector<std::string>{"1on1s"});
  CHECK(now.success_rule == "nap(share) >= 0.66");
  CHECK(now.metrics.size() == 3);
}

TEST_CASE("an edit that changes nothing writes nothing") {
  TempDir dir;
  Journal journal = Journal::create(dir.file("j.db"), "Ana");
  const auto e = leadlab::create_experiment(journal, question_ratio());
  ExperimentEdit edit;
  edit.title = e.title;
  edit.tags = e.tags;
  const auto r = leadlab::edit_experiment(journal, e.id, edit);
  CHECK_FALSE(r.changed);
  CHECK(journal.find_experiment(e.id)->updated == e.updated);
  CHECK_FALSE(leadlab::edit_experiment(journal, e.id, {}).changed);
}

TEST_CASE("an edit the rules refuse changes nothing") {
  TempDir dir;
  Journal journal = Journal::create(dir.file("j.db"), "Ana");
  const auto e = leadlab::create_experiment(journal, question_ratio());
  ExperimentEdit bad_tag;
  bad_tag.title = "New title";
  bad_tag.tags = std::vector<std::string>{"two words"};
  CHECK(error_of([&] { leadlab::edit_experiment(journal, e.id, bad_tag); }).find("tag") !=
        std::string::npos);
  ExperimentEdit bad_rule;
  bad_rule.success_rule = "nap(nothing) >= 1";
  CHECK(error_of([&] { leadlab::edit_experiment(journal, e.id, bad_rule); }) != "no error");
  ExperimentEdit bad_points;
  bad_points.test_points = 0;
  CHECK(error_of([&] { leadlab::edit_experiment(journal, e.id, bad_points); }) != "no error");
  CHECK(journal.find_experiment(e.id)->title == e.title);
  CHECK(journal.find_experiment(e.id)->updated == e.updated);
}

TEST_CASE("metrics change only while no entry holds values, and a kept name keeps its identity") {
  TempDir dir;
  Journal journal = Journal::create(dir.file("j.db"), "Ana");
  const auto e = leadlab::create_experiment(journal, question_ratio());
  ExperimentEdit edit;
  edit.metrics = {"questions:count:up", "ideas:count:up"};
  REQUIRE(leadlab::edit_experiment(journal, e.id, edit).changed);
  const auto now = *journal.find_experiment(e.id);
  REQUIRE(now.metrics.size() == 2);
  CHECK(now.metrics[0].uuid == e.metrics[0].uuid);
  CHECK(now.metrics[1].name == "ideas");
  CHECK(now.metrics[1].uuid != e.metrics[1].uuid);

  log_one(journal, e.id);
  ExperimentEdit again;
  again.metrics = {"questions:count:down"};
  const std::string message = error_of([&] { leadlab::edit_experiment(journal, e.id, again); });
  CHECK(message.find("metrics cannot change: 1 entry holds values") != std::string::npos);
  CHECK(message.find("leadlab new --follows") != std::string::npos);
  CHECK(journal.find_experiment(e.id)->metrics.size() == 2);
}

TEST_CASE("deleting an experiment removes its records, leaves a tombstone and keeps other ids") {
  TempDir dir;
  Journal journal = Journal::create(dir.file("j.db"), "Ana");
  const auto first = leadlab::create_experiment(journal, question_ratio());
  const auto second = leadlab::create_experiment(journal, question_ratio());
  log_one(journal, first.id);
  leadlab::add_comment(journal, first.id, "good start", "Ben");
  const auto scope = leadlab::deletion_scope(journal, first.id);
  CHECK(scope.entries == 1);
  CHECK(scope.comments == 1);
  CHECK(scope.has_records());
  CHECK_FALSE(leadlab::deletion_scope(journal, second.id).has_records());

  leadlab::delete_experiment(journal, first.id);
  CHECK_FALSE(journal.find_experiment(first.id));
  CHECK(journal.find_experiment(second.id)->id == second.id);
  CHECK(journal.entries(first.id).empty());
  CHECK(journal.comments(first.id).empty());
  CHECK(journal.integrity_problems().empty());
  const auto tombs = journal.tombstones();
  REQUIRE(tombs.size() == 1);
  CHECK(tombs[0].uuid == first.uuid);
  CHECK(tombs[0].kind == "experiment");
}

TEST_CASE("a merged experiment tombstone deletes the experiment unless it changed since") {
  TempDir dir;
  Journal journal = Journal::create(dir.file("j.db"), "Ana");
  const auto e = leadlab::create_experiment(journal, question_ratio());
  log_one(journal, e.id);
  leadlab::Bundle older;
  older.tombstones = {{e.uuid, "experiment", "2000-01-01T00:00:00.000Z"}};
  auto kept = leadlab::merge_bundle(&journal, older, false, leadlab::testing::kToday);
  CHECK(kept.counts["tombstones"].kept == 1);
  CHECK(journal.find_experiment(e.id));
  CHECK_FALSE(journal.is_tombstoned(e.uuid));

  leadlab::Bundle newer;
  newer.tombstones = {{e.uuid, "experiment", "2999-01-01T00:00:00.000Z"}};
  CHECK(leadlab::merge_bundle(&journal, newer, true, leadlab::testing::kToday)
            .counts["experiments"]
            .removed == 1);
  CHECK(journal.find_experiment(e.id));  // a dry run
  auto removed = leadlab::merge_bundle(&journal, newer, false, leadlab::testing::kToday);
  CHECK(removed.changes());
  CHECK(removed.counts["experiments"].removed == 1);
  CHECK_FALSE(journal.find_experiment(e.id));
  CHECK(journal.is_tombstoned(e.uuid));
  CHECK(journal.integrity_problems().empty());
}
