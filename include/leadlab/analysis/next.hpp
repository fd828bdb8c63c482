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
  // review-due | stale | follow-up | new-context | smaller | other-area | begin
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

struct NextPlan {
  std::vector<NextItem> items;         // in the order to act on them
  std::vector<std::string> questions;  // two or three, for the situation
};

// The latest decision: the most recently closed experiment and its review.
struct LatestDecision {
  Experiment experiment;
  Review review;
};

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
