// End-to-end: the HTML progress report and the SVG run charts, through the real binary on
// the demo journal: golden files, validity with tidy, what the page may and may not hold,
// and `chart`'s choices and refusals.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "e2e/cli_runner.hpp"
#include "e2e/html_check.hpp"
#include "e2e/report_fixture.hpp"

using leadlab::testing::kFixed;
using leadlab::testing::make_reviewed_demo;
using leadlab::testing::ok;
using leadlab::testing::read_file;
using leadlab::testing::RunResult;
using leadlab::testing::Sandbox;

namespace {

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// `text` must equal the golden file `name`; LEADLAB_UPDATE_GOLDEN=1 rewrites it instead
// (then review `git diff tests/golden/`).
void check_golden(const std::string& text, const std::string& name) {
  const std::string golden = LEADLAB_SOURCE_DIR "/tests/golden/" + name;
  if (std::getenv("LEADLAB_UPDATE_GOLDEN") != nullptr) std::ofstream(golden) << text;
  CHECK_MESSAGE(text == read_file(golden), "differs from " << golden);
}

void check_tidy(const Sandbox& s, const std::string& text, bool xml) {
  const auto errors = leadlab::testing::tidy_errors(s.dir().file("tidy-input"), text, xml);
  if (!errors) {
    MESSAGE("skipped: /usr/bin/tidy is not installed (./bootstrap.sh installs Debian's tidy)");
    return;
  }
  CHECK_MESSAGE(errors->empty(), *errors);
}

}  // namespace

TEST_CASE("the demo's HTML report matches its golden file, and is the same every time") {
  Sandbox s;
  make_reviewed_demo(s);
  const std::string html = ok(s.run({"export", "--format", "html"}, kFixed)).out;
  check_golden(html, "demo-report.html");
  CHECK(ok(s.run({"export", "--format", "html"}, kFixed)).out == html);
  // --output writes the same page atomically, and says where.
  const std::string path = s.dir().file("progress.html");
  const RunResult written = ok(s.run({"export", "--format", "html", "--output", path}, kFixed));
  CHECK(read_file(path) == html);
  CHECK(written.err.find("Wrote " + path) != std::string::npos);
}

