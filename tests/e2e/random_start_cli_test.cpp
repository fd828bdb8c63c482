// End-to-end: a randomised start as a new user lives it, through the real binary: set it up,
// log until leadlab says the change starts, start, log the test, read the analysis in every
// place a person or a program reads it; and the design broken by a start at another point.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <regex>

#include "e2e/cli_runner.hpp"
#include "flat_text.hpp"

using leadlab::testing::flat;
using leadlab::testing::RunResult;
using leadlab::testing::Sandbox;
using leadlab::testing::widest_line;
using nlohmann::json;

namespace {

using Env = std::map<std::string, std::string>;
const Env kEnv = {{"LEADLAB_TODAY", "2026-11-08"}, {"LEADLAB_RANDOM_SEED", "20261205"}};

RunResult run(const Sandbox& s, const std::vector<std::string>& args) {
  const RunResult r = s.run(args, kEnv);
  CHECK_MESSAGE(r.exit_code == 0, r.err);
  return r;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// The n-th occasion's date: one meeting every three days from 2026-09-01.
std::string date_of(int occasion) {
  const int day = 1 + 3 * (occasion - 1);  // September has 30 days
  return day <= 30 ? "2026-09-" + std::string(day < 10 ? "0" : "") + std::to_string(day)
                   : "2026-10-" + std::string(day - 30 < 10 ? "0" : "") + std::to_string(day - 30);
}

// A new experiment with a randomised start from meetings 4 to 9; returns the drawn one.
int set_up(const Sandbox& s) {
  run(s, {"init", "--owner", "Ana"});
  run(s, {"new", "--title", "Ask first", "--hypothesis", "h", "--change", "ask first", "--metric",
          "questions:count:up", "--occasion", "meeting"});
  const RunResult set = run(s, {"baseline", "1", "--date", date_of(1), "--random-start", "4..9"});
  const std::string text = flat(set.out);
  CHECK(contains(text, "6 possible starts: no result can be below p = 1/6 (0.17)"));
  CHECK(widest_line(set.out) <= 80);
  std::smatch m;
  REQUIRE(std::regex_search(text, m, std::regex("leadlab drew meeting ([0-9]+)")));
  const int drawn = std::stoi(m[1]);
  CHECK(drawn >= 4);
  CHECK(drawn <= 9);
  return drawn;
}

// Logs occasion n with a low (baseline-like) or high value; returns what log said.
std::string log(const Sandbox& s, int n, bool high) {
  return flat(run(s, {"log", "1", "questions=" + std::to_string(high ? 8 + n % 2 : 2 + n % 2),
                      "--date", date_of(n)})
                  .out);
}

}  // namespace

TEST_CASE("random start: set up, told when the change starts, started, analysed everywhere") {
  Sandbox s;
  const int drawn = set_up(s);
  for (int n = 1; n < drawn; ++n) {
    const std::string said = log(s, n, false);
    CHECK_MESSAGE(contains(said, "The change starts at your next meeting") == (n == drawn - 1),
                  said);
  }
  const std::string told = "the change starts at your next meeting (meeting " +
                           std::to_string(drawn) + ", drawn at random): run `leadlab start 1`";
  CHECK(contains(flat(run(s, {"status"}).out), told));
  CHECK(contains(flat(run(s, {"next"}).out), "The change starts at your next meeting"));
  const json next = json::parse(run(s, {"next", "--json"}).out);
  CHECK(next["items"][0]["kind"] == "start-due");
  CHECK(next["items"][0]["command"] == "leadlab start 1");

  const RunResult started = run(s, {"start", "1", "--date", date_of(drawn)});
  CHECK(contains(flat(started.out), "The change begins at meeting " + std::to_string(drawn) +
                                        ", the one drawn at random"));
  // Through meeting 12, so that every start of the range has test points.
  for (int n = drawn; n <= 12; ++n) CHECK_FALSE(contains(log(s, n, true), "drawn"));

  // The step up at the drawn start is the largest of the 6 possible: p = 1/6.
  const std::string shown = flat(run(s, {"show", "1"}).out);
  CHECK(contains(shown, "Randomisation test: p = 0.17 (the smallest this design can give: 1/6)"));
  CHECK(contains(shown, "drawn from meetings 4 to 9: meeting " + std::to_string(drawn)));
  const json j = json::parse(run(s, {"show", "1", "--json"}).out);
  const json& t = j["metrics"][0]["analysis"]["randomization"];
  CHECK(t["p"].get<double>() == doctest::Approx(1.0 / 6));
  CHECK(t["starts"] == 6);
  CHECK(t["min_p"].get<double>() == doctest::Approx(1.0 / 6));
  CHECK(t["observed_start"] == drawn);
  CHECK(t["valid"] == true);
  CHECK(j["random_start"]["drawn"] == drawn);
  CHECK(j["random_start"]["started"] == drawn);
  const std::string markdown = run(s, {"export", "--format", "markdown"}).out;
  CHECK(contains(markdown, "Randomisation test: p = 0.17"));
  CHECK(contains(markdown, "**Randomised start:**"));

  // A coach's copy carries the design.
  const std::string bundle = s.dir().file("ana.json");
  run(s, {"export", "--format", "json", "--output", bundle});
  Sandbox coach;
  run(coach, {"import", bundle});
  CHECK(contains(flat(run(coach, {"show", "1"}).out), "Randomisation test: p = 0.17"));
  CHECK(run(coach, {"check"}).exit_code == 0);
  CHECK(run(s, {"check"}).exit_code == 0);
}

TEST_CASE("random start: a start at another occasion breaks the design, said and recorded") {
  Sandbox s;
  const int drawn = set_up(s);
  for (int n = 1; n < drawn - 1; ++n) log(s, n, false);
  // One occasion early.
  const RunResult early = run(s, {"start", "1", "--date", date_of(drawn - 1)});
  CHECK(contains(flat(early.out), "The randomised design is broken: the change began at meeting " +
                                      std::to_string(drawn - 1) + ", not at the drawn " +
                                      std::to_string(drawn)));
  for (int n = drawn - 1; n < drawn + 4; ++n) log(s, n, true);
  const json j = json::parse(run(s, {"show", "1", "--json"}).out);
  const json& t = j["metrics"][0]["analysis"]["randomization"];
  CHECK(t["valid"] == false);
  CHECK(t["observed_start"] == drawn - 1);
  CHECK(contains(t["reason"].get<std::string>(), "not at the drawn occasion"));
  CHECK(contains(flat(run(s, {"show", "1"}).out), "Randomisation test: not valid"));
  CHECK(contains(run(s, {"export", "--format", "markdown"}).out, "the design was broken"));
}

TEST_CASE("random start: a bad range is refused with exit 2 and nothing written") {
  Sandbox s;
  run(s, {"init"});
  run(s, {"new", "--title", "T", "--hypothesis", "h", "--change", "c", "--metric", "q:count:up"});
  for (const char* bad : {"9..4", "abc", "2..8", "4", "4..9999", "0..5", "4..5..6"}) {
    const RunResult r = s.run({"baseline", "1", "--random-start", bad}, kEnv);
    CHECK_MESSAGE(r.exit_code == 2, bad);
    CHECK(contains(r.err, "random-start"));
  }
  const RunResult bad_seed = s.run({"baseline", "1", "--random-start", "4..9"},
                                   {{"LEADLAB_TODAY", "2026-11-08"}, {"LEADLAB_RANDOM_SEED", "x"}});
  CHECK(bad_seed.exit_code == 2);
  const json j = json::parse(run(s, {"show", "1", "--json"}).out);
  CHECK(j["status"] == "draft");
  CHECK(j["random_start"].is_null());
}
