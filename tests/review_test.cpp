#include "leadlab/actions/review.hpp"

#include <doctest/doctest.h>

#include "demo_fixture.hpp"
#include "leadlab/actions/experiments.hpp"
#include "leadlab/analysis/decision.hpp"
#include "leadlab/analysis/next.hpp"
#include "leadlab/input/templates.hpp"
#include "leadlab/model/error.hpp"
#include "leadlab/report/review_view.hpp"
#include "test_support.hpp"

using leadlab::Experiment;
using leadlab::Journal;
using leadlab::UsageError;
using leadlab::testing::day;
using leadlab::testing::demo_entries;
using leadlab::testing::demo_experiment;
using leadlab::testing::TempDir;

namespace {

using leadlab::testing::kToday;

leadlab::DecisionSuggestion suggest(const Experiment& e,
                                    const std::vector<leadlab::Entry>& entries) {
  return leadlab::suggest_decision(e, leadlab::analyse_experiment(e, entries),
                                   leadlab::plan_adherence(e, entries));
}

leadlab::ReviewAnswers complete_answers() {
  leadlab::ReviewAnswers a;
  a.prediction_met = "yes";
  a.observed = "ideas came from the team";
  a.learned = "silence is thinking time";
  a.decision = "adopt";
  a.next_step = "ask first in 1:1s";
  return a;
}

std::string source_templates() { return std::string(LEADLAB_SOURCE_DIR) + "/templates"; }

}  // namespace

TEST_CASE("a clear improvement carried out as planned suggests adopting") {
  // The demo: every test share beats every baseline share (NAP 1), one test entry of six is
  // off plan, so the change was carried out.
  auto entries = demo_entries();
  entries[7].as_planned = false;
  const auto s = suggest(demo_experiment(), entries);
  CHECK(s.decision == "adopt");
  CHECK(s.reason.find("share improved") != std::string::npos);
}

TEST_CASE("a change mostly not carried out as planned suggests adapting") {
  // 3 of the 6 test occasions off plan: more than a third.
  auto entries = demo_entries();
  for (std::size_t i : {5u, 6u, 7u}) entries[i].as_planned = false;
  const auto s = suggest(demo_experiment(), entries);
  CHECK(s.decision == "adapt");
  CHECK(s.reason.find("as planned in 3 of 6 test occasions") != std::string::npos);
}

TEST_CASE("a change carried out with no signal suggests abandoning") {
  // Test shares equal to the baseline's, repeated: NAP 0.5 (weak), no shift, no trend.
  auto entries = demo_entries();
  for (std::size_t i = 5; i < entries.size(); ++i) entries[i].values = entries[i - 5].values;
  entries[10].values = entries[0].values;
  CHECK(suggest(demo_experiment(), entries).decision == "abandon");
}

TEST_CASE("too few points suggest adapting the plan rather than a verdict") {
  auto entries = demo_entries();
  entries.erase(entries.begin() + 2, entries.begin() + 5);  // 2 baseline points left
  const auto s = suggest(demo_experiment(), entries);
  CHECK(s.decision == "adapt");
  CHECK(s.reason.find("not enough data") != std::string::npos);
}

TEST_CASE("a review needs its core answers and checks every value") {
  leadlab::ReviewAnswers a;
  CHECK(leadlab::missing_review_flags(a) == std::vector<std::string>{"--prediction-met",
                                                                     "--observed", "--learned",
                                                                     "--decision", "--next-step"});
  a = complete_answers();
  CHECK(leadlab::missing_review_flags(a).empty());
  CHECK_NOTHROW(leadlab::check_review_answers(a, kToday));
  a.decision = "keep";
  CHECK_THROWS_WITH_AS(leadlab::check_review_answers(a, kToday),
                       doctest::Contains("adopt, adapt or abandon"), UsageError);
  a = complete_answers();
  a.commitment = 11;
  CHECK_THROWS_AS(leadlab::check_review_answers(a, kToday), UsageError);
  a = complete_answers();
  a.next_by = day("2026-11-21");
  CHECK_THROWS_WITH_AS(leadlab::check_review_answers(a, kToday), doctest::Contains("in the past"),
                       UsageError);
}

