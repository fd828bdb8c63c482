// `overview`: for a coach with many clients, one row per journal: whose it is, how many
// experiments are active, the last entry, the latest experiment's strongest signal and
// what is due. Each journal is opened read-only (no byte of it changes, no file appears
// beside it), and one that cannot be read gets a row saying why instead of stopping the
// others. The per-experiment facts are the `status` dashboard's (dashboard.hpp).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "leadlab/analysis/dashboard.hpp"
#include "leadlab/model/model.hpp"

namespace leadlab {

// Reads the journal at `path` read-only. Never throws for the journal's sake: what went
// wrong lands in `error`.
OverviewRow overview_row(const std::string& path, Day today);

}  // namespace leadlab
