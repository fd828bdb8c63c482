#include "cli/context.hpp"

#include <malloc.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "cli/terminal.hpp"
#include "leadlab/actions/sync.hpp"
#include "leadlab/input/paths.hpp"
#include "leadlab/model/dates.hpp"
#include "leadlab/model/error.hpp"
#include "leadlab/model/text.hpp"
#include "leadlab/report/json_text.hpp"
#include "leadlab/storage/files.hpp"

namespace leadlab::cli {

std::string Context::journal_path() const {
  if (!options.journal.empty()) return expand_home(options.journal);
  const auto env = process_env("LEADLAB_JOURNAL");
  if ((!env || env->empty()) && config.journal) return *config.journal;
  return default_journal_path();
}

void Context::load_config() {
  const bool named = !options.config.empty();
  const std::string path = named ? options.config : config_folder() + "/config.toml";
  // A folder or a FIFO is not a configuration: refused (never opened), not ignored.
  refuse_unless_file(path,
                     named ? "point --config at a TOML file (examples/config.toml)"
                           : "remove it, or make it a TOML file (examples/config.toml)",
                     true);
  config = leadlab::load_config(path, named, process_env("HOME").value_or(""));
}

std::vector<TemplateFolder> Context::template_folders() const {
  std::vector<TemplateFolder> folders;
  try {
    folders.push_back({config_folder() + "/templates", "user"});
  } catch (const UsageError&) {
    // No HOME and no XDG_CONFIG_HOME: there are no user templates.
  }
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    folders.push_back(
        {(exe.parent_path().parent_path() / "share/leadlab/templates").string(), "installed"});
    const std::string build_dir = LEADLAB_BUILD_DIR;
    if (exe.string().rfind(build_dir + "/", 0) == 0)
      folders.push_back({std::string(LEADLAB_SOURCE_DIR) + "/templates", "source"});
  }
  return folders;
}

TemplateLibrary Context::templates() const { return load_templates(template_folders()); }

bool Context::interactive() const { return ::isatty(STDIN_FILENO) != 0 && output_is_terminal(); }

bool Context::output_is_terminal() const { return ::isatty(STDOUT_FILENO) != 0; }

Journal Context::open_journal() const {
  return Journal::open(journal_path(),
                       options.read_only ? Journal::Mode::kReadOnly : Journal::Mode::kReadWrite);
}

bool Context::journal_exists() const {
  std::error_code ec;
  return std::filesystem::exists(journal_path(), ec);
}

Journal Context::open_or_create_journal() const {
  if (options.read_only) return open_journal();
  const std::string path = journal_path();
  bool created = false;
  Journal journal = Journal::open_or_create(path, config.owner.value_or(""), &created);
  if (created) note("Created the journal " + terminal_safe(path) + ".");
  return journal;
}

void Context::refuse_if_read_only(const std::string& command) const {
  if (options.read_only) {
    throw UsageError("`leadlab " + command + "` changes the journal, and --read-only was given",
                     "run it without --read-only; nothing was changed");
  }
  // A coach's mirror of a client's journal (`sync clone --coach`) takes comments only.
  if (command == "comment" || command == "sync") return;
  if (const auto coach = sync_mirror_coach(journal_path())) {
    throw UsageError("`leadlab " + command + "` would change this journal, which mirrors a " +
                         "client's journal for the coach " + terminal_safe(*coach),
                     "the client changes it; you can `leadlab comment ID TEXT`, and `leadlab "
                     "sync` brings their changes here and takes your comments back");
  }
}

Day Context::today() const { return today_local(); }

RenderOptions Context::render_options() const {
  RenderOptions r;
  r.today = today();
  r.week_start = config.week_start;
  r.ascii = options.ascii;
  r.width = output_width(kDefaultWidth);
  if (const char* term = std::getenv("TERM"); term != nullptr && std::string(term) == "dumb")
    r.ascii = true;
  const bool no_color = std::getenv("NO_COLOR") != nullptr && *std::getenv("NO_COLOR") != '\0';
  const std::string color = options.color.empty() ? config.color.value_or("auto") : options.color;
  if (color == "always") {
    r.color = true;
  } else if (color == "auto") {
    r.color = !no_color && output_is_terminal() && !r.ascii;
  }
  return r;
}

std::ostream& Context::out() const { return std::cout; }
std::ostream& Context::err() const { return std::cerr; }

void Context::print_json(const nlohmann::json& value) const { out() << dump_json(value) << "\n"; }

void Context::note(const std::string& text) const { err() << text << "\n"; }

CLI::Option* add_date_option(CLI::App& command, std::string& target, const std::string& what) {
  return command.add_option("--date", target,
                            what +
                                " (default today): YYYY-MM-DD, today, yesterday, N days ago, "
                                "N weeks ago, monday, last monday, YYYY-Www");
}

CLI::Option* add_yes_flag(CLI::App& command, bool& target) {
  return command.add_flag("--yes,-y", target,
                          "Answer yes to the question this command would ask at a terminal");
}

void reuse_large_blocks() {
  ::mallopt(M_MMAP_THRESHOLD, 32 << 20);
  ::mallopt(M_TRIM_THRESHOLD, 64 << 20);
}

}  // namespace leadlab::cli
