// The Markdown progress report: the escaper on a table of hostile strings, the code-span and
// Mermaid helpers, the report's structure (whole tables, no user headings or HTML), a golden
// file of a fixed fixture, and load_report on a journal.
//
// The golden file tests/golden/fixture-report.md is compared byte for byte. After an
// intended change to the report, regenerate it and review the diff:
//   LEADLAB_UPDATE_GOLDEN=1 build/tests/leadlab_unit_tests -tc='*golden*'
//   git diff tests/golden/
#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <random>
#include <regex>
#include <sstream>

#include "demo_fixture.hpp"
#include "leadlab/actions/entries.hpp"
#include "leadlab/actions/experiments.hpp"
#include "leadlab/actions/load_report.hpp"
#include "leadlab/actions/review.hpp"
#include "leadlab/model/error.hpp"
#include "leadlab/report/markdown_report.hpp"
#include "test_support.hpp"

using leadlab::Day;
using leadlab::Entry;
using leadlab::Experiment;
using leadlab::Journal;
using leadlab::markdown_code;
using leadlab::markdown_escape;
using leadlab::mermaid_text;
using leadlab::render_markdown_report;
using leadlab::ReportExperiment;
using leadlab::ReportInput;
using leadlab::testing::day;
using leadlab::testing::demo_entries;
using leadlab::testing::demo_experiment;
using leadlab::testing::TempDir;

namespace {

const char* const kNow = "2026-11-08T18:00:00.000Z";

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// The pipes of a line that split a GFM table row: those not escaped by a backslash (an
// escaped backslash before a pipe does not escape it).
int cell_pipes(const std::string& line) {
  int pipes = 0;
  int backslashes = 0;
  for (const char c : line) {
    if (c == '|' && backslashes % 2 == 0) ++pipes;
    backslashes = c == '\\' ? backslashes + 1 : 0;
  }
  return pipes;
}

ReportExperiment report_of(Experiment e, std::vector<Entry> entries) {
  ReportExperiment r;
  r.analysis = leadlab::analyse_experiment(e, entries);
  for (const Entry& x : entries)
    ++(e.phase_of(x.date) == leadlab::Phase::kBaseline ? r.row.stats.baseline_points
                                                       : r.row.stats.test_points);
  r.entries = std::move(entries);
  r.lineage.root = e;
  r.row.experiment = std::move(e);
  return r;
}

// The demo experiment, closed with a review and commented on by a coach, followed by a
// second cycle whose every text field is hostile.
ReportInput fixture() {
  ReportInput input;
  input.owner = "Ana Lima";
  input.today = day("2026-11-08");

  Experiment one = demo_experiment();
  one.status = leadlab::Status::kClosed;
  one.closed = kNow;
  one.hypothesis = "If I ask before I tell, my team proposes more";
  one.change = "Open every agenda item with a question";
  one.prediction = "My share of questions rises above half";
  one.success_rule = "nap(share) >= 0.66 and shift(questions)";
  one.tags = {"meetings", "questions"};
  one.template_name = "question-ratio";
  one.metrics[0].label = "Open questions I asked";
  auto entries = demo_entries();
  entries[0].note = "Budget review; I explained the cuts";
  entries[7].as_planned = false;
  entries[7].deviation = "Gave my view first on the hiring item";
  entries[10].note = "| <script>alert(1)</script> # heading";
  entries[10].time = "09:30";
  ReportExperiment first = report_of(one, entries);
  leadlab::Review review;
  review.prediction_met = "yes";
  review.observed = "Ideas came from the team.\n\n- Tom proposed the plan\n- Priya the rota";
  review.learned = "silence is thinking time";
  review.decision = "adopt";
  review.next_step = "ask first in 1:1s too";
  review.next_by = day("2026-11-22");
  review.commitment = 8;
  review.author = "Ana Lima";
  review.created = kNow;
  first.reviews = {review};
  leadlab::Comment comment;
  comment.author = "Ben (coach)";
  comment.text = "Good start.\n# not a heading\n> not a quote\n```\nnot code";
  comment.created = kNow;
  first.comments = {comment};

  Experiment two = demo_experiment();
  two.id = 2;
  two.title = "Ask `first` | \"in 1:1s\"\n# <i>now</i> ## ";
  two.hypothesis = "    indented: code?\n===";
  two.change = "1. a list?\n* another\n+ and [a link](javascript:alert(1))";
  two.prediction = "<img src=x onerror=alert(1)> & ~~struck~~ $x$ _em_";
  two.occasion = "1:1";
  two.status = leadlab::Status::kTesting;
  two.baseline_start.reset();
  two.test_start = day("2026-11-02");
  two.follows = 1;
  two.cycle = 2;
  two.success_rule = "median(share) >> 0.5 `x`";  // from an older file: no longer parses
  two.tags = {"a|b", "<tag>"};
  ReportExperiment second = report_of(
      two, {leadlab::testing::entry(20, "2026-11-03", {{"questions", 4}}, 2),
            leadlab::testing::entry(21, "2026-11-05", {{"questions", 5}, {"statements", 3}}, 2)});
  second.entries[1].note = "line one\r\nline two\n\n    four spaces";
  second.lineage.parent = first.row.experiment;
  second.lineage.root = first.row.experiment;
  first.lineage.children = {second.row.experiment};

  input.experiments.push_back(std::move(first));
  input.experiments.push_back(std::move(second));
  return input;
}

}  // namespace

