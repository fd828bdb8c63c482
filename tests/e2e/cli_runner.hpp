// Runs the real leadlab binary for end-to-end tests: arguments, environment and standard
// input in; exit code, standard output and standard error out.
#pragma once

#include <sys/types.h>
#include <termios.h>

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "temp_dir.hpp"

namespace leadlab::testing {

struct RunResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs `leadlab args...` with a clean environment: only PATH, HOME (a temporary folder),
// LANG=C.UTF-8 and `env` are set, so the user's own journal and config are never touched.
RunResult run_leadlab(const std::vector<std::string>& args,
                      const std::map<std::string, std::string>& env = {},
                      const std::string& input = {});

// The same for any program: `program` is a path, `args` its arguments.
RunResult run_program(const std::string& program, const std::vector<std::string>& args,
                      const std::map<std::string, std::string>& env, const std::string& input = {});

// One exchange with a program at a terminal: wait until its output shows `prompt`, then
// type `answer` and Enter.
struct Exchange {
  std::string prompt;
  std::string answer;
};

// How long a terminal session waits for a prompt or for the program to end before it gives
// up. Only a failing run waits that long, so it is generous: a slow build (ASan) or a loaded
// machine must never reach it.
inline constexpr std::chrono::seconds kPatience{60};

// Runs leadlab on a pseudo-terminal (stdin and stdout both a terminal), answering each
// prompt in turn. `out` holds everything the terminal showed. Gives up (exit_code -1) if a
// prompt does not appear within kPatience.
RunResult run_leadlab_in_terminal(const std::vector<std::string>& args,
                                  const std::map<std::string, std::string>& env,
                                  const std::vector<Exchange>& script);

// leadlab running on a pseudo-terminal, driven step by step: wait for what it shows, type
// bytes (keys, not lines), send it a signal, look at the terminal's mode, and collect the
// exit code. Killed when it goes out of scope still running.
class TerminalSession {
 public:
  // The terminal is 24 rows by `columns`.
  TerminalSession(const std::vector<std::string>& args,
                  const std::map<std::string, std::string>& env, unsigned short columns = 80);
  ~TerminalSession();
  TerminalSession(const TerminalSession&) = delete;
  TerminalSession& operator=(const TerminalSession&) = delete;

  // Waits until the output after the last match shows `text`: false if the program closed
  // the terminal first, or after kPatience.
  bool wait_for(const std::string& text);
  void type(const std::string& bytes);
  void signal(int sig);
  // The terminal's current mode, as the program set it (ICANON, ECHO, ...).
  termios mode() const;
  // Reads until the program closes the terminal (killing it after kPatience), then waits
  // for it: exit_code, and out with everything the terminal showed.
  RunResult finish();
  const std::string& output() const { return out_; }

 private:
  enum class Read { kData, kQuiet, kClosed };
  // Reads what the terminal shows within `timeout_ms`.
  Read read_some(int timeout_ms);
  int master_ = -1;
  bool closed_ = false;
  pid_t pid_ = -1;
  std::string out_;
  std::size_t seen_ = 0;
};

// A temporary journal and the environment that points leadlab at it.
class Sandbox {
 public:
  Sandbox();
  const std::string& journal() const { return journal_; }
  // Runs leadlab with LEADLAB_JOURNAL set to this sandbox's journal and HOME inside it.
  RunResult run(const std::vector<std::string>& args,
                std::map<std::string, std::string> env = {}) const;
  RunResult run_in_terminal(const std::vector<std::string>& args,
                            const std::vector<Exchange>& script,
                            std::map<std::string, std::string> env = {}) const;
  // Runs `command` with /bin/sh in this sandbox's environment, with the binary under test
  // on PATH as `leadlab`: for commands that leadlab itself prints, and example scripts.
  RunResult shell(const std::string& command, std::map<std::string, std::string> env = {}) const;
  // The environment run() uses, with `env` added.
  std::map<std::string, std::string> environment(std::map<std::string, std::string> env) const;
  const TempDir& dir() const { return dir_; }

 private:
  TempDir dir_;
  std::string journal_;
};

// "Today" for the end-to-end tests: 2026-11-08, a Sunday 6 days after the demo's last entry.
inline const std::map<std::string, std::string> kToday = {{"LEADLAB_TODAY", "2026-11-08"}};

// Builds the demo journal in the sandbox by running examples/question-ratio.sh with the
// binary under test, in the sandbox's clean environment and `env`.
void make_demo(const Sandbox& s, const std::map<std::string, std::string>& env = kToday);

// The display columns of the widest line of `text`: every byte that does not continue a
// UTF-8 sequence counts one (leadlab prints no wide characters of its own).
int widest_line(const std::string& text);

}  // namespace leadlab::testing
