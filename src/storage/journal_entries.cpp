// The Journal's entries: an experiment's data points and their values, written one at a
// time (an import writes 200,000 of them) and read per experiment or per date range.
#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <optional>
#include <string>
#include <utility>

#include "leadlab/model/dates.hpp"
#include "leadlab/model/uuid.hpp"
#include "leadlab/storage/journal.hpp"
#include "storage/journal_internal.hpp"

namespace leadlab {

using journal_internal::stamp_new;

namespace {

constexpr const char* kEntryColumns =
    "id, uuid, experiment_id, date, time, note, as_planned, deviation, created, updated";

Entry read_entry(const SQLite::Statement& st) {
  Entry e;
  e.id = st.getColumn(0).getInt64();
  e.uuid = st.getColumn(1).getString();
  e.experiment_id = st.getColumn(2).getInt64();
  e.date = parse_iso_date(st.getColumn(3).getString()).value_or(Day{});
  if (!st.getColumn(4).isNull()) e.time = st.getColumn(4).getString();
  e.note = st.getColumn(5).getString();
  e.as_planned = st.getColumn(6).getInt() != 0;
  e.deviation = st.getColumn(7).getString();
  e.created = st.getColumn(8).getString();
  e.updated = st.getColumn(9).getString();
  return e;
}

// Binds what update_entry replaces, the entry's fields through `updated`, to parameters 1 to
// 6; insert_entry binds the entry's identity after them. The text is bound without a copy (an
// import inserts 200,000 entries), so `entry` and `date` must outlive the statement's exec().
void bind_entry(SQLite::Statement& st, const Entry& entry, const std::string& date) {
  st.bindNoCopy(1, date);
  if (entry.time.empty()) {
    st.bind(2);
  } else {
    st.bindNoCopy(2, entry.time);
  }
  st.bindNoCopy(3, entry.note);
  st.bind(4, entry.as_planned ? 1 : 0);
  st.bindNoCopy(5, entry.deviation);
  st.bindNoCopy(6, entry.updated);
}

}  // namespace

void Journal::write_values(const Entry& entry, const Experiment& experiment, bool replace) {
  if (replace) {
    SQLite::Statement& clear = prepared("DELETE FROM entry_values WHERE entry_id = ?");
    clear.bind(1, entry.id);
    clear.exec();
  }
  // All the entry's values in one statement (one per number of values).
  std::vector<std::pair<std::int64_t, double>> rows;
  for (const auto& [name, value] : entry.values) {
    const Metric* metric = experiment.find_metric(name);
    if (metric == nullptr || metric->kind == MetricKind::kDerived) continue;
    rows.emplace_back(metric->id, value);
  }
  if (rows.empty()) return;
  std::string sql = "INSERT INTO entry_values (entry_id, metric_id, value) VALUES (?, ?, ?)";
  for (std::size_t i = 1; i < rows.size(); ++i) sql += ", (?, ?, ?)";
  SQLite::Statement& insert = prepared(sql);
  int at = 1;
  for (const auto& [metric_id, value] : rows) {
    insert.bind(at++, entry.id);
    insert.bind(at++, metric_id);
    insert.bind(at++, value);
  }
  insert.exec();
}

void Journal::insert_entry(Entry& entry, const Experiment& experiment) {
  entry.uuid = entry.uuid.empty() ? new_uuid() : entry.uuid;
  entry.experiment_id = experiment.id;
  stamp_new(entry.created, entry.updated);
  SQLite::Statement& st = prepared(
      "INSERT INTO entries (date, time, note, as_planned, deviation, updated, uuid, "
      "experiment_id, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  const std::string date = format_date(entry.date);
  bind_entry(st, entry, date);
  st.bindNoCopy(7, entry.uuid);
  st.bind(8, entry.experiment_id);
  st.bindNoCopy(9, entry.created);
  st.exec();
  entry.id = db_->getLastInsertRowid();
  write_values(entry, experiment, false);
  mark_stale(experiment.id);
}

void Journal::update_entry(Entry& entry, const Experiment& experiment, std::string_view stamp) {
  entry.updated = stamp.empty() ? now_timestamp() : std::string(stamp);
  SQLite::Statement& st = prepared(
      "UPDATE entries SET date = ?, time = ?, note = ?, as_planned = ?, "
      "deviation = ?, updated = ? WHERE id = ?");
  const std::string date = format_date(entry.date);
  bind_entry(st, entry, date);
  st.bind(7, entry.id);
  st.exec();
  write_values(entry, experiment);
  mark_stale(experiment.id);
}

void Journal::delete_entry(std::int64_t entry_id) {
  if (const auto entry = find_entry(entry_id)) mark_stale(entry->experiment_id);
  journal_internal::delete_leaving_tombstone(*db_, "entries", "entry", entry_id);
}

std::optional<Entry> Journal::find_entry(std::int64_t entry_id) const {
  SQLite::Statement st(*db_, std::string("SELECT ") + kEntryColumns + " FROM entries WHERE id = ?");
  st.bind(1, entry_id);
  if (!st.executeStep()) return std::nullopt;
  Entry entry = read_entry(st);
  SQLite::Statement values(*db_,
                           "SELECT m.name, v.value FROM entry_values v "
                           "JOIN metrics m ON m.id = v.metric_id WHERE v.entry_id = ?");
  values.bind(1, entry_id);
  while (values.executeStep())
    entry.values[values.getColumn(0).getString()] = values.getColumn(1).getDouble();
  return entry;
}

namespace {

// Metric names by id, for the values read: an experiment's own read at once, any other
// looked up when first met (and remembered, found or not).
class MetricNames {
 public:
  explicit MetricNames(SQLite::Statement& by_id) : by_id_(by_id) {}

  void add(std::int64_t id, std::string name) { known_.emplace_back(id, std::move(name)); }

  // nullptr when there is no such metric (its values are left out, as a join would).
  const std::string* find(std::int64_t id) {
    for (const auto& [known, name] : known_)
      if (known == id) return name ? &*name : nullptr;
    by_id_.reset();
    by_id_.bind(1, id);
    std::optional<std::string> name;
    if (by_id_.executeStep()) name = by_id_.getColumn(0).getString();
    known_.emplace_back(id, std::move(name));
    return known_.back().second ? &*known_.back().second : nullptr;
  }

 private:
  SQLite::Statement& by_id_;
  std::vector<std::pair<std::int64_t, std::optional<std::string>>> known_;
};

// Puts each (entry id, metric id, value) row that `values` steps through into its entry,
// under the metric's name. The names are not joined in per row: a whole journal's report
// reads 460,000 values, and a lookup in the metrics table for each took a third of the
// time of reading them.
void attach_values(std::vector<Entry>& entries, SQLite::Statement& values, MetricNames& names) {
  std::vector<std::pair<std::int64_t, std::size_t>> index;  // (entry id, position), by id
  index.reserve(entries.size());
  for (std::size_t i = 0; i < entries.size(); ++i) index.emplace_back(entries[i].id, i);
  std::sort(index.begin(), index.end());
  while (values.executeStep()) {
    const std::int64_t id = values.getColumn(0).getInt64();
    const auto it = std::lower_bound(index.begin(), index.end(), std::pair{id, std::size_t{0}});
    if (it == index.end() || it->first != id) continue;
    if (const std::string* name = names.find(values.getColumn(1).getInt64()))
      entries[it->second].values.insert_or_assign(*name, values.getColumn(2).getDouble());
  }
}

}  // namespace

std::vector<Entry> Journal::entries(std::int64_t experiment_id) const {
  SQLite::Statement& st = prepared(std::string("SELECT ") + kEntryColumns +
                                   " FROM entries WHERE experiment_id = ? "
                                   "ORDER BY date, time, id");
  st.bind(1, experiment_id);
  std::vector<Entry> out;
  while (st.executeStep()) out.push_back(read_entry(st));
  MetricNames names(prepared("SELECT name FROM metrics WHERE id = ?"));
  SQLite::Statement& metrics = prepared("SELECT id, name FROM metrics WHERE experiment_id = ?");
  metrics.bind(1, experiment_id);
  while (metrics.executeStep())
    names.add(metrics.getColumn(0).getInt64(), metrics.getColumn(1).getString());
  metrics.reset();
  SQLite::Statement& values =
      prepared(  // Through the entries index: entry_values has no index
                 // on metric_id, and scanning it would read the whole journal.
          "SELECT v.entry_id, v.metric_id, v.value FROM entries e "
          "JOIN entry_values v ON v.entry_id = e.id WHERE e.experiment_id = ?");
  values.bind(1, experiment_id);
  attach_values(out, values, names);
  return out;
}

std::vector<Entry> Journal::entries_between(Day from, Day to) const {
  SQLite::Statement st(*db_, std::string("SELECT ") + kEntryColumns +
                                 " FROM entries WHERE date BETWEEN ? AND ? "
                                 "ORDER BY date, time, id");
  st.bind(1, format_date(from));
  st.bind(2, format_date(to));
  std::vector<Entry> out;
  while (st.executeStep()) out.push_back(read_entry(st));
  SQLite::Statement values(*db_,
                           "SELECT v.entry_id, v.metric_id, v.value FROM entries e "
                           "JOIN entry_values v ON v.entry_id = e.id WHERE e.date BETWEEN ? AND ?");
  values.bind(1, format_date(from));
  values.bind(2, format_date(to));
  MetricNames names(prepared("SELECT name FROM metrics WHERE id = ?"));
  attach_values(out, values, names);
  return out;
}

}  // namespace leadlab
