// End-to-end: the Markdown progress report, through the real binary on the demo journal:
// a golden file, GitHub-flavoured rendering with cmark-gfm, and hostile text kept as text.
#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <regex>

#include "e2e/cli_runner.hpp"
#include "e2e/report_fixture.hpp"

using leadlab::testing::kFixed;
using leadlab::testing::make_reviewed_demo;
using leadlab::testing::ok;
using leadlab::testing::read_file;
using leadlab::testing::RunResult;
using leadlab::testing::Sandbox;

namespace {

// Checks that every row of every table in `html` has as many cells as the table's header
// row; returns the number of tables.
int check_tables(const std::string& html) {
  const std::regex table("<table>([\\s\\S]*?)</table>");
  const std::regex row("<tr>([\\s\\S]*?)</tr>");
  const std::regex cell("<t[hd][ >]");
  int tables = 0;
  for (auto t = std::sregex_iterator(html.begin(), html.end(), table); t != std::sregex_iterator();
       ++t) {
    ++tables;
    const std::string body = (*t)[1];
    std::ptrdiff_t header = -1;
    for (auto r = std::sregex_iterator(body.begin(), body.end(), row); r != std::sregex_iterator();
         ++r) {
      const std::string cells = (*r)[1];
      const auto n = std::distance(std::sregex_iterator(cells.begin(), cells.end(), cell),
                                   std::sregex_iterator());
      if (header < 0) header = n;
      CAPTURE(cells);
      CHECK(n == header);
    }
  }
  return tables;
}

std::string cmark(const Sandbox& s, const std::string& markdown) {
  const std::string path = s.dir().file("report.md");
  std::ofstream(path, std::ios::binary) << markdown;
  const RunResult html =
      leadlab::testing::run_program("/usr/bin/cmark-gfm", {"-e", "table", path}, {});
  REQUIRE_MESSAGE(html.exit_code == 0, html.err);
  return html.out;
}

}  // namespace

TEST_CASE("the demo's report matches its golden file") {
  Sandbox s;
  make_reviewed_demo(s);
  const std::string report = ok(s.run({"export"}, kFixed)).out;
  const std::string golden = LEADLAB_SOURCE_DIR "/tests/golden/demo-report.md";
  if (std::getenv("LEADLAB_UPDATE_GOLDEN") != nullptr) std::ofstream(golden) << report;
  // On a difference: diff the golden file against `leadlab export` on this demo, and if the
  // change is intended, run this test with LEADLAB_UPDATE_GOLDEN=1 and review the diff.
  CHECK(report == read_file(golden));
  // The same report again: deterministic.
  CHECK(ok(s.run({"export"}, kFixed)).out == report);
}

TEST_CASE("the report renders as GitHub-flavoured Markdown with whole tables and no user HTML") {
  Sandbox s;
  make_reviewed_demo(s);
  const std::string html = cmark(s, ok(s.run({"export"}, kFixed)).out);
  // Every row of every table has as many cells as its header.
  const int tables = check_tables(html);
  CHECK(tables == 3);  // the summary, experiment 1's weeks and its entries (2 has none)
  // The hostile note is text: no script element, no heading made of it.
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt; # heading") != std::string::npos);
  CHECK(html.find("<h1>heading") == std::string::npos);
  // The comment's lines stay in its quote, as text.
  CHECK(html.find("<h1>not a heading") == std::string::npos);
  CHECK(html.find("# not a heading") != std::string::npos);
  // One title; a section per experiment.
  CHECK(std::count(html.begin(), html.end(), '\n') > 0);
  CHECK(html.find("<h1>") == html.rfind("<h1>"));
  CHECK(html.find("<h2>1. Ask before telling</h2>") != std::string::npos);
  CHECK(html.find("<h2>2. Ask before telling in 1:1s</h2>") != std::string::npos);
}

