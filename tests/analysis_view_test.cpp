// The analysis renderings: show's analysis section, status and summary, as text and JSON.
#include "leadlab/report/analysis_view.hpp"

#include <doctest/doctest.h>

#include "demo_fixture.hpp"
#include "flat_text.hpp"
#include "leadlab/model/text.hpp"
#include "leadlab/report/analysis_json.hpp"
#include "leadlab/report/dashboard_view.hpp"

using leadlab::Entry;
using leadlab::Experiment;
using leadlab::RenderOptions;
using leadlab::testing::day;
using leadlab::testing::demo_entries;
using leadlab::testing::demo_experiment;
using leadlab::testing::entry;
using leadlab::testing::flat;

namespace {

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

RenderOptions options(bool ascii, bool color = false) {
  return {.ascii = ascii, .color = color, .today = day("2026-11-08")};
}

std::string show(const Experiment& e, const std::vector<Entry>& entries, bool ascii = false) {
  return leadlab::render_analysis(e, leadlab::analyse_experiment(e, entries), options(ascii));
}

// Every line fits 80 columns; with `ascii`, no byte is 0x80 or above.
void check_fits(const std::string& text, bool ascii) {
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    const std::string line = text.substr(start, end - start);
    CAPTURE(line);
    CHECK(leadlab::display_width(line) <= 80);
    start = end + 1;
  }
  if (ascii)
    for (unsigned char c : text) REQUIRE(c < 0x80);
}

// The question-ratio experiment with only the first `m` baseline meetings, then the test.
std::vector<Entry> with_baseline_points(std::size_t m) {
  std::vector<Entry> entries = demo_entries();
  entries.erase(entries.begin() + static_cast<long>(m), entries.begin() + 5);
  return entries;
}

leadlab::Summary demo_summary() {
  const auto weeks = leadlab::summary_weeks(day("2026-11-08"), std::nullopt, std::nullopt);
  const Experiment e = demo_experiment();
  return leadlab::summarise(weeks, day("2026-11-08"), std::span(&e, 1), demo_entries(),
                            [](std::int64_t) { return std::nullopt; });
}

}  // namespace

TEST_CASE("show's analysis names the figures, signals and verdict of every metric") {
  const std::string text = show(demo_experiment(), demo_entries());
  CHECK(contains(text, "share = questions / (questions + statements), up is better"));
  CHECK(contains(text, "  median            0.25       0.6     +0.35\n"));
  CHECK(contains(text, "NAP 1 (strong, 95% CI 0.67 to 1), Tau 1 (95% CI 0.33 to 1), Tau-BC"));
  CHECK(contains(text, "Kendall tau -0.2: no clear trend before the change"));
  CHECK(contains(text, "shift: 6 test points above the baseline median 0.25, 2026-10-15 to"));
  CHECK(contains(text, "runs: longest 6 (limit 6), crossings 3 (limit 2)"));
  CHECK(contains(text, "share improved: NAP 1 (strong, 95% CI 0.67 to 1)"));
  CHECK(contains(text, "statements (lower is better) improved"));
  CHECK(contains(text, "dual criterion: 6 of 6 test points beyond both baseline lines"));
  CHECK_FALSE(contains(text, "Tau-U"));   // in --json only
  CHECK(contains(text, "median 0.25"));   // the run chart's median line
}

TEST_CASE("show's analysis fits 80 columns, and in ASCII has only ASCII bytes") {
  check_fits(show(demo_experiment(), demo_entries()), false);
  const std::string ascii = show(demo_experiment(), demo_entries(), true);
  check_fits(ascii, true);
  CHECK(contains(ascii, "._::_ =*=#*#"));  // the share per occasion, a gap between phases
}

TEST_CASE("colour only when asked for, and never inside a padded column") {
  const Experiment e = demo_experiment();
  const auto analysis = leadlab::analyse_experiment(e, demo_entries());
  CHECK_FALSE(contains(leadlab::render_analysis(e, analysis, options(false)), "\x1b"));
  const std::string coloured = leadlab::render_analysis(e, analysis, options(false, true));
  CHECK(contains(coloured, "\x1b[1mshare = questions"));
  CHECK(contains(coloured, "  median            0.25       0.6     +0.35\n"));
}

