// End-to-end: the core loop (init, new, baseline, start, log, entries, entry, list, show)
// through the real binary on temporary journals.
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <nlohmann/json.hpp>

#include "e2e/cli_runner.hpp"

using leadlab::testing::read_file;
using leadlab::testing::RunResult;
using leadlab::testing::Sandbox;
using nlohmann::json;

namespace {

const std::vector<std::string> kNewQuestionRatio = {"new",
                                                    "--title",
                                                    "Ask before telling",
                                                    "--hypothesis",
                                                    "If I ask before I tell, my team proposes more",
                                                    "--change",
                                                    "Open every agenda item with a question",
                                                    "--metric",
                                                    "questions:count:up",
                                                    "--metric",
                                                    "statements:count:down",
                                                    "--derive",
                                                    "share = questions / (questions + statements)"};

// A sandbox with the question-ratio experiment in its baseline since 2026-10-05.
void add_experiment(const Sandbox& s) {
  REQUIRE(s.run({"init", "--owner", "Ana"}).exit_code == 0);
  REQUIRE(s.run(kNewQuestionRatio).exit_code == 0);
  REQUIRE(s.run({"baseline", "1", "--date", "2026-10-05"}).exit_code == 0);
}

json show_json(const Sandbox& s, const std::string& id = "1") {
  const RunResult r = s.run({"show", id, "--json"});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  return json::parse(r.out);
}

std::size_t entry_count(const Sandbox& s) { return show_json(s)["entries"].size(); }

}  // namespace

TEST_CASE("the issue's walk-through works and show --json carries dates, phases and values") {
  Sandbox s;
  CHECK(s.run({"init", "--owner", "Ana"}).exit_code == 0);
  const RunResult created = s.run(kNewQuestionRatio);
  CHECK(created.exit_code == 0);
  CHECK(created.out.find("Created experiment 1: Ask before telling") != std::string::npos);
  CHECK(s.run({"baseline", "1", "--date", "2026-10-05"}).exit_code == 0);
  CHECK(s.run({"log", "1", "questions=3", "statements=9", "--date", "2026-10-05"}).exit_code == 0);
  CHECK(s.run({"start", "1", "--date", "2026-10-19"}).exit_code == 0);
  const RunResult logged = s.run({"log", "questions=8", "statements=6", "--date", "yesterday",
                                  "--note", "quiet start, then ideas"});
  CHECK_MESSAGE(logged.exit_code == 0, logged.err);
  CHECK(logged.out.find("yesterday)") != std::string::npos);  // the resolved date is echoed

  const json shown = show_json(s);
  CHECK(shown["title"] == "Ask before telling");
  CHECK(shown["status"] == "testing");
  const json& entries = shown["entries"];
  REQUIRE(entries.size() == 2);
  CHECK(entries[0]["date"] == "2026-10-05");
  CHECK(entries[0]["phase"] == "baseline");
  CHECK(entries[0]["values"]["questions"] == 3);
  CHECK(entries[0]["values"]["statements"] == 9);
  CHECK(entries[0]["values"]["share"].get<double>() == doctest::Approx(0.25));
  CHECK(entries[1]["phase"] == "testing");
  CHECK(entries[1]["values"]["share"].get<double>() == doctest::Approx(8.0 / 14.0));
  CHECK(entries[1]["note"] == "quiet start, then ideas");
}

TEST_CASE("the journal file is created 0600 in a 0700 folder") {
  Sandbox s;
  REQUIRE(s.run({"init"}).exit_code == 0);
  CHECK(leadlab::testing::file_mode(s.journal()) == 0600);
  CHECK(leadlab::testing::file_mode(s.dir().file("data")) == 0700);
}

TEST_CASE("init is idempotent: it never changes the owner, `owner NAME` does") {
  Sandbox s;
  REQUIRE(s.run({"init", "--owner", "Ana"}).exit_code == 0);
  const std::string before = read_file(s.journal());
  const RunResult again = s.run({"init"});
  CHECK(again.exit_code == 0);
  CHECK(again.out.find("exists already") != std::string::npos);
  CHECK(read_file(s.journal()) == before);
  const RunResult same = s.run({"init", "--owner", "Ana"});
  CHECK(same.exit_code == 0);
  CHECK(same.out.find("exists already") != std::string::npos);
  for (const std::string other : {"Ana Lima", ""}) {
    const RunResult refused = s.run({"init", "--owner", other});
    CHECK(refused.exit_code == 2);
    CHECK(refused.err.find("init changes nothing") != std::string::npos);
    CHECK(refused.err.find("leadlab owner") != std::string::npos);
    CHECK(read_file(s.journal()) == before);
  }
  const RunResult renamed = s.run({"owner", "Ana Lima"});
  CHECK(renamed.exit_code == 0);
  CHECK(renamed.out.find("is now \"Ana Lima\" (was \"Ana\")") != std::string::npos);
  CHECK(s.run({"--json", "check"}).out.find("\"owner\": \"Ana Lima\"") != std::string::npos);
  const RunResult unchanged = s.run({"owner", "Ana Lima"});
  CHECK(unchanged.exit_code == 0);
  CHECK(unchanged.out.find("nothing changed") != std::string::npos);
  CHECK(s.run({"--read-only", "owner", "Eve"}).exit_code == 2);
}

