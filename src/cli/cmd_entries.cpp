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
  auto wide = std::make_shared<bool>(false);
  cmd->add_flag("--wide", *wide,
                "Each note in full on its row, never wrapped or cut (lines may be long)");
  cmd->footer(
      "Notes wrap within their column at the terminal's width (COLUMNS, else the terminal, "
      "else 80).\n\nExamples:\n  leadlab entries 1\n  leadlab entries 1 --wide | less -S");
  return {cmd, [&ctx, id, wide] {
            const Journal journal = ctx.open_journal();
            const Experiment e = require_experiment(journal, parse_experiment_id(*id));
            const auto entries = journal.entries(e.id);
            if (ctx.options.json) {
              ctx.print_json(entries_json(e, entries));
            } else {
              ctx.out() << render_entries(e, entries, ctx.render_options(),
                                          *wide ? NoteLayout::kWide : NoteLayout::kColumn);
            }
            return 0;
          }};
}

}  // namespace leadlab::cli