TEST_CASE("two baseline points print no verdict and no effect size band") {
  const std::string text = show(demo_experiment(), with_baseline_points(2));
  CHECK(contains(text, "not enough data yet, so no verdict"));
  CHECK(contains(text, "effects     not read yet: each phase needs 3 points first"));
  CHECK(contains(text, "these are not evidence yet"));
  CHECK_FALSE(contains(text, "improved"));
  CHECK_FALSE(contains(text, "(strong)"));
  CHECK_FALSE(contains(text, "no clear change"));
}

TEST_CASE("three baseline points give a provisional reading") {
  const std::string text = show(demo_experiment(), with_baseline_points(3));
  CHECK(contains(text, "share provisionally improved"));
  CHECK(contains(text, "; provisional"));
}

TEST_CASE("a baseline that was already rising says so") {
  // questions over the baseline: 1 2 3 4 5 (Kendall tau 1), then 6 to 9 in the test.
  std::vector<Entry> entries;
  const char* days[] = {"2026-09-28", "2026-10-01", "2026-10-05", "2026-10-08", "2026-10-12",
                        "2026-10-15", "2026-10-19", "2026-10-22", "2026-10-26"};
  for (int i = 0; i < 9; ++i) entries.push_back(entry(i + 1, days[i], {{"questions", i + 1.0}}));
  const std::string text = show(demo_experiment(), entries);
  CHECK(contains(text, "Kendall tau 1: already rising before the change (the better"));
  CHECK(contains(flat(text), "Note: the baseline was already rising"));  // in the verdict
}

TEST_CASE("the success rule's state is shown with each clause explained") {
  Experiment e = demo_experiment();
  e.success_rule = "nap(share) >= 0.66 and shift(questions)";
  const std::string text = show(e, demo_entries());
  CHECK(contains(text, "success     nap(share) >= 0.66 and shift(questions): met\n"));
  CHECK(contains(text, "- nap(share) = 1 >= 0.66: met"));
  e.success_rule = "nap(ratio) >= 0.66";
  CHECK(contains(show(e, demo_entries()), "cannot be evaluated, the rule no longer reads"));
}

TEST_CASE("status reads at 80 columns and names what is due") {
  const std::vector<leadlab::DashboardItem> items = {
      leadlab::dashboard_item(demo_experiment(), demo_entries(), day("2026-11-08"))};
  const std::string text = leadlab::render_dashboard(items, options(false));
  check_fits(text, false);
  check_fits(leadlab::render_dashboard(items, options(true)), true);
  CHECK(contains(text, "#1 Ask before telling  [testing]"));
  CHECK(contains(text, "points      baseline 5/5, test 6/6"));
  CHECK(contains(text, "last entry  2026-11-02 (6 days ago)"));
  CHECK(contains(text, "share 0.67 on 2026-11-02 against the baseline median 0.25 (+0.42,"));
  CHECK(contains(text, "signal      shift in share: 6 test points above"));
  CHECK(contains(text, "due         review due: 6 of 6 planned test points logged"));
  CHECK(contains(leadlab::render_dashboard({}, options(false)), "No active experiments"));
}

TEST_CASE("status during the baseline shows the running median, not better or worse") {
  Experiment e = demo_experiment();
  e.status = leadlab::Status::kBaseline;
  e.test_start.reset();
  std::vector<Entry> entries = demo_entries();
  entries.resize(3);
  const std::string text = leadlab::render_dashboard(
      {leadlab::dashboard_item(e, entries, day("2026-10-06"))}, options(false));
  CHECK(contains(flat(text), "share 0.29 on 2026-10-05; baseline median so far 0.25 (3 points)"));
  CHECK_FALSE(contains(text, "worse"));
  CHECK_FALSE(contains(text, "better"));
  const auto json = leadlab::dashboard_json(
      {leadlab::dashboard_item(e, entries, day("2026-10-06"))}, day("2026-10-06"));
  CHECK(json["experiments"][0]["headline"]["better"].is_null());
  CHECK(json["experiments"][0]["headline"]["change"].is_null());
}

