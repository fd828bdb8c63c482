#include "leadlab/model/dates.hpp"

#include <doctest/doctest.h>
#include <time.h>

#include <cstdlib>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "leadlab/model/error.hpp"
#include "test_support.hpp"

using leadlab::Day;
using leadlab::parse_date;
using leadlab::parse_iso_date;
using leadlab::UsageError;
using std::chrono::days;

namespace {

Day ymd(int year, unsigned month, unsigned day) {
  return std::chrono::year{year} / std::chrono::month{month} / std::chrono::day{day};
}

// A Sunday, so weekday forms reach back into the previous week.
using leadlab::testing::kToday;

const std::string kHint =
    "use one of: YYYY-MM-DD, today, yesterday, N days ago, N weeks ago, a weekday (monday) or "
    "last <weekday>, YYYY-Www";

Day parse(std::string_view text, Day today = kToday) { return parse_date(text, today); }

// Checks that text is rejected with the standard message and the hint listing the forms.
void check_rejected(std::string_view text, Day today = kToday) {
  CAPTURE(std::string(text));
  try {
    const Day day = parse_date(text, today);
    FAIL_CHECK("read as " << leadlab::format_date(day));
  } catch (const UsageError& e) {
    CHECK(std::string(e.what()) == "cannot read \"" + std::string(text) + "\" as a date");
    CHECK(e.hint() == kHint);
  }
}

// Checks that text reads as a day outside the date range and is refused naming the range.
void check_out_of_range(std::string_view text, Day today = kToday) {
  CAPTURE(std::string(text));
  try {
    const Day day = parse_date(text, today);
    FAIL_CHECK("read as " << leadlab::format_date(day));
  } catch (const UsageError& e) {
    CHECK(std::string(e.what()).find(
              "outside the dates leadlab keeps (1900-01-01 to 2199-12-31)") != std::string::npos);
  }
}

using leadlab::testing::ScopedEnv;

Day local_date_now() {
  const time_t now = ::time(nullptr);
  struct tm local {};
  ::localtime_r(&now, &local);
  return ymd(local.tm_year + 1900, static_cast<unsigned>(local.tm_mon + 1),
             static_cast<unsigned>(local.tm_mday));
}

}  // namespace

TEST_CASE("an explicit date reads as that day, even in the future") {
  CHECK(parse("2026-11-20") == ymd(2026, 11, 20));
  CHECK(parse("2024-02-29") == ymd(2024, 2, 29));
  CHECK(parse("2000-02-29") == ymd(2000, 2, 29));
  CHECK(parse("2026-12-31") == ymd(2026, 12, 31));
  CHECK(parse("2030-01-01") == ymd(2030, 1, 1));
}

TEST_CASE("a date that is not in the calendar is rejected") {
  for (const char* text : {"2026-02-30", "2026-13-01", "2026-00-10", "2026-11-00", "2026-11-31",
                           "2025-02-29", "1900-02-29", "2026-04-31"}) {
    check_rejected(text);
  }
}

TEST_CASE("a date in any other layout is rejected") {
  for (const char* text : {"2026/11/20", "2026-1-5", "26-11-20", "20261120", "2026-11-20x",
                           "2026 -11-20", "2026-11-20 2026-11-21", "+026-11-20", "20-11-2026"}) {
    check_rejected(text);
  }
}

TEST_CASE("today and yesterday are relative to the given day") {
  CHECK(parse("today") == kToday);
  CHECK(parse("yesterday") == ymd(2026, 11, 21));
}

TEST_CASE("yesterday crosses month, year and leap-day boundaries") {
  CHECK(parse("yesterday", ymd(2026, 12, 1)) == ymd(2026, 11, 30));
  CHECK(parse("yesterday", ymd(2027, 1, 1)) == ymd(2026, 12, 31));
  CHECK(parse("yesterday", ymd(2024, 3, 1)) == ymd(2024, 2, 29));
  CHECK(parse("yesterday", ymd(2026, 3, 1)) == ymd(2026, 2, 28));
}

