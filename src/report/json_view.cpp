#include "leadlab/report/json_view.hpp"

#include <cmath>
#include <utility>

#include "leadlab/model/dates.hpp"
#include "leadlab/model/values.hpp"

namespace leadlab {
namespace {

using nlohmann::json;

json optional_day(const std::optional<Day>& day) {
  return day ? json(format_date(*day)) : json(nullptr);
}

// Counts and yes/no answers are whole numbers and print as such; others as doubles.
json value_json(const Metric& metric, const std::optional<double>& value) {
  if (!value || !std::isfinite(*value)) return nullptr;
  const bool whole = metric.kind == MetricKind::kCount || metric.kind == MetricKind::kYesNo;
  if (whole) return static_cast<std::int64_t>(std::llround(*value));
  return *value;
}

}  // namespace

json metric_json(const Metric& m) {
  json j = {{"name", m.name},
            {"kind", to_string(m.kind)},
            {"direction", to_string(m.direction)},
            {"label", m.label},
            {"instructions", m.instructions}};
  // A stored metric has a uuid; one that is only a definition (a template's) has none.
  if (!m.uuid.empty()) j["uuid"] = m.uuid;
  if (m.kind == MetricKind::kScale) {
    j["min"] = m.scale_min.value_or(0);
    j["max"] = m.scale_max.value_or(0);
  }
  if (m.kind == MetricKind::kDerived) j["formula"] = m.formula;
  return j;
}

json entry_json(const Experiment& e, const Entry& entry) {
  json values = json::object();
  for (const auto& [metric, value] : entry_values(e, entry))
    values[metric->name] = value_json(*metric, value);
  return {{"id", entry.id},
          {"uuid", entry.uuid},
          {"experiment", e.id},
          {"date", format_date(entry.date)},
          {"time", entry.time.empty() ? json(nullptr) : json(entry.time)},
          {"phase", to_string(e.phase_of(entry.date))},
          {"values", values},
          {"note", entry.note},
          {"as_planned", entry.as_planned},
          {"deviation", entry.deviation},
          {"created", entry.created},
          {"updated", entry.updated}};
}

json entries_json(const Experiment& e, const std::vector<Entry>& entries) {
  json out = json::array();
  for (const auto& entry : entries) out.push_back(entry_json(e, entry));
  return out;
}

json experiment_fields_json(const Experiment& e) {
  json random_start = nullptr;
  if (const auto& design = e.random_start) {
    random_start = {{"first", design->first},
                    {"last", design->last},
                    {"drawn", design->drawn},
                    {"started", design->started ? json(*design->started) : json()}};
  }
  return {{"uuid", e.uuid},
          {"title", e.title},
          {"status", to_string(e.status)},
          {"hypothesis", e.hypothesis},
          {"change", e.change},
          {"prediction", e.prediction},
          {"prediction_why", e.prediction_why},
          {"occasion", e.occasion},
          {"success_rule", e.success_rule},
          {"tags", e.tags},
          {"template", e.template_name.empty() ? json(nullptr) : json(e.template_name)},
          {"cycle", e.cycle},
          {"baseline_start", optional_day(e.baseline_start)},
          {"test_start", optional_day(e.test_start)},
          {"random_start", std::move(random_start)},
          {"closed", e.closed.empty() ? json(nullptr) : json(e.closed)},
          {"created", e.created},
          {"updated", e.updated}};
}

json experiment_json(const ExperimentRow& row, const std::vector<Entry>* entries) {
  const Experiment& e = row.experiment;
  json metrics = json::array();
  for (const auto& m : e.metrics) metrics.push_back(metric_json(m));
  // The fields an experiment has wherever it is written, and those only --json has.
  json j = experiment_fields_json(e);
  j["id"] = e.id;
  j["follows"] = e.follows ? json(*e.follows) : json(nullptr);
  j["planned"] = {{"baseline", e.baseline_points}, {"test", e.test_points}};
  j["points"] = {{"baseline", row.stats.baseline_points}, {"test", row.stats.test_points}};
  j["last_entry"] = optional_day(row.stats.last_entry);
  j["metrics"] = std::move(metrics);
  if (entries != nullptr) j["entries"] = entries_json(e, *entries);
  return j;
}

json list_json(const std::vector<ExperimentRow>& rows) {
  json out = json::array();
  for (const auto& row : rows) out.push_back(experiment_json(row, nullptr));
  return out;
}

}  // namespace leadlab
