#include "leadlab/report/merge_view.hpp"

namespace leadlab {

using nlohmann::json;

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
    part(c.skipped, "skipped (deleted here)");
    if (parts.empty()) continue;
    std::string label = kind;
    label.resize(13, ' ');
    out += "  " + label + parts + "\n";
  }
  if (report.owner_set) out += "  owner        taken from the bundle\n";
  for (const auto& note : report.notes) out += "  note         " + note + "\n";
  return out;
}

json merge_json(const MergeReport& report) {
  json counts = json::object();
  for (const auto& [kind, c] : report.counts)
    counts[kind] = {{"added", c.added},
                    {"updated", c.updated},
                    {"unchanged", c.unchanged},
                    {"skipped", c.skipped}};
  return {{"changes", report.changes()},
          {"owner_set", report.owner_set},
          {"counts", counts},
          {"notes", report.notes}};
}

}  // namespace leadlab
