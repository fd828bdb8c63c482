// A live tally for one meeting: a key per counted metric, undo, and the entry the counts
// become. Pure: key presses in, counts out. The terminal belongs to `leadlab tally`; the
// line it draws is report/tally_view.hpp's.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "leadlab/model/model.hpp"

namespace leadlab {

struct TallyKey {
  char key;            // a lowercase letter or a digit
  std::string metric;  // the metric's name
};

class Tally {
 public:
  // The key that undoes the last press; no metric gets it.
  static constexpr char kUndo = 'u';

  // Gives each count metric (or only those named in `only`) a key: the first letter of its
  // name that is free, else of its label, else any free letter, else a digit. Throws
  // UsageError when the experiment counts nothing (no metric of kind count), or `only`
  // names a metric that is not one of its count metrics.
  explicit Tally(Experiment experiment, const std::vector<std::string>& only = {});

  const Experiment& experiment() const { return experiment_; }
  const std::vector<TallyKey>& keys() const { return keys_; }

  enum class Press { kCounted, kUndone, kNothingToUndo, kUnknown };
  // A metric's key (either case) counts one more; kUndo takes back the last count.
  Press press(char key);

  int count(std::string_view metric) const;
  // How many counts there are (presses not undone).
  std::size_t total() const { return history_.size(); }
  // Every metric's value so far in the experiment's order, derived ones evaluated over the
  // counts; metrics that are not counted have none.
  std::vector<std::pair<const Metric*, std::optional<double>>> values() const;
  // The tallied metrics that nothing was counted for (count 0), in key order. A zero is
  // recorded only when the user says none happened: an uncounted metric may simply not
  // have been watched.
  std::vector<std::string> uncounted() const;
  // "NAME=COUNT" for every metric with a count, in key order, and "NAME=0" for the
  // uncounted ones when `zeros` says none happened: the entry `log` would record.
  std::vector<std::string> assignments(bool zeros) const;

 private:
  Experiment experiment_;
  std::vector<TallyKey> keys_;
  std::map<std::string, int, std::less<>> counts_;
  std::vector<std::string> history_;  // the metric of each press, for undo
};

}  // namespace leadlab