TEST_CASE("case, surrounding spaces and runs of spaces do not matter") {
  CHECK(parse("  TODAY ") == kToday);
  CHECK(parse("Yesterday") == ymd(2026, 11, 21));
  CHECK(parse("Last   MONDAY") == ymd(2026, 11, 16));
  CHECK(parse(" 3   Days  AGO  ") == ymd(2026, 11, 19));
  CHECK(parse("\t2 weeks\tago") == ymd(2026, 11, 8));
  CHECK(parse("Fri") == ymd(2026, 11, 20));
}

TEST_CASE("n days ago counts back whole days, singular or plural") {
  CHECK(parse("0 days ago") == kToday);
  CHECK(parse("1 day ago") == ymd(2026, 11, 21));
  CHECK(parse("1 days ago") == ymd(2026, 11, 21));
  CHECK(parse("3 days ago") == ymd(2026, 11, 19));
  CHECK(parse("007 days ago") == ymd(2026, 11, 15));
  CHECK(parse("30 days ago") == ymd(2026, 10, 23));
  CHECK(parse("365 days ago") == ymd(2025, 11, 22));
  CHECK(parse("1 day ago", ymd(2024, 3, 1)) == ymd(2024, 2, 29));
  CHECK(parse("366 days ago", ymd(2024, 12, 31)) == ymd(2023, 12, 31));
}

TEST_CASE("n weeks ago counts back seven days per week") {
  CHECK(parse("0 weeks ago") == kToday);
  CHECK(parse("1 week ago") == ymd(2026, 11, 15));
  CHECK(parse("1 weeks ago") == ymd(2026, 11, 15));
  CHECK(parse("2 weeks ago") == ymd(2026, 11, 8));
  CHECK(parse("52 weeks ago") == ymd(2025, 11, 23));
  CHECK(parse("1 week ago", ymd(2027, 1, 3)) == ymd(2026, 12, 27));
}

TEST_CASE("a count that is not a plain whole number is rejected") {
  for (const char* text : {"-3 days ago", "+3 days ago", "3.5 days ago", "three days ago",
                           "3e2 days ago", "0x10 days ago", "- 3 days ago"}) {
    check_rejected(text);
  }
}

TEST_CASE("relative phrases other than n days or weeks ago are rejected") {
  for (const char* text :
       {"3 days", "days ago", "3 ago", "3 months ago", "3 years ago", "3 days from now",
        "in 3 days", "3 days ago now", "3days ago", "3 dayss ago", "ago 3 days"}) {
    check_rejected(text);
  }
}

TEST_CASE("a count too large to reach back into the date range is rejected, not wrapped") {
  check_rejected("99999999999 days ago");
  check_rejected("99999999999999999999999999999 days ago");
  check_rejected("9999999999999999999 weeks ago");
  check_rejected("10000001 days ago");
  check_out_of_range("800000 days ago");
  check_out_of_range("200000 weeks ago");
}

TEST_CASE("n days ago reaches exactly back to the first day of the range and no further") {
  const auto back = (kToday - ymd(1900, 1, 1)).count();
  CHECK(parse(std::to_string(back) + " days ago") == ymd(1900, 1, 1));
  check_out_of_range(std::to_string(back + 1) + " days ago");
}

TEST_CASE("every form refuses a day outside 1900-01-01..2199-12-31, naming the range") {
  for (const char* text : {"0206-11-20", "1899-12-31", "0000-01-01", "2200-01-01", "9999-12-31",
                           "1899-W52", "2200-W02"})
    check_out_of_range(text, leadlab::testing::day("9999-12-31"));
  CHECK(parse("1900-01-01") == ymd(1900, 1, 1));
  CHECK(leadlab::parse_date("2199-12-31", leadlab::testing::day("2199-12-31")) ==
        ymd(2199, 12, 31));
  // A deadline far ahead is refused, not stored to be hidden by `show`.
  CHECK_THROWS_AS(leadlab::parse_due_date("in 3000000 days", kToday), leadlab::UsageError);
  CHECK_THROWS_AS(leadlab::parse_due_date("2200-01-01", kToday), leadlab::UsageError);
  CHECK(leadlab::parse_due_date("2199-12-31", kToday) == ymd(2199, 12, 31));
}

