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

// The experiment with this id, or UsageError "no experiment N" with a hint.
Experiment require_experiment(const Journal& journal, std::int64_t id);

Lineage lineage_of(const Journal& journal, const Experiment& experiment);

// Every experiment of the series `id` belongs to, from its first cycle on (parents before
// children, then by id).
std::vector<Experiment> series_of(const Journal& journal, std::int64_t id);

// The result of a phase change, for the confirmation message.
struct PhaseChange {
  Experiment experiment;
  int entries_moved = 0;  // entries on or after the test start that now count as testing
};

// Begins the baseline on `date` (not after `today`). Only a draft can begin its baseline.
PhaseChange begin_baseline(Journal& journal, std::int64_t id, Day date, Day today);

// Begins the test phase on `date` (not after `today`, not before the baseline began).
// A draft may start straight in testing: then there is no before/after comparison.
PhaseChange begin_test(Journal& journal, std::int64_t id, Day date, Day today);

}  // namespace leadlab
