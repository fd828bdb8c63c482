// `leadlab new`: define an experiment from flags.
#include <filesystem>

#include "cli/context.hpp"
#include "leadlab/experiments.hpp"
#include "leadlab/json_view.hpp"
#include "leadlab/text.hpp"

namespace leadlab::cli {

Command add_new(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("new", "Create an experiment: hypothesis, change, metrics");
  auto spec = std::make_shared<ExperimentSpec>();
  cmd->add_option("--title", spec->title, "A short name for the experiment");
  cmd->add_option("--hypothesis", spec->hypothesis, "We believe that ...");
  cmd->add_option("--change", spec->change, "To test it I will ...");
  cmd->add_option("--prediction", spec->prediction, "What you expect to happen");
  cmd->add_option("--why", spec->prediction_why, "Why you expect it");
  cmd->add_option("--occasion", spec->occasion, "meeting (default), 1:1, day or week");
  cmd->add_option("--metric", spec->metrics,
                  "NAME:KIND[:MIN..MAX][:up|down]; KIND is count, scale, minutes, yesno or "
                  "percent (repeatable)");
  cmd->add_option("--derive", spec->derived,
                  "\"NAME[:up|down] = FORMULA\" over the metrics, with + - * / and "
                  "parentheses (repeatable)");
  cmd->add_option("--baseline-points", spec->baseline_points,
                  "Occasions to count before the change (default 5)");
  cmd->add_option("--test-points", spec->test_points,
                  "Occasions to count with the change (default 5)");
  cmd->add_option("--tag", spec->tags, "A tag (repeatable)");
  cmd->footer(
      "Example:\n"
      "  leadlab new --title \"Ask before telling\" \\\n"
      "      --hypothesis \"If I ask before I tell, my team proposes more\" \\\n"
      "      --change \"Open every agenda item with a question\" \\\n"
      "      --metric questions:count:up --metric statements:count:down \\\n"
      "      --derive \"share = questions / (questions + statements)\"");
  return {cmd, [&ctx, spec] {
            // Validate before touching the disk, so that bad input never creates a journal.
            build_experiment(*spec);
            const std::string path = ctx.journal_path();
            std::error_code ec;
            if (!ctx.options.read_only && !std::filesystem::exists(path, ec)) {
              Journal::create(path, "");
              ctx.note("Created the journal " + terminal_safe(path) + ".");
            }
            Journal journal = ctx.open_journal();
            const Experiment e = create_experiment(journal, *spec);
            if (ctx.options.json) {
              ctx.print_json(experiment_json({e, {}}, nullptr));
              return 0;
            }
            ctx.out() << "Created experiment " << e.id << ": " << terminal_safe(e.title)
                      << " (draft).\n"
                      << "Next: leadlab baseline " << e.id
                      << "   to begin counting before you change anything\n"
                      << "  or: leadlab start " << e.id
                      << "      to test the change straight away (no before/after comparison)\n";
            return 0;
          }};
}

}  // namespace leadlab::cli