TEST_CASE("log with an unknown metric, a bad value or a bad date exits 2 and adds nothing") {
  Sandbox s;
  add_experiment(s);
  REQUIRE(s.run({"log", "questions=3", "statements=9"}).exit_code == 0);
  const std::string before = read_file(s.journal());

  const RunResult unknown = s.run({"log", "questoins=3"});
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.err.find("did you mean \"questions\"") != std::string::npos);

  const RunResult bad_value = s.run({"log", "questions=many"});
  CHECK(bad_value.exit_code == 2);
  CHECK(bad_value.err.find("\"many\" is not a value for questions") != std::string::npos);

  const RunResult bad_date = s.run({"log", "questions=3", "--date", "the other day"});
  CHECK(bad_date.exit_code == 2);
  CHECK(bad_date.err.find("YYYY-MM-DD") != std::string::npos);

  const RunResult future = s.run({"log", "questions=3", "--date", "2099-01-01"});
  CHECK(future.exit_code == 2);

  CHECK(read_file(s.journal()) == before);
  CHECK(entry_count(s) == 1);
}

TEST_CASE("commands on a missing journal say how to create it and exit 2") {
  Sandbox s;
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"list"}, {"show", "1"}, {"log", "questions=1"}, {"entries", "1"}}) {
    const RunResult r = s.run(args);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("no journal at " + s.journal()) != std::string::npos);
    CHECK(r.err.find("leadlab init") != std::string::npos);
  }
  CHECK_FALSE(std::filesystem::exists(s.journal()));
}

TEST_CASE("new without the required flags lists them, exits 2 and creates nothing") {
  Sandbox s;
  const RunResult r = s.run({"new", "--title", "Speak last"});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("needs --hypothesis, --change, --metric") != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(s.journal()));
}

TEST_CASE("a bad formula is reported with its column and nothing is created") {
  Sandbox s;
  REQUIRE(s.run({"init"}).exit_code == 0);
  std::vector<std::string> args = kNewQuestionRatio;
  args.back() = "share = questions / (questions + ";
  const RunResult r = s.run(args);
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("column") != std::string::npos);
  CHECK(json::parse(s.run({"list", "--json"}).out).empty());
}

TEST_CASE("entries can be listed, corrected and deleted by number") {
  Sandbox s;
  add_experiment(s);
  REQUIRE(s.run({"log", "questions=3", "statements=9", "--date", "2026-10-05"}).exit_code == 0);
  REQUIRE(s.run({"log", "questions=4", "statements=8", "--date", "2026-10-06"}).exit_code == 0);
  const RunResult table = s.run({"entries", "1"});
  CHECK(table.exit_code == 0);
  CHECK(table.out.find("questions") != std::string::npos);
  CHECK(table.out.find("0.25") != std::string::npos);

  const RunResult edited = s.run({"entry", "edit", "2", "questions=5", "--note", "recounted"});
  CHECK_MESSAGE(edited.exit_code == 0, edited.err);
  json entries = json::parse(s.run({"entries", "1", "--json"}).out);
  CHECK(entries[1]["values"]["questions"] == 5);
  CHECK(entries[1]["values"]["statements"] == 8);
  CHECK(entries[1]["note"] == "recounted");

  const RunResult deleted = s.run({"entry", "delete", "1"});
  CHECK(deleted.exit_code == 0);
  CHECK(deleted.out.find("Deleted entry 1") != std::string::npos);
  entries = json::parse(s.run({"entries", "1", "--json"}).out);
  REQUIRE(entries.size() == 1);
  CHECK(entries[0]["id"] == 2);
  CHECK(s.run({"entry", "delete", "1"}).exit_code == 2);
}

TEST_CASE("list shows every experiment and filters by status and tag") {
  Sandbox s;
  add_experiment(s);
  std::vector<std::string> second = {"new",      "--title", "Speak last", "--hypothesis",  "h",
                                     "--change", "c",       "--metric",   "dissent:count", "--tag",
                                     "decisions"};
  REQUIRE(s.run(second).exit_code == 0);
  const RunResult all = s.run({"list"});
  CHECK(all.out.find("Ask before telling") != std::string::npos);
  CHECK(all.out.find("Speak last") != std::string::npos);
  const json drafts = json::parse(s.run({"list", "--status", "draft", "--json"}).out);
  REQUIRE(drafts.size() == 1);
  CHECK(drafts[0]["title"] == "Speak last");
  const json tagged = json::parse(s.run({"list", "--tag", "decisions", "--json"}).out);
  REQUIRE(tagged.size() == 1);
  CHECK(tagged[0]["id"] == 2);
  CHECK(s.run({"list", "--status", "finished"}).exit_code == 2);
}

