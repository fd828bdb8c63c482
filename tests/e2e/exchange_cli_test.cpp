// End-to-end: bundles, import by merge, CSV, comments and the coach's round trip, through
// the real binary on temporary journals.
#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "e2e/cli_runner.hpp"

using leadlab::testing::read_file;
using leadlab::testing::RunResult;
using leadlab::testing::Sandbox;
using nlohmann::json;

namespace {

using leadlab::testing::kToday;

using leadlab::testing::make_demo;

void write(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

RunResult ok(const RunResult& r) {
  CHECK_MESSAGE(r.exit_code == 0, r.out << r.err);
  return r;
}

}  // namespace

TEST_CASE("a JSON bundle imported into an empty journal exports back identically") {
  Sandbox client;
  make_demo(client);
  const std::string bundle = client.dir().file("ana.json");
  ok(client.run({"export", "--format", "json", "--output", bundle}, kToday));

  Sandbox other;  // Ana's journal on another machine
  ok(other.run({"init", "--owner", "Ana Lima"}, kToday));
  const RunResult imported = ok(other.run({"import", bundle}, kToday));
  CHECK(imported.out.find("experiments  1 added") != std::string::npos);
  CHECK(imported.out.find("entries      11 added") != std::string::npos);
  const RunResult again = ok(other.run({"export", "--format", "json"}, kToday));
  CHECK(again.out == read_file(bundle));

  // The analysis reads the same.
  const json shown = json::parse(ok(other.run({"show", "1", "--json"}, kToday)).out);
  CHECK(shown["points"]["baseline"] == 5);
  CHECK(shown["points"]["test"] == 6);
  CHECK(shown["entries"][0]["values"]["share"] == doctest::Approx(0.25));

  // Importing the same bundle a second time changes nothing, and says so.
  const std::string before = read_file(other.journal());
  const RunResult twice = ok(other.run({"import", bundle}, kToday));
  CHECK(twice.out.find("No changes") != std::string::npos);
  CHECK(read_file(other.journal()) == before);
  const json report = json::parse(ok(other.run({"import", bundle, "--json"}, kToday)).out);
  CHECK(report["changes"] == false);
  CHECK(report["counts"]["entries"]["unchanged"] == 11);
}

TEST_CASE("a record on both sides keeps the newer version, and nothing is deleted") {
  Sandbox s;
  make_demo(s);
  const std::string old_bundle = s.dir().file("old.json");
  ok(s.run({"export", "--format", "json", "--output", old_bundle}, kToday));

  // After the export: correct entry 1, delete entry 2, log a new one.
  ok(s.run({"entry", "edit", "1", "questions=4"}, kToday));
  ok(s.run({"entry", "delete", "2"}, kToday));
  ok(s.run({"log", "1", "questions=9", "statements=5", "--date", "2026-11-05"}, kToday));

  // The older bundle neither reverts the correction, nor brings back the deleted entry, nor
  // removes the new one.
  const json dry = json::parse(ok(s.run({"import", old_bundle, "--json"}, kToday)).out);
  CHECK(dry["changes"] == false);
  CHECK(dry["counts"]["entries"]["skipped"] == 1);
  const json shown = json::parse(ok(s.run({"show", "1", "--json"}, kToday)).out);
  CHECK(shown["entries"].size() == 11);
  CHECK(shown["entries"][0]["values"]["questions"] == 4);

  // A newer bundle does update the other journal.
  Sandbox other;
  ok(other.run({"import", old_bundle}, kToday));
  const std::string new_bundle = s.dir().file("new.json");
  ok(s.run({"export", "--format", "json", "--output", new_bundle}, kToday));
  const json merged = json::parse(ok(other.run({"import", new_bundle, "--json"}, kToday)).out);
  CHECK(merged["counts"]["entries"]["updated"] == 1);
  CHECK(merged["counts"]["entries"]["added"] == 1);
  // The entry deleted on the other side stays here: a merge never deletes.
  const json there = json::parse(ok(other.run({"show", "1", "--json"}, kToday)).out);
  CHECK(there["entries"].size() == 12);
  CHECK(there["entries"][0]["values"]["questions"] == 4);
}

TEST_CASE("an edit that changes nothing does not outrun a real correction made elsewhere") {
  using Env = std::map<std::string, std::string>;
  const auto at = [](const char* now) {
    return Env{{"LEADLAB_TODAY", "2026-11-08"}, {"LEADLAB_NOW", now}};
  };
  Sandbox a;
  make_demo(a);
  const std::string shared = a.dir().file("shared.json");
  ok(a.run({"export", "--format", "json", "--output", shared}, kToday));
  const std::string note =
      json::parse(ok(a.run({"entries", "1", "--json"}, kToday)).out)[0]["note"];

  // On another machine, a real correction of entry 1's note.
  Sandbox b;
  ok(b.run({"import", shared}, kToday));
  ok(b.run({"entry", "edit", "1", "--note", "recounted from the minutes"},
           at("2099-01-01T10:00:00.000Z")));
  const std::string corrected = b.dir().file("corrected.json");
  ok(b.run({"export", "--format", "json", "--output", corrected}, kToday));

  // Here, later, edits that change nothing: none stamps the entry or writes a byte.
  const std::string before = read_file(a.journal());
  for (const std::vector<std::string>& edit :
       {std::vector<std::string>{"entry", "edit", "1"},
        std::vector<std::string>{"entry", "edit", "1", "--note", note}}) {
    const RunResult same = ok(a.run(edit, at("2099-01-02T10:00:00.000Z")));
    CHECK_MESSAGE(same.out.find("Entry 1 is unchanged: ") == 0, same.out);
    CHECK(same.out.find("Changed") == std::string::npos);
  }
  CHECK(read_file(a.journal()) == before);

  // So the correction comes in.
  const RunResult merged = ok(a.run({"import", corrected}, kToday));
  CHECK(merged.out.find("entries      1 updated (newer in the bundle)") != std::string::npos);
  CHECK(json::parse(ok(a.run({"entries", "1", "--json"}, kToday)).out)[0]["note"] ==
        "recounted from the minutes");

  // A journal whose own copy is newer keeps it, and does not call the bundle's older, other
  // copy "already in the journal".
  ok(a.run({"entry", "edit", "1", "--note", "mine, later"}, at("2099-01-03T10:00:00.000Z")));
  const RunResult kept = ok(a.run({"import", corrected}, kToday));
  CHECK(kept.out.find("already in the journal") == std::string::npos);
  CHECK_MESSAGE(kept.out.find("No changes from " + corrected +
                              ": the journal kept its newer version of 1 record.") == 0,
                kept.out);
  CHECK(kept.out.find("entries      10 unchanged, 1 kept (newer here)") != std::string::npos);
  const json counts = json::parse(ok(a.run({"import", corrected, "--json"}, kToday)).out)["counts"];
  CHECK(counts["entries"]["kept"] == 1);
  CHECK(counts["entries"]["unchanged"] == 10);
}

TEST_CASE("import --dry-run says what would change and changes nothing") {
  Sandbox client;
  make_demo(client);
  const std::string bundle = client.dir().file("ana.json");
  ok(client.run({"export", "--format", "json", "--output", bundle}, kToday));
  Sandbox coach;
  ok(coach.run({"init", "--owner", "Ben"}, kToday));
  const std::string before = read_file(coach.journal());
  const RunResult r = ok(coach.run({"import", bundle, "--dry-run"}, kToday));
  CHECK(r.out.find("would change") != std::string::npos);
  CHECK(r.out.find("entries      11 added") != std::string::npos);
  CHECK(r.out.find("Nothing was written") != std::string::npos);
  CHECK(read_file(coach.journal()) == before);
  // The owner differs: the coach's journal stays the coach's.
  CHECK(r.out.find("stays Ben's") != std::string::npos);
  // And a dry run on no journal at all creates none.
  Sandbox empty;
  ok(empty.run({"import", bundle, "--dry-run"}, kToday));
  CHECK_FALSE(std::filesystem::exists(empty.journal()));
}

TEST_CASE("the coach's round trip: import, comment, send back only the comments") {
  Sandbox client;
  make_demo(client);
  const std::string ana = client.dir().file("ana.json");
  ok(client.run({"export", "--format", "json", "--output", ana}, kToday));

  Sandbox coach;
  ok(coach.run({"init", "--owner", "Ben (coach)"}, kToday));
  ok(coach.run({"import", ana}, kToday));
  ok(coach.run({"comment", "1", "The silences are working; try it in 1:1s next"}, kToday));
  const std::string notes = coach.dir().file("notes.json");
  ok(coach.run({"export", "--format", "json", "--comments-only", "--output", notes}, kToday));
  const json carried = json::parse(read_file(notes));
  CHECK(carried["kind"] == "comments");
  CHECK(carried["experiments"].size() == 1);
  CHECK_FALSE(carried["experiments"][0].contains("entries"));

  const RunResult back = ok(client.run({"import", notes}, kToday));
  CHECK(back.out.find("comments     1 added") != std::string::npos);
  const json shown = json::parse(ok(client.run({"show", "1", "--json"}, kToday)).out);
  REQUIRE(shown["comments"].size() == 1);
  CHECK(shown["comments"][0]["author"] == "Ben (coach)");
  CHECK(ok(client.run({"show", "1"}, kToday)).out.find("Ben (coach): The silences are working") !=
        std::string::npos);
  // The client's owner is untouched by the coach's bundle.
  CHECK(ok(client.run({"import", notes}, kToday)).out.find("No changes") != std::string::npos);

  // Comments on an experiment the journal does not have are refused.
  Sandbox stranger;
  ok(stranger.run({"init"}, kToday));
  const RunResult refused = stranger.run({"import", notes}, kToday);
  CHECK(refused.exit_code == 2);
  CHECK(refused.err.find("does not have") != std::string::npos);
}

TEST_CASE("broken or hostile bundles are refused with their position, changing nothing") {
  Sandbox s;
  make_demo(s);
  const std::string good_path = s.dir().file("good.json");
  ok(s.run({"export", "--format", "json", "--output", good_path}, kToday));
  const std::string good = read_file(good_path);
  const std::string before = read_file(s.journal());

  struct Case {
    std::string name;
    std::string text;
    std::string expect;  // in the message
  };
  std::string bad_uuid = good;
  bad_uuid.replace(bad_uuid.find("\"uuid\": \"") + 9, 8, "nothex!!");
  std::string newer = good;
  newer.replace(newer.find("\"version\": 3"), 12, "\"version\": 7");
  std::string bad_utf8 = good;
  bad_utf8.replace(bad_utf8.find("Budget review"), 6, "Bud\xff\xfe\xfd");
  std::string unknown_key = good;
  unknown_key.replace(unknown_key.find("\"note\":"), 7, "\"nope\":");
  std::string bad_value = good;
  bad_value.replace(bad_value.find("\"questions\": 3"), 14, "\"questions\": -3");
  const std::vector<Case> cases = {
      {"not json", "hello", "not valid JSON"},
      {"truncated", good.substr(0, good.size() / 2), "not valid JSON"},
      {"empty", "", "not valid JSON"},
      {"deep",
       R"({"format": "leadlab bundle", "version": 1, "kind": "full", "owner": "",
           "experiments": [{"title": )" +
           std::string(5000, '[') + std::string(5000, ']') + "}], \"tombstones\": []}",
       "nested more than"},
      {"deep array", std::string(5000, '[') + std::string(5000, ']'), "must be an object"},
      {"newer", newer, "from a newer leadlab"},
      {"bad uuid", bad_uuid, "is not a UUID"},
      {"bad utf-8", bad_utf8, "not valid JSON"},
      {"unknown key", unknown_key, "is not a field leadlab knows"},
      {"bad value", bad_value, "values.questions is not a whole number"},
      {"wrong shape", "[1, 2, 3]", "must be an object"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    const std::string path = s.dir().file("bad.json");
    write(path, c.text);
    const RunResult r = s.run({"import", path}, kToday);
    CHECK(r.exit_code == 2);
    CHECK_MESSAGE(r.err.find(c.expect) != std::string::npos, r.err);
    if (c.name != "newer") CHECK_MESSAGE(r.err.find(path + ":") != std::string::npos, r.err);
    CHECK(read_file(s.journal()) == before);
  }
  // Into no journal yet, a refused bundle (even one refused after many records were read)
  // leaves no journal behind, and no temporary file either.
  for (const auto* text : {&bad_value, &unknown_key}) {
    Sandbox empty;
    const std::string path = empty.dir().file("bad.json");
    write(path, *text);
    const RunResult r = empty.run({"import", path}, kToday);
    CHECK(r.exit_code == 2);
    CHECK_FALSE(std::filesystem::exists(empty.journal()));
    const auto folder = std::filesystem::path(empty.journal()).parent_path();
    if (std::filesystem::exists(folder)) CHECK(std::filesystem::is_empty(folder));
  }
  // The position is the line and column of the bad value.
  write(s.dir().file("bad.json"), bad_value);
  const RunResult r = s.run({"import", s.dir().file("bad.json")}, kToday);
  std::size_t line = 1;
  const std::size_t at = bad_value.find("\"questions\": -3");
  for (std::size_t i = 0; i < at; ++i) line += bad_value[i] == '\n' ? 1 : 0;
  CHECK_MESSAGE(r.err.find("bad.json:" + std::to_string(line) + ":") != std::string::npos, r.err);
  CHECK(r.err.find("experiments[0].entries[0].values.questions") != std::string::npos);
  // A huge file (sparse: 513 MiB that take no disk) is refused by its size, before reading.
  const std::string huge = s.dir().file("huge.json");
  write(huge, good);
  std::filesystem::resize_file(huge, 513u * 1024 * 1024);
  const RunResult big = s.run({"import", huge}, kToday);
  CHECK(big.exit_code == 2);
  CHECK_MESSAGE(big.err.find("more than leadlab reads") != std::string::npos, big.err);
  CHECK(read_file(s.journal()) == before);
}

TEST_CASE("export --output writes the whole file and refuses a symbolic link") {
  Sandbox s;
  make_demo(s);
  const std::string target = s.dir().file("real.json");
  const std::string link = s.dir().file("link.json");
  write(target, "keep me");
  std::filesystem::create_symlink(target, link);
  const RunResult r = s.run({"export", "--format", "json", "--output", link}, kToday);
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("symbolic link") != std::string::npos);
  CHECK(read_file(target) == "keep me");
  // A regular file is replaced whole, and no temporary file is left beside it.
  ok(s.run({"export", "--format", "json", "--output", target}, kToday));
  CHECK(json::parse(read_file(target))["format"] == "leadlab bundle");
  int files = 0;
  for (const auto& f : std::filesystem::directory_iterator(s.dir().path()))
    files += f.path().filename().string().find(".tmp-") != std::string::npos ? 1 : 0;
  CHECK(files == 0);
  CHECK(s.run({"export", "--format", "csv", "--comments-only"}, kToday).exit_code == 2);
}

TEST_CASE("export --output never replaces a journal, its own or another") {
  Sandbox s;
  make_demo(s);
  const std::string before = read_file(s.journal());
  for (const char* format : {"markdown", "json", "csv"}) {
    CAPTURE(format);
    const RunResult r = s.run({"export", "--format", format, "--output", s.journal()}, kToday);
    CHECK(r.exit_code == 2);
    CHECK_MESSAGE(r.err.find("does not replace one") != std::string::npos, r.err);
    CHECK(read_file(s.journal()) == before);
  }
  // Another journal, and a rollback journal's side file, are refused the same way.
  Sandbox other;
  make_demo(other);
  CHECK(s.run({"export", "--output", other.journal()}, kToday).exit_code == 2);
  const std::string side = s.dir().file("old.db-journal");
  write(side, std::string("\xd9\xd5\x05\xf9\x20\xa1\x63\xd7", 8) + "rest of a rollback journal");
  CHECK(s.run({"export", "--output", side}, kToday).exit_code == 2);
  CHECK(ok(s.run({"check"}, kToday)).out.find("Sound:") != std::string::npos);
}

TEST_CASE("CSV has one row per entry and metric value, quoted as RFC 4180 asks") {
  Sandbox s;
  ok(s.run({"new", "--title", "Quotes", "--hypothesis", "h", "--change", "c", "--metric", "q:count",
            "--metric", "s:count", "--derive", "share = q / (q + s)"},
           kToday));
  ok(s.run({"start", "1", "--date", "2026-11-02"}, kToday));
  ok(s.run({"log", "1", "q=1", "s=3", "--date", "2026-11-03", "--note",
            "said \"no\", then\nthought again"},
           kToday));
  const RunResult r = ok(s.run({"export", "--format", "csv"}, kToday));
  CHECK(r.out.rfind("experiment,experiment_title,entry,date,time,phase,metric,kind,value,note,"
                    "as_planned,deviation,entry_uuid\r\n",
                    0) == 0);
  CHECK(r.out.find("1,Quotes,1,2026-11-03,,testing,q,count,1,\"said \"\"no\"\", then\nthought "
                   "again\",yes,,") != std::string::npos);
  CHECK(r.out.find(",share,derived,0.25,") != std::string::npos);
  std::size_t rows = 0;
  for (std::size_t at = r.out.find("\r\n"); at != std::string::npos;
       at = r.out.find("\r\n", at + 2))
    ++rows;
  CHECK(rows == 4);  // the header and q, s, share
}

TEST_CASE("comment needs text and an experiment, and refuses under --read-only") {
  Sandbox s;
  make_demo(s);
  CHECK(s.run({"comment", "1", "  "}, kToday).exit_code == 2);
  CHECK(s.run({"comment", "9", "hello"}, kToday).exit_code == 2);
  const std::string before = read_file(s.journal());
  CHECK(s.run({"--read-only", "comment", "1", "hello"}, kToday).exit_code != 0);
  CHECK(s.run({"--read-only", "import", s.dir().file("x.json")}, kToday).exit_code == 2);
  CHECK(read_file(s.journal()) == before);
  const json c = json::parse(ok(s.run({"comment", "1", "well done", "--json"}, kToday)).out);
  CHECK(c["author"] == "Ana Lima");  // the journal's owner by default
  CHECK(c["text"] == "well done");
}