TEST_CASE("markdown_escape keeps hostile text as text") {
  struct Case {
    const char* in;
    const char* out;
    bool table;
  };
  const Case cases[] = {
      {"plain words, 3 of them.", "plain words, 3 of them.", false},
      {"Great!", "Great!", false},
      {"# heading", "\\# heading", false},
      {"  ## indented heading", "\\## indented heading", false},
      {"a title #", "a title \\#", false},  // a heading's closing sequence
      {"C# and F#", "C# and F#", false},
      {"+#x", "\\+#x", false},
      {"1.#", "1\\.#", false},
      {"- item", "\\- item", false},
      {"+ item", "\\+ item", false},
      {"* item", "\\* item", false},
      {"1. first", "1\\. first", false},
      {"12) twelfth", "12\\) twelfth", false},
      {"3.5 points", "3\\.5 points", false},
      {"===", "\\===", false},
      {"---", "\\---", false},
      {":--|--:", "\\:--\\|--:", false},
      {"> quoted", "&gt; quoted", false},
      {"<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;", false},
      {"<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;", false},
      {"<!-- comment -->", "&lt;!-- comment --&gt;", false},
      {"&amp; &#60;", "&amp;amp; &amp;#60;", false},
      {"a | b", "a \\| b", true},
      {"a \\| b", "a \\\\\\| b", true},
      {"*bold* _em_ `code` ~strike~ $math$",
       "\\*bold\\* \\_em\\_ \\`code\\` \\~strike\\~ \\$math\\$", false},
      {"[link](javascript:alert(1))", "\\[link\\](javascript:alert(1))", false},
      {"![img](x)", "!\\[img\\](x)", false},
      {"[^1]: a footnote", "\\[^1\\]: a footnote", false},
      {"back\\slash", "back\\\\slash", false},
      {"one\ntwo", "one\\\ntwo", false},
      {"one\ntwo", "one two", true},
      {"one\r\ntwo\rthree", "one\\\ntwo\\\nthree", false},
      {"one\n\n\n# two", "one\\\n\\\n\\# two", false},  // an empty line kept, as a line
      {"\n\none\n\n", "one", false},
      {"    code block?", "code block?", false},
      {"\tcode block?", "code block?", false},
      {"a\n    b", "a\\\nb", false},
      {"```\nfence", "\\`\\`\\`\\\nfence", false},
      {"~~~", "\\~\\~\\~", false},
      {"trailing  ", "trailing", false},
      {"\x1b]0;pwned\x07 title", "\\\\x1b\\]0;pwned\\\\x07 title", false},
      {"caf\xc3\xa9 \xe2\x9c\x93", "caf\xc3\xa9 \xe2\x9c\x93", false},  // UTF-8 kept
      {"", "", false},
  };
  for (const auto& c : cases) {
    CAPTURE(c.in);
    CAPTURE(c.table);
    CHECK(markdown_escape(c.in, c.table) == c.out);
  }
}

