// `leadlab log [ID] NAME=VALUE... [--date D] [--note T] [--off-plan T]`: record one occasion.
#include <cctype>

#include "cli/context.hpp"
#include "cli/prompt.hpp"
#include "leadlab/actions/entries.hpp"
#include "leadlab/actions/experiments.hpp"
#include "leadlab/analysis/randomization.hpp"
#include "leadlab/model/dates.hpp"
#include "leadlab/model/text.hpp"
#include "leadlab/model/values.hpp"
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

// `log ID` with no values at a terminal: asks for each metric that takes a value (Enter
// leaves one out), so that the `leadlab log ID` that status and show suggest runs as
// printed.
std::vector<std::string> ask_values(const Context& ctx, const Experiment& e) {
  ctx.out() << "Logging experiment " << e.id << " (" << terminal_safe(e.title)
            << "): a value for each metric, Enter to leave one out.\n";
  std::vector<std::string> assignments;
  for (const auto& m : e.metrics) {
    if (m.kind == MetricKind::kDerived) continue;
    std::string label = "  " + m.name + " (" + std::string(to_string(m.kind));
    if (m.kind == MetricKind::kScale && m.scale_min && m.scale_max)
      label += " " + format_value(m, *m.scale_min) + ".." + format_value(m, *m.scale_max);
    label += ")";
    const std::string answer = ask(ctx, label, "", [&](const std::string& a) {
      if (!a.empty()) (void)parse_assignments(e, {m.name + "=" + a}, false);
    });
    if (!answer.empty()) assignments.push_back(m.name + "=" + answer);
  }
  return assignments;
}

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
  if (auto advice = random_start_advice(e, stats.baseline_points + stats.test_points)) {
    (*advice)[0] = static_cast<char>(std::toupper(static_cast<unsigned char>((*advice)[0])));
    ctx.out() << wrapped(terminal_safe(*advice) + ".", ctx.render_options().width);
  }
}

Command add_log(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("log", "Record one occasion: the values you counted");
  auto args = std::make_shared<LogArgs>();
  cmd->add_option("values", args->positional,
                  "[ID] NAME=VALUE...; ID may be left out when one experiment is active; "
                  "without values, at a terminal, it asks for each");
  add_date_option(*cmd, args->date, "The day of the occasion");
  cmd->add_option("--time", args->time, "The time of the occasion, HH:MM");
  cmd->add_option("--note", args->note, "What happened, in a sentence");
  cmd->add_option("--off-plan", args->off_plan,
                  "The change was not carried out as planned: what was different");
  cmd->footer(
      "Examples:\n"
      "  leadlab log questions=8 statements=6 --note \"quiet start, then ideas\"\n"
      "  leadlab log 2 questions=5 statements=7 --date yesterday --off-plan \"ran out of time\"\n"
      "  leadlab log 2          (at a terminal: asks for each value)");
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
            if (request.assignments.empty() && ctx.interactive())
              request.assignments = ask_values(
                  ctx, loggable_experiment(journal, request.experiment_id, request.date));
            const LogResult result = log_entry(journal, request, today);
            report_logged(ctx, journal, result, today);
            return 0;
          },
          Access::kWrites};
}

}  // namespace leadlab::cli
