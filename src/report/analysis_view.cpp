// `show`'s analysis section (render_analysis); status and summary are in dashboard_view.cpp.
#include "leadlab/report/analysis_view.hpp"

#include <algorithm>

#include "leadlab/analysis/randomization.hpp"
#include "leadlab/model/dates.hpp"
#include "leadlab/model/text.hpp"
#include "leadlab/report/analysis_words.hpp"
#include "leadlab/report/chart.hpp"
#include "report/view_support.hpp"

namespace leadlab {
namespace {

using view::field;
using view::number;
using view::signed_number;

constexpr int kColumn = 10;      // width of a number column in the phase table
constexpr int kChartIndent = 4;  // the run chart sits under the fields' labels

const char* state_style(RuleState state) {
  switch (state) {
    case RuleState::kMet:
      return "32";
    case RuleState::kNotMet:
      return "31";
    case RuleState::kNotEnoughData:
      break;
  }
  return "33";
}

std::string state_text(RuleState state, bool provisional) {
  return (provisional && state != RuleState::kNotEnoughData ? "provisionally " : "") +
         std::string(to_string(state));
}

void success_section(std::string& out, const SuccessReport& s, const RenderOptions& o) {
  const std::string rule = terminal_safe(s.rule);
  if (!s.result) {
    field(out, o, "success", rule + ": cannot be evaluated, the rule no longer reads: " + s.error,
          "31");
    return;
  }
  field(out, o, "success", rule + ": " + state_text(s.result->state, s.result->provisional),
        state_style(s.result->state));
  for (const ClauseResult& clause : s.result->clauses) field(out, o, "", "- " + clause.explanation);
}

std::string metric_heading(const Metric& m) {
  const std::string better = m.direction == Direction::kUp ? "up is better" : "down is better";
  if (m.kind == MetricKind::kDerived) return m.name + " = " + m.formula + ", " + better;
  return m.name + " (" + std::string(to_string(m.kind)) + ", " + better + ")";
}

void phase_table(std::string& out, const Comparison& c, const RenderOptions& o) {
  const auto row = [&out](const std::string& label, const std::string& a, const std::string& b,
                          const std::string& change) {
    std::string line = "  " + pad_right(label, 12) + pad_left(a, kColumn) + pad_left(b, kColumn);
    if (!change.empty()) line += pad_left(change, kColumn);
    out += line + "\n";
  };
  out += "  " + std::string(12, ' ') +
         styled(o, "2",
                pad_left("baseline", kColumn) + pad_left("test", kColumn) +
                    pad_left("change", kColumn)) +
         "\n";
  row("points", std::to_string(c.baseline.n), std::to_string(c.test.n), "");
  row("median", number(c.baseline.median), number(c.test.median), signed_number(c.median_change));
  row("mean", number(c.baseline.mean), number(c.test.mean), signed_number(c.mean_change));
}

std::string effect_sizes(const Comparison& c) {
  if (c.adequacy == Adequacy::kNotEnoughData)
    return "not read yet: each phase needs " + std::to_string(kMinPhasePoints) + " points first";
  std::string text = effect_sizes_words(c);
  if (c.adequacy == Adequacy::kProvisional) text += "; provisional";
  return text;
}

std::vector<std::optional<double>> sparkline_values(const MetricReport& r) {
  // A gap between the phases shows where the change began.
  std::vector<std::optional<double>> values(r.series.baseline.begin(), r.series.baseline.end());
  if (!values.empty() && !r.series.test.empty()) values.emplace_back();
  values.insert(values.end(), r.series.test.begin(), r.series.test.end());
  return values;
}

void series_lines(std::string& out, const MetricReport& r, const RenderOptions& o) {
  const int room = o.width - 14;
  field(out, o, "occasions", view::fitted_sparkline(sparkline_values(r), room, o.ascii));
  // A long run of weeks without entries (series.hpp's WeekList) is one blank, and said.
  std::vector<std::optional<double>> weekly;
  long long left_out = 0;
  for (std::size_t w = 0; w < r.weekly.size() && w < r.weeks.starts.size(); ++w) {
    if (const int gap = r.weeks.gap_before(static_cast<int>(w)); gap > 0) {
      weekly.emplace_back();
      left_out += gap;
    }
    weekly.push_back(r.weekly[w].value);
  }
  if (weekly.size() > 1) {
    field(out, o, "weeks",
          view::fitted_sparkline(weekly, room, o.ascii) + "  (" +
              std::string(view::week_value_words(r.metric)) + ", from " +
              week_label(r.weeks.starts.front(), r.weeks.start_day) + ")");
    if (left_out > 0)
      field(out, o, "",
            std::to_string(left_out) + " empty weeks left out (more than " +
                std::to_string(kMaxListedEmptyWeeks) + " in a row are one blank)");
  }
  const std::string chart = render_run_chart(r.series.baseline, r.series.test,
                                             {.ascii = o.ascii,
                                              .width = o.width - kChartIndent,
                                              .height = 7,
                                              .cdc_direction = r.metric.direction});
  out += view::indented(chart, kChartIndent);
}

void metric_section(std::string& out, const MetricReport& r, std::string_view occasion,
                    const RenderOptions& o) {
  out += "\n" + styled(o, "1", fit_width(metric_heading(r.metric), o.width, o.ascii)) + "\n";
  const Comparison& c = r.analysis.comparison;
  if (c.baseline.n + c.test.n == 0) {
    field(out, o, "verdict", r.verdict);
    return;
  }
  phase_table(out, c, o);
  if (c.nap) field(out, o, "effects", effect_sizes(c));
  // What NAP means for this data, beside NAP (which waits for 3 points in each phase).
  if (c.nap && c.adequacy != Adequacy::kNotEnoughData)
    field(out, o, "", nap_in_words(r.metric, c, occasion));
  if (c.baseline_tau) field(out, o, "baseline", baseline_trend_words(c));
  bool first = true;
  for (const std::string& line : run_chart_words(r)) {
    field(out, o, first ? "signals" : "", line);
    first = false;
  }
  field(out, o, "verdict", r.verdict, "1");
  if (r.randomization) field(out, o, "", describe_randomization(*r.randomization));
  series_lines(out, r, o);
}

}  // namespace

std::string render_analysis(const Experiment& experiment, const ExperimentAnalysis& analysis,
                            const RenderOptions& o) {
  std::string out = styled(o, "1", "Analysis") + "\n";
  if (analysis.success) success_section(out, *analysis.success, o);
  if (experiment.metrics.empty()) out += "  no metrics to analyse\n";
  for (const MetricReport& report : analysis.metrics)
    metric_section(out, report, experiment.occasion, o);
  const bool any_effects = std::any_of(analysis.metrics.begin(), analysis.metrics.end(),
                                       [](const auto& r) { return r.analysis.comparison.nap; });
  if (!any_effects) return out;
  out += "\n";
  for (const std::string& line : wrap(effect_sizes_legend(), o.width - 2))
    out += styled(o, "2", "  " + line) + "\n";
  return out;
}

}  // namespace leadlab
