// What `show` prints about one experiment: its fields and entries, its series of cycles,
// the analysis, every review (oldest first: an amended review never hides the earlier one)
// and the comments; or all of it as JSON (docs/json.md).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "leadlab/analysis/report_input.hpp"
#include "leadlab/report/text_view.hpp"

namespace leadlab {

std::string render_show(const ReportExperiment& shown, const RenderOptions& options);
nlohmann::json show_json(const ReportExperiment& shown);

}  // namespace leadlab
