// Loading what the dashboard (`status`), the summary and `next` show from a journal: the
// journal is read here, the pictures are computed by the analysis layer (dashboard.hpp,
// summary.hpp, next.hpp).
#pragma once

#include <vector>

#include "leadlab/analysis/dashboard.hpp"
#include "leadlab/analysis/next.hpp"
#include "leadlab/analysis/summary.hpp"
#include "leadlab/storage/journal.hpp"

namespace leadlab {

// The dashboard: every experiment in its baseline or testing, oldest first.
std::vector<DashboardItem> load_dashboard(const Journal& journal, Day today);

// The summary of `weeks`, read from the journal: every experiment, since one may have
// started or closed in the period without an entry in it, and the entries of the period.
Summary load_summary(const Journal& journal, const WeekRange& weeks, Day today);

// The plan `next` shows: from the journal's experiments and latest decision, or, before there
// is a journal (`journal` null), how to begin.
NextPlan load_next(const Journal* journal, const TemplateLibrary& templates, Day today);

// The latest decision with the experiments that follow it (for `next` and the next step
// `status` shows), or nullopt before any review.
std::optional<LatestDecision> load_latest_decision(const Journal& journal);

// Creates the experiment a suggestion of the plan describes (spec_for), following its parent.
Experiment create_suggested(Journal& journal, const NextItem& item,
                            const TemplateLibrary& templates);

}  // namespace leadlab
