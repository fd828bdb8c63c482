// What to do next: reviews that are due, experiments gone quiet, the next experiment that
// follows the latest decision, and a few questions to reflect on. One ordered,
// deterministic list; every suggestion carries the exact command that acts on it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "leadlab/model/experiment_spec.hpp"
#include "leadlab/model/model.hpp"
#include "leadlab/model/template.hpp"

namespace leadlab {

// Days without an entry after which an active experiment gets a nudge.
inline constexpr int kStaleDays = 7;

struct NextItem {
  // review-due | start-due (a randomised start's drawn occasion is next) | stale | follow-up |
  // new-context | smaller | other-area | begin
  std::string kind;
  std::int64_t experiment = 0;  // the experiment it is about; 0 for none
  std::string text;             // what to do, in a sentence
  std::string command;          // the exact command that does it

  // For suggestions that create an experiment (`next --create`): where it starts from.
  bool creates = false;
  std::string template_name;            // a template to start from, or empty
  std::optional<std::int64_t> follows;  // the experiment it follows
  ExperimentSpec overrides;             // fields set on top (title, occasion, ...)
};

// The next step the latest review committed to ("try it in my 1:1s by 2026-12-11,
// commitment 8/10"), while it is not done: no experiment follows the reviewed one yet.
struct PendingStep {
  std::int64_t experiment = 0;  // the reviewed experiment
  std::string text;             // the review's next step
  std::optional<Day> by;
  std::optional<int> commitment;
  int days_past = 0;  // days since `by` passed; 0 while it has not
  // "Your next step from the review of experiment 1: try it in my 1:1s, by 2026-12-11
  // (in 5 days), commitment 8/10"; past its date it says "was due ... (3 days ago)".
  std::string describe(Day today) const;
};

struct NextPlan {
  std::optional<PendingStep> next_step;  // the latest review's own next step, while pending
  std::vector<NextItem> items;           // in the order to act on them
  std::vector<std::string> questions;    // two or three, for the situation
};

// The latest decision: the most recently closed experiment, its review, and the experiments
// that already follow it (the suggestions they took up are not offered again).
struct LatestDecision {
  Experiment experiment;
  Review review;
  std::vector<Experiment> children;
};

// Days after its date that a review's unfinished next step is still shown (saying it is past).
inline constexpr int kPastStepDays = 14;

// The latest review's next step while it is pending: it has a text, no experiment follows
// the reviewed one yet, and its date is not more than kPastStepDays past.
std::optional<PendingStep> pending_step(const LatestDecision& latest, Day today);

// The experiment among `children` that already took up a creating suggestion: one from the
// same template (a template suggestion), in the same occasion (a new context), or any (a
// smaller version); nullptr when none did.
const Experiment* taken_up_by(const NextItem& item, const std::vector<Experiment>& children);

// Builds the plan from the journal's experiments (with their stats), the latest decision
// (if any experiment has been reviewed), the templates and today's date.
NextPlan plan_next(const std::vector<ExperimentRow>& experiments,
                   const std::optional<LatestDecision>& latest, const TemplateLibrary& templates,
                   Day today);

// The spec `next --create` uses for a suggestion: the parent's definition (when it follows
// one), the template (when it names one) and the suggestion's overrides, in that order.
ExperimentSpec spec_for(const NextItem& item, const std::optional<Experiment>& parent,
                        const TemplateLibrary& templates);

}  // namespace leadlab
