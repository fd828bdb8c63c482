#include "leadlab/storage/git.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "leadlab/model/error.hpp"
#include "leadlab/model/text.hpp"
#include "leadlab/storage/files.hpp"

extern char** environ;

namespace leadlab {
namespace {

GitTime spent;

// A pipe whose ends close with it.
struct Pipe {
  std::array<int, 2> fd{-1, -1};
  Pipe() {
    if (::pipe2(fd.data(), O_CLOEXEC) != 0)
      throw StorageError("git", std::string("cannot make a pipe: ") + std::strerror(errno));
  }
  ~Pipe() {
    for (int f : fd)
      if (f >= 0) ::close(f);
  }
  void close_end(int i) {
    if (fd[static_cast<std::size_t>(i)] >= 0) ::close(fd[static_cast<std::size_t>(i)]);
    fd[static_cast<std::size_t>(i)] = -1;
  }
  Pipe(const Pipe&) = delete;
  Pipe& operator=(const Pipe&) = delete;
};

// Feeds `input` to the child and reads its two outputs at once, so that neither side ever
// waits on a full pipe.
void exchange(Pipe& in, Pipe& out, Pipe& err, std::string_view input, GitRun& run) {
  std::size_t written = 0;
  if (input.empty()) in.close_end(1);
  char buffer[65536];
  while (in.fd[1] >= 0 || out.fd[0] >= 0 || err.fd[0] >= 0) {
    std::vector<pollfd> fds;
    if (in.fd[1] >= 0) fds.push_back({in.fd[1], POLLOUT, 0});
    if (out.fd[0] >= 0) fds.push_back({out.fd[0], POLLIN, 0});
    if (err.fd[0] >= 0) fds.push_back({err.fd[0], POLLIN, 0});
    if (::poll(fds.data(), fds.size(), -1) < 0) {
      if (errno == EINTR) continue;
      throw StorageError("git", std::string("cannot talk to git: ") + std::strerror(errno));
    }
    for (const pollfd& p : fds) {
      if (p.revents == 0) continue;
      if (p.fd == in.fd[1]) {
        const ssize_t n = ::write(p.fd, input.data() + written, input.size() - written);
        if (n < 0 && errno != EINTR && errno != EAGAIN) {
          in.close_end(1);  // git stopped reading (it failed): its status says why
        } else if (n > 0) {
          written += static_cast<std::size_t>(n);
          if (written == input.size()) in.close_end(1);
        }
      } else {
        const ssize_t n = ::read(p.fd, buffer, sizeof buffer);
        if (n > 0) {
          (p.fd == out.fd[0] ? run.out : run.err).append(buffer, static_cast<std::size_t>(n));
        } else if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
          if (p.fd == out.fd[0]) {
            out.close_end(0);
          } else {
            err.close_end(0);
          }
        }
      }
    }
  }
}

GitRun spawn(const std::vector<std::string>& args, std::string_view input) {
  const auto start = std::chrono::steady_clock::now();
  struct Count {
    std::chrono::steady_clock::time_point start;
    ~Count() {
      spent.seconds +=
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      ++spent.runs;
    }
  } count{start};
  std::vector<char*> argv;
  std::string git = "git";
  argv.push_back(git.data());
  std::vector<std::string> copies(args);
  for (auto& a : copies) argv.push_back(a.data());
  argv.push_back(nullptr);

  Pipe in, out, err;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in.fd[0], 0);
  posix_spawn_file_actions_adddup2(&actions, out.fd[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err.fd[1], 2);
  pid_t pid = 0;
  const int spawned = ::posix_spawnp(&pid, "git", &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) {
    throw StorageError("git", std::string("cannot run git: ") + std::strerror(spawned),
                       "sync needs git: install it (apt-get install git) and try again");
  }
  in.close_end(0);
  out.close_end(1);
  err.close_end(1);
  GitRun run;
  // A write to a git that exited must fail with EPIPE, not kill leadlab.
  struct sigaction ignore {
  }, previous{};
  ignore.sa_handler = SIG_IGN;
  ::sigaction(SIGPIPE, &ignore, &previous);
  try {
    exchange(in, out, err, input, run);
  } catch (...) {
    ::sigaction(SIGPIPE, &previous, nullptr);
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
    throw;
  }
  ::sigaction(SIGPIPE, &previous, nullptr);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status)) {
    run.status = WEXITSTATUS(status);
  } else {
    run.status = -1;
  }
  if (run.status == 127 && run.err.empty()) {
    throw StorageError("git", "cannot run git",
                       "sync needs git: install it (apt-get install git) and try again");
  }
  return run;
}

}  // namespace

