// `overview` for the terminal: a table of journals, one row each, with the latest active
// experiment and its signal under the row of a journal that has one.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "leadlab/analysis/dashboard.hpp"
#include "leadlab/report/text_view.hpp"

namespace leadlab {

// Fits 80 columns; paths, owners, titles and error messages are made terminal safe.
std::string render_overview(const std::vector<OverviewRow>& rows, const RenderOptions& options);

// The rows for `--json`: {"today", "nudge_days", "journals": [...]}, each journal with its
// error or its facts, and `latest` as an element of `status --json`'s experiments.
nlohmann::json overview_json(const std::vector<OverviewRow>& rows, Day today);

}  // namespace leadlab
