// What every command shares: the global options, the journal they name, today's date, and
// how output should look. Commands get it from main; it holds no logic of its own.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <iosfwd>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "leadlab/actions/entries.hpp"
#include "leadlab/input/config.hpp"
#include "leadlab/input/templates.hpp"
#include "leadlab/report/text_view.hpp"
#include "leadlab/storage/journal.hpp"

namespace leadlab::cli {

struct GlobalOptions {
  std::string journal;  // --journal; empty: the default path
  std::string config;   // --config; empty: $XDG_CONFIG_HOME/leadlab/config.toml
  bool json = false;
  bool read_only = false;
  bool ascii = false;
  std::string color;  // --color; empty: the configuration's, else auto
};

class Context {
 public:
  GlobalOptions options;
  Config config;

  // Reads the configuration (--config, else the XDG default); errors name file:line:column.
  void load_config();
  // The template folders in lookup order: the user's, the installed ones, and the source
  // tree's when this binary runs from its build folder.
  std::vector<TemplateFolder> template_folders() const;
  TemplateLibrary templates() const;
  // True when standard input and output are both a terminal: commands may ask questions.
  bool interactive() const;
  // True when standard output is a terminal: a person reads it, so data printed verbatim
  // elsewhere (CSV) has its control characters made visible.
  bool output_is_terminal() const;

  // The journal's path: --journal, else LEADLAB_JOURNAL, else the configuration's journal,
  // else the XDG default.
  std::string journal_path() const;
  // Opens the journal; read-only under --read-only, where any write is refused. Commands
  // that only read still open it for writing otherwise, so that an older journal is
  // migrated and a crashed writer's journal is recovered.
  Journal open_journal() const;
  // Whether the journal file exists yet.
  bool journal_exists() const;
  // Opens the journal, creating it first (with the configured owner, and a note on stderr)
  // when there is none yet: for commands that begin a user's first experiment.
  Journal open_or_create_journal() const;
  // Under --read-only, refuses `leadlab <command>` (which would change the journal) before
  // it asks or reads anything: a UsageError saying so.
  void refuse_if_read_only(const std::string& command) const;
  Day today() const;
  RenderOptions render_options() const;
  std::ostream& out() const;
  std::ostream& err() const;
  void print_json(const nlohmann::json& value) const;
  // A line on stderr that is not an error: a note about what happened on the side.
  void note(const std::string& text) const;
};

// Whether a command may change the journal. One that writes refuses --read-only before it
// asks or reads anything (commands that write only with a flag, such as `import` without
// --dry-run and `next --create`, read here and refuse in their own files).
enum class Access { kReads, kWrites };

// A command: its CLI11 subcommand and what to run when it was the one parsed.
struct Command {
  CLI::App* app;
  std::function<int()> run;
  Access access = Access::kReads;
  // false: runs even when the configuration is broken (it prints what leadlab is).
  bool needs_config = true;
};

// Each command file defines one of these; main.cpp calls them all.
Command add_init(CLI::App& app, Context& ctx);
Command add_new(CLI::App& app, Context& ctx);
Command add_baseline(CLI::App& app, Context& ctx);
Command add_start(CLI::App& app, Context& ctx);
Command add_log(CLI::App& app, Context& ctx);
Command add_entries(CLI::App& app, Context& ctx);
Command add_entry(CLI::App& app, Context& ctx);
Command add_edit(CLI::App& app, Context& ctx);
Command add_delete(CLI::App& app, Context& ctx);
Command add_list(CLI::App& app, Context& ctx);
Command add_show(CLI::App& app, Context& ctx);
Command add_status(CLI::App& app, Context& ctx);
Command add_summary(CLI::App& app, Context& ctx);
Command add_templates(CLI::App& app, Context& ctx);
Command add_review(CLI::App& app, Context& ctx);
Command add_reopen(CLI::App& app, Context& ctx);
Command add_next(CLI::App& app, Context& ctx);
Command add_comment(CLI::App& app, Context& ctx);
Command add_export(CLI::App& app, Context& ctx);
Command add_chart(CLI::App& app, Context& ctx);
Command add_import(CLI::App& app, Context& ctx);
Command add_overview(CLI::App& app, Context& ctx);
Command add_check(CLI::App& app, Context& ctx);
Command add_backup(CLI::App& app, Context& ctx);
Command add_owner(CLI::App& app, Context& ctx);
Command add_tally(CLI::App& app, Context& ctx);
Command add_sync(CLI::App& app, Context& ctx);
Command add_completion(CLI::App& app, Context& ctx);
Command add_complete(CLI::App& app, Context& ctx);  // hidden: __complete
Command add_manpage(CLI::App& app, Context& ctx);   // hidden: __man

// What `log` and `tally` print after recording an entry (JSON under --json).
void report_logged(const Context& ctx, const Journal& journal, const LogResult& result, Day today);

// Adds `--date D` to a command, documented with the accepted forms.
CLI::Option* add_date_option(CLI::App& command, std::string& target, const std::string& what);

// For a command that builds and drops strings of a few hundred kilobytes, one experiment at a
// time (the HTML report, sync): keeps them on the heap, reused from one to the next, instead
// of mapped fresh and faulted in for each (glibc maps blocks from 128 kB).
void reuse_large_blocks();

// Adds `--yes`: answers yes to the command's question. Without a terminal a command that
// would otherwise refuse (it creates something twice, or records a decision the data cannot
// support) goes on with it.
CLI::Option* add_yes_flag(CLI::App& command, bool& target);

}  // namespace leadlab::cli
