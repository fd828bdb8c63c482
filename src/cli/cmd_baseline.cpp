// `leadlab baseline ID [--date D]`: begin counting before the change.
#include "cli/context.hpp"
#include "leadlab/actions/experiments.hpp"
#include "leadlab/model/dates.hpp"
#include "leadlab/model/text.hpp"

namespace leadlab::cli {

Command add_baseline(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("baseline", "Begin the baseline: count before changing anything");
  auto id = std::make_shared<std::string>();
  auto date = std::make_shared<std::string>("today");
  cmd->add_option("ID", *id, "The experiment")->required();
  add_date_option(*cmd, *date, "The day the baseline begins");
  cmd->footer("Example:\n  leadlab baseline 1 --date monday");
  return {cmd,
          [&ctx, id, date] {
            const Day today = ctx.today();
            const Day day = parse_date(*date, today);
            Journal journal = ctx.open_journal();
            const PhaseChange change =
                begin_baseline(journal, parse_experiment_id(*id), day, today);
            const Experiment& e = change.experiment;
            std::string example;
            for (const auto& m : e.metrics)
              if (m.kind != MetricKind::kDerived) example += " " + m.name + "=N";
            ctx.out() << "Experiment " << e.id << " (" << terminal_safe(e.title)
                      << "): the baseline begins " << describe_date(day, today) << ".\n"
                      << "Count " << e.baseline_points << " " << terminal_safe(e.occasion)
                      << " occasions as you usually work, logging each with `leadlab log " << e.id
                      << "`\n(it asks for each value), or in one line, N being each value:\n"
                      << "  leadlab log " << e.id << terminal_safe(example) << "\n";
            return 0;
          },
          Access::kWrites};
}

}  // namespace leadlab::cli
