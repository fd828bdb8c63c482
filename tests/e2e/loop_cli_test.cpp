// End-to-end: the leader's loop does not forget or let a mistake pass silently — `next`
// remembers what was taken up and the review's own next step, follow-ups start from the
// right text, phase changes warn and name what they move, and a review pushes back on too
// little data and asks the template's questions.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "e2e/cli_runner.hpp"

using leadlab::testing::kToday;
using leadlab::testing::make_demo;
using leadlab::testing::RunResult;
using leadlab::testing::Sandbox;
using leadlab::testing::TerminalSession;
using nlohmann::json;

namespace {

const std::vector<std::string> kAdopt = {
    "review",    "1",          "--prediction-met", "yes",   "--observed",  "o",
    "--learned", "l",          "--decision",       "adopt", "--next-step", "ask first in 1:1s too",
    "--by",      "in 2 weeks", "--commitment",     "8"};

json run_json(const Sandbox& s, const std::vector<std::string>& args,
              const std::map<std::string, std::string>& env = kToday) {
  const RunResult r = s.run(args, env);
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  return json::parse(r.out);
}

const json* item_of_kind(const json& plan, const std::string& kind) {
  for (const auto& item : plan["items"])
    if (item["kind"] == kind) return &item;
  return nullptr;
}

// A fresh experiment (5 planned baseline points) in its baseline since 2026-11-01.
// `from` is what defines it: metrics by default, or a template.
void one_in_baseline(const Sandbox& s,
                     const std::vector<std::string>& from = {"--metric", "questions:count:up"}) {
  std::vector<std::string> args = {"new", "--title",  "Ask first", "--hypothesis",
                                   "h",   "--change", "c",         "--baseline-points",
                                   "5"};
  args.insert(args.end(), from.begin(), from.end());
  REQUIRE(s.run({"init", "--owner", "Ana"}, kToday).exit_code == 0);
  REQUIRE(s.run(args, kToday).exit_code == 0);
  REQUIRE(s.run({"baseline", "1", "--date", "2026-11-01"}, kToday).exit_code == 0);
}

}  // namespace

TEST_CASE("next does not offer a follow-up already taken up, and a second one is refused") {
  Sandbox s;
  make_demo(s);
  REQUIRE(s.run(kAdopt, kToday).exit_code == 0);
  const json before = run_json(s, {"next", "--json"});
  const json* context = item_of_kind(before, "new-context");
  REQUIRE(context != nullptr);
  const std::string command = (*context)["command"];
  const RunResult created = s.shell(command, kToday);
  REQUIRE_MESSAGE(created.exit_code == 0, created.err);
  const json child = run_json(s, {"show", "2", "--json"});
  // A title, not the parent's title with " in 1:1s" glued on; the old context's tag follows.
  CHECK(child["title"] == "In 1:1s: Ask before telling");
  CHECK(child["occasion"] == "1:1");
  CHECK(child["tags"] == json({"1:1s", "questions"}));

  CHECK(item_of_kind(run_json(s, {"next", "--json"}), "new-context") == nullptr);
  const RunResult again = s.shell(command, kToday);
  CHECK(again.exit_code == 2);
  CHECK(again.err.find("experiment 2 (In 1:1s: Ask before telling) already follows experiment 1") !=
        std::string::npos);
  CHECK(again.err.find("--yes") != std::string::npos);
  CHECK(run_json(s, {"list", "--json"}).size() == 2);  // nothing was created
  CHECK(s.shell(command + " --yes", kToday).exit_code == 0);
}

TEST_CASE("creating a follow-up like one already there asks first at a terminal") {
  Sandbox s;
  make_demo(s);
  REQUIRE(s.run(kAdopt, kToday).exit_code == 0);
  const std::vector<std::string> args = {
      "new", "--follows", "1", "--title", "Ask first in 1:1s", "--occasion", "1:1"};
  REQUIRE(s.run(args, kToday).exit_code == 0);
  {
    TerminalSession t(args, s.environment(kToday));
    CHECK(
        t.wait_for("Note: experiment 2 (Ask first in 1:1s) already follows experiment 1 with "
                   "the same title."));
    CHECK(t.wait_for("Create another one anyway? (y/N)"));
    t.type("\r");
    const RunResult declined = t.finish();
    CHECK(declined.exit_code == 0);
    CHECK(declined.out.find("Nothing was created.") != std::string::npos);
  }
  CHECK(run_json(s, {"list", "--json"}).size() == 2);
  {
    TerminalSession t(args, s.environment(kToday));
    CHECK(t.wait_for("Create another one anyway? (y/N)"));
    t.type("y\r");
    const RunResult accepted = t.finish();
    CHECK(accepted.exit_code == 0);
    CHECK(accepted.out.find("Created experiment 3") != std::string::npos);
  }
  CHECK(run_json(s, {"list", "--json"}).size() == 3);
}

