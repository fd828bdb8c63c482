#include "leadlab/storage/files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ext/stdio_filebuf.h>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "leadlab/model/error.hpp"
#include "leadlab/model/text.hpp"
#include "leadlab/model/uuid.hpp"

namespace leadlab {
namespace fs = std::filesystem;

namespace {

std::string errno_text() { return std::strerror(errno); }

// True when the file at `path` begins as an SQLite database, rollback journal or WAL file
// does: replacing one of those with a report would destroy a journal.
bool looks_like_sqlite(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return false;
  unsigned char head[16] = {};
  const ssize_t got = ::read(fd, head, sizeof head);
  ::close(fd);
  if (got < 8) return false;
  static const unsigned char kDatabase[16] = {'S', 'Q', 'L', 'i', 't', 'e', ' ', 'f',
                                              'o', 'r', 'm', 'a', 't', ' ', '3', 0};
  static const unsigned char kRollback[8] = {0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7};
  const bool wal =
      head[0] == 0x37 && head[1] == 0x7f && head[2] == 0x06 && (head[3] == 0x82 || head[3] == 0x83);
  return (got == 16 && std::memcmp(head, kDatabase, 16) == 0) ||
         std::memcmp(head, kRollback, 8) == 0 || wal;
}

// What refuse_unless_file calls each kind it refuses.
const char* kind_name(PathKind kind) {
  switch (kind) {
    case PathKind::kFolder:
      return "a folder";
    case PathKind::kFifo:
      return "a named pipe (FIFO)";
    case PathKind::kSocket:
      return "a socket";
    case PathKind::kDevice:
      return "a device";
    default:
      return "not a regular file";
  }
}

}  // namespace

PathKind path_kind(const std::string& path, bool follow) {
  struct stat st {};
  if ((follow ? ::stat(path.c_str(), &st) : ::lstat(path.c_str(), &st)) != 0) return PathKind::kNew;
  if (S_ISREG(st.st_mode)) return PathKind::kFile;
  if (S_ISLNK(st.st_mode)) return PathKind::kLink;
  if (S_ISDIR(st.st_mode)) return PathKind::kFolder;
  if (S_ISFIFO(st.st_mode)) return PathKind::kFifo;
  if (S_ISSOCK(st.st_mode)) return PathKind::kSocket;
  if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode)) return PathKind::kDevice;
  return PathKind::kOther;
}

void refuse_unless_file(const std::string& path, const std::string& hint, bool follow) {
  if (!path.empty() && path.back() == '/') {
    throw UsageError(terminal_safe(path) + " ends in \"/\", so it names a folder, not a file",
                     hint);
  }
  const PathKind kind = path_kind(path, follow);
  if (kind == PathKind::kNew || kind == PathKind::kFile || kind == PathKind::kLink) return;
  throw UsageError(terminal_safe(path) + " is " + kind_name(kind) +
                       (kind == PathKind::kOther ? "" : ", not a file") +
                       "; leadlab did not open it",
                   hint);
}

AtomicFile::AtomicFile(std::string path) : path_(std::move(path)) {
  refuse_unless_file(path_, "give a new file name, or a regular file to replace, for --output");
  struct stat st {};
  if (::lstat(path_.c_str(), &st) == 0) {
    if (S_ISLNK(st.st_mode)) {
      throw UsageError(
          terminal_safe(path_) + " is a symbolic link; leadlab does not write through one",
          "give the real path, or remove the link first");
    }
    if (looks_like_sqlite(path_)) {
      throw UsageError(terminal_safe(path_) +
                           " is an SQLite database or one of its side files (a journal?); "
                           "leadlab does not replace one",
                       "choose another file name for --output");
    }
  }
  const fs::path target(path_);
  const fs::path folder = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::random_device rd;
  for (int attempt = 0; attempt < 16 && fd_ < 0; ++attempt) {
    std::ostringstream name;
    name << "." << target.filename().string() << ".tmp-" << std::hex << rd() << rd();
    temp_ = (folder / name.str()).string();
    fd_ = ::open(temp_.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd_ < 0 && errno != EEXIST) break;
  }
  if (fd_ < 0) {
    throw StorageError(path_, "cannot create a file beside it: " + errno_text(),
                       "check that the folder exists and that you can write in it");
  }
  buffer_ = std::make_unique<__gnu_cxx::stdio_filebuf<char>>(fd_, std::ios::out, 1 << 16);
  stream_ = std::make_unique<std::ostream>(buffer_.get());
}

AtomicFile::~AtomicFile() {
  if (committed_) return;
  stream_.reset();
  buffer_.reset();  // closes fd_
  ::unlink(temp_.c_str());
}

std::ostream& AtomicFile::stream() { return *stream_; }

void AtomicFile::commit() {
  stream_->flush();
  const bool ok = stream_->good() && ::fsync(fd_) == 0;
  const std::string failure = ok ? "" : errno_text();
  stream_.reset();
  buffer_.reset();  // closes fd_
  if (!ok || ::rename(temp_.c_str(), path_.c_str()) != 0) {
    const std::string why = ok ? errno_text() : failure;
    ::unlink(temp_.c_str());
    committed_ = true;  // nothing left to clean up
    throw StorageError(path_, "could not be written: " + why, "nothing was changed; try again");
  }
  committed_ = true;
  sync_folder(fs::path(path_).parent_path().string());  // makes the rename itself durable
}

