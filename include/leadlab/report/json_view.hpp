// JSON renderings of experiments and entries for --json: the shapes are a contract,
// documented in docs/json.md. Dates are "YYYY-MM-DD"; a value that does not exist (a
// derived metric that divides by zero, a metric not logged) is null.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "leadlab/model/model.hpp"
#include "leadlab/model/model.hpp"
#include "leadlab/report/text_view.hpp"

namespace leadlab {

nlohmann::json metric_json(const Metric& metric);
nlohmann::json entry_json(const Experiment& experiment, const Entry& entry);
nlohmann::json entries_json(const Experiment& experiment, const std::vector<Entry>& entries);
// The experiment's fields, metrics and points; with its entries when `entries` is given.
nlohmann::json experiment_json(const ExperimentRow& row, const std::vector<Entry>* entries);
nlohmann::json list_json(const std::vector<ExperimentRow>& rows);

}  // namespace leadlab
