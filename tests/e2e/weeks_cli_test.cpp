// End-to-end: entries far apart in time (a journal begun in 1900 and continued in 2026) make
// output as long as the entries, not as the calendar between them: `show`, `show --json`,
// the Markdown report, the JSON export and `summary --since`.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "e2e/cli_runner.hpp"

using leadlab::testing::RunResult;
using leadlab::testing::Sandbox;
using leadlab::testing::widest_line;
using nlohmann::json;

namespace {

using leadlab::testing::kToday;  // 2026-11-08

// Far more than any of these outputs needs for three entries; 6,619 weeks listed one by one
// would be several hundred KB of JSON.
constexpr std::size_t kSmall = 32 * 1024;

RunResult ok(const RunResult& r) {
  REQUIRE_MESSAGE(r.exit_code == 0, r.out << r.err);
  return r;
}

// One count metric; a baseline in 1900 (two meetings, in weeks 1900-W01 and 1900-W03) and a
// test in 2026 (one meeting, in 2026-W45): 6,619 weeks from the first to the last, of which
// 6,615 between 1900-W03 and 2026-W45 have no entries.
void make_far_apart(const Sandbox& s) {
  ok(s.run({"init"}, kToday));
  ok(s.run({"new", "--title", "Old habits", "--hypothesis", "h", "--change", "c", "--metric",
            "q:count:up"},
           kToday));
  ok(s.run({"baseline", "1", "--date", "1900-01-01"}, kToday));
  ok(s.run({"log", "1", "q=2", "--date", "1900-01-01"}, kToday));
  ok(s.run({"log", "1", "q=3", "--date", "1900-01-17"}, kToday));
  ok(s.run({"start", "1", "--date", "2026-11-02"}, kToday));
  ok(s.run({"log", "1", "q=5", "--date", "2026-11-03"}, kToday));
}

}  // namespace

TEST_CASE("entries 126 years apart make output as long as the entries, not the years") {
  Sandbox s;
  make_far_apart(s);

  const RunResult shown_json = ok(s.run({"show", "1", "--json"}, kToday));
  CHECK(shown_json.out.size() < kSmall);
  const json shown = json::parse(shown_json.out);
  REQUIRE(shown["metrics"].size() == 1);
  // 1900-W01, the empty 1900-W02 (a short pause is listed), 1900-W03, then 2026-W45.
  const json& weeks = shown["metrics"][0]["analysis"]["series"]["weeks"];
  REQUIRE(weeks.size() == 4);
  CHECK(weeks[0]["week"] == "1900-W01");
  CHECK(weeks[1]["week"] == "1900-W02");
  CHECK(weeks[1]["value"].is_null());
  CHECK(weeks[2]["week"] == "1900-W03");
  CHECK(weeks[3]["week"] == "2026-W45");
  CHECK(weeks[3]["start"] == "2026-11-02");
  CHECK(weeks[3]["value"] == 5);

  const RunResult shown_text = ok(s.run({"show", "1"}, kToday));
  CHECK(shown_text.out.size() < kSmall);
  CHECK(widest_line(shown_text.out) <= 80);
  CHECK(shown_text.out.find("6615 empty weeks left out (more than 8 in a row are one blank)") !=
        std::string::npos);

  const RunResult markdown = ok(s.run({"export"}, kToday));
  CHECK(markdown.out.size() < kSmall);
  // The longest line is the methods paragraph; a sparkline of every week would be 6,619.
  CHECK(widest_line(markdown.out) < 1000);
  CHECK(markdown.out.find("| 1900-W03 | baseline | 1 | 3 (3) |\n"
                          "| 1900-W04 to 2026-W44 | 6615 weeks without entries | 0 | - |\n"
                          "| 2026-W45 | testing | 1 | 5 (5) |\n") != std::string::npos);
  CHECK(markdown.out.find("per week leaves out 6615 weeks without entries") != std::string::npos);

  const RunResult bundle = ok(s.run({"export", "--format", "json"}, kToday));
  CHECK(bundle.out.size() < kSmall);
  CHECK(json::parse(bundle.out)["experiments"][0]["entries"].size() == 3);
}

TEST_CASE("summary --since is held to the cap --weeks has") {
  Sandbox s;
  make_far_apart(s);
  const RunResult refused = s.run({"summary", "--since", "1900-01-01"}, kToday);
  CHECK(refused.exit_code == 2);
  CHECK(refused.out.empty());
  CHECK(refused.err.find("--since 1900-01-01 would cover 6619 weeks; a summary covers at most "
                         "520") != std::string::npos);
  CHECK(refused.err.find("2016-11-21") != std::string::npos);
  const RunResult longest = ok(s.run({"summary", "--since", "2016-11-21", "--json"}, kToday));
  CHECK(json::parse(longest.out)["weeks"].size() == 520);
}

TEST_CASE("a week with one meeting shows the same behaviour, not a collapse") {
  // 3 questions in each of 3 meetings in 2026-W44, then 3 in the one meeting of 2026-W45:
  // each week is 3 questions a meeting; the totals 9 and 3 stand beside them.
  Sandbox s;
  ok(s.run({"init"}, kToday));
  ok(s.run(
      {"new", "--title", "Ask", "--hypothesis", "h", "--change", "c", "--metric", "q:count:up"},
      kToday));
  ok(s.run({"baseline", "1", "--date", "2026-10-26"}, kToday));
  for (const char* date : {"2026-10-26", "2026-10-27", "2026-10-28", "2026-11-03"})
    ok(s.run({"log", "1", "q=3", "--date", date}, kToday));

  const json shown = json::parse(ok(s.run({"show", "1", "--json"}, kToday)).out);
  const json& weeks = shown["metrics"][0]["analysis"]["series"]["weeks"];
  REQUIRE(weeks.size() == 2);
  CHECK(weeks[0]["mean"] == 3);
  CHECK(weeks[0]["sum"] == 9);
  CHECK(weeks[0]["value"] == 9);  // as before: the total
  CHECK(weeks[1]["mean"] == 3);
  CHECK(weeks[1]["sum"] == 3);

  const std::string summary = ok(s.run({"summary", "--weeks", "2"}, kToday)).out;
  CHECK(summary.find("  2026-W44  baseline    3  3 (9)\n") != std::string::npos);
  CHECK(summary.find("  2026-W45  baseline    1  3 (3)\n") != std::string::npos);
  const std::string shown_text = ok(s.run({"show", "1"}, kToday)).out;
  CHECK(shown_text.find("(mean per occasion, from 2026-W44)") != std::string::npos);
}
