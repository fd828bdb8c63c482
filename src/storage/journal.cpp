// The Journal's life: creating and opening one, its connection's settings, transactions, the
// prepared-statement cache and what watches statements. Its reads and writes are in the
// other journal_*.cpp files, by the records they touch.
#include "leadlab/storage/journal.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <utility>

#include "leadlab/model/dates.hpp"
#include "leadlab/model/error.hpp"
#include "leadlab/model/uuid.hpp"
#include "leadlab/storage/files.hpp"
#include "storage/journal_internal.hpp"

namespace leadlab {

using journal_internal::busy_timeout_ms;
using journal_internal::is_busy;
using journal_internal::remove_quietly;
using journal_internal::sqlite_message;

namespace {

namespace fs = std::filesystem;

constexpr const char* kJournalPathHint =
    "point --journal (or LEADLAB_JOURNAL) at a journal file, e.g. DIR/journal.db, or at a new "
    "path for `leadlab init`";

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

Journal::Journal(std::string path, Mode mode) : path_(std::move(path)), mode_(mode) {}
Journal::Journal(Journal&&) noexcept = default;
Journal& Journal::operator=(Journal&&) noexcept = default;
Journal::~Journal() = default;

bool Journal::make_new(const std::string& path, std::string_view owner,
                       std::span<const Migration> migrations) {
  refuse_symlink(path);
  refuse_unless_file(path, kJournalPathHint);
  std::error_code ec;
  if (path_kind(path) == PathKind::kFile) {
    if (fs::file_size(path, ec) != 0 || ec) return false;
    // An empty file the user made (mktemp) becomes the journal, in place: set_up's
    // transaction lets only one process fill it.
    Journal journal(path, Mode::kReadWrite);
    return journal.set_up(owner, migrations);
  }
  make_private_folders(fs::path(path).parent_path().string());
  const std::string temp = temporary_name(path);
  try {
    if (!create_private_file(temp))
      throw StorageError(temp, "a temporary file of that name exists");
    {
      Journal journal(temp, Mode::kReadWrite);
      journal.set_up(owner, migrations);
    }
    if (!move_into_place(temp, path)) {
      remove_quietly(temp);
      return false;
    }
    sync_folder(fs::path(path).parent_path().string());
    return true;
  } catch (...) {
    remove_quietly(temp);
    throw;
  }
}

bool Journal::set_up(std::string_view owner, std::span<const Migration> migrations) {
  try {
    db_ = connect(path_, Mode::kReadWrite);
    WriteTransaction tx(*this, WriteTransaction::Kind::kSchemaChange);
    if (db_->execAndGet("PRAGMA application_id").getInt() == kApplicationId) return false;
    for (const auto& step : migrations) db_->exec(step.sql);
    const int latest = migrations.empty() ? 0 : migrations.back().version;
    db_->exec("PRAGMA user_version = " + std::to_string(latest));
    db_->exec("PRAGMA application_id = " + std::to_string(kApplicationId));
    SQLite::Statement insert(*db_, "INSERT INTO journal (key, value) VALUES (?, ?)");
    const std::pair<const char*, std::string> rows[] = {
        {"uuid", new_uuid()}, {"owner", std::string(owner)}, {"created", now_timestamp()}};
    for (const auto& [key, value] : rows) {
      insert.bind(1, key);
      insert.bind(2, value);
      insert.exec();
      insert.reset();
    }
    tx.commit();
    return true;
  } catch (const SQLite::Exception& e) {
    throw StorageError(path_, "cannot create the journal: " + sqlite_message(e));
  }
}

Journal Journal::create(const std::string& path, std::string_view owner,
                        std::span<const Migration> migrations) {
  if (!make_new(path, owner, migrations))
    throw UsageError(path + " exists already", "open it, or choose another --journal path");
  return open(path, Mode::kReadWrite, migrations);
}

Journal Journal::open_or_create(const std::string& path, std::string_view owner, bool* created,
                                std::span<const Migration> migrations) {
  const bool made = make_new(path, owner, migrations);
  if (created != nullptr) *created = made;
  return open(path, Mode::kReadWrite, migrations);
}

void Journal::create_with(const std::string& path, std::string_view owner,
                          const std::function<void(Journal&)>& fill) {
  refuse_symlink(path);
  refuse_unless_file(path, kJournalPathHint);
  std::error_code ec;
  if (fs::exists(fs::symlink_status(path, ec)))
    throw UsageError(path + " exists already", "open it, or choose another --journal path");
  const std::string temp = temporary_name(path);
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
    sync_folder(fs::path(path).parent_path().string());
  } catch (...) {
    remove_quietly(temp);
    throw;
  }
}

Journal Journal::open(const std::string& path, Mode mode, std::span<const Migration> migrations) {
  refuse_symlink(path);
  refuse_unless_file(path, kJournalPathHint);
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
      deferred_indexes_(std::move(other.deferred_indexes_)),
      prepared_(other.prepared_) {}

Journal::WriteTransaction::~WriteTransaction() {
  tx_.reset();  // rolls back unless committed
  if (kind_ == Kind::kPlain) return;
  try {
    journal_->db_->exec("PRAGMA foreign_keys = ON");
  } catch (const SQLite::Exception&) {
    // The connection is closed with the command; the next one turns the checks on.
  }
}

void Journal::WriteTransaction::prepare_commit() {
  if (prepared_) return;
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
  } catch (const SQLite::Exception& e) {
    throw StorageError(journal_->path(),
                       "cannot save the change: " + sqlite_message(e) + "; nothing was changed");
  }
  prepared_ = true;
}

void Journal::WriteTransaction::commit() {
  prepare_commit();
  try {
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

void Journal::set_cache_size(int mib) {
  db_->exec("PRAGMA cache_size = " + std::to_string(-1024 * mib));
}

}  // namespace leadlab
