#include "e2e/cli_runner.hpp"

#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstring>
#include <stdexcept>

namespace leadlab::testing {

RunResult run_leadlab(const std::vector<std::string>& args,
                      const std::map<std::string, std::string>& env, const std::string& input) {
  int in_pipe[2], out_pipe[2], err_pipe[2];
  if (::pipe(in_pipe) != 0 || ::pipe(out_pipe) != 0 || ::pipe(err_pipe) != 0)
    throw std::runtime_error("pipe failed");
  std::vector<std::string> argv_s{LEADLAB_BINARY};
  argv_s.insert(argv_s.end(), args.begin(), args.end());
  std::map<std::string, std::string> full_env{{"PATH", "/usr/bin:/bin"}, {"LANG", "C.UTF-8"}};
  for (const auto& [k, v] : env) full_env[k] = v;
  std::vector<std::string> env_s;
  for (const auto& [k, v] : full_env) env_s.push_back(k + "=" + v);
  std::vector<char*> argv, envp;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  for (auto& e : env_s) envp.push_back(e.data());
  envp.push_back(nullptr);

  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    ::dup2(in_pipe[0], 0);
    ::dup2(out_pipe[1], 1);
    ::dup2(err_pipe[1], 2);
    for (int fd : {in_pipe[0], in_pipe[1], out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1]})
      ::close(fd);
    ::execve(argv[0], argv.data(), envp.data());
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
  int status = 0;
  ::waitpid(pid, &status, 0);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

Sandbox::Sandbox() : journal_(dir_.file("data/journal.db")) {}

RunResult Sandbox::run(const std::vector<std::string>& args,
                       std::map<std::string, std::string> env) const {
  env.try_emplace("LEADLAB_JOURNAL", journal_);
  env.try_emplace("HOME", dir_.file("home"));
  return run_leadlab(args, env);
}

}  // namespace leadlab::testing
