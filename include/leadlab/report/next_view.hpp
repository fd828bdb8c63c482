// What `next` prints: the plan's numbered suggestions with their commands, then the
// questions to reflect on; or the same as JSON.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "leadlab/analysis/next.hpp"
#include "leadlab/report/text_view.hpp"

namespace leadlab {

// The `next` plan: numbered items with their commands, then the questions.
// The pending step first, when there is one.
std::string render_next(const NextPlan& plan, const RenderOptions& options);
// {"next_step": ... or null, "items": [...], "questions": [...]}.
nlohmann::json next_json(const NextPlan& plan, Day today);

// The latest review's pending next step (PendingStep::describe), wrapped; `status` and
// `next` print it.
std::string render_pending_step(const PendingStep& step, const RenderOptions& options);
nlohmann::json pending_step_json(const PendingStep& step, Day today);

}  // namespace leadlab
