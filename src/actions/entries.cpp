#include "leadlab/actions/entries.hpp"

#include <cctype>
#include <charconv>
#include <cmath>

#include "leadlab/actions/experiments.hpp"
#include "leadlab/model/dates.hpp"
#include "leadlab/model/error.hpp"
#include "leadlab/model/formula.hpp"
#include "leadlab/model/text.hpp"

namespace leadlab {
namespace {

// One experiment in baseline or testing, for `log` without an id.
Experiment the_active_experiment(const Journal& journal) {
  auto active = journal.active_experiments();
  if (active.size() == 1) return std::move(active.front());
  if (active.empty()) {
    throw UsageError("no experiment is in its baseline or testing, so name one by its id",
                     "begin one with `leadlab baseline ID` (see `leadlab list`)");
  }
  std::string ids;
  for (const auto& e : active) ids += (ids.empty() ? "" : ", ") + std::to_string(e.id);
  const std::string first = std::to_string(active.front().id);
  throw UsageError("more than one experiment is active (" + ids + "); say which one",
                   "e.g. `leadlab log " + first + "` or `leadlab tally " + first + "`");
}

void check_loggable(const Experiment& e, Day date) {
  const std::string ref = "experiment " + std::to_string(e.id);
  if (e.status == Status::kDraft) {
    throw UsageError(ref + " is a draft: its baseline has not begun",
                     "begin it with `leadlab baseline " + std::to_string(e.id) +
                         "` (or `leadlab start " + std::to_string(e.id) +
                         "` to test without a baseline)");
  }
  if (e.status == Status::kClosed) {
    throw UsageError(ref + " is closed", "log against an active experiment (see `leadlab list`)");
  }
  if (e.baseline_start && date < *e.baseline_start) {
    throw UsageError(format_date(date) + " is before " + ref + "'s baseline began (" +
                         format_date(*e.baseline_start) + ")",
                     "an occasion before the baseline is not part of the experiment; give a "
                     "--date on or after " +
                         format_date(*e.baseline_start));
  }
  if (!e.baseline_start && e.test_start && date < *e.test_start) {
    throw UsageError(format_date(date) + " is before " + ref + "'s test began (" +
                         format_date(*e.test_start) + ") and it has no baseline",
                     "give a --date on or after " + format_date(*e.test_start));
  }
}

// --off-plan says what was done differently; an empty one would say nothing.
void check_off_plan(const std::optional<std::string>& off_plan) {
  if (!off_plan) return;
  check_text("--off-plan", *off_plan);
  if (off_plan->find_first_not_of(" \t\n") == std::string::npos) {
    throw UsageError("--off-plan needs what was done differently",
                     "e.g. --off-plan \"ran out of time; asked only twice\"");
  }
}

void check_date(Day date, Day today) {
  if (date > today) {
    throw UsageError("the entry's date " + describe_date(date, today) + " is in the future",
                     "log an occasion on the day or after it");
  }
}

}  // namespace

Experiment loggable_experiment(const Journal& journal, std::optional<std::int64_t> id, Day date) {
  Experiment e = id ? require_experiment(journal, *id) : the_active_experiment(journal);
  check_loggable(e, date);
  return e;
}

LogResult log_entry(Journal& journal, const LogRequest& request, Day today) {
  check_date(request.date, today);
  check_text("--note", request.note);
  check_off_plan(request.off_plan);
  auto tx = journal.begin_write();
  LogResult result{loggable_experiment(journal, request.experiment_id, request.date), Entry{}};
  const Experiment& e = result.experiment;
  if (request.assignments.empty()) {
    std::string example;
    for (const auto& m : e.metrics)
      if (m.kind != MetricKind::kDerived)
        example += " " + m.name + "=" + (m.kind == MetricKind::kYesNo ? "yes" : "3");
    throw UsageError("nothing to log: give at least one value",
                     "e.g. leadlab log " + std::to_string(e.id) + example);
  }
  Entry& entry = result.entry;
  for (const auto& [name, value] : parse_assignments(e, request.assignments, false))
    entry.values[name] = *value;
  entry.date = request.date;
  entry.time = request.time;
  entry.note = request.note;
  entry.as_planned = !request.off_plan;
  entry.deviation = request.off_plan.value_or("");
  journal.insert_entry(entry, e);
  tx.commit();
  return result;
}

namespace {

Entry require_entry(const Journal& journal, std::int64_t entry_id) {
  auto entry = journal.find_entry(entry_id);
  if (!entry) {
    throw UsageError("there is no entry " + std::to_string(entry_id),
                     "`leadlab entries ID` shows an experiment's entries and their numbers");
  }
  return std::move(*entry);
}

// What an edit can change: everything but the entry's identity and stamps.
bool same_content(const Entry& a, const Entry& b) {
  return a.date == b.date && a.time == b.time && a.note == b.note && a.as_planned == b.as_planned &&
         a.deviation == b.deviation && a.values == b.values;
}

}  // namespace

LogResult edit_entry(Journal& journal, std::int64_t entry_id, const EntryEdit& edit, Day today) {
  if (edit.date) check_date(*edit.date, today);
  if (edit.note) check_text("--note", *edit.note);
  check_off_plan(edit.off_plan);
  if (edit.off_plan && edit.as_planned) {
    throw UsageError("--off-plan and --as-planned contradict each other", "give one of them");
  }
  auto tx = journal.begin_write();
  LogResult result{Experiment{}, require_entry(journal, entry_id)};
  Entry& entry = result.entry;
  const Entry before = entry;
  result.experiment = require_experiment(journal, entry.experiment_id);
  for (const auto& [name, value] : parse_assignments(result.experiment, edit.assignments, true)) {
    if (value) {
      entry.values[name] = *value;
    } else {
      entry.values.erase(name);
    }
  }
  if (entry.values.empty()) {
    throw UsageError("entry " + std::to_string(entry_id) + " would be left without any value",
                     "to remove it, use `leadlab entry delete " + std::to_string(entry_id) + "`");
  }
  if (edit.date) {
    check_loggable(result.experiment, *edit.date);
    entry.date = *edit.date;
  }
  if (edit.time) entry.time = *edit.time;
  if (edit.note) entry.note = *edit.note;
  if (edit.off_plan) {
    entry.as_planned = false;
    entry.deviation = *edit.off_plan;
  }
  if (edit.as_planned) {
    entry.as_planned = true;
    entry.deviation.clear();
  }
  // An edit that gives what the entry holds writes nothing: a new `updated` would make this
  // copy win a merge against a real correction made elsewhere.
  result.changed = !same_content(before, entry);
  if (!result.changed) return result;
  journal.update_entry(entry, result.experiment);
  tx.commit();
  return result;
}

LogResult delete_entry(Journal& journal, std::int64_t entry_id) {
  auto tx = journal.begin_write();
  LogResult result{Experiment{}, require_entry(journal, entry_id)};
  result.experiment = require_experiment(journal, result.entry.experiment_id);
  journal.delete_entry(entry_id);
  tx.commit();
  return result;
}

}  // namespace leadlab
