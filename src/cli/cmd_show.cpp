// `leadlab show ID`: everything about one experiment.
#include "cli/context.hpp"
#include "leadlab/experiments.hpp"
#include "leadlab/json_view.hpp"
#include "leadlab/text_view.hpp"

namespace leadlab::cli {

Command add_show(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("show", "Everything about one experiment, with its entries");
  auto id = std::make_shared<std::string>();
  cmd->add_option("ID", *id, "The experiment")->required();
  cmd->footer("Examples:\n  leadlab show 1\n  leadlab show 1 --json");
  return {cmd, [&ctx, id] {
            const Journal journal = ctx.open_journal();
            ExperimentRow row{require_experiment(journal, parse_experiment_id(*id)), {}};
            row.stats = journal.stats(row.experiment);
            const auto entries = journal.entries(row.experiment.id);
            if (ctx.options.json) {
              ctx.print_json(experiment_json(row, &entries));
            } else {
              ctx.out() << render_experiment(row, entries, ctx.render_options());
            }
            return 0;
          }};
}

}  // namespace leadlab::cli
