// What merging a bundle needs of the Journal: records found by UUID, the link to the
// experiment one follows (which may be in no journal here), and tombstones, which keep a
// deleted record from coming back with an import.
#include <SQLiteCpp/SQLiteCpp.h>

#include <iterator>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "leadlab/storage/journal.hpp"

namespace leadlab {

void Journal::set_follows_uuid(std::int64_t experiment_id, const std::string& follows_uuid) {
  SQLite::Statement& st = prepared("UPDATE experiments SET follows_uuid = ? WHERE id = ?");
  if (follows_uuid.empty()) {
    st.bind(1);
  } else {
    st.bind(1, follows_uuid);
  }
  st.bind(2, experiment_id);
  st.exec();
}

void Journal::set_origin(std::int64_t experiment_id, std::string_view origin) {
  SQLite::Statement& st = prepared("UPDATE experiments SET origin = ? WHERE id = ?");
  st.bind(1, std::string(origin));
  st.bind(2, experiment_id);
  st.exec();
}

std::string Journal::origin(std::int64_t experiment_id) const {
  SQLite::Statement& st = prepared("SELECT origin FROM experiments WHERE id = ?");
  st.bind(1, experiment_id);
  std::string origin;
  if (st.executeStep()) origin = st.getColumn(0).getString();
  st.reset();
  return origin;
}

std::vector<std::string> Journal::origins() const {
  SQLite::Statement st(
      *db_, "SELECT DISTINCT origin FROM experiments WHERE origin <> '' ORDER BY origin");
  std::vector<std::string> out;
  while (st.executeStep()) out.push_back(st.getColumn(0).getString());
  return out;
}

void Journal::insert_tombstone(const Tombstone& t) {
  SQLite::Statement st(*db_,
                       "INSERT OR IGNORE INTO tombstones (uuid, kind, deleted) VALUES (?, ?, ?)");
  st.bind(1, t.uuid);
  st.bind(2, t.kind);
  st.bind(3, t.deleted);
  st.exec();
}

std::optional<Journal::RecordRef> Journal::find_record(RecordKind kind,
                                                       const std::string& uuid) const {
  // Fixed statements, one per kind: no table name ever comes from input.
  const char* sql = nullptr;
  switch (kind) {
    case RecordKind::kExperiment:
      sql = "SELECT id, id, updated FROM experiments WHERE uuid = ?";
      break;
    case RecordKind::kMetric:
      sql = "SELECT id, experiment_id, updated FROM metrics WHERE uuid = ?";
      break;
    case RecordKind::kEntry:
      sql = "SELECT id, experiment_id, updated FROM entries WHERE uuid = ?";
      break;
    case RecordKind::kReview:
      sql = "SELECT id, experiment_id, updated FROM reviews WHERE uuid = ?";
      break;
    case RecordKind::kComment:
      sql = "SELECT id, experiment_id, updated FROM comments WHERE uuid = ?";
      break;
  }
  SQLite::Statement& st = prepared(sql);
  st.bind(1, uuid);
  if (!st.executeStep()) return std::nullopt;
  RecordRef found{st.getColumn(0).getInt64(), st.getColumn(1).getInt64(),
                  st.getColumn(2).getString()};
  st.reset();
  return found;
}

std::optional<Experiment> Journal::find_experiment_by_uuid(const std::string& uuid) const {
  auto found = select_experiments("WHERE e.uuid = ?", {uuid});
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

namespace {

// The tables that hold UUIDs, each with the kind of record it holds; entries, the largest,
// last, so that the pairs below scan the smaller table and probe the larger one's index.
constexpr std::pair<const char*, const char*> kUuidTables[] = {
    {"experiments", "experiment"}, {"metrics", "metric"},       {"reviews", "review"},
    {"comments", "comment"},       {"tombstones", "tombstone"}, {"entries", "entry"}};

}  // namespace

std::vector<std::string> Journal::find_uuid(const std::string& uuid) const {
  std::vector<std::string> kinds;
  for (const auto& [table, kind] : kUuidTables) {
    // Fixed statements: no table name ever comes from input.
    SQLite::Statement& st = prepared(std::string("SELECT 1 FROM ") + table + " WHERE uuid = ?");
    st.bind(1, uuid);
    if (st.executeStep()) kinds.emplace_back(kind);
    st.reset();
  }
  return kinds;
}

std::vector<std::string> Journal::shared_uuids() const {
  std::set<std::string> shared;
  const std::size_t n = std::size(kUuidTables);
  for (std::size_t a = 0; a < n; ++a) {
    for (std::size_t b = a + 1; b < n; ++b) {
      SQLite::Statement st(*db_, std::string("SELECT a.uuid FROM ") + kUuidTables[a].first +
                                     " a WHERE EXISTS (SELECT 1 FROM " + kUuidTables[b].first +
                                     " b WHERE b.uuid = a.uuid)");
      while (st.executeStep()) shared.insert(st.getColumn(0).getString());
    }
  }
  return {shared.begin(), shared.end()};
}

std::string Journal::follows_uuid(std::int64_t experiment_id) const {
  SQLite::Statement& st = prepared("SELECT follows_uuid FROM experiments WHERE id = ?");
  st.bind(1, experiment_id);
  std::string uuid;
  if (st.executeStep() && !st.getColumn(0).isNull()) uuid = st.getColumn(0).getString();
  st.reset();
  return uuid;
}

bool Journal::is_tombstoned(const std::string& uuid) const {
  SQLite::Statement& st = prepared("SELECT 1 FROM tombstones WHERE uuid = ?");
  st.bind(1, uuid);
  const bool found = st.executeStep();
  st.reset();
  return found;
}

std::vector<Tombstone> Journal::tombstones() const {
  SQLite::Statement st(*db_, "SELECT uuid, kind, deleted FROM tombstones ORDER BY uuid");
  std::vector<Tombstone> out;
  while (st.executeStep())
    out.push_back(
        {st.getColumn(0).getString(), st.getColumn(1).getString(), st.getColumn(2).getString()});
  return out;
}

void Journal::delete_metric(std::int64_t metric_id) {
  SQLite::Statement owner(*db_, "SELECT experiment_id FROM metrics WHERE id = ?");
  owner.bind(1, metric_id);
  if (owner.executeStep()) mark_stale(owner.getColumn(0).getInt64());
  SQLite::Statement values(*db_, "DELETE FROM entry_values WHERE metric_id = ?");
  values.bind(1, metric_id);
  values.exec();
  SQLite::Statement st(*db_, "DELETE FROM metrics WHERE id = ?");
  st.bind(1, metric_id);
  st.exec();
}

void Journal::delete_review(std::int64_t review_id) {
  SQLite::Statement st(*db_, "DELETE FROM reviews WHERE id = ?");
  st.bind(1, review_id);
  st.exec();
}

void Journal::forget_tombstone(const std::string& uuid) {
  SQLite::Statement st(*db_, "DELETE FROM tombstones WHERE uuid = ?");
  st.bind(1, uuid);
  st.exec();
}

std::vector<Journal::SyncChange> Journal::sync_changes() const {
  SQLite::Statement st(*db_, "SELECT experiment_uuid, seq FROM sync_changes");
  std::vector<SyncChange> out;
  while (st.executeStep()) out.push_back({st.getColumn(0).getString(), st.getColumn(1).getInt64()});
  return out;
}

void Journal::forget_sync_changes(const std::vector<SyncChange>& changes) {
  SQLite::Statement st(*db_, "DELETE FROM sync_changes WHERE experiment_uuid = ? AND seq = ?");
  for (const SyncChange& c : changes) {
    st.bind(1, c.uuid);
    st.bind(2, c.seq);
    st.exec();
    st.reset();
  }
}

}  // namespace leadlab
