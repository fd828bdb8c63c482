// `leadlab owner NAME`: change whose journal it is (shown in reports, the default author of
// comments). `init` never changes it.
#include "cli/context.hpp"
#include "leadlab/actions/owner.hpp"
#include "leadlab/model/text.hpp"

namespace leadlab::cli {

Command add_owner(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("owner", "Change the journal's owner (shown in reports)");
  auto name = std::make_shared<std::string>();
  cmd->add_option("NAME", *name, "The new owner; \"\" clears it")->required();
  cmd->footer("Example:\n  leadlab owner \"Ana Lima\"");
  return {cmd,
          [&ctx, name] {
            Journal journal = ctx.open_journal();
            const std::string was = change_owner(journal, *name);
            const std::string path = terminal_safe(journal.path());
            if (was == *name) {
              ctx.out() << "The owner of " << path << " is \"" << terminal_safe(was)
                        << "\" already; nothing changed.\n";
            } else {
              ctx.out() << "The owner of " << path << " is now \"" << terminal_safe(*name)
                        << "\" (was \"" << terminal_safe(was) << "\").\n";
            }
            return 0;
          },
          Access::kWrites};
}

}  // namespace leadlab::cli