TEST_CASE("status and next show the review's next step until it is done, and say when past") {
  Sandbox s;
  make_demo(s);
  REQUIRE(s.run(kAdopt, kToday).exit_code == 0);
  for (const char* command : {"status", "next"}) {
    const RunResult r = s.run({command}, kToday);
    CHECK(r.out.find("Your next step from the review of experiment 1: ask first in 1:1s too") !=
          std::string::npos);
    CHECK(r.out.find("2026-11-22 (Sunday, in 14 days), commitment 8/10") != std::string::npos);
  }
  CHECK(run_json(s, {"status", "--json"})["next_step"]["by"] == "2026-11-22");
  const std::map<std::string, std::string> later = {{"LEADLAB_TODAY", "2026-11-25"}};
  const RunResult past = s.run({"next"}, later);
  CHECK(past.out.find("was due") != std::string::npos);
  CHECK(past.out.find("2026-11-22 (Sunday, 3 days ago)") != std::string::npos);
  CHECK(past.out.find("it is past") != std::string::npos);
  CHECK(run_json(s, {"next", "--json"}, later)["next_step"]["past"] == true);
  REQUIRE(s.run({"new", "--follows", "1", "--occasion", "1:1", "--title", "In 1:1s"}, kToday)
              .exit_code == 0);
  CHECK(s.run({"status"}, kToday).out.find("Your next step") == std::string::npos);
  CHECK(s.run({"next"}, kToday).out.find("Your next step") == std::string::npos);
}

TEST_CASE("next --create at a terminal walks through the follow-up's fields") {
  Sandbox s;
  make_demo(s);
  REQUIRE(s.run(kAdopt, kToday).exit_code == 0);
  const RunResult r = s.run_in_terminal(
      {"next", "--create"},
      {{"Create which one?", ""},
       {"Title [In 1:1s: Ask before telling]", "Questions first in my 1:1s"},
       {"Hypothesis", ""},
       {"Change", "Open each 1:1 with a question about their week"},
       {"Prediction", ""},
       {"Why you expect it", ""},
       {"Occasion (meeting, 1:1, day, week) [1:1]", ""},
       {"Keep these metrics?", ""},
       {"Baseline points", ""},
       {"Test points", ""},
       {"Success rule", ""},
       {"Tags (comma-separated; - for none) [1:1s, questions]", "questions, 1:1s"}},
      kToday);
  CHECK_MESSAGE(r.exit_code == 0, r.out << r.err);
  const json child = run_json(s, {"show", "2", "--json"});
  CHECK(child["title"] == "Questions first in my 1:1s");
  CHECK(child["change"] == "Open each 1:1 with a question about their week");
  CHECK(child["occasion"] == "1:1");
  CHECK(child["follows"] == 1);
  CHECK(child["tags"] == json({"1:1s", "questions"}));
}

TEST_CASE(
    "start short of the planned baseline warns, asks at a terminal, and names moved entries") {
  Sandbox s;
  one_in_baseline(s);
  for (const char* d : {"2026-11-01", "2026-11-03", "2026-11-05"})
    REQUIRE(s.run({"log", "1", "questions=3", "--date", d}, kToday).exit_code == 0);

  const RunResult declined =
      s.run_in_terminal({"start", "1"}, {{"Start the test anyway?", "n"}}, kToday);
  CHECK(declined.exit_code == 0);
  CHECK(declined.out.find("has 3 of 5 planned points") != std::string::npos);
  CHECK(run_json(s, {"show", "1", "--json"})["status"] == "baseline");

  const RunResult started = s.run({"start", "1", "--date", "2026-11-03"}, kToday);
  CHECK_MESSAGE(started.exit_code == 0, started.err);
  CHECK(started.err.find("has 1 of 5 planned points before 2026-11-03") != std::string::npos);
  CHECK(started.out.find("Entries 2 and 3 (2026-11-03, 2026-11-05) move into the test phase") !=
        std::string::npos);
}

TEST_CASE("entry edit refuses a date before the experiment's baseline began") {
  Sandbox s;
  one_in_baseline(s);
  REQUIRE(s.run({"log", "1", "questions=3", "--date", "2026-11-02"}, kToday).exit_code == 0);
  const RunResult r = s.run({"entry", "edit", "1", "--date", "2026-10-20"}, kToday);
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("before experiment 1's baseline began (2026-11-01)") != std::string::npos);
  CHECK(run_json(s, {"entries", "1", "--json"})[0]["date"] == "2026-11-02");
}