TEST_CASE("show prints every field, the metrics and the entries") {
  Sandbox s;
  add_experiment(s);
  REQUIRE(s.run({"log", "questions=3", "statements=9", "--date", "2026-10-05", "--note",
                 "budget meeting"})
              .exit_code == 0);
  const RunResult r = s.run({"show", "1"});
  CHECK(r.exit_code == 0);
  for (const char* expected :
       {"Experiment 1: Ask before telling", "If I ask before I tell, my team proposes more",
        "Open every agenda item with a question", "since 2026-10-05",
        "= questions / (questions + statements)", "budget meeting", "baseline"}) {
    CHECK_MESSAGE(r.out.find(expected) != std::string::npos, expected);
  }
  CHECK(s.run({"show", "9"}).exit_code == 2);
}

TEST_CASE("terminal control sequences in user text are never printed raw") {
  Sandbox s;
  add_experiment(s);
  REQUIRE(
      s.run({"log", "questions=1", "--note", "clear\x1b[2J title\x1b]0;pwned\x07 rtl\xe2\x80\xae"})
          .exit_code == 0);
  for (const auto& args : std::vector<std::vector<std::string>>{{"show", "1"}, {"entries", "1"}}) {
    const RunResult r = s.run(args);
    CHECK(r.out.find('\x1b') == std::string::npos);
    CHECK(r.out.find('\x07') == std::string::npos);
    CHECK(r.out.find("\xe2\x80\xae") == std::string::npos);
  }
  // ...and stored verbatim.
  CHECK(show_json(s)["entries"][0]["note"] == "clear\x1b[2J title\x1b]0;pwned\x07 rtl\xe2\x80\xae");
}

TEST_CASE("a file that is not a journal is refused untouched with exit 2") {
  Sandbox s;
  std::filesystem::create_directories(s.dir().file("data"));
  { std::ofstream(s.journal()) << "not a database, just notes"; }
  const std::string before = read_file(s.journal());
  const RunResult r = s.run({"list"});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("not a leadlab journal") != std::string::npos);
  CHECK(read_file(s.journal()) == before);
}

TEST_CASE("the journal can be given with --journal and defaults to the XDG data folder") {
  Sandbox s;
  const std::string other = s.dir().file("elsewhere.db");
  CHECK(s.run({"--journal", other, "init"}).exit_code == 0);
  CHECK(std::filesystem::exists(other));
  const std::string xdg = s.dir().file("xdg");
  const RunResult r = leadlab::testing::run_leadlab(
      {"init"}, {{"XDG_DATA_HOME", xdg}, {"HOME", s.dir().file("home")}});
  CHECK(r.exit_code == 0);
  CHECK(std::filesystem::exists(xdg + "/leadlab/journal.db"));
  const RunResult home = leadlab::testing::run_leadlab({"init"}, {{"HOME", s.dir().file("home")}});
  CHECK(home.exit_code == 0);
  CHECK(std::filesystem::exists(s.dir().file("home/.local/share/leadlab/journal.db")));
}

TEST_CASE("--read-only reads but refuses to write, leaving the bytes unchanged") {
  Sandbox s;
  add_experiment(s);
  const std::string before = read_file(s.journal());
  CHECK(s.run({"--read-only", "show", "1"}).exit_code == 0);
  const RunResult write = s.run({"log", "questions=1", "--read-only"});
  CHECK(write.exit_code == 2);
  CHECK(write.err.find("read-only") != std::string::npos);
  CHECK(read_file(s.journal()) == before);
}

TEST_CASE("a mistyped command gets a suggestion and exit 2 while --version and --help exit 0") {
  Sandbox s;
  const RunResult typo = s.run({"shwo", "1"});
  CHECK(typo.exit_code == 2);
  CHECK(typo.err.find("did you mean `leadlab show`") != std::string::npos);
  const RunResult version = s.run({"--version"});
  CHECK(version.exit_code == 0);
  CHECK(version.out.find("leadlab 0.") == 0);
  const RunResult help = s.run({"log", "--help"});
  CHECK(help.exit_code == 0);
  CHECK(help.out.find("Examples:") != std::string::npos);
}

TEST_CASE("starting straight in testing says there is no before/after comparison") {
  Sandbox s;
  REQUIRE(s.run(kNewQuestionRatio).exit_code == 0);
  const RunResult r = s.run({"start", "1"});
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("no before/after comparison") != std::string::npos);
  CHECK(s.run({"log", "questions=2"}).exit_code == 0);
  CHECK(show_json(s)["entries"][0]["phase"] == "testing");
}
