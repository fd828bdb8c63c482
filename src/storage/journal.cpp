#include "leadlab/storage/journal.hpp"

#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/SQLiteCpp.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <unordered_map>
#include <utility>

#include "leadlab/model/dates.hpp"
#include "leadlab/model/error.hpp"
#include "leadlab/model/uuid.hpp"

namespace leadlab {
namespace {

namespace fs = std::filesystem;

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

constexpr Migration kMigrations[] = {
    {1, kSchemaV1},
    {2, kSchemaV2},
};

std::string sqlite_message(const SQLite::Exception& e) {
  return std::string(e.what()) + " (SQLite error " + std::to_string(e.getErrorCode()) + ")";
}

bool is_busy(const SQLite::Exception& e) {
  return e.getErrorCode() == SQLITE_BUSY || e.getErrorCode() == SQLITE_LOCKED;
}

// Creates the folders leading to `path` that do not exist yet, each 0700: the journal holds
// private reflections, and a folder others can list leaks their names and sizes.
void make_private_folders(const fs::path& folder) {
  if (folder.empty() || fs::exists(folder)) return;
  make_private_folders(folder.parent_path());
  if (::mkdir(folder.c_str(), 0700) != 0 && errno != EEXIST)
    throw StorageError(folder.string(),
                       std::string("cannot create folder: ") + std::strerror(errno));
}

bool is_symlink(const std::string& path) {
  struct stat st {};
  return ::lstat(path.c_str(), &st) == 0 && S_ISLNK(st.st_mode);
}

// Creates `path` as a new empty 0600 file (never following a link, never reusing a file),
// so that SQLite's -journal and -wal side files, which copy the database's mode, are 0600
// too. Returns false if it exists already.
bool create_private_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return false;
    throw StorageError(path, std::string("cannot create file: ") + std::strerror(errno));
  }
  ::fchmod(fd, 0600);  // in case the umask was stricter than needed, or looser
  ::close(fd);
  return true;
}

void refuse_symlink(const std::string& path) {
  if (!is_symlink(path)) return;
  std::error_code ec;
  const auto target = fs::read_symlink(path, ec);
  throw UsageError(path + " is a symbolic link" + (ec ? "" : " to " + target.string()) +
                       "; leadlab does not open a journal through a link",
                   "point --journal (or LEADLAB_JOURNAL) at the file itself");
}

// A read-only open must create no file: SQLite opens a WAL-mode database read-only only by
// creating `-wal` and `-shm` beside it (and fails in a folder it cannot write). leadlab
// journals stay in rollback-journal mode, but a file set to WAL by another tool is refused
// before SQLite touches it. Reads the 100-byte header with pread before SQLite opens the
// file: closing a descriptor drops the process's POSIX locks on the file, which is harmless
// only because no connection of this process holds any at that point.
void refuse_wal_read_only(const std::string& path) {
  // O_NONBLOCK: a FIFO given as a journal must not hang the command.
  const int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) return;  // SQLite reports the reason when it opens the file
  struct stat st {};
  const bool regular = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
  unsigned char header[100] = {};
  const ssize_t n = regular ? ::pread(fd, header, sizeof header, 0) : 0;
  ::close(fd);
  if (!regular)
    throw UsageError(path + " is not a file, so not a leadlab journal",
                     "point --journal at a journal made by `leadlab init`");
  static constexpr char kMagic[] = "SQLite format 3";  // with its NUL: 16 bytes
  if (n < static_cast<ssize_t>(sizeof header) || std::memcmp(header, kMagic, sizeof kMagic) != 0)
    return;
  // Bytes 18 and 19: the file format write and read versions, 2 for WAL.
  if (header[18] != 2 && header[19] != 2) return;
  throw StorageError(path,
                     "the journal is in SQLite's WAL mode, which a read-only open cannot read "
                     "without creating files beside it; it was not opened",
                     "open it once without --read-only: leadlab then puts it back into its "
                     "rollback-journal mode");
}

std::optional<Day> optional_day(const SQLite::Column& column) {
  if (column.isNull()) return std::nullopt;
  return parse_iso_date(column.getString());
}

// A new record's timestamps: kept when given (an imported record keeps its history), else
// now.
void stamp_new(std::string& created, std::string& updated) {
  if (created.empty()) created = now_timestamp();
  if (updated.empty()) updated = created;
}

void bind_optional_number(SQLite::Statement& st, int index, const std::optional<double>& value) {
  if (value) {
    st.bind(index, *value);
  } else {
    st.bind(index);
  }
}

void bind_optional_day(SQLite::Statement& st, int index, const std::optional<Day>& day) {
  if (day) {
    st.bind(index, format_date(*day));
  } else {
    st.bind(index);
  }
}

