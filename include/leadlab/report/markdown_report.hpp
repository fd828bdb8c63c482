// The Markdown progress report: what `leadlab export` (the default format) writes for a
// person to read, on GitHub or in any Markdown viewer. Pure: a ReportInput in, text out;
// load_report gathers the input from a journal. Everything a user typed is escaped so that
// it cannot break a table, start a heading or inject HTML.
#pragma once

#include <chrono>
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "leadlab/analysis/experiment_analysis.hpp"
#include "leadlab/actions/experiments.hpp"
#include "leadlab/storage/journal.hpp"
#include "leadlab/model/model.hpp"
#include "leadlab/report/text_view.hpp"

namespace leadlab {

// One experiment with everything the report says about it.
struct ReportExperiment {
  ExperimentRow row;              // the experiment and its points per phase
  std::vector<Entry> entries;     // its entries in date order (within the period, if any)
  int entries_before_period = 0;  // entries left out: dated before `since`
  ExperimentAnalysis analysis;    // of every entry: a verdict on part of a phase would mislead
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
// after it (experiments without any entry since then, and not closed, created or commented
// on since, are left out unless named in `ids`). The analysis always reads every entry.
ReportInput load_report(const Journal& journal, const std::vector<std::int64_t>& ids,
                        std::optional<Day> since, Day today,
                        std::chrono::weekday week_start = std::chrono::Monday);

// The report as GitHub-flavoured Markdown, deterministic for a given input: a title with
// the owner and the period, a summary table (status, points, effect, decision), then per
// experiment its facts, hypothesis, change, prediction, metrics, a week-by-week table with a
// Mermaid xychart-beta chart and sparklines, the analysis in words with its adequacy, the
// entries with their notes, reviews, comments, and the next step with its lineage.
std::string render_markdown_report(const ReportInput& input);

// The same text as render_markdown_report(load_report(...)), written to `out`, reading one
// experiment at a time: a whole journal's report holds its text, never all of its entries.
void write_markdown_report(std::ostream& out, const Journal& journal,
                           const std::vector<std::int64_t>& ids, std::optional<Day> since,
                           Day today, std::chrono::weekday week_start = std::chrono::Monday);

// User text made safe inside Markdown running text or a table cell: no HTML, no heading,
// list, quote or code start, no table break, no link or emphasis syntax; newlines become
// spaces in a table cell (`in_table`) and hard breaks elsewhere.
std::string markdown_escape(std::string_view text, bool in_table = false);

// `text` on one line as an inline code span (`...`), fenced with more backticks than any run
// inside it, so that nothing in it ends the span early. Not for table cells (a `|` would
// still end the cell).
std::string markdown_code(std::string_view text);

// `text` made safe inside a quoted Mermaid string (`title "..."`, an axis label): one line
// of letters (any script), digits, spaces and . , : ! ? ( ) ' / + - = _ @ only; quotes and
// backticks become apostrophes, anything else (mark-up, `#` and `%` escapes, controls) a
// space; spaces collapsed; at most 60 columns.
std::string mermaid_text(std::string_view text);

}  // namespace leadlab