TEST_CASE("escaped text has no raw HTML, no line that starts a block, and no bare pipe") {
  const char* hostile[] = {"| <b>x</b> # h",
                           "\n\n- a\n* b\n# c\n> d\n1. e\n    f\n+ g\n= h\n---\n```\n~~~",
                           "a|b|c",
                           "\\|",
                           "<!-- c -->",
                           "</td></tr></table><h1>x</h1>",
                           "\xe2\x80\xae rtl",
                           "x\r\n\r\n<div>\r\n",
                           "1)\n2.\n10. ten"};
  for (const char* text : hostile) {
    CAPTURE(text);
    for (const bool table : {false, true}) {
      CAPTURE(table);
      const std::string out = markdown_escape(text, table);
      CHECK(out.find('<') == std::string::npos);
      CHECK(out.find('>') == std::string::npos);
      CHECK(out.find('\r') == std::string::npos);
      if (table) CHECK(out.find('\n') == std::string::npos);
      CHECK(cell_pipes(out) == 0);
      for (const std::string& line : lines_of(out)) {
        CAPTURE(line);
        REQUIRE(!line.empty());
        CHECK(std::string("#-+*=>~`: \t").find(line.front()) == std::string::npos);
        CHECK(!std::regex_search(line, std::regex("^[0-9]+[.)]")));
      }
    }
  }
}

TEST_CASE("random mark-up soup never starts a block, ends a paragraph or breaks a table") {
  // Strings drawn from the characters that matter to Markdown, with a fixed seed.
  const std::string alphabet = "#-+*_=>`~|<&\\[]()!.:1 \n\t\r$a";
  std::mt19937 gen(20261108);
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
  std::uniform_int_distribution<int> length(0, 24);
  for (int n = 0; n < 5000; ++n) {
    std::string text;
    for (int i = length(gen); i > 0; --i) text += alphabet[pick(gen)];
    CAPTURE(text);
    for (const bool table : {false, true}) {
      const std::string out = markdown_escape(text, table);
      REQUIRE(out.find('<') == std::string::npos);
      REQUIRE(out.find('>') == std::string::npos);
      REQUIRE(cell_pipes(out) == 0);
      if (table) REQUIRE(out.find('\n') == std::string::npos);
      const auto lines = lines_of(out);
      for (std::size_t i = 0; i < lines.size(); ++i) {
        const std::string& line = lines[i];
        REQUIRE(!line.empty());
        REQUIRE(std::string("#-+*=>~`:| \t\r").find(line.front()) == std::string::npos);
        REQUIRE(!std::regex_search(line, std::regex("^[0-9]+[.)]")));
        // Every line but the last ends in a hard break, so the paragraph goes on.
        if (i + 1 < lines.size()) REQUIRE(line.back() == '\\');
      }
    }
  }
}

TEST_CASE("a code span is fenced with more backticks than it contains and stays on one line") {
  CHECK(markdown_code("nap(share) >= 0.66") == "`nap(share) >= 0.66`");
  CHECK(markdown_code("a `b` c") == "``a `b` c``");
  CHECK(markdown_code("`x``") == "``` `x`` ```");
  CHECK(markdown_code("one\ntwo") == "`one two`");
  CHECK(markdown_code("\x1b[2J") == "`\\x1b[2J`");
}

TEST_CASE("Mermaid text cannot close its quotes, the code block or inject mark-up") {
  CHECK(mermaid_text("Ask before telling: share per week") == "Ask before telling: share per week");
  CHECK(mermaid_text("say \"hi\"") == "say 'hi'");
  CHECK(mermaid_text("a\n```\nb") == "a ''' b");
  CHECK(mermaid_text("<b>x</b>; #quot; %%{init}%%") == "b x /b quot init");
  CHECK(mermaid_text("caf\xc3\xa9 1:1") == "caf\xc3\xa9 1:1");
  CHECK(mermaid_text(std::string(100, 'x')).size() == 60);
}

