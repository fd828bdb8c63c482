// Terminal renderings of experiments and entries: pure functions from values to text.
// User text is passed through terminal_safe, so nothing a user typed can control the
// terminal.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "leadlab/model/model.hpp"

namespace leadlab {

// The width text is laid out for when nothing says otherwise: output that is not a terminal
// (a pipe, a file) with COLUMNS unset, and every test that does not set one.
inline constexpr int kDefaultWidth = 80;

struct RenderOptions {
  bool ascii = false;  // only bytes below 0x80
  bool color = false;  // ANSI styles for headings and phases
  // Columns a line may take. cli reads it (COLUMNS, else the terminal's width, else
  // kDefaultWidth; README, "In your shell"); report never asks the terminal.
  int width = kDefaultWidth;
  Day today{};
  // The first day of a week in weekly series (Monday: ISO weeks). Commands pass it on to
  // the engine; the configuration's week_start is meant to set it.
  std::chrono::weekday week_start = std::chrono::Monday;
};

// `text` in the ANSI style `sgr` ("1" bold, "32" green, ...) when options.color, else as is.
// Pad before styling: escapes take no columns but count as bytes.
std::string styled(const RenderOptions& options, const char* sgr, const std::string& text);

// The status name padded to `width` columns, coloured by phase.
std::string status_label(const RenderOptions& options, Status status, int width = 0);

// `list`: one line per experiment (id, status, points per phase against the plan, last
// entry, title), or a hint when there are none.
// `filter` names the options that chose the rows ("--tag x"), for the message when none did.
std::string render_list(const std::vector<ExperimentRow>& rows, const RenderOptions& options,
                        std::string_view filter = {});

// Where the entries table puts each entry's note (with an off-plan deviation before it).
enum class NoteLayout {
  kColumn,     // in the last column, wrapped within it, continuation lines under its start;
               // below the row (as kParagraph) when the column would be under 20 columns
  kWide,       // in the last column in full, on one line: nothing cut (`entries --wide`)
  kParagraph,  // below its row, in full, wrapped to the width (`show`)
};

// `entries`: the experiment's entries as a table, one column per metric.
std::string render_entries(const Experiment& experiment, const std::vector<Entry>& entries,
                           const RenderOptions& options, NoteLayout notes = NoteLayout::kColumn);

// `show`: every field of the experiment, its metrics and its entries.
std::string render_experiment(const ExperimentRow& row, const std::vector<Entry>& entries,
                              const RenderOptions& options);

// "2 days ago" style age of `day` relative to options.today.
std::string describe_age(Day day, Day today);

}  // namespace leadlab
