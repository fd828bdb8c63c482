// Runs the real leadlab binary for end-to-end tests: arguments, environment and standard
// input in; exit code, standard output and standard error out.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "test_support.hpp"

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

// A temporary journal and the environment that points leadlab at it.
class Sandbox {
 public:
  Sandbox();
  const std::string& journal() const { return journal_; }
  // Runs leadlab with LEADLAB_JOURNAL set to this sandbox's journal and HOME inside it.
  RunResult run(const std::vector<std::string>& args,
                std::map<std::string, std::string> env = {}) const;
  const TempDir& dir() const { return dir_; }

 private:
  TempDir dir_;
  std::string journal_;
};

}  // namespace leadlab::testing
