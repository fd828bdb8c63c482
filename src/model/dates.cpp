#include "leadlab/model/dates.hpp"

#include <date/date.h>
#include <date/iso_week.h>

#include <array>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "leadlab/model/error.hpp"

namespace leadlab {

const char* const kDateForms =
    "YYYY-MM-DD, today, yesterday, N days ago, N weeks ago, a weekday (monday) or "
    "last <weekday>, YYYY-Www";

namespace {

using std::chrono::days;
using std::chrono::weekday;

// Longer than anything valid; bounds the work done on hostile input.
constexpr std::size_t kMaxDateLength = 64;

constexpr std::array<std::string_view, 7> kWeekdayNames = {
    "sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"};

// The date library counts days in int, the standard one in a 64-bit integer.
date::sys_days to_date_lib(Day day) { return std::chrono::time_point_cast<date::days>(day); }

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool all_digits(std::string_view text) {
  for (char c : text) {
    if (!is_digit(c)) return false;
  }
  return !text.empty();
}

// Callers check all_digits first and keep the text short enough not to overflow.
int to_int(std::string_view digits) {
  int value = 0;
  for (char c : digits) value = value * 10 + (c - '0');
  return value;
}

[[noreturn]] void throw_unreadable(std::string_view text) {
  std::string shown(text);
  if (shown.size() > kMaxDateLength) {
    std::size_t cut = kMaxDateLength;
    // Cut at a character boundary so the echo stays valid UTF-8.
    while (cut > 0 && (static_cast<unsigned char>(shown[cut]) & 0xC0) == 0x80) --cut;
    shown = shown.substr(0, cut) + "...";
  }
  throw UsageError("cannot read \"" + shown + "\" as a date",
                   std::string("use one of: ") + kDateForms);
}

// Lowercase words, so "  Last   MONDAY " and "last monday" read alike.
std::vector<std::string> split_words(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  for (char c : text) {
    if (c == ' ' || c == '\t') {
      if (!word.empty()) words.push_back(std::move(word));
      word.clear();
    } else {
      word += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

std::optional<weekday> parse_weekday(std::string_view word) {
  for (unsigned i = 0; i < kWeekdayNames.size(); ++i) {
    if (word == kWeekdayNames[i] || word == kWeekdayNames[i].substr(0, 3)) return weekday{i};
  }
  return std::nullopt;
}

// "2026-w47" (already lowercased): the Monday of that ISO week, if the year has that week.
std::optional<Day> parse_iso_week(std::string_view text) {
  if (text.size() != 8 || text.substr(4, 2) != "-w") return std::nullopt;
  const std::string_view year = text.substr(0, 4);
  const std::string_view week = text.substr(6, 2);
  if (!all_digits(year) || !all_digits(week)) return std::nullopt;
  const iso_week::year_weeknum_weekday monday{
      iso_week::year{to_int(year)}, iso_week::weeknum{static_cast<unsigned>(to_int(week))},
      iso_week::mon};
  if (!monday.ok()) return std::nullopt;
  return Day{date::sys_days{monday}};
}

// "N days" / "N weeks" as a number of days; N is bounded before multiplying so nothing can
// overflow.
std::optional<std::int64_t> span_days(const std::string& count_word, const std::string& unit) {
  if (!all_digits(count_word)) return std::nullopt;
  std::int64_t count = 0;
  // All digits, so from_chars reads the whole word or reports that it is out of range.
  if (std::from_chars(count_word.data(), count_word.data() + count_word.size(), count).ec !=
      std::errc{}) {
    return std::nullopt;
  }
  constexpr std::int64_t kMaxCount = 10'000'000;  // Well past the date range, in days and weeks.
  if (count > kMaxCount) return std::nullopt;
  std::int64_t per = 0;
  if (unit == "day" || unit == "days") per = 1;
  if (unit == "week" || unit == "weeks") per = 7;
  if (per == 0) return std::nullopt;
  return count * per;
}

// "N days ago" / "N weeks ago".
std::optional<Day> parse_ago(const std::vector<std::string>& words, Day today) {
  if (words.size() != 3 || words[2] != "ago") return std::nullopt;
  const auto span = span_days(words[0], words[1]);
  if (!span) return std::nullopt;
  return today - days{*span};
}

std::optional<Day> parse_words(const std::vector<std::string>& words, Day today) {
  if (words.size() == 1) {
    const std::string& word = words[0];
    if (word == "today") return today;
    if (word == "yesterday") return today - days{1};
    if (auto wd = parse_weekday(word)) return today - (weekday{today} - *wd);
    if (auto day = parse_iso_date(word)) return day;
    return parse_iso_week(word);
  }
  if (words.size() == 2 && words[0] == "last") {
    auto wd = parse_weekday(words[1]);
    if (!wd) return std::nullopt;
    const days back = weekday{today} - *wd;
    return today - (back == days{0} ? days{7} : back);
  }
  return parse_ago(words, today);
}

// The forward-looking forms of parse_due_date.
std::optional<Day> parse_due_words(const std::vector<std::string>& words, Day today) {
  if (words.size() == 1 && words[0] == "tomorrow") return today + days{1};
  if (words.size() == 3 && words[0] == "in") {
    const auto span = span_days(words[1], words[2]);
    if (span) return today + days{*span};
  }
  if (words.size() == 2 && words[0] == "next") {
    auto wd = parse_weekday(words[1]);
    if (!wd) return std::nullopt;
    const days ahead = *wd - weekday{today};
    return today + (ahead == days{0} ? days{7} : ahead);
  }
  if (words.size() == 1 && words[0] == "today") return today;
  if (words.size() == 1) return parse_iso_date(words[0]);
  return std::nullopt;
}

// A date outside kFirstDay..kLastDay, read from `text`.
[[noreturn]] void throw_out_of_range(std::string_view text, Day day) {
  throw UsageError("\"" + std::string(text.substr(0, kMaxDateLength)) + "\" is " +
                       format_date(day) + ", outside the dates leadlab keeps (" +
                       date_range_text() + ")",
                   "check the year; leadlab takes dates from " + date_range_text());
}

}  // namespace

bool in_date_range(Day day) { return day >= kFirstDay && day <= kLastDay; }

std::string date_range_text() { return format_date(kFirstDay) + " to " + format_date(kLastDay); }

const char* const kDueDateForms =
    "YYYY-MM-DD, today, tomorrow, in N days, in N weeks, next <weekday>";

Day parse_due_date(std::string_view text, Day today) {
  const std::optional<Day> day =
      text.size() > kMaxDateLength ? std::nullopt : parse_due_words(split_words(text), today);
  if (!day) {
    throw UsageError(
        "cannot read \"" + std::string(text.substr(0, kMaxDateLength)) + "\" as a date to come",
        std::string("use one of: ") + kDueDateForms);
  }
  if (!in_date_range(*day)) throw_out_of_range(text, *day);
  return *day;
}

Day parse_date(std::string_view text, Day today) {
  if (text.size() > kMaxDateLength) throw_unreadable(text);
  const std::optional<Day> day = parse_words(split_words(text), today);
  if (!day) throw_unreadable(text);
  if (!in_date_range(*day)) throw_out_of_range(text, *day);
  return *day;
}

std::optional<Day> parse_iso_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  const std::string_view year = text.substr(0, 4);
  const std::string_view month = text.substr(5, 2);
  const std::string_view day = text.substr(8, 2);
  if (!all_digits(year) || !all_digits(month) || !all_digits(day)) return std::nullopt;
  const std::chrono::year_month_day ymd{std::chrono::year{to_int(year)},
                                        std::chrono::month{static_cast<unsigned>(to_int(month))},
                                        std::chrono::day{static_cast<unsigned>(to_int(day))}};
  if (!ymd.ok()) return std::nullopt;
  return Day{ymd};
}

std::string format_date(Day day) {
  const std::chrono::year_month_day ymd{day};
  const int year = static_cast<int>(ymd.year());
  // Years 0-9999 by hand (a journal is read and written in bulk, and date::format builds a
  // stream per call); any other the library's way.
  if (year < 0 || year > 9999) return date::format("%F", to_date_lib(day));
  const auto month = static_cast<unsigned>(ymd.month());
  const auto dom = static_cast<unsigned>(ymd.day());
  std::string out = "0000-00-00";
  out[0] = static_cast<char>('0' + year / 1000);
  out[1] = static_cast<char>('0' + year / 100 % 10);
  out[2] = static_cast<char>('0' + year / 10 % 10);
  out[3] = static_cast<char>('0' + year % 10);
  out[5] = static_cast<char>('0' + month / 10);
  out[6] = static_cast<char>('0' + month % 10);
  out[8] = static_cast<char>('0' + dom / 10);
  out[9] = static_cast<char>('0' + dom % 10);
  return out;
}

std::string weekday_name(Day day) {
  std::string name(kWeekdayNames[weekday{day}.c_encoding()]);
  name[0] = static_cast<char>(name[0] - 'a' + 'A');
  return name;
}

std::string describe_date(Day day, Day today) {
  const std::int64_t ago = (today - day).count();
  std::string when;
  if (ago == 0) {
    when = "today";
  } else if (ago == 1) {
    when = "yesterday";
  } else if (ago == -1) {
    when = "tomorrow";
  } else if (ago > 0) {
    when = std::to_string(ago) + " days ago";
  } else {
    when = "in " + std::to_string(-ago) + " days";
  }
  return format_date(day) + " (" + weekday_name(day) + ", " + when + ")";
}

std::string iso_week_label(Day day) {
  const iso_week::year_weeknum_weekday week{to_date_lib(day)};
  const int year = static_cast<int>(week.year());
  const auto number = static_cast<unsigned>(week.weeknum());
  if (year < 0 || year > 9999 || number > 99) {
    char label[32];
    std::snprintf(label, sizeof label, "%04d-W%02u", year, number);
    return label;
  }
  // Years 0-9999 by hand, as format_date does: a report labels every week of every chart.
  std::string out = "0000-W00";
  out[0] = static_cast<char>('0' + year / 1000);
  out[1] = static_cast<char>('0' + year / 100 % 10);
  out[2] = static_cast<char>('0' + year / 10 % 10);
  out[3] = static_cast<char>('0' + year % 10);
  out[6] = static_cast<char>('0' + number / 10);
  out[7] = static_cast<char>('0' + number % 10);
  return out;
}

Day week_start(Day day, weekday first) { return day - (weekday{day} - first); }

Day today_local() {
  if (const char* fixed = std::getenv("LEADLAB_TODAY")) {
    if (auto day = parse_iso_date(fixed); day && in_date_range(*day)) return *day;
  }
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  if (localtime_r(&now, &local) == nullptr) {
    return std::chrono::floor<days>(std::chrono::system_clock::now());
  }
  return std::chrono::year{local.tm_year + 1900} / (local.tm_mon + 1) / local.tm_mday;
}

std::string now_timestamp() {
  // Only a well-formed override is honoured: a malformed one would end up in the journal.
  if (const char* fixed = std::getenv("LEADLAB_NOW")) {
    const std::string_view text = fixed;
    const auto digits_at = [&](std::size_t pos, std::size_t count, int limit) {
      const std::string_view part = text.substr(pos, count);
      return all_digits(part) && to_int(part) < limit;
    };
    if (text.size() == 24 && parse_iso_date(text.substr(0, 10)) && text[10] == 'T' &&
        digits_at(11, 2, 24) && text[13] == ':' && digits_at(14, 2, 60) && text[16] == ':' &&
        digits_at(17, 2, 60) && text[19] == '.' && digits_at(20, 3, 1000) && text[23] == 'Z') {
      return std::string(text);
    }
  }
  return date::format(
      "%FT%TZ", std::chrono::floor<std::chrono::milliseconds>(std::chrono::system_clock::now()));
}

}  // namespace leadlab
