// What the Journal's source files (src/storage/journal*.cpp) share: SQLite's failures as
// messages, the busy timeout, optional columns read and bound, new records' timestamps, and
// the online backup that both a migration and `backup_to` make. Private to the storage layer.
#pragma once

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>

#include "leadlab/model/dates.hpp"

namespace leadlab::journal_internal {

// An SQLite failure as a message, with SQLite's error code.
inline std::string sqlite_message(const SQLite::Exception& e) {
  return std::string(e.what()) + " (SQLite error " + std::to_string(e.getErrorCode()) + ")";
}

// True when the failure is another connection's lock, held past the busy timeout.
inline bool is_busy(const SQLite::Exception& e) {
  return e.getErrorCode() == SQLITE_BUSY || e.getErrorCode() == SQLITE_LOCKED;
}

// How long a connection waits for another process's lock, in milliseconds: 5 s, or
// LEADLAB_BUSY_TIMEOUT_MS (so that tests of a locked journal finish quickly).
inline int busy_timeout_ms() {
  if (const char* env = std::getenv("LEADLAB_BUSY_TIMEOUT_MS"))
    return std::clamp(std::atoi(env), 0, 600000);
  return 5000;
}

// A date column that may be NULL.
inline std::optional<Day> optional_day(const SQLite::Column& column) {
  if (column.isNull()) return std::nullopt;
  return parse_iso_date(column.getString());
}

// A new record's timestamps: kept when given (an imported record keeps its history), else
// now.
inline void stamp_new(std::string& created, std::string& updated) {
  if (created.empty()) created = now_timestamp();
  if (updated.empty()) updated = created;
}

// Deletes the row `id` of `table` ("entries" or "comments", never input), leaving a
// tombstone of its UUID of kind `kind` so that an import does not bring it back.
inline void delete_leaving_tombstone(SQLite::Database& db, const char* table, const char* kind,
                                     std::int64_t id) {
  SQLite::Statement tomb(db, std::string("INSERT OR REPLACE INTO tombstones (uuid, kind, deleted) "
                                         "SELECT uuid, ?, ? FROM ") +
                                 table + " WHERE id = ?");
  tomb.bind(1, kind);
  tomb.bind(2, now_timestamp());
  tomb.bind(3, id);
  tomb.exec();
  SQLite::Statement st(db, std::string("DELETE FROM ") + table + " WHERE id = ?");
  st.bind(1, id);
  st.exec();
}

// Binds `value`, or NULL when there is none.
inline void bind_optional_number(SQLite::Statement& st, int index,
                                 const std::optional<double>& value) {
  if (value) {
    st.bind(index, *value);
  } else {
    st.bind(index);
  }
}

// Binds the day as YYYY-MM-DD, or NULL when there is none.
inline void bind_optional_day(SQLite::Statement& st, int index, const std::optional<Day>& day) {
  if (day) {
    st.bind(index, format_date(*day));
  } else {
    st.bind(index);
  }
}

// Removes `path` and its rollback journal, ignoring failures: for a copy abandoned halfway.
inline void remove_quietly(const std::string& path) {
  std::error_code ec;
  std::filesystem::remove(path, ec);
  std::filesystem::remove(path + "-journal", ec);
}

// Copies `source` into the new file `to` with SQLite's online backup and checks the copy.
// The copy is made in a temporary file beside `to` (0600) and moved into place only when
// complete and checked, so `to` is never a partial copy, and an existing `to` or a
// symbolic link there is refused (UsageError), never overwritten or followed. StorageError
// when the copy fails or `source` stays locked past the busy timeout. In journal_check.cpp.
void backup_database(SQLite::Database& source, const std::string& to);

}  // namespace leadlab::journal_internal