TEST_CASE("the HTML report is valid, self-contained and holds the Markdown report's content") {
  Sandbox s;
  make_reviewed_demo(s);
  const std::string html = ok(s.run({"export", "--format", "html"}, kFixed)).out;
  check_tidy(s, html, false);
  leadlab::testing::check_html_is_own(html);
  // Nothing may load: a policy that forbids it, no script, no URL but the SVG namespace.
  CHECK(html.find("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';") !=
        std::string::npos);
  CHECK(html.find("<script") == std::string::npos);
  CHECK(count(html, "http") == count(html, "http://www.w3.org/2000/svg") + 1);  // +1: http-equiv
  CHECK(html.find("@media (prefers-color-scheme:dark)") != std::string::npos);
  CHECK(html.find("@media print") != std::string::npos);
  // The Markdown report's content: its title, summary, sections, analysis, entries, review
  // and comments, with the hostile note and the comment's lines as text.
  CHECK(html.find("<title>Leadership experiments: Ana Lima, 2026-09-28 to 2026-11-08</title>") !=
        std::string::npos);
  CHECK(html.find("<h2>1. Ask before telling</h2>") != std::string::npos);
  CHECK(html.find("<h2>2. Ask before telling in 1:1s</h2>") != std::string::npos);
  CHECK(html.find("<td>| &lt;script&gt;alert(1)&lt;/script&gt; # heading</td>") !=
        std::string::npos);
  CHECK(html.find("Good start.<br>\n# not a heading<br>\n- not a list") != std::string::npos);
  CHECK(html.find("xychart-beta") == std::string::npos);  // the SVG charts replace Mermaid's
  // One run chart per metric with points, and one per metric with a value per week:
  // experiment 1's three of each; 2 has no entries yet.
  CHECK(count(html, "<svg ") == 6);
  CHECK(count(html, "role=\"img\"") == 6);
  CHECK(count(html, "<desc id=") == 6);
  for (const char* id :
       {"chart-1-1", "chart-1-2", "chart-1-3", "chart-1-w1", "chart-1-w2", "chart-1-w3"})
    CHECK(html.find("aria-labelledby=\"" + std::string(id) + "-title " + id + "-desc\"") !=
          std::string::npos);
  // 12 points per chart per occasion, each with its date, value and note; the off-plan one
  // crossed. Six weeks per chart per week: two of baseline, one with both phases, three of
  // test.
  CHECK(count(html, "</title><circle class=\"base\"") == 3 * 5 + 3 * 2);
  CHECK(count(html, "</title><path class=\"test\"") == 3 * 7 + 3 * 3);
  CHECK(count(html, "</title><path class=\"both\"") == 3);
  CHECK(html.find("<g><title>2026-10-22, testing: 0.47. Slipped back under time pressure (not as "
                  "planned: Gave my view first on the hiring item)</title><path class=\"test\"") !=
        std::string::npos);
  CHECK(count(html, "<path class=\"off\"") == 3 + 3);  // a cross per chart, and in each legend
  // Each chart's shift (7 test points on the better side): a ring per point, one in the legend,
  // and the signal in words.
  CHECK(count(html, "<circle class=\"shift\"") == 3 * (7 + 1));
  // The baseline's own Theil-Sen trend, extended and clipped to the plot, in each chart.
  // Clipped too: the dual criterion's two lines (run_chart.hpp's Cdc), in each chart.
  CHECK(count(html, "<clipPath id=") == 3 + 3);
  CHECK(count(html, "<g class=\"cdc\"") == 3);
  CHECK(html.find("dual criterion: the baseline mean and trend moved 0.25 SD the better way; 7 "
                  "test points beyond both, 7 needed: a signal") != std::string::npos);
  CHECK(count(html, "<line class=\"trendline\"") == 3 + 3);  // and in each legend
  CHECK(html.find("The baseline&#39;s own trend (Theil-Sen, ") != std::string::npos);
  CHECK(html.find("Shift: 7 test points above the baseline median 0.25, 2026-10-15 to "
                  "2026-11-05 (better), each point ringed.") != std::string::npos);
}

TEST_CASE("chart draws one metric's run chart as a standalone SVG, matching its golden file") {
  Sandbox s;
  make_reviewed_demo(s);
  // The headline metric by default: share, the first derived one.
  const std::string svg = ok(s.run({"chart", "1"}, kFixed)).out;
  check_golden(svg, "demo-chart.svg");
  check_tidy(s, svg, true);
  leadlab::testing::check_html_is_own(svg);
  CHECK(svg.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg "));
  CHECK(svg.find("<style>") != std::string::npos);
  CHECK(svg.find("<title id=\"chart-1-title\">share, experiment 1 (Ask before telling): run "
                 "chart</title>") != std::string::npos);
  // The same drawing the report shows.
  const std::string html = ok(s.run({"export", "--format", "html"}, kFixed)).out;
  const std::string points =
      svg.substr(svg.find("<g><title>"), svg.find("<g class=\"legend\">") - svg.find("<g><title>"));
  CHECK(html.find(points) != std::string::npos);
  // Another metric, to a file, atomically.
  const std::string path = s.dir().file("questions.svg");
  ok(s.run({"chart", "1", "--metric", "questions", "--output", path}, kFixed));
  CHECK(read_file(path).find("<title id=\"chart-1-title\">questions,") != std::string::npos);
  // An experiment without points: a chart that says so.
  CHECK(ok(s.run({"chart", "2"}, kFixed)).out.find("no points to chart yet") != std::string::npos);
  // Refused with a hint: an unknown metric or experiment.
  const RunResult unknown = s.run({"chart", "1", "--metric", "nope"}, kFixed);
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.err.find("experiment 1 has no metric \"nope\"") != std::string::npos);
  CHECK(unknown.err.find("questions, statements, share") != std::string::npos);
  CHECK(s.run({"chart", "9"}, kFixed).exit_code == 2);
  CHECK_FALSE(std::filesystem::exists(s.dir().file("nope.svg")));
}

