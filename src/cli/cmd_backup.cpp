// `leadlab backup FILE`: a consistent copy of the journal, safe while another leadlab writes.
#include <filesystem>

#include "cli/context.hpp"
#include "leadlab/model/text.hpp"

namespace leadlab::cli {

Command add_backup(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("backup", "Copy the journal, consistently, into a new file");
  auto file = std::make_shared<std::string>();
  cmd->add_option("FILE", *file, "The copy: a new file (0600); never overwritten")->required();
  cmd->footer(
      "Examples:\n  leadlab backup ~/backups/journal-2026-11-22.db\n"
      "  leadlab --read-only backup /media/usb/journal.db\n"
      "The copy is made with SQLite's online backup (safe while another leadlab\n"
      "writes), checked, and only then given its name. Open it with --journal.\n"
      "An existing FILE or a symbolic link is refused.");
  return {cmd, [&ctx, file] {
            const Journal journal = ctx.open_journal();
            journal.backup_to(*file);
            std::error_code ec;
            const auto bytes = std::filesystem::file_size(*file, ec);
            // What the copy holds, read from the copy itself.
            const auto counts = Journal::open(*file, Journal::Mode::kReadOnly).record_counts();
            if (ctx.options.json) {
              nlohmann::json j = {{"journal", journal.path()},
                                  {"backup", *file},
                                  {"bytes", ec ? 0 : bytes},
                                  {"counts", nlohmann::json::object()}};
              for (const auto& [table, n] : counts) j["counts"][table] = n;
              ctx.print_json(j);
              return 0;
            }
            std::string held;
            for (const auto& [table, n] : counts)
              if (table == "experiments" || table == "entries" || table == "reviews" ||
                  table == "comments")
                held += (held.empty() ? "" : ", ") + std::to_string(n) + " " +
                        (n == 1 ? table.substr(0, table.size() - 1) : table);
            const std::string text = "Wrote " + terminal_safe(*file) + " (" +
                                     std::to_string(ec ? 0 : bytes) +
                                     " bytes, 0600), a checked copy of " +
                                     terminal_safe(journal.path()) + ": " + held + ".";
            for (const std::string& line : wrap(text, 80)) ctx.out() << line << "\n";
            return 0;
          }};
}

}  // namespace leadlab::cli
