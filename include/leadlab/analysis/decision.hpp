// What the data suggests deciding at a review, and how faithfully the change was carried out:
// pure functions of an experiment, its entries and its analysis.
#pragma once

#include <span>
#include <string>

#include "leadlab/analysis/experiment_analysis.hpp"
#include "leadlab/model/model.hpp"

namespace leadlab {

// What the data suggests deciding, following the PDSA rule of thumb (domain.md): a signal
// with the prediction met → adopt, then try it in a new context; not carried out as
// planned → adapt (smaller, easier); carried out with no signal → abandon and pick another
// behaviour. A suggestion, never imposed.
struct DecisionSuggestion {
  std::string decision;  // adopt | adapt | abandon
  std::string reason;    // one sentence, ASCII
};

// How the change was carried out in the test phase: entries off plan among test entries.
struct PlanAdherence {
  int test_entries = 0;
  int off_plan = 0;
  // "as planned in 5 of 6 test occasions"; "no test occasions logged" when none.
  std::string describe() const;
};

PlanAdherence plan_adherence(const Experiment& experiment, std::span<const Entry> entries);

DecisionSuggestion suggest_decision(const Experiment& experiment,
                                    const ExperimentAnalysis& analysis,
                                    const PlanAdherence& adherence);

}  // namespace leadlab
