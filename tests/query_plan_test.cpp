// Per-experiment commands must not scan the whole journal: every statement that `show ID`,
// `export ID` and `log` run is recorded as it runs, and its EXPLAIN QUERY PLAN must reach
// rows through an index (SEARCH), never by reading a whole table (SCAN).
#include <doctest/doctest.h>

#include <algorithm>
#include <sstream>

#include "demo_fixture.hpp"
#include "leadlab/actions/comments.hpp"
#include "leadlab/actions/entries.hpp"
#include "leadlab/actions/experiments.hpp"
#include "leadlab/actions/load_report.hpp"
#include "leadlab/actions/review.hpp"
#include "leadlab/report/markdown_report.hpp"
#include "leadlab/storage/journal.hpp"
#include "test_support.hpp"

using leadlab::Day;
using leadlab::Journal;
using leadlab::testing::day;
using leadlab::testing::TempDir;

namespace {

// The plan lines that read a whole table that grows with use. "SCAN CONSTANT ROW" and
// "SCAN 3 CONSTANT ROWS" read the statement's own VALUES, no table, and `journal` holds the
// journal's few facts (uuid, owner, created), never more.
bool reads_constants(const std::string& line) {
  return line == "SCAN CONSTANT ROW" ||
         (line.size() > 19 && line.compare(line.size() - 14, 14, " CONSTANT ROWS") == 0 &&
          line.find_first_not_of("0123456789", 5) == line.size() - 14);
}

std::vector<std::string> scans(const Journal& journal, const std::string& sql) {
  std::vector<std::string> out;
  for (const std::string& line : journal.query_plan(sql))
    if (line.rfind("SCAN ", 0) == 0 && !reads_constants(line) && line != "SCAN journal")
      out.push_back(line);
  return out;
}

// The statements `work` runs on `journal`, each once, in the order first run.
template <typename Work>
std::vector<std::string> statements_of(Journal& journal, Work work) {
  std::vector<std::string> seen;
  journal.observe_statements([&](std::string_view sql) {
    if (std::find(seen.begin(), seen.end(), sql) == seen.end()) seen.emplace_back(sql);
  });
  work();
  journal.observe_statements({});
  return seen;
}

void check_no_scans(const Journal& journal, const std::vector<std::string>& statements) {
  for (const std::string& sql : statements) {
    CAPTURE(sql);
    CHECK(scans(journal, sql).empty());
  }
}

bool any_reads(const std::vector<std::string>& statements, const std::string& table) {
  return std::any_of(statements.begin(), statements.end(), [&](const std::string& sql) {
    return sql.find("FROM " + table) != std::string::npos;
  });
}

// Twelve experiments, each with entries, a review or a comment, so that a table scan and an
// index search are different plans.
Journal heavy_enough(const TempDir& dir, Day today) {
  Journal journal = Journal::create(dir.file("j.db"), "Ana");
  leadlab::ExperimentSpec spec;
  spec.hypothesis = "Asking first brings out more ideas";
  spec.change = "Ask two questions before any statement";
  spec.metrics = {"questions:count", "statements:count:down"};
  spec.derived = {"share=questions/(questions+statements)"};
  for (int i = 1; i <= 12; ++i) {
    spec.title = "Experiment " + std::to_string(i);
    const auto e = leadlab::create_experiment(journal, spec);
    leadlab::begin_baseline(journal, e.id, day("2031-09-01"), today);
    for (const char* date : {"2031-09-01", "2031-09-03", "2031-09-08"})
      leadlab::log_entry(journal, {e.id, {"questions=2", "statements=6"}, day(date)}, today);
    leadlab::begin_test(journal, e.id, day("2031-09-10"), today);
    for (const char* date : {"2031-09-10", "2031-09-15", "2031-09-17"})
      leadlab::log_entry(journal, {e.id, {"questions=5", "statements=4"}, day(date)}, today);
    leadlab::add_comment(journal, e.id, "Good start", "Coach");
  }
  return journal;
}

}  // namespace

TEST_CASE("the detector sees a scan: a query on an unindexed column reads the whole table") {
  TempDir dir;
  const Journal journal = Journal::create(dir.file("j.db"), "Ana");
  CHECK_FALSE(scans(journal, "SELECT * FROM entries WHERE note = ?").empty());
  CHECK(scans(journal, "SELECT * FROM entries WHERE experiment_id = ?").empty());
}

TEST_CASE("show ID, export ID and log reach one experiment's rows through indexes") {
  TempDir dir;
  const Day today = day("2031-09-20");
  Journal journal = heavy_enough(dir, today);
  const std::int64_t id = 7;

  const auto show = statements_of(journal, [&] {
    const auto e = leadlab::require_experiment(journal, id);
    (void)journal.stats(e);
    CHECK(journal.entries(id).size() == 6);
    (void)leadlab::lineage_of(journal, e);
    (void)journal.reviews(id);
    CHECK(journal.comments(id).size() == 1);
  });
  CHECK(any_reads(show, "entries"));
  CHECK(any_reads(show, "comments"));
  check_no_scans(journal, show);

  const auto report = statements_of(journal, [&] {
    std::ostringstream out;
    leadlab::write_markdown_report(out, leadlab::report_scope(journal, std::nullopt, today),
                                   leadlab::report_experiments(journal, {id}, std::nullopt));
    CHECK(out.str().find("Experiment 7") != std::string::npos);
  });
  CHECK(any_reads(report, "entries"));
  check_no_scans(journal, report);

  const auto log = statements_of(journal, [&] {
    leadlab::log_entry(journal, {id, {"questions=7", "statements=2"}, today}, today);
  });
  CHECK(std::any_of(log.begin(), log.end(), [](const std::string& sql) {
    return sql.rfind("INSERT INTO entries", 0) == 0;
  }));
  check_no_scans(journal, log);
}
