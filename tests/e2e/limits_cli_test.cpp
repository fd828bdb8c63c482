// End-to-end: the limits of docs/limits.md as a user meets them. Every number on the command
// line and at a prompt is decimal and finite; every date lies in 1900-01-01..2199-12-31; an
// entry belongs to its experiment's phases; and each refusal is exit code 2 with a hint,
// leaving the journal as it was.
#include <doctest/doctest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "e2e/cli_runner.hpp"

using leadlab::testing::kToday;
using leadlab::testing::RunResult;
using leadlab::testing::Sandbox;
using nlohmann::json;

namespace {

const std::vector<std::string> kNew = {"new", "--title", "T", "--hypothesis", "H", "--change", "C"};

std::vector<std::string> with(std::vector<std::string> base, const std::vector<std::string>& more) {
  base.insert(base.end(), more.begin(), more.end());
  return base;
}

// A refusal: exit 2, a message and a hint on stderr, nothing on stdout.
void check_refused(const RunResult& r, std::string_view says) {
  CAPTURE(r.err);
  CHECK(r.exit_code == 2);
  CHECK(r.err.find(says) != std::string::npos);
  CHECK(r.err.find("hint:") != std::string::npos);
}

json show(const Sandbox& s, const char* id) {
  const RunResult r = s.run({"show", id, "--json"}, kToday);
  REQUIRE(r.exit_code == 0);
  return json::parse(r.out);
}

}  // namespace

TEST_CASE("a scale range that is not finite is refused by new and by a template") {
  Sandbox s;
  REQUIRE(s.run({"init", "--owner", "Ana"}, kToday).exit_code == 0);
  for (const char* metric :
       {"a:scale:nan..5", "a:scale:1..inf", "a:scale:-inf..5", "a:scale:1..1e999"})
    check_refused(s.run(with(kNew, {"--metric", metric}), kToday), "cannot read the range");
  CHECK(s.run({"list", "--json"}, kToday).out.find("\"id\"") == std::string::npos);

  const std::string path = s.dir().file("bad.toml");
  for (const char* ends : {"min = nan\nmax = 5", "min = 1\nmax = inf", "min = -inf\nmax = 0"}) {
    CAPTURE(ends);
    std::ofstream(path)
        << (std::string("name = \"bad\"\ntitle = \"T\"\nhypothesis = \"H\"\nchange = \"C\"\n"
                        "[[metrics]]\nname = \"a\"\nkind = \"scale\"\ninstructions = \"i\"\n") +
            ends + "\n");
    const RunResult r = s.run({"templates", "check", path}, kToday);
    CHECK(r.exit_code == 2);
    CHECK((r.out + r.err).find("finite") != std::string::npos);
  }
}

TEST_CASE("every whole number on the command line is decimal, and a bad one gets a hint") {
  Sandbox s;
  REQUIRE(s.run({"init", "--owner", "Ana"}, kToday).exit_code == 0);
  const RunResult made =
      s.run(with(kNew, {"--metric", "a:count", "--baseline-points", "010", "--test-points", "08"}),
            kToday);
  REQUIRE(made.exit_code == 0);
  json e = show(s, "1");
  CHECK(e["planned"]["baseline"] == 10);
  CHECK(e["planned"]["test"] == 8);
  for (const char* bad : {"0x0a", "1e1", "ten", "+5", "5.0"})
    check_refused(s.run(with(kNew, {"--metric", "a:count", "--baseline-points", bad}), kToday),
                  "is not a whole number: write it in decimal digits");
  CHECK(s.run({"summary", "--weeks", "010"}, kToday).out.find("Summary: 10 weeks") !=
        std::string::npos);
  check_refused(s.run({"summary", "--weeks", "0x0a"}, kToday), "decimal digits");

  REQUIRE(s.run({"baseline", "1", "--date", "2026-11-02"}, kToday).exit_code == 0);
  REQUIRE(s.run({"log", "1", "a=3", "--date", "2026-11-03"}, kToday).exit_code == 0);
  const std::vector<std::string> review = {
      "review",     "1",     "--prediction-met", "yes", "--observed", "o", "--learned", "l",
      "--decision", "adopt", "--next-step",      "n",   "--yes"};
  check_refused(s.run(with(review, {"--commitment", "0x0a"}), kToday), "decimal digits");
  REQUIRE(s.run(with(review, {"--commitment", "08"}), kToday).exit_code == 0);
  CHECK(show(s, "1")["reviews"][0]["commitment"] == 8);
}

