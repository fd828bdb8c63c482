// `leadlab check`: is the journal sound? SQLite's integrity and foreign-key checks, the
// points per phase stored with each experiment, the format version and the counts.
#include "cli/context.hpp"
#include "leadlab/actions/check.hpp"
#include "leadlab/report/check_view.hpp"

namespace leadlab::cli {

Command add_check(CLI::App& app, Context& ctx) {
  auto* cmd =
      app.add_subcommand("check", "Check the journal: integrity, format version, record counts");
  cmd->footer(
      "Examples:\n  leadlab check\n  leadlab --read-only check --json\n"
      "Exit code 0 when the journal is sound, 1 when a problem was found (each is\n"
      "listed), 2 when the file is missing or not a journal.");
  return {cmd, [&ctx] {
            const JournalCheck check = check_journal(ctx.open_journal(), ctx.today());
            if (ctx.options.json)
              ctx.print_json(check_json(check));
            else
              ctx.out() << render_check(check);
            return check.sound() ? 0 : 1;
          }};
}

}  // namespace leadlab::cli
