// What a progress report reads from the journal: its scope, and its experiments with their
// entries, analysis, lineage, reviews and comments, one at a time or all at once. The report
// itself (report/markdown_report.hpp) never sees the journal.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

#include "leadlab/analysis/report_input.hpp"
#include "leadlab/model/bundle.hpp"
#include "leadlab/model/model.hpp"
#include "leadlab/storage/journal.hpp"

namespace leadlab {

// The report's scope: the journal's owner, `today`, the period from `since` and the week
// start.
ReportScope report_scope(const Journal& journal, std::optional<Day> since, Day today,
                         std::chrono::weekday week_start = std::chrono::Monday);

// A source of the experiments `ids` (every experiment when empty; UsageError for an unknown
// id, when the source is called), read one at a time from `journal`, which must outlive it.
// With `since`, only entries dated on or after it (experiments without any entry since
// then, and not closed, created or commented on since, are left out unless named in `ids`).
// The analysis always reads every entry.
ReportSource report_experiments(const Journal& journal, std::vector<std::int64_t> ids,
                                std::optional<Day> since,
                                std::chrono::weekday week_start = std::chrono::Monday);

// `source` without what the leader keeps private (`export --without`): the entries' notes,
// the comments. Sets scope.left_out to say so in the report.
ReportSource leave_out(ReportSource source, const BundleOmits& without, ReportScope& scope);

// The report's scope and all of its experiments at once (report_scope, report_experiments).
ReportInput load_report(const Journal& journal, const std::vector<std::int64_t>& ids,
                        std::optional<Day> since, Day today,
                        std::chrono::weekday week_start = std::chrono::Monday);

// One experiment with everything `show` prints about it (its stats, every entry, analysis,
// lineage, reviews and comments); UsageError for an unknown id.
ReportExperiment load_experiment(const Journal& journal, std::int64_t id,
                                 std::chrono::weekday week_start = std::chrono::Monday);

}  // namespace leadlab
