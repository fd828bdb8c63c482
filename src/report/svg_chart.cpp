// A metric's run chart as SVG (svg_chart.hpp).
#include "leadlab/report/svg_chart.hpp"

#include <algorithm>
#include <cmath>

#include "leadlab/analysis/effect_size.hpp"
#include "leadlab/analysis/run_chart.hpp"
#include "leadlab/model/dates.hpp"
#include "leadlab/model/text.hpp"
#include "leadlab/model/values.hpp"
#include "report/html_text.hpp"
#include "report/svg_plot.hpp"
#include "report/view_support.hpp"

namespace leadlab {
namespace {

using svg::px;

std::string value_text(const Metric& m, double value) { return format_value(m, value); }

// The run chart's shift and trend (each with true for a shift), those it found.
std::vector<std::pair<const Stretch*, bool>> signals(const MetricReport& m) {
  std::vector<std::pair<const Stretch*, bool>> out;
  if (m.analysis.run_chart.shift) out.emplace_back(&*m.analysis.run_chart.shift, true);
  if (m.analysis.run_chart.trend) out.emplace_back(&*m.analysis.run_chart.trend, false);
  return out;
}

// The conservative dual criterion's two moved baseline lines over the test phase (run_chart.hpp's
// Cdc), clipped to the plot, with their meaning as a tooltip. Empty without a Cdc.
std::string cdc_lines(const MetricReport& metric, const std::string& id, int m, std::size_t n_all,
                      const svg::Plot& plot) {
  const std::optional<Cdc>& cdc = metric.analysis.run_chart.cdc;
  if (!cdc || n_all <= static_cast<std::size_t>(m)) return "";
  const auto first = static_cast<std::size_t>(m);
  const std::size_t last = n_all - 1;
  // Huge values can overflow the standard deviation or the slope: then there is no line.
  for (double v : {cdc->mean_line(), cdc->trend_line(static_cast<double>(first)),
                   cdc->trend_line(static_cast<double>(last))})
    if (!std::isfinite(v)) return "";
  const std::string title =
      "dual criterion: the baseline mean and trend moved 0.25 SD the better way; " +
      std::to_string(cdc->beyond) + " test points beyond both" +
      (cdc->needed ? ", " + std::to_string(*cdc->needed) + " needed" : std::string()) +
      (cdc->signal ? ": a signal" : "");
  const auto x = [&](std::size_t i) { return plot.x(i); };
  const auto y = [&](double v) { return plot.y(v); };
  std::string out;
  plot.clip(out, id + "-cdc");
  return out + "<g class=\"cdc\" clip-path=\"url(#" + id + "-cdc)\"><title>" + html::esc(title) +
         "</title><line x1=\"" + px(x(first)) + "\" x2=\"" + px(x(last)) + "\" y1=\"" +
         px(y(cdc->mean_line())) + "\" y2=\"" + px(y(cdc->mean_line())) + "\"/><line x1=\"" +
         px(x(first)) + "\" x2=\"" + px(x(last)) + "\" y1=\"" +
         px(y(cdc->trend_line(static_cast<double>(first)))) + "\" y2=\"" +
         px(y(cdc->trend_line(static_cast<double>(last)))) + "\"/></g>\n";
}

}  // namespace

std::string_view svg_chart_css() {
  return R"(.run-chart{--chart-fg:#1d1d1f;--chart-bg:#fff;--chart-grid:#d9d9de;--chart-base:#6b4fa0;--chart-test:#1f6fb2;--chart-median:#b35900;--chart-off:#c0262d;--chart-signal:#2e7d32;color:var(--chart-fg);font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;font-size:12px}
@media (prefers-color-scheme:dark){.run-chart{--chart-fg:#e8e8ea;--chart-bg:#1c1c1e;--chart-grid:#3a3a3f;--chart-base:#c3a8ff;--chart-test:#6cb6ff;--chart-median:#ffa657;--chart-off:#ff7b72;--chart-signal:#7ee787}}
@media print{.run-chart{--chart-fg:#000;--chart-bg:#fff;--chart-grid:#bbb;--chart-base:#000;--chart-test:#000;--chart-median:#444;--chart-off:#000;--chart-signal:#000}}
.run-chart text{fill:currentColor}
.run-chart .bg{fill:var(--chart-bg)}
.run-chart .axis{stroke:currentColor;stroke-width:1;fill:none}
.run-chart .grid{stroke:var(--chart-grid);stroke-width:1}
.run-chart .phase{stroke:currentColor;stroke-width:1;stroke-dasharray:2 3}
.run-chart .median{stroke:var(--chart-median);stroke-width:2;fill:none}
.run-chart .median.extended{stroke-dasharray:6 4}
.run-chart .base{fill:var(--chart-bg);stroke:var(--chart-base);stroke-width:2}
.run-chart .test{fill:var(--chart-test);stroke:var(--chart-test);stroke-width:1}
.run-chart .both{fill:var(--chart-test);stroke:var(--chart-base);stroke-width:2}
.run-chart .trendline{stroke:currentColor;stroke-width:1.2;stroke-dasharray:1 4;stroke-linecap:round;fill:none}
.run-chart .off{stroke:var(--chart-off);stroke-width:2;fill:none}
.run-chart .cdc line{stroke:var(--chart-signal);stroke-width:1;stroke-dasharray:8 3 1 3;fill:none}
.run-chart .shift{stroke:var(--chart-signal);stroke-width:1.5;fill:none;stroke-dasharray:3 2}
.run-chart .trend{stroke:var(--chart-signal);stroke-width:6;stroke-opacity:.35;fill:none;stroke-linecap:round;stroke-linejoin:round}
)";
}

EntriesById::EntriesById(std::span<const Entry> entries) {
  sorted_.reserve(entries.size());
  for (const Entry& entry : entries) sorted_.emplace_back(entry.id, &entry);
  std::sort(sorted_.begin(), sorted_.end());
}

const Entry* EntriesById::find(std::int64_t id) const {
  const auto it = std::lower_bound(sorted_.begin(), sorted_.end(), id,
                                   [](const auto& a, std::int64_t b) { return a.first < b; });
  return it != sorted_.end() && it->first == id ? it->second : nullptr;
}

std::string render_svg_run_chart(const ReportExperiment& r, const MetricReport& metric,
                                 const std::string& id, bool standalone) {
  std::string out;
  put_svg_run_chart(out, r, metric, EntriesById(r.entries), id, standalone);
  return out;
}

void put_svg_run_chart(std::string& out, const ReportExperiment& r, const MetricReport& metric,
                       const EntriesById& entries, const std::string& id, bool standalone) {
  const Experiment& e = r.row.experiment;
  const std::vector<OccasionValue>& points = metric.series.points;
  const std::optional<double> centre = metric.analysis.run_chart.centre;

  // The description: what the chart shows, in words.
  int baseline = 0;
  int offplan = 0;
  std::vector<const Entry*> entry_of;  // per point, nullptr when not among r's entries
  entry_of.reserve(points.size());
  for (const OccasionValue& p : points) {
    baseline += p.phase == Phase::kBaseline ? 1 : 0;
    const Entry* entry = entry_of.emplace_back(entries.find(p.entry_id));
    if (entry != nullptr && !entry->as_planned) ++offplan;
  }
  const int test = static_cast<int>(points.size()) - baseline;
  // The baseline's own trend, extended into the test phase: drawn once the baseline has
  // enough points to show one and there is a test phase to extend it into.
  std::optional<TrendLine> trend;
  if (baseline >= kDriftMinPoints && test > 0) {
    // Tau-BC's line when it was drawn through these very values (higher is better, and
    // every one finite, so that nothing was mirrored or left out), else one of its own.
    const std::vector<double>& values = metric.series.baseline;
    const std::optional<TauBc>& bc = metric.analysis.comparison.tau_bc;
    if (bc && metric.analysis.comparison.direction == Direction::kUp &&
        std::all_of(values.begin(), values.end(), [](double v) { return std::isfinite(v); }))
      trend = bc->line;
    else
      trend = theil_sen(std::span<const double>(values));
  }
  std::string desc;
  if (points.empty()) {
    desc = "No points to chart yet.";
  } else {
    const auto [lo, hi] =
        std::minmax_element(points.begin(), points.end(),
                            [](const auto& a, const auto& b) { return a.value < b.value; });
    desc = std::to_string(points.size()) + " occasions from " + format_date(points.front().date) +
           " to " + format_date(points.back().date) + ": " + std::to_string(baseline) +
           " baseline (open circles) and " + std::to_string(test) +
           " test (filled squares); values from " + value_text(metric.metric, lo->value) + " to " +
           value_text(metric.metric, hi->value) + ".";
    if (centre)
      desc += " The baseline median " + format_number(*centre) +
              " is a solid line across the baseline, extended as a dashed line into the test "
              "phase.";
    if (baseline > 0 && test > 0) desc += " A dotted vertical line marks where the test began.";
    if (offplan > 0)
      desc += " " + std::to_string(offplan) + (offplan == 1 ? " entry was" : " entries were") +
              " not done as planned (crossed).";
    if (trend)
      desc += " The baseline's own trend (Theil-Sen, " + format_number(trend->slope, 3) +
              " per occasion) is a dotted line, extended into the test phase: where the test "
              "points would be had the baseline gone on as it went.";
    if (metric.analysis.run_chart.cdc)
      desc +=
          " The dual criterion's two lines, the baseline mean and trend moved 0.25 SD the "
          "better way, are dash-dotted over the test phase.";
    for (const auto& [stretch, shift] : signals(metric))
      desc += std::string(shift ? " Shift: " : " Trend: ") +
              view::signal_description(*stretch, shift, centre, metric.dates_of(*stretch).first,
                                       metric.dates_of(*stretch).second) +
              (shift ? ", each point ringed." : ", joined by a broad line.");
    desc += " " + metric.verdict;
  }
  svg::Plot::open(
      out, id,
      metric.metric.name + ", experiment " + std::to_string(e.id) + " (" + e.title + "): run chart",
      desc, standalone);
  if (points.empty()) {
    svg::Plot::empty(out, "no points to chart yet");
    return;
  }
  double low = points.front().value;
  double high = low;
  std::vector<std::string> labels;
  labels.reserve(points.size());
  for (const OccasionValue& p : points) {
    low = std::min(low, p.value);
    high = std::max(high, p.value);
    labels.push_back(format_date(p.date));
  }
  const svg::Plot plot(points.size(), low, high);
  const auto x = [&](std::size_t i) { return plot.x(i); };
  const auto y = [&](double v) { return plot.y(v); };
  plot.axes(out, metric.metric.name, labels);
  // Where the test began, and the baseline median.
  const std::size_t first_test = static_cast<std::size_t>(baseline);
  double split = plot.right();
  if (baseline > 0 && test > 0) {
    split = (x(first_test - 1) + x(first_test)) / 2;
    plot.phase_line(out, split);
  }
  if (centre) plot.median(out, *centre, split, test > 0);
  if (trend) {
    // Clipped to the plot: an extended trend may leave it.
    const auto last = static_cast<double>(points.size() - 1);
    plot.clip(out, id + "-plot");
    out += "<g clip-path=\"url(#" + id + "-plot)\"><title>" +
           html::esc("baseline trend (Theil-Sen): " + format_number(trend->slope, 3) +
                     " per occasion, extended into the test phase") +
           "</title><line class=\"trendline\" x1=\"" + px(x(0)) + "\" x2=\"" +
           px(x(points.size() - 1)) + "\" y1=\"" + px(y(trend->at(0))) + "\" y2=\"" +
           px(y(trend->at(last))) + "\"/></g>\n";
  }
  out += cdc_lines(metric, id, baseline, points.size(), plot);
  // The signals: a broad line through a trend's points, a ring around each of a shift's.
  for (const auto& [stretch, shift] : signals(metric)) {
    const auto first = static_cast<std::size_t>(std::max(0, stretch->first));
    const auto last = std::min(points.size() - 1, static_cast<std::size_t>(stretch->last));
    const auto [from, to] = metric.dates_of(*stretch);
    out += "<g><title>" +
           html::esc(std::string(shift ? "shift: " : "trend: ") +
                     view::signal_description(*stretch, shift, centre, from, to)) +
           "</title>";
    if (shift) {
      for (std::size_t i = first; i <= last; ++i) {
        out += "<circle class=\"shift\" cx=\"";
        svg::put_px(out, x(i));
        out += "\" cy=\"";
        svg::put_px(out, y(points[i].value));
        out += "\" r=\"9\"/>";
      }
    } else {
      out += "<path class=\"trend\" d=\"";
      for (std::size_t i = first; i <= last; ++i) {
        out += i == first ? 'M' : 'L';
        svg::put_px(out, x(i));
        out += ' ';
        svg::put_px(out, y(points[i].value));
      }
      out += "\"/>";
    }
    out += "</g>\n";
  }
  // The points, each with its date, phase, value and note.
  std::string title;  // one buffer for every point's
  for (std::size_t i = 0; i < points.size(); ++i) {
    const OccasionValue& p = points[i];
    const Entry* entry = entry_of[i];
    title = labels[i];  // its date
    title += ", ";
    title += to_string(p.phase);
    title += ": ";
    title += value_text(metric.metric, p.value);
    if (entry != nullptr && !entry->note.empty()) {
      title += ". ";
      title += entry->note;
    }
    if (entry != nullptr && !entry->as_planned) {
      title += " (not as planned";
      if (!entry->deviation.empty()) {
        title += ": ";
        title += entry->deviation;
      }
      title += ')';
    }
    plot.point(out, i, p.value,
               p.phase == Phase::kBaseline ? svg::Mark::kBaseline : svg::Mark::kTest,
               entry != nullptr && !entry->as_planned, title);
  }
  // The legend, in shapes and words.
  svg::Plot::Legend legend;
  if (centre) legend.median = "baseline median " + format_number(*centre);
  legend.off = offplan > 0;
  svg::Plot::legend(out, legend);
  // The signals' legend, on a line of its own; each item as wide as its words (about 6.5 px
  // a character at 12 px).
  double at = plot.left();
  const double line2 = svg::Plot::legend_line2();
  for (const auto& [stretch, shift] : signals(metric)) {
    const std::string label =
        shift ? "shift: " + std::to_string(kShiftPoints) + "+ test points on one side of the median"
              : "trend: " + std::to_string(kTrendPoints) + "+ test points rising or falling";
    if (shift)
      out += "<circle class=\"shift\" cx=\"" + px(at + 6) + "\" cy=\"" + px(line2 - 4) +
             "\" r=\"6\"/>";
    else
      out += "<path class=\"trend\" d=\"M" + px(at) + " " + px(line2) + "L" + px(at + 12) + " " +
             px(line2 - 8) + "\"/>";
    out += "<text x=\"" + px(at + 18) + "\" y=\"" + px(line2) + "\">" + label + "</text>";
    at += 18 + 6.5 * static_cast<double>(label.size()) + 16;
  }
  if (trend)
    out += "<line class=\"trendline\" x1=\"" + px(at) + "\" x2=\"" + px(at + 24) + "\" y1=\"" +
           px(line2 - 4) + "\" y2=\"" + px(line2 - 4) + "\"/><text x=\"" + px(at + 30) + "\" y=\"" +
           px(line2) + "\">baseline trend, extended</text>";
  out += "</g>\n</svg>\n";
}

}  // namespace leadlab
