// `leadlab log [ID] NAME=VALUE... [--date D] [--note T] [--off-plan T]`: record one occasion.
#include "cli/context.hpp"
#include "leadlab/actions/entries.hpp"
#include "leadlab/actions/experiments.hpp"
#include "leadlab/model/dates.hpp"
#include "leadlab/model/text.hpp"
#include "leadlab/report/json_view.hpp"

namespace leadlab::cli {

namespace {

struct LogArgs {
  std::vector<std::string> positional;
  std::string date = "today";
  std::string time;
  std::string note;
  std::optional<std::string> off_plan;
};

}  // namespace

void report_logged(const Context& ctx, const Journal& journal, const LogResult& result, Day today) {
  const Experiment& e = result.experiment;
  if (ctx.options.json) {
    ctx.print_json(entry_json(e, result.entry));
    return;
  }
  const ExperimentStats stats = journal.stats(e);
  const Phase phase = e.phase_of(result.entry.date);
  std::string values;
  for (const auto& [metric, value] : entry_values(e, result.entry))
    if (value) values += " " + metric->name + "=" + format_value(*metric, *value);
  ctx.out() << "Logged entry " << result.entry.id << " for experiment " << e.id << " ("
            << terminal_safe(e.title) << ") on " << describe_date(result.entry.date, today)
            << ":\n  " << to_string(phase) << " point "
            << (phase == Phase::kBaseline ? stats.baseline_points : stats.test_points) << " of "
            << (phase == Phase::kBaseline ? e.baseline_points : e.test_points) << ";"
            << terminal_safe(values) << "\n";
}

Command add_log(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("log", "Record one occasion: the values you counted");
  auto args = std::make_shared<LogArgs>();
  cmd->add_option("values", args->positional,
                  "[ID] NAME=VALUE...; ID may be left out when one experiment is active");
  add_date_option(*cmd, args->date, "The day of the occasion");
  cmd->add_option("--time", args->time, "The time of the occasion, HH:MM");
  cmd->add_option("--note", args->note, "What happened, in a sentence");
  cmd->add_option("--off-plan", args->off_plan,
                  "The change was not carried out as planned: what was different");
  cmd->footer(
      "Examples:\n"
      "  leadlab log questions=8 statements=6 --note \"quiet start, then ideas\"\n"
      "  leadlab log 2 questions=5 statements=7 --date yesterday --off-plan \"ran out of time\"");
  return {cmd,
          [&ctx, args] {
            LogRequest request;
            auto rest = args->positional.begin();
            if (rest != args->positional.end() && rest->find('=') == std::string::npos) {
              request.experiment_id = parse_experiment_id(*rest);
              ++rest;
            }
            request.assignments.assign(rest, args->positional.end());
            const Day today = ctx.today();
            request.date = parse_date(args->date, today);
            if (!args->time.empty()) request.time = parse_time(args->time);
            request.note = args->note;
            request.off_plan = args->off_plan;
            Journal journal = ctx.open_journal();
            const LogResult result = log_entry(journal, request, today);
            report_logged(ctx, journal, result, today);
            return 0;
          },
          Access::kWrites};
}

}  // namespace leadlab::cli
