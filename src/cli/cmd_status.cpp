// `leadlab status`: the dashboard of active experiments and what is due.
#include "cli/context.hpp"
#include "leadlab/actions/load_views.hpp"
#include "leadlab/analysis/dashboard.hpp"
#include "leadlab/report/analysis_json.hpp"
#include "leadlab/report/analysis_view.hpp"
#include "leadlab/report/dashboard_view.hpp"
#include "leadlab/report/next_view.hpp"
#include "leadlab/report/review_view.hpp"

namespace leadlab::cli {

Command add_status(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand(
      "status", "The dashboard: active experiments, their points, last entry, signal, what is due");
  cmd->footer("Examples:\n  leadlab status\n  leadlab status --json");
  return {cmd, [&ctx] {
            const Journal journal = ctx.open_journal();
            const RenderOptions options = ctx.render_options();
            const auto items = load_dashboard(journal, options.today);
            const auto news = journal.new_comments();
            // The latest review's next step, until a follow-up takes it up or it is long past.
            std::optional<PendingStep> step;
            if (const auto latest = load_latest_decision(journal))
              step = pending_step(*latest, options.today);
            if (ctx.options.json) {
              nlohmann::json out = dashboard_json(items, options.today);
              if (out.is_object()) {
                out["next_step"] =
                    step ? pending_step_json(*step, options.today) : nlohmann::json(nullptr);
                out["new_comments"] = new_comments_json(news);
              }
              ctx.print_json(out);
            } else {
              const auto drafts =
                  items.empty()
                      ? journal.list_experiments({.status = Status::kDraft, .brief = true})
                      : std::vector<Experiment>{};
              if (step) ctx.out() << render_pending_step(*step, options) << "\n";
              ctx.out() << render_dashboard(items, options, drafts) << (news.empty() ? "" : "\n")
                        << describe_new_comments(news);
            }
            return 0;
          }};
}

}  // namespace leadlab::cli
