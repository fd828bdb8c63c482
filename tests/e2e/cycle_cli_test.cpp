// End-to-end: closing the loop — review, reopen, next and lineage — through the real binary,
// with flags in a script and at a terminal.
#include <doctest/doctest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "e2e/cli_runner.hpp"

using leadlab::testing::RunResult;
using leadlab::testing::Sandbox;
using nlohmann::json;

namespace {

using leadlab::testing::kToday;

using leadlab::testing::make_demo;

const std::vector<std::string> kReviewFlags = {"review",
                                               "1",
                                               "--prediction-met",
                                               "yes",
                                               "--observed",
                                               "the team proposed the release plan",
                                               "--learned",
                                               "silence is thinking time",
                                               "--decision",
                                               "adopt",
                                               "--next-step",
                                               "ask first in 1:1s too",
                                               "--by",
                                               "in 2 weeks",
                                               "--commitment",
                                               "8"};

json show(const Sandbox& s, const std::string& id) {
  const RunResult r = s.run({"show", id, "--json"}, kToday);
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  return json::parse(r.out);
}

}  // namespace

TEST_CASE("a whole cycle works with flags only: review, next, and the follow-up it suggests") {
  Sandbox s;
  make_demo(s);
  const json due = json::parse(s.run({"next", "--json"}, kToday).out);
  REQUIRE(!due["items"].empty());
  CHECK(due["items"][0]["kind"] == "review-due");
  CHECK(due["items"][0]["command"] == "leadlab review 1");

  const RunResult reviewed = s.run(kReviewFlags, kToday);
  CHECK_MESSAGE(reviewed.exit_code == 0, reviewed.err);
  CHECK(reviewed.out.find("Suggestion  adopt") != std::string::npos);  // the brief came first
  CHECK(reviewed.out.find("Closed experiment 1 with the decision to adopt") != std::string::npos);
  const json closed = show(s, "1");
  CHECK(closed["status"] == "closed");
  REQUIRE(closed["reviews"].size() == 1);
  CHECK(closed["reviews"][0]["decision"] == "adopt");
  CHECK(closed["reviews"][0]["next_by"] == "2026-11-22");
  CHECK(closed["reviews"][0]["author"] == "Ana Lima");

  const json next = json::parse(s.run({"next", "--json"}, kToday).out);
  const json* suggestion = nullptr;
  for (const auto& item : next["items"])
    if (item["kind"] == "new-context") suggestion = &item;
  REQUIRE(suggestion != nullptr);
  const RunResult created =
      s.shell((*suggestion)["command"].get<std::string>() + " </dev/null", kToday);
  CHECK_MESSAGE(created.exit_code == 0, created.err);
  const json child = show(s, "2");
  CHECK(child["follows"] == 1);
  CHECK(child["cycle"] == 2);
  CHECK(child["occasion"] == "1:1");
  CHECK(child["lineage"]["root"] == 1);
  const RunResult text = s.run({"show", "2"}, kToday);
  CHECK(text.out.find("Cycle       2 of the series begun by experiment 1 (Ask before telling)") !=
        std::string::npos);
  CHECK(show(s, "1")["lineage"]["children"] == json::array({2}));
  const json series = json::parse(s.run({"list", "--series", "2", "--json"}, kToday).out);
  REQUIRE(series.size() == 2);
  CHECK(series[0]["id"] == 1);
}

TEST_CASE("a review without a terminal names the missing flags and changes nothing") {
  Sandbox s;
  make_demo(s);
  const std::string before = leadlab::testing::read_file(s.journal());
  const RunResult r = s.run({"review", "1", "--decision", "adopt"}, kToday);
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("a review needs --prediction-met, --observed, --learned, --next-step") !=
        std::string::npos);
  CHECK(leadlab::testing::read_file(s.journal()) == before);
  CHECK(s.run({"review", "1", "--prediction-met", "sort of", "--observed", "o", "--learned", "l",
               "--decision", "adopt", "--next-step", "n"},
              kToday)
            .exit_code == 2);
}

TEST_CASE("a reopened experiment can be reviewed again and both reviews are kept") {
  Sandbox s;
  make_demo(s);
  REQUIRE(s.run(kReviewFlags, kToday).exit_code == 0);
  CHECK(s.run(kReviewFlags, kToday).exit_code == 2);  // closed: reopen first
  const RunResult reopened = s.run({"reopen", "1"}, kToday);
  CHECK(reopened.exit_code == 0);
  CHECK(show(s, "1")["status"] == "testing");
  std::vector<std::string> amended = kReviewFlags;
  amended[std::find(amended.begin(), amended.end(), "adopt") - amended.begin()] = "adapt";
  REQUIRE(s.run(amended, kToday).exit_code == 0);
  const json reviews = show(s, "1")["reviews"];
  REQUIRE(reviews.size() == 2);
  CHECK(reviews[0]["decision"] == "adopt");
  CHECK(reviews[1]["decision"] == "adapt");
}

