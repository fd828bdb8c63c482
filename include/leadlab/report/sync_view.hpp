// What `sync` and `sync status` print (docs/sync.md): what went in and out, in words and as
// JSON, and the conflicts a sync kept.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "leadlab/analysis/report_input.hpp"
#include "leadlab/model/three_way.hpp"

namespace leadlab {

// "3 entries and 1 comment", or "nothing" when nothing changed.
std::string changes_words(const std::map<std::string, RecordChanges>& changes);
nlohmann::json changes_json(const std::map<std::string, RecordChanges>& changes);

// The record `uuid` of a `kind` (a conflict's, a kept deletion's), named as `show` names it
// within its experiment: "experiment
// 1", "metric questions", "entry 3 (2026-11-02)", "review of 2026-11-02", "comment [2]"; by
// its UUID's start when the experiment no longer holds it.
std::string record_name(const std::string& uuid, const std::string& kind,
                        const ReportExperiment& shown);

// One line for a conflict: "entry 3 (2026-11-02) of experiment 1, note: took "Budget"
// (2026-11-02T10:00Z), kept "Budget review" (2026-11-02T09:00Z)"; a record whose experiment
// is not in `experiments` by the starts of its UUIDs ("entry 0f3c1a2b of experiment 5e1a…").
std::string conflict_words(const FieldConflict& conflict, const ExperimentsByUuid& experiments);
// The same line with the record named by `record` ("entry 3 (2026-11-02)").
std::string conflict_words(const FieldConflict& conflict, const std::string& record);
// A conflict's line as a list item for a terminal `width` wide: "  " before it, its lines
// wrapped (long words broken) and the following ones indented by four spaces.
std::string conflict_item(const std::string& line, int width);
nlohmann::json conflict_json(const FieldConflict& conflict);
// "the entry 3 (2026-11-02) of experiment 1 was deleted here and changed on another device:
// it is kept"
std::string kept_words(const KeptRecord& kept, const ExperimentsByUuid& experiments);
nlohmann::json kept_json(const KeptRecord& kept);

}  // namespace leadlab
