// The Journal's experiments: their own fields, their metrics and tags, and their stats (the
// points per phase stored with each), read one at a time or as a filtered list.
#include <SQLiteCpp/SQLiteCpp.h>

#include <string>
#include <unordered_map>
#include <utility>

#include "leadlab/model/dates.hpp"
#include "leadlab/model/uuid.hpp"
#include "leadlab/storage/journal.hpp"
#include "storage/journal_internal.hpp"

namespace leadlab {

using journal_internal::bind_optional_day;
using journal_internal::bind_optional_number;
using journal_internal::optional_day;
using journal_internal::stamp_new;

namespace {

// The columns read_experiment reads; `brief`, only those a table of titles shows, with
// the others empty (or NULL).
std::string experiment_columns(bool brief) {
  if (brief) {
    return "e.id, '', e.title, '', '', '', '', e.occasion, '', e.baseline_points, "
           "e.test_points, '', NULL, e.cycle, e.status, e.baseline_start, e.test_start, NULL, "
           "'', '', e.random_first, e.random_last, e.random_drawn, e.random_started";
  }
  return "e.id, e.uuid, e.title, e.hypothesis, e.change, e.prediction, e.prediction_why, "
         "e.occasion, e.success_rule, e.baseline_points, e.test_points, e.template, "
         "(SELECT p.id FROM experiments p WHERE p.uuid = e.follows_uuid), e.cycle, e.status, "
         "e.baseline_start, e.test_start, e.closed, e.created, e.updated, e.random_first, "
         "e.random_last, e.random_drawn, e.random_started";
}

Experiment read_experiment(const SQLite::Statement& st) {
  Experiment e;
  e.id = st.getColumn(0).getInt64();
  e.uuid = st.getColumn(1).getString();
  e.title = st.getColumn(2).getString();
  e.hypothesis = st.getColumn(3).getString();
  e.change = st.getColumn(4).getString();
  e.prediction = st.getColumn(5).getString();
  e.prediction_why = st.getColumn(6).getString();
  e.occasion = st.getColumn(7).getString();
  e.success_rule = st.getColumn(8).getString();
  e.baseline_points = st.getColumn(9).getInt();
  e.test_points = st.getColumn(10).getInt();
  e.template_name = st.getColumn(11).getString();
  if (!st.getColumn(12).isNull()) e.follows = st.getColumn(12).getInt64();
  e.cycle = st.getColumn(13).getInt();
  e.status = parse_status(st.getColumn(14).getString()).value_or(Status::kDraft);
  e.baseline_start = optional_day(st.getColumn(15));
  e.test_start = optional_day(st.getColumn(16));
  if (!st.getColumn(17).isNull()) e.closed = st.getColumn(17).getString();
  e.created = st.getColumn(18).getString();
  e.updated = st.getColumn(19).getString();
  if (!st.getColumn(20).isNull() && !st.getColumn(21).isNull() && !st.getColumn(22).isNull()) {
    RandomStart r{st.getColumn(20).getInt(), st.getColumn(21).getInt(), st.getColumn(22).getInt(),
                  std::nullopt};
    if (!st.getColumn(23).isNull()) r.started = st.getColumn(23).getInt();
    e.random_start = r;
  }
  return e;
}

constexpr int kExperimentColumnCount = 24;  // experiment_columns()'s

// An experiment's stats: after its id (kStatsColumns), or after experiment_columns().
constexpr const char* kStatsColumns = "id, baseline_count, test_count, last_entry";
constexpr const char* kStatsAfterExperiment = ", e.baseline_count, e.test_count, e.last_entry";

ExperimentStats read_stats(const SQLite::Statement& st, int first) {
  ExperimentStats stats;
  stats.baseline_points = st.getColumn(first).getInt();
  stats.test_points = st.getColumn(first + 1).getInt();
  stats.last_entry = optional_day(st.getColumn(first + 2));
  return stats;
}

// Each experiment beside its stats (read in the same order).
std::vector<ExperimentRow> zip_rows(std::vector<Experiment> experiments,
                                    const std::vector<ExperimentStats>& stats) {
  std::vector<ExperimentRow> rows;
  rows.reserve(experiments.size());
  for (std::size_t i = 0; i < experiments.size(); ++i)
    rows.push_back({std::move(experiments[i]), stats[i]});
  return rows;
}

// The WHERE and ORDER BY clauses of a filtered list of experiments; adds their parameters.
std::string filter_sql(const ExperimentFilter& filter, std::vector<std::string>& params) {
  std::string where = "WHERE 1";
  if (filter.status) {
    where += " AND e.status = ?";
    params.emplace_back(to_string(*filter.status));
  }
  if (filter.tag) {
    where += " AND e.id IN (SELECT experiment_id FROM experiment_tags WHERE tag = ?)";
    params.push_back(*filter.tag);
  }
  return where + " ORDER BY e.id";
}

// Binds what update_experiment saves, the experiment's own fields through `updated`, to
// parameters 1 to 14; insert_experiment binds the experiment's identity after them.
void bind_experiment(SQLite::Statement& st, const Experiment& e) {
  st.bind(1, e.title);
  st.bind(2, e.hypothesis);
  st.bind(3, e.change);
  st.bind(4, e.prediction);
  st.bind(5, e.prediction_why);
  st.bind(6, e.occasion);
  st.bind(7, e.success_rule);
  st.bind(8, e.baseline_points);
  st.bind(9, e.test_points);
  st.bind(10, std::string(to_string(e.status)));
  bind_optional_day(st, 11, e.baseline_start);
  bind_optional_day(st, 12, e.test_start);
  if (e.closed.empty()) {
    st.bind(13);
  } else {
    st.bind(13, e.closed);
  }
  st.bind(14, e.updated);
}

constexpr const char* kMetricColumns =
    "id, uuid, name, label, kind, direction, scale_min, scale_max, instructions, formula, "
    "created, updated, experiment_id";

Metric read_metric(const SQLite::Statement& st) {
  Metric m;
  m.id = st.getColumn(0).getInt64();
  m.uuid = st.getColumn(1).getString();
  m.name = st.getColumn(2).getString();
  m.label = st.getColumn(3).getString();
  m.kind = parse_metric_kind(st.getColumn(4).getString()).value_or(MetricKind::kCount);
  m.direction = parse_direction(st.getColumn(5).getString()).value_or(Direction::kUp);
  if (!st.getColumn(6).isNull()) m.scale_min = st.getColumn(6).getDouble();
  if (!st.getColumn(7).isNull()) m.scale_max = st.getColumn(7).getDouble();
  m.instructions = st.getColumn(8).getString();
  m.formula = st.getColumn(9).getString();
  m.created = st.getColumn(10).getString();
  m.updated = st.getColumn(11).getString();
  return m;
}

// Binds what update_metric replaces, every field through `updated`, to parameters 1 to 9;
// insert_metric binds the metric's identity and place after them.
void bind_metric(SQLite::Statement& st, const Metric& m) {
  st.bind(1, m.name);
  st.bind(2, m.label);
  st.bind(3, std::string(to_string(m.kind)));
  st.bind(4, std::string(to_string(m.direction)));
  bind_optional_number(st, 5, m.scale_min);
  bind_optional_number(st, 6, m.scale_max);
  st.bind(7, m.instructions);
  st.bind(8, m.formula);
  st.bind(9, m.updated);
}

}  // namespace

void Journal::insert_experiment(Experiment& e) {
  e.uuid = e.uuid.empty() ? new_uuid() : e.uuid;
  stamp_new(e.created, e.updated);
  SQLite::Statement& st = prepared(
      "INSERT INTO experiments (title, hypothesis, change, prediction, prediction_why, "
      "occasion, success_rule, baseline_points, test_points, status, baseline_start, "
      "test_start, closed, updated, uuid, template, follows_uuid, cycle, created) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
      "(SELECT uuid FROM experiments WHERE id = ?), ?, ?)");
  bind_experiment(st, e);
  st.bind(15, e.uuid);
  st.bind(16, e.template_name);
  if (e.follows) {
    st.bind(17, *e.follows);
  } else {
    st.bind(17);
  }
  st.bind(18, e.cycle);
  st.bind(19, e.created);
  st.exec();
  e.id = db_->getLastInsertRowid();
  mark_stale(e.id);
  // Written apart, and only when there is one, so that code (and tests) that build a journal
  // of an older format, without these columns, can still insert experiments.
  if (e.random_start) write_random_start(e);

  for (auto& m : e.metrics) {
    if (m.created.empty()) m.created = e.created;
    insert_metric(e.id, m);  // in order: positions 0, 1, 2...
  }
  set_tags(e.id, e.tags);
}

void Journal::update_experiment(Experiment& e, std::string_view stamp) {
  e.updated = stamp.empty() ? now_timestamp() : std::string(stamp);
  SQLite::Statement st(*db_,
                       "UPDATE experiments SET title = ?, hypothesis = ?, change = ?, "
                       "prediction = ?, prediction_why = ?, occasion = ?, success_rule = ?, "
                       "baseline_points = ?, test_points = ?, status = ?, baseline_start = ?, "
                       "test_start = ?, closed = ?, updated = ? WHERE id = ?");
  bind_experiment(st, e);
  st.bind(15, e.id);
  st.exec();
  mark_stale(e.id);
  write_random_start(e);
}

void Journal::write_random_start(const Experiment& e) {
  SQLite::Statement& st = prepared(
      "UPDATE experiments SET random_first = ?, random_last = ?, random_drawn = ?, "
      "random_started = ? WHERE id = ?");
  const std::optional<RandomStart>& r = e.random_start;
  const auto bind_number = [&st](int index, std::optional<int> n) {
    if (n) {
      st.bind(index, *n);
    } else {
      st.bind(index);
    }
  };
  bind_number(1, r ? std::optional<int>(r->first) : std::nullopt);
  bind_number(2, r ? std::optional<int>(r->last) : std::nullopt);
  bind_number(3, r ? std::optional<int>(r->drawn) : std::nullopt);
  bind_number(4, r ? r->started : std::nullopt);
  st.bind(5, e.id);
  st.exec();
}

void Journal::insert_metric(std::int64_t experiment_id, Metric& m) {
  m.uuid = m.uuid.empty() ? new_uuid() : m.uuid;
  stamp_new(m.created, m.updated);
  SQLite::Statement& st = prepared(
      "INSERT INTO metrics (name, label, kind, direction, scale_min, scale_max, instructions, "
      "formula, updated, uuid, experiment_id, position, created) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT COALESCE(MAX(position), -1) + 1 "
      "FROM metrics WHERE experiment_id = ?), ?)");
  bind_metric(st, m);
  st.bind(10, m.uuid);
  st.bind(11, experiment_id);
  st.bind(12, experiment_id);
  st.bind(13, m.created);
  st.exec();
  m.id = db_->getLastInsertRowid();
}

void Journal::update_metric(const Metric& m) {
  SQLite::Statement st(*db_,
                       "UPDATE metrics SET name = ?, label = ?, kind = ?, direction = ?, "
                       "scale_min = ?, scale_max = ?, instructions = ?, formula = ?, updated = ? "
                       "WHERE uuid = ?");
  bind_metric(st, m);
  st.bind(10, m.uuid);
  st.exec();
}

void Journal::set_tags(std::int64_t experiment_id, const std::vector<std::string>& tags) {
  SQLite::Statement& clear = prepared("DELETE FROM experiment_tags WHERE experiment_id = ?");
  clear.bind(1, experiment_id);
  clear.exec();
  SQLite::Statement& tag =
      prepared("INSERT OR IGNORE INTO experiment_tags (experiment_id, tag) VALUES (?, ?)");
  for (const auto& t : tags) {
    tag.bind(1, experiment_id);
    tag.bind(2, t);
    tag.exec();
    tag.reset();
  }
}

std::vector<Metric> Journal::metrics_of(std::int64_t experiment_id) const {
  SQLite::Statement& st = prepared(std::string("SELECT ") + kMetricColumns +
                                   " FROM metrics WHERE experiment_id = ? ORDER BY position");
  st.bind(1, experiment_id);
  std::vector<Metric> metrics;
  while (st.executeStep()) metrics.push_back(read_metric(st));
  return metrics;
}

std::vector<std::string> Journal::tags_of(std::int64_t experiment_id) const {
  SQLite::Statement& st =
      prepared("SELECT tag FROM experiment_tags WHERE experiment_id = ? ORDER BY tag");
  st.bind(1, experiment_id);
  std::vector<std::string> tags;
  while (st.executeStep()) tags.push_back(st.getColumn(0).getString());
  return tags;
}

std::vector<Experiment> Journal::select_experiments(const std::string& where_sql,
                                                    const std::vector<std::string>& params,
                                                    bool definitions, bool brief,
                                                    std::vector<ExperimentStats>* stats) const {
  SQLite::Statement& st = prepared("SELECT " + experiment_columns(brief) +
                                   (stats != nullptr ? kStatsAfterExperiment : "") +
                                   " FROM experiments e " + where_sql);
  for (std::size_t i = 0; i < params.size(); ++i) st.bind(static_cast<int>(i + 1), params[i]);
  std::vector<Experiment> out;
  while (st.executeStep()) {
    out.push_back(read_experiment(st));
    if (stats != nullptr) stats->push_back(read_stats(st, kExperimentColumnCount));
  }
  if (!definitions) return out;
  if (out.size() < 16) {
    for (auto& e : out) {
      e.metrics = metrics_of(e.id);
      e.tags = tags_of(e.id);
    }
    return out;
  }
  // Many experiments: read their metrics and tags in one statement each, not two statements
  // per experiment, and only theirs (`status` reads 30 of 1,000 experiments) while their
  // ids make a short list; past that, every row, keeping theirs (SQL text has a size limit).
  std::unordered_map<std::int64_t, Experiment*> by_id;
  std::string ids;
  for (auto& e : out) {
    by_id[e.id] = &e;
    ids += (ids.empty() ? "" : ",") + std::to_string(e.id);
  }
  const std::string theirs =
      out.size() <= 4096 ? " WHERE experiment_id IN (" + ids + ")" : std::string();
  SQLite::Statement metrics(*db_, std::string("SELECT ") + kMetricColumns + " FROM metrics" +
                                      theirs + " ORDER BY experiment_id, position");
  while (metrics.executeStep())
    if (auto it = by_id.find(metrics.getColumn(12).getInt64()); it != by_id.end())
      it->second->metrics.push_back(read_metric(metrics));
  SQLite::Statement tags(*db_, "SELECT experiment_id, tag FROM experiment_tags" + theirs +
                                   " ORDER BY experiment_id, tag");
  while (tags.executeStep())
    if (auto it = by_id.find(tags.getColumn(0).getInt64()); it != by_id.end())
      it->second->tags.push_back(tags.getColumn(1).getString());
  return out;
}

std::optional<Experiment> Journal::find_experiment(std::int64_t id) const {
  auto found = select_experiments("WHERE e.id = ?", {std::to_string(id)});
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

std::vector<Experiment> Journal::list_experiments(const ExperimentFilter& filter) const {
  std::vector<std::string> params;
  const std::string where = filter_sql(filter, params);
  return select_experiments(where, params, filter.definitions, filter.brief);
}

std::vector<ExperimentRow> Journal::list_rows(const ExperimentFilter& filter) const {
  std::vector<std::string> params;
  const std::string where = filter_sql(filter, params);
  std::vector<ExperimentStats> stats;
  std::vector<Experiment> experiments =
      select_experiments(where, params, filter.definitions, filter.brief, &stats);
  return zip_rows(std::move(experiments), stats);
}

std::vector<ExperimentRow> Journal::rows_of(std::vector<Experiment> experiments) const {
  const std::vector<ExperimentStats> stats = this->stats(experiments);
  return zip_rows(std::move(experiments), stats);
}

std::vector<Experiment> Journal::active_experiments() const {
  return select_experiments("WHERE e.status IN ('baseline', 'testing') ORDER BY e.id", {});
}

ExperimentStats Journal::stats(const Experiment& experiment) const {
  SQLite::Statement& st =
      prepared(std::string("SELECT ") + kStatsColumns + " FROM experiments WHERE id = ?");
  st.bind(1, experiment.id);
  const ExperimentStats stats = st.executeStep() ? read_stats(st, 1) : ExperimentStats{};
  st.reset();
  return stats;
}

std::vector<ExperimentStats> Journal::stats(const std::vector<Experiment>& experiments) const {
  if (experiments.size() < 16) {
    std::vector<ExperimentStats> out;
    for (const auto& e : experiments) out.push_back(stats(e));
    return out;
  }
  // One pass over the experiments table rather than a statement per experiment.
  std::unordered_map<std::int64_t, ExperimentStats> by_id;
  SQLite::Statement st(*db_, std::string("SELECT ") + kStatsColumns + " FROM experiments");
  while (st.executeStep()) by_id[st.getColumn(0).getInt64()] = read_stats(st, 1);
  std::vector<ExperimentStats> out;
  for (const auto& e : experiments) out.push_back(by_id[e.id]);
  return out;
}

std::vector<Experiment> Journal::children(std::int64_t experiment_id) const {
  return select_experiments(
      "WHERE e.follows_uuid = (SELECT uuid FROM experiments WHERE id = ?) ORDER BY e.id",
      {std::to_string(experiment_id)});
}

void Journal::delete_metrics(std::int64_t experiment_id) {
  SQLite::Statement st(*db_, "DELETE FROM metrics WHERE experiment_id = ?");
  st.bind(1, experiment_id);
  st.exec();
}

void Journal::delete_experiment(std::int64_t experiment_id, std::string_view stamp) {
  SQLite::Statement tomb(*db_,
                         "INSERT OR REPLACE INTO tombstones (uuid, kind, deleted) "
                         "SELECT uuid, 'experiment', ? FROM experiments WHERE id = ?");
  tomb.bind(1, stamp.empty() ? now_timestamp() : std::string(stamp));
  tomb.bind(2, experiment_id);
  tomb.exec();
  // Its metrics, tags, entries with their values, reviews and comments go with it: deleted
  // here, not left to ON DELETE CASCADE, since a bulk write (an import) runs with the links
  // off.
  for (const char* sql :
       {"DELETE FROM entry_values WHERE entry_id IN (SELECT id FROM entries WHERE "
        "experiment_id = ?1)",
        "DELETE FROM entries WHERE experiment_id = ?1",
        "DELETE FROM metrics WHERE experiment_id = ?1",
        "DELETE FROM reviews WHERE experiment_id = ?1",
        "DELETE FROM comments WHERE experiment_id = ?1",
        "DELETE FROM experiment_tags WHERE experiment_id = ?1",
        "DELETE FROM experiments WHERE id = ?1"}) {
    SQLite::Statement st(*db_, sql);
    st.bind(1, experiment_id);
    st.exec();
  }
}

}  // namespace leadlab
