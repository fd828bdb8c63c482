// End-to-end: every command leadlab suggests runs as printed. A journal is driven through
// each state an experiment passes (none yet, draft, baseline gone quiet, baseline complete,
// testing with a review due, reviewed, a follow-up); at each, the suggestions in what
// status, next, list, show, entries and the commands themselves print are collected — each
// `leadlab ...` in backquotes, and the commands `next` lists after "$" and the others after
// "Next:" — and each is run on a copy of the journal. Without a terminal first; a command
// that needs one (`log ID` asks for the values, `review ID` the questions) at a terminal,
// answering its questions. None may fail with a usage error (exit code 2).
#include <doctest/doctest.h>

#include <set>

#include "e2e/cli_runner.hpp"
#include "e2e/suggestions.hpp"

using leadlab::testing::kToday;
using leadlab::testing::run_suggestions;
using leadlab::testing::RunResult;
using leadlab::testing::Sandbox;
using leadlab::testing::suggestions_in;
using leadlab::testing::words_of;

namespace {

// Collects and runs the suggestions of every view of the journal as it stands.
void check_views(const Sandbox& s, const std::string& state, std::set<std::string>& seen) {
  std::vector<std::vector<std::string>> views = {{"status"}, {"next"}, {"list"}};
  for (const std::string id : {"1", "2", "3"}) {
    views.push_back({"show", id});
    views.push_back({"entries", id});
  }
  for (const auto& view : views) {
    const RunResult r = s.run(view, kToday);
    if (r.exit_code != 0) continue;  // an experiment not made yet
    std::string name;
    for (const auto& w : view) name += " " + w;
    run_suggestions(s, r.out, state + ": leadlab" + name, seen);
  }
}

// Runs a step of the story, which must succeed, and runs what it suggests.
void step(const Sandbox& s, const std::vector<std::string>& args, std::set<std::string>& seen) {
  const RunResult r = s.run(args, kToday);
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  run_suggestions(s, r.out + r.err, "leadlab " + args.front(), seen);
}

}  // namespace

TEST_CASE("the suggestion finder and splitter read what leadlab prints") {
  const auto found = suggestions_in(
      "log it with `leadlab log 1` or\n    $ leadlab new --follows 1 --title 'A b'\n"
      "Next: leadlab baseline 2   to begin\n  or: leadlab start 2      to test\n"
      "1 new comment from Ben on experiment 1: leadlab show 1\r\n"
      "Start it: leadlab new --template wait-time\n"
      "  hint: or give --yes to record it anyway: leadlab review 1 ... --yes\n");
  CHECK(found == std::set<std::string>{"leadlab log 1", "leadlab new --follows 1 --title 'A b'",
                                       "leadlab baseline 2", "leadlab start 2", "leadlab show 1",
                                       "leadlab new --template wait-time"});
  CHECK(words_of("leadlab new --title 'Ask more' --x \"a b\"") ==
        std::vector<std::string>{"leadlab", "new", "--title", "Ask more", "--x", "a b"});
}

TEST_CASE("every command leadlab suggests, in every state of an experiment, runs as printed") {
  Sandbox s;
  std::set<std::string> seen;
  step(s, {"init", "--owner", "Ana"}, seen);
  check_views(s, "an empty journal", seen);

  step(s,
       {"new", "--title", "Ask before telling", "--hypothesis", "If I ask first, they propose",
        "--change", "Open each item with a question", "--metric", "questions:count:up", "--metric",
        "statements:count:down", "--derive", "share = questions / (questions + statements)",
        "--baseline-points", "2", "--test-points", "2"},
       seen);
  check_views(s, "a draft", seen);

  step(s, {"baseline", "1", "--date", "2026-10-01"}, seen);
  step(s, {"log", "1", "questions=2", "statements=9", "--date", "2026-10-01"}, seen);
  check_views(s, "a baseline gone quiet", seen);

  step(s, {"log", "1", "questions=3", "statements=8", "--date", "2026-11-05"}, seen);
  check_views(s, "a complete baseline", seen);

  step(s, {"start", "1", "--date", "2026-11-06"}, seen);
  step(s, {"log", "1", "questions=6", "statements=5", "--date", "2026-11-06"}, seen);
  step(s, {"log", "1", "questions=7", "statements=4", "--date", "2026-11-07"}, seen);
  check_views(s, "testing with a review due", seen);

  step(s,
       {"review", "1", "--prediction-met", "yes", "--observed", "ideas came from the team",
        "--learned", "silence is thinking time", "--decision", "adapt", "--next-step",
        "try it in 1:1s", "--commitment", "8"},
       seen);
  check_views(s, "reviewed", seen);

  step(s, {"new", "--follows", "1", "--occasion", "1:1"}, seen);
  check_views(s, "a follow-up", seen);

  // The states above suggest at least these, each run above.
  for (const char* expected : {"leadlab baseline 1", "leadlab start 1", "leadlab log 1",
                               "leadlab review 1", "leadlab baseline 2", "leadlab list"})
    CHECK_MESSAGE(seen.count(expected) == 1, expected << " was not suggested");
}

TEST_CASE("`log ID` without values asks for each at a terminal, and not without one") {
  Sandbox s;
  REQUIRE(s.run({"new", "--title", "T", "--hypothesis", "H", "--change", "C", "--metric",
                 "questions:count:up", "--metric", "mood:scale:1..5"},
                kToday)
              .exit_code == 0);
  REQUIRE(s.run({"baseline", "1"}, kToday).exit_code == 0);
  const RunResult plain = s.run({"log", "1"}, kToday);
  CHECK(plain.exit_code == 2);
  CHECK(plain.err.find("nothing to log") != std::string::npos);

  const RunResult asked = s.run_in_terminal(
      {"log", "1"}, {{"questions (count)", "4"}, {"mood (scale 1..5)", "9"}, {"1..5", ""}}, kToday);
  CHECK_MESSAGE(asked.exit_code == 0, asked.out);
  const auto logged = asked.out.find("Logged entry 1");
  REQUIRE(logged != std::string::npos);
  const std::string echo = asked.out.substr(logged);
  CHECK(echo.find("questions=4") != std::string::npos);
  CHECK(echo.find("mood=") == std::string::npos);  // out of range, asked again, left out
}
