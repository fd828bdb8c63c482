#include "leadlab/report/merge_view.hpp"

#include <map>
#include <string_view>

#include "leadlab/model/text.hpp"

namespace leadlab {

using nlohmann::json;

std::string merge_headline(const MergeReport& report, const std::string& name, bool dry_run) {
  if (report.changes())
    return dry_run ? "Importing " + name + " would change:" : "Imported " + name + ":";
  if (!report.differs()) return "No changes: everything in " + name + " is already in the journal.";
  // The bundle holds other versions than the journal's: say which the journal kept.
  int kept = 0;
  int skipped = 0;
  for (const auto& [kind, c] : report.counts) {
    kept += c.kept;
    skipped += c.skipped;
  }
  const auto records = [](int n) { return std::to_string(n) + (n == 1 ? " record" : " records"); };
  std::string what;
  if (kept > 0) {
    what = "the journal kept its newer " + std::string(kept == 1 ? "version" : "versions") +
           " of " + records(kept);
  }
  if (skipped > 0) {
    what += (what.empty() ? "" : "; ") + records(skipped) + " deleted here " +
            (skipped == 1 ? "stays" : "stay") + " deleted";
  }
  return "No changes from " + name + ": " + what + ".";
}

std::string describe_merge(const MergeReport& report) {
  std::string out;
  for (const char* kind :
       {"experiments", "metrics", "entries", "reviews", "comments", "tombstones"}) {
    const auto it = report.counts.find(kind);
    if (it == report.counts.end()) continue;
    const MergeCounts& c = it->second;
    std::string parts;
    auto part = [&](int n, const char* what) {
      if (n > 0) parts += (parts.empty() ? "" : ", ") + std::to_string(n) + " " + what;
    };
    part(c.added, "added");
    part(c.updated, "updated (newer in the bundle)");
    part(c.unchanged, "unchanged");
    part(c.kept, "kept (newer here)");
    part(c.skipped, "skipped (deleted here)");
    part(c.removed, std::string_view(kind) == "comments"
                        ? "removed (deleted by its author)"
                        : "removed (deleted where the bundle comes from)");
    if (parts.empty()) continue;
    std::string label = kind;
    label.resize(13, ' ');
    out += "  " + label + parts + "\n";
  }
  for (const auto& note : report.notes) out += "  note         " + note + "\n";
  return out;
}

std::string describe_merge_details(const MergeReport& report, std::size_t per_kind) {
  std::string out;
  std::map<std::string, std::size_t> shown;
  std::map<std::string, std::size_t> more;
  for (const auto& d : report.details) {
    if (shown[d.kind]++ < per_kind) {
      out += "  " + d.kind + " " + d.change + ": " + terminal_safe(d.what) + "\n";
    } else {
      more[d.kind]++;
    }
  }
  for (const auto& [kind, n] : more)
    out += "  ... and " + std::to_string(n) + " more " + kind + (n == 1 ? "" : "s") + "\n";
  return out;
}

json merge_json(const MergeReport& report) {
  json counts = json::object();
  for (const auto& [kind, c] : report.counts)
    counts[kind] = {{"added", c.added}, {"updated", c.updated}, {"unchanged", c.unchanged},
                    {"kept", c.kept},   {"skipped", c.skipped}, {"removed", c.removed}};
  json details = json::array();
  for (const auto& d : report.details)
    details.push_back({{"kind", d.kind}, {"change", d.change}, {"what", d.what}});
  return {{"changes", report.changes()},
          {"origin", report.origin},
          {"counts", counts},
          {"details", details},
          {"notes", report.notes}};
}

}  // namespace leadlab
