// What `sync` and `sync status` print (docs/sync.md): what went in and out, in words and as
// JSON, and the conflicts a sync kept.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "leadlab/model/three_way.hpp"

namespace leadlab {

// "3 entries and 1 comment", or "nothing" when nothing changed.
std::string changes_words(const std::map<std::string, RecordChanges>& changes);
nlohmann::json changes_json(const std::map<std::string, RecordChanges>& changes);

// One line for a conflict: "entry 0f3c… (experiment 5e1a…), note: took "Budget" (edited
// 2026-11-02T10:00Z), kept "Budget review" (2026-11-02T09:00Z)".
std::string conflict_words(const FieldConflict& conflict);
// The same line with the record named by `record` ("entry 3 (2026-11-02)"), as `show` names
// it: "entry 3 (2026-11-02), note: took ..., kept ...".
std::string conflict_words(const FieldConflict& conflict, const std::string& record);
nlohmann::json conflict_json(const FieldConflict& conflict);
// "the entry 0f3c… was deleted here and changed on the other side: kept"
std::string kept_words(const KeptRecord& kept);
nlohmann::json kept_json(const KeptRecord& kept);

}  // namespace leadlab
