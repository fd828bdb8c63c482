// leadlab's command line: builds the CLI11 app, parses, runs the chosen command, and turns
// every error into one message and an exit code (0 success, 1 failure, 2 usage or bad
// input).
#include <CLI/CLI.hpp>
#include <iostream>
#include <set>

#include "cli/context.hpp"
#include "leadlab/error.hpp"
#include "leadlab/text.hpp"

namespace {

constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

void print_error(const std::string& message, const std::string& hint) {
  std::cerr << "leadlab: " << leadlab::terminal_safe(message, true) << "\n";
  if (!hint.empty()) std::cerr << "  hint: " << leadlab::terminal_safe(hint, true) << "\n";
}

// The hint after a parse error: the failing command's help, or the closest command name.
std::string hint_for(const CLI::App& app) {
  const auto subs = app.get_subcommands();
  if (!subs.empty()) return "`leadlab " + subs.front()->get_name() + " --help` shows its options";
  const auto extras = app.remaining();
  if (!extras.empty()) {
    std::vector<std::string> names;
    for (const auto* sub : app.get_subcommands([](const CLI::App*) { return true; }))
      names.push_back(sub->get_name());
    if (auto guess = leadlab::closest_match(extras.front(), names))
      return "did you mean `leadlab " + *guess + "`?";
  }
  return "`leadlab --help` lists the commands";
}

}  // namespace

int main(int argc, char** argv) {
  using leadlab::cli::Context;
  Context ctx;
  CLI::App app{
      "leadlab — a lab notebook for leadership experiments.\n"
      "Start where you are, try something different, count what happens, and let the data\n"
      "inform your next experiment.",
      "leadlab"};
  app.fallthrough();
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("leadlab ") + LEADLAB_VERSION);
  app.add_option("--journal", ctx.options.journal,
                 "The journal file (default $LEADLAB_JOURNAL, else "
                 "$XDG_DATA_HOME/leadlab/journal.db)");
  app.add_flag("--json", ctx.options.json, "Print what the command reads as JSON");
  app.add_flag("--read-only", ctx.options.read_only,
               "Open the journal read-only: it is never changed");
  app.add_flag("--ascii", ctx.options.ascii, "Plain ASCII output (no Unicode symbols)");
  app.add_option("--config", ctx.options.config,
                 "The configuration file (default $XDG_CONFIG_HOME/leadlab/config.toml)");
  app.add_option("--color", ctx.options.color, "Colour: auto (default), always or never")
      ->check(CLI::IsMember({"auto", "always", "never"}));
  app.footer(
      "Examples:\n"
      "  leadlab init --owner Ana\n"
      "  leadlab new --title \"Ask before telling\" --hypothesis \"If I ask first, my team "
      "proposes more\" \\\n"
      "      --change \"Open every agenda item with a question\" \\\n"
      "      --metric questions:count:up --metric statements:count:down \\\n"
      "      --derive \"share = questions / (questions + statements)\"\n"
      "  leadlab baseline 1\n"
      "  leadlab log questions=3 statements=9 --note \"budget meeting\"\n"
      "  leadlab start 1\n"
      "  leadlab show 1\n\n"
      "Exit codes: 0 success, 1 failure (storage, locked journal), 2 usage or bad input.");

  std::vector<leadlab::cli::Command> commands = {
      leadlab::cli::add_init(app, ctx),     leadlab::cli::add_new(app, ctx),
      leadlab::cli::add_baseline(app, ctx), leadlab::cli::add_start(app, ctx),
      leadlab::cli::add_log(app, ctx),      leadlab::cli::add_entries(app, ctx),
      leadlab::cli::add_entry(app, ctx),    leadlab::cli::add_list(app, ctx),
      leadlab::cli::add_show(app, ctx),     leadlab::cli::add_templates(app, ctx)};
  commands.push_back(leadlab::cli::add_status(app, ctx));
  commands.push_back(leadlab::cli::add_summary(app, ctx));
  commands.push_back(leadlab::cli::add_review(app, ctx));
  commands.push_back(leadlab::cli::add_reopen(app, ctx));
  commands.push_back(leadlab::cli::add_next(app, ctx));
  commands.push_back(leadlab::cli::add_comment(app, ctx));
  commands.push_back(leadlab::cli::add_export(app, ctx));
  commands.push_back(leadlab::cli::add_import(app, ctx));
  commands.push_back(leadlab::cli::add_overview(app, ctx));
  commands.push_back(leadlab::cli::add_check(app, ctx));
  commands.push_back(leadlab::cli::add_backup(app, ctx));

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    const auto extras = app.remaining();
    if (app.get_subcommands().empty() && !extras.empty()) {
      const bool option = extras.front().rfind('-', 0) == 0;
      print_error(std::string(option ? "unknown option" : "unknown command") + " \"" +
                      leadlab::terminal_safe(extras.front()) + "\"",
                  hint_for(app));
    } else if (app.get_subcommands().empty()) {
      print_error("no command given", hint_for(app));
    } else {
      print_error(e.what(), hint_for(app));
    }
    return kExitUsage;
  }

  try {
    ctx.load_config();
    // The commands that change the journal refuse --read-only before they ask or read
    // anything (import without --dry-run and next --create refuse in their own files).
    const std::set<std::string> writers = {"init",  "new",    "baseline", "start",  "log",
                                           "entry", "review", "reopen",   "comment"};
    for (const auto& command : commands) {
      if (!command.app->parsed()) continue;
      if (writers.count(command.app->get_name()) != 0)
        ctx.refuse_if_read_only(command.app->get_name());
      return command.run();
    }
    print_error("no command given", "`leadlab --help` lists the commands");
    return kExitUsage;
  } catch (const leadlab::UsageError& e) {
    print_error(e.what(), e.hint());
    return kExitUsage;
  } catch (const leadlab::StorageError& e) {
    print_error(e.what(), e.hint());
    return kExitFailure;
  } catch (const std::exception& e) {
    // SQLite and I/O failures that the engine did not name: say which journal.
    std::string path;
    try {
      path = ctx.journal_path();
    } catch (const std::exception&) {
    }
    print_error(path + ": " + e.what(), "");
    return kExitFailure;
  }
}
