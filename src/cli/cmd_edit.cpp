// `leadlab edit ID [--title T] [--hypothesis H] ...`: change an experiment's definition.
#include "cli/context.hpp"
#include "leadlab/actions/experiment_changes.hpp"
#include "leadlab/model/experiment_spec.hpp"
#include "leadlab/model/text.hpp"
#include "leadlab/report/json_view.hpp"

namespace leadlab::cli {

namespace {

struct EditArgs {
  std::string id;
  ExperimentEdit edit;
  std::vector<std::string> tags;
  bool no_tags = false;
};

}  // namespace

Command add_edit(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("edit", "Change an experiment's definition: title, text, plan");
  auto args = std::make_shared<EditArgs>();
  ExperimentEdit& f = args->edit;
  cmd->add_option("ID", args->id, "The experiment")->required();
  cmd->add_option("--title", f.title, "A new title");
  cmd->add_option("--hypothesis", f.hypothesis, "A new hypothesis");
  cmd->add_option("--change", f.change, "A new change to test");
  cmd->add_option("--prediction", f.prediction, "A new prediction (\"\" removes it)");
  cmd->add_option("--why", f.prediction_why, "Why you expect it (\"\" removes it)");
  cmd->add_option("--occasion", f.occasion, "meeting, 1:1, day or week");
  cmd->add_option("--success", f.success_rule, "A new success rule (\"\" removes it)");
  cmd->add_option("--baseline-points", f.baseline_points, "Planned baseline points");
  cmd->add_option("--test-points", f.test_points, "Planned test points");
  cmd->add_option("--tag", args->tags, "The tags (repeatable): they replace the current ones");
  cmd->add_flag("--no-tags", args->no_tags, "Remove every tag");
  cmd->add_option("--metric", f.metrics,
                  "NAME:KIND[:MIN..MAX][:up|down] (repeatable): replaces the metrics, while no "
                  "entry holds values");
  cmd->add_option("--derive", f.derived,
                  "\"NAME[:up|down] = FORMULA\" (repeatable), with --metric");
  cmd->footer(
      "Examples:\n"
      "  leadlab edit 2 --title \"Questions first in 1:1s\"\n"
      "  leadlab edit 2 --change \"Open each 1:1 with a question\" --test-points 8\n"
      "  leadlab edit 2 --metric questions:count:up --metric statements:count:down \\\n"
      "      --derive \"share = questions / (questions + statements)\"");
  return {cmd,
          [&ctx, args] {
            ExperimentEdit edit = args->edit;
            if (args->no_tags && !args->tags.empty()) {
              throw UsageError("--tag and --no-tags say opposite things",
                               "give the tags to keep with --tag, or --no-tags alone");
            }
            if (args->no_tags) edit.tags = std::vector<std::string>{};
            if (!args->tags.empty()) edit.tags = args->tags;
            const std::int64_t id = parse_experiment_id(args->id);
            Journal journal = ctx.open_journal();
            const EditResult r = edit_experiment(journal, id, edit);
            const Experiment& e = r.experiment;
            if (ctx.options.json) {
              ctx.print_json(experiment_json({e, journal.stats(e)}, nullptr));
            } else if (!r.changed) {
              ctx.out() << "Experiment " << e.id << " is unchanged: "
                        << (edit.empty() ? "no change was given (see `leadlab edit --help`)"
                                         : "it already holds what was given")
                        << "; nothing was written.\n";
            } else {
              ctx.out() << "Changed experiment " << e.id << ": " << terminal_safe(e.title) << " ("
                        << to_string(e.status) << "). `leadlab show " << e.id << "` shows it.\n";
            }
            return 0;
          },
          Access::kWrites};
}

}  // namespace leadlab::cli