TEST_CASE("dates outside 1900-2199, entries before their baseline and far deadlines are refused") {
  Sandbox s;
  REQUIRE(s.run({"init", "--owner", "Ana"}, kToday).exit_code == 0);
  REQUIRE(s.run(with(kNew, {"--metric", "a:count"}), kToday).exit_code == 0);
  check_refused(s.run({"baseline", "1", "--date", "1899-12-31"}, kToday),
                "1900-01-01 to 2199-12-31");
  REQUIRE(s.run({"baseline", "1", "--date", "2026-11-02"}, kToday).exit_code == 0);
  check_refused(s.run({"log", "1", "a=4", "--date", "0206-11-20"}, kToday), "outside the dates");
  check_refused(s.run({"log", "1", "a=4", "--date", "2026-11-01"}, kToday),
                "before experiment 1's baseline began (2026-11-02)");
  REQUIRE(s.run({"log", "1", "a=4", "--date", "2026-11-02"}, kToday).exit_code == 0);
  check_refused(s.run({"entry", "edit", "1", "--date", "2026-10-01"}, kToday),
                "before experiment 1's baseline began");
  const RunResult far =
      s.run({"review", "1", "--prediction-met", "yes", "--observed", "o", "--learned", "l",
             "--decision", "adopt", "--next-step", "n", "--by", "in 3000000 days"},
            kToday);
  check_refused(far, "outside the dates");
  CHECK(far.out.empty());  // refused before the review's brief is shown
  check_refused(s.run({"summary", "--since", "1899-12-31"}, kToday), "outside the dates");
  const json e = show(s, "1");
  CHECK(e["entries"].size() == 1);
  CHECK(e["status"] == "baseline");
}

TEST_CASE("values at and past their caps, signed or scaled M:SS, and an empty --off-plan") {
  Sandbox s;
  REQUIRE(s.run({"init", "--owner", "Ana"}, kToday).exit_code == 0);
  REQUIRE(s.run(with(kNew, {"--metric", "a:count", "--metric", "m:minutes"}), kToday).exit_code ==
          0);
  REQUIRE(s.run({"baseline", "1", "--date", "2026-11-02"}, kToday).exit_code == 0);
  check_refused(s.run({"log", "1", "a=1000000001"}, kToday), "a whole number from 0 to 1000000000");
  check_refused(s.run({"log", "1", "m=1000001"}, kToday), "minutes from 0 to 1000000");
  for (const char* bad : {"m=-0:30", "m=1e1:30", "m=+1:30", "m=inf", "m=nan"})
    check_refused(s.run({"log", "1", bad}, kToday), "is not a value for m");
  check_refused(s.run({"log", "1", "a=1", "--off-plan", ""}, kToday),
                "--off-plan needs what was done differently");
  check_refused(s.run({"log", "1", "a=1", "--off-plan", "  "}, kToday), "--off-plan needs");
  REQUIRE(s.run({"log", "1", "a=010", "m=010:30"}, kToday).exit_code == 0);
  const json e = show(s, "1");
  REQUIRE(e["entries"].size() == 1);
  CHECK(e["entries"][0]["values"]["a"] == 10);
  CHECK(e["entries"][0]["values"]["m"] == 10.5);
}

TEST_CASE("new refuses zero test points and a metric with two directions") {
  Sandbox s;
  REQUIRE(s.run({"init", "--owner", "Ana"}, kToday).exit_code == 0);
  check_refused(s.run(with(kNew, {"--metric", "a:count", "--test-points", "0"}), kToday),
                "--test-points must be between 1 and 1000");
  check_refused(s.run(with(kNew, {"--metric", "a:count:up:down"}), kToday),
                "gives its direction twice");
  CHECK(s.run({"list"}, kToday).out.find("No experiments yet") != std::string::npos);
}

TEST_CASE("list with a filter that matches nothing says so, not that the journal is empty") {
  Sandbox s;
  REQUIRE(s.run({"init", "--owner", "Ana"}, kToday).exit_code == 0);
  REQUIRE(s.run(with(kNew, {"--metric", "a:count", "--tag", "meetings"}), kToday).exit_code == 0);
  const RunResult r = s.run({"list", "--tag", "nomatch"}, kToday);
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("No experiment matches --tag nomatch.") != std::string::npos);
  CHECK(r.out.find("No experiments yet") == std::string::npos);
  CHECK(s.run({"list", "--status", "closed"}, kToday)
            .out.find("No experiment matches --status closed") != std::string::npos);
}
