// What a progress report is made from: one experiment with everything the report says about
// it, the report's scope, and a source that hands experiments over one at a time. Plain
// values, filled by the actions layer (actions/load_report.hpp) and rendered by the report
// layer (report/markdown_report.hpp); they live here, below both, because neither may see
// the other.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "leadlab/analysis/experiment_analysis.hpp"
#include "leadlab/model/model.hpp"

namespace leadlab {

// One experiment with everything the report says about it.
struct ReportExperiment {
  ExperimentRow row;              // the experiment and its points per phase
  std::vector<Entry> entries;     // its entries in date order (within the period, if any)
  int entries_before_period = 0;  // entries left out: dated before `since`
  ExperimentAnalysis analysis;    // of every entry: a verdict on part of a phase would mislead
  Lineage lineage;
  std::vector<Review> reviews;    // oldest first
  std::vector<Comment> comments;  // oldest first
};

// What a report covers, apart from its experiments.
struct ReportScope {
  std::string owner;         // the journal's owner; may be empty
  Day today{};               // the report's date
  std::optional<Day> since;  // --since: the period begins here; nullopt: from the beginning
  std::chrono::weekday week_start = std::chrono::Monday;
  std::string left_out;  // what the author kept out (`--without`): "the entries' notes", ...
};

struct ReportInput : ReportScope {
  std::vector<ReportExperiment> experiments;  // by id
};

// Experiments as `show` loads them, by UUID (what names a sync conflict's record by number).
using ExperimentsByUuid = std::map<std::string, ReportExperiment>;

// Hands a report's experiments to `take`, one at a time and in order, so that a whole
// journal's report never holds more than one experiment's entries. `take` may move from the
// experiment it is given.
using ReportSource = std::function<void(const std::function<void(ReportExperiment&)>& take)>;

}  // namespace leadlab
