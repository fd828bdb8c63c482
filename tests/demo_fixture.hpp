// The demo experiment of examples/question-ratio.sh as values in memory, for unit tests of
// the analysis, the dashboard and the summary: five baseline and six test meetings; and the
// same in a journal on disk. (The end-to-end tests build it with the script itself:
// make_demo in e2e/cli_runner.hpp.)
#pragma once

#include <cstdint>
#include <initializer_list>
#include <map>
#include <string>
#include <vector>

#include "leadlab/model/dates.hpp"
#include "leadlab/model/model.hpp"
#include "leadlab/storage/journal.hpp"
#include "test_support.hpp"

namespace leadlab::testing {

inline Metric count_metric(const char* name, Direction direction = Direction::kUp) {
  return {.name = name, .kind = MetricKind::kCount, .direction = direction};
}

inline Metric derived_metric(const char* name, const char* formula) {
  return {.name = name, .kind = MetricKind::kDerived, .formula = formula};
}

// An entry numbered `id` on `date` with these stored values.
inline Entry entry(std::int64_t id, const char* date, std::map<std::string, double> values,
                   std::int64_t experiment_id = 1) {
  Entry e;
  e.id = id;
  e.experiment_id = experiment_id;
  e.date = day(date);
  e.values = std::move(values);
  return e;
}

// "Ask before telling": baseline from 2026-09-28, test from 2026-10-15.
inline Experiment demo_experiment() {
  Experiment e;
  e.id = 1;
  e.title = "Ask before telling";
  e.status = Status::kTesting;
  e.baseline_points = 5;
  e.test_points = 6;
  e.baseline_start = day("2026-09-28");
  e.test_start = day("2026-10-15");
  e.metrics = {count_metric("questions"), count_metric("statements", Direction::kDown),
               derived_metric("share", "questions / (questions + statements)")};
  return e;
}

// Baseline shares 3/12, 2/13, 4/14, 3/11, 2/14; test 6/13, 8/14, 7/15, 9/14, 10/16, 8/12.
inline std::vector<Entry> demo_entries() {
  struct Row {
    const char* date;
    double questions;
    double statements;
  };
  const Row rows[] = {{"2026-09-28", 3, 9},  {"2026-10-01", 2, 11}, {"2026-10-05", 4, 10},
                      {"2026-10-08", 3, 8},  {"2026-10-12", 2, 12}, {"2026-10-15", 6, 7},
                      {"2026-10-19", 8, 6},  {"2026-10-22", 7, 8},  {"2026-10-26", 9, 5},
                      {"2026-10-29", 10, 6}, {"2026-11-02", 8, 4}};
  std::vector<Entry> out;
  std::int64_t id = 1;
  for (const Row& r : rows)
    out.push_back(entry(id++, r.date, {{"questions", r.questions}, {"statements", r.statements}}));
  return out;
}

// The demo experiment (in testing, 5 + 6 entries up to 2026-11-02) in a new journal at
// `path`, owned by `owner`.
inline Journal make_demo_journal(const std::string& path, const std::string& owner = "Ana") {
  Journal journal = Journal::create(path, owner);
  auto tx = journal.begin_write();
  Experiment e = demo_experiment();
  journal.insert_experiment(e);
  for (Entry entry : demo_entries()) journal.insert_entry(entry, e);
  tx.commit();
  return journal;
}

}  // namespace leadlab::testing
