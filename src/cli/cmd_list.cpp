// `leadlab list [--status S] [--tag T]`: the experiments, one line each.
#include <algorithm>

#include "cli/context.hpp"
#include "leadlab/actions/experiments.hpp"
#include "leadlab/model/error.hpp"
#include "leadlab/model/text.hpp"
#include "leadlab/report/json_view.hpp"
#include "leadlab/report/text_view.hpp"

namespace leadlab::cli {

Command add_list(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("list", "The experiments, one line each");
  auto status = std::make_shared<std::string>();
  auto tag = std::make_shared<std::string>();
  auto series = std::make_shared<std::string>();
  cmd->add_option("--status", *status, "Only this status: draft, baseline, testing or closed");
  cmd->add_option("--tag", *tag, "Only experiments with this tag");
  cmd->add_option("--series", *series,
                  "Only the series of cycles experiment ID belongs to, first cycle first");
  cmd->footer(
      "Examples:\n  leadlab list\n  leadlab list --status testing\n  leadlab list --series 1");
  return {cmd, [&ctx, status, tag, series] {
            ExperimentFilter filter;
            if (!status->empty()) {
              filter.status = parse_status(*status);
              if (!filter.status) {
                throw UsageError("unknown status \"" + terminal_safe(*status) + "\"",
                                 "use draft, baseline, testing or closed");
              }
            }
            if (!tag->empty()) filter.tag = *tag;
            const Journal journal = ctx.open_journal();
            // The table shows no metrics, tags or long texts; the JSON has them all.
            filter.definitions = ctx.options.json;
            filter.brief = !ctx.options.json;
            std::vector<ExperimentRow> rows;
            if (series->empty()) {
              rows = journal.list_rows(filter);
            } else {
              // A series is a handful of experiments: filter them here.
              std::vector<Experiment> experiments =
                  series_of(journal, parse_experiment_id(*series));
              std::erase_if(experiments, [&](const Experiment& e) {
                return (filter.status && e.status != *filter.status) ||
                       (filter.tag &&
                        std::find(e.tags.begin(), e.tags.end(), *filter.tag) == e.tags.end());
              });
              rows = journal.rows_of(std::move(experiments));
            }
            if (ctx.options.json) {
              ctx.print_json(list_json(rows));
            } else {
              std::string chosen;
              for (const auto& [flag, value] :
                   {std::pair<const char*, const std::string*>{"--status", status.get()},
                    {"--tag", tag.get()},
                    {"--series", series.get()}})
                if (!value->empty())
                  chosen +=
                      (chosen.empty() ? "" : " ") + std::string(flag) + " " + shell_quote(*value);
              ctx.out() << render_list(rows, ctx.render_options(), chosen);
            }
            return 0;
          }};
}

}  // namespace leadlab::cli
