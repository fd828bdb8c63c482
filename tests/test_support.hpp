// Helpers for unit tests: a temporary folder for a journal on disk (temp_dir.hpp), and the
// fixed dates the tests share.
#pragma once

#include "leadlab/model/dates.hpp"
#include "temp_dir.hpp"

namespace leadlab::testing {

// The day written `iso` (YYYY-MM-DD), which must be a real date.
inline Day day(const char* iso) { return *parse_iso_date(iso); }

// "Today" for the unit tests that need one: a Sunday, after every date of the demo.
inline constexpr Day kToday = std::chrono::year{2026} / std::chrono::November / 22;

}  // namespace leadlab::testing
