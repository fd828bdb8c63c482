// The drawing both SVG run charts share (svg_chart.hpp): the one per occasion and the one per
// week. A Plot places a series' points along x (evenly, in order) and their values on a y
// scale with readable ticks, and writes the chart's parts: the frame with its title and
// description, the grid and axes, the phase line, the baseline median, each point in its
// phase's shape with its <title>, and a legend in shapes and words.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace leadlab::svg {

// A coordinate with at most one decimal, so that the file is short and stable; put_px
// appends it.
std::string px(double v);
void put_px(std::string& out, double v);

// How a point is drawn: baseline an open circle, test a filled square, a week with both
// phases a diamond (shapes, not colour alone, so that print in black and white reads).
enum class Mark { kBaseline, kTest, kBoth };

class Plot {
 public:
  // `count` points along x; values from `low` to `high` on y.
  Plot(std::size_t count, double low, double high);

  double x(std::size_t i) const;
  double y(double value) const;
  double left() const;
  double right() const;  // the plot's right edge

  // The <svg> element's opening, its <title> and <desc> (text, escaped here), the background.
  // `standalone` adds the XML declaration and the style sheet, for a file of its own.
  static void open(std::string& out, const std::string& id, const std::string& title,
                   const std::string& desc, bool standalone);
  // A chart with nothing to draw: the message, and the closing tag.
  static void empty(std::string& out, const std::string& message);
  // Grid and y ticks, the axes, `name` (escaped) above the plot, a tick under every point and
  // its label (leadlab's own text: dates, week names) under as many as fit.
  void axes(std::string& out, const std::string& name,
            const std::vector<std::string>& labels) const;
  // A break in the x axis between points i - 1 and i (a long run of empty weeks left out),
  // with its <title> (text, escaped here).
  void gap(std::string& out, std::size_t i, const std::string& title) const;
  // The dotted line where the test began, at `at` (an x coordinate), labelled.
  void phase_line(std::string& out, double at) const;
  // A <clipPath> with id `id`: the plot's area.
  void clip(std::string& out, const std::string& id) const;
  // The baseline median across the baseline (up to `split`), dashed beyond it when `extended`.
  void median(std::string& out, double centre, double split, bool extended) const;
  // Point `i` at `value`, with its <title> (text, escaped here); `off` crosses it (not done
  // as planned).
  void point(std::string& out, std::size_t i, double value, Mark mark, bool off,
             const std::string& title) const;

  // The legend's first line: each shape and line the chart uses, in words.
  struct Legend {
    bool test = true;
    bool both = false;
    std::optional<std::string> median;  // its label
    bool off = false;
  };
  static void legend(std::string& out, const Legend& items);
  static double legend_line2();  // the y of the legend's second line (signals)

 private:
  std::size_t count_;
  double low_;
  double high_;
  double step_;
};

}  // namespace leadlab::svg

namespace leadlab {
namespace markdown {
struct Weeks;
}
struct Entry;
struct MetricReport;
struct ReportExperiment;

// An experiment's entries by id, found for each point of its charts.
class EntriesById {
 public:
  explicit EntriesById(std::span<const Entry> entries);
  const Entry* find(std::int64_t id) const;  // nullptr when not among them

 private:
  std::vector<std::pair<std::int64_t, const Entry*>> sorted_;
};

// render_svg_run_chart (svg_chart.hpp) appended to `out`, r's entries found in `entries`.
void put_svg_run_chart(std::string& out, const ReportExperiment& r, const MetricReport& metric,
                       const EntriesById& entries, const std::string& id, bool standalone);

// render_svg_week_chart (svg_chart.hpp) appended to `out`, over weeks already computed
// (markdown::weeks_of).
void put_svg_week_chart(std::string& out, const ReportExperiment& r, const markdown::Weeks& weeks,
                        std::size_t metric, const std::string& id, bool standalone);

}  // namespace leadlab
