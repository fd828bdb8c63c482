#include "leadlab/actions/experiments.hpp"

#include <algorithm>

#include "leadlab/model/dates.hpp"
#include "leadlab/model/error.hpp"
#include "leadlab/model/formula.hpp"
#include "leadlab/model/text.hpp"

namespace leadlab {

namespace {

void check_not_future(Day date, Day today, std::string_view what) {
  if (date > today) {
    throw UsageError(
        std::string(what) + " cannot be in the future (" + describe_date(date, today) + ")",
        "run it on the day, or give a past --date");
  }
}

}  // namespace

Experiment create_experiment(Journal& journal, const ExperimentSpec& spec) {
  Experiment e = build_experiment(spec);
  auto tx = journal.begin_write();
  if (spec.follows) {
    const Experiment parent = require_experiment(journal, *spec.follows);
    e.follows = parent.id;
    e.cycle = parent.cycle + 1;
  }
  journal.insert_experiment(e);
  tx.commit();
  return e;
}

Experiment require_experiment(const Journal& journal, std::int64_t id) {
  auto found = journal.find_experiment(id);
  if (!found) {
    throw UsageError("there is no experiment " + std::to_string(id) + " in " + journal.path(),
                     "`leadlab list` shows the experiments and their ids");
  }
  return std::move(*found);
}

Lineage lineage_of(const Journal& journal, const Experiment& experiment) {
  Lineage lineage{experiment, std::nullopt, journal.children(experiment.id)};
  if (experiment.follows) lineage.parent = journal.find_experiment(*experiment.follows);
  // Walk up to the first cycle; the bound stops a damaged journal's loop.
  for (int hops = 0; lineage.root.follows && hops < 10000; ++hops) {
    auto up = journal.find_experiment(*lineage.root.follows);
    if (!up) break;
    lineage.root = std::move(*up);
  }
  return lineage;
}

std::vector<Experiment> series_of(const Journal& journal, std::int64_t id) {
  std::vector<Experiment> series{lineage_of(journal, require_experiment(journal, id)).root};
  std::set<std::int64_t> seen{series.front().id};
  for (std::size_t i = 0; i < series.size(); ++i) {
    for (auto& child : journal.children(series[i].id))
      if (seen.insert(child.id).second) series.push_back(std::move(child));
  }
  return series;
}

PhaseChange begin_baseline(Journal& journal, std::int64_t id, Day date, Day today) {
  check_not_future(date, today, "the baseline");
  auto tx = journal.begin_write();
  PhaseChange change{require_experiment(journal, id)};
  Experiment& e = change.experiment;
  const std::string ref = "experiment " + std::to_string(id);
  switch (e.status) {
    case Status::kDraft:
      break;
    case Status::kBaseline:
      throw UsageError(ref + " is already in its baseline, since " + format_date(*e.baseline_start),
                       "log occasions with `leadlab log " + std::to_string(id) + "`");
    case Status::kTesting:
      throw UsageError(ref + " is already testing the change",
                       "its baseline ended when the test began");
    case Status::kClosed:
      throw UsageError(ref + " is closed", "start a follow-up experiment instead");
  }
  e.status = Status::kBaseline;
  e.baseline_start = date;
  journal.update_experiment(e);
  tx.commit();
  return change;
}

PhaseChange begin_test(Journal& journal, std::int64_t id, Day date, Day today) {
  check_not_future(date, today, "the test phase");
  auto tx = journal.begin_write();
  PhaseChange change{require_experiment(journal, id)};
  Experiment& e = change.experiment;
  const std::string ref = "experiment " + std::to_string(id);
  if (e.status == Status::kTesting) {
    throw UsageError(ref + " is already testing, since " + format_date(*e.test_start),
                     "log occasions with `leadlab log " + std::to_string(id) + "`");
  }
  if (e.status == Status::kClosed) {
    throw UsageError(ref + " is closed", "start a follow-up experiment instead");
  }
  if (e.baseline_start && date < *e.baseline_start) {
    throw UsageError("the test cannot begin on " + format_date(date) +
                         ", before the baseline began (" + format_date(*e.baseline_start) + ")",
                     "give a --date on or after " + format_date(*e.baseline_start));
  }
  for (const auto& entry : journal.entries(id))
    if (entry.date >= date) ++change.entries_moved;
  e.status = Status::kTesting;
  e.test_start = date;
  journal.update_experiment(e);
  tx.commit();
  return change;
}

}  // namespace leadlab
