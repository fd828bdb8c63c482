// `leadlab baseline ID [--date D] [--random-start FIRST..LAST]`: begin counting before the
// change, optionally with the change's start drawn at random.
#include <cstdlib>
#include <random>

#include "cli/context.hpp"
#include "leadlab/actions/experiments.hpp"
#include "leadlab/analysis/randomization.hpp"
#include "leadlab/model/dates.hpp"
#include "leadlab/model/error.hpp"
#include "leadlab/model/text.hpp"

namespace leadlab::cli {
namespace {

// The draw's seed: LEADLAB_RANDOM_SEED (a whole number, for tests and demonstrations), else
// the system's entropy.
std::uint64_t random_seed() {
  if (const char* text = std::getenv("LEADLAB_RANDOM_SEED"); text != nullptr && *text != '\0') {
    char* end = nullptr;
    const unsigned long long seed = std::strtoull(text, &end, 10);
    if (*end != '\0')
      throw UsageError("LEADLAB_RANDOM_SEED \"" + std::string(text) + "\" is not a whole number",
                       "unset it (it is for tests), or give digits only");
    return seed;
  }
  std::random_device device;
  return (static_cast<std::uint64_t>(device()) << 32) ^ device();
}

}  // namespace

Command add_baseline(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("baseline", "Begin the baseline: count before changing anything");
  auto id = std::make_shared<std::string>();
  auto date = std::make_shared<std::string>("today");
  auto range = std::make_shared<std::string>();
  cmd->add_option("ID", *id, "The experiment")->required();
  add_date_option(*cmd, *date, "The day the baseline begins");
  cmd->add_option("--random-start", *range,
                  "FIRST..LAST: let leadlab draw the occasion the change begins at, for a "
                  "randomisation test (see docs/analysis.md)");
  cmd->footer(
      "Examples:\n  leadlab baseline 1 --date monday\n"
      "  leadlab baseline 1 --random-start 5..12   (the change begins at an occasion from\n"
      "                                            the 5th to the 12th, drawn now)");
  return {cmd,
          [&ctx, id, date, range] {
            const Day today = ctx.today();
            const Day day = parse_date(*date, today);
            const std::int64_t number = parse_experiment_id(*id);
            std::optional<RandomStartRequest> random;
            if (!range->empty()) {
              const auto [first, last] = parse_random_range(*range);
              random = RandomStartRequest{first, last, random_seed()};
            }
            Journal journal = ctx.open_journal();
            const bool was_draft =
                journal.find_experiment(number).value_or(Experiment{}).status == Status::kDraft;
            const PhaseChange change = begin_baseline(journal, number, day, today, random);
            const Experiment& e = change.experiment;
            const std::string occasion = terminal_safe(e.occasion);
            std::string example;
            for (const auto& m : e.metrics)
              if (m.kind != MetricKind::kDerived) example += " " + m.name + "=N";
            ctx.out() << "Experiment " << e.id << " (" << terminal_safe(e.title) << "): ";
            if (was_draft) {
              ctx.out() << "the baseline begins " << describe_date(day, today) << ".\n";
            } else {
              ctx.out() << "its baseline, begun " << format_date(*e.baseline_start)
                        << ", now has a randomised start.\n";
            }
            if (const auto& design = e.random_start) {
              const int width = ctx.render_options().width;
              ctx.out() << wrapped("Randomised start: of " + occasion + "s " +
                                       std::to_string(design->first) + " to " +
                                       std::to_string(design->last) + ", leadlab drew " + occasion +
                                       " " + std::to_string(design->drawn) +
                                       " for the change to begin.",
                                   width)
                        << wrapped(describe_design(*design) + ".", width)
                        << wrapped("Log " + occasion + "s 1 to " +
                                       std::to_string(design->drawn - 1) +
                                       " as you usually work; leadlab tells you when the next "
                                       "one is " +
                                       occasion + " " + std::to_string(design->drawn) + ".",
                                   width);
            } else {
              ctx.out() << "Count " << e.baseline_points << " " << occasion
                        << " occasions as you usually work, logging each with `leadlab log " << e.id
                        << "`\n(it asks for each value), or in one line, N being each "
                        << "value:\n";
            }
            if (e.random_start) ctx.out() << "Log each with `leadlab log " << e.id << "`:\n";
            ctx.out() << "  leadlab log " << e.id << terminal_safe(example) << "\n";
            return 0;
          },
          Access::kWrites};
}

}  // namespace leadlab::cli