TEST_CASE("chart --weeks draws a metric's run chart per week, the report's week-by-week values") {
  Sandbox s;
  make_reviewed_demo(s);
  const std::string svg = ok(s.run({"chart", "1", "--weeks"}, kFixed)).out;
  check_golden(svg, "demo-week-chart.svg");
  check_tidy(s, svg, true);
  leadlab::testing::check_html_is_own(svg);
  CHECK(svg.find("<title id=\"chart-1-w-title\">share per week, experiment 1 (Ask before "
                 "telling): run chart per week</title>") != std::string::npos);
  // The week-by-week table's six weeks: two of baseline, one with both phases, three of test,
  // each with its week, phase, entries and value, and the baseline weeks' median.
  CHECK(count(svg, "</title><circle class=\"base\"") == 2);
  CHECK(count(svg, "</title><path class=\"both\"") == 1);
  CHECK(count(svg, "</title><path class=\"test\"") == 3);
  CHECK(svg.find("<g><title>2026-W42, both, 2 entries: 0.3</title>") != std::string::npos);
  CHECK(svg.find("<g><title>2026-W45, testing, 2 entries: 0.62</title>") != std::string::npos);
  CHECK(svg.find("baseline weeks&#39; median 0.24") != std::string::npos);
  CHECK(svg.find("6 weeks with a value from 2026-W40 to 2026-W45: 2 baseline weeks (open "
                 "circles), 3 test weeks (filled squares) and 1 week with both (diamonds)") !=
        std::string::npos);
  // The same drawing the report shows beside its week-by-week table.
  const std::string html = ok(s.run({"export", "--format", "html"}, kFixed)).out;
  const std::string points =
      svg.substr(svg.find("<g><title>"), svg.find("<g class=\"legend\">") - svg.find("<g><title>"));
  CHECK(html.find(points) != std::string::npos);
  // A stored metric: the week's mean per occasion, its total in brackets.
  const std::string questions =
      ok(s.run({"chart", "1", "--weeks", "--metric", "questions"}, kFixed)).out;
  CHECK(questions.find("<g><title>2026-W40, baseline, 2 entries: 2.5 per occasion (5 in the "
                       "week)</title>") != std::string::npos);
  // An experiment without entries: a chart that says so.
  CHECK(ok(s.run({"chart", "2", "--weeks"}, kFixed)).out.find("no weeks to chart yet") !=
        std::string::npos);
}

TEST_CASE("the HTML report of a journal without experiments is a whole page, to a file too") {
  Sandbox s;
  ok(s.run({"init"}, kFixed));
  const std::string html = ok(s.run({"export", "--format", "html"}, kFixed)).out;
  CHECK(html.find("<p>No experiments yet.</p>") != std::string::npos);
  CHECK(html.ends_with("</main>\n</body>\n</html>\n"));
  const std::string path = s.dir().file("empty.html");
  ok(s.run({"export", "--format", "html", "--output", path}, kFixed));
  CHECK(read_file(path) == html);
  check_tidy(s, html, false);
}

TEST_CASE("chart --weeks leaves out a long run of empty weeks, and says so and marks it") {
  Sandbox s;
  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{{"init"},
                                             {"new", "--title", "far", "--hypothesis", "h",
                                              "--change", "c", "--metric", "q:count:up"},
                                             {"baseline", "1", "--date", "1900-01-01"},
                                             {"log", "1", "q=2", "--date", "1900-01-01"},
                                             {"start", "1", "--date", "2026-11-02"},
                                             {"log", "1", "q=5", "--date", "2026-11-03"}})
    s.run(args, kFixed);
  const std::string svg = ok(s.run({"chart", "1", "--weeks"}, kFixed)).out;
  check_tidy(s, svg, true);
  CHECK(count(svg, "</title><circle class=\"base\"") == 1);
  CHECK(count(svg, "</title><path class=\"test\"") == 1);
  CHECK(svg.find("<g><title>6617 weeks without entries left out</title><path class=\"axis\"") !=
        std::string::npos);
  CHECK(svg.find("<g><title>after 6617 weeks without entries: 2026-W45, testing, 1 entry: 5 per "
                 "occasion (5 in the week)</title>") != std::string::npos);
  CHECK(svg.find("6617 weeks without entries in long runs are left out") != std::string::npos);
}
