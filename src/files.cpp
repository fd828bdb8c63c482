#include "leadlab/files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "leadlab/error.hpp"
#include "leadlab/text.hpp"

namespace leadlab {
namespace fs = std::filesystem;

namespace {

std::string errno_text() { return std::strerror(errno); }

// Writes all of `content` to `fd`, retrying short writes.
bool write_all(int fd, std::string_view content) {
  while (!content.empty()) {
    const ssize_t n = ::write(fd, content.data(), content.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    content.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

}  // namespace

void write_file_atomically(const std::string& path, std::string_view content) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) == 0) {
    if (S_ISLNK(st.st_mode)) {
      throw UsageError(
          terminal_safe(path) + " is a symbolic link; leadlab does not write through one",
          "give the real path, or remove the link first");
    }
    if (S_ISDIR(st.st_mode)) {
      throw UsageError(terminal_safe(path) + " is a folder", "give a file name for --output");
    }
  }
  const fs::path target(path);
  const fs::path folder = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::random_device rd;
  std::string temp;
  int fd = -1;
  for (int attempt = 0; attempt < 16 && fd < 0; ++attempt) {
    std::ostringstream name;
    name << "." << target.filename().string() << ".tmp-" << std::hex << rd() << rd();
    temp = (folder / name.str()).string();
    fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0 && errno != EEXIST) break;
  }
  if (fd < 0) {
    throw StorageError(path, "cannot create a file beside it: " + errno_text(),
                       "check that the folder exists and that you can write in it");
  }
  const bool ok = write_all(fd, content) && ::fsync(fd) == 0;
  const std::string failure = ok ? "" : errno_text();
  ::close(fd);
  if (!ok || ::rename(temp.c_str(), path.c_str()) != 0) {
    const std::string why = ok ? errno_text() : failure;
    ::unlink(temp.c_str());
    throw StorageError(path, "could not be written: " + why, "nothing was changed; try again");
  }
  // Make the rename itself durable.
  if (const int dir = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
}

std::string read_file(const std::string& path, std::size_t max_bytes) {
  std::error_code ec;
  const auto status = fs::status(path, ec);
  if (ec || !fs::exists(status)) {
    throw UsageError("there is no file " + terminal_safe(path), "check the path");
  }
  if (!fs::is_regular_file(status)) {
    throw UsageError(terminal_safe(path) + " is not a regular file", "give the bundle's path");
  }
  const auto size = fs::file_size(path, ec);
  if (!ec && size > max_bytes) {
    throw UsageError(terminal_safe(path) + " is " + std::to_string(size) +
                         " bytes, more than leadlab reads (" + std::to_string(max_bytes) + ")",
                     "export fewer experiments at a time");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UsageError("cannot read " + terminal_safe(path), "check its permissions");
  std::string text;
  text.resize(static_cast<std::size_t>(ec ? 0 : size));
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  return text;
}

}  // namespace leadlab