TEST_CASE("review --edit takes the long answers from $EDITOR") {
  Sandbox s;
  make_demo(s);
  const std::string editor = s.dir().file("editor.sh");
  std::ofstream(editor) << "#!/bin/sh\n"
                           "sed -i -e '/(observed)$/a the team proposed the plan' "
                           "-e '/(learned)$/a silence is thinking' "
                           "-e '/(next_step)$/a ask first in 1:1s' \"$1\"\n";
  std::filesystem::permissions(editor, std::filesystem::perms::owner_all);
  const RunResult r =
      s.run({"review", "1", "--edit", "--prediction-met", "partly", "--decision", "adapt"},
            {{"LEADLAB_TODAY", "2026-11-08"}, {"EDITOR", editor}});
  CHECK_MESSAGE(r.exit_code == 0, r.err);
  const json review = show(s, "1")["reviews"][0];
  CHECK(review["observed"] == "the team proposed the plan");
  CHECK(review["learned"] == "silence is thinking");
  CHECK(review["next_step"] == "ask first in 1:1s");
}

TEST_CASE("review at a terminal walks through the questions and closes the experiment") {
  Sandbox s;
  make_demo(s);
  const RunResult r = s.run_in_terminal(
      {"review", "1"},
      {{"Did the result match your prediction?", "maybe"},  // not an answer: asked again
       {"Did the result match your prediction?", "yes"},
       {"What happened?", "the team proposed the release plan"},
       {"Why was there a difference", ""},
       {"What surprised you", "how long the silences felt"},
       {"Was the change carried out as planned", ""},
       {"What did you learn", "silence is thinking time"},
       {"Decision", ""},  // takes the suggestion shown as the default
       {"Next step", "ask first in 1:1s"},
       {"By when", "next monday"},
       {"Commitment", "9"}},
      kToday);
  CHECK_MESSAGE(r.exit_code == 0, r.out << r.err);
  CHECK(r.out.find("answer one of: yes, partly, no") != std::string::npos);
  const json e = show(s, "1");
  CHECK(e["status"] == "closed");
  const json review = e["reviews"][0];
  CHECK(review["decision"] == "adopt");
  CHECK(review["as_planned"] == "as planned in 5 of 6 test occasions");
  CHECK(review["next_by"] == "2026-11-09");
  CHECK(review["commitment"] == 9);
}

TEST_CASE("next --create at a terminal creates the chosen suggestion as the next cycle") {
  Sandbox s;
  make_demo(s);
  REQUIRE(s.run(kReviewFlags, kToday).exit_code == 0);
  // The suggestion's fields are the defaults of the guided `new`: Enter keeps each.
  std::vector<leadlab::testing::Exchange> enter = {{"Create which one?", ""}};
  for (const char* prompt :
       {"Title [", "Hypothesis", "Change", "Prediction", "Why you", "Occasion",
        "Keep these metrics", "Baseline points", "Test points", "Success rule", "Tags"})
    enter.push_back({prompt, ""});
  const RunResult r = s.run_in_terminal({"next", "--create"}, enter, kToday);
  CHECK_MESSAGE(r.exit_code == 0, r.out << r.err);
  CHECK(r.out.find("Created experiment 2") != std::string::npos);
  const json child = show(s, "2");
  CHECK(child["follows"] == 1);
  CHECK(child["cycle"] == 2);
  CHECK(s.run({"next", "--create"}, kToday).exit_code == 2);  // needs a terminal
}

TEST_CASE("next on an empty journal suggests how to begin") {
  Sandbox s;
  REQUIRE(s.run({"init"}).exit_code == 0);
  const RunResult r = s.run({"next"});
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("leadlab new --template question-ratio") != std::string::npos);
  const json plan = json::parse(s.run({"next", "--json"}).out);
  CHECK(plan["items"][0]["kind"] == "begin");
  CHECK(plan["questions"].size() == 3);
}

TEST_CASE("next before any journal exists suggests how to begin and creates nothing") {
  Sandbox s;
  const RunResult r = s.run({"next"});
  CHECK_MESSAGE(r.exit_code == 0, r.err);
  CHECK(r.out.find("leadlab new --template question-ratio") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(s.journal()));
}
