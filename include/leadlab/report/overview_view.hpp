// `overview` for the terminal: a table of journals, one row each, with the latest active
// experiment and its signal under the row of a journal that has one.
#pragma once

#include <string>
#include <vector>

#include "leadlab/actions/overview.hpp"
#include "leadlab/report/text_view.hpp"

namespace leadlab {

// Fits 80 columns; paths, owners, titles and error messages are made terminal safe.
std::string render_overview(const std::vector<OverviewRow>& rows, const RenderOptions& options);

}  // namespace leadlab
