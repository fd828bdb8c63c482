// `leadlab show ID`: everything about one experiment, with its analysis.
#include "cli/context.hpp"
#include "leadlab/report/analysis_json.hpp"
#include "leadlab/report/analysis_view.hpp"
#include "leadlab/analysis/experiment_analysis.hpp"
#include "leadlab/actions/experiments.hpp"
#include "leadlab/report/json_view.hpp"
#include "leadlab/report/review_view.hpp"
#include "leadlab/report/text_view.hpp"

namespace leadlab::cli {

Command add_show(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand(
      "show", "Everything about one experiment: its fields, entries, analysis and chart");
  auto id = std::make_shared<std::string>();
  cmd->add_option("ID", *id, "The experiment")->required();
  cmd->footer(
      "Examples:\n  leadlab show 1\n  leadlab show 1 --ascii   # plain ASCII chart\n"
      "  leadlab show 1 --json    # metrics[i].analysis and success");
  return {cmd, [&ctx, id] {
            const Journal journal = ctx.open_journal();
            ExperimentRow row{require_experiment(journal, parse_experiment_id(*id)), {}};
            row.stats = journal.stats(row.experiment);
            const auto entries = journal.entries(row.experiment.id);
            const RenderOptions options = ctx.render_options();
            const ExperimentAnalysis analysis =
                analyse_experiment(row.experiment, entries, options.week_start);
            const Lineage lineage = lineage_of(journal, row.experiment);
            const auto reviews = journal.reviews(row.experiment.id);
            const auto comments = journal.comments(row.experiment.id);
            if (ctx.options.json) {
              nlohmann::json shown = experiment_json(row, &entries);
              add_analysis_json(shown, analysis);
              shown["lineage"] = lineage_json(lineage);
              shown["reviews"] = nlohmann::json::array();
              for (const auto& review : reviews) shown["reviews"].push_back(review_json(review));
              shown["comments"] = nlohmann::json::array();
              for (const auto& comment : comments)
                shown["comments"].push_back(comment_json(comment));
              ctx.print_json(shown);
            } else {
              ctx.out() << render_experiment(row, entries, options);
              if (const std::string series = render_lineage(lineage, row.experiment, options);
                  !series.empty())
                ctx.out() << "\n" << series;
              ctx.out() << "\n" << render_analysis(row.experiment, analysis, options);
              // Every review, oldest first: an amended review never hides the earlier one.
              for (const auto& review : reviews)
                ctx.out() << "\n" << render_review(review, options);
              if (!comments.empty()) ctx.out() << "\n" << render_comments(comments, options);
            }
            return 0;
          }};
}

}  // namespace leadlab::cli
