#include "leadlab/report/sync_view.hpp"

#include <string>

#include "leadlab/model/text.hpp"

namespace leadlab {
namespace {

std::string plural(const std::string& kind, int n) {
  if (n == 1) return kind;
  if (kind == "entry") return "entries";
  return kind + "s";
}

// The order a person reads the kinds in.
const char* const kKinds[] = {"experiment", "metric", "entry", "review", "comment"};

std::string short_id(const std::string& uuid) { return uuid.substr(0, 8); }

}  // namespace

std::string changes_words(const std::map<std::string, RecordChanges>& changes) {
  std::vector<std::string> parts;
  for (const char* kind : kKinds) {
    const auto it = changes.find(kind);
    if (it == changes.end()) continue;
    const int n = it->second.added + it->second.changed + it->second.removed;
    if (n > 0) parts.push_back(std::to_string(n) + " " + plural(kind, n));
  }
  if (parts.empty()) return "nothing";
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += i + 1 == parts.size() ? " and " : ", ";
    out += parts[i];
  }
  return out;
}

nlohmann::json changes_json(const std::map<std::string, RecordChanges>& changes) {
  nlohmann::json out = nlohmann::json::object();
  for (const char* kind : kKinds) {
    const auto it = changes.find(kind);
    const RecordChanges c = it == changes.end() ? RecordChanges{} : it->second;
    out[plural(kind, 2)] = {{"added", c.added}, {"changed", c.changed}, {"removed", c.removed}};
  }
  return out;
}

std::string conflict_words(const FieldConflict& c) {
  std::string where = c.kind + " " + short_id(c.uuid);
  if (!c.parent.empty()) where += " of experiment " + short_id(c.parent);
  return conflict_words(c, where);
}

std::string conflict_words(const FieldConflict& c, const std::string& record) {
  return record + ", " + terminal_safe(c.field) + ": took " + terminal_safe(c.taken) + " (" +
         terminal_safe(c.taken_updated) + "), kept " + terminal_safe(c.other) + " (" +
         terminal_safe(c.other_updated) + ")";
}

nlohmann::json conflict_json(const FieldConflict& c) {
  return {{"uuid", c.uuid},
          {"kind", c.kind},
          {"experiment", c.parent.empty() ? c.uuid : c.parent},
          {"field", c.field},
          {"taken", c.taken},
          {"taken_updated", c.taken_updated},
          {"other", c.other},
          {"other_updated", c.other_updated},
          {"taken_is_ours", c.taken_is_ours}};
}

std::string kept_words(const KeptRecord& k) {
  return "the " + k.kind + " " + short_id(k.uuid) +
         (k.deleted_by_ours ? " was deleted here and changed on another device"
                            : " was changed here and deleted on another device") +
         ": it is kept";
}

nlohmann::json kept_json(const KeptRecord& k) {
  return {{"uuid", k.uuid},
          {"kind", k.kind},
          {"experiment", k.parent.empty() ? k.uuid : k.parent},
          {"deleted_here", k.deleted_by_ours}};
}

}  // namespace leadlab
