#include "leadlab/input/paths.hpp"

#include <cstdlib>

#include "leadlab/model/error.hpp"

namespace leadlab {
namespace {

// The XDG folder named by `variable` if set to an absolute path, else $HOME/`fallback`.
std::string xdg_folder(const GetEnv& env, const char* variable, const char* fallback) {
  if (auto value = env(variable); value && !value->empty() && value->front() == '/') return *value;
  auto home = env("HOME");
  if (!home || home->empty()) {
    throw UsageError(std::string("cannot find where to keep leadlab's files: neither ") + variable +
                         " nor HOME is set",
                     "set HOME, or give the journal with --journal PATH or LEADLAB_JOURNAL");
  }
  return *home + "/" + fallback;
}

}  // namespace

std::optional<std::string> process_env(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr) return std::nullopt;
  return std::string(value);
}

std::string default_journal_path(const GetEnv& env) {
  if (auto value = env("LEADLAB_JOURNAL"); value && !value->empty()) return *value;
  return xdg_folder(env, "XDG_DATA_HOME", ".local/share") + "/leadlab/journal.db";
}

std::string config_folder(const GetEnv& env) {
  return xdg_folder(env, "XDG_CONFIG_HOME", ".config") + "/leadlab";
}

}  // namespace leadlab
