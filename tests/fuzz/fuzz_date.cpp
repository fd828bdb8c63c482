// libFuzzer target: the date parsers (what a user types after --date and --by). Any input
// ends in a day or a UsageError; a relative form never reads as a day after today, a due
// date never before it, and no day is before 0000-01-01.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_support.hpp"
#include "leadlab/model/dates.hpp"
#include "leadlab/model/error.hpp"

using leadlab::fuzz::require;

namespace {

// An absolute form: "YYYY-MM-DD" or "YYYY-Www", which may name any day.
bool absolute_form(std::string_view text) {
  for (const char c : text)
    if (c == '-') return true;
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const leadlab::Day first{std::chrono::year{0} / 1 / 1};
  const leadlab::Day today{std::chrono::year{2026} / 11 / 22};
  try {
    const leadlab::Day day = leadlab::parse_date(text, today);
    require(day >= first, "parse_date: no day before 0000-01-01");
    require(day <= today || absolute_form(text), "parse_date: a relative form is never future");
    const std::string iso = leadlab::format_date(day);
    require(leadlab::parse_iso_date(iso) == day, "format_date reads back as the same day");
    (void)leadlab::describe_date(day, today);
    (void)leadlab::iso_week_label(day);
  } catch (const leadlab::UsageError&) {
  }
  try {
    const leadlab::Day due = leadlab::parse_due_date(text, today);
    require(due >= first, "parse_due_date: no day before 0000-01-01");
    require(due >= today || absolute_form(text), "parse_due_date: a relative form is never past");
    (void)leadlab::describe_date(due, today);
  } catch (const leadlab::UsageError&) {
  }
  if (const auto iso = leadlab::parse_iso_date(text))
    require(leadlab::format_date(*iso) == text,
            "parse_iso_date reads only what format_date writes");
  return 0;
}
