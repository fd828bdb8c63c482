// End-to-end: the coach's loop through the real binary. The leader shares a bundle without
// her notes; a coach who never ran `init` imports it, is asked who writes, comments, edits
// and deletes his own comments; the leader sees what the comments bundle would add, imports
// it, and `status`, `next` and `show` tell her what is new, once.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "e2e/cli_runner.hpp"

using leadlab::testing::kToday;
using leadlab::testing::read_file;
using leadlab::testing::RunResult;
using leadlab::testing::Sandbox;
using nlohmann::json;

namespace {

RunResult ok(const RunResult& r) {
  CHECK_MESSAGE(r.exit_code == 0, r.out << r.err);
  return r;
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("the coach's round trip: whose journal, who writes, what is new, nothing private") {
  Sandbox ana;
  leadlab::testing::make_demo(ana);
  ok(ana.run({"entry", "edit", "1", "--note", "Budget review; I explained too much"}, kToday));
  const std::string shared = ana.dir().file("ana.json");
  ok(ana.run({"export", "--format", "json", "--without", "notes", "--output", shared}, kToday));
  const json bundle = json::parse(read_file(shared));
  CHECK(bundle["without"] == json::array({"notes"}));
  CHECK(bundle["experiments"][0]["entries"][0]["note"] == "");
  CHECK_FALSE(has(read_file(shared), "explained too much"));
  const RunResult report =
      ok(ana.run({"export", "--format", "markdown", "--without", "notes"}, kToday));
  CHECK_FALSE(has(report.out, "explained too much"));
  CHECK(has(report.out, "Left out of this report: the entries' notes."));

  // The coach imports before any `init`: the journal has no owner, and is not Ana's.
  Sandbox ben;
  const RunResult dry = ok(ben.run({"import", shared, "--dry-run"}, kToday));
  CHECK(has(dry.out, "experiment added: \"Ask before telling\""));
  CHECK(has(dry.out, "entry added: of 2026-09-28 in \"Ask before telling\""));
  const RunResult imported = ok(ben.run({"import", shared}, kToday));
  CHECK(has(imported.out, "the bundle is Ana Lima's; this journal has no owner"));
  CHECK(json::parse(ok(ben.run({"check", "--json"}, kToday)).out)["owner"] == "");
  const RunResult overview = ok(ben.run({"overview", ben.journal(), "--json"}, kToday));
  CHECK(json::parse(overview.out)["journals"][0]["client"] == "Ana Lima");
  CHECK(has(ok(ben.run({"overview", ben.journal()}, kToday)).out, "Ana Lima"));

  // Who writes? Not Ana: without a terminal it refuses with a hint, at one it asks.
  const std::string before = read_file(ben.journal());
  const RunResult refused = ben.run({"comment", "1", "Try it in 1:1s"}, kToday);
  CHECK(refused.exit_code == 2);
  CHECK(has(refused.err, "--author"));
  CHECK(read_file(ben.journal()) == before);
  const RunResult asked = ben.run_in_terminal({"comment", "1", "The silences are working"},
                                              {{"Who is writing?", "Ben (coach)"}}, kToday);
  CHECK_MESSAGE(asked.exit_code == 0, asked.out);
  CHECK(has(asked.out, "by Ben (coach)"));
  CHECK_FALSE(has(asked.out, "Ana Lima"));
  const json second = json::parse(
      ok(ben.run({"comment", "1", "Count decisons only", "--author", "Ben (coach)", "--json"},
                 kToday))
          .out);
  const std::string n = std::to_string(second["id"].get<int>());
  // Only the author changes a comment.
  CHECK(ben.run({"comment", "edit", n, "Hijacked", "--author", "Ana Lima"}, kToday).exit_code == 2);
  CHECK(ben.run({"comment", "delete", n}, kToday).exit_code == 2);  // no owner, no --author
  ok(ben.run({"comment", "edit", n, "Count decisions only", "--author", "Ben (coach)"}, kToday));
  CHECK(
      has(ok(ben.run({"show", "1"}, kToday)).out, "[" + n + "] Ben (coach): Count decisions only"));
  const std::string notes = ben.dir().file("notes.json");
  ok(ben.run({"export", "--format", "json", "--comments-only", "--output", notes}, kToday));

  // The leader sees which comments would come, then what is new after the import.
  const RunResult preview = ok(ana.run({"import", notes, "--dry-run"}, kToday));
  CHECK(has(preview.out, "comment added: by Ben (coach) on experiment 1 \"Ask before telling\""));
  const RunResult back = ok(ana.run({"import", notes}, kToday));
  CHECK(has(back.out, "2 new comments from Ben (coach) on experiment 1"));
  CHECK(
      has(ok(ana.run({"status"}, kToday)).out, "2 new comments from Ben (coach) on experiment 1"));
  CHECK(has(ok(ana.run({"next"}, kToday)).out, "2 new comments from Ben (coach) on experiment 1"));
  CHECK(json::parse(ok(ana.run({"status", "--json"}, kToday)).out)["new_comments"][0]["count"] ==
        2);
  // The suggested command runs as printed, and shows them marked, once.
  const RunResult shown = ok(ana.shell("leadlab show 1", kToday));
  CHECK(has(shown.out, "NEW Ben (coach): The silences are working"));
  CHECK_FALSE(has(ok(ana.run({"show", "1"}, kToday)).out, "NEW "));
  CHECK_FALSE(has(ok(ana.run({"status"}, kToday)).out, "new comment"));
  // Her private note is still hers.
  const json entries = json::parse(ok(ana.run({"entries", "1", "--json"}, kToday)).out);
  CHECK(entries[0]["note"] == "Budget review; I explained too much");

  // The coach takes a comment back: the deletion travels and removes it at the leader's.
  ok(ben.run({"comment", "delete", n, "--author", "Ben (coach)"}, kToday));
  ok(ben.run({"export", "--format", "json", "--comments-only", "--output", notes}, kToday));
  const RunResult removed = ok(ana.run({"import", notes}, kToday));
  CHECK(has(removed.out, "removed (deleted by its author)"));
  const json after = json::parse(ok(ana.run({"show", "1", "--json"}, kToday)).out);
  REQUIRE(after["comments"].size() == 1);
  CHECK(after["comments"][0]["text"] == "The silences are working");
  CHECK(has(ok(ana.run({"import", notes}, kToday)).out, "No changes"));
}
