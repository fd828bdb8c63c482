// The leader's loop does not forget or let a weak decision pass silently: `next` drops the
// suggestions a follow-up took up and keeps the review's own next step until it is done or
// long past; a follow-up like an existing one is found; a review knows when the data cannot
// support a decision, and keeps the answers to the template's review prompts.
#include <doctest/doctest.h>

#include "demo_fixture.hpp"
#include "leadlab/actions/experiments.hpp"
#include "leadlab/analysis/decision.hpp"
#include "leadlab/analysis/experiment_analysis.hpp"
#include "leadlab/analysis/next.hpp"
#include "leadlab/input/templates.hpp"
#include "leadlab/model/experiment_spec.hpp"
#include "leadlab/model/review_answers.hpp"
#include "leadlab/report/review_view.hpp"
#include "test_support.hpp"

using leadlab::Experiment;
using leadlab::LatestDecision;
using leadlab::testing::day;
using leadlab::testing::demo_entries;
using leadlab::testing::demo_experiment;
using leadlab::testing::kToday;

namespace {

leadlab::TemplateLibrary source_templates() {
  return leadlab::load_templates({{std::string(LEADLAB_SOURCE_DIR) + "/templates", "source"}});
}

// The demo experiment closed with a decision and a next step due on `by`.
LatestDecision decided(const std::string& decision, const char* by = "2026-12-11") {
  Experiment parent = demo_experiment();
  parent.status = leadlab::Status::kClosed;
  parent.template_name = "question-ratio";
  parent.occasion = "meeting";
  leadlab::Review review;
  review.decision = decision;
  review.next_step = "try it in my 1:1s";
  review.next_by = day(by);
  review.commitment = 8;
  return {parent, review, {}};
}

Experiment child_of(const Experiment& parent, std::int64_t id) {
  Experiment child = parent;
  child.id = id;
  child.status = leadlab::Status::kDraft;
  child.follows = parent.id;
  child.template_name.clear();
  return child;
}

std::vector<std::string> kinds(const leadlab::NextPlan& plan) {
  std::vector<std::string> out;
  for (const auto& item : plan.items) out.push_back(item.kind + ":" + item.template_name);
  return out;
}

}  // namespace

TEST_CASE("next does not offer again a suggestion a follow-up already took up") {
  const auto templates = source_templates();
  LatestDecision latest = decided("adopt");
  const std::vector<leadlab::ExperimentRow> rows = {{latest.experiment, {5, 6, day("2026-11-02")}}};
  const auto before = leadlab::plan_next(rows, latest, templates, kToday);
  REQUIRE(before.items.size() == 4);  // three template follow-ups and the new context
  CHECK(before.items.back().kind == "new-context");

  // Experiment 2 took the change into 1:1s: the new context is not offered again.
  Experiment in_one_to_ones = child_of(latest.experiment, 2);
  in_one_to_ones.occasion = "1:1";
  latest.children = {in_one_to_ones};
  const auto after = leadlab::plan_next(rows, latest, templates, kToday);
  CHECK(after.items.size() == 3);
  for (const auto& item : after.items) CHECK(item.kind == "follow-up");

  // Experiment 3 came from the first template follow-up: that one goes too.
  Experiment from_template = child_of(latest.experiment, 3);
  from_template.template_name = before.items[0].template_name;
  latest.children.push_back(from_template);
  const auto later = leadlab::plan_next(rows, latest, templates, kToday);
  CHECK(kinds(later) == std::vector<std::string>{kinds(before)[1], kinds(before)[2]});
  CHECK(leadlab::taken_up_by(before.items[0], latest.children)->id == 3);
  CHECK(leadlab::taken_up_by(before.items[3], latest.children)->id == 2);
}

TEST_CASE("after adapting, any follow-up takes up the smaller version") {
  LatestDecision latest = decided("adapt");
  const std::vector<leadlab::ExperimentRow> rows = {{latest.experiment, {5, 6, day("2026-11-02")}}};
  const auto templates = source_templates();
  REQUIRE_FALSE(leadlab::plan_next(rows, latest, templates, kToday).items.empty());
  latest.children = {child_of(latest.experiment, 2)};
  CHECK(leadlab::plan_next(rows, latest, templates, kToday).items.empty());
}

