// End-to-end: output laid out for the width it goes to (COLUMNS, else the terminal, else
// 80), long notes and titles wrapped rather than cut, and `entries --wide`.
#include <doctest/doctest.h>

#include <sstream>

#include "e2e/cli_runner.hpp"
#include "flat_text.hpp"

using leadlab::testing::flat;
using leadlab::testing::kToday;
using leadlab::testing::RunResult;
using leadlab::testing::Sandbox;
using leadlab::testing::TerminalSession;

namespace {

const std::string kNote =
    "Budget review; I explained the numbers for twenty minutes before anyone spoke, then the "
    "team asked about the hiring freeze and I answered every question myself";
const std::string kTitle = "Ask more than I tell in the weekly team sync with the product group";

RunResult ok(const RunResult& r) {
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  return r;
}

std::map<std::string, std::string> with(std::map<std::string, std::string> env) {
  env.insert(kToday.begin(), kToday.end());
  return env;
}

// Two experiments whose titles differ only at their end; the first has a long note.
void make_journal(const Sandbox& s) {
  ok(s.run({"init"}, kToday));
  for (const std::string& title : {kTitle, kTitle + " in 1:1s"})
    ok(s.run({"new", "--title", title, "--hypothesis", "h", "--change", "c", "--metric",
              "questions:count:up", "--metric", "statements:count:up"},
             kToday));
  ok(s.run({"baseline", "1", "--date", "2026-11-02"}, kToday));
  ok(s.run({"log", "1", "questions=3", "statements=9", "--date", "2026-11-02", "--note", kNote},
           kToday));
}

}  // namespace

TEST_CASE("piped output without COLUMNS is laid out for 80 columns, notes wrapped whole") {
  Sandbox s;
  make_journal(s);
  for (const auto& env : {kToday, with({{"COLUMNS", "wide"}})}) {
    const std::string out = ok(s.run({"entries", "1"}, env)).out;
    CHECK(leadlab::testing::widest_line(out) <= 80);
    CHECK(flat(out).find(kNote) != std::string::npos);
    CHECK(out.find("\u2026") == std::string::npos);
  }
}

TEST_CASE("with COLUMNS=200 entries, show and list use the 200 columns") {
  Sandbox s;
  make_journal(s);
  const auto env = with({{"COLUMNS", "200"}});
  const std::string entries = ok(s.run({"entries", "1"}, env)).out;
  CHECK(leadlab::testing::widest_line(entries) <= 200);
  CHECK(entries.find(kNote.substr(0, 120)) != std::string::npos);  // on the entry's row
  CHECK(flat(entries).find(kNote) != std::string::npos);

  const std::string shown = ok(s.run({"show", "1"}, env)).out;
  CHECK(shown.find("   " + kNote + "\n") != std::string::npos);  // whole, below its row

  const std::string list = ok(s.run({"list"}, env)).out;
  CHECK(list.find(kTitle + "\n") != std::string::npos);
  CHECK(list.find(kTitle + " in 1:1s\n") != std::string::npos);
}

TEST_CASE("at a 200-column terminal entries reads the terminal's width") {
  Sandbox s;
  make_journal(s);
  TerminalSession terminal({"entries", "1"}, s.environment(kToday), 200);
  const RunResult r = terminal.finish();
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.find(kNote.substr(0, 120)) != std::string::npos);
  CHECK(flat(r.out).find(kNote) != std::string::npos);
}

TEST_CASE("entries --wide prints each note whole on its row") {
  Sandbox s;
  make_journal(s);
  const std::string out = ok(s.run({"entries", "1", "--wide"}, kToday)).out;
  CHECK(out.find("  " + kNote + "\n") != std::string::npos);
}

TEST_CASE("summary's metric headers and the empty dashboard's advice use a wide terminal") {
  Sandbox s;
  ok(s.run({"init"}, kToday));
  const auto wide = with({{"COLUMNS", "200"}});
  // Nothing active yet: the advice is one line at 200 columns, wrapped within 80 otherwise.
  ok(s.run({"new", "--title", "t", "--hypothesis", "h", "--change", "c", "--metric",
            "ideas_from_others_in_the_room:count:up"},
           kToday));
  const std::string one_line = ok(s.run({"status"}, wide)).out;
  CHECK(one_line.find("(count before the change)") != std::string::npos);
  CHECK(leadlab::testing::widest_line(ok(s.run({"status"}, kToday)).out) <= 80);
  // A long metric name is cut to 16 columns at 80, whole at 200.
  ok(s.run({"baseline", "1", "--date", "2026-11-02"}, kToday));
  ok(s.run({"log", "1", "ideas_from_others_in_the_room=3", "--date", "2026-11-02"}, kToday));
  const std::string cut = "ideas_from_othe\xe2\x80\xa6";  // 15 characters and an ellipsis
  const std::string at_200 = ok(s.run({"summary"}, wide)).out;
  CHECK(at_200.find("n  ideas_from_others_in_the_room") != std::string::npos);
  CHECK(at_200.find(cut) == std::string::npos);
  CHECK(ok(s.run({"summary"}, kToday)).out.find(cut) != std::string::npos);
}
