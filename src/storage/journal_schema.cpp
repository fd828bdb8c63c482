// The journal's schema, oldest step first, and what opening a journal checks and migrates:
// its identity (application_id) and its format (user_version). See docs/schema.md.
#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <string>

#include "leadlab/model/dates.hpp"
#include "leadlab/model/error.hpp"
#include "leadlab/storage/journal.hpp"
#include "storage/journal_internal.hpp"

namespace leadlab {

using journal_internal::backup_database;
using journal_internal::sqlite_message;

namespace {

// Schema version 1: every concept of the design. Documented in docs/schema.md.
constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE journal (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE experiments (
  id              INTEGER PRIMARY KEY,
  uuid            TEXT NOT NULL UNIQUE,
  title           TEXT NOT NULL,
  hypothesis      TEXT NOT NULL DEFAULT '',
  change          TEXT NOT NULL DEFAULT '',
  prediction      TEXT NOT NULL DEFAULT '',
  prediction_why  TEXT NOT NULL DEFAULT '',
  occasion        TEXT NOT NULL DEFAULT 'meeting',
  success_rule    TEXT NOT NULL DEFAULT '',
  baseline_points INTEGER NOT NULL DEFAULT 5 CHECK (baseline_points >= 0),
  test_points     INTEGER NOT NULL DEFAULT 5 CHECK (test_points >= 0),
  template        TEXT NOT NULL DEFAULT '',
  follows_uuid    TEXT,
  cycle           INTEGER NOT NULL DEFAULT 1 CHECK (cycle >= 1),
  status          TEXT NOT NULL CHECK (status IN ('draft', 'baseline', 'testing', 'closed')),
  baseline_start  TEXT,
  test_start      TEXT,
  closed          TEXT,
  created         TEXT NOT NULL,
  updated         TEXT NOT NULL,
  -- Kept by leadlab at every commit that touches the experiment's entries or phases, so
  -- that listing a thousand experiments reads no entries.
  baseline_count  INTEGER NOT NULL DEFAULT 0,
  test_count      INTEGER NOT NULL DEFAULT 0,
  last_entry      TEXT
);
CREATE INDEX experiments_by_status ON experiments (status, id);
CREATE INDEX experiments_by_follows ON experiments (follows_uuid);

CREATE TABLE experiment_tags (
  experiment_id INTEGER NOT NULL REFERENCES experiments (id) ON DELETE CASCADE,
  tag           TEXT NOT NULL,
  PRIMARY KEY (experiment_id, tag)
) WITHOUT ROWID;
CREATE INDEX tags_by_tag ON experiment_tags (tag, experiment_id);

CREATE TABLE metrics (
  id            INTEGER PRIMARY KEY,
  uuid          TEXT NOT NULL UNIQUE,
  experiment_id INTEGER NOT NULL REFERENCES experiments (id) ON DELETE CASCADE,
  position      INTEGER NOT NULL,
  name          TEXT NOT NULL,
  label         TEXT NOT NULL DEFAULT '',
  kind          TEXT NOT NULL
                CHECK (kind IN ('count', 'scale', 'minutes', 'yesno', 'percent', 'derived')),
  direction     TEXT NOT NULL DEFAULT 'up' CHECK (direction IN ('up', 'down')),
  scale_min     REAL,
  scale_max     REAL,
  instructions  TEXT NOT NULL DEFAULT '',
  formula       TEXT NOT NULL DEFAULT '',
  created       TEXT NOT NULL,
  updated       TEXT NOT NULL,
  UNIQUE (experiment_id, name)
);

CREATE TABLE entries (
  id            INTEGER PRIMARY KEY,
  uuid          TEXT NOT NULL UNIQUE,
  experiment_id INTEGER NOT NULL REFERENCES experiments (id) ON DELETE CASCADE,
  date          TEXT NOT NULL,
  time          TEXT,
  note          TEXT NOT NULL DEFAULT '',
  as_planned    INTEGER NOT NULL DEFAULT 1 CHECK (as_planned IN (0, 1)),
  deviation     TEXT NOT NULL DEFAULT '',
  created       TEXT NOT NULL,
  updated       TEXT NOT NULL
);
CREATE INDEX entries_by_experiment ON entries (experiment_id, date, time, id);
CREATE INDEX entries_by_date ON entries (date);

CREATE TABLE entry_values (
  entry_id  INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,
  metric_id INTEGER NOT NULL REFERENCES metrics (id) ON DELETE CASCADE,
  value     REAL NOT NULL,
  PRIMARY KEY (entry_id, metric_id)
) WITHOUT ROWID;

CREATE TABLE reviews (
  id             INTEGER PRIMARY KEY,
  uuid           TEXT NOT NULL UNIQUE,
  experiment_id  INTEGER NOT NULL REFERENCES experiments (id) ON DELETE CASCADE,
  prediction_met TEXT NOT NULL DEFAULT '' CHECK (prediction_met IN ('', 'yes', 'partly', 'no')),
  observed       TEXT NOT NULL DEFAULT '',
  difference     TEXT NOT NULL DEFAULT '',
  learned        TEXT NOT NULL DEFAULT '',
  surprised      TEXT NOT NULL DEFAULT '',
  as_planned     TEXT NOT NULL DEFAULT '',
  decision       TEXT NOT NULL DEFAULT '' CHECK (decision IN ('', 'adopt', 'adapt', 'abandon')),
  next_step      TEXT NOT NULL DEFAULT '',
  next_by        TEXT,
  commitment     INTEGER CHECK (commitment BETWEEN 1 AND 10),
  author         TEXT NOT NULL DEFAULT '',
  created        TEXT NOT NULL,
  updated        TEXT NOT NULL
);
CREATE INDEX reviews_by_experiment ON reviews (experiment_id, created);

CREATE TABLE comments (
  id            INTEGER PRIMARY KEY,
  uuid          TEXT NOT NULL UNIQUE,
  experiment_id INTEGER NOT NULL REFERENCES experiments (id) ON DELETE CASCADE,
  author        TEXT NOT NULL DEFAULT '',
  text          TEXT NOT NULL,
  created       TEXT NOT NULL,
  updated       TEXT NOT NULL
);
CREATE INDEX comments_by_experiment ON comments (experiment_id, created);

CREATE TABLE tombstones (
  uuid    TEXT PRIMARY KEY,
  kind    TEXT NOT NULL,
  deleted TEXT NOT NULL
) WITHOUT ROWID;
)sql";

// Schema version 2: an entry's UUID is unique through a named index instead of a column
// constraint, so that an import into a journal without entries can build it once, from the
// sorted UUIDs, at commit (a column constraint's index cannot be dropped). SQLite changes a
// column only by rebuilding its table; migrate() runs this with foreign keys off, so that
// dropping the old table does not delete the values that refer to its rows.
constexpr const char* kSchemaV2 = R"sql(
CREATE TABLE entries_v2 (
  id            INTEGER PRIMARY KEY,
  uuid          TEXT NOT NULL,
  experiment_id INTEGER NOT NULL REFERENCES experiments (id) ON DELETE CASCADE,
  date          TEXT NOT NULL,
  time          TEXT,
  note          TEXT NOT NULL DEFAULT '',
  as_planned    INTEGER NOT NULL DEFAULT 1 CHECK (as_planned IN (0, 1)),
  deviation     TEXT NOT NULL DEFAULT '',
  created       TEXT NOT NULL,
  updated       TEXT NOT NULL
);
INSERT INTO entries_v2 (id, uuid, experiment_id, date, time, note, as_planned, deviation,
                        created, updated)
  SELECT id, uuid, experiment_id, date, time, note, as_planned, deviation, created, updated
  FROM entries;
DROP TABLE entries;
ALTER TABLE entries_v2 RENAME TO entries;
CREATE UNIQUE INDEX entries_by_uuid ON entries (uuid);
CREATE INDEX entries_by_experiment ON entries (experiment_id, date, time, id);
CREATE INDEX entries_by_date ON entries (date);
)sql";

// Schema version 3: whose records an imported experiment holds (`origin`, the owner of the
// journal it was exported from; empty for the journal's own), and whether the owner has seen
// a comment an import brought (`seen`; every comment before this step counts as seen).
constexpr const char* kSchemaV3 = R"sql(
ALTER TABLE experiments ADD COLUMN origin TEXT NOT NULL DEFAULT '';
ALTER TABLE comments ADD COLUMN seen INTEGER NOT NULL DEFAULT 1 CHECK (seen IN (0, 1));
CREATE INDEX comments_unseen ON comments (seen, experiment_id) WHERE seen = 0;
)sql";

