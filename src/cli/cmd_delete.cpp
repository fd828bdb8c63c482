// `leadlab delete ID [--yes]`: delete an experiment, leaving a tombstone that travels.
#include "cli/context.hpp"
#include "cli/prompt.hpp"
#include "leadlab/actions/experiment_changes.hpp"
#include "leadlab/model/error.hpp"
#include "leadlab/model/experiment_spec.hpp"
#include "leadlab/model/text.hpp"

namespace leadlab::cli {

namespace {

std::string counted(int n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

// "6 entries, 1 review and 2 comments": what deleting the experiment would lose.
std::string records_of(const DeletionScope& s) {
  std::vector<std::string> parts;
  if (s.entries > 0) parts.push_back(counted(s.entries, "entry", "entries"));
  if (s.reviews > 0) parts.push_back(counted(s.reviews, "review", "reviews"));
  if (s.comments > 0) parts.push_back(counted(s.comments, "comment", "comments"));
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i)
    out += (i == 0 ? "" : i + 1 == parts.size() ? " and " : ", ") + parts[i];
  return out;
}

}  // namespace

Command add_delete(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("delete", "Delete an experiment (asks first if it has entries)");
  auto id = std::make_shared<std::string>();
  auto yes = std::make_shared<bool>(false);
  cmd->add_option("ID", *id, "The experiment")->required();
  cmd->add_flag("--yes", *yes, "Delete it with its entries, reviews and comments without asking");
  cmd->footer(
      "A draft, or an experiment with nothing logged, is deleted straight away; one with\n"
      "entries, reviews or comments only after you confirm at a terminal, or with --yes.\n"
      "An export carries the deletion, so an import elsewhere deletes it too.\n"
      "Examples:\n  leadlab delete 3\n  leadlab delete 2 --yes");
  return {cmd,
          [&ctx, id, yes] {
            const std::int64_t n = parse_experiment_id(*id);
            Journal journal = ctx.open_journal();
            const DeletionScope scope = deletion_scope(journal, n);
            const std::string ref = "experiment " + std::to_string(n) + " (" +
                                    terminal_safe(scope.experiment.title) + ")";
            if (scope.has_records() && !*yes) {
              const std::string what = ref + " has " + records_of(scope);
              if (!ctx.interactive()) {
                throw UsageError(what + "; deleting it deletes them too",
                                 "add --yes to delete them all: `leadlab delete " +
                                     std::to_string(n) + " --yes`");
              }
              if (!confirm(ctx, "Delete " + what + "?", false)) {
                ctx.out() << "Nothing was deleted.\n";
                return 0;
              }
            }
            const DeletionScope deleted = delete_experiment(journal, n);
            ctx.out() << "Deleted " << ref
                      << (deleted.has_records() ? " with " + records_of(deleted) : "")
                      << ". Other experiments keep their ids.\n";
            return 0;
          },
          Access::kWrites};
}

}  // namespace leadlab::cli
