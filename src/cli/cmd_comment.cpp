// `leadlab comment ID TEXT [--author NAME]`: a note on an experiment, by the leader or a
// coach; shown in `show` and the report, and carried back to the leader in a bundle.
// `leadlab comment edit N TEXT` and `leadlab comment delete N` change or remove one's own.
#include "cli/context.hpp"
#include "cli/prompt.hpp"
#include "leadlab/actions/comments.hpp"
#include "leadlab/actions/experiments.hpp"
#include "leadlab/actions/sync.hpp"
#include "leadlab/model/error.hpp"
#include "leadlab/model/numbers.hpp"
#include "leadlab/model/text.hpp"
#include "leadlab/report/review_view.hpp"

namespace leadlab::cli {

namespace {

// Who writes: --author, else the journal's owner; a journal without an owner asks at a
// terminal, and without one comment_author's error says to pass --author.
std::string writer(const Context& ctx, const Journal& journal, const std::string& author) {
  // A coach's mirror (`sync clone --coach`): the coach writes.
  if (author.empty())
    if (const auto coach = sync_mirror_coach(journal.path()))
      return comment_author(journal, *coach);
  if (!author.empty() || !journal.info().owner.empty() || !ctx.interactive())
    return comment_author(journal, author);
  return ask(ctx, "This journal has no owner. Who is writing?", "", [&](const std::string& a) {
    if (a.find_first_not_of(" \t") == std::string::npos)
      throw UsageError("give your name, e.g. Ben (coach)");
    check_text("the name", a);
  });
}

std::int64_t parse_comment_number(const std::string& text) {
  const auto n = parse_whole_number(text);
  if (!n || *n <= 0) {
    throw UsageError("\"" + terminal_safe(text) + "\" is not a comment number",
                     "`leadlab show ID` lists the comments with their numbers, e.g. [3]");
  }
  return *n;
}

}  // namespace

Command add_comment(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("comment", "Leave a comment on an experiment, or change one");
  auto id = std::make_shared<std::string>();
  auto text = std::make_shared<std::string>();
  auto author = std::make_shared<std::string>();
  cmd->add_option("ID", *id, "The experiment");
  cmd->add_option("TEXT", *text, "The comment (quote it)");
  cmd->add_option("--author", *author, "Who comments (default: the journal's owner)");
  cmd->footer(
      "Examples:\n  leadlab comment 1 \"The silences are working; try it in 1:1s next\"\n"
      "  leadlab comment 1 \"Count only decisions, not updates\" --author \"Ben (coach)\"\n"
      "  leadlab comment edit 3 \"Count only decisions\"\n  leadlab comment delete 3\n"
      "A comment's number is shown beside it in `leadlab show ID`; only its author can\n"
      "change or delete it.");

  auto* edit = cmd->add_subcommand("edit", "Change the text of your comment");
  auto number = std::make_shared<std::string>();
  auto new_text = std::make_shared<std::string>();
  edit->add_option("N", *number, "The comment number (see `leadlab show ID`)")->required();
  edit->add_option("TEXT", *new_text, "The new text (quote it)")->required();
  edit->add_option("--author", *author, "Who you are (default: the journal's owner)");
  edit->footer("Example:\n  leadlab comment edit 3 \"Count only decisions\"");
  auto* remove = cmd->add_subcommand("delete", "Delete your comment (a tombstone travels)");
  remove->add_option("N", *number, "The comment number (see `leadlab show ID`)")->required();
  remove->add_option("--author", *author, "Who you are (default: the journal's owner)");
  remove->footer("Example:\n  leadlab comment delete 3");

  return {cmd,
          [&ctx, id, text, author, edit, remove, number, new_text] {
            Journal journal = ctx.open_journal();
            if (edit->parsed() || remove->parsed()) {
              const std::string who = writer(ctx, journal, *author);
              const std::int64_t n = parse_comment_number(*number);
              const Comment c = edit->parsed() ? edit_comment(journal, n, *new_text, who)
                                               : delete_comment(journal, n, who);
              if (ctx.options.json) {
                ctx.print_json(comment_json(c));
              } else {
                ctx.out() << (edit->parsed() ? "Changed" : "Deleted") << " comment " << n
                          << " on experiment " << c.experiment_id << ".\n";
              }
              return 0;
            }
            if (id->empty() || text->empty()) {
              throw UsageError("comment needs an experiment and the text",
                               "e.g. `leadlab comment 1 \"try it in 1:1s too\"`");
            }
            const std::int64_t experiment = parse_experiment_id(*id);
            (void)require_experiment(journal, experiment);  // before asking who writes
            const std::string who = writer(ctx, journal, *author);
            const Comment c = leadlab::add_comment(journal, experiment, *text, who);
            if (ctx.options.json) {
              ctx.print_json(comment_json(c));
              return 0;
            }
            ctx.out() << "Comment " << c.id << " added to experiment " << c.experiment_id
                      << (c.author.empty() ? "" : " by " + terminal_safe(c.author)) << ".\n";
            return 0;
          },
          Access::kWrites};
}

}  // namespace leadlab::cli
