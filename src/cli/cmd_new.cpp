// `leadlab new`: define an experiment from a template and flags; at a terminal, ask for
// what is missing.

#include <sstream>

#include "cli/context.hpp"
#include "cli/prompt.hpp"
#include "leadlab/actions/experiments.hpp"
#include "leadlab/analysis/analysis.hpp"
#include "leadlab/input/templates.hpp"
#include "leadlab/model/error.hpp"
#include "leadlab/model/numbers.hpp"
#include "leadlab/model/rules.hpp"
#include "leadlab/model/text.hpp"
#include "leadlab/report/json_view.hpp"

namespace leadlab::cli {

namespace {

struct NewArgs {
  ExperimentSpec flags;
  std::string template_name;
  std::string follows;
  bool yes = false;
};

void ask_text(const Context& ctx, const std::string& label, std::string& field, bool required) {
  field = ask(ctx, label, field, [&](const std::string& answer) {
    check_text(label, answer);
    if (required && answer.find_first_not_of(" \t") == std::string::npos)
      throw UsageError(label + " is needed");
  });
}

std::optional<int> ask_points(const Context& ctx, const std::string& label, int low,
                              std::optional<int> value) {
  const std::string answer =
      ask(ctx, label, std::to_string(value.value_or(5)), [&](const std::string& a) {
        parse_count("the number of points", a, low, kMaxPlannedPoints);
      });
  return parse_count("the number of points", answer, low, kMaxPlannedPoints);
}

}  // namespace

void walk_through(const Context& ctx, ExperimentSpec& spec, const ExperimentSpec& flags) {
  ctx.out() << (spec.follows ? "A follow-up of experiment " + std::to_string(*spec.follows) +
                                   ": its fields are the defaults."
                             : std::string("A new experiment."))
            << " Press Enter to keep the value in [brackets]; Ctrl-D to stop "
               "without creating anything.\n";
  if (flags.title.empty()) ask_text(ctx, "Title", spec.title, true);
  if (flags.hypothesis.empty())
    ask_text(ctx, "Hypothesis (We believe that ...)", spec.hypothesis, true);
  if (flags.change.empty()) ask_text(ctx, "Change (To test it I will ...)", spec.change, true);
  if (flags.prediction.empty())
    ask_text(ctx, "Prediction (what you expect)", spec.prediction, false);
  if (flags.prediction_why.empty()) ask_text(ctx, "Why you expect it", spec.prediction_why, false);
  if (flags.occasion.empty()) {
    spec.occasion = ask(ctx, "Occasion (meeting, 1:1, day, week)",
                        spec.occasion.empty() ? "meeting" : spec.occasion,
                        [](const std::string& a) { canonical_occasion(a); });
  }
  const bool flag_metrics = !flags.metrics.empty() || !flags.derived.empty();
  if (!flag_metrics) {
    if (!spec.defined_metrics.empty()) {
      std::string names;
      for (const auto& m : spec.defined_metrics) names += (names.empty() ? "" : ", ") + m.name;
      ctx.out() << (spec.follows ? "Metrics of experiment " + std::to_string(*spec.follows)
                                 : std::string("Metrics from the template"))
                << ": " << terminal_safe(names) << "\n";
    }
    if (spec.defined_metrics.empty() || !confirm(ctx, "Keep these metrics?", true)) {
      spec.defined_metrics.clear();
      spec.success_rule.clear();
      ctx.out() << "Metrics: NAME:KIND[:MIN..MAX][:up|down], KIND one of count, scale, minutes, "
                   "yesno, percent. An empty line ends the list.\n";
      while (true) {
        const bool first = spec.metrics.empty();
        const std::string m =
            ask(ctx, first ? "Metric" : "Another metric", "", [&](const std::string& a) {
              if (a.empty() && first) throw UsageError("at least one metric is needed");
              if (!a.empty()) parse_metric_spec(a);
            });
        if (m.empty()) break;
        spec.metrics.push_back(m);
      }
      ctx.out() << "Derived metrics: NAME = FORMULA over the metrics, e.g. share = questions / "
                   "(questions + statements). An empty line ends the list.\n";
      while (true) {
        const std::string d = ask(ctx, "Derived metric", "", [&](const std::string& a) {
          if (a.empty()) return;
          ExperimentSpec trial = spec;
          trial.derived.push_back(a);
          trial.title = trial.hypothesis = trial.change = "x";
          build_experiment(trial);
        });
        if (d.empty()) break;
        spec.derived.push_back(d);
      }
    }
  }
  if (!flags.baseline_points)
    spec.baseline_points =
        ask_points(ctx, "Baseline points (occasions before the change)", 0, spec.baseline_points);
  if (!flags.test_points)
    spec.test_points =
        ask_points(ctx, "Test points (occasions with the change)", 1, spec.test_points);
  if (flags.success_rule.empty()) {
    spec.success_rule = ask(ctx, "Success rule (e.g. nap(share) >= 0.66; empty for none)",
                            spec.success_rule, [&](const std::string& a) {
                              ExperimentSpec trial = spec;
                              trial.success_rule = a;
                              build_experiment(trial);
                            });
  }
  // A follow-up inherits its parent's tags, which may name the old context.
  if (spec.follows && flags.tags.empty()) {
    std::string joined;
    for (const auto& tag : spec.tags) joined += (joined.empty() ? "" : ", ") + tag;
    const std::string answer = ask(ctx, "Tags (comma-separated; - for none)", joined);
    spec.tags.clear();
    std::istringstream parts(answer == "-" ? "" : answer);
    for (std::string tag; std::getline(parts, tag, ',');) {
      const auto first = tag.find_first_not_of(' ');
      if (first != std::string::npos)
        spec.tags.push_back(tag.substr(first, tag.find_last_not_of(' ') - first + 1));
    }
  }
}

// Without a terminal a duplicate follow-up is refused unless --yes; at one, asked.
bool confirm_not_duplicate(const Context& ctx, const Journal& journal, const ExperimentSpec& spec,
                           bool yes) {
  const auto same = same_follow_up(journal, spec);
  if (!same || yes) return true;
  const std::string what = "experiment " + std::to_string(same->id) + " (" +
                           terminal_safe(same->title) + ") already follows experiment " +
                           std::to_string(*spec.follows) + " with the same " +
                           (same->title == spec.title ? "title" : "occasion and change");
  if (!ctx.interactive()) {
    throw UsageError(what + ": nothing was created",
                     "see it with `leadlab show " + std::to_string(same->id) +
                         "`; give a different --title or --change, or --yes to create it anyway");
  }
  ctx.out() << "Note: " << what << ".\n";
  return confirm(ctx, "Create another one anyway?", false);
}

Command add_new(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("new", "Create an experiment: hypothesis, change, metrics");
  auto args = std::make_shared<NewArgs>();
  ExperimentSpec& f = args->flags;
  cmd->add_option("--template", args->template_name,
                  "Start from a template (see `leadlab templates`); flags override its fields");
  cmd->add_option("--follows", args->follows,
                  "The experiment this one follows: its definition is the starting point, and "
                  "the new one is its next cycle");
  cmd->add_option("--title", f.title, "A short name for the experiment");
  cmd->add_option("--hypothesis", f.hypothesis, "We believe that ...");
  cmd->add_option("--change", f.change, "To test it I will ...");
  cmd->add_option("--prediction", f.prediction, "What you expect to happen");
  cmd->add_option("--why", f.prediction_why, "Why you expect it");
  cmd->add_option("--occasion", f.occasion, "meeting (default), 1:1, day or week");
  cmd->add_option("--metric", f.metrics,
                  "NAME:KIND[:MIN..MAX][:up|down]; KIND is count, scale, minutes, yesno or "
                  "percent (repeatable; replaces a template's metrics)");
  cmd->add_option("--derive", f.derived,
                  "\"NAME[:up|down] = FORMULA\" over the metrics, with + - * / and "
                  "parentheses (repeatable)");
  cmd->add_option("--success", f.success_rule,
                  "When it counts as working, e.g. \"nap(share) >= 0.66 and shift(questions)\"");
  cmd->add_option("--baseline-points", f.baseline_points,
                  "Occasions to count before the change (default 5)");
  cmd->add_option("--test-points", f.test_points, "Occasions to count with the change (default 5)");
  cmd->add_option("--tag", f.tags, "A tag (repeatable)");
  add_yes_flag(*cmd, args->yes)
      ->description("Create a follow-up even when one like it already follows the experiment");
  cmd->footer(
      "Examples:\n"
      "  leadlab new --template question-ratio\n"
      "  leadlab new --template question-ratio --title \"Questions first in 1:1s\" --occasion 1:1\n"
      "  leadlab new --follows 1 --occasion 1:1   (the next cycle of experiment 1)\n"
      "  leadlab new --title \"Ask before telling\" \\\n"
      "      --hypothesis \"If I ask before I tell, my team proposes more\" \\\n"
      "      --change \"Open every agenda item with a question\" \\\n"
      "      --metric questions:count:up --metric statements:count:down \\\n"
      "      --derive \"share = questions / (questions + statements)\"\n"
      "At a terminal, `leadlab new` asks for whatever the flags leave out.");
  return {cmd,
          [&ctx, args] {
            const ExperimentSpec& flags = args->flags;
            std::string template_name = args->template_name;
            if (template_name.empty() && args->follows.empty() && flags.metrics.empty() &&
                flags.derived.empty())
              template_name = ctx.config.default_template.value_or("");
            std::optional<Experiment> parent;
            if (!args->follows.empty())
              parent = require_experiment(ctx.open_journal(), parse_experiment_id(args->follows));
            const TemplateLibrary templates =
                template_name.empty() ? TemplateLibrary() : ctx.templates();
            ExperimentSpec spec = starting_spec(
                parent, template_name.empty() ? nullptr : &templates.require(template_name), flags,
                ctx.config.default_occasion.value_or(""));
            const bool ask_user =
                ctx.interactive() && (!missing_fields(spec).empty() || !defines_anything(flags));
            if (ask_user) walk_through(ctx, spec, flags);
            // Validate before touching the disk, so that bad input never creates a journal.
            build_experiment(spec);
            Journal journal = ctx.open_or_create_journal();
            if (!confirm_not_duplicate(ctx, journal, spec, args->yes)) {
              ctx.out() << "Nothing was created.\n";
              return 0;
            }
            const Experiment e = create_experiment(journal, spec);
            if (ctx.options.json) {
              ctx.print_json(experiment_json({e, {}}, nullptr));
              return 0;
            }
            ctx.out() << "Created experiment " << e.id << ": " << terminal_safe(e.title)
                      << " (draft)"
                      << (e.template_name.empty() ? "" : ", from the template " + e.template_name)
                      << (e.follows ? ", cycle " + std::to_string(e.cycle) + " after experiment " +
                                          std::to_string(*e.follows)
                                    : "")
                      << ".\n"
                      << "Next: leadlab baseline " << e.id
                      << "   to begin counting before you change anything\n"
                      << "  or: leadlab start " << e.id
                      << "      to test the change straight away (no before/after comparison)\n";
            return 0;
          },
          Access::kWrites};
}

}  // namespace leadlab::cli