TEST_CASE("summary reads at 80 columns, week by week") {
  const std::string text = leadlab::render_summary(demo_summary(), options(false));
  check_fits(text, false);
  check_fits(leadlab::render_summary(demo_summary(), options(true)), true);
  CHECK(contains(text, "Summary: 8 weeks, 2026-W38 to 2026-W45 (2026-09-14 to 2026-11-08)"));
  CHECK(contains(text, "entries     in 6 of 8 weeks, none in 2"));
  CHECK(contains(text, "streak      6 weeks in a row with entries"));
  // Counts are a mean per occasion, the week's total beside it: 2026-W42 had 2 meetings with
  // 2 + 6 questions and 12 + 7 statements.
  CHECK(contains(text, "  2026-W42  both        2      4 (8)    9.5 (19)    0.3\n"));
  CHECK(contains(text, "questions, statements: mean per occasion, the week's total in brackets"));
  CHECK(contains(text, "2026-10-15  #1 Ask before telling: test began"));
}

TEST_CASE("a summary with many metrics splits its table to stay within 80 columns") {
  leadlab::Summary s = demo_summary();
  auto& metrics = s.experiments[0].metrics;
  const auto three = metrics;
  for (int i = 0; i < 4; ++i) metrics.insert(metrics.end(), three.begin(), three.end());
  check_fits(leadlab::render_summary(s, options(false)), false);
}

TEST_CASE("show's JSON analysis has every key of the contract") {
  Experiment e = demo_experiment();
  nlohmann::json shown = {{"metrics", nlohmann::json::array()}};
  for (const auto& m : e.metrics) shown["metrics"].push_back({{"name", m.name}});
  leadlab::add_analysis_json(shown, leadlab::analyse_experiment(e, demo_entries()));
  const auto& a = shown["metrics"][2]["analysis"];
  for (const char* key : {"baseline", "test", "nap", "nap_band", "tau", "baseline_tau", "tau_u",
                          "pnd", "shift", "trend", "longest_run", "crossings", "adequacy"})
    CHECK_MESSAGE(a.contains(key), key);
  CHECK(a["baseline"] ==
        nlohmann::json({{"n", 5}, {"median", 0.25}, {"mean", a["baseline"]["mean"]}}));
  CHECK(a["nap"] == 1);
  CHECK(a["nap_band"] == "strong");
  CHECK(a["adequacy"] == "verdict");
  CHECK(a["shift"]["from"] == "2026-10-15");
  CHECK(a["trend"].is_null());
  CHECK(shown["success"].is_null());
}

TEST_CASE("status and summary JSON carry the computed numbers") {
  const std::vector<leadlab::DashboardItem> items = {
      leadlab::dashboard_item(demo_experiment(), demo_entries(), day("2026-11-08"))};
  const auto status = leadlab::dashboard_json(items, day("2026-11-08"));
  const auto& first = status["experiments"][0];
  CHECK(first["points"] == nlohmann::json({{"baseline", 5}, {"test", 6}}));
  CHECK(first["quiet_days"] == 6);
  CHECK(first["headline"]["baseline_median"] == 0.25);
  CHECK(first["signal"]["kind"] == "shift");
  CHECK(first["due"][0]["kind"] == "review due");
  const auto summary = leadlab::summary_json(demo_summary());
  CHECK(summary["week_start"] == "monday");
  CHECK(summary["cadence"]["weeks_with_entries"] == 6);
  CHECK(summary["cadence"]["current_streak"] == 6);
  // 2026-W40: 3 + 2 questions in 2 meetings. "values" keeps the total it always had.
  const auto& questions = summary["experiments"][0]["metrics"][0];
  CHECK(questions["values"][2] == 5);
  CHECK(questions["sums"][2] == 5);
  CHECK(questions["means"][2] == 2.5);
  const auto& share = summary["experiments"][0]["metrics"][2];
  CHECK(share["means"][2].is_null());  // a ratio of the week's sums
  CHECK(share["sums"][2].is_null());
}
