// Study and Act: reviewing an experiment against its prediction, deciding to adopt, adapt
// or abandon it, and closing it; reopening it to amend the review. Reviews are never
// overwritten: an amended review is a new one, and the history stays.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "leadlab/analysis/experiment_analysis.hpp"
#include "leadlab/storage/journal.hpp"
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

// The answers of a review, as given by flags or at the terminal.
struct ReviewAnswers {
  std::string prediction_met;  // yes | partly | no
  std::string observed;        // what happened
  std::string difference;      // why there was a difference from the prediction
  std::string learned;
  std::string surprised;
  std::string as_planned;  // was the change carried out as planned, in words
  std::string decision;    // adopt | adapt | abandon
  std::string next_step;
  std::optional<Day> next_by;
  std::optional<int> commitment;  // 1-10
  std::string author;
};

// The flags still missing for a review without a terminal, e.g. {"--observed"}. Required:
// --prediction-met, --observed, --learned, --decision, --next-step.
std::vector<std::string> missing_review_flags(const ReviewAnswers& answers);

// Checks every answer (allowed values, text, commitment 1-10, a next-step date not in the
// past); UsageError naming the flag otherwise.
void check_review_answers(const ReviewAnswers& answers, Day today);

// Records the review and closes the experiment, in one transaction. The experiment must be
// in its baseline or testing (a closed one must be reopened first).
Review close_with_review(Journal& journal, std::int64_t experiment_id, const ReviewAnswers& answers,
                         Day today);

// Reopens a closed experiment: back to testing (or baseline, if it never began its test).
// Its reviews stay; the next `review` adds one.
Experiment reopen_experiment(Journal& journal, std::int64_t experiment_id);

}  // namespace leadlab