TEST_CASE("a weekday name is the most recent such day, today included") {
  // kToday is Sunday 2026-11-22.
  CHECK(parse("monday") == ymd(2026, 11, 16));
  CHECK(parse("tuesday") == ymd(2026, 11, 17));
  CHECK(parse("wednesday") == ymd(2026, 11, 18));
  CHECK(parse("thursday") == ymd(2026, 11, 19));
  CHECK(parse("friday") == ymd(2026, 11, 20));
  CHECK(parse("saturday") == ymd(2026, 11, 21));
  CHECK(parse("sunday") == kToday);
}

TEST_CASE("three-letter weekday names work like the full names") {
  CHECK(parse("mon") == ymd(2026, 11, 16));
  CHECK(parse("tue") == ymd(2026, 11, 17));
  CHECK(parse("wed") == ymd(2026, 11, 18));
  CHECK(parse("thu") == ymd(2026, 11, 19));
  CHECK(parse("fri") == ymd(2026, 11, 20));
  CHECK(parse("sat") == ymd(2026, 11, 21));
  CHECK(parse("sun") == kToday);
}

TEST_CASE("monday on a monday is today") {
  CHECK(parse("monday", ymd(2026, 11, 16)) == ymd(2026, 11, 16));
}

TEST_CASE("last monday on a monday is a week ago") {
  CHECK(parse("last monday", ymd(2026, 11, 16)) == ymd(2026, 11, 9));
  CHECK(parse("last mon", ymd(2026, 11, 16)) == ymd(2026, 11, 9));
}

TEST_CASE("last weekday is the most recent such day strictly before today") {
  CHECK(parse("last saturday") == ymd(2026, 11, 21));
  CHECK(parse("last sunday") == ymd(2026, 11, 15));
  CHECK(parse("last monday") == ymd(2026, 11, 16));
  CHECK(parse("last tue") == ymd(2026, 11, 17));
}

TEST_CASE("weekday forms reach back across a year boundary") {
  const Day new_year = ymd(2027, 1, 1);  // A Friday.
  CHECK(parse("monday", new_year) == ymd(2026, 12, 28));
  CHECK(parse("friday", new_year) == new_year);
  CHECK(parse("last friday", new_year) == ymd(2026, 12, 25));
  CHECK(parse("saturday", new_year) == ymd(2026, 12, 26));
}

TEST_CASE("relative forms never land after today") {
  const std::vector<std::string> names = {"monday", "tuesday",  "wednesday", "thursday",
                                          "friday", "saturday", "sunday"};
  for (Day today = ymd(2026, 12, 25); today <= ymd(2027, 1, 7); today += days{1}) {
    CAPTURE(leadlab::format_date(today));
    for (const std::string& name : names) {
      const Day recent = parse(name, today);
      const Day last = parse("last " + name, today);
      CHECK(recent <= today);
      CHECK(recent > today - days{7});
      CHECK(last < today);
      CHECK(last >= today - days{7});
      CHECK(leadlab::weekday_name(recent) == leadlab::weekday_name(last));
    }
    CHECK(parse("yesterday", today) < today);
    CHECK(parse("0 days ago", today) == today);
  }
}

TEST_CASE("words that are not one of the forms are rejected") {
  for (const char* text :
       {"next monday", "tomorrow", "tomorow", "last", "last week", "last today", "monday last",
        "mondays", "mo", "tues", "lastmonday", "today yesterday", "now", "", "   "}) {
    check_rejected(text);
  }
}

