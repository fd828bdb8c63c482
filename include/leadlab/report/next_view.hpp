// What `next` prints: the plan's numbered suggestions with their commands, then the
// questions to reflect on; or the same as JSON.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "leadlab/analysis/next.hpp"
#include "leadlab/report/text_view.hpp"

namespace leadlab {

// The `next` plan: numbered items with their commands, then the questions.
std::string render_next(const NextPlan& plan, const RenderOptions& options);
nlohmann::json next_json(const NextPlan& plan);

}  // namespace leadlab
