// Entries: one occasion's values, note and whether the change was carried out as planned.
// Logging, correcting and deleting them; their values are read by model/values.hpp.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "leadlab/model/model.hpp"
#include "leadlab/model/values.hpp"
#include "leadlab/storage/journal.hpp"

namespace leadlab {

struct LogRequest {
  std::optional<std::int64_t> experiment_id;  // may be left out when one is active
  std::vector<std::string> assignments;       // "NAME=VALUE"
  Day date{};
  std::string time;  // "HH:MM" or empty
  std::string note;
  std::optional<std::string> off_plan;  // set: not carried out as planned, and how
};

struct LogResult {
  Experiment experiment;
  Entry entry;
  bool changed = true;  // false: an edit that gave what the entry already held
};

// The experiment an entry dated `date` goes to: the one named, else the only one in its
// baseline or testing. Throws UsageError when there is none, more than one, or it is a draft,
// closed, or not yet testing on that date.
Experiment loggable_experiment(const Journal& journal, std::optional<std::int64_t> id, Day date);

// Records one occasion. The experiment must be in baseline or testing; the date must not
// be in the future; at least one value is required. Writes one transaction.
LogResult log_entry(Journal& journal, const LogRequest& request, Day today);

struct EntryEdit {
  std::vector<std::string> assignments;  // "NAME=VALUE", or "NAME=" to remove a value
  std::optional<Day> date;
  std::optional<std::string> time;
  std::optional<std::string> note;
  std::optional<std::string> off_plan;
  bool as_planned = false;  // mark as carried out as planned again
};

// Changes an entry; what the edit leaves out stays as it was. Returns the entry after. An
// edit that changes nothing (none given, or each the same as stored) writes nothing, not
// even the entry's `updated`, and returns `changed` false.
LogResult edit_entry(Journal& journal, std::int64_t entry_id, const EntryEdit& edit, Day today);

// Deletes an entry; returns what was deleted so that it can be shown (and logged again).
LogResult delete_entry(Journal& journal, std::int64_t entry_id);

}  // namespace leadlab