// Schema version 4: a randomised test-phase start (`baseline ID --random-start FIRST..LAST`):
// the range of occasions the start was drawn from, the drawn one, and the one at which the
// test actually began. All NULL for an experiment whose start is the user's choice.
constexpr const char* kSchemaV4 = R"sql(
ALTER TABLE experiments ADD COLUMN random_first INTEGER CHECK (random_first >= 1);
ALTER TABLE experiments ADD COLUMN random_last INTEGER CHECK (random_last >= random_first);
ALTER TABLE experiments ADD COLUMN random_drawn INTEGER
  CHECK (random_drawn BETWEEN random_first AND random_last);
ALTER TABLE experiments ADD COLUMN random_started INTEGER CHECK (random_started >= 1);
)sql";

// Schema version 5: which experiments changed since sync last wrote them to its repository
// (docs/sync.md), so that a sync reads only those. One row per experiment, kept by triggers
// on every table an experiment's file holds, so that no write path can forget it; `seq`
// grows at every change, and sync forgets a row only if it still has the number it read, so
// a `log` during a sync is sent by the next one. The caches (`baseline_count`, `test_count`,
// `last_entry`) and `seen` do not travel, and their updates mark nothing. A step that adds a
// column that travels must add it to its table's `UPDATE OF` list. Every experiment counts
// as changed after this step: the first sync after it compares them all once.
constexpr const char* kSchemaV5 = R"sql(
CREATE TABLE sync_changes (
  experiment_uuid TEXT PRIMARY KEY,
  seq             INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO sync_changes (experiment_uuid, seq) SELECT uuid, 0 FROM experiments;

CREATE TRIGGER sync_experiment_added AFTER INSERT ON experiments BEGIN
  INSERT INTO sync_changes VALUES (NEW.uuid, 0) ON CONFLICT DO UPDATE SET seq = seq + 1;
END;
CREATE TRIGGER sync_experiment_changed AFTER UPDATE OF uuid, title, hypothesis, change,
  prediction, prediction_why, occasion, success_rule, baseline_points, test_points, template,
  follows_uuid, cycle, status, baseline_start, test_start, closed, created, updated, origin,
  random_first, random_last, random_drawn, random_started ON experiments BEGIN
  INSERT INTO sync_changes VALUES (NEW.uuid, 0) ON CONFLICT DO UPDATE SET seq = seq + 1;
END;
CREATE TRIGGER sync_experiment_deleted AFTER DELETE ON experiments BEGIN
  INSERT INTO sync_changes VALUES (OLD.uuid, 0) ON CONFLICT DO UPDATE SET seq = seq + 1;
END;
)sql";

