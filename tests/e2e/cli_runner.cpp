#include "e2e/cli_runner.hpp"

#include <doctest/doctest.h>
#include <poll.h>
#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <stdexcept>

namespace leadlab::testing {

namespace {

struct Argv {
  std::vector<std::string> strings;
  std::vector<char*> pointers;
  char** data() {
    pointers.clear();
    for (auto& s : strings) pointers.push_back(s.data());
    pointers.push_back(nullptr);
    return pointers.data();
  }
};

Argv make_argv(const std::vector<std::string>& args, const std::string& program = LEADLAB_BINARY) {
  Argv argv{{program}, {}};
  argv.strings.insert(argv.strings.end(), args.begin(), args.end());
  return argv;
}

Argv make_env(const std::map<std::string, std::string>& env) {
  std::map<std::string, std::string> full{{"PATH", "/usr/bin:/bin"}, {"LANG", "C.UTF-8"}};
  for (const auto& [k, v] : env) full[k] = v;
  Argv out;
  for (const auto& [k, v] : full) out.strings.push_back(k + "=" + v);
  return out;
}

int exit_code_of(pid_t pid) {
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

}  // namespace

RunResult run_leadlab(const std::vector<std::string>& args,
                      const std::map<std::string, std::string>& env, const std::string& input) {
  return run_program(LEADLAB_BINARY, args, env, input);
}

RunResult run_program(const std::string& program, const std::vector<std::string>& args,
                      const std::map<std::string, std::string>& env, const std::string& input) {
  int in_pipe[2], out_pipe[2], err_pipe[2];
  if (::pipe(in_pipe) != 0 || ::pipe(out_pipe) != 0 || ::pipe(err_pipe) != 0)
    throw std::runtime_error("pipe failed");
  Argv argv = make_argv(args, program);
  Argv envp = make_env(env);
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    ::dup2(in_pipe[0], 0);
    ::dup2(out_pipe[1], 1);
    ::dup2(err_pipe[1], 2);
    for (int fd : {in_pipe[0], in_pipe[1], out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1]})
      ::close(fd);
    ::execve(program.c_str(), argv.data(), envp.data());
    ::_exit(127);
  }
  ::close(in_pipe[0]);
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  if (!input.empty()) {
    const ssize_t written = ::write(in_pipe[1], input.data(), input.size());
    (void)written;
  }
  ::close(in_pipe[1]);

  RunResult result;
  pollfd fds[2] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}};
  std::string* sinks[2] = {&result.out, &result.err};
  int open_fds = 2;
  char buf[65536];
  while (open_fds > 0) {
    if (::poll(fds, 2, -1) < 0) break;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || (fds[i].revents & (POLLIN | POLLHUP)) == 0) continue;
      const ssize_t n = ::read(fds[i].fd, buf, sizeof buf);
      if (n <= 0) {
        ::close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
      } else {
        sinks[i]->append(buf, static_cast<std::size_t>(n));
      }
    }
  }
  result.exit_code = exit_code_of(pid);
  return result;
}

TerminalSession::TerminalSession(const std::vector<std::string>& args,
                                 const std::map<std::string, std::string>& env,
                                 unsigned short columns) {
  Argv argv = make_argv(args);
  Argv envp = make_env(env);
  winsize size{};
  size.ws_row = 24;
  size.ws_col = columns;
  pid_ = ::forkpty(&master_, nullptr, nullptr, &size);
  if (pid_ < 0) throw std::runtime_error("forkpty failed");
  if (pid_ == 0) {
    ::execve(LEADLAB_BINARY, argv.data(), envp.data());
    ::_exit(127);
  }
}

TerminalSession::~TerminalSession() {
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    exit_code_of(pid_);
  }
  if (master_ >= 0) ::close(master_);
}

TerminalSession::Read TerminalSession::read_some(int timeout_ms) {
  if (closed_) return Read::kClosed;
  pollfd fd{master_, POLLIN, 0};
  const int ready = ::poll(&fd, 1, timeout_ms);
  if (ready == 0 || (ready < 0 && errno == EINTR)) return Read::kQuiet;
  char buf[4096];
  const ssize_t n = ready < 0 ? -1 : ::read(master_, buf, sizeof buf);
  if (n < 0 && errno == EINTR) return Read::kQuiet;
  if (n <= 0) {  // EIO: every process that had the terminal open has closed it
    closed_ = true;
    return Read::kClosed;
  }
  out_.append(buf, static_cast<std::size_t>(n));
  return Read::kData;
}

