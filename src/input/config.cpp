#include "leadlab/input/config.hpp"

#include <algorithm>
#include <array>
#include <filesystem>
#include <vector>

#include "input/toml_input.hpp"
#include "leadlab/model/error.hpp"
#include "leadlab/model/experiment_spec.hpp"
#include "leadlab/model/text.hpp"

namespace leadlab {
namespace {

namespace fs = std::filesystem;

const std::vector<std::string> kKeys = {"owner", "journal",          "week_start",
                                        "color", "default_occasion", "default_template"};

[[noreturn]] void bad(const std::string& path, const toml::node& node, const std::string& what,
                      const std::string& hint) {
  throw UsageError(toml_where(path, node.source()) + ": " + what, hint);
}

std::string string_value(const std::string& path, const toml::node& node, std::string_view key) {
  const auto* value = node.as_string();
  if (value == nullptr) bad(path, node, "\"" + std::string(key) + "\" must be a string", "");
  check_text(std::string(key), value->get());
  return value->get();
}

std::chrono::weekday parse_weekday(const std::string& path, const toml::node& node,
                                   const std::string& text) {
  static constexpr std::array<const char*, 7> kDays = {"sunday",   "monday", "tuesday", "wednesday",
                                                       "thursday", "friday", "saturday"};
  for (unsigned i = 0; i < kDays.size(); ++i)
    if (text == kDays[i]) return std::chrono::weekday{i};
  bad(path, node, "week_start \"" + terminal_safe(text) + "\" is not a day of the week",
      "use monday (ISO weeks, the default) ... sunday, in lower case");
}

// The configuration's journal path: "~" and "~/..." are in the home folder, a relative path
// is in the configuration file's folder (never where the user happens to stand); a folder
// is refused.
std::string journal_path(const std::string& path, const toml::node& node, const std::string& value,
                         const std::string& home) {
  if (value.empty()) bad(path, node, "journal is empty", "give a file path or remove the key");
  const std::string example = "e.g. journal = \"~/.local/share/leadlab/journal.db\"";
  fs::path resolved;
  if (value == "~" || value.rfind("~/", 0) == 0) {
    if (home.empty())
      bad(path, node, "journal starts with ~ but HOME is not set", "give an absolute path");
    resolved = fs::path(home) / value.substr(value == "~" ? 1 : 2);
  } else if (value[0] == '~') {
    bad(path, node, "journal \"" + terminal_safe(value) + "\": only ~ and ~/ name a home folder",
        "give the path from your home folder (~/...) or an absolute path");
  } else {
    resolved = fs::path(value);
    if (resolved.is_relative()) {
      std::error_code ec;
      resolved = fs::absolute(fs::path(path), ec).parent_path() / resolved;
    }
  }
  std::error_code ec;
  if (value.back() == '/' || value == "~" || fs::is_directory(resolved, ec)) {
    bad(path, node, "journal \"" + terminal_safe(value) + "\" is a folder, not a file",
        "give the journal file's path, " + example);
  }
  return resolved.string();
}

// The configuration in a parsed table; `path` names the file in errors.
Config from_table(const toml::table& root, const std::string& path, const std::string& home) {
  Config config;
  for (const auto& [key, node] : root) {
    const std::string name(key.str());
    if (std::find(kKeys.begin(), kKeys.end(), name) == kKeys.end()) {
      const auto guess = closest_match(name, kKeys);
      throw UsageError(toml_where(path, key.source()) + ": unknown key \"" + terminal_safe(name) +
                           "\"" + (guess ? "; did you mean \"" + *guess + "\"?" : ""),
                       "examples/config.toml lists every key");
    }
    const std::string value = string_value(path, node, name);
    if (name == "owner") {
      config.owner = value;
    } else if (name == "journal") {
      config.journal = journal_path(path, node, value, home);
    } else if (name == "week_start") {
      config.week_start = parse_weekday(path, node, value);
    } else if (name == "color") {
      if (value != "auto" && value != "always" && value != "never")
        bad(path, node, "color \"" + terminal_safe(value) + "\" is not auto, always or never", "");
      config.color = value;
    } else if (name == "default_occasion") {
      try {
        config.default_occasion = canonical_occasion(value);
      } catch (const UsageError& e) {
        bad(path, node, e.what(), e.hint());
      }
    } else if (name == "default_template") {
      config.default_template = value;
    }
  }
  return config;
}

}  // namespace

Config load_config(const std::string& path, bool required, const std::string& home) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    if (required) throw UsageError("no configuration file at " + path, "check the --config path");
    return Config{};
  }
  Config config = from_table(parse_toml_file(path), path, home);
  config.path = path;
  return config;
}

Config parse_config(std::string_view text, const std::string& path, const std::string& home) {
  Config config = from_table(parse_toml(text, path), path, home);
  config.path = path;
  return config;
}

}  // namespace leadlab
