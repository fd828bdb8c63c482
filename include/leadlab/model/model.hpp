// The journal's concepts as plain values: experiments, metrics, entries, reviews, comments.
// Nothing here touches storage or the terminal; see journal.hpp for how they are kept.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace leadlab {

using Day = std::chrono::sys_days;

// Plan-Do-Study-Act status. An experiment moves draft -> baseline -> testing -> closed;
// starting straight in testing is allowed (then there is no before/after comparison).
enum class Status { kDraft, kBaseline, kTesting, kClosed };

// What a metric counts. kDerived is a formula over the experiment's other metrics.
enum class MetricKind { kCount, kScale, kMinutes, kYesNo, kPercent, kDerived };

// Which way is better.
enum class Direction { kUp, kDown };

// The phase an entry belongs to, derived from its date against the test start.
enum class Phase { kBaseline, kTesting };

std::string_view to_string(Status s);
std::string_view to_string(MetricKind k);
std::string_view to_string(Direction d);
std::string_view to_string(Phase p);
std::optional<Status> parse_status(std::string_view s);
std::optional<MetricKind> parse_metric_kind(std::string_view s);
std::optional<Direction> parse_direction(std::string_view s);

struct Metric {
  std::int64_t id = 0;
  std::string uuid;
  std::string name;  // an identifier: [A-Za-z_][A-Za-z0-9_]*
  std::string label;
  MetricKind kind = MetricKind::kCount;
  Direction direction = Direction::kUp;
  std::optional<double> scale_min;  // kScale only
  std::optional<double> scale_max;
  std::string instructions;  // how to count it
  std::string formula;       // kDerived only
  std::string created;
  std::string updated;
};

// A randomised test-phase start (Edgington's AB design): the occasion at which the change
// begins was drawn, uniformly, from [first, last] and recorded before the data came.
// Occasion k is the k-th occasion logged for the experiment, so occasions 1..k-1 are the
// baseline. See docs/analysis.md (its randomisation section).
struct RandomStart {
  int first = 0;
  int last = 0;
  int drawn = 0;
  // The occasion at which `start` began the test; nullopt until then. Any other than
  // `drawn` broke the design: the randomisation test is then not valid.
  std::optional<int> started;

  int starts() const { return last - first + 1; }
  bool broken() const { return started && *started != drawn; }
  friend bool operator==(const RandomStart&, const RandomStart&) = default;
};

struct Experiment {
  std::int64_t id = 0;  // short id, per journal
  std::string uuid;
  std::string title;
  std::string hypothesis;
  std::string change;
  std::string prediction;
  std::string prediction_why;
  std::string occasion = "meeting";
  std::string success_rule;
  int baseline_points = 5;
  int test_points = 5;
  std::string template_name;
  std::optional<std::int64_t> follows;  // the experiment this one follows (lineage)
  int cycle = 1;
  Status status = Status::kDraft;
  std::optional<Day> baseline_start;
  std::optional<Day> test_start;
  std::optional<RandomStart> random_start;  // nullopt: the start is the user's choice
  std::string closed;  // timestamp, empty while open
  std::vector<std::string> tags;
  std::vector<Metric> metrics;  // in the order they were defined
  std::string created;
  std::string updated;

  const Metric* find_metric(std::string_view name) const;
  // The phase of an occasion on `day`: testing from the test start on, baseline before.
  Phase phase_of(Day day) const;
};

struct Entry {
  std::int64_t id = 0;  // stable entry number, per journal
  std::string uuid;
  std::int64_t experiment_id = 0;
  Day date{};
  std::string time;                      // "HH:MM" or empty
  std::map<std::string, double> values;  // by metric name; derived metrics are never stored
  std::string note;
  bool as_planned = true;
  std::string deviation;  // what was done differently, when !as_planned
  std::string created;
  std::string updated;
};

struct Review {
  std::int64_t id = 0;
  std::string uuid;
  std::int64_t experiment_id = 0;
  std::string prediction_met;  // yes | partly | no
  std::string observed;
  std::string difference;  // why the result differed from the prediction
  std::string learned;
  std::string surprised;
  std::string as_planned;
  std::string decision;  // adopt | adapt | abandon
  std::string next_step;
  std::optional<Day> next_by;
  std::optional<int> commitment;  // 1-10
  std::string author;
  std::string created;
  std::string updated;
};

struct Comment {
  std::int64_t id = 0;
  std::string uuid;
  std::int64_t experiment_id = 0;
  std::string author;
  std::string text;
  std::string created;
  std::string updated;
  // Whether the journal's owner has seen it: false for a comment an import brought that
  // `show` has not shown yet. This journal's own state; it does not travel in a bundle.
  bool seen = true;
};

// Comments an import brought that the journal's owner has not seen yet, by experiment and
// author (for `status` and `next`: "2 new comments from Ben on experiment 1").
struct NewComments {
  std::int64_t experiment_id = 0;
  std::string author;
  int count = 0;
};

// A deleted record, remembered by UUID only so that an import does not bring it back.
struct Tombstone {
  std::string uuid;
  std::string kind;     // "entry" | "experiment" | "comment"
  std::string deleted;  // timestamp
};

// Points logged per phase and the last occasion, for lists and dashboards.
struct ExperimentStats {
  int baseline_points = 0;
  int test_points = 0;
  std::optional<Day> last_entry;
};

// One experiment with its points per phase and last entry, as a list shows it.
struct ExperimentRow {
  Experiment experiment;
  ExperimentStats stats;
};

// Where an experiment stands in its series of cycles.
struct Lineage {
  Experiment root;                   // the first experiment of the series (cycle 1)
  std::optional<Experiment> parent;  // the one it follows
  std::vector<Experiment> children;  // the ones that follow it
};
}  // namespace leadlab