TEST_CASE("an iso week reads as the monday that begins it") {
  CHECK(parse("2026-W47") == ymd(2026, 11, 16));
  CHECK(parse("2026-w47") == ymd(2026, 11, 16));
  CHECK(parse("2026-W01") == ymd(2025, 12, 29));
  CHECK(parse("2026-W53") == ymd(2026, 12, 28));
  CHECK(parse("2025-W01") == ymd(2024, 12, 30));
  CHECK(parse("2020-W53") == ymd(2020, 12, 28));
  CHECK(parse("2030-W01") == ymd(2029, 12, 31));
}

TEST_CASE("an iso week the year does not have is rejected") {
  for (const char* text : {"2026-W54", "2025-W53", "2026-W00", "2026-W7", "2026-W470", "2026W47",
                           "2026-W47-1", "2026-47", "W47", "2026-X47"}) {
    check_rejected(text);
  }
}

TEST_CASE("the error quotes the text exactly as typed and names every accepted form") {
  try {
    parse("  Next Monday ");
    FAIL("should have been rejected");
  } catch (const UsageError& e) {
    CHECK(std::string(e.what()) == "cannot read \"  Next Monday \" as a date");
    for (const char* form : {"YYYY-MM-DD", "today", "yesterday", "N days ago", "N weeks ago",
                             "monday", "last <weekday>", "YYYY-Www"}) {
      CHECK(e.hint().find(form) != std::string::npos);
    }
  }
  CHECK(std::string("use one of: ") + leadlab::kDateForms == kHint);
}

TEST_CASE("input up to 64 characters is read and longer input is rejected with a short echo") {
  CHECK(parse(std::string(59, ' ') + "today") == kToday);
  try {
    parse(std::string(60, ' ') + "today");
    FAIL("should have been rejected");
  } catch (const UsageError& e) {
    CHECK(std::string(e.what()) == "cannot read \"" + std::string(60, ' ') + "toda...\" as a date");
    CHECK(e.hint() == kHint);
  }
  try {
    parse(std::string(100000, '7'));
    FAIL("should have been rejected");
  } catch (const UsageError& e) {
    CHECK(std::string(e.what()).size() < 100);
  }
}

TEST_CASE("the echo of over-long input is not cut inside a multi-byte character") {
  // 63 ASCII bytes then a two-byte "é": cutting at 64 would split it.
  const std::string text = std::string(63, 'a') + "\xc3\xa9" + "bbb";
  try {
    parse(text);
    FAIL("should have been rejected");
  } catch (const UsageError& e) {
    CHECK(std::string(e.what()) == "cannot read \"" + std::string(63, 'a') + "...\" as a date");
  }
}

TEST_CASE("hostile bytes are rejected with a usage error and nothing else") {
  CHECK_THROWS_AS(parse(std::string("today\0", 6)), UsageError);
  CHECK_THROWS_AS(parse(std::string("\0today", 6)), UsageError);
  check_rejected("\xff\xfe");
  check_rejected("mon\xc3\xa9");
  check_rejected("\x1b[2Jtoday");
  // Random strings from the characters the forms use: each is either rejected or read as a day
  // that can be stored, and only the forms with a dash may lie after today.
  const std::string alphabet = "0123456789-Ww adyskgotmnrhuelfi\t";
  std::mt19937 rng(20261122);
  std::uniform_int_distribution<std::size_t> length(0, 24);
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
  for (int i = 0; i < 20000; ++i) {
    std::string text;
    for (std::size_t n = length(rng); n > 0; --n) text += alphabet[pick(rng)];
    try {
      const Day day = parse_date(text, kToday);
      CAPTURE(text);
      CHECK(parse_iso_date(leadlab::format_date(day)) == day);
      if (text.find('-') == std::string::npos) CHECK(day <= kToday);
    } catch (const UsageError&) {
    }
  }
}

