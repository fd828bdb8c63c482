#include "leadlab/report/chart.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string_view>
#include <vector>

#include "leadlab/analysis/analysis.hpp"
#include "leadlab/model/text.hpp"

namespace leadlab {
namespace {

constexpr std::string_view kUnicodeLevels[] = {"▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"};
constexpr std::string_view kAsciiLevels[] = {"_", ".", ":", "-", "=", "+", "*", "#"};
constexpr int kLevels = 8;
constexpr int kMinWidth = 40;
constexpr std::size_t kMaxLabel = 10;

struct Glyphs {
  std::string_view baseline;
  std::string_view test;
  std::string_view median;
  std::string_view separator;          // the column where the test phase starts
  std::string_view separator_on_line;  // where that column crosses the median
  std::string_view axis;
  std::string_view axis_labelled;  // beside a y label
  std::string_view axis_on_line;   // where the median meets the axis
};
constexpr Glyphs kUnicodeGlyphs{"○", "●", "─", "│", "┼", "│", "┤", "┼"};
constexpr Glyphs kAsciiGlyphs{"o", "*", "-", "|", "+", "|", "+", "+"};

// A y-axis or median label that stays short even for a huge value, so the plot keeps its
// room: two decimals when that is short enough, else three significant digits.
std::string label(double value) {
  std::string text = format_number(value, 2);
  if (text.size() <= kMaxLabel) return text;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", value);
  return buf;
}

std::string rtrim(std::string line) {
  while (!line.empty() && line.back() == ' ') line.pop_back();
  return line;
}

// Where the points go: which of them fit, how many columns each takes, and where the test
// phase starts (its column, or -1 when it is not among the shown points).
struct Layout {
  int first = 0;  // index of the first shown point
  int step = 2;   // columns per point
  int separator = -1;
  int columns = 0;
  std::vector<int> column;  // per shown point
};

Layout lay_out(int m, int total, int room) {
  Layout layout;
  const int separator = (m > 0 && total > m) ? 1 : 0;
  // Two columns per point read best; one column per point shows twice as many.
  if (total * 2 + separator > room) layout.step = 1;
  const int shown = std::min(total, room - separator);
  layout.first = total - shown;
  int pos = 0;
  for (int k = layout.first; k < total; ++k) {
    if (separator && k == m) layout.separator = pos++;  // k == m only when it is shown
    layout.column.push_back(pos + layout.step - 1);
    pos += layout.step;
  }
  layout.columns = pos;
  return layout;
}

// The legend's parts, indented under the plot, two spaces apart, wrapped to `width`.
std::string wrap_legend(const std::vector<std::string>& parts, int indent, int width) {
  std::string out;
  int used = 0;
  for (const std::string& part : parts) {
    const int size = display_width(part);
    if (used > 0 && used + 2 + size <= width) {
      out += "  " + part;
      used += 2 + size;
      continue;
    }
    // A new line, indented as far as the width allows (the parts are short, so a little).
    const int pad = std::max(0, std::min(indent, width - size));
    out += (used > 0 ? "\n" : "") + std::string(static_cast<std::size_t>(pad), ' ') + part;
    used = pad + size;
  }
  return out;
}

// Maps a value to its row: the maximum on the top row (0), the minimum on the bottom one.
// Without a range every value sits on the middle row, which then carries the only label.
struct Scale {
  double lo = 0;
  double hi = 0;
  int height = 7;
  int row(double v) const {
    if (hi == lo) return height / 2;
    return static_cast<int>(std::lround((hi - v) / (hi - lo) * (height - 1)));
  }
  bool labelled(int r) const { return hi == lo ? r == height / 2 : r == 0 || r == height - 1; }
};

using Grid = std::vector<std::vector<std::string_view>>;  // rows of one-column glyphs

// The plot area: the median line, the test-start column, then the points over both.
Grid plot(const std::vector<double>& values, int m, const Layout& layout, const Scale& scale,
          int median_row, const Glyphs& g) {
  Grid grid(static_cast<std::size_t>(scale.height),
            std::vector<std::string_view>(static_cast<std::size_t>(layout.columns), " "));
  for (int r = 0; r < scale.height; ++r) {
    auto& row = grid[static_cast<std::size_t>(r)];
    if (r == median_row) std::fill(row.begin(), row.end(), g.median);
    if (layout.separator >= 0)
      row[static_cast<std::size_t>(layout.separator)] =
          r == median_row ? g.separator_on_line : g.separator;
  }
  for (int k = layout.first; k < static_cast<int>(values.size()); ++k) {
    const auto row = static_cast<std::size_t>(scale.row(values[static_cast<std::size_t>(k)]));
    const auto col =
        static_cast<std::size_t>(layout.column[static_cast<std::size_t>(k - layout.first)]);
    grid[row][col] = k < m ? g.baseline : g.test;
  }
  return grid;
}

// The conservative dual criterion's two moved lines over the test phase, where no point,
// separator or median is drawn: the mean line and the trend line (run_chart.hpp's Cdc).
// A line beyond the plotted range is left out rather than drawn at the edge.
void draw_cdc(Grid& grid, const Cdc& cdc, int m, const Layout& layout, const Scale& scale,
              bool ascii) {
  const std::string_view mean_glyph = ascii ? "~" : "╌";
  const std::string_view trend_glyph = ascii ? "." : "·";
  const auto put = [&](double value, std::size_t col, std::string_view glyph) {
    if (!std::isfinite(value) || value < scale.lo || value > scale.hi) return;
    auto& cell = grid[static_cast<std::size_t>(scale.row(value))][col];
    if (cell == " ") cell = glyph;
  };
  for (std::size_t k = 0; k < layout.column.size(); ++k) {
    const int index = layout.first + static_cast<int>(k);
    if (index < m) continue;
    for (int c = layout.column[k] - layout.step + 1; c <= layout.column[k]; ++c) {
      const auto col = static_cast<std::size_t>(c);
      put(cdc.trend_line(index), col, trend_glyph);
      put(cdc.mean_line(), col, mean_glyph);
    }
  }
}

// The legend's two parts for the dual criterion's lines; `hidden` when the moved mean falls
// on the median's row, where the median line wins.
void add_cdc_legend(std::vector<std::string>& legend, const Cdc& cdc, bool ascii, bool hidden) {
  const std::string moved = cdc.offset < 0 ? " - 0.25 SD" : " + 0.25 SD";
  legend.push_back("dual criterion: " + std::string(ascii ? "~" : "╌") + " mean" + moved +
                   (hidden ? " (on the median row)" : ""));
  legend.push_back(std::string(ascii ? "." : "·") + " trend" + moved);
}

}  // namespace

std::string sparkline(std::span<const std::optional<double>> values, bool ascii) {
  double lo = INFINITY;
  double hi = -INFINITY;
  for (const auto& v : values) {
    if (!v || !std::isfinite(*v)) continue;
    lo = std::min(lo, *v);
    hi = std::max(hi, *v);
  }
  std::string out;
  for (const auto& v : values) {
    if (!v || !std::isfinite(*v)) {
      out += ' ';
      continue;
    }
    const long level =
        hi == lo ? kLevels / 2 - 1 : std::lround((*v - lo) / (hi - lo) * (kLevels - 1));
    out += (ascii ? kAsciiLevels : kUnicodeLevels)[level];
  }
  return out;
}

std::string render_run_chart(std::span<const double> all_baseline, std::span<const double> all_test,
                             const RunChartOptions& options) {
  const std::vector<double> baseline = finite_values(all_baseline);
  std::vector<double> values = baseline;
  for (double v : finite_values(all_test)) values.push_back(v);
  const int m = static_cast<int>(baseline.size());
  const int total = static_cast<int>(values.size());
  if (total == 0) return "no points to chart yet";
  const Glyphs& g = options.ascii ? kAsciiGlyphs : kUnicodeGlyphs;
  const int width = std::max(options.width, kMinWidth);
  const auto [lo, hi] = std::minmax_element(values.begin(), values.end());
  const Scale scale{*lo, *hi, std::clamp(options.height, 3, 20)};
  const std::optional<double> centre = median_of(baseline);

  const std::string top = label(scale.hi);
  const std::string bottom = label(scale.lo);
  const int label_width = static_cast<int>(std::max(top.size(), bottom.size()));
  const std::string right = centre ? " median " + label(*centre) : "";
  const int room = width - label_width - 2 - static_cast<int>(right.size());
  const Layout layout = lay_out(m, total, room);
  const int median_row = centre ? scale.row(*centre) : -1;
  Grid grid = plot(values, m, layout, scale, median_row, g);
  std::optional<Cdc> cdc;
  if (options.cdc_direction)
    cdc = analyse_cdc(baseline, finite_values(all_test), *options.cdc_direction);
  if (cdc) draw_cdc(grid, *cdc, m, layout, scale, options.ascii);

  std::string out;
  for (int r = 0; r < scale.height; ++r) {
    const bool labelled = scale.labelled(r);
    const std::string y =
        labelled ? (r == scale.height - 1 && scale.hi != scale.lo ? bottom : top) : "";
    std::string line = pad_left(y, label_width) + " ";
    line += r == median_row ? g.axis_on_line : labelled ? g.axis_labelled : g.axis;
    for (std::string_view cell : grid[static_cast<std::size_t>(r)]) line += cell;
    if (r == median_row) line += right;
    out += rtrim(std::move(line)) + "\n";
  }

  std::vector<std::string> legend;
  if (m > 0) legend.push_back(std::string(g.baseline) + " baseline");
  if (total > m)
    legend.push_back(std::string(g.test) +
                     (m > 0 ? " test" : " test (no baseline, so no median line)"));
  if (cdc)
    add_cdc_legend(legend, *cdc, options.ascii,
                   centre && scale.row(cdc->mean_line()) == median_row);
  if (layout.first > 0)
    legend.push_back("(last " + std::to_string(total - layout.first) + " of " +
                     std::to_string(total) + " points)");
  return out + wrap_legend(legend, label_width + 2, width);
}

}  // namespace leadlab
