// `leadlab comment ID TEXT [--author NAME]`: a note on an experiment, by the leader or a
// coach; shown in `show` and the report, and carried back to the leader in a bundle.
#include "cli/context.hpp"
#include "leadlab/actions/comments.hpp"
#include "leadlab/actions/experiments.hpp"
#include "leadlab/model/text.hpp"
#include "leadlab/report/review_view.hpp"

namespace leadlab::cli {

Command add_comment(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("comment", "Leave a comment on an experiment");
  auto id = std::make_shared<std::string>();
  auto text = std::make_shared<std::string>();
  auto author = std::make_shared<std::string>();
  cmd->add_option("ID", *id, "The experiment")->required();
  cmd->add_option("TEXT", *text, "The comment (quote it)")->required();
  cmd->add_option("--author", *author, "Who comments (default: the journal's owner)");
  cmd->footer(
      "Examples:\n  leadlab comment 1 \"The silences are working; try it in 1:1s next\"\n"
      "  leadlab comment 1 \"Count only decisions, not updates\" --author \"Ben (coach)\"");
  return {cmd,
          [&ctx, id, text, author] {
            Journal journal = ctx.open_journal();
            const Comment c =
                leadlab::add_comment(journal, parse_experiment_id(*id), *text, *author);
            if (ctx.options.json) {
              ctx.print_json(comment_json(c));
              return 0;
            }
            ctx.out() << "Comment added to experiment " << c.experiment_id
                      << (c.author.empty() ? "" : " by " + terminal_safe(c.author)) << ".\n";
            return 0;
          },
          Access::kWrites};
}

}  // namespace leadlab::cli