bool TerminalSession::wait_for(const std::string& text) {
  const auto deadline = std::chrono::steady_clock::now() + kPatience;
  while (out_.find(text, seen_) == std::string::npos) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    if (read_some(200) == Read::kClosed) return false;  // nothing more will come
  }
  seen_ = out_.find(text, seen_) + text.size();
  return true;
}

void TerminalSession::type(const std::string& bytes) {
  if (::write(master_, bytes.data(), bytes.size()) < 0)
    throw std::runtime_error("writing to the terminal failed");
}

void TerminalSession::signal(int sig) { ::kill(pid_, sig); }

termios TerminalSession::mode() const {
  termios t{};
  ::tcgetattr(master_, &t);
  return t;
}

RunResult TerminalSession::finish() {
  // Everything up to the close of the terminal, however long a slow build or a loaded
  // machine takes to get there; a program still running after kPatience is killed.
  const auto deadline = std::chrono::steady_clock::now() + kPatience;
  while (read_some(200) != Read::kClosed) {
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(pid_, SIGKILL);
      break;
    }
  }
  RunResult result;
  result.out = out_;
  result.exit_code = exit_code_of(pid_);
  pid_ = -1;
  return result;
}

RunResult run_leadlab_in_terminal(const std::vector<std::string>& args,
                                  const std::map<std::string, std::string>& env,
                                  const std::vector<Exchange>& script) {
  TerminalSession session(args, env);
  for (const auto& step : script) {
    if (!session.wait_for(step.prompt)) {
      session.signal(SIGKILL);
      RunResult result = session.finish();
      result.exit_code = -1;
      result.err = "timed out waiting for \"" + step.prompt + "\"";
      return result;
    }
    session.type(step.answer + "\n");
  }
  return session.finish();
}

Sandbox::Sandbox() : journal_(dir_.file("data/journal.db")) {}

std::map<std::string, std::string> Sandbox::environment(
    std::map<std::string, std::string> env) const {
  env.try_emplace("LEADLAB_JOURNAL", journal_);
  env.try_emplace("HOME", dir_.file("home"));
  return env;
}

RunResult Sandbox::run(const std::vector<std::string>& args,
                       std::map<std::string, std::string> env) const {
  return run_leadlab(args, environment(std::move(env)));
}

RunResult Sandbox::shell(const std::string& command, std::map<std::string, std::string> env) const {
  const std::string bin = dir_.file("bin");
  std::error_code ec;
  std::filesystem::create_directories(bin, ec);
  if (!std::filesystem::exists(bin + "/leadlab", ec))
    std::filesystem::create_symlink(LEADLAB_BINARY, bin + "/leadlab", ec);
  env["PATH"] = bin + ":/usr/bin:/bin";
  return run_program("/bin/sh", {"-c", command}, environment(std::move(env)));
}

RunResult Sandbox::run_in_terminal(const std::vector<std::string>& args,
                                   const std::vector<Exchange>& script,
                                   std::map<std::string, std::string> env) const {
  return run_leadlab_in_terminal(args, environment(std::move(env)), script);
}

void make_demo(const Sandbox& s, const std::map<std::string, std::string>& env) {
  const RunResult r =
      s.shell("bash '" LEADLAB_SOURCE_DIR "/examples/question-ratio.sh' leadlab >/dev/null", env);
  REQUIRE_MESSAGE(r.exit_code == 0, r.out << r.err);
}

int widest_line(const std::string& text) {
  int widest = 0;
  int columns = 0;
  for (unsigned char c : text) {
    if (c == '\n') {
      widest = std::max(widest, columns);
      columns = 0;
    } else if ((c & 0xC0) != 0x80) {
      ++columns;
    }
  }
  return std::max(widest, columns);
}

}  // namespace leadlab::testing
