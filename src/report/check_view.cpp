#include "leadlab/report/check_view.hpp"

#include "leadlab/model/text.hpp"

namespace leadlab {

std::string render_check(const JournalCheck& check) {
  std::string out;
  for (const std::string& line : wrap(terminal_safe(check.path), 80)) out += line + "\n";
  out += labelled("format",
                  "version " + std::to_string(check.format_version) +
                      (check.format_version == check.latest_format_version ? " (the latest)" : ""));
  out += labelled("owner", check.owner);
  for (const auto& [table, n] : check.counts)
    out += "  " + pad_right(table, 12) + std::to_string(n) + "\n";
  if (check.sound()) {
    return out +
           "Sound: SQLite's integrity and foreign-key checks pass, the points stored with\n"
           "each experiment match its entries, and every record keeps leadlab's rules.\n";
  }
  for (const auto& p : check.problems)
    for (const std::string& line : wrap("problem: " + terminal_safe(p), 80)) out += line + "\n";
  return out + std::to_string(check.problems.size()) +
         (check.problems.size() == 1 ? " problem" : " problems") +
         " found. Keep a copy of the file as it is, and restore the journal\n"
         "from your latest backup (`leadlab backup FILE` makes one).\n";
}

nlohmann::json check_json(const JournalCheck& check) {
  nlohmann::json j = {{"journal", check.path},
                      {"sound", check.sound()},
                      {"format_version", check.format_version},
                      {"latest_format_version", check.latest_format_version},
                      {"uuid", check.uuid},
                      {"owner", check.owner},
                      {"counts", nlohmann::json::object()},
                      {"problems", check.problems}};
  for (const auto& [table, n] : check.counts) j["counts"][table] = n;
  return j;
}

}  // namespace leadlab
