// What `check` prints: the journal's format, owner and counts, and each problem with what to
// do about it; or the same as JSON.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "leadlab/model/journal_check.hpp"

namespace leadlab {

std::string render_check(const JournalCheck& check);
nlohmann::json check_json(const JournalCheck& check);

}  // namespace leadlab