TEST_CASE("the fixture's report matches its golden file") {
  const std::string report = render_markdown_report(fixture());
  const std::string golden = LEADLAB_SOURCE_DIR "/tests/golden/fixture-report.md";
  if (std::getenv("LEADLAB_UPDATE_GOLDEN") != nullptr) std::ofstream(golden) << report;
  const std::string expected = leadlab::testing::read_file(golden);
  // On a difference: LEADLAB_UPDATE_GOLDEN=1 rewrites the file (see the top of this file);
  // `git diff tests/golden/` then shows what changed.
  if (report != expected) {
    const auto a = lines_of(report);
    const auto b = lines_of(expected);
    std::size_t i = 0;
    while (i < a.size() && i < b.size() && a[i] == b[i]) ++i;
    FAIL_CHECK("the report differs from " << golden << " first at line " << i + 1
                                          << ":\n  got:      " << (i < a.size() ? a[i] : "(end)")
                                          << "\n  expected: " << (i < b.size() ? b[i] : "(end)"));
  }
  CHECK(render_markdown_report(fixture()) == report);  // deterministic
}

TEST_CASE("every table row has as many cells as its header, and only leadlab makes headings") {
  const std::string report = render_markdown_report(fixture());
  const auto lines = lines_of(report);
  int tables = 0;
  int header_pipes = -1;
  bool in_code = false;
  std::vector<std::string> headings;
  for (const std::string& line : lines) {
    CAPTURE(line);
    if (line.starts_with("```")) in_code = !in_code;
    if (in_code || line.starts_with("```")) continue;
    if (line.starts_with("|")) {
      if (header_pipes < 0) {
        header_pipes = cell_pipes(line);
        ++tables;
      }
      CHECK(cell_pipes(line) == header_pipes);
    } else {
      header_pipes = -1;
    }
    if (line.starts_with("#")) headings.push_back(line);
    CHECK(std::string("=+").find(line.empty() ? ' ' : line.front()) == std::string::npos);
    CHECK(!line.starts_with("    "));
  }
  CHECK(!in_code);
  CHECK(tables == 5);  // the summary; each experiment's weeks and entries
  const std::vector<std::string> expected = {
      "# Leadership experiments: Ana Lima, 2026-09-28 to 2026-11-08",
      "## 1. Ask before telling",
      "### Week by week",
      "### Analysis",
      "### Entries",
      "### Review of 2026-11-08 by Ana Lima",
      "### Comments",
      "### Next step",
      "## 2. Ask \\`first\\` \\| \"in 1:1s\" \\# &lt;i&gt;now&lt;/i&gt; \\##",
      "### Week by week",
      "### Analysis",
      "### Entries",
      "## How to read the analysis"};
  CHECK(headings == expected);
  // No HTML at all: leadlab writes none, and every "<" a user typed is an entity.
  CHECK(report.find('<') == std::string::npos);
  // A quote line for every line of the comment.
  CHECK(report.find("> **Ben (coach)**, 2026-11-08: Good start.\\\n> \\# not a heading\\\n"
                    "> &gt; not a quote\\\n> \\`\\`\\`\\\n> not code\n") != std::string::npos);
}

TEST_CASE("the summary table and the analysis say what the data carries") {
  const std::string report = render_markdown_report(fixture());
  CHECK(report.find("| 1 | Ask before telling | closed | 5/5 + 6/6 | share: NAP 1 (strong, 95% CI "
                    "0.67 to 1) | "
                    "adopt |") != std::string::npos);
  // Experiment 2 started without a baseline: no comparison, and no decision yet.
  CHECK(report.find("testing | 0/5 + 2/6 | share: no baseline to compare with | - |") !=
        std::string::npos);
  CHECK(report.find("| 2026-W42 | both | 2 | 4 (8) | 9.5 (19) | 0.3 |") != std::string::npos);
  CHECK(report.find("- **Success rule** `nap(share) >= 0.66 and shift(questions)`: met\n"
                    "  - nap(share) = 1 >= 0.66: met\n") != std::string::npos);
  CHECK(report.find("- **Success rule** `` median(share) >> 0.5 `x` ``: cannot be evaluated") !=
        std::string::npos);
  CHECK(report.find("- **share** improved: NAP 1 (strong, 95% CI 0.67 to 1)") != std::string::npos);
  CHECK(report.find("  - data: 5 baseline and 6 test points, enough for a verdict") !=
        std::string::npos);
  CHECK(report.find("  - data: 0 baseline and 2 test points, not enough data yet") !=
        std::string::npos);
  CHECK(report.find("Taken up by experiment 2 (Ask \\`first\\`") != std::string::npos);
  // The off-plan entry says so; the entry's time is shown.
  CHECK(report.find("(not as planned: Gave my view first on the hiring item) |") !=
        std::string::npos);
  CHECK(report.find("| 2026-11-02 09:30 | testing |") != std::string::npos);
}