// Schema 5's triggers on the tables of an experiment's records: each marks the experiment the
// row belongs to, before and after the change (a row moved to another experiment marks both).
std::string sync_triggers() {
  struct Table {
    const char* name;
    const char* columns;        // every column that travels
    const char* experiment_of;  // the experiment's id, from the row `@`
  };
  const Table tables[] = {
      {"experiment_tags", "experiment_id, tag", "@.experiment_id"},
      {"metrics",
       "uuid, experiment_id, position, name, label, kind, direction, scale_min, scale_max, "
       "instructions, formula, created, updated",
       "@.experiment_id"},
      {"entries", "uuid, experiment_id, date, time, note, as_planned, deviation, created, updated",
       "@.experiment_id"},
      {"entry_values", "entry_id, metric_id, value",
       "(SELECT experiment_id FROM entries WHERE id = @.entry_id)"},
      {"reviews",
       "uuid, experiment_id, prediction_met, observed, difference, learned, surprised, "
       "as_planned, decision, next_step, next_by, commitment, author, created, updated",
       "@.experiment_id"},
      {"comments", "uuid, experiment_id, author, text, created, updated", "@.experiment_id"},
  };
  std::string sql;
  for (const Table& t : tables) {
    const std::string update = std::string("UPDATE OF ") + t.columns;
    const struct {
      const char* suffix;
      std::string event;
      const char* row;
    } triggers[] = {
        {"added", "INSERT", "NEW"},
        {"changed", update, "NEW"},
        {"moved", update, "OLD"},
        {"deleted", "DELETE", "OLD"},
    };
    const auto of = [&t](const char* row) {
      std::string experiment = t.experiment_of;
      return experiment.replace(experiment.find('@'), 1, row);
    };
    for (const auto& trigger : triggers) {
      // A value is inserted with its entry (marked by the entry's trigger) or by an edit of
      // the entry, which writes the entry's row too: a trigger per value would double the
      // time of an import (docs/schema.md).
      if (std::string(t.name) == "entry_values" && std::string(trigger.suffix) == "added") continue;
      const std::string experiment = of(trigger.row);
      const std::string moved = std::string(trigger.suffix) == "moved"
                                    ? " WHEN " + of("OLD") + " IS NOT " + of("NEW")
                                    : "";
      sql += std::string("CREATE TRIGGER sync_") + t.name + "_" + trigger.suffix + " AFTER " +
             trigger.event + " ON " + t.name + moved +
             " BEGIN\n  INSERT INTO sync_changes SELECT uuid, 0 FROM experiments WHERE id = " +
             experiment + "\n  ON CONFLICT DO UPDATE SET seq = seq + 1;\nEND;\n";
    }
  }
  return sql;
}

}  // namespace

