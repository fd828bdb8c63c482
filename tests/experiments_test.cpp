#include "leadlab/actions/experiments.hpp"

#include <doctest/doctest.h>

#include "leadlab/actions/entries.hpp"
#include "leadlab/model/dates.hpp"
#include "leadlab/model/error.hpp"
#include "test_support.hpp"

using leadlab::Day;
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
