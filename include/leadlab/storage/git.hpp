// A git repository leadlab keeps beside a journal for `sync` (docs/sync.md): the user's own
// `git`, run as a child process with an argument vector (no shell), so that the user's SSH
// keys, credential helpers and configuration apply and leadlab stores no credential. leadlab
// never uses a work tree: it writes blobs, trees and commits itself (docs/sync-design.md).
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace leadlab {

// What one run of git did: its exit status (128 and up, or -1, when it could not run or was
// killed) and what it printed.
struct GitRun {
  int status = 0;
  std::string out;
  std::string err;
  bool ok() const { return status == 0; }
  // git's own message, its last non-empty lines of standard error, for a person to read.
  std::string message() const;
};

class GitRepo {
 public:
  // The bare repository at `git_dir` (made by init()).
  explicit GitRepo(std::string git_dir) : dir_(std::move(git_dir)) {}
  const std::string& dir() const { return dir_; }

  // Runs `git --git-dir=DIR ARGS...` with `input` on its standard input. Never throws for
  // git's own failure: the status says it. StorageError when git cannot be started.
  GitRun run(const std::vector<std::string>& args, std::string_view input = {}) const;
  // As run(), but a failure throws UsageError with git's message, after `doing` ("pushing to
  // the remote").
  std::string must(const std::vector<std::string>& args, std::string_view doing,
                   std::string_view input = {}) const;

  // Makes a new bare repository at dir() with `remote` as its remote "origin".
  void init(const std::string& remote) const;
  // The commit a ref names, or "" when there is none.
  std::string resolve(const std::string& ref) const;

 private:
  std::string dir_;
};

// Refuses (UsageError) a remote git cannot take as one: empty, or beginning with '-' (git
// would read it as an option).
void refuse_unless_remote(const std::string& remote);

// An exclusive lock on a file (flock), held while it lives: what keeps two syncs of one
// journal from running at once. Waits for another holder, calling `waiting` once first, up
// to `seconds`; then UsageError.
class FileLock {
 public:
  FileLock(const std::string& path, int seconds, const std::function<void()>& waiting);
  ~FileLock();
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

 private:
  int fd_ = -1;
};

// Runs `git ARGS...` (no repository) and returns what it did; for `git --version` and tests.
GitRun run_git(const std::vector<std::string>& args, std::string_view input = {});

// The wall time this process spent waiting for git, and how many times it ran git: what
// bench/run subtracts to measure sync's own time (LEADLAB_SYNC_TIMES, docs/performance.md).
struct GitTime {
  double seconds = 0;
  int runs = 0;
};
GitTime git_time_spent();

}  // namespace leadlab
