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

// The rows of `entries`, entries of `experiment`: one per entry and metric that has a value.
void write_entries_csv(std::ostream& out, const Experiment& experiment,
                       const std::vector<Entry>& entries);

}  // namespace leadlab
