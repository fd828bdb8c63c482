// `leadlab overview JOURNAL...`: for a coach, one row per client's journal, each opened
// read-only, so that no byte of any of them changes.
#include "cli/context.hpp"
#include "leadlab/actions/overview.hpp"
#include "leadlab/report/overview_view.hpp"

namespace leadlab::cli {

Command add_overview(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand(
      "overview", "For coaches: one row per journal (owner, active, last entry, signal, due)");
  auto paths = std::make_shared<std::vector<std::string>>();
  cmd->add_option("JOURNAL", *paths, "The journals, e.g. ~/coaching/*.db")->required();
  cmd->footer(
      "Examples:\n  leadlab overview ~/coaching/*.db\n  leadlab overview ana.db ben.db --json\n"
      "Each journal is opened read-only and never changed, even without --read-only.\n"
      "One that cannot be read (missing, not a journal, from a newer leadlab, locked)\n"
      "gets a row saying why, the others are still shown, and the exit code is 1.");
  return {cmd, [&ctx, paths] {
            const RenderOptions options = ctx.render_options();
            std::vector<OverviewRow> rows;
            int failed = 0;
            for (const std::string& path : *paths) {
              rows.push_back(overview_row(path, options.today));
              failed += rows.back().error.empty() ? 0 : 1;
            }
            if (ctx.options.json) {
              ctx.print_json(overview_json(rows, options.today));
            } else {
              ctx.out() << render_overview(rows, options);
            }
            if (failed == 0) return 0;
            ctx.note("leadlab: " + std::to_string(failed) + " of " + std::to_string(rows.size()) +
                     (rows.size() == 1 ? " journal" : " journals") + " could not be read");
            return 1;
          }};
}

}  // namespace leadlab::cli
