// Study and Act: reviewing an experiment against its prediction, deciding to adopt, adapt
// or abandon it, and closing it; reopening it to amend the review. Reviews are never
// overwritten: an amended review is a new one, and the history stays.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "leadlab/model/model.hpp"
#include "leadlab/model/review_answers.hpp"
#include "leadlab/storage/journal.hpp"

namespace leadlab {

// Records the review and closes the experiment, in one transaction. The experiment must be
// in its baseline or testing (a closed one must be reopened first).
Review close_with_review(Journal& journal, std::int64_t experiment_id, const ReviewAnswers& answers,
                         Day today);

// Reopens a closed experiment: back to testing (or baseline, if it never began its test).
// Its reviews stay; the next `review` adds one.
Experiment reopen_experiment(Journal& journal, std::int64_t experiment_id);

}  // namespace leadlab