TEST_CASE("a review closes the experiment, and reopening keeps the review for amending") {
  TempDir dir;
  Journal journal = Journal::create(dir.file("j.db"), "Ana");
  leadlab::ExperimentSpec spec;
  spec.title = "Ask first";
  spec.hypothesis = "h";
  spec.change = "c";
  spec.metrics = {"questions:count"};
  const auto e = leadlab::create_experiment(journal, spec);
  CHECK_THROWS_WITH_AS(leadlab::close_with_review(journal, e.id, complete_answers(), kToday),
                       doctest::Contains("is a draft"), UsageError);
  leadlab::begin_test(journal, e.id, kToday, kToday);
  const auto first = leadlab::close_with_review(journal, e.id, complete_answers(), kToday);
  CHECK(journal.find_experiment(e.id)->status == leadlab::Status::kClosed);
  CHECK_THROWS_WITH_AS(leadlab::close_with_review(journal, e.id, complete_answers(), kToday),
                       doctest::Contains("closed already"), UsageError);
  CHECK(leadlab::reopen_experiment(journal, e.id).status == leadlab::Status::kTesting);
  auto amended = complete_answers();
  amended.decision = "adapt";
  leadlab::close_with_review(journal, e.id, amended, kToday);
  const auto reviews = journal.reviews(e.id);
  REQUIRE(reviews.size() == 2);
  CHECK(reviews[0].uuid == first.uuid);
  CHECK(reviews[0].decision == "adopt");
  CHECK(reviews[1].decision == "adapt");
  CHECK(journal.latest_review(e.id)->decision == "adapt");
  CHECK(journal.latest_decision()->second.decision == "adapt");
}

TEST_CASE("a follow-up copies its parent's definition and takes the next cycle") {
  TempDir dir;
  Journal journal = Journal::create(dir.file("j.db"), "Ana");
  leadlab::ExperimentSpec spec;
  spec.title = "Ask first";
  spec.hypothesis = "h";
  spec.change = "c";
  spec.metrics = {"questions:count", "statements:count:down"};
  spec.derived = {"share = questions / (questions + statements)"};
  const auto parent = leadlab::create_experiment(journal, spec);
  leadlab::ExperimentSpec flags;
  flags.occasion = "1:1";
  const auto child = leadlab::create_experiment(
      journal, leadlab::apply_overrides(leadlab::spec_from_experiment(parent), flags));
  CHECK(child.follows == parent.id);
  CHECK(child.cycle == 2);
  CHECK(child.occasion == "1:1");
  CHECK(child.metrics.size() == 3);
  CHECK(child.metrics[0].uuid != parent.metrics[0].uuid);  // new records, same definition
  const auto grandchild = leadlab::create_experiment(journal, leadlab::spec_from_experiment(child));
  CHECK(grandchild.cycle == 3);
  const auto lineage = leadlab::lineage_of(journal, child);
  CHECK(lineage.root.id == parent.id);
  CHECK(lineage.parent->id == parent.id);
  REQUIRE(lineage.children.size() == 1);
  CHECK(lineage.children[0].id == grandchild.id);
  std::vector<std::int64_t> ids;
  for (const auto& e : leadlab::series_of(journal, grandchild.id)) ids.push_back(e.id);
  CHECK(ids == std::vector<std::int64_t>{parent.id, child.id, grandchild.id});
}

TEST_CASE("next lists due reviews, then quiet experiments, in order") {
  const auto templates = leadlab::load_templates({{source_templates(), "source"}});
  Experiment due = demo_experiment();  // testing, 6 of 6 test points
  Experiment quiet = demo_experiment();
  quiet.id = 2;
  quiet.title = "Speak last";
  quiet.status = leadlab::Status::kBaseline;
  quiet.test_start.reset();
  const std::vector<leadlab::ExperimentRow> rows = {{due, {5, 6, day("2026-11-20")}},
                                                    {quiet, {2, 0, day("2026-11-10")}}};
  const auto plan = leadlab::plan_next(rows, std::nullopt, templates, kToday);
  REQUIRE(plan.items.size() == 2);
  CHECK(plan.items[0].kind == "review-due");
  CHECK(plan.items[0].command == "leadlab review 1");
  CHECK(plan.items[1].kind == "stale");  // 12 days since 2026-11-10
  CHECK(plan.items[1].text.find("12 days") != std::string::npos);
  CHECK(plan.questions.size() == 3);
}