TEST_CASE("a stored date must be exactly yyyy-mm-dd and a real day") {
  CHECK(parse_iso_date("2026-11-20") == ymd(2026, 11, 20));
  CHECK(parse_iso_date("2024-02-29") == ymd(2024, 2, 29));
  CHECK(parse_iso_date("0000-01-01") == ymd(0, 1, 1));
  CHECK(parse_iso_date("9999-12-31") == ymd(9999, 12, 31));
  for (const char* text :
       {"", " 2026-11-20", "2026-11-20 ", "2026-11-2", "+026-11-20", "2026-02-29", "2026-13-01",
        "2026-11-00", "20261120", "2026/11/20", "2026-W47", "today", "2026-11-2a", "2026-1-120"}) {
    CAPTURE(std::string(text));
    CHECK_FALSE(parse_iso_date(text).has_value());
  }
}

TEST_CASE("formatting pads every field and reads back to the same day") {
  CHECK(leadlab::format_date(ymd(2026, 1, 5)) == "2026-01-05");
  CHECK(leadlab::format_date(ymd(5, 3, 9)) == "0005-03-09");
  CHECK(leadlab::format_date(ymd(2024, 2, 29)) == "2024-02-29");
  CHECK(leadlab::format_date(ymd(0, 1, 1)) == "0000-01-01");
  CHECK(leadlab::format_date(ymd(9999, 12, 31)) == "9999-12-31");
  CHECK(leadlab::format_date(ymd(10000, 1, 1)) == "10000-01-01");  // beyond four digits
  for (Day day = ymd(2023, 12, 1); day <= ymd(2025, 3, 1); day += days{1}) {
    CHECK(parse_iso_date(leadlab::format_date(day)) == day);
  }
}

TEST_CASE("weekday names are capitalised english names") {
  CHECK(leadlab::weekday_name(ymd(2026, 11, 16)) == "Monday");
  CHECK(leadlab::weekday_name(ymd(2026, 11, 17)) == "Tuesday");
  CHECK(leadlab::weekday_name(ymd(2026, 11, 18)) == "Wednesday");
  CHECK(leadlab::weekday_name(ymd(2026, 11, 19)) == "Thursday");
  CHECK(leadlab::weekday_name(ymd(2026, 11, 20)) == "Friday");
  CHECK(leadlab::weekday_name(ymd(2026, 11, 21)) == "Saturday");
  CHECK(leadlab::weekday_name(ymd(2026, 11, 22)) == "Sunday");
}

TEST_CASE("a described date gives its weekday and how far it is from today") {
  using leadlab::describe_date;
  CHECK(describe_date(kToday, kToday) == "2026-11-22 (Sunday, today)");
  CHECK(describe_date(ymd(2026, 11, 21), kToday) == "2026-11-21 (Saturday, yesterday)");
  CHECK(describe_date(ymd(2026, 11, 16), kToday) == "2026-11-16 (Monday, 6 days ago)");
  CHECK(describe_date(ymd(2026, 11, 15), kToday) == "2026-11-15 (Sunday, 7 days ago)");
  CHECK(describe_date(ymd(2025, 11, 22), kToday) == "2025-11-22 (Saturday, 365 days ago)");
  CHECK(describe_date(ymd(2026, 11, 23), kToday) == "2026-11-23 (Monday, tomorrow)");
  CHECK(describe_date(ymd(2026, 12, 1), kToday) == "2026-12-01 (Tuesday, in 9 days)");
}

TEST_CASE("the iso week label uses the iso year, which can differ from the calendar year") {
  using leadlab::iso_week_label;
  CHECK(iso_week_label(ymd(2026, 11, 22)) == "2026-W47");
  CHECK(iso_week_label(ymd(2026, 11, 16)) == "2026-W47");
  CHECK(iso_week_label(ymd(2026, 1, 5)) == "2026-W02");
  CHECK(iso_week_label(ymd(2026, 1, 1)) == "2026-W01");
  CHECK(iso_week_label(ymd(2025, 12, 29)) == "2026-W01");
  CHECK(iso_week_label(ymd(2026, 12, 31)) == "2026-W53");
  CHECK(iso_week_label(ymd(2027, 1, 1)) == "2026-W53");
  CHECK(iso_week_label(ymd(2027, 1, 3)) == "2026-W53");
  CHECK(iso_week_label(ymd(2027, 1, 4)) == "2027-W01");
  CHECK(iso_week_label(ymd(2024, 12, 30)) == "2025-W01");
  CHECK(iso_week_label(ymd(2021, 1, 3)) == "2020-W53");
}