TEST_CASE("the chart of the headline metric holds only safe text and one value per week") {
  const std::string report = render_markdown_report(fixture());
  const std::regex block("```mermaid\n([\\s\\S]*?)\n```\n");
  std::vector<std::string> charts;
  for (auto m = std::sregex_iterator(report.begin(), report.end(), block);
       m != std::sregex_iterator(); ++m)
    charts.push_back((*m)[1]);
  REQUIRE(charts.size() == 2);
  CHECK(charts[0] ==
        "xychart-beta\n    title \"Ask before telling: share per week\"\n"
        "    x-axis [\"2026-W40\", \"2026-W41\", \"2026-W42\", \"2026-W43\", \"2026-W44\", "
        "\"2026-W45\"]\n    y-axis \"share\"\n    line [0.2, 0.28, 0.296, 0.517, 0.633, 0.667]");
  CHECK(charts[1].find("title \"Ask 'first' 'in 1:1s' i now /i: share per week\"") !=
        std::string::npos);
  // The sparklines for viewers without Mermaid: a gap where the test began.
  CHECK(report.find("per occasion `\xe2\x96\x82") != std::string::npos);
  CHECK(report.find("the gap is where the test began; baseline median 0.25") != std::string::npos);
}

TEST_CASE("an empty journal's report says there is nothing yet") {
  ReportInput input;
  input.today = day("2026-11-08");
  CHECK(render_markdown_report(input) ==
        "# Leadership experiments, as of 2026-11-08\n\n"
        "Progress report of 2026-11-08, made by leadlab: 0 experiments, 0 entries.\n\n"
        "No experiments yet.\n");
}

TEST_CASE("load_report reads a period, keeps the analysis whole and refuses unknown ids") {
  TempDir dir;
  Journal journal = Journal::create(dir.file("j.db"), "Ana");
  leadlab::ExperimentSpec spec;
  spec.title = "Ask first";
  spec.hypothesis = "h";
  spec.change = "c";
  spec.metrics = {"questions:count"};
  // In 2031, and the experiments created ("now") before the period, whatever the real clock.
  const leadlab::testing::ScopedEnv now("LEADLAB_NOW", "2031-09-01T09:00:00.000Z");
  const Day today = day("2031-11-08");
  const auto one = leadlab::create_experiment(journal, spec);
  spec.title = "Quiet one";
  spec.follows = one.id;
  const auto quiet = leadlab::create_experiment(journal, spec);
  leadlab::begin_baseline(journal, one.id, day("2031-10-01"), today);
  for (const char* date : {"2031-10-01", "2031-10-06", "2031-10-08"})
    leadlab::log_entry(journal, {one.id, {"questions=2"}, day(date)}, today);
  leadlab::begin_test(journal, one.id, day("2031-10-13"), today);
  for (const char* date : {"2031-10-13", "2031-10-27", "2031-11-03", "2031-11-05"})
    leadlab::log_entry(journal, {one.id, {"questions=6"}, day(date)}, today);

  const ReportInput all = leadlab::load_report(journal, {}, std::nullopt, today);
  CHECK(all.owner == "Ana");
  REQUIRE(all.experiments.size() == 2);
  CHECK(all.experiments[0].entries.size() == 7);
  CHECK(all.experiments[0].row.stats.test_points == 4);

  // The experiments were created "now", before the period: the quiet one is left out
  // unless named, and the other shows the period's entries with the whole analysis.
  const ReportInput recent = leadlab::load_report(journal, {}, day("2031-11-01"), today);
  REQUIRE(recent.experiments.size() == 1);
  const ReportExperiment& r = recent.experiments[0];
  CHECK(r.entries.size() == 2);
  CHECK(r.entries_before_period == 5);
  CHECK(r.analysis.metrics[0].analysis.comparison.baseline.n == 3);
  const std::string report = render_markdown_report(recent);
  CHECK(report.find(", 2031-11-01 to 2031-11-08\n") != std::string::npos);
  // The table covers the period: 2031-10-27 (in W44, before the period) is left out.
  CHECK(report.find("| 2031-W44 |") == std::string::npos);
  CHECK(report.find("| 2031-W45 | testing | 2 | 6 (12) |") != std::string::npos);
  CHECK(report.find("| 2031-10-27 |") == std::string::npos);
  CHECK(report.find("| 2031-11-03 | testing | 6 |") != std::string::npos);
  CHECK(report.find("also the 5 before the period") != std::string::npos);

  const ReportInput named = leadlab::load_report(journal, {quiet.id}, day("2031-11-01"), today);
  REQUIRE(named.experiments.size() == 1);
  CHECK(named.experiments[0].row.experiment.title == "Quiet one");
  CHECK_THROWS_AS(leadlab::load_report(journal, {9}, std::nullopt, today), leadlab::UsageError);
}

