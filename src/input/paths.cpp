#include "leadlab/input/paths.hpp"

#include <cstdlib>

#include "leadlab/model/error.hpp"
#include "leadlab/model/text.hpp"

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

std::string expand_home(const std::string& path, const GetEnv& env) {
  if (path != "~" && path.rfind("~/", 0) != 0) return path;
  auto home = env("HOME");
  if (!home || home->empty()) {
    throw UsageError(
        "the journal path \"" + terminal_safe(path) + "\" starts with ~, but HOME is not set",
        "give the journal's absolute path");
  }
  return *home + path.substr(1);
}

std::string default_journal_path(const GetEnv& env) {
  if (auto value = env("LEADLAB_JOURNAL"); value && !value->empty())
    return expand_home(*value, env);
  return xdg_folder(env, "XDG_DATA_HOME", ".local/share") + "/leadlab/journal.db";
}

std::string config_folder(const GetEnv& env) {
  return xdg_folder(env, "XDG_CONFIG_HOME", ".config") + "/leadlab";
}

}  // namespace leadlab