TEST_CASE("a review on too little data says so and refuses adopt without --yes") {
  Sandbox s;
  one_in_baseline(s);
  REQUIRE(s.run({"log", "1", "questions=3", "--date", "2026-11-02"}, kToday).exit_code == 0);
  REQUIRE(s.run({"start", "1", "--date", "2026-11-03", "--yes"}, kToday).exit_code == 0);
  REQUIRE(s.run({"log", "1", "questions=5", "--date", "2026-11-04"}, kToday).exit_code == 0);
  std::vector<std::string> args = kAdopt;
  const RunResult refused = s.run(args, kToday);
  CHECK(refused.exit_code == 2);
  CHECK(refused.err.find("1 baseline point and 1 test point cannot support a decision") !=
        std::string::npos);
  CHECK(run_json(s, {"show", "1", "--json"})["status"] == "testing");

  // At a terminal: asked to confirm; "no" asks the decision again, adapt by default.
  const RunResult asked = s.run_in_terminal(
      {"review", "1", "--prediction-met", "partly", "--observed", "o", "--learned", "l",
       "--decision", "adopt", "--next-step", "n"},
      {{"Record it anyway?", ""}, {"Decision: adopt, adapt or abandon [adapt]", ""}}, kToday);
  CHECK_MESSAGE(asked.exit_code == 0, asked.out << asked.err);
  CHECK(asked.out.find("Note: 1 baseline point and 1 test point cannot support") !=
        std::string::npos);
  CHECK(run_json(s, {"show", "1", "--json"})["reviews"][0]["decision"] == "adapt");
}

TEST_CASE("review asks the template's review prompts, at the prompts and in the editor") {
  Sandbox s;
  one_in_baseline(s, {"--template", "question-ratio"});
  REQUIRE(s.run({"log", "1", "questions=3", "statements=5", "--date", "2026-11-02"}, kToday)
              .exit_code == 0);
  REQUIRE(s.run({"start", "1", "--date", "2026-11-03", "--yes"}, kToday).exit_code == 0);
  const RunResult r = s.run_in_terminal({"review", "1", "--prediction-met", "partly", "--decision",
                                         "adapt", "--by", "", "--commitment", "7"},
                                        {{"What happened?", "o"},
                                         {"Why was there a difference", ""},
                                         {"What surprised you", ""},
                                         {"Was the change carried out as planned", ""},
                                         {"What did you learn", "l"},
                                         {"Did my question share move", "only my own counts"},
                                         {"In which meetings did I slip back", ""},
                                         {"Which of my questions drew", ""},
                                         {"What did holding back my view cost", ""},
                                         {"what exactly will I do in the next meeting", ""},
                                         {"Next step", "n"},
                                         {"By when", ""}},
                                        kToday);
  CHECK_MESSAGE(r.exit_code == 0, r.out << r.err);
  const std::string learned = run_json(s, {"show", "1", "--json"})["reviews"][0]["learned"];
  CHECK(learned.rfind("l\n\nDid my question share move the way I predicted", 0) == 0);
  CHECK(learned.find("?\nonly my own counts") != std::string::npos);
  CHECK(learned.find("In which meetings") == std::string::npos);  // skipped: not kept

  REQUIRE(s.run({"reopen", "1"}, kToday).exit_code == 0);
  const std::string editor = s.dir().file("editor.sh");
  std::ofstream(editor) << "#!/bin/sh\n"
                           "cp \"$1\" "
                        << s.dir().file("seen.txt")
                        << "\n"
                           "sed -i -e '/(observed)$/a o' -e '/(learned)$/a l' "
                           "-e '/(prompt 2)$/a the hiring item' -e '/(next_step)$/a n' \"$1\"\n";
  std::filesystem::permissions(editor, std::filesystem::perms::owner_all);
  const RunResult edited =
      s.run({"review", "1", "--edit", "--prediction-met", "partly", "--decision", "adapt"},
            {{"LEADLAB_TODAY", "2026-11-08"}, {"EDITOR", editor}});
  CHECK_MESSAGE(edited.exit_code == 0, edited.err);
  std::ifstream seen(s.dir().file("seen.txt"));
  const std::string text{std::istreambuf_iterator<char>(seen), {}};
  CHECK(text.find("## Did my question share move") != std::string::npos);
  CHECK(text.find("(prompt 5)") != std::string::npos);
  const std::string amended = run_json(s, {"show", "1", "--json"})["reviews"].back()["learned"];
  CHECK(amended.find("In which meetings did I slip back") != std::string::npos);
  CHECK(amended.find("?\nthe hiring item") != std::string::npos);
}