std::span<const Migration> schema_migrations() {
  static const std::string v5 = std::string(kSchemaV5) + sync_triggers();
  static const Migration steps[] = {
      {1, kSchemaV1}, {2, kSchemaV2}, {3, kSchemaV3}, {4, kSchemaV4}, {5, v5.c_str()},
  };
  return steps;
}

void Journal::check_identity(std::span<const Migration> migrations) {
  const int app_id = db_->execAndGet("PRAGMA application_id").getInt();
  const int version = db_->execAndGet("PRAGMA user_version").getInt();
  const int latest = migrations.empty() ? 0 : migrations.back().version;
  if (app_id != kApplicationId) {
    const bool empty = db_->execAndGet("SELECT count(*) FROM sqlite_schema").getInt() == 0;
    throw UsageError(path_ + (empty ? " is an empty file, not a leadlab journal"
                                    : " is an SQLite database but not a leadlab journal"),
                     empty ? "run `leadlab init` to make it a journal"
                           : "point --journal at a journal made by `leadlab init`");
  }
  if (version > latest) {
    throw UsageError(path_ + " was written by a newer leadlab (journal format " +
                         std::to_string(version) + "; this leadlab reads up to " +
                         std::to_string(latest) + ")",
                     "upgrade leadlab to open it; the file was not changed");
  }
  // A journal another tool put into WAL mode goes back to the rollback journal, which a
  // read-only open can read without creating files (see refuse_wal_read_only). Needs the
  // only connection; when another process has it open, the next read-write open retries.
  if (mode_ == Mode::kReadWrite && db_->execAndGet("PRAGMA journal_mode").getString() == "wal") {
    try {
      db_->exec("PRAGMA journal_mode = DELETE");
    } catch (const SQLite::Exception&) {
    }
  }
  if (version < latest) {
    if (mode_ == Mode::kReadOnly) {
      throw UsageError(path_ + " uses an older journal format (" + std::to_string(version) +
                           ") that must be upgraded before it can be read",
                       "open it once without --read-only; a backup is made first");
    }
    migrate(migrations);
  }
}

void Journal::migrate(std::span<const Migration> migrations) {
  // One IMMEDIATE transaction: the old schema stays whole if any step fails, and no other
  // process can write between the backup and the migration.
  WriteTransaction tx(*this, WriteTransaction::Kind::kSchemaChange);
  const int version = db_->execAndGet("PRAGMA user_version").getInt();
  const bool fresh = db_->execAndGet("PRAGMA application_id").getInt() != kApplicationId;
  if (!fresh) {
    std::string backup = path_ + ".v" + std::to_string(version) + "-" + now_timestamp() + ".bak";
    std::replace(backup.begin(), backup.end(), ':', '-');
    // The backup reads through a second connection: this one holds the write lock, and a
    // rollback-journal database lets readers in while a writer has only reserved it.
    SQLite::Database reader(path_, SQLite::OPEN_READONLY | SQLite::OPEN_NOFOLLOW);
    backup_database(reader, backup);
    migration_backup_ = backup;
  }
  for (const auto& step : migrations) {
    if (step.version <= version) continue;
    try {
      db_->exec(step.sql);
      db_->exec("PRAGMA user_version = " + std::to_string(step.version));
    } catch (const SQLite::Exception& e) {
      throw StorageError(path_,
                         "cannot upgrade the journal to format " + std::to_string(step.version) +
                             ": " + sqlite_message(e) + "; the journal was left as it was",
                         migration_backup_ ? "a backup is at " + *migration_backup_ : "");
    }
  }
  db_->exec("PRAGMA application_id = " + std::to_string(kApplicationId));
  tx.commit();
}

}  // namespace leadlab
