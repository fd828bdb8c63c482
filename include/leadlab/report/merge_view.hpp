// What an import changed (or would change), as lines a person reads and as JSON.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "leadlab/model/bundle.hpp"

namespace leadlab {

// The report as lines a person reads ("  entries      11 added, 1 updated") and as JSON
// ({"changes": bool, "owner_set": bool, "counts": {"entries": {"added": 11, ...}}, "notes"}).
std::string describe_merge(const MergeReport& report);
// The line above those: "Imported NAME:", "Importing NAME would change:" (a dry run), and
// when nothing changes, whether that is because the journal has it all already or because
// it kept its newer copies (or its deletions) over the bundle's.
std::string merge_headline(const MergeReport& report, const std::string& name, bool dry_run);
nlohmann::json merge_json(const MergeReport& report);

}  // namespace leadlab
