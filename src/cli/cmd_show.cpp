// `leadlab show ID`: everything about one experiment, with its analysis.
#include "cli/context.hpp"
#include "leadlab/actions/comments.hpp"
#include "leadlab/actions/load_report.hpp"
#include "leadlab/actions/sync.hpp"
#include "leadlab/report/show_view.hpp"

namespace leadlab::cli {

Command add_show(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand(
      "show", "Everything about one experiment: its fields, entries, analysis and chart");
  auto id = std::make_shared<std::string>();
  cmd->add_option("ID", *id, "The experiment")->required();
  cmd->footer(
      "Examples:\n  leadlab show 1\n  leadlab show 1 --ascii   # plain ASCII chart\n"
      "  leadlab show 1 --json    # metrics[i].analysis and success\n"
      "A synced journal also lists the conflicts its syncs kept for the experiment.");
  return {cmd, [&ctx, id] {
            Journal journal = ctx.open_journal();
            const RenderOptions options = ctx.render_options();
            const ReportExperiment shown =
                load_experiment(journal, parse_experiment_id(*id), options.week_start);
            const auto conflicts = sync_conflicts(journal, shown.row.experiment.uuid);
            if (ctx.options.json) {
              ctx.print_json(show_json(shown, conflicts));
              return 0;
            }
            ctx.out() << render_show(shown, options, conflicts);
            // The new comments were shown to a person: they are seen (--json is for programs,
            // and --read-only writes nothing).
            if (!journal.read_only()) mark_comments_seen(journal, shown.row.experiment.id);
            return 0;
          }};
}

}  // namespace leadlab::cli
