// What `show` prints about one experiment: its fields and entries, its series of cycles,
// the analysis, every review (oldest first: an amended review never hides the earlier one)
// and the comments, then the sync conflicts kept for it; or all of it as JSON (docs/json.md).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "leadlab/analysis/report_input.hpp"
#include "leadlab/model/three_way.hpp"
#include "leadlab/report/text_view.hpp"

namespace leadlab {

// `conflicts`: the sync conflicts kept for the experiment (actions/sync.hpp, sync_conflicts),
// listed last, each line as `sync status` words it with the record named as `show` names it.
std::string render_show(const ReportExperiment& shown, const RenderOptions& options,
                        const std::vector<FieldConflict>& conflicts = {});
nlohmann::json show_json(const ReportExperiment& shown,
                         const std::vector<FieldConflict>& conflicts = {});

}  // namespace leadlab