TEST_CASE("the report written one experiment at a time is the report rendered whole") {
  TempDir dir;
  Journal journal = Journal::create(dir.file("j.db"), "Ana");
  leadlab::ExperimentSpec spec;
  spec.title = "Ask first";
  spec.hypothesis = "h";
  spec.change = "c";
  spec.metrics = {"questions:count", "statements:count:down"};
  spec.derived = {"share = questions / (questions + statements)"};
  const leadlab::testing::ScopedEnv now("LEADLAB_NOW", "2031-09-01T09:00:00.000Z");
  const Day today = day("2031-11-08");
  const auto one = leadlab::create_experiment(journal, spec);
  spec.follows = one.id;
  const auto two = leadlab::create_experiment(journal, spec);
  spec.follows = two.id;
  leadlab::create_experiment(journal, spec);
  leadlab::begin_baseline(journal, one.id, day("2031-10-01"), today);
  for (const char* date : {"2031-10-01", "2031-10-06", "2031-10-08"})
    leadlab::log_entry(journal, {one.id, {"questions=2", "statements=5"}, day(date)}, today);
  leadlab::begin_test(journal, one.id, day("2031-10-13"), today);
  for (const char* date : {"2031-10-13", "2031-10-27", "2031-11-03"})
    leadlab::log_entry(journal, {one.id, {"questions=6", "statements=0"}, day(date)}, today);

  for (const std::optional<Day> since : {std::optional<Day>(), std::optional(day("2031-10-20"))}) {
    CAPTURE(since.has_value());
    std::ostringstream streamed;
    leadlab::write_markdown_report(streamed, leadlab::report_scope(journal, since, today),
                                   leadlab::report_experiments(journal, {}, since));
    CHECK(streamed.str() ==
          render_markdown_report(leadlab::load_report(journal, {}, since, today)));
  }
  // The whole journal's lineage (from one list) is the lineage each experiment reads alone.
  std::ostringstream whole;
  leadlab::write_markdown_report(whole, leadlab::report_scope(journal, std::nullopt, today),
                                 leadlab::report_experiments(journal, {}, std::nullopt));
  std::ostringstream named;
  leadlab::write_markdown_report(named, leadlab::report_scope(journal, std::nullopt, today),
                                 leadlab::report_experiments(journal, {1, 2, 3}, std::nullopt));
  CHECK(whole.str() == named.str());
  CHECK(whole.str().find("- **Series:** cycle 3 of the series begun by experiment 1 (Ask first); "
                         "follows experiment 2 (Ask first)\n") != std::string::npos);
}