void write_file_atomically(const std::string& path, std::string_view content) {
  AtomicFile file(path);
  file.stream().write(content.data(), static_cast<std::streamsize>(content.size()));
  file.commit();
}

std::size_t read_file_size(const std::string& path) {
  refuse_unless_file(path, "give the bundle's path", true);
  std::error_code ec;
  const auto status = fs::status(path, ec);
  if (ec || !fs::exists(status)) {
    throw UsageError("there is no file " + terminal_safe(path), "check the path");
  }
  if (!fs::is_regular_file(status)) {
    throw UsageError(terminal_safe(path) + " is not a regular file", "give the bundle's path");
  }
  return static_cast<std::size_t>(fs::file_size(path, ec));
}

std::string read_file(const std::string& path, std::size_t max_bytes) {
  const std::size_t size = read_file_size(path);
  if (size > max_bytes) {
    throw UsageError(terminal_safe(path) + " is " + std::to_string(size) +
                         " bytes, more than leadlab reads (" + std::to_string(max_bytes) + ")",
                     "export fewer experiments at a time");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UsageError("cannot read " + terminal_safe(path), "check its permissions");
  std::string text(size, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  return text;
}

bool is_symlink(const std::string& path) {
  struct stat st {};
  return ::lstat(path.c_str(), &st) == 0 && S_ISLNK(st.st_mode);
}

// A folder others can list leaks the names and sizes of what is in it.
void make_private_folders(const std::string& folder) {
  if (folder.empty() || fs::exists(folder)) return;
  make_private_folders(fs::path(folder).parent_path().string());
  if (::mkdir(folder.c_str(), 0700) != 0 && errno != EEXIST)
    throw StorageError(folder, "cannot create folder: " + errno_text());
}

// 0600 from the start, so that SQLite's -journal and -wal side files, which copy the
// database's mode, are 0600 too.
bool create_private_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return false;
    throw StorageError(path, "cannot create file: " + errno_text());
  }
  ::fchmod(fd, 0600);  // in case the umask was stricter than needed, or looser
  ::close(fd);
  return true;
}

void write_passing_file(const std::string& path, std::string_view content) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) throw StorageError(path, "cannot create file: " + errno_text());
  while (!content.empty()) {
    const ssize_t n = ::write(fd, content.data(), content.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const std::string why = errno_text();
      ::close(fd);
      throw StorageError(path, "cannot write: " + why);
    }
    content.remove_prefix(static_cast<std::size_t>(n));
  }
  ::close(fd);
}

std::string temporary_name(const std::string& path) {
  return path + "." + new_uuid().substr(0, 8) + ".tmp";
}

// rename with RENAME_NOREPLACE, or link and unlink where the file system lacks it: both
// refuse an existing `to` atomically, where a check before a plain rename would race.
namespace {
// A rename that never replaces `to`: 1 done, 0 `to` exists, -1 the file system cannot refuse
// to replace (no RENAME_NOREPLACE), which the caller then does its own way.
int rename_no_replace(const std::string& from, const std::string& to, const char* what) {
  if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) return 1;
  if (errno == EEXIST || errno == ENOTEMPTY) return 0;
  if (errno != EINVAL && errno != ENOSYS)
    throw StorageError(
        to, std::string("cannot give the finished ") + what + " its name: " + errno_text());
  return -1;
}
}  // namespace

bool move_into_place(const std::string& from, const std::string& to) {
  if (const int done = rename_no_replace(from, to, "file"); done >= 0) return done == 1;
  if (::link(from.c_str(), to.c_str()) != 0) {
    if (errno == EEXIST) return false;
    throw StorageError(to, "cannot give the finished file its name: " + errno_text());
  }
  ::unlink(from.c_str());
  return true;
}

bool move_folder_into_place(const std::string& from, const std::string& to) {
  if (const int done = rename_no_replace(from, to, "folder"); done >= 0) return done == 1;
  if (path_kind(to) != PathKind::kNew) return false;
  if (::rename(from.c_str(), to.c_str()) != 0)
    throw StorageError(to, "cannot give the finished folder its name: " + errno_text());
  return true;
}

void sync_folder(const std::string& folder) {
  const int dir = ::open(folder.empty() ? "." : folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
}

ScratchFile::ScratchFile() {
  const std::string folder = fs::temp_directory_path().string();
  fd_ = ::open(folder.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd_ < 0) {  // a file system without O_TMPFILE: a named one, removed at once
    std::string name = folder + "/leadlab-scratch-XXXXXX";
    fd_ = ::mkostemp(name.data(), O_CLOEXEC);
    if (fd_ >= 0) ::unlink(name.c_str());
  }
  if (fd_ < 0)
    throw StorageError(folder, "cannot make a scratch file: " + errno_text(),
                       "set TMPDIR to a folder with room, and try again");
  buffer_ =
      std::make_unique<__gnu_cxx::stdio_filebuf<char>>(fd_, std::ios::in | std::ios::out, 1 << 16);
  stream_ = std::make_unique<std::iostream>(buffer_.get());
}

ScratchFile::~ScratchFile() {
  stream_.reset();
  buffer_.reset();  // closes fd_
}

std::iostream& ScratchFile::stream() { return *stream_; }

}  // namespace leadlab
