// Where leadlab keeps its files: the journal and the configuration, following the XDG
// base directory conventions.
#pragma once

#include <functional>
#include <optional>
#include <string>

namespace leadlab {

// Reads an environment variable; injected so that tests need not change the process's.
using GetEnv = std::function<std::optional<std::string>(const char* name)>;

// The process's environment.
std::optional<std::string> process_env(const char* name);

// `path` with a leading "~" or "~/" read as the home folder ($HOME), as a shell reads it:
// `--journal=~/j.db` and a quoted LEADLAB_JOURNAL="~/j.db" reach leadlab unexpanded, and
// meant the home folder. Any other path ("~ana/j.db", "a/~/b") is returned as it is.
// Throws UsageError when the path starts with ~ and HOME is not set.
std::string expand_home(const std::string& path, const GetEnv& env = process_env);

// The journal to use when --journal is not given: $LEADLAB_JOURNAL (~ expanded), else
// $XDG_DATA_HOME/leadlab/journal.db, else ~/.local/share/leadlab/journal.db. Empty or
// relative XDG values are ignored, as the XDG specification asks. Throws UsageError when
// none can be found (no HOME).
std::string default_journal_path(const GetEnv& env = process_env);

// The configuration folder: $XDG_CONFIG_HOME/leadlab, else ~/.config/leadlab.
std::string config_folder(const GetEnv& env = process_env);

}  // namespace leadlab
