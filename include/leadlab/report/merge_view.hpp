// What an import changed (or would change), as lines a person reads and as JSON.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "leadlab/model/bundle.hpp"

namespace leadlab {

// The report as lines a person reads ("  entries      11 added, 1 updated") and as JSON
// ({"changes": bool, "origin": owner, "counts": {"entries": {"added": 11, ...}}, "details",
// "notes"}).
std::string describe_merge(const MergeReport& report);
// A dry run's records one per line ("  entry added: of 2026-10-02 in experiment 1 \"...\""),
// at most `per_kind` of each kind, then how many more.
std::string describe_merge_details(const MergeReport& report, std::size_t per_kind = 20);
// The line above those: "Imported NAME:", "Importing NAME would change:" (a dry run), and
// when nothing changes, whether that is because the journal has it all already or because
// it kept its newer copies (or its deletions) over the bundle's.
std::string merge_headline(const MergeReport& report, const std::string& name, bool dry_run);
nlohmann::json merge_json(const MergeReport& report);

}  // namespace leadlab