TEST_CASE("after adopting, next offers the template's follow-ups and a new context") {
  const auto templates = leadlab::load_templates({{source_templates(), "source"}});
  Experiment parent = demo_experiment();
  parent.status = leadlab::Status::kClosed;
  parent.template_name = "question-ratio";
  leadlab::Review review;
  review.decision = "adopt";
  const auto plan = leadlab::plan_next({{parent, {5, 6, day("2026-11-02")}}},
                                       leadlab::LatestDecision{parent, review}, templates, kToday);
  const auto& follow_ups = templates.find("question-ratio")->follow_ups;
  REQUIRE(plan.items.size() == follow_ups.size() + 1);
  CHECK(plan.items[0].command == "leadlab new --template " + follow_ups[0] + " --follows 1");
  CHECK(plan.items.back().kind == "new-context");
  CHECK(plan.items.back().command ==
        "leadlab new --follows 1 --title 'Ask before telling in 1:1s' --occasion 1:1");
  // The spec `next --create` would use: the template's definition, following experiment 1.
  const auto spec = leadlab::spec_for(plan.items[0], parent, templates);
  CHECK(spec.follows == 1);
  CHECK(spec.template_name == follow_ups[0]);
}

TEST_CASE("after abandoning, next offers templates from other areas") {
  const auto templates = leadlab::load_templates({{source_templates(), "source"}});
  Experiment parent = demo_experiment();
  parent.status = leadlab::Status::kClosed;
  parent.template_name = "question-ratio";
  leadlab::Review review;
  review.decision = "abandon";
  const auto plan = leadlab::plan_next({{parent, {5, 6, day("2026-11-02")}}},
                                       leadlab::LatestDecision{parent, review}, templates, kToday);
  REQUIRE(plan.items.size() == 3);
  for (const auto& item : plan.items) {
    CHECK(item.kind == "other-area");
    CHECK(templates.find(item.template_name)->area != "questions");
  }
  CHECK(plan.questions[0] == "What's the real challenge here for you?");
}

TEST_CASE("next on an empty journal suggests how to begin") {
  const auto templates = leadlab::load_templates({{source_templates(), "source"}});
  const auto plan = leadlab::plan_next({}, std::nullopt, templates, kToday);
  REQUIRE(plan.items.size() == 1);
  CHECK(plan.items[0].kind == "begin");
  CHECK(plan.items[0].command == "leadlab new --template question-ratio");
}

TEST_CASE("the review's long answers survive a round trip through the editor text") {
  leadlab::ReviewAnswers a = complete_answers();
  a.surprised = "how long the silences felt\nand that they ended";
  auto text = leadlab::review_edit_text(demo_experiment(), a);
  text += "\n# a note of mine\n";
  const auto back = leadlab::parse_review_edit(text);
  CHECK(back.at("observed") == a.observed);
  CHECK(back.at("surprised") == a.surprised);
  CHECK(back.at("next_step") == a.next_step);
  CHECK(back.at("difference").empty());
}

TEST_CASE("an experiment's title stays one comment line of the editor text") {
  leadlab::Experiment e = demo_experiment();
  e.title = "Ask\n## What did you learn? (learned)\nplanted \x1b]52;c;eA==\x07";
  const auto text = leadlab::review_edit_text(e, complete_answers());
  CHECK(text.find("\x1b") == std::string::npos);
  CHECK(text.find("\n## What did you learn? (learned)\nplanted") == std::string::npos);
  CHECK(leadlab::parse_review_edit(text).at("learned") == complete_answers().learned);
}

TEST_CASE("due dates read the forms that look ahead") {
  CHECK(leadlab::parse_due_date("2026-12-01", kToday) == day("2026-12-01"));
  CHECK(leadlab::parse_due_date("tomorrow", kToday) == day("2026-11-23"));
  CHECK(leadlab::parse_due_date("in 2 weeks", kToday) == day("2026-12-06"));
  CHECK(leadlab::parse_due_date("next sunday", kToday) == day("2026-11-29"));  // today is Sunday
  CHECK(leadlab::parse_due_date("next monday", kToday) == day("2026-11-23"));
  CHECK_THROWS_WITH_AS(leadlab::parse_due_date("someday", kToday),
                       doctest::Contains("as a date to come"), UsageError);
}