TEST_CASE("every iso week label reads back as the monday that begins that week") {
  for (Day monday = ymd(2019, 12, 30); monday <= ymd(2028, 1, 3); monday += days{7}) {
    CAPTURE(leadlab::format_date(monday));
    CHECK(parse(leadlab::iso_week_label(monday)) == monday);
    CHECK(parse(leadlab::iso_week_label(monday + days{6})) == monday);
  }
}

TEST_CASE("a week starts on the most recent first weekday on or before the day") {
  using leadlab::week_start;
  using std::chrono::Sunday;
  CHECK(week_start(ymd(2026, 11, 22)) == ymd(2026, 11, 16));
  CHECK(week_start(ymd(2026, 11, 16)) == ymd(2026, 11, 16));
  CHECK(week_start(ymd(2026, 11, 22), Sunday) == ymd(2026, 11, 22));
  CHECK(week_start(ymd(2026, 11, 21), Sunday) == ymd(2026, 11, 15));
  CHECK(week_start(ymd(2027, 1, 1)) == ymd(2026, 12, 28));
  CHECK(week_start(ymd(2027, 1, 1), Sunday) == ymd(2026, 12, 27));
  CHECK(week_start(ymd(2024, 3, 2)) == ymd(2024, 2, 26));
}

TEST_CASE("today is the local date unless leadlab_today fixes it") {
  {
    ScopedEnv fixed("LEADLAB_TODAY", "2026-11-22");
    CHECK(leadlab::today_local() == kToday);
  }
  {
    ScopedEnv bad("LEADLAB_TODAY", "2026-02-30");
    const Day before = local_date_now();
    const Day today = leadlab::today_local();
    CHECK((today == before || today == local_date_now()));
  }
  ScopedEnv unset("LEADLAB_TODAY", nullptr);
  const Day before = local_date_now();
  const Day today = leadlab::today_local();
  CHECK((today == before || today == local_date_now()));
}

TEST_CASE("the timestamp is utc with milliseconds and sorts as text") {
  ScopedEnv unset("LEADLAB_NOW", nullptr);
  const Day utc_before = std::chrono::floor<days>(std::chrono::system_clock::now());
  const std::string first = leadlab::now_timestamp();
  const std::string second = leadlab::now_timestamp();
  REQUIRE(first.size() == 24);
  CHECK(parse_iso_date(first.substr(0, 10)).has_value());
  CHECK(first[10] == 'T');
  CHECK(first[13] == ':');
  CHECK(first[16] == ':');
  CHECK(first[19] == '.');
  CHECK(first[23] == 'Z');
  CHECK(first <= second);
  const Day utc_after = std::chrono::floor<days>(std::chrono::system_clock::now());
  const std::optional<Day> stamped = parse_iso_date(first.substr(0, 10));
  CHECK((stamped == utc_before || stamped == utc_after));
}

TEST_CASE("a well-formed leadlab_now is returned verbatim and anything else is ignored") {
  {
    ScopedEnv fixed("LEADLAB_NOW", "2026-11-22T19:02:03.123Z");
    CHECK(leadlab::now_timestamp() == "2026-11-22T19:02:03.123Z");
  }
  for (const char* bad : {"garbage", "2026-11-22T19:02:03Z", "2026-11-22T24:00:00.000Z",
                          "2026-02-30T10:00:00.000Z", "2026-11-22 19:02:03.123Z"}) {
    ScopedEnv env("LEADLAB_NOW", bad);
    CHECK(leadlab::now_timestamp() != bad);
    CHECK(leadlab::now_timestamp().size() == 24);
  }
}
