#include "leadlab/actions/experiment_changes.hpp"

#include <algorithm>

#include "leadlab/actions/experiments.hpp"
#include "leadlab/model/dates.hpp"
#include "leadlab/model/error.hpp"
#include "leadlab/model/experiment_spec.hpp"
#include "leadlab/model/rules.hpp"

namespace leadlab {
namespace {

bool same_metric(const Metric& a, const Metric& b) {
  return a.name == b.name && a.label == b.label && a.kind == b.kind && a.direction == b.direction &&
         a.scale_min == b.scale_min && a.scale_max == b.scale_max &&
         a.instructions == b.instructions && a.formula == b.formula;
}

bool same_metrics(const std::vector<Metric>& a, const std::vector<Metric>& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), same_metric);
}

// Whether the definition a user can edit is the same in both.
bool same_definition(const Experiment& a, const Experiment& b) {
  return a.title == b.title && a.hypothesis == b.hypothesis && a.change == b.change &&
         a.prediction == b.prediction && a.prediction_why == b.prediction_why &&
         a.occasion == b.occasion && a.success_rule == b.success_rule &&
         a.baseline_points == b.baseline_points && a.test_points == b.test_points &&
         a.tags == b.tags && same_metrics(a.metrics, b.metrics);
}

// The experiment's definition with the edit's fields in place, checked as `new` checks one.
ExperimentSpec edited_spec(const Experiment& e, const ExperimentEdit& edit) {
  ExperimentSpec spec = spec_from_experiment(e);
  spec.follows.reset();
  const auto take = [](std::string& field, const std::optional<std::string>& given) {
    if (given) field = *given;
  };
  take(spec.title, edit.title);
  take(spec.hypothesis, edit.hypothesis);
  take(spec.change, edit.change);
  take(spec.prediction, edit.prediction);
  take(spec.prediction_why, edit.prediction_why);
  take(spec.occasion, edit.occasion);
  take(spec.success_rule, edit.success_rule);
  if (edit.baseline_points) spec.baseline_points = edit.baseline_points;
  if (edit.test_points) spec.test_points = edit.test_points;
  if (edit.tags) spec.tags = *edit.tags;
  if (!edit.metrics.empty() || !edit.derived.empty()) {
    spec.defined_metrics.clear();
    spec.metrics = edit.metrics;
    spec.derived = edit.derived;
  }
  return spec;
}

// New metrics only while no entry holds a value: a logged value belongs to its metric.
void check_metrics_unused(const Journal& journal, const Experiment& e) {
  const auto entries = journal.entries(e.id);
  const auto used = std::count_if(entries.begin(), entries.end(),
                                  [](const Entry& n) { return !n.values.empty(); });
  if (used == 0) return;
  const std::string id = std::to_string(e.id);
  throw UsageError(
      "experiment " + id + "'s metrics cannot change: " + std::to_string(used) +
          (used == 1 ? " entry holds values" : " entries hold values") + " logged for them",
      "to measure something else, start a new cycle with `leadlab new --follows " + id +
          " --metric ...`, or delete its entries first (`leadlab entries " + id + "` lists them)");
}

}  // namespace

bool ExperimentEdit::empty() const {
  return !title && !hypothesis && !change && !prediction && !prediction_why && !occasion &&
         !success_rule && !baseline_points && !test_points && !tags && metrics.empty() &&
         derived.empty();
}

EditResult edit_experiment(Journal& journal, std::int64_t id, const ExperimentEdit& edit) {
  auto tx = journal.begin_write();
  const Experiment before = require_experiment(journal, id);
  const bool new_metrics = !edit.metrics.empty() || !edit.derived.empty();
  const Experiment built = build_experiment(edited_spec(before, edit));
  Experiment after = before;
  after.title = built.title;
  after.hypothesis = built.hypothesis;
  after.change = built.change;
  after.prediction = built.prediction;
  after.prediction_why = built.prediction_why;
  after.occasion = built.occasion;
  after.success_rule = built.success_rule;
  after.baseline_points = built.baseline_points;
  after.test_points = built.test_points;
  after.tags = built.tags;
  if (new_metrics) after.metrics = built.metrics;
  if (const auto problems = experiment_problems(after); !problems.empty()) {
    throw UsageError("experiment " + std::to_string(id) + " cannot be saved: " + problems.front(),
                     "nothing was changed");
  }
  if (same_definition(before, after)) return {before, false};
  if (new_metrics && !same_metrics(before.metrics, after.metrics)) {
    check_metrics_unused(journal, before);
    // A metric that keeps its name keeps its identity, so that an import of this
    // experiment elsewhere updates that metric instead of meeting a second of its name.
    for (Metric& m : after.metrics) {
      const Metric* old = before.find_metric(m.name);
      if (old != nullptr) {
        m.uuid = old->uuid;
        m.created = old->created;
      }
    }
    journal.delete_metrics(id);
    for (Metric& m : after.metrics) {
      m.updated = now_timestamp();
      journal.insert_metric(id, m);
    }
  }
  journal.update_experiment(after);
  journal.set_tags(id, after.tags);
  tx.commit();
  return {require_experiment(journal, id), true};
}

DeletionScope deletion_scope(const Journal& journal, std::int64_t id) {
  DeletionScope scope{require_experiment(journal, id)};
  scope.entries =
      journal.stats(scope.experiment).baseline_points + journal.stats(scope.experiment).test_points;
  scope.reviews = static_cast<int>(journal.reviews(id).size());
  scope.comments = static_cast<int>(journal.comments(id).size());
  return scope;
}

DeletionScope delete_experiment(Journal& journal, std::int64_t id) {
  auto tx = journal.begin_write();
  DeletionScope scope = deletion_scope(journal, id);
  journal.delete_experiment(id);
  tx.commit();
  return scope;
}

}  // namespace leadlab
