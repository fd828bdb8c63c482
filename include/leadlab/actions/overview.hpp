// `overview`: for a coach with many clients, one row per journal: whose it is, how many
// experiments are active, the last entry, the latest experiment's strongest signal and
// what is due. Each journal is opened read-only (no byte of it changes, no file appears
// beside it), and one that cannot be read gets a row saying why instead of stopping the
// others. The per-experiment facts are the `status` dashboard's (dashboard.hpp).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "leadlab/analysis/dashboard.hpp"
#include "leadlab/model/model.hpp"

namespace leadlab {

struct OverviewRow {
  std::string path;  // as given
  // Why the journal could not be read (missing, not a journal, newer, damaged, locked),
  // with a hint; empty when it was read. The fields below are empty then.
  std::string error;
  std::string hint;
  std::string owner;
  int experiments = 0;            // all of them, drafts and closed ones included
  int active = 0;                 // in baseline or testing
  std::optional<Day> last_entry;  // the latest entry of any experiment
  int reviews_due = 0;            // active experiments with their planned test points in
  int ready_to_start = 0;         // in baseline with the planned baseline points in
  int quiet = 0;                  // active, with nothing logged for kNudgeDays or more
  // The latest active experiment: the one with the most recent entry (the newest on a tie,
  // or when nothing was logged yet), as `status` shows it. nullopt without active ones.
  std::optional<DashboardItem> latest;
};

// Reads the journal at `path` read-only. Never throws for the journal's sake: what went
// wrong lands in `error`.
OverviewRow overview_row(const std::string& path, Day today);

// The rows for `--json`: {"today", "nudge_days", "journals": [...]}, each journal with its
// error or its facts, and `latest` as an element of `status --json`'s experiments.
nlohmann::json overview_json(const std::vector<OverviewRow>& rows, Day today);

}  // namespace leadlab
