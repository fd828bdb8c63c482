// End-to-end: `leadlab tally` at a real (pseudo-)terminal — counting keys into one entry,
// undo, leaving without saving, refusing without a terminal, and the terminal restored on
// every way out, a fatal signal included.
#include <doctest/doctest.h>

#include <algorithm>
#include <csignal>
#include <nlohmann/json.hpp>

#include "e2e/cli_runner.hpp"

using leadlab::testing::RunResult;
using leadlab::testing::Sandbox;
using leadlab::testing::TerminalSession;
using nlohmann::json;

namespace {

// NO_COLOR keeps the screen plain, so the tests can read the tally line as text.
const std::map<std::string, std::string> kToday = {{"LEADLAB_TODAY", "2026-10-07"},
                                                   {"NO_COLOR", "1"}};

// A question-ratio experiment in its baseline.
void prepare(const Sandbox& s) {
  REQUIRE(s.run({"new", "--template", "question-ratio"}, kToday).exit_code == 0);
  REQUIRE(s.run({"baseline", "1", "--date", "2026-10-05"}, kToday).exit_code == 0);
}

TerminalSession tally(const Sandbox& s, std::vector<std::string> args = {"tally"}) {
  return TerminalSession(args, s.environment(kToday));
}

bool raw(const termios& mode) { return (mode.c_lflag & (ICANON | ECHO)) == 0; }
bool cooked(const termios& mode) {
  return (mode.c_lflag & ICANON) != 0 && (mode.c_lflag & ECHO) != 0 && (mode.c_lflag & ISIG) != 0;
}

// Columns of plain UTF-8 text: one per code point (what tally prints with NO_COLOR).
std::size_t columns_of(const std::string& text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

json entries(const Sandbox& s) { return json::parse(s.run({"entries", "1", "--json"}).out); }

}  // namespace

TEST_CASE("tally counts key presses and Enter saves one entry whose values are the counts") {
  Sandbox s;
  prepare(s);
  TerminalSession t = tally(s);
  REQUIRE(t.wait_for("[q] questions 0  [s] statements 0  [i] ideas_from_others 0  share"));
  CHECK(raw(t.mode()));
  t.type("qqsqsi");
  REQUIRE(t.wait_for("[q] questions 3  [s] statements 2  [i] ideas_from_others 1  share 0.6"));
  t.type("uu");  // takes back the i, then the last s
  REQUIRE(t.wait_for("[q] questions 3  [s] statements 1  [i] ideas_from_others 0  share 0.75"));
  t.type("\r");
  REQUIRE(t.wait_for("Nothing was counted for ideas_from_others. Save 0 (none happened)?"));
  CHECK(cooked(t.mode()));
  t.type("y\n");
  REQUIRE(t.wait_for("Note (Enter to skip): "));
  t.type("budget meeting\n");
  REQUIRE(t.wait_for("Logged entry 1 for experiment 1"));
  const RunResult done = t.finish();
  CHECK(done.exit_code == 0);
  CHECK(done.out.find("baseline point 1 of 5") != std::string::npos);

  const json e = entries(s);
  REQUIRE(e.size() == 1);
  CHECK(e[0]["date"] == "2026-10-07");
  CHECK(e[0]["values"]["questions"] == 3);
  CHECK(e[0]["values"]["statements"] == 1);
  CHECK(e[0]["values"]["ideas_from_others"] == 0);  // the user said none happened
  CHECK(e[0]["note"] == "budget meeting");
}

TEST_CASE("tally --metric counts only the metrics named and the others stay without a value") {
  Sandbox s;
  prepare(s);
  TerminalSession t =
      tally(s, {"tally", "--metric", "questions", "--metric", "statements", "--note", "x"});
  REQUIRE(t.wait_for("[q] questions 0  [s] statements 0  share"));
  t.type("qs\r");
  REQUIRE(t.wait_for("Logged entry 1"));
  CHECK(t.finish().exit_code == 0);
  const json e = entries(s);
  REQUIRE(e.size() == 1);
  CHECK(e[0]["values"]["questions"] == 1);
  CHECK(e[0]["values"]["statements"] == 1);
  CHECK(e[0]["values"]["ideas_from_others"].is_null());

  TerminalSession typo = tally(s, {"tally", "--metric", "questoins"});
  const RunResult refused = typo.finish();
  CHECK(refused.exit_code == 2);
  CHECK(refused.out.find("did you mean \"questions\"") != std::string::npos);
}

TEST_CASE("a metric nothing was counted for is left out unless the user says none happened") {
  Sandbox s;
  prepare(s);
  TerminalSession t = tally(s, {"tally", "1", "--note", "only watched questions"});
  REQUIRE(t.wait_for("[q] questions 0"));
  t.type("qq\r");
  REQUIRE(t.wait_for("Nothing was counted for statements, ideas_from_others. Save 0"));
  t.type("\n");  // the default: leave them out
  REQUIRE(t.wait_for("Logged entry 1"));
  CHECK(t.finish().exit_code == 0);
  const json e = entries(s);
  REQUIRE(e.size() == 1);
  CHECK(e[0]["values"]["questions"] == 2);
  CHECK(e[0]["values"]["statements"].is_null());
  CHECK(e[0]["values"]["ideas_from_others"].is_null());
}

TEST_CASE("tally --date and --off-plan record the occasion's day and how it went off plan") {
  Sandbox s;
  prepare(s);
  TerminalSession t = tally(s, {"tally", "1", "--date", "yesterday", "--off-plan", "half of it",
                                "--note", "counted on paper"});
  REQUIRE(t.wait_for("for 2026-10-06."));
  REQUIRE(t.wait_for("[q] questions 0"));  // counting has begun: keys typed earlier are dropped
  t.type("qs");
  REQUIRE(t.wait_for("[q] questions 1  [s] statements 1"));
  t.type("\r");
  REQUIRE(t.wait_for("Save 0"));
  t.type("y\n");
  REQUIRE(t.wait_for("Logged entry 1"));
  CHECK(t.finish().exit_code == 0);
  const json e = entries(s);
  REQUIRE(e.size() == 1);
  CHECK(e[0]["date"] == "2026-10-06");
  CHECK(e[0]["as_planned"] == false);
  CHECK(e[0]["deviation"] == "half of it");
  CHECK(e[0]["values"]["ideas_from_others"] == 0);
}

TEST_CASE("with nothing counted, Enter saves zeros only when the user says none happened") {
  Sandbox s;
  prepare(s);
  TerminalSession none = tally(s, {"tally", "1", "--note", "skipped"});
  REQUIRE(none.wait_for("[q] questions 0"));
  none.type("\r");
  REQUIRE(none.wait_for("Nothing was counted. Save 0 for every metric (none happened)?"));
  none.type("n\n");
  REQUIRE(none.wait_for("nothing was written"));
  CHECK(none.finish().exit_code == 0);
  CHECK(entries(s).empty());

  TerminalSession t = tally(s, {"tally", "1", "--note", "quiet one"});
  REQUIRE(t.wait_for("[q] questions 0"));
  t.type("\r");
  REQUIRE(t.wait_for("Save 0 for every metric"));
  t.type("y\n");
  REQUIRE(t.wait_for("Logged entry 1"));
  CHECK(t.finish().exit_code == 0);
  const json e = entries(s);
  REQUIRE(e.size() == 1);
  CHECK(e[0]["values"]["questions"] == 0);
  CHECK(e[0]["values"]["statements"] == 0);
  CHECK(e[0]["note"] == "quiet one");
}

TEST_CASE("Esc asks before leaving with counts: n goes on counting, y leaves and saves nothing") {
  Sandbox s;
  prepare(s);
  TerminalSession t = tally(s);
  REQUIRE(t.wait_for("[q] questions 0"));
  t.type("qq");
  REQUIRE(t.wait_for("[q] questions 2"));
  t.type("\x1b");
  REQUIRE(t.wait_for("leave without saving? y/n"));
  t.type("n");
  REQUIRE(t.wait_for("still counting"));
  t.type("q\x03");  // one more, then Ctrl-C, which asks the same
  REQUIRE(t.wait_for("leave without saving? y/n"));
  t.type("y");
  REQUIRE(t.wait_for("Left without saving: nothing was written."));
  const RunResult done = t.finish();
  CHECK(done.exit_code == 0);
  CHECK(cooked(t.mode()));
  CHECK(entries(s).empty());
}

TEST_CASE("an arrow key is not mistaken for Esc, and Esc with nothing counted leaves at once") {
  Sandbox s;
  prepare(s);
  TerminalSession t = tally(s);
  REQUIRE(t.wait_for("[q] questions 0"));
  t.type("\x1b[Aq");  // up arrow (one escape sequence, ignored), then q in the same read
  REQUIRE(t.wait_for("[q] questions 1"));
  t.type("u");
  REQUIRE(t.wait_for("undone"));
  t.type("\x1b");
  REQUIRE(t.wait_for("Left without saving"));
  CHECK(t.finish().exit_code == 0);
  CHECK(entries(s).empty());
}

TEST_CASE("a fatal signal during tally restores the terminal before the program dies") {
  for (const int sig : {SIGTERM, SIGHUP, SIGSEGV}) {
    CAPTURE(sig);
    Sandbox s;
    prepare(s);
    TerminalSession t = tally(s);
    REQUIRE(t.wait_for("[q] questions 0"));
    REQUIRE(raw(t.mode()));
    t.type("q");
    REQUIRE(t.wait_for("[q] questions 1"));
    t.signal(sig);
    const RunResult done = t.finish();
    CHECK(done.exit_code == 128 + sig);  // it still dies of the signal
    CHECK(cooked(t.mode()));
    CHECK(entries(s).empty());
  }
}

TEST_CASE("tally refuses clearly when standard input is not a terminal") {
  Sandbox s;
  prepare(s);
  const RunResult r = s.run({"tally"}, kToday);
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("counts key presses at a terminal") != std::string::npos);
  CHECK(r.err.find("leadlab log") != std::string::npos);
  CHECK(entries(s).empty());
}

