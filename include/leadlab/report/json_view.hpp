// JSON renderings of experiments and entries for --json: the shapes are a contract,
// documented in docs/json.md. Dates are "YYYY-MM-DD"; a value that does not exist (a
// derived metric that divides by zero, a metric not logged) is null.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "leadlab/model/model.hpp"
#include "leadlab/report/text_view.hpp"

namespace leadlab {

nlohmann::json metric_json(const Metric& metric);
nlohmann::json entry_json(const Experiment& experiment, const Entry& entry);
nlohmann::json entries_json(const Experiment& experiment, const std::vector<Entry>& entries);
// The fields an experiment has wherever it is written as JSON, in --json and in a bundle
// (uuid, title, status, the plan's texts, tags, template, cycle, phase dates, closed,
// created, updated); each adds its own (ids or UUIDs, metrics, counts, records).
nlohmann::json experiment_fields_json(const Experiment& experiment);
// The experiment's fields, metrics and points; with its entries when `entries` is given.
nlohmann::json experiment_json(const ExperimentRow& row, const std::vector<Entry>* entries);
nlohmann::json list_json(const std::vector<ExperimentRow>& rows);

}  // namespace leadlab
