// `leadlab entries ID`: the occasions logged for an experiment.
#include "cli/context.hpp"
#include "leadlab/actions/experiments.hpp"
#include "leadlab/report/json_view.hpp"
#include "leadlab/report/text_view.hpp"

namespace leadlab::cli {

Command add_entries(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("entries", "The entries of an experiment, with their numbers");
  auto id = std::make_shared<std::string>();
  cmd->add_option("ID", *id, "The experiment")->required();
  cmd->footer("Example:\n  leadlab entries 1");
  return {cmd, [&ctx, id] {
            const Journal journal = ctx.open_journal();
            const Experiment e = require_experiment(journal, parse_experiment_id(*id));
            const auto entries = journal.entries(e.id);
            if (ctx.options.json) {
              ctx.print_json(entries_json(e, entries));
            } else {
              ctx.out() << render_entries(e, entries, ctx.render_options());
            }
            return 0;
          }};
}

}  // namespace leadlab::cli
