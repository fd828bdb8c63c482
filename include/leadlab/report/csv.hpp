// Entries as CSV (RFC 4180: CRLF line ends, fields quoted when they hold a comma, quote or
// line break): one row per entry and metric value, derived values included.
#pragma once

#include <ostream>
#include <vector>

#include "leadlab/model/model.hpp"

namespace leadlab {

// The header row: experiment, experiment_title, entry, date, time, phase, metric, kind,
// value, note, as_planned, deviation, entry_uuid.
void write_entries_csv_header(std::ostream& out);

// How user text (titles, notes, deviations) goes into the CSV: as stored, byte for byte, for
// a file or a program that reads the data; or made visible (terminal_safe: controls as
// "\x1b", "\u202e", line breaks as "\n") for a person reading it on a terminal.
enum class CsvText { kAsStored, kVisible };

// The rows of `entries`, entries of `experiment`: one per entry and metric that has a value.
void write_entries_csv(std::ostream& out, const Experiment& experiment,
                       const std::vector<Entry>& entries, CsvText text = CsvText::kAsStored);

}  // namespace leadlab
