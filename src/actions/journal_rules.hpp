// The record rules of model/rules.hpp applied to what a journal stores, each problem naming
// its record ("experiment 3: status testing without a test start", "entry 12 of experiment
// 3: its value 7 for \"mood\" is not ..."). `check` applies them to the whole journal;
// `import` to the experiments a merge changed, before it commits. Private to actions.
#pragma once

#include <string>
#include <vector>

#include "leadlab/model/dates.hpp"
#include "leadlab/model/model.hpp"
#include "leadlab/storage/journal.hpp"

namespace leadlab {

// The latest date an entry may have, `today` being the local day: one day later, for a
// bundle logged where the day has already begun (the same slack for `check` and `import`).
Day latest_entry_day(Day today);

// The problems of experiment `e` as stored, and of its entries, reviews and comments.
std::vector<std::string> experiment_rule_problems(const Journal& journal, const Experiment& e,
                                                  Day latest);

// The problems of UUIDs more than one record holds (Journal::shared_uuids), named by the
// kinds that hold each ("UUID … is held by an entry and a comment").
std::vector<std::string> shared_uuid_problems(const Journal& journal,
                                              const std::vector<std::string>& uuids);

// Every rule problem in the journal: each experiment's records, and the shared UUIDs.
std::vector<std::string> journal_rule_problems(const Journal& journal, Day latest);

}  // namespace leadlab
