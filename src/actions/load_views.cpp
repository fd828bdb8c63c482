#include "leadlab/actions/load_views.hpp"

#include <set>

#include "leadlab/actions/experiments.hpp"

namespace leadlab {

std::vector<DashboardItem> load_dashboard(const Journal& journal, Day today) {
  std::vector<DashboardItem> items;
  for (const Experiment& e : journal.active_experiments())
    items.push_back(dashboard_item(e, journal.entries(e.id), today));
  return items;
}

Summary load_summary(const Journal& journal, const WeekRange& weeks, Day today) {
  // Every experiment is read, since one may have started or closed in the period without an
  // entry in it; entries are read for the period only.
  // Metrics are read only for the experiments with entries in the period.
  std::vector<Experiment> experiments = journal.list_experiments({.definitions = false});
  const std::vector<Entry> entries = journal.entries_between(weeks.first, weeks.last_day());
  std::set<std::int64_t> logged;
  for (const auto& entry : entries) logged.insert(entry.experiment_id);
  for (auto& e : experiments)
    if (logged.count(e.id) != 0)
      if (auto full = journal.find_experiment(e.id)) e = std::move(*full);
  return summarise(weeks, today, experiments, entries,
                   [&journal](std::int64_t id) { return journal.latest_review(id); });
}

NextPlan load_next(const Journal* journal, const TemplateLibrary& templates, Day today) {
  std::vector<ExperimentRow> rows;
  std::optional<LatestDecision> latest;
  if (journal != nullptr) {
    // The plan reads phases, points and titles, never metrics.
    rows = journal->list_rows({.definitions = false});
    latest = load_latest_decision(*journal);
  }
  return plan_next(rows, latest, templates, today);
}

std::optional<LatestDecision> load_latest_decision(const Journal& journal) {
  auto decision = journal.latest_decision();
  if (!decision) return std::nullopt;
  std::vector<Experiment> children = journal.children(decision->first.id);
  return LatestDecision{std::move(decision->first), std::move(decision->second),
                        std::move(children)};
}

Experiment create_suggested(Journal& journal, const NextItem& item,
                            const TemplateLibrary& templates) {
  std::optional<Experiment> parent;
  if (item.follows) parent = require_experiment(journal, *item.follows);
  return create_experiment(journal, spec_for(item, parent, templates));
}

}  // namespace leadlab
