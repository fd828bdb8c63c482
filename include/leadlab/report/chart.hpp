// Text pictures of a metric's series: a one-line sparkline and a small run chart with the
// baseline median, as pure functions from values to strings (no terminal access).
#pragma once

#include <optional>
#include <span>
#include <string>

#include "leadlab/model/model.hpp"

namespace leadlab {

// One character per value, scaled between the smallest and largest value present:
// Unicode "▁▂▃▄▅▆▇█", or with `ascii` the ramp "_.:-=+*#" (lowest to highest; not a space,
// so that a low value cannot be mistaken for a gap). A missing value (a period without an
// entry) is a space. When all values are equal every one is drawn at the middle level
// ("▄" / "-"). Non-finite values are drawn as gaps. No values: an empty string.
std::string sparkline(std::span<const std::optional<double>> values, bool ascii = false);

struct RunChartOptions {
  bool ascii = false;  // only bytes below 0x80
  int width = 80;      // columns the chart may take, at least 40
  int height = 7;      // rows of the plot area, 3 to 20
  // When set, the conservative dual criterion's two lines (run_chart.hpp's Cdc, for this
  // better direction) are drawn over the test phase: the moved baseline mean "╌" ("~") and
  // the moved baseline trend "·" ("."), on blank cells only, left out beyond the plotted
  // range, and named in the legend. Nothing is drawn without a Cdc (fewer than 3 baseline
  // points or no test points).
  std::optional<Direction> cdc_direction;
};

// A small run chart of a series split into baseline and test, each in time order (non-finite
// values are left out, as in analysis.hpp). For A = {3, 2, 4, 3, 2}, B = {4, 5, 5, 6, 4, 5}:
//
//   6 ┤          │       ●
//     │          │
//     │          │   ● ●     ●
//     │     ○    │ ●       ●
//     │          │
//     ┼─○─────○──┼──────────── median 3
//   2 ┤   ○     ○│
//      ○ baseline  ● test
//
// The y axis is labelled with the maximum (top row) and minimum (bottom row); the baseline
// median is a horizontal line ("─", or "-" with `ascii`) labelled on the right and drawn
// across baseline and test; baseline points are "○" ("o"), test points "●" ("*"), and a
// "│" ("|") column marks where the test phase starts. Points take two columns each when
// they fit, one otherwise; when even that is too wide the chart shows the last points that
// fit and says so in the legend (the "│" column then appears only if the test start is among
// them). Without baseline points there is no median line. Returns
// the lines joined by '\n', without a trailing newline, each at most `width` columns;
// "no points to chart yet" when both phases are empty.
std::string render_run_chart(std::span<const double> baseline, std::span<const double> test,
                             const RunChartOptions& options = {});

}  // namespace leadlab