TEST_CASE("tally refuses a draft experiment and --read-only before it counts anything") {
  Sandbox s;
  REQUIRE(s.run({"new", "--template", "question-ratio"}, kToday).exit_code == 0);
  TerminalSession draft = tally(s, {"tally", "1"});
  const RunResult refused = draft.finish();
  CHECK(refused.exit_code == 2);
  CHECK(refused.out.find("experiment 1 is a draft") != std::string::npos);
  CHECK(refused.out.find("leadlab baseline 1") != std::string::npos);
  CHECK(cooked(draft.mode()));

  TerminalSession none_active = tally(s);
  const RunResult unnamed = none_active.finish();
  CHECK(unnamed.exit_code == 2);
  CHECK(unnamed.out.find("no experiment is in its baseline or testing") != std::string::npos);

  REQUIRE(s.run({"baseline", "1"}, kToday).exit_code == 0);
  TerminalSession read_only = tally(s, {"--read-only", "tally"});
  const RunResult r = read_only.finish();
  CHECK(r.exit_code == 2);
  CHECK(r.out.find("--read-only") != std::string::npos);
}

TEST_CASE("when the entry cannot be saved, tally prints the log command that records the counts") {
  Sandbox s;
  prepare(s);
  TerminalSession t = tally(s);
  REQUIRE(t.wait_for("[q] questions 0"));
  t.type("qqs");
  REQUIRE(t.wait_for("[q] questions 2  [s] statements 1"));
  // Meanwhile, the experiment is closed from another terminal.
  REQUIRE(s.run({"review", "1", "--prediction-met", "yes", "--observed", "o", "--learned", "l",
                 "--decision", "adopt", "--next-step", "n", "--by", "in 2 weeks", "--commitment",
                 "8", "--yes"},
                kToday)
              .exit_code == 0);
  t.type("\r");
  REQUIRE(t.wait_for("Nothing was counted for ideas_from_others"));
  t.type("n\n");
  REQUIRE(t.wait_for("Note (Enter to skip): "));
  t.type("Ana's idea\n");
  REQUIRE(t.wait_for("the counts were not saved"));
  const RunResult r = t.finish();
  CHECK(r.exit_code == 2);
  CHECK(r.out.find("experiment 1 is closed") != std::string::npos);
  CHECK(r.out.find("leadlab log 1 questions=2 statements=1 --date 2026-10-07 "
                   "--note 'Ana'\\''s idea'") != std::string::npos);
  CHECK(entries(s).empty());
}

