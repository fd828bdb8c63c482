// leadlab's command line: builds the CLI11 app, parses, runs the chosen command, and turns
// every error into one message and an exit code (0 success, 1 failure, 2 usage or bad
// input).
#include <CLI/CLI.hpp>
#include <algorithm>
#include <iostream>

#include "cli/cli_tree.hpp"
#include "cli/context.hpp"
#include "leadlab/model/error.hpp"
#include "leadlab/model/text.hpp"

namespace {

constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

void print_error(const std::string& message, const std::string& hint) {
  std::cerr << "leadlab: " << leadlab::terminal_safe(message, true) << "\n";
  if (!hint.empty()) std::cerr << "  hint: " << leadlab::terminal_safe(hint, true) << "\n";
}

// The message and hint for a parse error: an unknown command or option gets the closest
// name the parser accepts ("did you mean"), anything else the failing command's help.
void report_parse_error(const CLI::App& app, const CLI::ParseError& e) {
  using leadlab::cli::command_path;
  const CLI::App& command = leadlab::cli::chosen_command(app);
  const std::string name = command_path(command);
  const std::string help = "`" + name + " --help` shows " +
                           (&command == &app ? "the commands and options" : "its options");
  const auto extras = app.remaining(true);
  const auto unknown = std::find_if(extras.begin(), extras.end(), [](const std::string& a) {
    return a.size() > 1 && a[0] == '-';
  });
  if (unknown != extras.end()) {
    const std::string word = unknown->substr(0, unknown->find('='));
    const auto guess = leadlab::closest_match(word, leadlab::cli::option_names(command));
    print_error("unknown option \"" + word + "\" for `" + name + "`",
                guess ? "did you mean `" + *guess + "`? " + help : help);
    return;
  }
  const auto subs = leadlab::cli::visible_subcommands(command);
  if (!subs.empty() && !extras.empty()) {
    std::vector<std::string> names;
    for (const auto* sub : subs) names.push_back(sub->get_name());
    const auto guess = leadlab::closest_match(extras.front(), names);
    // The words after "leadlab": "entry" for `leadlab entry`, nothing for leadlab itself.
    const std::string typed = &command == &app ? "" : name.substr(app.get_name().size() + 1) + " ";
    print_error("unknown command \"" + typed + extras.front() + "\"",
                guess ? "did you mean `" + name + " " + *guess + "`?" : help);
    return;
  }
  if (&command == &app) {
    print_error("no command given", help);
    return;
  }
  print_error(e.what(), help);
}

// CLI11 reads whole numbers as strtoll does with base 0, so "010" would be eight, "0x0a" ten
// and "08" an error without a hint. Every number on leadlab's command line is decimal: each
// whole-number option takes digits only (an optional minus), leading zeros dropped before
// CLI11 converts them.
void decimal_numbers(CLI::App& app) {
  for (CLI::Option* option : app.get_options()) {
    const std::string type = option->get_type_name();
    if (type != "INT" && type != "UINT") continue;
    option->transform(CLI::Validator(
                          [](std::string& value) -> std::string {
                            std::size_t start = !value.empty() && value[0] == '-' ? 1 : 0;
                            if (value.size() == start ||
                                value.find_first_not_of("0123456789", start) != std::string::npos)
                              return "\"" + leadlab::terminal_safe(value) +
                                     "\" is not a whole number: write it in decimal digits, e.g. 5";
                            const std::size_t digits = value.find_first_not_of('0', start);
                            value = value.substr(0, start) +
                                    (digits == std::string::npos ? "0" : value.substr(digits));
                            if (value == "-0") value = "0";
                            return {};
                          },
                          "", "decimal"),
                      "decimal");
  }
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) decimal_numbers(*sub);
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
      leadlab::cli::add_show(app, ctx),     leadlab::cli::add_templates(app, ctx),
      leadlab::cli::add_edit(app, ctx),     leadlab::cli::add_delete(app, ctx)};
  commands.push_back(leadlab::cli::add_status(app, ctx));
  commands.push_back(leadlab::cli::add_summary(app, ctx));
  commands.push_back(leadlab::cli::add_review(app, ctx));
  commands.push_back(leadlab::cli::add_reopen(app, ctx));
  commands.push_back(leadlab::cli::add_next(app, ctx));
  commands.push_back(leadlab::cli::add_comment(app, ctx));
  commands.push_back(leadlab::cli::add_export(app, ctx));
  commands.push_back(leadlab::cli::add_chart(app, ctx));
  commands.push_back(leadlab::cli::add_import(app, ctx));
  commands.push_back(leadlab::cli::add_overview(app, ctx));
  commands.push_back(leadlab::cli::add_check(app, ctx));
  commands.push_back(leadlab::cli::add_backup(app, ctx));
  commands.push_back(leadlab::cli::add_owner(app, ctx));
  commands.push_back(leadlab::cli::add_tally(app, ctx));
  commands.push_back(leadlab::cli::add_sync(app, ctx));
  commands.push_back(leadlab::cli::add_completion(app, ctx));
  commands.push_back(leadlab::cli::add_complete(app, ctx));
  commands.push_back(leadlab::cli::add_manpage(app, ctx));
  decimal_numbers(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    report_parse_error(app, e);
    return kExitUsage;
  }

  try {
    // A broken configuration stops every command but those that print what leadlab is
    // (completion scripts, the man page), which still work and take no notice of it.
    try {
      ctx.load_config();
    } catch (const leadlab::UsageError&) {
      if (std::none_of(commands.begin(), commands.end(),
                       [](const auto& c) { return c.app->parsed() && !c.needs_config; }))
        throw;
    }
    for (const auto& command : commands) {
      if (!command.app->parsed()) continue;
      if (command.access == leadlab::cli::Access::kWrites)
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
