// `leadlab start ID [--date D]`: begin the test phase, making the change.
#include "cli/context.hpp"
#include "leadlab/actions/experiments.hpp"
#include "leadlab/model/dates.hpp"
#include "leadlab/model/text.hpp"

namespace leadlab::cli {

Command add_start(CLI::App& app, Context& ctx) {
  auto* cmd =
      app.add_subcommand("start", "Begin the test phase: make the change and keep counting");
  auto id = std::make_shared<std::string>();
  auto date = std::make_shared<std::string>("today");
  cmd->add_option("ID", *id, "The experiment")->required();
  add_date_option(*cmd, *date, "The day the test begins");
  cmd->footer("Example:\n  leadlab start 1 --date 2026-10-19");
  return {cmd,
          [&ctx, id, date] {
            const Day today = ctx.today();
            const Day day = parse_date(*date, today);
            Journal journal = ctx.open_journal();
            const PhaseChange change = begin_test(journal, parse_experiment_id(*id), day, today);
            const Experiment& e = change.experiment;
            ctx.out() << "Experiment " << e.id << " (" << terminal_safe(e.title)
                      << "): testing the change from " << describe_date(day, today) << ".\n";
            if (change.entries_moved > 0) {
              ctx.out() << change.entries_moved << " entr"
                        << (change.entries_moved == 1 ? "y" : "ies")
                        << " on or after that day now count as testing.\n";
            }
            if (!e.baseline_start) {
              ctx.out() << "There was no baseline, so there will be no before/after comparison.\n";
            }
            ctx.out() << "Plan: " << e.test_points
                      << " test occasions. Change: " << terminal_safe(e.change) << "\n";
            return 0;
          },
          Access::kWrites};
}

}  // namespace leadlab::cli
