// `leadlab chart ID [--metric NAME] [--weeks] [--output FILE.svg]`: one metric's run chart
// (per occasion, or per week) as a standalone SVG file, for slides or documents: the drawing
// the HTML report shows.
#include "cli/context.hpp"
#include "leadlab/actions/load_report.hpp"
#include "leadlab/analysis/experiment_analysis.hpp"
#include "leadlab/model/error.hpp"
#include "leadlab/model/text.hpp"
#include "leadlab/report/svg_chart.hpp"
#include "leadlab/storage/files.hpp"

namespace leadlab::cli {

namespace {

struct ChartArgs {
  std::string id;
  std::string metric;
  std::string output;
  bool weeks = false;
};

}  // namespace

Command add_chart(CLI::App& app, Context& ctx) {
  auto* cmd =
      app.add_subcommand("chart", "One metric's run chart as an SVG file, for slides or documents");
  auto args = std::make_shared<ChartArgs>();
  cmd->add_option("ID", args->id, "The experiment")->required();
  cmd->add_option("--metric", args->metric,
                  "The metric to chart (default: the headline, its first derived metric)");
  cmd->add_flag("--weeks", args->weeks,
                "Chart the value per week (the report's week-by-week table) instead of per "
                "occasion");
  cmd->add_option("--output,-o", args->output,
                  "Write to this file (atomically; never through a symbolic link)");
  cmd->footer(
      "Examples:\n  leadlab chart 1 --output share.svg\n"
      "  leadlab chart 1 --metric questions --output questions.svg\n"
      "  leadlab chart 1 --weeks --output weekly.svg");
  return {
      cmd, [&ctx, args] {
        const std::int64_t id = parse_experiment_id(args->id);
        const Journal journal = ctx.open_journal();
        const ReportExperiment r = load_experiment(journal, id, ctx.render_options().week_start);
        const Experiment& e = r.row.experiment;
        const Metric* wanted = headline_metric(e);
        if (!args->metric.empty()) {
          wanted = nullptr;
          for (const Metric& m : e.metrics)
            if (m.name == args->metric) wanted = &m;
        }
        const MetricReport* m = wanted ? r.analysis.find(wanted->name) : nullptr;
        if (m == nullptr) {
          std::string names;
          for (const Metric& x : e.metrics) names += (names.empty() ? "" : ", ") + x.name;
          if (names.empty())
            throw UsageError("experiment " + std::to_string(id) + " has no metrics to chart",
                             "add one with `leadlab edit " + std::to_string(id) + "`");
          throw UsageError("experiment " + std::to_string(id) + " has no metric \"" +
                               terminal_safe(args->metric) + "\"",
                           "use one of its metrics: " + terminal_safe(names) +
                               ", e.g. `leadlab chart " + std::to_string(id) + " --metric " +
                               terminal_safe(e.metrics.front().name) + "`");
        }
        std::size_t k = 0;
        while (k + 1 < e.metrics.size() && e.metrics[k].name != m->metric.name) ++k;
        const std::string svg =
            args->weeks ? render_svg_week_chart(r, k, ctx.render_options().week_start,
                                                "chart-" + std::to_string(id) + "-w", true)
                        : render_svg_run_chart(r, *m, "chart-" + std::to_string(id), true);
        if (args->output.empty() || args->output == "-") {
          ctx.out() << svg;
          return 0;
        }
        write_file_atomically(args->output, svg);
        ctx.note("Wrote " + terminal_safe(args->output) + ".");
        return 0;
      }};
}

}  // namespace leadlab::cli
