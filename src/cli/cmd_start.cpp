// `leadlab start ID [--date D]`: begin the test phase, making the change.
#include "cli/context.hpp"
#include "cli/prompt.hpp"
#include "cli/terminal.hpp"
#include "leadlab/actions/experiments.hpp"
#include "leadlab/model/dates.hpp"
#include "leadlab/model/text.hpp"

namespace leadlab::cli {

Command add_start(CLI::App& app, Context& ctx) {
  auto* cmd =
      app.add_subcommand("start", "Begin the test phase: make the change and keep counting");
  auto id = std::make_shared<std::string>();
  auto date = std::make_shared<std::string>("today");
  auto yes = std::make_shared<bool>(false);
  cmd->add_option("ID", *id, "The experiment")->required();
  add_date_option(*cmd, *date, "The day the test begins");
  add_yes_flag(*cmd, *yes);
  cmd->footer(
      "Before the planned baseline points are in, `start` warns, and at a terminal asks first.\n"
      "Example:\n  leadlab start 1 --date 2026-10-19");
  return {cmd,
          [&ctx, id, date, yes] {
            const Day today = ctx.today();
            const Day day = parse_date(*date, today);
            Journal journal = ctx.open_journal();
            const std::int64_t number = parse_experiment_id(*id);
            const PhaseChange before = preview_test(journal, number, day, today);
            if (const auto at = before.breaks_design()) {
              const int drawn = before.experiment.random_start->drawn;
              const std::string occasion = terminal_safe(before.experiment.occasion);
              const std::string warning =
                  "starting on " + format_date(day) + " begins the change at " + occasion + " " +
                  std::to_string(*at) + ", not at " + occasion + " " + std::to_string(drawn) +
                  ", the one drawn at random: the randomised design would be broken, and the "
                  "analysis would give no randomisation test (the other statistics stay)";
              if (!*yes && ctx.interactive()) {
                ctx.out() << wrapped("Note: " + warning + ".", ctx.render_options().width);
                if (!confirm(ctx, "Start the test anyway?", false)) {
                  ctx.out() << "Nothing was changed.\n";
                  return 0;
                }
              }
            } else if (before.baseline_short()) {
              const std::string warning =
                  "the baseline of experiment " + std::to_string(number) + " has " +
                  std::to_string(before.baseline_points) + " of " +
                  std::to_string(before.experiment.baseline_points) + " planned points before " +
                  format_date(day) +
                  ": the before/after comparison will rest on fewer points than planned";
              if (!*yes && ctx.interactive()) {
                ctx.out() << "Note: " << warning << ".\n";
                if (!confirm(ctx, "Start the test anyway?", false)) {
                  ctx.out() << "Nothing was changed. Log more baseline occasions with `leadlab "
                               "log "
                            << number << " NAME=VALUE`.\n";
                  return 0;
                }
              } else {
                ctx.note("Note: " + warning + ".");
              }
            }
            const PhaseChange change = begin_test(journal, number, day, today);
            const Experiment& e = change.experiment;
            ctx.out() << "Experiment " << e.id << " (" << terminal_safe(e.title)
                      << "): testing the change from " << describe_date(day, today) << ".\n";
            if (!change.moved.empty()) {
              std::string moved = change.describe_moved();
              moved[0] = 'E';
              ctx.out() << moved << ".\n";
            }
            if (const auto at = change.breaks_design()) {
              ctx.out() << wrapped("The randomised design is broken: the change began at " +
                                       terminal_safe(e.occasion) + " " + std::to_string(*at) +
                                       ", not at the drawn " +
                                       std::to_string(e.random_start->drawn) +
                                       ". This is recorded; `show " + std::to_string(e.id) +
                                       "` reports the randomisation test as not valid, while "
                                       "the other statistics still describe the data.",
                                   ctx.render_options().width);
            } else if (e.random_start) {
              ctx.out() << "The change begins at " << terminal_safe(e.occasion) << " "
                        << e.random_start->drawn << ", the one drawn at random.\n";
            }
            if (!e.baseline_start) {
              ctx.out() << "There was no baseline, so there will be no before/after comparison.\n";
            }
            ctx.out() << wrapped("Plan: " + std::to_string(e.test_points) +
                                     " test occasions. Change: " + terminal_safe(e.change),
                                 terminal_columns());
            return 0;
          },
          Access::kWrites};
}

}  // namespace leadlab::cli
