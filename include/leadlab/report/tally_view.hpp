// What `leadlab tally` draws: the line of keys and counts it redraws after each key press.
#pragma once

#include <string>

#include "leadlab/analysis/tally.hpp"
#include "leadlab/report/text_view.hpp"

namespace leadlab {

// The line `tally` redraws after each key: "[q] questions 3  [s] statements 5  share 0.38".
std::string tally_line(const Tally& tally, const RenderOptions& options);

}  // namespace leadlab
