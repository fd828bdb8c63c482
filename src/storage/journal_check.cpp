// What checks a journal and copies it: the online backup (of `backup_to` and of a migration),
// record counts, and the integrity checks of `leadlab check`.
#include <SQLiteCpp/Backup.h>
#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <string>

#include "leadlab/model/error.hpp"
#include "leadlab/storage/files.hpp"
#include "leadlab/storage/journal.hpp"
#include "storage/journal_internal.hpp"

namespace leadlab::journal_internal {

namespace fs = std::filesystem;

void backup_database(SQLite::Database& source, const std::string& to) {
  refuse_unless_file(to, "choose a new file name for the backup");
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
  const std::string temp = temporary_name(to);
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
      if (check != "ok") {
        throw StorageError(to, "the backup failed its check: " + check + "; no backup was made",
                           "the journal itself may be damaged: run `leadlab check`");
      }
    }
    if (!move_into_place(temp, to))
      throw UsageError(to + " exists already", "choose a new file name for the backup");
    sync_folder(folder.string());
  } catch (const SQLite::Exception& e) {
    remove_quietly(temp);
    throw StorageError(to, "cannot write the backup: " + sqlite_message(e));
  } catch (...) {
    remove_quietly(temp);
    throw;
  }
}

}  // namespace leadlab::journal_internal

namespace leadlab {

void Journal::backup_to(const std::string& to) const {
  journal_internal::backup_database(*db_, to);
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
