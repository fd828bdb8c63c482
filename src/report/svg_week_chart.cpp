// A metric's run chart per week as SVG (svg_chart.hpp): the week-by-week table's values,
// drawn as the run chart per occasion is (svg_plot.hpp).
#include <algorithm>

#include "leadlab/model/text.hpp"
#include "leadlab/report/svg_chart.hpp"
#include "report/markdown_sections.hpp"
#include "report/svg_plot.hpp"
#include "report/view_support.hpp"

namespace leadlab {
namespace {

std::string count_of(std::size_t n, const std::string& one, const std::string& many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

}  // namespace

void put_svg_week_chart(std::string& out, const ReportExperiment& r, const markdown::Weeks& w,
                        std::size_t k, const std::string& id, bool standalone) {
  const Experiment& e = r.row.experiment;
  const Metric& metric = e.metrics[k];
  const std::vector<PeriodValue>& values = w.values[k];
  // The weeks with a value, by phase; the baseline weeks' median.
  std::size_t baseline = 0;
  std::size_t test = 0;
  std::size_t both = 0;
  std::vector<double> base_values;
  std::optional<std::size_t> first;
  std::optional<std::size_t> last;
  double low = 0;
  double high = 0;
  long long left_out = 0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    left_out += w.list.gap_before(static_cast<int>(i));
    if (!values[i].value) continue;
    const double v = *values[i].value;
    low = first ? std::min(low, v) : v;
    high = first ? std::max(high, v) : v;
    if (!first) first = i;
    last = i;
    switch (w.phases[i]) {
      case WeekPhase::kBaseline:
        ++baseline;
        base_values.push_back(v);
        break;
      case WeekPhase::kBoth:
        ++both;
        break;
      default:
        ++test;
    }
  }
  std::optional<double> centre;
  if (!base_values.empty()) {
    std::sort(base_values.begin(), base_values.end());
    const std::size_t n = base_values.size();
    centre = n % 2 == 1 ? base_values[n / 2] : (base_values[n / 2 - 1] + base_values[n / 2]) / 2;
  }
  const std::string label = metric.name + " per week";

  std::string desc;
  if (!first) {
    desc = "No weeks with a value to chart yet.";
  } else {
    desc = count_of(baseline + test + both, "week", "weeks") + " with a value from " +
           week_label(w.list.starts[*first], w.list.start_day) + " to " +
           week_label(w.list.starts[*last], w.list.start_day) + ": " +
           count_of(baseline, "baseline week", "baseline weeks") + " (open circles), " +
           count_of(test, "test week", "test weeks") + " (filled squares)" +
           (both > 0 ? " and " + count_of(both, "week", "weeks") + " with both (diamonds)" : "") +
           "; each week's value is its " + std::string(view::week_value_words(metric)) + ", from " +
           format_number(low) + " to " + format_number(high) + ".";
    if (centre)
      desc += " The baseline weeks' median " + format_number(*centre) +
              " is a solid line across the baseline" +
              (test + both > 0 ? ", extended as a dashed line into the test phase." : ".");
    if (baseline > 0 && test + both > 0)
      desc += " A dotted vertical line marks where the test began.";
    if (left_out > 0)
      desc += " " + count_of(static_cast<std::size_t>(left_out), "week", "weeks") +
              " without entries in long runs are left out, each run marked by a break in the "
              "axis.";
    desc += " Shifts and trends are read per occasion, in the run chart per occasion.";
  }
  svg::Plot::open(
      out, id,
      label + ", experiment " + std::to_string(e.id) + " (" + e.title + "): run chart per week",
      desc, standalone);
  if (!first) {
    svg::Plot::empty(out, "no weeks to chart yet");
    return;
  }
  std::vector<std::string> labels;
  labels.reserve(values.size());
  for (const Day start : w.list.starts) labels.push_back(week_label(start, w.list.start_day));
  const svg::Plot plot(values.size(), low, high);
  plot.axes(out, label, labels);
  // Where the test began: through a week with both phases, else between the weeks.
  double split = plot.right();
  for (std::size_t i = *first; i < values.size() && baseline > 0; ++i) {
    if (w.phases[i] == WeekPhase::kTesting || w.phases[i] == WeekPhase::kBoth) {
      split =
          w.phases[i] == WeekPhase::kBoth || i == 0 ? plot.x(i) : (plot.x(i - 1) + plot.x(i)) / 2;
      plot.phase_line(out, split);
      break;
    }
  }
  if (centre) plot.median(out, *centre, split, test + both > 0);
  for (std::size_t i = 1; i < values.size(); ++i)
    if (const int gap = w.list.gap_before(static_cast<int>(i)); gap > 0)
      plot.gap(out, i, std::to_string(gap) + " weeks without entries left out");
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!values[i].value) continue;
    const WeekPhase phase = w.phases[i];
    std::string title;
    if (const int gap = w.list.gap_before(static_cast<int>(i)); gap > 0)
      title = "after " + std::to_string(gap) + " weeks without entries: ";
    title += week_label(w.list.starts[i], w.list.start_day) + ", " + std::string(to_string(phase)) +
             ", " + count_of(static_cast<std::size_t>(w.entries[i]), "entry", "entries") + ": " +
             (values[i].sum ? format_number(*values[i].value) + " per occasion (" +
                                  format_number(*values[i].sum) + " in the week)"
                            : format_number(*values[i].value));
    const svg::Mark mark = phase == WeekPhase::kBaseline ? svg::Mark::kBaseline
                           : phase == WeekPhase::kBoth   ? svg::Mark::kBoth
                                                         : svg::Mark::kTest;
    plot.point(out, i, *values[i].value, mark, false, title);
  }
  svg::Plot::Legend legend;
  legend.test = test > 0;
  legend.both = both > 0;
  if (centre) legend.median = "baseline weeks' median " + format_number(*centre);
  svg::Plot::legend(out, legend);
  out += "</g>\n</svg>\n";
}

std::string render_svg_week_chart(const ReportExperiment& r, std::size_t metric,
                                  std::chrono::weekday week_start, const std::string& id,
                                  bool standalone) {
  std::string out;
  put_svg_week_chart(out, r, markdown::weeks_of(r, week_start), metric, id, standalone);
  return out;
}

}  // namespace leadlab
