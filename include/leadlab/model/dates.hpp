// Calendar dates: what a user may type, how the journal stores them, ISO weeks.
// The only module that uses Howard Hinnant's date library.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace leadlab {

using Day = std::chrono::sys_days;

// Every date leadlab accepts, from any source (a command, a bundle, a template, a prompt),
// lies in kFirstDay..kLastDay (docs/limits.md): four-digit years, and weekly series bounded.
inline constexpr Day kFirstDay = std::chrono::year{1900} / 1 / 1;
inline constexpr Day kLastDay = std::chrono::year{2199} / 12 / 31;
bool in_date_range(Day day);
// "1900-01-01 to 2199-12-31", for messages.
std::string date_range_text();

// The forms parse_date accepts, for error messages and help text.
extern const char* const kDateForms;

// Reads a date as a user types it, relative to `today` (case-insensitive, surrounding
// spaces ignored, runs of spaces between words read as one):
//   2026-11-20         that day (must exist in the calendar)
//   today, yesterday
//   N days ago, N weeks ago   (N a whole number; "1 day ago" and "1 days ago" both work)
//   monday ... sunday  (or mon, tue, ...): the most recent such day, today included
//   last monday        the most recent such day strictly before today
//   2026-W47           the Monday that begins that ISO week
// Never returns a day after `today` for the relative forms, nor one outside kFirstDay..kLastDay.
// Throws UsageError naming the accepted forms (kDateForms) for anything else, including text
// longer than 64 characters, and naming the range for a day outside it.
Day parse_date(std::string_view text, Day today);

// The forms parse_due_date accepts.
extern const char* const kDueDateForms;

// Reads a date to come, such as the deadline of a next step: YYYY-MM-DD, today, tomorrow,
// in N days, in N weeks, next <weekday> (the next such day after today). UsageError naming
// the forms otherwise, or the range for a day outside kFirstDay..kLastDay.
Day parse_due_date(std::string_view text, Day today);

// Strictly "YYYY-MM-DD", as stored in the journal; nullopt if malformed or not a real day.
std::optional<Day> parse_iso_date(std::string_view text);

// "YYYY-MM-DD".
std::string format_date(Day day);

// "Monday" ... "Sunday".
std::string weekday_name(Day day);

// How a resolved date reads in an echo: "2026-11-21 (Saturday, yesterday)",
// "2026-11-16 (Monday, 6 days ago)", "2026-11-22 (Sunday, today)",
// "2026-11-23 (Monday, tomorrow)", "2026-12-01 (Tuesday, in 9 days)".
std::string describe_date(Day day, Day today);

// The ISO 8601 week of a day, as "2026-W47".
std::string iso_week_label(Day day);

// The first day of the week containing `day`, weeks starting on `first` (Monday for ISO).
Day week_start(Day day, std::chrono::weekday first = std::chrono::Monday);

// Today's date in the local time zone. If the environment variable LEADLAB_TODAY holds a valid
// "YYYY-MM-DD" within the date range, that day instead (for reproducible demos and tests; otherwise it is ignored).
Day today_local();

// The current time as an RFC 3339 UTC timestamp with milliseconds:
// "2026-11-22T19:02:03.123Z". Timestamps in this form sort as text. If the environment variable
// LEADLAB_NOW holds a timestamp of exactly this form, it is returned verbatim (for golden-file
// tests; otherwise it is ignored).
std::string now_timestamp();

}  // namespace leadlab