// The columns read_experiment reads; `brief`, only those a table of titles shows, with
// the others empty (or NULL).
std::string experiment_columns(bool brief) {
  if (brief) {
    return "e.id, '', e.title, '', '', '', '', e.occasion, '', e.baseline_points, "
           "e.test_points, '', NULL, e.cycle, e.status, e.baseline_start, e.test_start, NULL, "
           "'', ''";
  }
  return "e.id, e.uuid, e.title, e.hypothesis, e.change, e.prediction, e.prediction_why, "
         "e.occasion, e.success_rule, e.baseline_points, e.test_points, e.template, "
         "(SELECT p.id FROM experiments p WHERE p.uuid = e.follows_uuid), e.cycle, e.status, "
         "e.baseline_start, e.test_start, e.closed, e.created, e.updated";
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
  return e;
}

constexpr int kExperimentColumnCount = 20;  // experiment_columns()'s

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

// How long a connection waits for another process's lock: 5 s, or LEADLAB_BUSY_TIMEOUT_MS
// (so that tests of a locked journal finish quickly).
int busy_timeout_ms() {
  if (const char* env = std::getenv("LEADLAB_BUSY_TIMEOUT_MS"))
    return std::clamp(std::atoi(env), 0, 600000);
  return 5000;
}

void remove_quietly(const std::string& path) {
  std::error_code ec;
  fs::remove(path, ec);
  fs::remove(path + "-journal", ec);
}

// Moves the finished copy `from` to `to` unless `to` exists (then false): rename with
// RENAME_NOREPLACE, or link and unlink where the file system lacks it. Either way no reader
// ever sees a part of the copy at `to`, and an existing file is never replaced.
bool move_into_place(const std::string& from, const std::string& to) {
  if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) return true;
  if (errno == EEXIST) return false;
  if (errno != EINVAL && errno != ENOSYS)
    throw StorageError(
        to, std::string("cannot give the finished file its name: ") + std::strerror(errno));
  if (::link(from.c_str(), to.c_str()) != 0) {
    if (errno == EEXIST) return false;
    throw StorageError(
        to, std::string("cannot give the finished file its name: ") + std::strerror(errno));
  }
  ::unlink(from.c_str());
  return true;
}

// Makes a new name in `folder` survive a crash.
void sync_folder(const fs::path& folder) {
  const int dir = ::open(folder.empty() ? "." : folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
}

// Copies `source` into the new file `to` with SQLite's online backup and checks the copy.
// The copy is made in a temporary file beside `to` (0600) and moved into place only when
// complete and checked, so `to` is never a partial copy, and an existing `to` or a
// symbolic link there is refused, never overwritten or followed.
void backup_database(SQLite::Database& source, const std::string& to) {
  if (is_symlink(to))
    throw UsageError(to + " is a symbolic link; a backup is never written through a link",
                     "choose a new file name for the backup");
  std::error_code ec;
  if (fs::exists(fs::symlink_status(to, ec)))
    throw UsageError(to + " exists already", "choose a new file name for the backup");
  const fs::path folder = fs::path(to).parent_path();
  if (!folder.empty() && !fs::is_directory(folder, ec))
    throw UsageError("there is no folder " + folder.string() + " for the backup",
                     "create it first, or choose another path");
  const std::string temp = to + "." + new_uuid().substr(0, 8) + ".tmp";
  if (!create_private_file(temp)) throw StorageError(temp, "a temporary file of that name exists");
  try {
    {
      SQLite::Database copy(temp, SQLite::OPEN_READWRITE | SQLite::OPEN_NOFOLLOW);
      copy.exec("PRAGMA synchronous = FULL");
      SQLite::Backup backup(copy, source);
      // Database::backup() ignores the step result in SQLiteCpp 3.2.1; step to SQLITE_DONE
      // ourselves. A step that finds the source locked by a writer has already waited the
      // source's busy timeout; retry until that much time has passed once more, then fail
      // rather than wait without end.
      const auto deadline =
          std::chrono::steady_clock::now() + std::chrono::milliseconds(busy_timeout_ms());
      int rc = SQLITE_OK;
      while (true) {
        rc = backup.executeStep(-1);
        if (rc == SQLITE_DONE || (rc != SQLITE_BUSY && rc != SQLITE_LOCKED && rc != SQLITE_OK))
          break;
        if (rc != SQLITE_OK && std::chrono::steady_clock::now() >= deadline) break;
        ::usleep(5000);
      }
      if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
        throw StorageError(source.getFilename(),
                           "the journal stayed locked by another process; no backup was made",
                           "wait for the other leadlab command to finish, then try again");
      }
      if (rc != SQLITE_DONE) {
        throw StorageError(to,
                           "the backup did not complete (SQLite error " + std::to_string(rc) + ")");
      }
      const std::string check = copy.execAndGet("PRAGMA quick_check").getString();
      if (check != "ok") throw StorageError(to, "the backup failed its check: " + check);
    }
    if (!move_into_place(temp, to))
      throw UsageError(to + " exists already", "choose a new file name for the backup");
    sync_folder(folder);
  } catch (const SQLite::Exception& e) {
    remove_quietly(temp);
    throw StorageError(to, "cannot write the backup: " + sqlite_message(e));
  } catch (...) {
    remove_quietly(temp);
    throw;
  }
}

}  // namespace

