// `leadlab import FILE [--dry-run]`: merges a bundle into the journal by UUID, in one
// transaction; --dry-run says what would change and writes nothing.
#include "cli/context.hpp"
#include "leadlab/actions/import.hpp"
#include "leadlab/model/error.hpp"
#include "leadlab/model/text.hpp"
#include "leadlab/report/merge_view.hpp"
#include "leadlab/report/review_view.hpp"
#include "leadlab/storage/files.hpp"

namespace leadlab::cli {

Command add_import(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("import", "Merge a JSON bundle (from `export --format json`)");
  auto file = std::make_shared<std::string>();
  auto dry_run = std::make_shared<bool>(false);
  cmd->add_option("FILE", *file, "The bundle")->required();
  cmd->add_flag("--dry-run,-n", *dry_run, "Say what would change, and change nothing");
  cmd->footer(
      "Examples:\n  leadlab import ana.json --dry-run\n  leadlab import ana.json\n"
      "Records are matched by UUID: new ones are added, one on both sides keeps the newer\n"
      "version, nothing is deleted, and importing the same bundle again changes nothing.");
  return {cmd, [&ctx, file, dry_run] {
            if (ctx.options.read_only && !*dry_run) {
              throw UsageError("import writes to the journal, and --read-only was given",
                               "use --dry-run to see what it would change");
            }
            // A missing or unreadable file is refused before any journal is touched; a bad
            // one part-way is refused before the import's one transaction commits.
            (void)read_file_size(*file);
            MergeReport report;
            if (ctx.journal_exists()) {
              Journal journal = ctx.open_journal();
              report = import_bundle(&journal, *file, *dry_run, ctx.today());
            } else if (*dry_run) {
              report = import_bundle(nullptr, *file, true, ctx.today());
            } else {
              // A refused bundle leaves no new journal behind.
              report = import_bundle_into_new_journal(
                  ctx.journal_path(), ctx.config.owner.value_or(""), *file, ctx.today());
              ctx.note("Created the journal " + terminal_safe(ctx.journal_path()) + ".");
            }
            if (ctx.options.json) {
              nlohmann::json out = merge_json(report);
              out["dry_run"] = *dry_run;
              ctx.print_json(out);
              return 0;
            }
            const std::string name = terminal_safe(*file);
            ctx.out() << merge_headline(report, name, *dry_run) << "\n"
                      << describe_merge(report) << (*dry_run ? describe_merge_details(report) : "")
                      << (*dry_run && report.changes() ? "Nothing was written (--dry-run).\n" : "");
            if (!*dry_run) {
              const Journal journal = ctx.open_journal();
              const std::string news = describe_new_comments(journal.new_comments());
              if (!news.empty()) ctx.out() << news;
            }
            return 0;
          }};
}

}  // namespace leadlab::cli
