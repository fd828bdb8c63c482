#include "leadlab/report/analysis_json.hpp"

#include <cctype>
#include <cmath>

#include "leadlab/model/dates.hpp"

namespace leadlab {
namespace {

using nlohmann::json;

// Whole numbers print as integers (a median of 3 is 3, not 3.0); a missing one is null.
json num(const std::optional<double>& value) {
  if (!value || !std::isfinite(*value)) return nullptr;
  if (std::trunc(*value) == *value && std::fabs(*value) < 1e15)
    return static_cast<std::int64_t>(*value);
  return *value;
}

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

json day(const std::optional<Day>& d) { return d ? json(format_date(*d)) : json(nullptr); }

template <typename T>
json text_or_null(const std::optional<T>& value) {
  return value ? json(to_string(*value)) : json(nullptr);
}

json phase_json(const PhaseStats& s) {
  return {{"n", s.n}, {"median", num(s.median)}, {"mean", num(s.mean)}};
}

json stretch_json(const MetricReport& r, const std::optional<Stretch>& s, bool shift) {
  if (!s) return nullptr;
  const auto [from, to] = r.dates_of(*s);
  json j = {{"points", s->points},       {"first", s->first},     {"last", s->last},
            {"from", format_date(from)}, {"to", format_date(to)}, {"better", s->better}};
  if (shift) {
    j["side"] = s->higher ? "above" : "below";
  } else {
    j["direction"] = s->higher ? "rising" : "falling";
  }
  return j;
}

// A week's "value" as JSON has always had it: the week's total for a count or minutes
// (`aggregate` "sum"), else the value. "mean" and "sum" sit beside it.
std::optional<double> aggregate_value(const PeriodValue& v) { return v.sum ? v.sum : v.value; }

// The mean per occasion (null for a derived metric: its value is a ratio of sums).
std::optional<double> mean_value(const Metric& metric, const PeriodValue& v) {
  return aggregate_of(metric.kind) == Aggregate::kFormula ? std::nullopt : v.value;
}

json series_json(const MetricReport& r) {
  json occasions = json::array();
  for (const OccasionValue& p : r.series.points)
    occasions.push_back({{"entry", p.entry_id},
                         {"date", format_date(p.date)},
                         {"phase", to_string(p.phase)},
                         {"value", num(p.value)}});
  json weeks = json::array();
  // A run of more than kMaxListedEmptyWeeks weeks without entries is not listed (series.hpp):
  // the next week's start jumps.
  for (std::size_t w = 0; w < r.weekly.size() && w < r.weeks.starts.size(); ++w) {
    const PeriodValue& v = r.weekly[w];
    weeks.push_back({{"week", week_label(r.weeks.starts[w], r.weeks.start_day)},
                     {"start", format_date(r.weeks.starts[w])},
                     {"occasions", v.occasions},
                     {"value", num(aggregate_value(v))},
                     {"mean", num(mean_value(r.metric, v))},
                     {"sum", num(v.sum)}});
  }
  return {{"occasions", occasions},
          {"weeks", weeks},
          {"week_aggregate", to_string(aggregate_of(r.metric.kind))}};
}

json interval_json(const std::optional<Interval>& ci) {
  if (!ci) return nullptr;
  return json::array({ci->low, ci->high});
}

// The intervals and Tau-BC (issue 21). baseline_trend is in the metric's own units (not
// mirrored for down), against session number 1..m.
void add_intervals(json& j, const Comparison& c) {
  j["nap_se"] = num(c.nap_se);
  j["nap_ci"] = interval_json(c.nap_ci);
  j["tau_ci"] = interval_json(c.tau_ci);
  const std::optional<TauBc>& bc = c.tau_bc;
  j["tau_bc"] = bc ? num(bc->tau) : json(nullptr);
  j["tau_bc_ci"] = bc ? interval_json(bc->ci) : json(nullptr);
  const double sign = c.direction == Direction::kDown ? -1.0 : 1.0;
  j["baseline_trend"] =
      bc ? json{{"slope", num(sign * bc->slope)}, {"intercept", num(sign * bc->intercept)}}
         : json(nullptr);
}

json cdc_json(const std::optional<Cdc>& cdc) {
  if (!cdc) return nullptr;
  return {{"beyond", cdc->beyond},
          {"needed", cdc->needed ? json(*cdc->needed) : json(nullptr)},
          {"signal", cdc->signal}};
}

json comparison_json(const Comparison& c) {
  return {{"baseline", phase_json(c.baseline)},
          {"test", phase_json(c.test)},
          {"median_change", num(c.median_change)},
          {"mean_change", num(c.mean_change)},
          {"nap", num(c.nap)},
          {"nap_band", text_or_null(c.nap_band)},
          {"tau", num(c.tau)},
          {"baseline_tau", num(c.baseline_tau)},
          {"baseline_drift", to_string(c.baseline_drift)},
          {"tau_u", num(c.tau_u)},
          {"tau_u_variant", kTauUVariant},
          {"pnd", num(c.pnd)},
          {"adequacy", to_string(c.adequacy)}};
}

json clause_json(const ClauseResult& c) {
  return {{"clause", c.clause.text()},
          {"function", to_string(c.clause.function)},
          {"metric", c.clause.metric},
          {"comparator", text_or_null(c.clause.comparator)},
          {"threshold", c.clause.comparator ? num(c.clause.threshold) : json(nullptr)},
          {"state", to_string(c.state)},
          {"provisional", c.provisional},
          {"value", num(c.value)},
          {"explanation", c.explanation}};
}

json signal_json(const Signal& s) {
  json j = {{"metric", s.metric},         {"kind", s.kind},
            {"points", s.stretch.points}, {"from", format_date(s.from)},
            {"to", format_date(s.to)},    {"better", s.stretch.better},
            {"centre", num(s.centre)},    {"adequacy", to_string(s.adequacy)}};
  if (s.kind == "shift") {
    j["side"] = s.stretch.higher ? "above" : "below";
  } else {
    j["direction"] = s.stretch.higher ? "rising" : "falling";
  }
  return j;
}

json headline_json(const Headline& h) {
  json latest = nullptr;
  if (h.latest)
    latest = {{"entry", h.latest->entry_id},
              {"date", format_date(h.latest->date)},
              {"phase", to_string(h.latest->phase)},
              {"value", num(h.latest->value)}};
  return {{"metric", h.metric.name}, {"direction", to_string(h.metric.direction)},
          {"latest", latest},        {"baseline_median", num(h.baseline_median)},
          {"change", num(h.change)}, {"better", h.better ? json(*h.better) : json(nullptr)}};
}

json experiment_brief(const Experiment& e) {
  return {{"id", e.id},
          {"uuid", e.uuid},
          {"title", e.title},
          {"status", to_string(e.status)},
          {"baseline_start", day(e.baseline_start)},
          {"test_start", day(e.test_start)}};
}

json dashboard_item_json(const DashboardItem& item) {
  json j = experiment_brief(item.experiment);
  j["planned"] = {{"baseline", item.experiment.baseline_points},
                  {"test", item.experiment.test_points}};
  j["points"] = {{"baseline", item.stats.baseline_points}, {"test", item.stats.test_points}};
  j["last_entry"] = day(item.stats.last_entry);
  j["quiet_since"] = format_date(item.quiet_since);
  j["quiet_days"] = item.quiet_days;
  j["headline"] = item.headline ? headline_json(*item.headline) : json(nullptr);
  j["signal"] = item.signal ? signal_json(*item.signal) : json(nullptr);
  json due = json::array();
  for (const Due& d : item.due)
    due.push_back({{"kind", to_string(d.kind)}, {"message", d.message}});
  j["due"] = due;
  return j;
}

json summary_experiment_json(const SummaryExperiment& x, const WeekRange& weeks) {
  json j = experiment_brief(x.experiment);
  json per_week = json::array();
  for (int w = 0; w < weeks.count; ++w) {
    const auto k = static_cast<std::size_t>(w);
    per_week.push_back({{"week", week_label(weeks.start_of(w), weeks.start_day)},
                        {"entries", x.entries[k]},
                        {"phase", x.phases[k] == WeekPhase::kNone ? json(nullptr)
                                                                  : json(to_string(x.phases[k]))}});
  }
  j["weeks"] = per_week;
  json metrics = json::array();
  for (const SummaryMetric& m : x.metrics) {
    json values = json::array();
    json means = json::array();
    json sums = json::array();
    json occasions = json::array();
    for (const PeriodValue& v : m.weekly) {
      values.push_back(num(aggregate_value(v)));
      means.push_back(num(mean_value(m.metric, v)));
      sums.push_back(num(v.sum));
      occasions.push_back(v.occasions);
    }
    metrics.push_back({{"name", m.metric.name},
                       {"kind", to_string(m.metric.kind)},
                       {"direction", to_string(m.metric.direction)},
                       {"aggregate", to_string(aggregate_of(m.metric.kind))},
                       {"values", values},
                       {"means", means},
                       {"sums", sums},
                       {"occasions", occasions}});
  }
  j["metrics"] = metrics;
  return j;
}

json review_json(const std::optional<Review>& r) {
  if (!r) return nullptr;
  return {{"decision", r->decision.empty() ? json(nullptr) : json(r->decision)},
          {"prediction_met", r->prediction_met.empty() ? json(nullptr) : json(r->prediction_met)},
          {"next_step", r->next_step},
          {"next_by", day(r->next_by)},
          {"commitment", r->commitment ? json(*r->commitment) : json(nullptr)},
          {"author", r->author},
          {"created", r->created}};
}

}  // namespace

json metric_analysis_json(const MetricReport& r) {
  json j = comparison_json(r.analysis.comparison);
  add_intervals(j, r.analysis.comparison);
  const RunChart& chart = r.analysis.run_chart;
  j["centre"] = num(chart.centre);
  j["shift"] = stretch_json(r, chart.shift, true);
  j["trend"] = stretch_json(r, chart.trend, false);
  j["useful_points"] = chart.n_useful;
  j["longest_run"] = chart.longest_run;
  j["longest_run_limit"] = chart.longest_run_limit ? json(*chart.longest_run_limit) : json(nullptr);
  j["longest_run_signal"] = chart.longest_run_signal;
  j["crossings"] = chart.crossings;
  j["crossings_limit"] = chart.crossings_limit ? json(*chart.crossings_limit) : json(nullptr);
  j["crossings_signal"] = chart.crossings_signal;
  j["cdc"] = cdc_json(chart.cdc);
  j["verdict"] = r.verdict;
  if (const auto& t = r.randomization) {
    j["randomization"] = {{"p", num(t->p)},
                          {"starts", t->starts},
                          {"min_p", num(t->min_p)},
                          {"observed_start", t->observed_start ? json(*t->observed_start) : json()},
                          {"valid", t->valid},
                          {"reason", t->valid ? json() : json(t->why_invalid)}};
  }
  j["series"] = series_json(r);
  return j;
}

json success_json(const std::optional<SuccessReport>& success) {
  if (!success) return nullptr;
  if (!success->result)
    return {{"rule", success->rule},
            {"state", "invalid"},
            {"provisional", false},
            {"clauses", json::array()},
            {"error", success->error}};
  json clauses = json::array();
  for (const ClauseResult& c : success->result->clauses) clauses.push_back(clause_json(c));
  return {{"rule", success->rule},
          {"state", to_string(success->result->state)},
          {"provisional", success->result->provisional},
          {"clauses", clauses},
          {"error", nullptr}};
}

void add_analysis_json(json& experiment, const ExperimentAnalysis& analysis) {
  for (json& metric : experiment["metrics"]) {
    const MetricReport* report = analysis.find(metric["name"].get<std::string>());
    metric["analysis"] = report ? metric_analysis_json(*report) : json(nullptr);
  }
  experiment["success"] = success_json(analysis.success);
}

json dashboard_json(const std::vector<DashboardItem>& items, Day today) {
  json experiments = json::array();
  for (const DashboardItem& item : items) experiments.push_back(dashboard_item_json(item));
  return {{"today", format_date(today)}, {"nudge_days", kNudgeDays}, {"experiments", experiments}};
}

json summary_json(const Summary& s) {
  json weeks = json::array();
  for (int w = 0; w < s.weeks.count; ++w)
    weeks.push_back({{"week", week_label(s.weeks.start_of(w), s.weeks.start_day)},
                     {"start", format_date(s.weeks.start_of(w))},
                     {"end", format_date(s.weeks.start_of(w + 1) - std::chrono::days{1})},
                     {"entries", s.cadence.entries[static_cast<std::size_t>(w)]}});
  json experiments = json::array();
  for (const SummaryExperiment& x : s.experiments)
    experiments.push_back(summary_experiment_json(x, s.weeks));
  json started = json::array();
  for (const PhaseStarted& b : s.started)
    started.push_back({{"id", b.experiment_id},
                       {"title", b.title},
                       {"date", format_date(b.date)},
                       {"phase", to_string(b.phase)}});
  json closed = json::array();
  for (const ExperimentClosed& c : s.closed)
    closed.push_back({{"id", c.experiment_id},
                      {"title", c.title},
                      {"date", format_date(c.date)},
                      {"review", review_json(c.review)}});
  return {{"from", format_date(s.weeks.first)},
          {"to", format_date(s.weeks.last_day())},
          {"today", format_date(s.today)},
          {"week_start", lower(weekday_name(s.weeks.first))},
          {"weeks", weeks},
          {"cadence",
           {{"weeks", s.weeks.count},
            {"weeks_with_entries", s.cadence.weeks_with_entries},
            {"weeks_without_entries", s.cadence.weeks_without_entries},
            {"current_streak", s.cadence.current_streak},
            {"streak_reaches_start", s.cadence.streak_reaches_start}}},
          {"experiments", experiments},
          {"started", started},
          {"closed", closed}};
}

}  // namespace leadlab
