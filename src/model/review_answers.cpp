#include "leadlab/model/review_answers.hpp"

#include "leadlab/model/dates.hpp"
#include "leadlab/model/error.hpp"
#include "leadlab/model/experiment_spec.hpp"
#include "leadlab/model/text.hpp"

namespace leadlab {
namespace {

constexpr PredictionMet kPredictionMet[] = {PredictionMet::kYes, PredictionMet::kPartly,
                                            PredictionMet::kNo};
constexpr Decision kDecisions[] = {Decision::kAdopt, Decision::kAdapt, Decision::kAbandon};

}  // namespace

std::string_view to_string(PredictionMet value) {
  switch (value) {
    case PredictionMet::kYes:
      return "yes";
    case PredictionMet::kPartly:
      return "partly";
    case PredictionMet::kNo:
      return "no";
  }
  return "no";
}

std::string_view to_string(Decision value) {
  switch (value) {
    case Decision::kAdopt:
      return "adopt";
    case Decision::kAdapt:
      return "adapt";
    case Decision::kAbandon:
      return "abandon";
  }
  return "abandon";
}

std::optional<PredictionMet> parse_prediction_met(std::string_view text) {
  for (PredictionMet v : kPredictionMet)
    if (to_string(v) == text) return v;
  return std::nullopt;
}

std::optional<Decision> parse_decision(std::string_view text) {
  for (Decision v : kDecisions)
    if (to_string(v) == text) return v;
  return std::nullopt;
}

std::vector<std::string> prediction_met_names() {
  std::vector<std::string> names;
  for (PredictionMet v : kPredictionMet) names.emplace_back(to_string(v));
  return names;
}

std::vector<std::string> decision_names() {
  std::vector<std::string> names;
  for (Decision v : kDecisions) names.emplace_back(to_string(v));
  return names;
}

std::vector<std::string> missing_review_flags(const ReviewAnswers& a) {
  std::vector<std::string> missing;
  const std::pair<const char*, const std::string*> required[] = {
      {"--prediction-met", &a.prediction_met},
      {"--observed", &a.observed},
      {"--learned", &a.learned},
      {"--decision", &a.decision},
      {"--next-step", &a.next_step}};
  for (const auto& [flag, value] : required)
    if (value->find_first_not_of(" \t\n") == std::string::npos) missing.emplace_back(flag);
  return missing;
}

void check_review_answers(const ReviewAnswers& a, Day today) {
  if (!a.prediction_met.empty() && !parse_prediction_met(a.prediction_met)) {
    throw UsageError("--prediction-met must be yes, partly or no, not \"" +
                         terminal_safe(a.prediction_met) + "\"",
                     "did the result match your prediction?");
  }
  if (!a.decision.empty() && !parse_decision(a.decision)) {
    throw UsageError(
        "--decision must be adopt, adapt or abandon, not \"" + terminal_safe(a.decision) + "\"",
        "adopt: keep the change; adapt: change it and test again; abandon: try "
        "another behaviour");
  }
  if (a.commitment && (*a.commitment < 1 || *a.commitment > 10)) {
    throw UsageError("--commitment must be from 1 to 10, not " + std::to_string(*a.commitment),
                     "how committed are you to the next step, 1 (not at all) to 10 (fully)?");
  }
  if (a.next_by && *a.next_by < today) {
    throw UsageError("--by " + format_date(*a.next_by) + " is in the past",
                     "give the day by which you will take the next step");
  }
  const std::pair<const char*, const std::string*> texts[] = {
      {"--observed", &a.observed},   {"--difference", &a.difference}, {"--learned", &a.learned},
      {"--surprised", &a.surprised}, {"--as-planned", &a.as_planned}, {"--next-step", &a.next_step},
      {"--author", &a.author}};
  for (const auto& [flag, value] : texts) check_text(flag, *value);
  for (const auto& [prompt, answer] : a.prompt_answers)
    check_text("a review prompt's answer", answer);
  if (!a.prompt_answers.empty())
    check_text("--learned with the review prompts' answers", learned_text(a));
}

std::string learned_text(const ReviewAnswers& a) {
  std::string text = a.learned;
  for (const auto& [prompt, answer] : a.prompt_answers)
    if (!answer.empty()) text += (text.empty() ? "" : "\n\n") + prompt + "\n" + answer;
  return text;
}

}  // namespace leadlab
