// Files leadlab writes and reads besides the journal: reports and bundles.
#pragma once

#include <cstddef>
#include <memory>
#include <ostream>
#include <streambuf>
#include <string>
#include <string_view>

namespace leadlab {

// A file written atomically: into a new temporary file beside `path` (0600), which commit()
// syncs and renames over `path`, so a reader sees the old file or the whole new one, never a
// part; without commit() the temporary file is removed. Refuses (UsageError) a `path` that
// is a symbolic link, a folder, or an SQLite database, rollback journal or WAL file (so that
// `export --output` can never replace a journal); StorageError on I/O failure.
class AtomicFile {
 public:
  explicit AtomicFile(std::string path);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  std::ostream& stream();
  void commit();

 private:
  std::string path_;
  std::string temp_;
  int fd_ = -1;
  std::unique_ptr<std::streambuf> buffer_;
  std::unique_ptr<std::ostream> stream_;
  bool committed_ = false;
};

// Writes `content` to `path` atomically: into a new temporary file beside it (0600), synced,
// then renamed over `path`, so a reader sees the old file or the whole new one, never a part.
// Refuses (UsageError) what AtomicFile refuses; StorageError on I/O failure, leaving no
// temporary file behind.
void write_file_atomically(const std::string& path, std::string_view content);

// The size of a regular file; UsageError when it is missing or not a regular file.
std::size_t read_file_size(const std::string& path);

// Reads a whole file of at most `max_bytes`; UsageError when it is missing, not a regular
// file, or larger.
std::string read_file(const std::string& path, std::size_t max_bytes);

}  // namespace leadlab
