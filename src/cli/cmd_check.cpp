// `leadlab check`: is the journal sound? SQLite's integrity and foreign-key checks, the
// points per phase stored with each experiment, the format version and the counts.
#include "cli/context.hpp"
#include "leadlab/storage/journal.hpp"
#include "leadlab/model/text.hpp"

namespace leadlab::cli {

Command add_check(CLI::App& app, Context& ctx) {
  auto* cmd =
      app.add_subcommand("check", "Check the journal: integrity, format version, record counts");
  cmd->footer(
      "Examples:\n  leadlab check\n  leadlab --read-only check --json\n"
      "Exit code 0 when the journal is sound, 1 when a problem was found (each is\n"
      "listed), 2 when the file is missing or not a journal.");
  return {cmd, [&ctx] {
            const Journal journal = ctx.open_journal();
            const JournalInfo info = journal.info();
            const int latest = schema_migrations().back().version;
            std::vector<std::pair<std::string, std::int64_t>> counts;
            std::vector<std::string> problems;
            try {
              problems = journal.integrity_problems();
              counts = journal.record_counts();
            } catch (const std::exception& e) {
              // A damaged file can fail the check itself ("database disk image is
              // malformed"): that is the finding.
              problems.push_back(e.what());
            }
            if (ctx.options.json) {
              nlohmann::json j = {{"journal", journal.path()},
                                  {"sound", problems.empty()},
                                  {"format_version", info.schema_version},
                                  {"latest_format_version", latest},
                                  {"uuid", info.uuid},
                                  {"owner", info.owner},
                                  {"counts", nlohmann::json::object()},
                                  {"problems", problems}};
              for (const auto& [table, n] : counts) j["counts"][table] = n;
              ctx.print_json(j);
              return problems.empty() ? 0 : 1;
            }
            for (const std::string& line : wrap(terminal_safe(journal.path()), 80))
              ctx.out() << line << "\n";
            ctx.out() << labelled("format",
                                  "version " + std::to_string(info.schema_version) +
                                      (info.schema_version == latest ? " (the latest)" : ""))
                      << labelled("owner", info.owner);
            for (const auto& [table, n] : counts)
              ctx.out() << "  " << pad_right(table, 12) << n << "\n";
            if (problems.empty()) {
              ctx.out() << "Sound: SQLite's integrity and foreign-key checks pass, and the points "
                           "stored\nwith each experiment match its entries.\n";
              return 0;
            }
            for (const auto& p : problems)
              for (const std::string& line : wrap("problem: " + terminal_safe(p), 80))
                ctx.out() << line << "\n";
            ctx.out() << problems.size() << (problems.size() == 1 ? " problem" : " problems")
                      << " found. Keep a copy of the file as it is, and restore the journal\n"
                         "from your latest backup (`leadlab backup FILE` makes one).\n";
            return 1;
          }};
}

}  // namespace leadlab::cli
