// `leadlab summary [--weeks N] [--since D]`: week by week across experiments.
#include "cli/context.hpp"
#include "leadlab/actions/load_views.hpp"
#include "leadlab/analysis/summary.hpp"
#include "leadlab/model/dates.hpp"
#include "leadlab/report/analysis_json.hpp"
#include "leadlab/report/analysis_view.hpp"
#include "leadlab/report/dashboard_view.hpp"

namespace leadlab::cli {

Command add_summary(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand(
      "summary", "Week by week across experiments: values, cadence, what started and closed");
  auto weeks = std::make_shared<int>(kDefaultSummaryWeeks);
  auto since = std::make_shared<std::string>();
  auto* weeks_option = cmd->add_option(
      "--weeks", *weeks,
      "How many weeks, up to this one (default " + std::to_string(kDefaultSummaryWeeks) + ")");
  cmd->add_option("--since", *since,
                  "Begin with the week containing this day: YYYY-MM-DD, today, yesterday, "
                  "N days ago, N weeks ago, monday, last monday, YYYY-Www");
  cmd->footer(
      "Examples:\n  leadlab summary\n  leadlab summary --weeks 12\n"
      "  leadlab summary --since 2026-09-01 --json");
  return {cmd, [&ctx, weeks, since, weeks_option] {
            const RenderOptions options = ctx.render_options();
            const std::optional<int> count =
                weeks_option->count() > 0 ? std::optional<int>(*weeks) : std::nullopt;
            const std::optional<Day> from =
                since->empty() ? std::nullopt
                               : std::optional<Day>(parse_date(*since, options.today));
            const WeekRange range = summary_weeks(options.today, count, from, options.week_start);
            const Journal journal = ctx.open_journal();
            const Summary summary = load_summary(journal, range, options.today);
            if (ctx.options.json) {
              ctx.print_json(summary_json(summary));
            } else {
              ctx.out() << render_summary(summary, options);
            }
            return 0;
          }};
}

}  // namespace leadlab::cli
