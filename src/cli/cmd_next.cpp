// `leadlab next [--create]`: what to do next, ordered: reviews due, experiments gone quiet,
// the next experiment after the latest decision, and questions to reflect on.
#include "cli/context.hpp"
#include "cli/prompt.hpp"
#include "leadlab/actions/experiments.hpp"
#include "leadlab/actions/load_views.hpp"
#include "leadlab/analysis/next.hpp"
#include "leadlab/model/error.hpp"
#include "leadlab/model/numbers.hpp"
#include "leadlab/model/text.hpp"
#include "leadlab/report/next_view.hpp"
#include "leadlab/report/review_view.hpp"

namespace leadlab::cli {

Command add_next(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("next", "What to do next, and the next experiment to try");
  auto create = std::make_shared<bool>(false);
  cmd->add_flag("--create", *create,
                "Pick one of the suggested experiments and create it, asked field by field");
  auto yes = std::make_shared<bool>(false);
  add_yes_flag(*cmd, *yes)
      ->description("With --create: create a follow-up even when one like it already exists");
  cmd->footer("Examples:\n  leadlab next\n  leadlab next --create");
  return {cmd, [&ctx, create, yes] {
            if (*create) ctx.refuse_if_read_only("next --create");
            // Before the first experiment there may be no journal yet: then the plan is how to
            // begin, and nothing is created unless a suggestion is.
            std::optional<Journal> journal;
            if (ctx.journal_exists()) journal.emplace(ctx.open_journal());
            const TemplateLibrary templates = ctx.templates();
            const NextPlan plan = load_next(journal ? &*journal : nullptr, templates, ctx.today());
            // The comments an import brought that the owner has not read come first.
            const auto news = journal ? journal->new_comments() : std::vector<NewComments>{};
            if (ctx.options.json && !*create) {
              nlohmann::json out = next_json(plan, ctx.today());
              out["new_comments"] = new_comments_json(news);
              ctx.print_json(out);
              return 0;
            }
            ctx.out() << describe_new_comments(news) << (news.empty() ? "" : "\n")
                      << render_next(plan, ctx.render_options());
            if (!*create) return 0;
            std::vector<const NextItem*> choices;
            for (const auto& item : plan.items)
              if (item.creates) choices.push_back(&item);
            if (choices.empty()) {
              throw UsageError("there is no experiment to create among the suggestions",
                               "create one with `leadlab new`");
            }
            if (!ctx.interactive()) {
              throw UsageError(
                  "next --create asks which suggestion to create, so it needs a terminal",
                  "run the suggestion's command instead, e.g. " + choices.front()->command);
            }
            std::string numbers;
            for (std::size_t i = 0; i < plan.items.size(); ++i)
              if (plan.items[i].creates)
                numbers += (numbers.empty() ? "" : ", ") + std::to_string(i + 1);
            std::size_t pick = 0;
            for (std::size_t i = 0; i < plan.items.size(); ++i)
              if (plan.items[i].creates) {
                pick = i + 1;
                break;
              }
            const std::string answer =
                ask(ctx, "\nCreate which one? (" + numbers + ")", std::to_string(pick),
                    [&](const std::string& a) {
                      const auto n = parse_whole_number(a);
                      if (!n || *n < 1 || static_cast<std::size_t>(*n) > plan.items.size() ||
                          !plan.items[static_cast<std::size_t>(*n) - 1].creates)
                        throw UsageError("give one of: " + numbers);
                    });
            const NextItem& item =
                plan.items[static_cast<std::size_t>(*parse_whole_number(answer)) - 1];
            std::optional<Experiment> parent;
            if (item.follows) parent = require_experiment(*journal, *item.follows);
            // The suggestion's fields are the defaults of the guided `new`: a follow-up's text
            // may name its parent's context, so each is shown to keep or rewrite.
            ExperimentSpec spec = spec_for(item, parent, templates);
            walk_through(ctx, spec, ExperimentSpec{});
            build_experiment(spec);
            if (!journal) journal.emplace(ctx.open_or_create_journal());
            if (!confirm_not_duplicate(ctx, *journal, spec, *yes)) {
              ctx.out() << "Nothing was created.\n";
              return 0;
            }
            const Experiment e = create_experiment(*journal, spec);
            ctx.out() << "Created experiment " << e.id << ": " << terminal_safe(e.title)
                      << (e.follows ? " (cycle " + std::to_string(e.cycle) + ", follows " +
                                          std::to_string(*e.follows) + ")"
                                    : "")
                      << ".\nNext: leadlab baseline " << e.id << "\n";
            return 0;
          }};
}

}  // namespace leadlab::cli