TEST_CASE("on a narrow terminal the counting line never wraps, and a question still shows") {
  Sandbox s;
  prepare(s);
  TerminalSession t({"tally"}, s.environment(kToday), 40);
  REQUIRE(t.wait_for("[q] questions 0"));
  t.type("qqs");
  REQUIRE(t.wait_for("[q] questions 2  [s] statements 1"));
  t.type("\x1b");
  REQUIRE(t.wait_for("leave without saving? y/n"));
  t.type("n");
  REQUIRE(t.wait_for("still counting"));
  t.type("q");
  REQUIRE(t.wait_for("[q] questions 3"));
  t.type("\r");
  REQUIRE(t.wait_for("Nothing was counted for ideas_from_others"));
  t.type("n\n");
  REQUIRE(t.wait_for("Note (Enter to skip): "));
  t.type("\n");
  REQUIRE(t.wait_for("Logged entry 1"));
  const RunResult r = t.finish();
  CHECK(r.exit_code == 0);
  // Every redraw of the counting line (each piece between carriage returns and newlines
  // from the first count on) fits in 39 columns, so the terminal never wraps it.
  const std::string& out = r.out;
  std::size_t from = out.find("[q] questions 0");
  REQUIRE(from != std::string::npos);
  const std::size_t to = out.find("Nothing was counted for");
  std::size_t pieces = 0;
  while (from < to) {
    const std::size_t end = std::min(out.find_first_of("\r\n", from), to);
    const std::string piece = out.substr(from, end - from);
    CAPTURE(piece);
    CHECK(columns_of(piece) <= 39);
    ++pieces;
    from = end + 1;
  }
  CHECK(pieces > 5);
  const json e = entries(s);
  REQUIRE(e.size() == 1);
  CHECK(e[0]["values"]["questions"] == 3);
  CHECK(e[0]["values"]["statements"] == 1);
}
