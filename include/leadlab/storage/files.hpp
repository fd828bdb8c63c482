// Files leadlab writes and reads: reports and bundles written atomically, bundles read whole,
// and the file-system safety the journal's own files need (private modes, no symbolic links,
// new names that survive a crash).
#pragma once

#include <cstddef>
#include <istream>
#include <memory>
#include <ostream>
#include <streambuf>
#include <string>
#include <string_view>

namespace leadlab {

// What is at a path, learned with lstat (or stat, following links) without opening it.
enum class PathKind { kNew, kFile, kLink, kFolder, kFifo, kSocket, kDevice, kOther };

// What is at `path`: lstat, so a final symbolic link is kLink, unless `follow` (stat: what
// the link points at). kNew when nothing is there (or the path cannot lead anywhere).
PathKind path_kind(const std::string& path, bool follow = false);

// Refuses (UsageError naming `path` and what it is, with `hint`) a path that ends in "/" or
// holds a folder, a FIFO, a socket or a device: only a regular file or a new path passes.
// Nothing is opened, so a FIFO cannot block a command and a device is never touched. A
// symbolic link is left to the caller's policy; with `follow`, what it points at is judged.
void refuse_unless_file(const std::string& path, const std::string& hint, bool follow = false);

// A file written atomically: into a new temporary file beside `path` (0600), which commit()
// syncs and renames over `path`, so a reader sees the old file or the whole new one, never a
// part; without commit() the temporary file is removed. Refuses (UsageError) a `path` that
// is a symbolic link, what refuse_unless_file refuses (a folder, FIFO, socket or device,
// untouched), or an SQLite database, rollback journal or WAL file (so that
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

// An anonymous scratch file in the temporary folder, for an intermediate result too large to
// hold in memory (the HTML report of a whole journal): written, then read back from its start
// (seekg(0)). Removed when destroyed, or when the process ends. StorageError when it cannot
// be made.
class ScratchFile {
 public:
  ScratchFile();
  ~ScratchFile();
  ScratchFile(const ScratchFile&) = delete;
  ScratchFile& operator=(const ScratchFile&) = delete;
  std::iostream& stream();

 private:
  int fd_ = -1;
  std::unique_ptr<std::streambuf> buffer_;
  std::unique_ptr<std::iostream> stream_;
};

// Writes `content` to `path` atomically: into a new temporary file beside it (0600), synced,
// then renamed over `path`, so a reader sees the old file or the whole new one, never a part.
// Refuses (UsageError) what AtomicFile refuses; StorageError on I/O failure, leaving no
// temporary file behind.
void write_file_atomically(const std::string& path, std::string_view content);

// The size of a regular file (a symbolic link is followed); UsageError when it is missing or
// not a regular file (refuse_unless_file: a FIFO or device is never opened).
std::size_t read_file_size(const std::string& path);

// Reads a whole file of at most `max_bytes`; UsageError when it is missing, not a regular
// file, or larger.
std::string read_file(const std::string& path, std::size_t max_bytes);

// --- file safety, for what holds private reflections (the journal and its backups) ---

// True when `path` itself is a symbolic link (not followed).
bool is_symlink(const std::string& path);

// Creates the folders leading to `folder` that do not exist yet, each 0700. StorageError when
// one cannot be made.
void make_private_folders(const std::string& folder);

// Creates `path` as a new empty 0600 file, never following a link and never reusing a file.
// Returns false if something exists at `path` already; StorageError on any other failure.
bool create_private_file(const std::string& path);

// Writes `content` to `path` as a new 0600 file (never following a link, never reusing a
// file), without waiting for the disk: for a file another program reads at once and which
// is then removed (sync hands git its files so). StorageError on failure.
void write_passing_file(const std::string& path, std::string_view content);

// A name for a temporary file beside `path` that no other run picks: "<path>.<8 hex>.tmp".
std::string temporary_name(const std::string& path);

// Gives the finished file `from` the name `to` unless `to` exists (then false), so that no
// reader ever sees a part of it at `to` and an existing file is never replaced. StorageError
// when the rename fails otherwise.
bool move_into_place(const std::string& from, const std::string& to);
// move_into_place for a folder (link() cannot serve one): where the file system cannot refuse
// to replace, a plain rename once nothing is seen at `to`, which the caller's lock keeps so.
bool move_folder_into_place(const std::string& from, const std::string& to);

// Makes the names created, renamed or removed in `folder` ("" for the current folder) survive
// a crash: fsync of the folder itself. Best effort: a folder that cannot be opened is skipped.
void sync_folder(const std::string& folder);

}  // namespace leadlab
