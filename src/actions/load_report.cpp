#include "leadlab/actions/load_report.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>

#include "leadlab/actions/experiments.hpp"
#include "leadlab/analysis/experiment_analysis.hpp"
#include "leadlab/model/dates.hpp"

namespace leadlab {
namespace {

// Each experiment's lineage from the list of every experiment, without a query apiece.
Lineage lineage_in(const std::map<std::int64_t, const Experiment*>& all, const Experiment& e,
                   const std::multimap<std::int64_t, const Experiment*>& children) {
  Lineage lineage{e, std::nullopt, {}};
  const auto [first, last] = children.equal_range(e.id);
  for (auto it = first; it != last; ++it) lineage.children.push_back(*it->second);
  const auto find = [&all](const std::optional<std::int64_t>& id) -> const Experiment* {
    const auto it = id ? all.find(*id) : all.end();
    return it == all.end() ? nullptr : it->second;
  };
  if (const Experiment* parent = find(e.follows)) lineage.parent = *parent;
  // Walk up to the first cycle, as lineage_of does; the bound stops a damaged journal's loop.
  const Experiment* root = &e;
  for (int hops = 0; hops < 10000; ++hops) {
    const Experiment* up = find(root->follows);
    if (up == nullptr) break;
    root = up;
  }
  lineage.root = *root;
  return lineage;
}

// Reads the experiments of a report one at a time (see report_experiments) and hands each
// to `take`.
void load_each(const Journal& journal, const std::vector<std::int64_t>& ids,
               std::optional<Day> since, std::chrono::weekday week_start,
               const std::function<void(ReportExperiment&)>& take) {
  const auto snapshot = journal.begin_read();
  std::vector<Experiment> experiments;
  std::set<std::int64_t> named;
  if (ids.empty()) {
    experiments = journal.list_experiments();
  } else {
    for (const auto id : ids)
      if (named.insert(id).second) experiments.push_back(require_experiment(journal, id));
  }
  std::map<std::int64_t, const Experiment*> all;
  std::multimap<std::int64_t, const Experiment*> children;
  if (ids.empty()) {
    for (const Experiment& e : experiments) {
      all.emplace(e.id, &e);
      if (e.follows) children.emplace(*e.follows, &e);
    }
  }
  const auto on_or_after = [&](const std::string& timestamp) {
    const auto day = parse_iso_date(std::string_view(timestamp).substr(0, 10));
    return day && *day >= *since;
  };
  for (const Experiment& e : experiments) {
    ReportExperiment r;
    r.entries = journal.entries(e.id);
    r.comments = journal.comments(e.id);
    if (since) {
      const bool active = std::any_of(r.entries.begin(), r.entries.end(),
                                      [&](const Entry& x) { return x.date >= *since; }) ||
                          on_or_after(e.created) || (!e.closed.empty() && on_or_after(e.closed)) ||
                          std::any_of(r.comments.begin(), r.comments.end(),
                                      [&](const Comment& c) { return on_or_after(c.created); });
      if (!active && named.count(e.id) == 0) continue;
    }
    r.reviews = journal.reviews(e.id);
    // The analysis reads every entry: a verdict from part of a phase would mislead.
    r.analysis = analyse_experiment(e, r.entries, week_start);
    if (since) {
      const auto before = std::erase_if(r.entries, [&](const Entry& x) { return x.date < *since; });
      r.entries_before_period = static_cast<int>(before);
    }
    r.lineage = ids.empty() ? lineage_in(all, e, children) : lineage_of(journal, e);
    r.row.stats = journal.stats(e);
    r.row.experiment = e;
    take(r);
  }
}

}  // namespace

ReportScope report_scope(const Journal& journal, std::optional<Day> since, Day today,
                         std::chrono::weekday week_start) {
  return {journal.info().owner, today, since, week_start};
}

ReportSource report_experiments(const Journal& journal, std::vector<std::int64_t> ids,
                                std::optional<Day> since, std::chrono::weekday week_start) {
  return [&journal, ids = std::move(ids), since,
          week_start](const std::function<void(ReportExperiment&)>& take) {
    load_each(journal, ids, since, week_start, take);
  };
}

ReportSource leave_out(ReportSource source, const BundleOmits& without, ReportScope& scope) {
  if (!without.any()) return source;
  scope.left_out = without.notes && without.comments ? "the entries' notes and the comments"
                   : without.notes                   ? "the entries' notes"
                                                     : "the comments";
  return [source = std::move(source), without](const std::function<void(ReportExperiment&)>& take) {
    source([&](ReportExperiment& r) {
      if (without.notes)
        for (auto& e : r.entries) e.note.clear();
      if (without.comments) r.comments.clear();
      take(r);
    });
  };
}

ReportInput load_report(const Journal& journal, const std::vector<std::int64_t>& ids,
                        std::optional<Day> since, Day today, std::chrono::weekday week_start) {
  ReportInput input;
  static_cast<ReportScope&>(input) = report_scope(journal, since, today, week_start);
  load_each(journal, ids, since, week_start,
            [&input](ReportExperiment& r) { input.experiments.push_back(std::move(r)); });
  return input;
}

ReportExperiment load_experiment(const Journal& journal, std::int64_t id,
                                 std::chrono::weekday week_start) {
  ReportExperiment shown;
  load_each(journal, {id}, std::nullopt, week_start,
            [&shown](ReportExperiment& r) { shown = std::move(r); });
  return shown;
}

}  // namespace leadlab
