#include "leadlab/actions/export.hpp"

#include <set>
#include <string>
#include <string_view>
#include <utility>

#include "leadlab/actions/experiments.hpp"

namespace leadlab {
namespace {

bool since_day(const std::optional<Day>& since, const std::string& timestamp) {
  if (!since) return true;
  const auto day = parse_iso_date(std::string_view(timestamp).substr(0, 10));
  return !day || *day >= *since;
}

std::vector<Experiment> selected_experiments(const Journal& journal,
                                             const BundleSelection& selection) {
  if (selection.ids.empty()) return journal.list_experiments();
  std::vector<Experiment> out;
  std::set<std::int64_t> seen;
  for (const auto id : selection.ids)
    if (seen.insert(id).second) out.push_back(require_experiment(journal, id));
  return out;
}

// One experiment's records as the selection asks; nullopt when a comments bundle has none.
std::optional<BundleExperiment> bundle_experiment(const Journal& journal, Experiment e,
                                                  const BundleSelection& selection) {
  BundleExperiment be;
  if (!selection.without.comments) be.comments = journal.comments(e.id);
  std::erase_if(be.comments,
                [&](const Comment& c) { return !since_day(selection.since, c.created); });
  if (selection.comments_only) {
    if (be.comments.empty()) return std::nullopt;
  } else {
    be.follows_uuid = journal.follows_uuid(e.id);
    be.entries = journal.entries(e.id);
    std::erase_if(be.entries,
                  [&](const Entry& x) { return selection.since && x.date < *selection.since; });
    if (selection.without.notes)
      for (auto& x : be.entries) x.note.clear();
    be.reviews = journal.reviews(e.id);
    std::erase_if(be.reviews,
                  [&](const Review& r) { return !since_day(selection.since, r.created); });
  }
  be.experiment = std::move(e);
  return be;
}

// Every tombstone; in a bundle of kind "comments" only the comments'.
std::vector<Tombstone> selected_tombstones(const Journal& journal,
                                           const BundleSelection& selection) {
  std::vector<Tombstone> out = journal.tombstones();
  if (selection.comments_only)
    std::erase_if(out, [](const Tombstone& t) { return t.kind != "comment"; });
  return out;
}

}  // namespace

Bundle read_bundle(const Journal& journal, const BundleSelection& selection) {
  const auto snapshot = journal.begin_read();
  Bundle b;
  b.kind = selection.comments_only ? "comments" : "full";
  b.owner = journal.info().owner;
  b.without = selection.without;
  for (auto& e : selected_experiments(journal, selection))
    if (auto be = bundle_experiment(journal, std::move(e), selection))
      b.experiments.push_back(std::move(*be));
  b.tombstones = selected_tombstones(journal, selection);
  return b;
}

void export_bundle(const Journal& journal, const BundleSelection& selection, BundleSink& sink) {
  const auto snapshot = journal.begin_read();
  const bool comments_only = selection.comments_only;
  // The header first, so that a reader knows the version before any record.
  sink.header(comments_only ? "comments" : "full", journal.info().owner, selection.without);
  // The experiments without their definitions first; then one at a time is read in full,
  // written and forgotten.
  std::vector<Experiment> experiments;
  if (selection.ids.empty()) {
    experiments = journal.list_experiments({.definitions = false});
  } else {
    experiments = selected_experiments(journal, selection);
  }
  for (const auto& brief : experiments) {
    auto full = journal.find_experiment(brief.id);
    if (!full) continue;
    const auto be = bundle_experiment(journal, std::move(*full), selection);
    if (!be) continue;
    sink.experiment(*be);
  }
  sink.tombstones(selected_tombstones(journal, selection));
}

void for_each_selected_entries(
    const Journal& journal, const BundleSelection& selection,
    const std::function<void(const Experiment&, const std::vector<Entry>&)>& each) {
  for (const auto& e : selected_experiments(journal, selection)) {
    std::vector<Entry> entries = journal.entries(e.id);
    std::erase_if(entries,
                  [&](const Entry& x) { return selection.since && x.date < *selection.since; });
    if (selection.without.notes)
      for (auto& x : entries) x.note.clear();
    each(e, entries);
  }
}

}  // namespace leadlab
