// The user's configuration: one TOML file, $XDG_CONFIG_HOME/leadlab/config.toml or
// --config PATH. Every key is optional; examples/config.toml documents them all.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace leadlab {

struct Config {
  std::string path;                  // where it was read from; empty when there was none
  std::optional<std::string> owner;  // default for `init --owner`
  // The journal path: ~ and ~/ expanded from the home folder, a relative path resolved
  // against the configuration file's folder; never a folder.
  std::optional<std::string> journal;
  std::chrono::weekday week_start = std::chrono::Monday;
  std::optional<std::string> color;             // auto, always or never
  std::optional<std::string> default_occasion;  // meeting, 1:1, day or week
  std::optional<std::string> default_template;  // for `new` given no --template and no --metric
};

// Reads the configuration at `path`. A missing file is an empty configuration unless
// `required` (the user named it with --config). Unknown keys, wrong types and bad values
// are UsageErrors "path:line:column: message".
Config load_config(const std::string& path, bool required, const std::string& home);

// The same for the configuration's text, read from `path` (named in errors).
Config parse_config(std::string_view text, const std::string& path, const std::string& home);

}  // namespace leadlab
