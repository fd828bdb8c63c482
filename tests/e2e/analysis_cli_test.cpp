// End-to-end: the analysis in `show`, the `status` dashboard and the `summary`, through the
// real binary, on the demo journal of examples/question-ratio.sh and on small experiments.
#include <doctest/doctest.h>

#include <cstdlib>
#include <nlohmann/json.hpp>

#include "e2e/cli_runner.hpp"
#include "flat_text.hpp"

using leadlab::testing::flat;
using leadlab::testing::RunResult;
using leadlab::testing::Sandbox;
using leadlab::testing::widest_line;
using nlohmann::json;

namespace {

using Env = std::map<std::string, std::string>;
using leadlab::testing::kToday;  // Sunday, 6 days after the last entry
using leadlab::testing::make_demo;

RunResult run(const Sandbox& s, const std::vector<std::string>& args, Env env = kToday) {
  const RunResult r = s.run(args, std::move(env));
  CHECK_MESSAGE(r.exit_code == 0, r.err);
  return r;
}

json run_json(const Sandbox& s, std::vector<std::string> args) {
  args.push_back("--json");
  return json::parse(run(s, args).out);
}

bool has_high_byte(const std::string& text) {
  for (unsigned char c : text)
    if (c >= 0x80) return true;
  return false;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// A one-metric experiment (q, a count, up is better) with these values logged in the
// baseline, from 2026-10-01 on, and in the test, from 2026-10-12 on.
void make_experiment(const Sandbox& s, const std::vector<int>& baseline,
                     const std::vector<int>& test) {
  run(s, {"init"});
  run(s,
      {"new", "--title", "Small", "--hypothesis", "h", "--change", "c", "--metric", "q:count:up"});
  run(s, {"baseline", "1", "--date", "2026-10-01"});
  int day = 1;
  const auto log = [&](int value) {
    const std::string date = std::string("2026-10-") + (day < 10 ? "0" : "") + std::to_string(day);
    run(s, {"log", "1", "q=" + std::to_string(value), "--date", date});
    ++day;
  };
  for (int v : baseline) log(v);
  day = 12;
  run(s, {"start", "1", "--date", "2026-10-12"});
  for (int v : test) log(v);
}

// Reviews experiment 1 without questions and returns what review printed, flattened.
std::string review_experiment(const Sandbox& s, const std::string& met,
                              const std::string& decision) {
  return flat(run(s, {"review",       "1",   "--prediction-met", met,      "--observed",  "o",
                      "--difference", "d",   "--learned",        "l",      "--surprised", "s",
                      "--as-planned", "yes", "--decision",       decision, "--next-step", "n",
                      "--commitment", "8"})
                  .out);
}

}  // namespace

TEST_CASE("show --json analyses the demo's share as worked out by hand") {
  // share = questions / (questions + statements), one value per meeting:
  //   baseline A = 3/12 .250, 2/13 .154, 4/14 .286, 3/11 .273, 2/14 .143
  //   test     B = 6/13 .462, 8/14 .571, 7/15 .467, 9/14 .643, 10/16 .625, 8/12 .667
  // Medians: A sorted .143 .154 .250 .273 .286 -> .25; B sorted .462 .467 .571 .625 .643
  //   .667 -> (.571429 + .625) / 2 = .598214. Means: A 1.105145 / 5 = .221029, B 3.434158 / 6
  //   = .572360.
  // NAP: the smallest B (.462) is above the largest A (.286): 30 of 30 pairs better, NAP 1,
  //   band strong, Tau = 2 NAP - 1 = 1, PND 100 (all 6 above max A).
  // Baseline trend: of the 10 pairs (i < j) of A, 4 rise and 6 fall: S_AA = -2, tau_A = -0.2.
  // Tau-U = (S_AB - S_AA) / (m n) = (30 - (-2)) / 30 = 1.0667.
  // Run chart around the baseline median .25: A is on, below, above, above, below; B all
  //   above. 10 useful points in 4 runs: crossings 3, longest run 6 (the test phase), which
  //   is also a shift of 6; B goes up and down, so no trend.
  Sandbox s;
  make_demo(s);
  const json shown = run_json(s, {"show", "1"});
  REQUIRE(shown["metrics"].size() == 3);
  const json& metric = shown["metrics"][2];
  CHECK(metric["name"] == "share");
  const json& a = metric["analysis"];
  CHECK(a["baseline"]["n"] == 5);
  CHECK(a["baseline"]["median"].get<double>() == doctest::Approx(0.25));
  CHECK(a["baseline"]["mean"].get<double>() == doctest::Approx(0.221029).epsilon(1e-5));
  CHECK(a["test"]["n"] == 6);
  CHECK(a["test"]["median"].get<double>() == doctest::Approx(0.598214).epsilon(1e-5));
  CHECK(a["test"]["mean"].get<double>() == doctest::Approx(0.572360).epsilon(1e-5));
  CHECK(a["nap"].get<double>() == doctest::Approx(1));
  CHECK(a["nap_band"] == "strong");
  CHECK(a["tau"].get<double>() == doctest::Approx(1));
  CHECK(a["baseline_tau"].get<double>() == doctest::Approx(-0.2));
  CHECK(a["tau_u"].get<double>() == doctest::Approx(32.0 / 30));
  CHECK(a["pnd"].get<double>() == doctest::Approx(100));
  CHECK(a["shift"]["points"] == 6);
  CHECK(a["shift"]["side"] == "above");
  CHECK(a["trend"].is_null());
  CHECK(a["longest_run"] == 6);
  CHECK(a["crossings"] == 3);
  CHECK(a["adequacy"] == "verdict");
  CHECK(a["series"]["occasions"].size() == 11);
  CHECK(shown["success"].is_null());  // the demo has no success rule
  // Intervals, Tau-BC and the dual criterion (tests/reference/intervals_reference.py, "demo
  // journal, share"): every pair better, so SE 0 and Newcombe's lower bound 0.665455; the
  // baseline's Theil-Sen slope -0.008325 per meeting; all 6 test points beyond both CDC
  // lines, and 6 of 6 are needed.
  CHECK(a["nap_se"].get<double>() == doctest::Approx(0));
  CHECK(a["nap_ci"][0].get<double>() == doctest::Approx(0.665454770607086).epsilon(1e-9));
  CHECK(a["nap_ci"][1].get<double>() == doctest::Approx(1));
  CHECK(a["tau_ci"][0].get<double>() == doctest::Approx(0.330909541214171).epsilon(1e-9));
  CHECK(a["tau_bc"].get<double>() == doctest::Approx(1));
  CHECK(a["tau_bc_ci"][0].get<double>() == doctest::Approx(0.330909541214171).epsilon(1e-9));
  CHECK(a["baseline_trend"]["slope"].get<double>() ==
        doctest::Approx(-0.00832500832500833).epsilon(1e-9));
  CHECK(a["baseline_trend"]["intercept"].get<double>() ==
        doctest::Approx(0.258325008325008).epsilon(1e-9));
  CHECK(a["cdc"]["beyond"] == 6);
  CHECK(a["cdc"]["needed"] == 6);
  CHECK(a["cdc"]["signal"] == true);
}

TEST_CASE("show 1 of the demo shows the intervals and Tau-BC, and no effect above 1") {
  Sandbox s;
  make_demo(s);
  const std::string text = flat(run(s, {"show", "1"}).out);
  CHECK(contains(text,
                 "NAP 1 (strong, 95% CI 0.67 to 1), Tau 1 (95% CI 0.33 to 1), Tau-BC 1 "
                 "(95% CI 0.33 to 1), PND 100%"));
  CHECK(contains(text,
                 "share improved: NAP 1 (strong, 95% CI 0.67 to 1), Tau-BC 1 (95% CI 0.33 "
                 "to 1); median 0.25 -> 0.6."));
  CHECK(contains(text, "dual criterion: 6 of 6 test points beyond both baseline lines"));
  CHECK_FALSE(contains(text, "Tau-U"));
  // Every number after NAP, Tau or Tau-BC (an estimate or a bound) lies within [-1, 1].
  for (const std::string name : {"NAP ", "Tau ", "Tau-BC "}) {
    for (std::size_t at = text.find(name); at != std::string::npos; at = text.find(name, at + 1)) {
      const double value = std::strtod(text.c_str() + at + name.size(), nullptr);
      CAPTURE(text.substr(at, 40));
      CHECK(value <= 1.0);
      CHECK(value >= -1.0);
    }
  }
}

TEST_CASE("a short experiment whose NAP interval contains 0.5 is not called improved") {
  // 3 baseline and 3 test points, NAP 17/18 = 0.94 but its interval 0.45 to 1.
  Sandbox s;
  make_experiment(s, {2, 4, 3}, {5, 4, 6});
  const std::string text = flat(run(s, {"show", "1"}).out);
  CHECK(contains(text,
                 "q is not yet distinguishable from no change: NAP 0.94 (strong, 95% CI "
                 "0.45 to 1)"));
  CHECK(contains(text, "About 2 more test points like these would settle it"));
  CHECK_FALSE(contains(text, "improved"));
  const std::string review = review_experiment(s, "partly", "adapt");
  CHECK(contains(review, "q is not yet distinguishable from no change"));
  CHECK_FALSE(contains(review, "improved"));
}

TEST_CASE("show, status and summary fit 80 columns, and --ascii prints only ASCII") {
  Sandbox s;
  make_demo(s);
  const std::vector<std::vector<std::string>> commands = {{"show", "1"}, {"status"}, {"summary"}};
  for (const auto& args : commands) {
    CAPTURE(args.front());
    const std::string unicode = run(s, args).out;
    CHECK(widest_line(unicode) <= 80);
    if (args.front() != "summary") CHECK(has_high_byte(unicode));  // sparklines, the chart
    std::vector<std::string> ascii_args = args;
    ascii_args.push_back("--ascii");
    const std::string ascii = run(s, ascii_args).out;
    CHECK(widest_line(ascii) <= 80);
    CHECK_FALSE(has_high_byte(ascii));
  }
}

TEST_CASE("piped output has no escape sequence, and --color always has") {
  Sandbox s;
  make_demo(s);
  for (const std::string command : {"show", "status", "summary"}) {
    CAPTURE(command);
    std::vector<std::string> args = {command};
    if (command == "show") args.push_back("1");
    CHECK_FALSE(contains(run(s, args).out, "\x1b"));
    args.push_back("--color");
    args.push_back("always");
    CHECK(contains(run(s, args).out, "\x1b["));
  }
}

TEST_CASE("at a terminal colour is on, unless NO_COLOR is set or --color never is given") {
  Sandbox s;
  make_demo(s);
  const auto at_terminal = [&](std::vector<std::string> args,
                               std::map<std::string, std::string> env = {}) {
    env["LEADLAB_TODAY"] = "2026-11-08";
    const RunResult r = s.run_in_terminal(args, {}, env);
    REQUIRE_MESSAGE(r.exit_code == 0, r.out);
    return r.out;
  };
  for (const std::string command : {"status", "show"}) {
    CAPTURE(command);
    std::vector<std::string> args = {command};
    if (command == "show") args.push_back("1");
    CHECK(contains(at_terminal(args), "\x1b["));
    CHECK_FALSE(contains(at_terminal(args, {{"NO_COLOR", "1"}}), "\x1b"));
    std::vector<std::string> never = args;
    never.insert(never.end(), {"--color", "never"});
    CHECK_FALSE(contains(at_terminal(never), "\x1b"));
    // --color always wins over NO_COLOR, as the option is the more specific request.
    std::vector<std::string> always = args;
    always.insert(always.end(), {"--color", "always"});
    CHECK(contains(at_terminal(always, {{"NO_COLOR", "1"}}), "\x1b["));
  }
}

TEST_CASE("an experiment with 2 baseline points never prints a verdict") {
  Sandbox s;
  make_experiment(s, {1, 2}, {9, 9, 9, 9, 9, 9});
  const std::string text = run(s, {"show", "1"}).out;
  CHECK(contains(text, "not enough data yet, so no verdict"));
  for (const char* verdict : {"improved", "got worse", "no clear change", "(strong)"})
    CHECK_MESSAGE(!contains(text, verdict), verdict);
  const json a = run_json(s, {"show", "1"})["metrics"][0]["analysis"];
  CHECK(a["adequacy"] == "not enough data");
  CHECK(a["baseline"]["n"] == 2);
  const std::string status = run(s, {"status"}).out;
  CHECK(contains(status, "too few points to rely on yet"));
}

TEST_CASE("an experiment whose baseline was already rising says so") {
  // Baseline 1 2 3 4 5 rises throughout: Kendall tau 1.
  Sandbox s;
  make_experiment(s, {1, 2, 3, 4, 5}, {6, 7, 8, 9, 9});
  const std::string text = run(s, {"show", "1"}).out;
  CHECK(contains(text, "Kendall tau 1: already rising before the change"));
  CHECK(contains(flat(text), "Note: the baseline was already rising"));  // in the verdict
  const json a = run_json(s, {"show", "1"})["metrics"][0]["analysis"];
  CHECK(a["baseline_drift"] == "improving");
  CHECK(a["baseline_tau"] == 1);
}

TEST_CASE("show --json reports the success rule's state and each clause") {
  Sandbox s;
  make_demo(s);
  run(s, {"new", "--title", "Rule", "--hypothesis", "h", "--change", "c", "--metric", "q:count:up",
          "--success", "median(q) >= 5"});
  run(s, {"start", "2", "--date", "2026-11-01"});
  run(s, {"log", "2", "q=7", "--date", "2026-11-02"});
  const json success = run_json(s, {"show", "2"})["success"];
  CHECK(success["rule"] == "median(q) >= 5");
  CHECK(success["state"] == "not enough data");  // no baseline: nothing to compare
  REQUIRE(success["clauses"].size() == 1);
  CHECK(success["clauses"][0]["metric"] == "q");
}

TEST_CASE("status shows each active experiment and what is due") {
  Sandbox s;
  make_demo(s);
  const std::string text = run(s, {"status"}).out;
  CHECK(contains(text, "#1 Ask before telling  [testing]"));
  CHECK(contains(text, "review due: 6 of 6 planned test points logged"));
  CHECK_FALSE(contains(text, "nothing logged for"));
  // Four days later the last entry (2026-11-02) is 10 days old.
  const RunResult later = run(s, {"status"}, {{"LEADLAB_TODAY", "2026-11-12"}});
  CHECK(contains(later.out, "nothing logged for 10 days"));
  const json status = run_json(s, {"status"});
  const json& first = status["experiments"][0];
  CHECK(first["points"]["test"] == 6);
  CHECK(first["last_entry"] == "2026-11-02");
  CHECK(first["quiet_days"] == 6);
  CHECK(first["headline"]["metric"] == "share");
  CHECK(first["headline"]["latest"]["value"].get<double>() == doctest::Approx(8.0 / 12));
  CHECK(first["signal"]["kind"] == "shift");
  CHECK(first["due"][0]["kind"] == "review due");
}

TEST_CASE("status without an active experiment says how to begin one") {
  Sandbox s;
  run(s, {"init"});
  CHECK(contains(run(s, {"status"}).out, "No active experiments"));
  CHECK(run_json(s, {"status"})["experiments"].empty());
}

TEST_CASE("summary goes week by week, counts the cadence and lists what started") {
  // Weeks from 2026-W40 (the baseline began on Monday 2026-09-28) to 2026-W45: two meetings
  // a week, one in the last; 2026-W40's share is (3 + 2) / (3 + 9 + 2 + 11) = 5 / 25.
  Sandbox s;
  make_demo(s);
  const json summary = run_json(s, {"summary", "--since", "2026-09-28"});
  CHECK(summary["from"] == "2026-09-28");
  CHECK(summary["to"] == "2026-11-08");
  CHECK(summary["weeks"].size() == 6);
  CHECK(summary["cadence"]["weeks_with_entries"] == 6);
  CHECK(summary["cadence"]["current_streak"] == 6);
  CHECK(summary["cadence"]["streak_reaches_start"] == true);
  const json& share = summary["experiments"][0]["metrics"][2];
  CHECK(share["aggregate"] == "formula");
  CHECK(share["values"][0].get<double>() == doctest::Approx(0.2));
  CHECK(summary["started"].size() == 2);
  CHECK(summary["closed"].empty());
  const std::string text = run(s, {"summary", "--weeks", "2"}).out;
  CHECK(contains(text, "Summary: 2 weeks, 2026-W44 to 2026-W45"));
  CHECK(contains(text, "2026-W45  testing     1"));
}

TEST_CASE("summary refuses --weeks with --since, and a bad number of weeks, with exit 2") {
  Sandbox s;
  make_demo(s);
  const RunResult both = s.run({"summary", "--weeks", "4", "--since", "2026-10-01"}, kToday);
  CHECK(both.exit_code == 2);
  CHECK(contains(both.err, "--weeks and --since"));
  CHECK(s.run({"summary", "--weeks", "0"}, kToday).exit_code == 2);
  CHECK(s.run({"summary", "--since", "next year"}, kToday).exit_code == 2);
}

TEST_CASE("show, review and the report say NAP in words and what the run limits mean") {
  // Baseline 3 2 4 3 2, test 4 5 5 6 4 5 (analysis_test's hand-worked series): of the 30
  // pairs 28 have the higher test value and 2 are ties (4 against 4): NAP 29 / 30 = 0.97.
  // Against the baseline median 3 the useful points are - + - (two are on it), then + x 6:
  // 9 points, longest run 6 (limit 6), crossings 3 (limit 2): both within their limits.
  Sandbox s;
  make_experiment(s, {3, 2, 4, 3, 2}, {4, 5, 5, 6, 4, 5});
  const std::string nap =
      "In 28 of 30 pairs of a baseline and a test meeting, the test meeting had more q, and in 2 "
      "the two were the same (NAP 0.97, a tie counting as half).";
  const std::string show = flat(run(s, {"show", "1"}).out);
  CHECK(contains(show, nap));
  CHECK(contains(show,
                 "runs: longest 6 (limit 6), crossings 3 (limit 2); both within their "
                 "limits"));
  CHECK(contains(show,
                 "limits for the 9 points off the median: by chance a run (points in a "
                 "row on one side) is rarely longer than 6, and crossings rarely fewer than "
                 "2; beyond a limit, something moved the values (the limits are meant for "
                 "about 10 points or more)"));
  CHECK(contains(show, "its 95% interval (CI) contains 0.5 no change is claimed"));  // legend
  CHECK_FALSE(contains(show, "Tau-U"));

  const std::string report = flat(run(s, {"export", "--format", "markdown"}).out);
  CHECK(contains(report, nap));
  CHECK(contains(report, "limits for the 9 points off the median"));
  for (const char* item :
       {"**Effect:**", "**Data:**", "**Verdict:**", "**NAP:**", "**Tau:**", "**Tau-BC:**",
        "**Dual criterion:**", "**PND:**", "**Baseline:**", "**Shift and trend:**",
        "**Runs and crossings:**", "**Success rule:**", "**Entries:**"})
    CHECK_MESSAGE(contains(report, item), item);

  const std::string review = review_experiment(s, "yes", "adopt");
  CHECK(contains(review,
                 "q improved: NAP 0.97 (strong, 95% CI 0.62 to 1), Tau-BC 1 (95% CI 0.33 to 1); "
                 "median 3 -> 5. " +
                     nap));
}

TEST_CASE("a metric with no test data has no NAP sentence, and few points none yet") {
  Sandbox s;
  make_experiment(s, {1, 2, 3, 4, 5}, {});
  CHECK_FALSE(contains(flat(run(s, {"show", "1"}).out), "pairs of a baseline"));
  CHECK_FALSE(contains(flat(run(s, {"export", "--format", "markdown"}).out), "pairs of a"));
  // Two test points: NAP waits for 3 in each phase in `show`, and so does its sentence.
  Sandbox few;
  make_experiment(few, {1, 2, 3}, {4, 5});
  CHECK_FALSE(contains(flat(run(few, {"show", "1"}).out), "pairs of a baseline"));
}
