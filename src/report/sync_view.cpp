#include "leadlab/report/sync_view.hpp"

#include <string>

#include "leadlab/model/dates.hpp"
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

// A conflict's or a kept deletion's record with its experiment: "entry 3 (2026-11-02) of
// experiment 1", or by the starts of the UUIDs when the journal does not hold the experiment.
template <typename Record>
std::string record_words(const Record& r, const ExperimentsByUuid& experiments) {
  const std::string& experiment = experiment_of(r);
  const auto it = experiments.find(experiment);
  if (it == experiments.end()) {
    std::string out = r.kind + " " + short_id(r.uuid);
    if (!r.parent.empty()) out += " of experiment " + short_id(r.parent);
    return out;
  }
  std::string out = record_name(r.uuid, r.kind, it->second);
  if (!r.parent.empty()) out += " of experiment " + std::to_string(it->second.row.experiment.id);
  return out;
}

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

std::string record_name(const std::string& uuid, const std::string& kind,
                        const ReportExperiment& shown) {
  const Experiment& e = shown.row.experiment;
  if (uuid == e.uuid) return "experiment " + std::to_string(e.id);
  for (const Metric& m : e.metrics)
    if (m.uuid == uuid) return "metric " + terminal_safe(m.name);
  for (const Entry& x : shown.entries)
    if (x.uuid == uuid) return "entry " + std::to_string(x.id) + " (" + format_date(x.date) + ")";
  for (const Review& r : shown.reviews)
    if (r.uuid == uuid) return "review of " + r.created.substr(0, 10);
  for (const Comment& x : shown.comments)
    if (x.uuid == uuid) return "comment [" + std::to_string(x.id) + "]";
  return kind + " " + short_id(uuid);
}

std::string conflict_words(const FieldConflict& c, const ExperimentsByUuid& experiments) {
  return conflict_words(c, record_words(c, experiments));
}

std::string conflict_words(const FieldConflict& c, const std::string& record) {
  return record + ", " + terminal_safe(c.field) + ": took " + terminal_safe(c.taken) + " (" +
         terminal_safe(c.taken_updated) + "), kept " + terminal_safe(c.other) + " (" +
         terminal_safe(c.other_updated) + ")";
}

std::string conflict_item(const std::string& line, int width) {
  std::string out;
  const auto lines = wrap(line, width - 4, true);
  for (std::size_t i = 0; i < lines.size(); ++i) out += (i == 0 ? "  " : "    ") + lines[i] + "\n";
  return out;
}

nlohmann::json conflict_json(const FieldConflict& c) {
  return {{"uuid", c.uuid},
          {"kind", c.kind},
          {"experiment", experiment_of(c)},
          {"field", c.field},
          {"taken", c.taken},
          {"taken_updated", c.taken_updated},
          {"other", c.other},
          {"other_updated", c.other_updated},
          {"taken_is_ours", c.taken_is_ours}};
}

std::string kept_words(const KeptRecord& k, const ExperimentsByUuid& experiments) {
  return "the " + record_words(k, experiments) +
         (k.deleted_by_ours ? " was deleted here and changed on another device"
                            : " was changed here and deleted on another device") +
         ": it is kept";
}

nlohmann::json kept_json(const KeptRecord& k) {
  return {{"uuid", k.uuid},
          {"kind", k.kind},
          {"experiment", experiment_of(k)},
          {"deleted_here", k.deleted_by_ours}};
}

}  // namespace leadlab
