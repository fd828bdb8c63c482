// `leadlab init [--owner NAME]`: create the journal; running it again changes nothing
// (but the owner, when a new one is given).
#include <filesystem>

#include "cli/context.hpp"
#include "leadlab/actions/experiments.hpp"
#include "leadlab/model/text.hpp"

namespace leadlab::cli {

Command add_init(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("init", "Create the journal (file 0600, folder 0700)");
  auto owner = std::make_shared<std::optional<std::string>>();
  cmd->add_option("--owner", *owner, "Whose journal it is, shown in reports");
  cmd->footer("Example:\n  leadlab init --owner Ana");
  return {cmd,
          [&ctx, owner] {
            const std::string path = ctx.journal_path();
            if (*owner) check_text("--owner", **owner);
            std::error_code ec;
            const bool exists =
                std::filesystem::exists(path, ec) && std::filesystem::file_size(path, ec) > 0;
            if (!exists) {
              if (!*owner) *owner = ctx.config.owner;
              Journal journal = Journal::create(path, owner->value_or(""));
              ctx.out() << "Created the journal " << terminal_safe(path)
                        << (owner->has_value() ? " for " + terminal_safe(**owner) : "") << ".\n"
                        << "Next: leadlab new   (at a terminal it asks for each field; "
                           "`leadlab new --help` shows the flags)\n";
              return 0;
            }
            Journal journal = ctx.open_journal();
            const JournalInfo info = journal.info();
            if (*owner && **owner != info.owner) {
              auto tx = journal.begin_write();
              journal.set_owner(**owner);
              tx.commit();
              ctx.out() << "The journal " << terminal_safe(path) << " exists; its owner is now "
                        << terminal_safe(**owner) << " (was \"" << terminal_safe(info.owner)
                        << "\").\n";
              return 0;
            }
            ctx.out() << "The journal " << terminal_safe(path) << " exists already"
                      << (info.owner.empty() ? "" : " (owner " + terminal_safe(info.owner) + ")")
                      << "; nothing to do.\n";
            return 0;
          },
          Access::kWrites};
}

}  // namespace leadlab::cli
