// `leadlab init [--owner NAME]`: create the journal; running it again changes nothing (a
// different owner is refused: `leadlab owner NAME` changes it).
#include "cli/context.hpp"
#include "leadlab/actions/experiments.hpp"
#include "leadlab/model/error.hpp"
#include "leadlab/model/text.hpp"

namespace leadlab::cli {

Command add_init(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("init", "Create the journal (file 0600, folder 0700)");
  auto owner = std::make_shared<std::optional<std::string>>();
  cmd->add_option("--owner", *owner, "Whose journal it is, shown in reports");
  cmd->footer(
      "Example:\n  leadlab init --owner Ana\n"
      "Running it again changes nothing; `leadlab owner NAME` changes the owner.");
  return {cmd,
          [&ctx, owner] {
            const std::string path = ctx.journal_path();
            if (*owner) check_text("--owner", **owner);
            const std::string wanted = owner->value_or(ctx.config.owner.value_or(""));
            bool created = false;
            // When another process creates it meanwhile, this one opens that journal.
            const Journal journal = Journal::open_or_create(path, wanted, &created);
            if (created) {
              ctx.out() << "Created the journal " << terminal_safe(path)
                        << (wanted.empty() ? "" : " for " + terminal_safe(wanted)) << ".\n"
                        << "Next: leadlab new   (at a terminal it asks for each field; "
                           "`leadlab new --help` shows the flags)\n";
              return 0;
            }
            const JournalInfo info = journal.info();
            if (*owner && **owner != info.owner) {
              throw UsageError(
                  "the journal " + terminal_safe(path) + " exists already, for \"" +
                      terminal_safe(info.owner) + "\"; init changes nothing",
                  "to change its owner, run `leadlab owner \"" + terminal_safe(**owner) + "\"`");
            }
            ctx.out() << "The journal " << terminal_safe(path) << " exists already and is set up"
                      << (info.owner.empty() ? "" : " (owner " + terminal_safe(info.owner) + ")")
                      << "; nothing to do.\n";
            return 0;
          },
          Access::kWrites};
}

}  // namespace leadlab::cli