TEST_CASE("the report selects experiments and a period, and refuses an unknown id") {
  Sandbox s;
  make_reviewed_demo(s);
  const std::string two = ok(s.run({"export", "2"}, kFixed)).out;
  CHECK(two.find("## 2. Ask before telling in 1:1s") != std::string::npos);
  CHECK(two.find("## 1. ") == std::string::npos);
  const std::string recent = ok(s.run({"export", "1", "--since", "2026-11-01"}, kFixed)).out;
  CHECK(recent.find("# Leadership experiments: Ana Lima, 2026-11-01 to 2026-11-08\n") !=
        std::string::npos);
  CHECK(recent.find("| 2026-11-02 | testing |") != std::string::npos);
  CHECK(recent.find("| 2026-10-29 |") == std::string::npos);
  // The analysis still reads every entry: the verdict does not change with the period.
  CHECK(recent.find("- **share** improved: NAP 1 (strong, 95% CI 0.68 to 1)") != std::string::npos);
  CHECK(recent.find("also the 10 before the period") != std::string::npos);
  // The weeks are the period's: 2026-W45 (2026-11-02 and 2026-11-05) only.
  CHECK(recent.find("| 2026-W44 |") == std::string::npos);
  CHECK(recent.find("| 2026-W45 | testing | 2 | 7.5 (15) | 4.5 (9) | 0.62 |") != std::string::npos);
  CHECK(s.run({"export", "9"}, kFixed).exit_code == 2);
  // --output writes the same report atomically.
  const std::string path = s.dir().file("progress.md");
  ok(s.run({"export", "--output", path}, kFixed));
  CHECK(read_file(path) == ok(s.run({"export"}, kFixed)).out);
}

TEST_CASE("hostile text in every field of an experiment reaches the page as text") {
  Sandbox s;
  const std::string hostile =
      "x | <b>bold</b> `code`\n# heading\n- item\n```\n<script>alert(1)</script>";
  ok(s.run({"init", "--owner", "<i>Eve</i> | # owner"}, kFixed));
  ok(s.run({"new", "--title", hostile, "--hypothesis", hostile, "--change", hostile, "--prediction",
            "\"quoted\" title\"]\n```", "--metric", "questions:count", "--tag", "a|b"},
           kFixed));
  ok(s.run({"start", "1", "--date", "2026-11-02"}, kFixed));
  ok(s.run(
      {"log", "1", "questions=3", "--date", "2026-11-03", "--note", hostile, "--off-plan", hostile},
      kFixed));
  ok(s.run({"comment", "1", hostile, "--author", hostile}, kFixed));
  const std::string markdown = ok(s.run({"export"}, kFixed)).out;
  const std::string html = cmark(s, markdown);
  CHECK(check_tables(html) == 3);  // the summary, the weeks and the entries
  CHECK(html.find("<b>") == std::string::npos);
  CHECK(html.find("<i>") == std::string::npos);
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("<li>item") == std::string::npos);
  CHECK(html.find("<h1>heading") == std::string::npos);
  CHECK(html.find("<h2>heading") == std::string::npos);
  // Headings: the title, the experiment, its sections; none made of user text.
  const std::regex heading("<h([1-6])>");
  std::string levels;
  for (auto h = std::sregex_iterator(html.begin(), html.end(), heading);
       h != std::sregex_iterator(); ++h)
    levels += (*h)[1];
  CHECK(levels == "123333");  // title; experiment 1; weeks, analysis, entries, comments
  // The only code blocks are leadlab's Mermaid chart; the user's fence stayed text.
  const std::regex code("<pre><code[^>]*>");
  CHECK(std::distance(std::sregex_iterator(html.begin(), html.end(), code),
                      std::sregex_iterator()) == 1);
  CHECK(html.find("<pre><code class=\"language-mermaid\">xychart-beta\n") != std::string::npos);
  // The chart's title is the experiment's title (cut to 40 columns), on one line, inside its
  // two quotes.
  const auto at = markdown.find("\n    title \"");
  REQUIRE(at != std::string::npos);
  const std::string title = markdown.substr(at + 1, markdown.find('\n', at + 1) - at - 1);
  CHECK(title == "    title \"x b bold /b 'code' heading - item '''...: questions per week\"");
}
