#include "leadlab/actions/review.hpp"

#include "leadlab/actions/experiments.hpp"
#include "leadlab/model/dates.hpp"
#include "leadlab/model/error.hpp"
#include "leadlab/model/text.hpp"

namespace leadlab {

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
  r.learned = learned_text(a);
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
