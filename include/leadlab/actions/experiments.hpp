// Experiments in a journal: storing a new one (built by model/experiment_spec.hpp), finding
// one and its series of cycles, and moving it through its phases. Each operation validates
// everything before it writes, and writes in one transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "leadlab/model/experiment_spec.hpp"
#include "leadlab/model/model.hpp"
#include "leadlab/storage/journal.hpp"

namespace leadlab {

// Builds and stores a new experiment; returns it with its id. When the spec follows an
// experiment, the new one records it as its parent and takes the next cycle number.
Experiment create_experiment(Journal& journal, const ExperimentSpec& spec);

// An experiment that already follows the same parent as `spec` with the same title, or in
// the same occasion with the same change: creating `spec` would repeat it. nullopt when the
// spec follows nothing or nothing like it exists.
std::optional<Experiment> same_follow_up(const Journal& journal, const ExperimentSpec& spec);

// The experiment with this id, or UsageError "no experiment N" with a hint.
Experiment require_experiment(const Journal& journal, std::int64_t id);

Lineage lineage_of(const Journal& journal, const Experiment& experiment);

// Every experiment of the series `id` belongs to, from its first cycle on (parents before
// children, then by id).
std::vector<Experiment> series_of(const Journal& journal, std::int64_t id);

// The result of a phase change, for the confirmation message.
struct PhaseChange {
  Experiment experiment;
  std::vector<Entry> moved;  // entries on or after the test start that now count as testing
  int baseline_points = 0;   // baseline entries before the test start
  // "entries 4 and 5 (2026-11-20, 2026-11-21) move into the test phase"; empty if none.
  std::string describe_moved() const;
  // True when the test begins before the planned baseline points are in (and there is a
  // baseline at all): the comparison will rest on fewer points than planned.
  bool baseline_short() const;
  // For a randomised start: the occasion the test begins at (baseline_points + 1), when it
  // is not the drawn one; nullopt otherwise.
  std::optional<int> breaks_design() const;
};

// The smallest FIRST of a randomised start: 3 baseline occasions at least, the fewest that
// leadlab judges a phase on. And the largest LAST it accepts.
inline constexpr int kMinRandomFirst = 4;
inline constexpr int kMaxRandomLast = 500;

// `baseline ID --random-start FIRST..LAST`: the range, and the seed of the draw (the CLI
// takes it from LEADLAB_RANDOM_SEED, for tests, else from std::random_device).
struct RandomStartRequest {
  int first = 0;
  int last = 0;
  std::uint64_t seed = 0;
};

// Begins the baseline on `date` (not after `today`). Only a draft can begin its baseline.
// With `random`, also draws the occasion the change begins at, uniformly from the range,
// and plans the baseline to end just before it (baseline_points = drawn - 1). An experiment
// already in its baseline, without a randomised start, may take one then (its baseline
// start stays). The range must begin at kMinRandomFirst or later, after every occasion
// already logged, and end by kMaxRandomLast; otherwise UsageError and nothing is written.
PhaseChange begin_baseline(Journal& journal, std::int64_t id, Day date, Day today,
                           const std::optional<RandomStartRequest>& random = std::nullopt);

// Begins the test phase on `date` (not after `today`, not before the baseline began).
// A draft may start straight in testing: then there is no before/after comparison. With a
// randomised start it records the occasion the test began at (RandomStart::started): any
// other than the drawn one breaks the design, and the analysis says so.
PhaseChange begin_test(Journal& journal, std::int64_t id, Day date, Day today);

// What begin_test would do, checked the same way but without writing: for a warning and a
// question before the change is made.
PhaseChange preview_test(const Journal& journal, std::int64_t id, Day date, Day today);

}  // namespace leadlab
