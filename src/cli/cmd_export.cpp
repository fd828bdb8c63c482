// `leadlab export [--format markdown|html|json|csv] [--output FILE] [ID...] [--since D]
// [--comments-only]`: the progress report (Markdown or one HTML page), a bundle another leadlab
// merges, or entries as CSV; on standard output, or written atomically to FILE.

#include <sstream>

#include "cli/context.hpp"
#include "leadlab/actions/experiments.hpp"
#include "leadlab/actions/export.hpp"
#include "leadlab/actions/load_report.hpp"
#include "leadlab/model/dates.hpp"
#include "leadlab/model/error.hpp"
#include "leadlab/model/text.hpp"
#include "leadlab/report/bundle_writer.hpp"
#include "leadlab/report/csv.hpp"
#include "leadlab/report/html_report.hpp"
#include "leadlab/report/markdown_report.hpp"
#include "leadlab/storage/files.hpp"

namespace leadlab::cli {

namespace {

struct ExportArgs {
  std::string format = "markdown";
  std::string output;
  std::vector<std::string> ids;
  std::string since;
  bool comments_only = false;
  std::vector<std::string> without;
};

}  // namespace

Command add_export(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand(
      "export",
      "The progress report (Markdown or HTML), a JSON bundle to import elsewhere, or CSV");
  auto args = std::make_shared<ExportArgs>();
  cmd->add_option("ID", args->ids, "Only these experiments (default: all)");
  cmd->add_option("--format", args->format,
                  "markdown (default), html (one page with charts), json or csv")
      ->check(CLI::IsMember({"markdown", "html", "json", "csv"}));
  cmd->add_option("--output,-o", args->output,
                  "Write to this file (atomically; never through a symbolic link)");
  cmd->add_option("--since", args->since,
                  "Only entries from this date (and, in a bundle, reviews and comments)");
  cmd->add_flag("--comments-only", args->comments_only,
                "With --format json: a bundle of just the comments, to send back to a client");
  cmd->add_option("--without", args->without,
                  "Leave out what you keep private: notes (the entries' notes), comments")
      ->check(CLI::IsMember({"notes", "comments"}))
      ->take_all()
      ->delimiter(',');
  cmd->footer(
      "Examples:\n  leadlab export --output progress.md\n"
      "  leadlab export --format html --output progress.html   # charts; opens anywhere\n"
      "  leadlab export 1 --since 2026-10-01\n"
      "  leadlab export --format json --output ana.json        # everything, to import elsewhere\n"
      "  leadlab export --format json --comments-only --output notes.json   # a coach's comments\n"
      "  leadlab export --format json --without notes --output ana.json     # for your coach\n"
      "  leadlab export --format csv --output entries.csv");
  return {cmd, [&ctx, args] {
            if (args->comments_only && args->format != "json") {
              throw UsageError("--comments-only makes a JSON bundle",
                               "add --format json, e.g. `leadlab export --format json "
                               "--comments-only --output notes.json`");
            }
            const Day today = ctx.today();
            BundleSelection selection;
            for (const auto& id : args->ids) selection.ids.push_back(parse_experiment_id(id));
            if (!args->since.empty()) selection.since = parse_date(args->since, today);
            selection.comments_only = args->comments_only;
            for (const auto& w : args->without)
              (w == "notes" ? selection.without.notes : selection.without.comments) = true;

            const Journal journal = ctx.open_journal();
            const bool to_stdout = args->output.empty() || args->output == "-";
            std::optional<AtomicFile> file;
            if (!to_stdout) file.emplace(args->output);
            std::ostream& out = to_stdout ? ctx.out() : file->stream();
            if (args->format == "json") {
              BundleWriter writer(out);
              export_bundle(journal, selection, writer);  // one experiment at a time
            } else if (args->format == "csv") {
              // A file or a program gets the text as stored; a person at a terminal sees its
              // control characters, which would otherwise act on the terminal.
              const CsvText text =
                  to_stdout && ctx.output_is_terminal() ? CsvText::kVisible : CsvText::kAsStored;
              std::ostringstream csv;  // whole, so that an unknown id prints nothing
              write_entries_csv_header(csv);
              for_each_selected_entries(
                  journal, selection, [&](const Experiment& e, const std::vector<Entry>& entries) {
                    write_entries_csv(csv, e, entries, text);
                  });
              out << csv.str();
            } else {
              // One snapshot for the summary and every section, which are read one by one:
              // a `log` from another process lands wholly before or after the report.
              const auto snapshot = journal.begin_read();
              const auto week_start = ctx.render_options().week_start;
              ReportScope scope = report_scope(journal, selection.since, today, week_start);
              const ReportSource source =
                  leave_out(report_experiments(journal, selection.ids, selection.since, week_start),
                            selection.without, scope);
              // One experiment at a time, in either form.
              if (args->format == "html") {
                reuse_large_blocks();
                // Read once, the experiments' parts kept on disk until the summary is out.
                ScratchFile spool;
                write_html_report(out, scope, source, &spool.stream());
              } else {
                write_markdown_report(out, scope, source);
              }
            }
            if (file) {
              file->commit();
              ctx.note("Wrote " + terminal_safe(args->output) + ".");
            }
            return 0;
          }};
}

}  // namespace leadlab::cli