GitTime git_time_spent() { return spent; }

std::string GitRun::message() const {
  // The last lines say what went wrong; earlier ones are progress.
  std::vector<std::string> lines;
  std::size_t start = 0;
  const std::string& text = err.empty() ? out : err;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (!line.empty()) lines.push_back(std::move(line));
    start = end + 1;
  }
  if (lines.empty()) return "git exited with status " + std::to_string(status);
  std::string said;
  for (std::size_t i = lines.size() > 3 ? lines.size() - 3 : 0; i < lines.size(); ++i)
    said += (said.empty() ? "" : "; ") + lines[i];
  return said;
}

GitRun run_git(const std::vector<std::string>& args, std::string_view input) {
  return spawn(args, input);
}

GitRun GitRepo::run(const std::vector<std::string>& args, std::string_view input) const {
  std::vector<std::string> all{"--git-dir=" + dir_};
  all.insert(all.end(), args.begin(), args.end());
  return spawn(all, input);
}

std::string GitRepo::must(const std::vector<std::string>& args, std::string_view doing,
                          std::string_view input) const {
  GitRun r = run(args, input);
  if (!r.ok()) {
    throw UsageError("git failed " + std::string(doing) + ": " + r.message(),
                     "git's message says why; nothing was lost: run the same command again "
                     "once it is fixed");
  }
  return std::move(r.out);
}

void refuse_unless_remote(const std::string& remote) {
  // git would read a remote that begins with '-' as an option of its own.
  if (remote.empty() || remote.front() == '-') {
    throw UsageError("\"" + terminal_safe(remote) + "\" is not a git remote",
                     "name a URL (ssh://host/path.git, git@host:path.git, https://...) or the "
                     "path of a bare repository (./remote.git for one whose name begins with -)");
  }
}

void GitRepo::init(const std::string& remote) const {
  refuse_unless_remote(remote);
  GitRun r = spawn({"init", "--quiet", "--bare", dir_}, {});
  if (!r.ok()) throw UsageError("git could not make " + dir_ + ": " + r.message());
  must({"remote", "add", "origin", remote}, "setting the remote");
}

std::string GitRepo::resolve(const std::string& ref) const {
  GitRun r = run({"rev-parse", "--verify", "--quiet", ref + "^{commit}"});
  if (!r.ok()) return "";
  while (!r.out.empty() && r.out.back() == '\n') r.out.pop_back();
  return r.out;
}

FileLock::FileLock(const std::string& path, int seconds, const std::function<void()>& waiting) {
  // Something else where the lock belongs (a folder, a FIFO, a link) is refused untouched: the
  // lock is an empty file leadlab makes, which nothing else uses.
  const std::string hint =
      "leadlab keeps its sync lock there: move that away (leadlab makes the lock itself)";
  refuse_unless_file(path, hint);
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0600);
  if (fd_ < 0 && errno == ELOOP)
    throw UsageError(terminal_safe(path) + " is a symbolic link, not the sync lock", hint);
  if (fd_ < 0)
    throw StorageError(path, std::string("cannot open the sync lock: ") + std::strerror(errno));
  struct stat st {};
  if (::fstat(fd_, &st) != 0 || !S_ISREG(st.st_mode)) {  // put there since the check above
    ::close(fd_);
    fd_ = -1;
    throw UsageError(terminal_safe(path) + " is not a regular file", hint);
  }
  if (::flock(fd_, LOCK_EX | LOCK_NB) == 0) return;
  if (waiting) waiting();
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
  while (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    if (std::chrono::steady_clock::now() >= until) {
      ::close(fd_);
      fd_ = -1;
      throw UsageError(
          "another sync of this journal is still running after " + std::to_string(seconds) + " s",
          "let it finish (or stop it), then run the same command again");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

FileLock::~FileLock() {
  if (fd_ >= 0) ::close(fd_);  // closing releases the lock
}

}  // namespace leadlab
