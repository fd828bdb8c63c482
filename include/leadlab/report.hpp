// The Markdown progress report: what `leadlab export` (the default format) writes for a
// person to read, on GitHub or in any Markdown viewer. Pure: a ReportInput in, text out;
// load_report gathers the input from a journal. Everything a user typed is escaped so that
// it cannot break a table, start a heading or inject HTML.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "leadlab/experiment_analysis.hpp"
#include "leadlab/experiments.hpp"
#include "leadlab/journal.hpp"
#include "leadlab/model.hpp"
#include "leadlab/text_view.hpp"

namespace leadlab {

// One experiment with everything the report says about it.
struct ReportExperiment {
  ExperimentRow row;           // the experiment and its points per phase
  std::vector<Entry> entries;  // its entries in date order (within the period, if any)
  ExperimentAnalysis analysis;
  Lineage lineage;
  std::vector<Review> reviews;    // oldest first
  std::vector<Comment> comments;  // oldest first
};

struct ReportInput {
  std::string owner;         // the journal's owner; may be empty
  Day today{};               // the report's date
  std::optional<Day> since;  // --since: the period begins here; nullopt: from the beginning
  std::chrono::weekday week_start = std::chrono::Monday;
  std::vector<ReportExperiment> experiments;  // by id
};

// Reads what the report needs from the journal: the experiments `ids` (every experiment
// when empty; UsageError for an unknown id), and with `since`, only entries dated on or
// after it (experiments without any entry since then, and not closed or created since, are
// left out unless named in `ids`).
ReportInput load_report(const Journal& journal, const std::vector<std::int64_t>& ids,
                        std::optional<Day> since, Day today,
                        std::chrono::weekday week_start = std::chrono::Monday);

// The report as GitHub-flavoured Markdown, deterministic for a given input.
std::string render_markdown_report(const ReportInput& input);

// User text made safe inside Markdown running text or a table cell: no HTML, no heading,
// list, quote or code start, no table break, no link or emphasis syntax; newlines become
// spaces in a table cell (`in_table`) and hard breaks elsewhere.
std::string markdown_escape(std::string_view text, bool in_table = false);

}  // namespace leadlab
