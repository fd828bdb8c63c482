// What the data suggests deciding at a review, and how faithfully the change was carried out:
// pure functions of an experiment, its entries and its analysis.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

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

// When the data cannot support a decision (the headline metric has "not enough data": fewer
// than kMinPhasePoints points in a phase), one plain sentence saying so, e.g. "1 baseline
// and 1 test point cannot support a decision: leadlab judges a change from 3 points in each
// phase (5 for a verdict)"; nullopt when there is enough data to judge.
std::optional<std::string> data_shortfall(const Experiment& experiment,
                                          const ExperimentAnalysis& analysis);

// Whether a decision commits to a judgement of the change (adopt or abandon); adapt keeps
// testing, so it needs no data to back it.
bool decisive(std::string_view decision);

}  // namespace leadlab
