// End-to-end: `check` finds every record that breaks a rule `new`, `log` and `import` apply
// (issue 23, finding 6), however it got into the journal: each planted with SQL into the
// demo journal, each reported, naming its record.
#include <SQLiteCpp/SQLiteCpp.h>
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "e2e/cli_runner.hpp"

using leadlab::testing::kToday;
using leadlab::testing::make_demo;
using leadlab::testing::RunResult;
using leadlab::testing::Sandbox;
using nlohmann::json;

namespace {

struct Planted {
  const char* sql;
  const char* found;  // a part of the problem `check` reports
};

// Entry 1..11 and metrics questions, statements, share (derived) are the demo's; the
// experiments 2 and 3 are drafts made for the test.
const Planted kPlanted[] = {
    {"UPDATE experiments SET title = '  ' WHERE id = 1", "experiment 1 (\"  \"): it has no title"},
    {"UPDATE experiments SET occasion = 'Meeting ' WHERE id = 1", "unknown occasion \"Meeting \""},
    {"UPDATE experiments SET success_rule = 'questions >>> (' WHERE id = 1", "does not parse"},
    {"UPDATE experiments SET baseline_points = 5000 WHERE id = 1", "planned points are not"},
    {"INSERT INTO experiment_tags VALUES (1, 'two words')", "\"two words\" holds a space"},
    {"INSERT INTO experiment_tags VALUES (1, 'red' || char(27))", "holds a control character"},
    {"UPDATE experiments SET status = 'testing' WHERE id = 2",
     "experiment 2 (\"Second\"): status testing without a test start"},
    {"UPDATE experiments SET status = 'closed' WHERE id = 3",
     "experiment 3 (\"Third\"): status closed although neither"},
    {"UPDATE metrics SET formula = 'questions +' WHERE name = 'share'",
     "metric \"share\": its formula does not parse"},
    {"UPDATE entry_values SET value = 1e300 WHERE entry_id = 1 AND metric_id = "
     "(SELECT id FROM metrics WHERE name = 'questions')",
     "entry 1 of experiment 1: its value"},
    {"UPDATE entry_values SET value = 18446744073709551616.0 WHERE entry_id = 2 AND metric_id "
     "= (SELECT id FROM metrics WHERE name = 'questions')",
     "entry 2 of experiment 1: its value 18446744073709551616 for \"questions\" is not"},
    {"UPDATE entries SET date = '2199-12-31' WHERE id = 3",
     "entry 3 of experiment 1: its date "
     "2199-12-31 is in the future"},
    {"UPDATE entries SET date = '1900-01-01' WHERE id = 4",
     "entry 4 of experiment 1: its date 1900-01-01 is before its experiment began"},
    {"UPDATE entries SET time = '25:99' WHERE id = 5", "entry 5 of experiment 1: its time"},
    {"INSERT INTO entry_values SELECT 6, id, 0.5 FROM metrics WHERE name = 'share'",
     "entry 6 of experiment 1: its value 0.5 for \"share\" is derived"},
    {"INSERT INTO comments (uuid, experiment_id, text, created, updated) SELECT uuid, 1, 'x', "
     "created, updated FROM entries WHERE id = 7",
     "is held by a comment and an entry"},
    {"INSERT INTO tombstones SELECT uuid, 'entry', updated FROM entries WHERE id = 8",
     "is held by a tombstone and an entry"},
    {"INSERT INTO reviews (uuid, experiment_id, next_by, created, updated) VALUES "
     "('00000000-0000-4000-8000-0000000000b1', 1, '3000-01-01', 'x', 'x')",
     "its next step's date 3000-01-01 is outside"},
    {"INSERT INTO comments (uuid, experiment_id, text, created, updated) VALUES "
     "('00000000-0000-4000-8000-0000000000c1', 1, CAST(X'FF' AS TEXT), 'x', 'x')",
     "comment 00000000-0000-4000-8000-0000000000c1 of experiment 1: its text"},
};

}  // namespace

TEST_CASE("check reports every record that breaks a rule, naming it") {
  Sandbox s;
  make_demo(s);
  for (const char* title : {"Second", "Third"})
    REQUIRE(s.run({"new", "--title", title, "--hypothesis", "h", "--change", "c", "--metric",
                   "q:count:up"},
                  kToday)
                .exit_code == 0);
  REQUIRE(s.run({"check"}, kToday).exit_code == 0);
  {
    SQLite::Database db(s.journal(), SQLite::OPEN_READWRITE);
    for (const Planted& p : kPlanted) db.exec(p.sql);
  }
  const RunResult r = s.run({"check", "--json"}, kToday);
  REQUIRE_MESSAGE(r.exit_code == 1, r.out << r.err);
  std::string problems;
  const json found = json::parse(r.out);
  for (const auto& p : found["problems"]) problems += p.get<std::string>() + "\n";
  for (const Planted& p : kPlanted) {
    CAPTURE(std::string(p.sql));
    CHECK_MESSAGE(problems.find(p.found) != std::string::npos, problems);
  }
}
