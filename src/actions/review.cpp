#include "leadlab/actions/review.hpp"

#include "leadlab/model/dates.hpp"
#include "leadlab/model/error.hpp"
#include "leadlab/actions/experiments.hpp"
#include "leadlab/model/text.hpp"

namespace leadlab {

std::string PlanAdherence::describe() const {
  if (test_entries == 0) return "no test occasions logged";
  return "as planned in " + std::to_string(test_entries - off_plan) + " of " +
         std::to_string(test_entries) + " test occasions";
}

PlanAdherence plan_adherence(const Experiment& e, std::span<const Entry> entries) {
  PlanAdherence a;
  for (const auto& entry : entries) {
    if (e.phase_of(entry.date) != Phase::kTesting) continue;
    ++a.test_entries;
    if (!entry.as_planned) ++a.off_plan;
  }
  return a;
}

DecisionSuggestion suggest_decision(const Experiment& e, const ExperimentAnalysis& analysis,
                                    const PlanAdherence& adherence) {
  // More than a third of the occasions off plan: the change was not really tested.
  if (adherence.test_entries > 0 && adherence.off_plan * 3 > adherence.test_entries) {
    return {"adapt", "the change was not carried out as planned (" + adherence.describe() +
                         "): make it smaller or easier and test it again"};
  }
  const Metric* headline = headline_metric(e);
  const MetricReport* report = headline ? analysis.find(headline->name) : nullptr;
  if (report == nullptr || report->analysis.comparison.adequacy == Adequacy::kNotEnoughData) {
    return {"adapt",
            "there is not enough data to judge: adapt the plan (more occasions, or "
            "an easier way to count) and keep testing"};
  }
  const auto& c = report->analysis.comparison;
  const auto& chart = report->analysis.run_chart;
  const bool signal = (chart.shift && chart.shift->better) ||
                      (chart.trend && chart.trend->better) ||
                      (c.nap_band && *c.nap_band != NapBand::kWeak);
  const bool success = analysis.success && analysis.success->result
                           ? analysis.success->result->state == RuleState::kMet
                           : c.nap && *c.nap >= 0.66;
  if (signal && success) {
    return {"adopt", headline->name + " improved against the baseline" +
                         (analysis.success ? " and the success rule is met" : "") +
                         ": adopt it, then try the same change in a new context"};
  }
  if (signal) {
    return {"adapt", headline->name +
                         " moved the right way, but not as far as planned: adapt "
                         "the change and test again"};
  }
  return {"abandon", "the change was carried out but " + headline->name +
                         " shows no clear change: abandon it and try another behaviour"};
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
  if (!a.prediction_met.empty() && a.prediction_met != "yes" && a.prediction_met != "partly" &&
      a.prediction_met != "no") {
    throw UsageError("--prediction-met must be yes, partly or no, not \"" +
                         terminal_safe(a.prediction_met) + "\"",
                     "did the result match your prediction?");
  }
  if (!a.decision.empty() && a.decision != "adopt" && a.decision != "adapt" &&
      a.decision != "abandon") {
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
}

Review close_with_review(Journal& journal, std::int64_t id, const ReviewAnswers& a, Day today) {
  if (const auto missing = missing_review_flags(a); !missing.empty()) {
    std::string list;
    for (const auto& flag : missing) list += (list.empty() ? "" : ", ") + flag;
    throw UsageError("a review needs " + list, "give them as flags, or run `leadlab review " +
                                                   std::to_string(id) +
                                                   "` at a terminal to be asked");
  }
  check_review_answers(a, today);
  auto tx = journal.begin_write();
  Experiment e = require_experiment(journal, id);
  const std::string ref = "experiment " + std::to_string(id);
  if (e.status == Status::kClosed) {
    throw UsageError(ref + " is closed already",
                     "to amend its review, reopen it with `leadlab reopen " + std::to_string(id) +
                         "` and review it again; the earlier review is kept");
  }
  if (e.status == Status::kDraft) {
    throw UsageError(ref + " is a draft: there is nothing to review yet",
                     "begin it with `leadlab baseline " + std::to_string(id) + "`");
  }
  Review r;
  r.experiment_id = id;
  r.prediction_met = a.prediction_met;
  r.observed = a.observed;
  r.difference = a.difference;
  r.learned = a.learned;
  r.surprised = a.surprised;
  r.as_planned = a.as_planned;
  r.decision = a.decision;
  r.next_step = a.next_step;
  r.next_by = a.next_by;
  r.commitment = a.commitment;
  r.author = a.author;
  journal.insert_review(r);
  e.status = Status::kClosed;
  e.closed = r.created;
  journal.update_experiment(e);
  tx.commit();
  return r;
}

Experiment reopen_experiment(Journal& journal, std::int64_t id) {
  auto tx = journal.begin_write();
  Experiment e = require_experiment(journal, id);
  if (e.status != Status::kClosed) {
    throw UsageError("experiment " + std::to_string(id) + " is not closed (it is " +
                         std::string(to_string(e.status)) + ")",
                     "only a closed experiment can be reopened");
  }
  e.status = e.test_start ? Status::kTesting : Status::kBaseline;
  e.closed.clear();
  journal.update_experiment(e);
  tx.commit();
  return e;
}

}  // namespace leadlab
