// The dashboard behind `status`: for each experiment in its baseline or testing, where it
// stands (points against the plan, last entry, latest value against the baseline), its
// strongest run-chart signal, and what is due.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "leadlab/analysis/analysis.hpp"
#include "leadlab/analysis/series.hpp"
#include "leadlab/model/model.hpp"

namespace leadlab {

// Nothing logged for this many days (since the last entry, or since the current phase
// began when that is later) earns a nudge.
inline constexpr int kNudgeDays = 7;

enum class DueKind {
  kReadyToStart,  // in baseline, the planned baseline points are logged
  kReviewDue,     // in testing, the planned test points are logged
  kLogNudge,      // nothing logged for kNudgeDays or more
};
// "ready to start the test", "review due", "nothing logged lately" (the JSON values).
std::string_view to_string(DueKind kind);

struct Due {
  DueKind kind = DueKind::kLogNudge;
  std::string message;  // one line, e.g. "review due: 6 of 6 planned test points logged"
};

// The latest value of the headline metric (headline_metric()) against the baseline median.
struct Headline {
  Metric metric;
  std::optional<OccasionValue> latest;    // nullopt: no value logged yet
  std::optional<double> baseline_median;  // nullopt: no baseline values
  // latest - baseline median, raw; nullopt while the latest value is a baseline value (it
  // is part of that median: nothing to compare with yet).
  std::optional<double> change;
  std::optional<bool> better;  // the change is in the better direction; nullopt when there
                               // is no change or it is 0
  std::vector<double> values;  // every value, baseline then test, for a sparkline
  int baseline_points = 0;     // how many of `values` are baseline values
};

// The strongest run-chart signal among the experiment's metrics: a shift before a trend,
// then the longer one; on a tie the headline metric's, then the first metric's.
struct Signal {
  std::string metric;
  std::string_view kind;  // "shift" or "trend"
  Stretch stretch;
  Day from{};
  Day to{};
  std::optional<double> centre;  // the baseline median (for a shift)
  // The metric's adequacy: with "not enough data" the signal is shown but not evidence yet.
  Adequacy adequacy = Adequacy::kNotEnoughData;
};

struct DashboardItem {
  Experiment experiment;
  ExperimentStats stats;
  Day quiet_since{};  // the later of the last entry and the current phase's start
  int quiet_days = 0;
  std::optional<Headline> headline;
  std::optional<Signal> signal;
  std::vector<Due> due;
};

// One experiment's place on the dashboard, from its entries (in any order).
DashboardItem dashboard_item(const Experiment& experiment, std::span<const Entry> entries,
                             Day today);

// One row of `overview`, for a coach with many clients: whose journal it is, how many
// experiments are active, the last entry, what is due, and the latest active experiment as
// `status` shows it. actions/overview.hpp reads it from a journal.
struct OverviewRow {
  std::string path;  // as given
  // Why the journal could not be read (missing, not a journal, newer, damaged, locked),
  // with a hint; empty when it was read. The fields below are empty then.
  std::string error;
  std::string hint;
  std::string owner;
  // Whose records the journal holds: the owners of the journals its experiments were
  // imported from (a coach's copy), joined by ", "; for a coach's mirror (`sync clone
  // --coach`), the owner its remote names; the owner's own journal: the owner.
  std::string client;
  std::string coach;    // a coach's mirror: the coach it is for; empty for any other journal
  int experiments = 0;  // all of them, drafts and closed ones included
  int active = 0;       // in baseline or testing
  std::optional<Day> last_entry;  // the latest entry of any experiment
  int reviews_due = 0;            // active experiments with their planned test points in
  int ready_to_start = 0;         // in baseline with the planned baseline points in
  int quiet = 0;                  // active, with nothing logged for kNudgeDays or more
  // The latest active experiment: the one with the most recent entry (the newest on a tie,
  // or when nothing was logged yet), as `status` shows it. nullopt without active ones.
  std::optional<DashboardItem> latest;
};

}  // namespace leadlab