TEST_CASE("the review's next step is pending until a follow-up exists or it is long past") {
  LatestDecision latest = decided("adopt", "2026-12-11");
  const auto step = leadlab::pending_step(latest, kToday);
  REQUIRE(step);
  CHECK(step->days_past == 0);
  CHECK(step->describe(kToday) ==
        "Your next step from the review of experiment 1: try it in my 1:1s, by 2026-12-11 "
        "(Friday, in 19 days), commitment 8/10");

  // Past its date: still shown, saying so, for kPastStepDays.
  const auto past = leadlab::pending_step(latest, day("2026-12-14"));
  REQUIRE(past);
  CHECK(past->days_past == 3);
  CHECK(past->describe(day("2026-12-14")) ==
        "Your next step from the review of experiment 1: try it in my 1:1s, commitment 8/10. It "
        "was due 2026-12-11 (Friday, 3 days ago): it is past; do it now, or set yourself a new "
        "date");
  CHECK(leadlab::pending_step(latest, day("2026-12-25")));  // 14 days past
  CHECK_FALSE(leadlab::pending_step(latest, day("2026-12-26")));

  // The plan carries it.
  const auto templates = source_templates();
  CHECK(leadlab::plan_next({}, latest, templates, kToday).next_step);

  // Done: an experiment follows the reviewed one.
  latest.children = {child_of(latest.experiment, 2)};
  CHECK_FALSE(leadlab::pending_step(latest, kToday));
  CHECK_FALSE(leadlab::plan_next({}, latest, templates, kToday).next_step);

  // A review without a next step has nothing pending.
  latest = decided("adopt");
  latest.review.next_step.clear();
  CHECK_FALSE(leadlab::pending_step(latest, kToday));
}

TEST_CASE("a follow-up with the same title, or the same occasion and change, is found") {
  leadlab::testing::TempDir dir;
  leadlab::Journal journal = leadlab::Journal::create(dir.file("j.db"), "Ana");
  leadlab::ExperimentSpec spec;
  spec.title = "Ask first";
  spec.hypothesis = "h";
  spec.change = "Open every agenda item with a question";
  spec.metrics = {"questions:count"};
  spec.occasion = "meeting";
  const auto parent = leadlab::create_experiment(journal, spec);

  leadlab::ExperimentSpec follow = leadlab::spec_from_experiment(parent);
  follow.follows = parent.id;
  follow.title = "Ask first in 1:1s";
  follow.occasion = "1:1";
  CHECK_FALSE(leadlab::same_follow_up(journal, follow));
  const auto child = leadlab::create_experiment(journal, follow);

  leadlab::ExperimentSpec again = follow;
  again.title = "  ask FIRST in 1:1s ";  // the same title but for case and blanks
  again.change = "something else";
  CHECK(leadlab::same_follow_up(journal, again)->id == child.id);
  again = follow;
  again.title = "Another title";  // the same occasion and change
  CHECK(leadlab::same_follow_up(journal, again)->id == child.id);
  again.change = "Open each 1:1 with a question about their week";
  CHECK_FALSE(leadlab::same_follow_up(journal, again));
  again = follow;
  again.follows.reset();  // follows nothing: not a follow-up
  CHECK_FALSE(leadlab::same_follow_up(journal, again));
}

TEST_CASE("a follow-up in another occasion renames the tag naming the old one") {
  leadlab::ExperimentSpec spec;
  spec.occasion = "1:1";
  spec.tags = {"meetings", "questions"};
  leadlab::retag_for_occasion(spec, "meeting");
  CHECK(spec.tags == std::vector<std::string>{"1:1s", "questions"});
  spec.occasion = "meeting";
  spec.tags = {"meetings", "questions"};
  leadlab::retag_for_occasion(spec, "meeting");  // the same occasion: nothing changes
  CHECK(spec.tags == std::vector<std::string>{"meetings", "questions"});
}

TEST_CASE("a review on fewer points than the analysis judges from says so") {
  const Experiment e = demo_experiment();
  auto entries = demo_entries();
  CHECK_FALSE(leadlab::data_shortfall(e, leadlab::analyse_experiment(e, entries)));
  // 1 baseline and 1 test point.
  entries = {entries[0], entries[5]};
  const auto shortfall = leadlab::data_shortfall(e, leadlab::analyse_experiment(e, entries));
  REQUIRE(shortfall);
  CHECK(*shortfall ==
        "1 baseline point and 1 test point cannot support a decision: leadlab judges a change "
        "from 3 points in each phase (5 for a verdict)");
  CHECK(leadlab::decisive("adopt"));
  CHECK(leadlab::decisive("abandon"));
  CHECK_FALSE(leadlab::decisive("adapt"));
}

TEST_CASE("the answers to the template's review prompts are kept in the learned text") {
  leadlab::ReviewAnswers a;
  a.learned = "silence is thinking time";
  a.prompt_answers = {{"Did my share move?", "yes, slowly"}, {"Where did I slip?", ""}};
  CHECK(leadlab::learned_text(a) == "silence is thinking time\n\nDid my share move?\nyes, slowly");

  // In the editor: each prompt under its own heading after "What did you learn", read back.
  a.prompt_answers[1].second = "the budget review";
  const std::string text = leadlab::review_edit_text(demo_experiment(), a);
  CHECK(text.find("(learned)\nsilence is thinking time\n\n## Did my share move? (prompt 1)\n") !=
        std::string::npos);
  const auto back = leadlab::parse_review_edit(text);
  CHECK(back.at("prompt 1") == "yes, slowly");
  CHECK(back.at("prompt 2") == "the budget review");
}
