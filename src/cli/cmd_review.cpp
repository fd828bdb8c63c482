// `leadlab review ID`: Study and Act. Shows the analysis in brief, asks the review questions
// (or takes them from flags), records the decision and closes the experiment.
#include "cli/context.hpp"
#include "cli/editor.hpp"
#include "cli/prompt.hpp"
#include "leadlab/actions/experiments.hpp"
#include "leadlab/actions/review.hpp"
#include "leadlab/analysis/decision.hpp"
#include "leadlab/analysis/experiment_analysis.hpp"
#include "leadlab/model/dates.hpp"
#include "leadlab/model/error.hpp"
#include "leadlab/model/numbers.hpp"
#include "leadlab/model/text.hpp"
#include "leadlab/report/review_view.hpp"

namespace leadlab::cli {

namespace {

struct ReviewArgs {
  std::string id;
  ReviewAnswers answers;
  std::string by;
  bool edit = false;
  bool yes = false;
};

std::function<void(const std::string&)> one_of(std::vector<std::string> allowed) {
  return [allowed](const std::string& answer) {
    for (const auto& ok : allowed)
      if (answer == ok) return;
    std::string list;
    for (const auto& ok : allowed) list += (list.empty() ? "" : ", ") + ok;
    throw UsageError("answer one of: " + list);
  };
}

// A decision to adopt or abandon on data that cannot support it: at a terminal, asks to
// confirm it (or to decide again); without one, refuses unless --yes was given.
void confirm_decision(const Context& ctx, ReviewAnswers& a, const std::string& shortfall,
                      std::int64_t id) {
  while (decisive(a.decision)) {
    if (!ctx.interactive()) {
      throw UsageError(shortfall + ", so the decision to " + a.decision +
                           " was not recorded (nothing was written)",
                       "log more occasions first, decide --decision adapt and keep testing, or "
                       "give --yes to record it anyway: leadlab review " +
                           std::to_string(id) + " ... --yes");
    }
    if (confirm(ctx, "The data cannot support a decision to " + a.decision + ". Record it anyway?",
                false))
      return;
    a.decision = ask(ctx, "Decision: adopt, adapt or abandon", "adapt", one_of(decision_names()));
  }
}

void ask_questions(const Context& ctx, ReviewAnswers& a, const DecisionSuggestion& suggestion,
                   const PlanAdherence& adherence, std::string& by, bool long_answers_done) {
  auto text = [&](const std::string& label, std::string& field, bool required) {
    if (!field.empty()) return;
    field = ask(ctx, label, "", [&](const std::string& answer) {
      check_text(label, answer);
      if (required && answer.empty()) throw UsageError("an answer is needed");
    });
  };
  if (a.prediction_met.empty())
    a.prediction_met = ask(ctx, "Did the result match your prediction? (yes, partly, no)", "",
                           one_of(prediction_met_names()));
  if (!long_answers_done) {
    text("What happened? What did you observe", a.observed, true);
    text("Why was there a difference from the prediction (if any)", a.difference, false);
    text("What surprised you", a.surprised, false);
  }
  if (a.as_planned.empty())
    a.as_planned = ask(ctx, "Was the change carried out as planned", adherence.describe());
  if (!long_answers_done) {
    text("What did you learn", a.learned, true);
    if (!a.prompt_answers.empty())
      ctx.out() << "The template's review questions (Enter skips one):\n";
    for (auto& [prompt, answer] : a.prompt_answers) text(terminal_safe(prompt), answer, false);
  }
  if (a.decision.empty())
    a.decision =
        // The default is the suggestion, whose reason the brief above printed.
        ask(ctx, "Decision: adopt, adapt or abandon", suggestion.decision,
            one_of(decision_names()));
  if (!long_answers_done) text("Next step: what exactly will you do", a.next_step, true);
  if (by.empty())
    by = ask(ctx, "By when (YYYY-MM-DD, in 2 weeks, next monday; empty for none)", "",
             [&](const std::string& answer) {
               if (!answer.empty()) parse_due_date(answer, ctx.today());
             });
  if (!a.commitment) {
    const std::string c =
        ask(ctx, "Commitment to the next step, 1-10", "", [](const std::string& answer) {
          if (!answer.empty()) parse_count("the commitment", answer, 1, 10);
        });
    if (!c.empty()) a.commitment = parse_count("the commitment", c, 1, 10);
  }
}

}  // namespace

Command add_review(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("review", "Study and act: review an experiment and close it");
  auto args = std::make_shared<ReviewArgs>();
  ReviewAnswers& a = args->answers;
  cmd->add_option("ID", args->id, "The experiment")->required();
  cmd->add_option("--prediction-met", a.prediction_met,
                  "Did the result match the prediction: yes, partly or no");
  cmd->add_option("--observed", a.observed, "What happened");
  cmd->add_option("--difference", a.difference, "Why there was a difference from the prediction");
  cmd->add_option("--surprised", a.surprised, "What surprised you");
  cmd->add_option("--as-planned", a.as_planned, "Was the change carried out as planned (in words)");
  cmd->add_option("--learned", a.learned, "What you learned");
  cmd->add_option("--decision", a.decision, "adopt, adapt or abandon");
  cmd->add_option("--next-step", a.next_step, "What exactly you will do next");
  cmd->add_option("--by", args->by,
                  "By when: YYYY-MM-DD, tomorrow, in N days, in N weeks, next monday");
  cmd->add_option("--commitment", a.commitment, "How committed you are to the next step, 1-10");
  cmd->add_option("--author", a.author, "Who reviews (default: the journal's owner)");
  cmd->add_flag("--edit", args->edit, "Write the long answers in $EDITOR");
  add_yes_flag(*cmd, args->yes)
      ->description("Record a decision to adopt or abandon although the data cannot support it");
  cmd->footer(
      "Examples:\n"
      "  leadlab review 1            (at a terminal: asks each question)\n"
      "  leadlab review 1 --prediction-met yes --observed \"ideas came from the team\" \\\n"
      "      --learned \"silence is thinking time\" --decision adopt \\\n"
      "      --next-step \"ask first in 1:1s too\" --by \"in 2 weeks\" --commitment 8");
  return {cmd,
          [&ctx, args] {
            ReviewAnswers answers = args->answers;
            const Day today = ctx.today();
            Journal journal = ctx.open_journal();
            const std::int64_t id = parse_experiment_id(args->id);
            const Experiment e = require_experiment(journal, id);
            // A bad --by is refused before anything is shown or asked.
            if (!args->by.empty()) parse_due_date(args->by, today);
            const auto entries = journal.entries(id);
            const ExperimentAnalysis analysis =
                analyse_experiment(e, entries, ctx.config.week_start);
            const PlanAdherence adherence = plan_adherence(e, entries);
            const DecisionSuggestion suggestion = suggest_decision(e, analysis, adherence);
            const std::optional<std::string> shortfall = data_shortfall(e, analysis);
            const RenderOptions options = ctx.render_options();
            if (!ctx.options.json) {
              ctx.out() << render_review_brief(e, analysis, adherence, suggestion, options);
              if (shortfall)
                ctx.out() << wrapped("Note: " + *shortfall +
                                         ". A decision to adopt or abandon would rest on chance.",
                                     options.width);
              ctx.out() << "\n";
            } else if (shortfall) {
              ctx.note("Note: " + *shortfall + ".");
            }
            if (answers.author.empty()) answers.author = journal.info().owner;
            if (!e.template_name.empty()) {
              const TemplateLibrary templates = ctx.templates();
              if (const Template* from = templates.find(e.template_name))
                for (const auto& prompt : from->review_prompts)
                  answers.prompt_answers.emplace_back(prompt, "");
            }
            if (args->edit) {
              const auto edited = parse_review_edit(edit_in_editor(review_edit_text(e, answers)));
              const std::map<std::string, std::string*> fields = {
                  {"observed", &answers.observed},     {"difference", &answers.difference},
                  {"learned", &answers.learned},       {"surprised", &answers.surprised},
                  {"as_planned", &answers.as_planned}, {"next_step", &answers.next_step}};
              for (const auto& [key, value] : edited) {
                if (key.rfind("prompt ", 0) == 0) {
                  const auto n = parse_whole_number(key.substr(7));
                  if (n && *n >= 1 && static_cast<std::size_t>(*n) <= answers.prompt_answers.size())
                    answers.prompt_answers[static_cast<std::size_t>(*n) - 1].second = value;
                } else {
                  *fields.at(key) = value;
                }
              }
            }
            if (ctx.interactive() && !missing_review_flags(answers).empty())
              ask_questions(ctx, answers, suggestion, adherence, args->by, args->edit);
            // A bad date is refused before the question whether to record a weak decision.
            if (!args->by.empty()) answers.next_by = parse_due_date(args->by, today);
            if (shortfall && !args->yes) confirm_decision(ctx, answers, *shortfall, id);
            if (answers.as_planned.empty()) answers.as_planned = adherence.describe();
            const Review review = close_with_review(journal, id, answers, today);
            if (ctx.options.json) {
              ctx.print_json(review_json(review));
              return 0;
            }
            ctx.out() << "Closed experiment " << id << " with the decision to " << review.decision
                      << ".\n"
                      << "Next: leadlab next   (suggestions that follow your decision)\n";
            return 0;
          },
          Access::kWrites};
}

Command add_reopen(CLI::App& app, Context& ctx) {
  auto* cmd =
      app.add_subcommand("reopen", "Reopen a closed experiment to log more or amend its review");
  auto id = std::make_shared<std::string>();
  cmd->add_option("ID", *id, "The experiment")->required();
  cmd->footer("Example:\n  leadlab reopen 1");
  return {cmd,
          [&ctx, id] {
            Journal journal = ctx.open_journal();
            const Experiment e = reopen_experiment(journal, parse_experiment_id(*id));
            ctx.out() << "Reopened experiment " << e.id << " (" << terminal_safe(e.title)
                      << "): " << to_string(e.status)
                      << " again. Its review is kept; `leadlab review " << e.id
                      << "` adds a new one.\n";
            return 0;
          },
          Access::kWrites};
}

}  // namespace leadlab::cli
