// `check`: is a journal sound? SQLite's integrity and foreign-key checks, the points per
// phase stored with each experiment, and the rules every record keeps (model/rules.hpp: the
// ones `new`, `log` and `import` apply, entries dated at most a day after `today`) and UUIDs
// that name one record each, with the journal's format version and record counts.
#pragma once

#include "leadlab/model/dates.hpp"
#include "leadlab/model/journal_check.hpp"
#include "leadlab/storage/journal.hpp"

namespace leadlab {

// Checks the journal. A damaged file can fail the check itself ("database disk image is
// malformed"): that is reported as a problem, never thrown.
JournalCheck check_journal(const Journal& journal, Day today);

}  // namespace leadlab
