#include "leadlab/analysis/tally.hpp"

#include <algorithm>
#include <cctype>

#include "leadlab/model/error.hpp"
#include "leadlab/model/text.hpp"
#include "leadlab/model/values.hpp"

namespace leadlab {

namespace {

char free_key(const std::vector<TallyKey>& taken, const Metric& metric) {
  auto is_free = [&taken](char c) {
    return c != Tally::kUndo &&
           std::none_of(taken.begin(), taken.end(), [c](const TallyKey& k) { return k.key == c; });
  };
  std::string candidates = metric.name + metric.label + "abcdefghijklmnopqrstuvwxyz123456789";
  for (char c : candidates) {
    const char lower = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const bool usable = (lower >= 'a' && lower <= 'z') || (lower >= '1' && lower <= '9');
    if (usable && is_free(lower)) return lower;
  }
  throw UsageError("experiment has more counted metrics than `tally` has keys (34)",
                   "log the counts with `leadlab log` instead");
}

std::string listed(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

}  // namespace

Tally::Tally(Experiment experiment, const std::vector<std::string>& only)
    : experiment_(std::move(experiment)) {
  std::vector<std::string> counted;
  for (const auto& m : experiment_.metrics)
    if (m.kind == MetricKind::kCount) counted.push_back(m.name);
  for (const auto& name : only) {
    if (std::find(counted.begin(), counted.end(), name) != counted.end()) continue;
    const auto guess = closest_match(name, counted);
    throw UsageError("experiment " + std::to_string(experiment_.id) + " has no count metric \"" +
                         terminal_safe(name) + "\"" +
                         (guess ? "; did you mean \"" + *guess + "\"?" : ""),
                     counted.empty() ? "only count metrics can be tallied"
                                     : "its count metrics: " + listed(counted));
  }
  for (const auto& m : experiment_.metrics) {
    if (m.kind != MetricKind::kCount) continue;
    if (!only.empty() && std::find(only.begin(), only.end(), m.name) == only.end()) continue;
    keys_.push_back({free_key(keys_, m), m.name});
    counts_[m.name] = 0;
  }
  if (keys_.empty()) {
    throw UsageError("experiment " + std::to_string(experiment_.id) +
                         " has no metric of kind count, so there is nothing to tally",
                     "log its values with `leadlab log " + std::to_string(experiment_.id) + "`");
  }
}

Tally::Press Tally::press(char key) {
  const char lower = static_cast<char>(std::tolower(static_cast<unsigned char>(key)));
  if (lower == kUndo) {
    if (history_.empty()) return Press::kNothingToUndo;
    --counts_[history_.back()];
    history_.pop_back();
    return Press::kUndone;
  }
  for (const auto& k : keys_) {
    if (k.key != lower) continue;
    ++counts_[k.metric];
    history_.push_back(k.metric);
    return Press::kCounted;
  }
  return Press::kUnknown;
}

int Tally::count(std::string_view metric) const {
  const auto it = counts_.find(metric);
  return it == counts_.end() ? 0 : it->second;
}

std::vector<std::pair<const Metric*, std::optional<double>>> Tally::values() const {
  Entry entry;
  for (const auto& [name, count] : counts_) entry.values[name] = count;
  return entry_values(experiment_, entry);
}

std::vector<std::string> Tally::uncounted() const {
  std::vector<std::string> out;
  for (const auto& k : keys_)
    if (count(k.metric) == 0) out.push_back(k.metric);
  return out;
}

std::vector<std::string> Tally::assignments(bool zeros) const {
  std::vector<std::string> out;
  for (const auto& k : keys_) {
    const int n = count(k.metric);
    if (n > 0 || zeros) out.push_back(k.metric + "=" + std::to_string(n));
  }
  return out;
}

}  // namespace leadlab
