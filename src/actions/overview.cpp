#include "leadlab/actions/overview.hpp"

#include <exception>

#include "leadlab/actions/load_views.hpp"
#include "leadlab/actions/sync.hpp"
#include "leadlab/model/dates.hpp"
#include "leadlab/model/error.hpp"
#include "leadlab/storage/journal.hpp"

namespace leadlab {
namespace {

// The latest active experiment: the most recent entry wins, then the higher id (the newer).
const DashboardItem* latest_of(const std::vector<DashboardItem>& items) {
  const DashboardItem* best = nullptr;
  for (const DashboardItem& item : items) {
    if (best == nullptr || item.stats.last_entry > best->stats.last_entry ||
        (item.stats.last_entry == best->stats.last_entry &&
         item.experiment.id > best->experiment.id))
      best = &item;
  }
  return best;
}

void read_row(OverviewRow& row, Day today) {
  const Journal journal = Journal::open(row.path, Journal::Mode::kReadOnly);
  row.owner = journal.info().owner;
  for (const std::string& origin : journal.origins())
    row.client += (row.client.empty() ? "" : ", ") + origin;
  if (row.client.empty()) row.client = row.owner;
  // A coach's mirror holds the client's journal: the client is who the remote names.
  if (const auto coach = sync_mirror_coach(row.path)) {
    row.coach = *coach;
    row.client = sync_mirror_client(row.path).value_or(row.client);
  }
  // Titles and stored counts only: no metrics, no entries of closed experiments.
  const std::vector<Experiment> all = journal.list_experiments({.definitions = false});
  row.experiments = static_cast<int>(all.size());
  for (const ExperimentStats& stats : journal.stats(all))
    if (stats.last_entry > row.last_entry) row.last_entry = stats.last_entry;
  const std::vector<DashboardItem> items = load_dashboard(journal, today);
  row.active = static_cast<int>(items.size());
  for (const DashboardItem& item : items) {
    for (const Due& due : item.due) {
      row.reviews_due += due.kind == DueKind::kReviewDue ? 1 : 0;
      row.ready_to_start += due.kind == DueKind::kReadyToStart ? 1 : 0;
      row.quiet += due.kind == DueKind::kLogNudge ? 1 : 0;
    }
  }
  if (const DashboardItem* latest = latest_of(items)) row.latest = *latest;
}

}  // namespace

OverviewRow overview_row(const std::string& path, Day today) {
  OverviewRow row;
  row.path = path;
  try {
    read_row(row, today);
  } catch (const UsageError& e) {
    row = OverviewRow{.path = path, .error = e.what(), .hint = e.hint()};
  } catch (const StorageError& e) {
    row = OverviewRow{.path = path, .error = e.what(), .hint = e.hint()};
  } catch (const std::exception& e) {
    // An SQLite failure the journal did not name, e.g. a damaged page found while reading.
    row = OverviewRow{.path = path, .error = path + ": " + e.what()};
  }
  return row;
}

}  // namespace leadlab