std::span<const Migration> schema_migrations() { return kMigrations; }

Journal::Journal(std::string path, Mode mode) : path_(std::move(path)), mode_(mode) {}
Journal::Journal(Journal&&) noexcept = default;
Journal& Journal::operator=(Journal&&) noexcept = default;
Journal::~Journal() = default;

namespace {

// Opens the SQLite connection with the settings every leadlab connection uses.
std::unique_ptr<SQLite::Database> connect(const std::string& path, Journal::Mode mode) {
  const int flags =
      (mode == Journal::Mode::kReadOnly ? SQLite::OPEN_READONLY : SQLite::OPEN_READWRITE) |
      SQLite::OPEN_NOFOLLOW | SQLITE_OPEN_NOMUTEX;  // one thread per connection: no locking
  auto db = std::make_unique<SQLite::Database>(path, flags);
  // A writer waits for another rather than failing.
  db->setBusyTimeout(busy_timeout_ms());
  // Defensive settings for a file that may have come from someone else.
  sqlite3_db_config(db->getHandle(), SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
  sqlite3_db_config(db->getHandle(), SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
  db->exec("PRAGMA foreign_keys = ON");
  if (mode == Journal::Mode::kReadWrite) db->exec("PRAGMA synchronous = FULL");
  return db;
}

}  // namespace

Journal Journal::create(const std::string& path, std::string_view owner,
                        std::span<const Migration> migrations) {
  refuse_symlink(path);
  make_private_folders(fs::path(path).parent_path());
  if (!create_private_file(path)) {
    std::error_code ec;
    if (fs::file_size(path, ec) != 0 || ec)
      throw UsageError(path + " exists already", "open it, or choose another --journal path");
  }
  Journal journal(path, Mode::kReadWrite);
  try {
    journal.db_ = connect(path, Mode::kReadWrite);
    journal.migrate(migrations);
    auto tx = journal.begin_write();
    SQLite::Statement insert(*journal.db_, "INSERT INTO journal (key, value) VALUES (?, ?)");
    const std::pair<const char*, std::string> rows[] = {
        {"uuid", new_uuid()}, {"owner", std::string(owner)}, {"created", now_timestamp()}};
    for (const auto& [key, value] : rows) {
      insert.bind(1, key);
      insert.bind(2, value);
      insert.exec();
      insert.reset();
    }
    tx.commit();
  } catch (const SQLite::Exception& e) {
    throw StorageError(path, "cannot create the journal: " + sqlite_message(e));
  }
  return journal;
}

void Journal::create_with(const std::string& path, std::string_view owner,
                          const std::function<void(Journal&)>& fill) {
  refuse_symlink(path);
  std::error_code ec;
  if (fs::exists(fs::symlink_status(path, ec)))
    throw UsageError(path + " exists already", "open it, or choose another --journal path");
  const std::string temp = path + "." + new_uuid().substr(0, 8) + ".tmp";
  try {
    {
      Journal journal = create(temp, owner);
      journal.path_ = path;  // what its messages name
      fill(journal);
    }
    if (!move_into_place(temp, path)) {
      throw UsageError(path + " was created by another process meanwhile; nothing was written",
                       "run the command again to add to that journal");
    }
    sync_folder(fs::path(path).parent_path());
  } catch (...) {
    remove_quietly(temp);
    throw;
  }
}

Journal Journal::open(const std::string& path, Mode mode, std::span<const Migration> migrations) {
  refuse_symlink(path);
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    throw UsageError("no journal at " + path,
                     "create one with `leadlab init`, or point --journal (or LEADLAB_JOURNAL) at "
                     "an existing journal");
  }
  if (mode == Mode::kReadOnly) refuse_wal_read_only(path);
  Journal journal(path, mode);
  try {
    journal.db_ = connect(path, mode);
    journal.check_identity(migrations);
  } catch (const SQLite::Exception& e) {
    if (e.getExtendedErrorCode() == SQLITE_READONLY_ROLLBACK) {
      throw StorageError(path,
                         "a write that was interrupted (" + path +
                             "-journal) must be rolled back before the journal can be read, and "
                             "a read-only open cannot do that; the journal was not changed",
                         "open it once without --read-only (e.g. `leadlab check`), which "
                         "recovers it");
    }
    if (e.getErrorCode() == SQLITE_NOTADB) {
      throw UsageError(path + " is not a leadlab journal (not an SQLite database)",
                       "point --journal at a journal made by `leadlab init`");
    }
    if (is_busy(e)) {
      throw StorageError(path, "the journal is locked by another process",
                         "wait for the other leadlab command to finish, then try again");
    }
    throw StorageError(path, "cannot open the journal: " + sqlite_message(e));
  }
  return journal;
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

void Journal::backup_to(const std::string& to) const { backup_database(*db_, to); }

JournalInfo Journal::info() const {
  JournalInfo info;
  SQLite::Statement st(*db_, "SELECT key, value FROM journal");
  while (st.executeStep()) {
    const std::string key = st.getColumn(0).getString();
    if (key == "uuid") info.uuid = st.getColumn(1).getString();
    if (key == "owner") info.owner = st.getColumn(1).getString();
    if (key == "created") info.created = st.getColumn(1).getString();
  }
  info.schema_version = db_->execAndGet("PRAGMA user_version").getInt();
  return info;
}

Journal::WriteTransaction::WriteTransaction(Journal& journal, Kind kind)
    : journal_(&journal), kind_(kind) {
  journal.stale_stats_.clear();  // what a rolled-back transaction left
  if (journal.read_only()) {
    throw UsageError("the journal is open read-only; this command would change it",
                     "run it without --read-only");
  }
  const bool links_off = kind_ != Kind::kPlain;
  try {
    // Outside a transaction, where SQLite takes it; a bulk commit() checks the links instead.
    if (links_off) journal.db_->exec("PRAGMA foreign_keys = OFF");
    tx_ =
        std::make_unique<SQLite::Transaction>(*journal.db_, SQLite::TransactionBehavior::IMMEDIATE);
    if (kind_ == Kind::kBulk &&
        !journal.db_->execAndGet("SELECT EXISTS (SELECT 1 FROM entries)").getInt()) {
      SQLite::Statement indexes(*journal.db_,
                                "SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND "
                                "tbl_name = 'entries' AND sql IS NOT NULL ORDER BY name");
      std::vector<std::string> names;
      while (indexes.executeStep()) {
        names.push_back(indexes.getColumn(0).getString());
        deferred_indexes_.push_back(indexes.getColumn(1).getString());
      }
      for (const auto& name : names) journal.db_->exec("DROP INDEX \"" + name + "\"");
    }
  } catch (const SQLite::Exception& e) {
    tx_.reset();
    if (links_off) {
      try {
        journal.db_->exec("PRAGMA foreign_keys = ON");  // no destructor runs to do it
      } catch (const SQLite::Exception&) {
      }
    }
    if (is_busy(e)) {
      throw StorageError(journal.path(),
                         "the journal is locked by another process; nothing was changed",
                         "wait for the other leadlab command to finish, then try again");
    }
    throw StorageError(journal.path(), "cannot begin a write: " + sqlite_message(e));
  }
}

Journal::WriteTransaction::WriteTransaction(WriteTransaction&& other) noexcept
    : journal_(other.journal_),
      tx_(std::move(other.tx_)),
      kind_(std::exchange(other.kind_, Kind::kPlain)),
      deferred_indexes_(std::move(other.deferred_indexes_)) {}

Journal::WriteTransaction::~WriteTransaction() {
  tx_.reset();  // rolls back unless committed
  if (kind_ == Kind::kPlain) return;
  try {
    journal_->db_->exec("PRAGMA foreign_keys = ON");
  } catch (const SQLite::Exception&) {
    // The connection is closed with the command; the next one turns the checks on.
  }
}

void Journal::WriteTransaction::commit() {
  try {
    for (const auto& sql : deferred_indexes_) journal_->db_->exec(sql);
    deferred_indexes_.clear();
    journal_->refresh_stale_stats();
    if (kind_ == Kind::kBulk) {
      SQLite::Statement broken(*journal_->db_, "PRAGMA foreign_key_check");
      if (broken.executeStep()) {
        throw StorageError(journal_->path(),
                           "a row of " + broken.getColumn(0).getString() +
                               " refers to a missing row of " + broken.getColumn(2).getString() +
                               "; nothing was changed",
                           "this is a bug in leadlab; please report it");
      }
    }
    tx_->commit();
  } catch (const SQLite::Exception& e) {
    throw StorageError(journal_->path(),
                       "cannot save the change: " + sqlite_message(e) + "; nothing was changed");
  }
}

Journal::ReadTransaction::ReadTransaction(const Journal& journal) {
  if (sqlite3_get_autocommit(journal.db_->getHandle()) == 0) return;  // already in one
  journal.db_->exec("BEGIN");  // deferred: the first read takes the shared lock
  journal_ = &journal;
}

Journal::ReadTransaction::~ReadTransaction() {
  if (journal_ == nullptr) return;
  try {
    journal_->db_->exec("COMMIT");  // nothing was written: this ends the read
  } catch (const SQLite::Exception&) {
    try {
      journal_->db_->exec("ROLLBACK");
    } catch (const SQLite::Exception&) {
      // Closing the connection ends it.
    }
  }
}

void Journal::set_owner(std::string_view owner) {
  SQLite::Statement st(*db_, "INSERT OR REPLACE INTO journal (key, value) VALUES ('owner', ?)");
  st.bind(1, std::string(owner));
  st.exec();
}

void Journal::insert_experiment(Experiment& e) {
  e.uuid = e.uuid.empty() ? new_uuid() : e.uuid;
  stamp_new(e.created, e.updated);
  SQLite::Statement& st = prepared(
      "INSERT INTO experiments (uuid, title, hypothesis, change, prediction, "
      "prediction_why, occasion, success_rule, baseline_points, test_points, "
      "template, follows_uuid, cycle, status, baseline_start, test_start, closed, "
      "created, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
      "(SELECT uuid FROM experiments WHERE id = ?), ?, ?, ?, ?, ?, ?, ?)");
  st.bind(1, e.uuid);
  st.bind(2, e.title);
  st.bind(3, e.hypothesis);
  st.bind(4, e.change);
  st.bind(5, e.prediction);
  st.bind(6, e.prediction_why);
  st.bind(7, e.occasion);
  st.bind(8, e.success_rule);
  st.bind(9, e.baseline_points);
  st.bind(10, e.test_points);
  st.bind(11, e.template_name);
  if (e.follows) {
    st.bind(12, *e.follows);
  } else {
    st.bind(12);
  }
  st.bind(13, e.cycle);
  st.bind(14, std::string(to_string(e.status)));
  bind_optional_day(st, 15, e.baseline_start);
  bind_optional_day(st, 16, e.test_start);
  if (e.closed.empty()) {
    st.bind(17);
  } else {
    st.bind(17, e.closed);
  }
  st.bind(18, e.created);
  st.bind(19, e.updated);
  st.exec();
  e.id = db_->getLastInsertRowid();
  mark_stale(e.id);

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
  st.bind(15, e.id);
  st.exec();
  mark_stale(e.id);
}

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
      "INSERT INTO entries (uuid, experiment_id, date, time, note, as_planned, "
      "deviation, created, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  // The text is bound without a copy (an import inserts 200,000 entries): it outlives exec().
  const std::string date = format_date(entry.date);
  st.bindNoCopy(1, entry.uuid);
  st.bind(2, entry.experiment_id);
  st.bindNoCopy(3, date);
  if (entry.time.empty()) {
    st.bind(4);
  } else {
    st.bindNoCopy(4, entry.time);
  }
  st.bindNoCopy(5, entry.note);
  st.bind(6, entry.as_planned ? 1 : 0);
  st.bindNoCopy(7, entry.deviation);
  st.bindNoCopy(8, entry.created);
  st.bindNoCopy(9, entry.updated);
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
  st.bind(1, format_date(entry.date));
  if (entry.time.empty()) {
    st.bind(2);
  } else {
    st.bind(2, entry.time);
  }
  st.bind(3, entry.note);
  st.bind(4, entry.as_planned ? 1 : 0);
  st.bind(5, entry.deviation);
  st.bind(6, entry.updated);
  st.bind(7, entry.id);
  st.exec();
  write_values(entry, experiment);
  mark_stale(experiment.id);
}

void Journal::delete_entry(std::int64_t entry_id) {
  if (const auto entry = find_entry(entry_id)) mark_stale(entry->experiment_id);
  SQLite::Statement tomb(*db_,
                         "INSERT OR REPLACE INTO tombstones (uuid, kind, deleted) "
                         "SELECT uuid, 'entry', ? FROM entries WHERE id = ?");
  tomb.bind(1, now_timestamp());
  tomb.bind(2, entry_id);
  tomb.exec();
  SQLite::Statement st(*db_, "DELETE FROM entries WHERE id = ?");
  st.bind(1, entry_id);
  st.exec();
}

namespace {

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

}  // namespace

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

SQLite::Statement& Journal::prepared(const std::string& sql) const {
  auto& slot = statements_[sql];
  if (!slot) {
    slot = std::make_unique<SQLite::Statement>(*db_, sql);
  } else {
    slot->reset();
    slot->clearBindings();
  }
  return *slot;
}

void Journal::observe_statements(std::function<void(std::string_view sql)> observer) {
  if (!observer) {
    sqlite3_trace_v2(db_->getHandle(), 0, nullptr, nullptr);
    observer_.reset();
    return;
  }
  observer_ = std::make_unique<std::function<void(std::string_view)>>(std::move(observer));
  const auto on_trace = [](unsigned, void* context, void* statement, void*) -> int {
    const char* sql = sqlite3_sql(static_cast<sqlite3_stmt*>(statement));
    if (sql != nullptr) (*static_cast<std::function<void(std::string_view)>*>(context))(sql);
    return 0;
  };
  sqlite3_trace_v2(db_->getHandle(), SQLITE_TRACE_STMT, on_trace, observer_.get());
}

std::vector<std::string> Journal::query_plan(std::string_view sql) const {
  SQLite::Statement st(*db_, "EXPLAIN QUERY PLAN " + std::string(sql));
  std::vector<std::string> lines;
  while (st.executeStep()) lines.push_back(st.getColumn(3).getString());
  return lines;
}

void Journal::mark_stale(std::int64_t experiment_id) { stale_stats_.insert(experiment_id); }

void Journal::refresh_stale_stats() {
  if (stale_stats_.empty()) return;
  SQLite::Statement st(*db_,
                       "UPDATE experiments SET "
                       "baseline_count = (SELECT count(*) FROM entries n WHERE n.experiment_id = "
                       "experiments.id AND (experiments.test_start IS NULL OR "
                       "n.date < experiments.test_start)), "
                       "test_count = (SELECT count(*) FROM entries n WHERE n.experiment_id = "
                       "experiments.id AND experiments.test_start IS NOT NULL AND "
                       "n.date >= experiments.test_start), "
                       "last_entry = (SELECT max(date) FROM entries n WHERE n.experiment_id = "
                       "experiments.id) WHERE id = ?");
  for (const auto id : stale_stats_) {
    st.bind(1, id);
    st.exec();
    st.reset();
  }
  stale_stats_.clear();
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

// Puts each (entry id, metric name, value) row that `values` steps through into its entry.
void attach_values(std::vector<Entry>& entries, SQLite::Statement& values) {
  std::vector<std::pair<std::int64_t, std::size_t>> index;  // (entry id, position), by id
  index.reserve(entries.size());
  for (std::size_t i = 0; i < entries.size(); ++i) index.emplace_back(entries[i].id, i);
  std::sort(index.begin(), index.end());
  while (values.executeStep()) {
    const std::int64_t id = values.getColumn(0).getInt64();
    const auto it = std::lower_bound(index.begin(), index.end(), std::pair{id, std::size_t{0}});
    if (it != index.end() && it->first == id)
      entries[it->second].values[values.getColumn(1).getString()] = values.getColumn(2).getDouble();
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
  SQLite::Statement& values =
      prepared(  // Through the entries index: entry_values has no index
                 // on metric_id, and scanning it would read the whole journal.
          "SELECT v.entry_id, m.name, v.value FROM entries e "
          "JOIN entry_values v ON v.entry_id = e.id "
          "JOIN metrics m ON m.id = v.metric_id WHERE e.experiment_id = ?");
  values.bind(1, experiment_id);
  attach_values(out, values);
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
                           "SELECT v.entry_id, m.name, v.value FROM entries e "
                           "JOIN entry_values v ON v.entry_id = e.id "
                           "JOIN metrics m ON m.id = v.metric_id WHERE e.date BETWEEN ? AND ?");
  values.bind(1, format_date(from));
  values.bind(2, format_date(to));
  attach_values(out, values);
  return out;
}

namespace {

constexpr const char* kReviewColumns =
    "id, uuid, experiment_id, prediction_met, observed, learned, surprised, as_planned, "
    "decision, next_step, next_by, commitment, author, created, updated, difference";

Review read_review(const SQLite::Statement& st) {
  Review r;
  r.id = st.getColumn(0).getInt64();
  r.uuid = st.getColumn(1).getString();
  r.experiment_id = st.getColumn(2).getInt64();
  r.prediction_met = st.getColumn(3).getString();
  r.observed = st.getColumn(4).getString();
  r.learned = st.getColumn(5).getString();
  r.surprised = st.getColumn(6).getString();
  r.as_planned = st.getColumn(7).getString();
  r.decision = st.getColumn(8).getString();
  r.next_step = st.getColumn(9).getString();
  r.next_by = optional_day(st.getColumn(10));
  if (!st.getColumn(11).isNull()) r.commitment = st.getColumn(11).getInt();
  r.author = st.getColumn(12).getString();
  r.created = st.getColumn(13).getString();
  r.updated = st.getColumn(14).getString();
  r.difference = st.getColumn(15).getString();
  return r;
}

}  // namespace

void Journal::insert_review(Review& r) {
  r.uuid = r.uuid.empty() ? new_uuid() : r.uuid;
  stamp_new(r.created, r.updated);
  SQLite::Statement& st = prepared(
      "INSERT INTO reviews (uuid, experiment_id, prediction_met, observed, "
      "learned, surprised, as_planned, decision, next_step, next_by, commitment, "
      "author, created, updated, difference) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  st.bind(1, r.uuid);
  st.bind(2, r.experiment_id);
  st.bind(3, r.prediction_met);
  st.bind(4, r.observed);
  st.bind(5, r.learned);
  st.bind(6, r.surprised);
  st.bind(7, r.as_planned);
  st.bind(8, r.decision);
  st.bind(9, r.next_step);
  bind_optional_day(st, 10, r.next_by);
  if (r.commitment) {
    st.bind(11, *r.commitment);
  } else {
    st.bind(11);
  }
  st.bind(12, r.author);
  st.bind(13, r.created);
  st.bind(14, r.updated);
  st.bind(15, r.difference);
  st.exec();
  r.id = db_->getLastInsertRowid();
}

std::optional<Review> Journal::latest_review(std::int64_t experiment_id) const {
  SQLite::Statement st(*db_, std::string("SELECT ") + kReviewColumns +
                                 " FROM reviews WHERE experiment_id = ? "
                                 "ORDER BY created DESC, id DESC LIMIT 1");
  st.bind(1, experiment_id);
  if (!st.executeStep()) return std::nullopt;
  return read_review(st);
}

std::vector<Review> Journal::reviews(std::int64_t experiment_id) const {
  SQLite::Statement& st = prepared(std::string("SELECT ") + kReviewColumns +
                                   " FROM reviews WHERE experiment_id = ? ORDER BY created, id");
  st.bind(1, experiment_id);
  std::vector<Review> out;
  while (st.executeStep()) out.push_back(read_review(st));
  return out;
}

void Journal::insert_comment(Comment& c) {
  c.uuid = c.uuid.empty() ? new_uuid() : c.uuid;
  stamp_new(c.created, c.updated);
  SQLite::Statement& st = prepared(
      "INSERT INTO comments (uuid, experiment_id, author, text, created, updated) "
      "VALUES (?, ?, ?, ?, ?, ?)");
  st.bind(1, c.uuid);
  st.bind(2, c.experiment_id);
  st.bind(3, c.author);
  st.bind(4, c.text);
  st.bind(5, c.created);
  st.bind(6, c.updated);
  st.exec();
  c.id = db_->getLastInsertRowid();
}

std::vector<Comment> Journal::comments(std::int64_t experiment_id) const {
  SQLite::Statement& st = prepared(
      "SELECT id, uuid, experiment_id, author, text, created, updated "
      "FROM comments WHERE experiment_id = ? ORDER BY created, id");
  st.bind(1, experiment_id);
  std::vector<Comment> out;
  while (st.executeStep()) {
    Comment c;
    c.id = st.getColumn(0).getInt64();
    c.uuid = st.getColumn(1).getString();
    c.experiment_id = st.getColumn(2).getInt64();
    c.author = st.getColumn(3).getString();
    c.text = st.getColumn(4).getString();
    c.created = st.getColumn(5).getString();
    c.updated = st.getColumn(6).getString();
    out.push_back(std::move(c));
  }
  return out;
}

void Journal::insert_metric(std::int64_t experiment_id, Metric& m) {
  m.uuid = m.uuid.empty() ? new_uuid() : m.uuid;
  stamp_new(m.created, m.updated);
  SQLite::Statement& st = prepared(
      "INSERT INTO metrics (uuid, experiment_id, position, name, label, kind, "
      "direction, scale_min, scale_max, instructions, formula, created, updated) "
      "VALUES (?, ?, (SELECT COALESCE(MAX(position), -1) + 1 FROM metrics "
      "WHERE experiment_id = ?), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  st.bind(1, m.uuid);
  st.bind(2, experiment_id);
  st.bind(3, experiment_id);
  st.bind(4, m.name);
  st.bind(5, m.label);
  st.bind(6, std::string(to_string(m.kind)));
  st.bind(7, std::string(to_string(m.direction)));
  bind_optional_number(st, 8, m.scale_min);
  bind_optional_number(st, 9, m.scale_max);
  st.bind(10, m.instructions);
  st.bind(11, m.formula);
  st.bind(12, m.created);
  st.bind(13, m.updated);
  st.exec();
  m.id = db_->getLastInsertRowid();
}

void Journal::update_metric(const Metric& m) {
  SQLite::Statement st(*db_,
                       "UPDATE metrics SET name = ?, label = ?, kind = ?, direction = ?, "
                       "scale_min = ?, scale_max = ?, instructions = ?, formula = ?, updated = ? "
                       "WHERE uuid = ?");
  st.bind(1, m.name);
  st.bind(2, m.label);
  st.bind(3, std::string(to_string(m.kind)));
  st.bind(4, std::string(to_string(m.direction)));
  bind_optional_number(st, 5, m.scale_min);
  bind_optional_number(st, 6, m.scale_max);
  st.bind(7, m.instructions);
  st.bind(8, m.formula);
  st.bind(9, m.updated);
  st.bind(10, m.uuid);
  st.exec();
}

void Journal::update_review(const Review& r) {
  SQLite::Statement st(*db_,
                       "UPDATE reviews SET prediction_met = ?, observed = ?, learned = ?, "
                       "surprised = ?, as_planned = ?, decision = ?, next_step = ?, next_by = ?, "
                       "commitment = ?, author = ?, difference = ?, updated = ? WHERE uuid = ?");
  st.bind(1, r.prediction_met);
  st.bind(2, r.observed);
  st.bind(3, r.learned);
  st.bind(4, r.surprised);
  st.bind(5, r.as_planned);
  st.bind(6, r.decision);
  st.bind(7, r.next_step);
  bind_optional_day(st, 8, r.next_by);
  if (r.commitment) {
    st.bind(9, *r.commitment);
  } else {
    st.bind(9);
  }
  st.bind(10, r.author);
  st.bind(11, r.difference);
  st.bind(12, r.updated);
  st.bind(13, r.uuid);
  st.exec();
}

void Journal::update_comment(const Comment& c) {
  SQLite::Statement st(*db_,
                       "UPDATE comments SET author = ?, text = ?, updated = ? WHERE uuid = ?");
  st.bind(1, c.author);
  st.bind(2, c.text);
  st.bind(3, c.updated);
  st.bind(4, c.uuid);
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

std::vector<Experiment> Journal::children(std::int64_t experiment_id) const {
  return select_experiments(
      "WHERE e.follows_uuid = (SELECT uuid FROM experiments WHERE id = ?) ORDER BY e.id",
      {std::to_string(experiment_id)});
}

std::optional<std::pair<Experiment, Review>> Journal::latest_decision() const {
  SQLite::Statement st(*db_,
                       "SELECT r.experiment_id FROM reviews r JOIN experiments e "
                       "ON e.id = r.experiment_id WHERE e.status = 'closed' "
                       "ORDER BY r.created DESC, r.id DESC LIMIT 1");
  if (!st.executeStep()) return std::nullopt;
  const std::int64_t id = st.getColumn(0).getInt64();
  auto experiment = find_experiment(id);
  auto review = latest_review(id);
  if (!experiment || !review) return std::nullopt;
  return std::pair(std::move(*experiment), std::move(*review));
}

void Journal::set_cache_size(int mib) {
  db_->exec("PRAGMA cache_size = " + std::to_string(-1024 * mib));
}

std::vector<std::pair<std::string, std::int64_t>> Journal::record_counts() const {
  std::vector<std::pair<std::string, std::int64_t>> out;
  for (const char* table :
       {"experiments", "metrics", "entries", "reviews", "comments", "tombstones"}) {
    SQLite::Statement st(*db_, std::string("SELECT count(*) FROM ") + table);
    st.executeStep();
    out.emplace_back(table, st.getColumn(0).getInt64());
  }
  return out;
}

std::vector<std::string> Journal::integrity_problems() const {
  std::vector<std::string> problems;
  SQLite::Statement st(*db_, "PRAGMA integrity_check");
  while (st.executeStep()) {
    // A row may hold several problems, one a line, after a "*** in database main ***" line.
    const std::string text = st.getColumn(0).getString();
    std::size_t start = 0;
    while (start < text.size()) {
      const std::size_t end = std::min(text.find('\n', start), text.size());
      const std::string line = text.substr(start, end - start);
      if (!line.empty() && line != "ok" && line.rfind("*** in database", 0) != 0)
        problems.push_back(line);
      start = end + 1;
    }
  }
  SQLite::Statement fk(*db_, "PRAGMA foreign_key_check");
  while (fk.executeStep())
    problems.push_back("foreign key violation in table " + fk.getColumn(0).getString());
  SQLite::Statement stored(*db_,
                           "SELECT e.id FROM experiments e WHERE "
                           "e.baseline_count != (SELECT count(*) FROM entries n WHERE "
                           "n.experiment_id = e.id AND (e.test_start IS NULL OR "
                           "n.date < e.test_start)) OR "
                           "e.test_count != (SELECT count(*) FROM entries n WHERE "
                           "n.experiment_id = e.id AND e.test_start IS NOT NULL AND "
                           "n.date >= e.test_start) OR "
                           "e.last_entry IS NOT (SELECT max(date) FROM entries n WHERE "
                           "n.experiment_id = e.id)");
  while (stored.executeStep())
    problems.push_back("experiment " + std::to_string(stored.getColumn(0).getInt64()) +
                       ": the points per phase stored with it do not match its entries");
  return problems;
}

}  // namespace leadlab
