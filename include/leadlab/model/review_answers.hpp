// A review's answers (Study and Act) as a user gives them, and the one place where they are
// checked: did the result match the prediction, the decision, the commitment, the texts.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "leadlab/model/model.hpp"

namespace leadlab {

// Did the result match the prediction.
enum class PredictionMet { kYes, kPartly, kNo };
// What the review decides: keep the change, change it and test again, or try another one.
enum class Decision { kAdopt, kAdapt, kAbandon };

std::string_view to_string(PredictionMet value);  // "yes", "partly", "no"
std::string_view to_string(Decision value);       // "adopt", "adapt", "abandon"
std::optional<PredictionMet> parse_prediction_met(std::string_view text);
std::optional<Decision> parse_decision(std::string_view text);
// Every value's name, in the order a prompt offers them.
std::vector<std::string> prediction_met_names();
std::vector<std::string> decision_names();

// The answers of a review, as given by flags or at the terminal.
struct ReviewAnswers {
  std::string prediction_met;  // yes | partly | no (parse_prediction_met)
  std::string observed;        // what happened
  std::string difference;      // why there was a difference from the prediction
  std::string learned;
  std::string surprised;
  std::string as_planned;  // was the change carried out as planned, in words
  std::string decision;    // adopt | adapt | abandon (parse_decision)
  std::string next_step;
  std::optional<Day> next_by;
  std::optional<int> commitment;  // 1-10
  std::string author;
  // The template's review prompts and their answers, in the template's order. A review has
  // no field of its own for them: they are kept in its `learned` text (learned_text).
  std::vector<std::pair<std::string, std::string>> prompt_answers;
};

// What a review stores as `learned`: the answer to "What did you learn", then each answered
// prompt on a line of its own, its answer below it, separated by blank lines.
std::string learned_text(const ReviewAnswers& answers);

// The flags still missing for a review without a terminal, e.g. {"--observed"}. Required:
// --prediction-met, --observed, --learned, --decision, --next-step.
std::vector<std::string> missing_review_flags(const ReviewAnswers& answers);

// Checks every answer (allowed values, text, commitment 1-10, a next-step date not in the
// past); UsageError naming the flag otherwise.
void check_review_answers(const ReviewAnswers& answers, Day today);

}  // namespace leadlab
