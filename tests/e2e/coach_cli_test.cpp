// End-to-end: the coach's guarantees through the real binary — --read-only on every command
// that reads (no byte of the journal changes, no file appears beside it, also for a user who
// cannot write the file or its folder), overview of many journals, backup and check.
#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "e2e/cli_runner.hpp"

using leadlab::testing::read_file;
using leadlab::testing::RunResult;
using leadlab::testing::Sandbox;
using nlohmann::json;

namespace {

namespace fs = std::filesystem;
using Env = std::map<std::string, std::string>;

using leadlab::testing::kToday;  // 6 days after the demo's last entry

// The demo journal of examples/question-ratio.sh (Ana Lima; review due) and one comment.
void make_commented_demo(const Sandbox& s) {
  leadlab::testing::make_demo(s);
  REQUIRE(s.run({"comment", "1", "The silences are working"}, kToday).exit_code == 0);
}

std::string joined(const std::vector<std::string>& args) {
  std::string out;
  for (const auto& a : args) out += (out.empty() ? "" : " ") + a;
  return out;
}

// The names in `folder`, sorted: a side file (-journal, -wal, -shm) or a temporary file
// would show here.
std::vector<std::string> files_in(const fs::path& folder) {
  std::vector<std::string> names;
  for (const auto& f : fs::directory_iterator(folder)) names.push_back(f.path().filename());
  std::sort(names.begin(), names.end());
  return names;
}

bool fits_80_columns(const std::string& text) {
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    // Count code points, not bytes (the output may hold "…").
    const auto width = std::count_if(line.begin(), line.end(), [](char c) {
      return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    });
    if (width > 80) return false;
  }
  return true;
}

// Runs leadlab as a user who can write neither the journal nor its folder. Root writes any
// file whatever its mode, so as root the binary runs through setpriv as nobody.
bool can_run_as_reader() { return ::geteuid() != 0 || fs::exists("/usr/bin/setpriv"); }

RunResult run_as_reader(const Sandbox& s, std::vector<std::string> args) {
  const Env env = s.environment(kToday);
  if (::geteuid() != 0) return leadlab::testing::run_leadlab(args, env);
  args.insert(args.begin(), {"--reuid=65534", "--regid=65534", "--clear-groups", LEADLAB_BINARY});
  return leadlab::testing::run_program("/usr/bin/setpriv", args, env);
}

// Makes the sandbox's journal 0444 in a 0555 folder for the test's duration (and a 0777
// folder `out` for what commands write elsewhere); restores the modes so that the sandbox
// can be removed.
class ReadOnlyFiles {
 public:
  explicit ReadOnlyFiles(const Sandbox& s)
      : root_(s.dir().path()), data_(fs::path(s.journal()).parent_path()), journal_(s.journal()) {
    fs::create_directories(root_ / "out");
    ::chmod(root_.c_str(), 0755);
    ::chmod((root_ / "out").c_str(), 0777);
    ::chmod(journal_.c_str(), 0444);
    ::chmod(data_.c_str(), 0555);
  }
  ~ReadOnlyFiles() {
    ::chmod(data_.c_str(), 0700);
    ::chmod(journal_.c_str(), 0600);
    ::chmod(root_.c_str(), 0700);
  }
  ReadOnlyFiles(const ReadOnlyFiles&) = delete;
  ReadOnlyFiles& operator=(const ReadOnlyFiles&) = delete;

 private:
  fs::path root_, data_;
  std::string journal_;
};

// Overwrites bytes of `path` from `offset` (from the end when negative).
void overwrite(const std::string& path, long offset, const std::string& bytes) {
  std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
  f.seekp(offset, offset < 0 ? std::ios::end : std::ios::beg);
  f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

}  // namespace

TEST_CASE(
    "every reading command works under --read-only on a 0444 journal in a folder the "
    "user cannot write, and changes no byte") {
  Sandbox s;
  make_commented_demo(s);
  const std::string out = s.dir().file("out");
  ReadOnlyFiles modes(s);
  REQUIRE(
      s.run({"export", "--format", "json", "--output", out + "/bundle.json"}, kToday).exit_code ==
      0);
  ::chmod((out + "/bundle.json").c_str(), 0644);
  const std::string before = read_file(s.journal());
  const fs::path data = fs::path(s.journal()).parent_path();
  REQUIRE(files_in(data) == std::vector<std::string>{"journal.db"});
  if (!can_run_as_reader()) MESSAGE("running as root without setpriv: checking bytes only");
  // The reader, another user, may not reach the source tree's bundled templates (a clone in
  // a 0700 folder, as `mktemp -d` makes, hides them): it gets a readable copy as its own.
  const fs::path templates = fs::path(s.dir().file("home")) / ".config/leadlab/templates";
  fs::create_directories(templates);
  fs::copy(fs::path(LEADLAB_SOURCE_DIR) / "templates", templates);
  for (fs::path p = templates; p != s.dir().path(); p = p.parent_path())
    fs::permissions(p, fs::perms(0755));
  for (const auto& file : fs::directory_iterator(templates))
    fs::permissions(file.path(), fs::perms(0644));

  const std::vector<std::vector<std::string>> reads = {
      {"list"},
      {"list", "--json"},
      {"show", "1"},
      {"show", "1", "--json"},
      {"entries", "1"},
      {"entries", "1", "--json"},
      {"status"},
      {"status", "--json"},
      {"summary"},
      {"summary", "--json"},
      {"next"},
      {"next", "--json"},
      {"templates"},
      {"templates", "list", "--json"},
      {"templates", "show", "question-ratio"},
      {"export"},
      {"export", "--format", "json"},
      {"export", "--format", "csv"},
      {"export", "--output", out + "/report.md"},
      {"import", out + "/bundle.json", "--dry-run"},
      {"check"},
      {"check", "--json"},
      {"backup", out + "/copy.db"},
  };
  for (auto args : reads) {
    args.insert(args.begin(), "--read-only");
    const RunResult r = can_run_as_reader() ? run_as_reader(s, args) : s.run(args, kToday);
    CHECK_MESSAGE(r.exit_code == 0, (joined(args) + ": " + r.err));
    CHECK_MESSAGE(read_file(s.journal()) == before, joined(args));
    CHECK_MESSAGE(files_in(data) == std::vector<std::string>{"journal.db"}, joined(args));
  }
  // overview is read-only without being asked.
  const RunResult overview = can_run_as_reader() ? run_as_reader(s, {"overview", s.journal()})
                                                 : s.run({"overview", s.journal()}, kToday);
  CHECK_MESSAGE(overview.exit_code == 0, overview.err);
  CHECK(overview.out.find("Ana Lima") != std::string::npos);
  CHECK(read_file(s.journal()) == before);
  CHECK(files_in(data) == std::vector<std::string>{"journal.db"});
  CHECK(read_file(out + "/report.md").find("Ask before telling") != std::string::npos);

  // The reader really cannot write: without --read-only a write fails and changes nothing.
  if (can_run_as_reader()) {
    const RunResult write = run_as_reader(s, {"log", "1", "questions=1", "statements=1"});
    CHECK(write.exit_code != 0);
    CHECK(read_file(s.journal()) == before);
  }
}

TEST_CASE("under --read-only every command that would write refuses before it does anything") {
  Sandbox s;
  make_commented_demo(s);
  REQUIRE(s.run({"export", "--format", "json", "--output", s.dir().file("bundle.json")}, kToday)
              .exit_code == 0);
  const std::string before = read_file(s.journal());
  const std::vector<std::vector<std::string>> writes = {
      {"init", "--owner", "Ben"},
      {"owner", "Ben"},
      {"new", "--template", "question-ratio"},
      {"baseline", "1"},
      {"start", "1"},
      {"log", "1", "questions=1", "statements=1"},
      {"entry", "edit", "1", "questions=2"},
      {"entry", "delete", "1"},
      {"review", "1", "--prediction-met", "yes", "--observed", "o", "--learned", "l", "--decision",
       "adopt", "--next-step", "n", "--by", "in 2 weeks", "--commitment", "8"},
      {"reopen", "1"},
      {"comment", "1", "hello"},
      {"import", s.dir().file("bundle.json")},
      {"next", "--create"},
  };
  for (auto args : writes) {
    args.insert(args.begin(), "--read-only");
    const RunResult r = s.run(args, kToday);
    CHECK_MESSAGE(r.exit_code == 2, joined(args));
    CHECK_MESSAGE(r.err.find("--read-only") != std::string::npos, (joined(args) + ": " + r.err));
    CHECK_MESSAGE(read_file(s.journal()) == before, joined(args));
  }
  // At a terminal, new refuses before asking a single question.
  const RunResult asked = s.run_in_terminal({"--read-only", "new"}, {}, kToday);
  CHECK(asked.exit_code == 2);
  CHECK(asked.out.find("--read-only") != std::string::npos);
  CHECK(asked.out.find("Title") == std::string::npos);
  CHECK(read_file(s.journal()) == before);
  CHECK(files_in(fs::path(s.journal()).parent_path()) == std::vector<std::string>{"journal.db"});

  // Nor does --read-only init create a journal that is not there.
  Sandbox empty;
  CHECK(empty.run({"--read-only", "init"}).exit_code == 2);
  CHECK_FALSE(fs::exists(empty.journal()));
}

TEST_CASE("overview: a row per journal, a row saying why for one that cannot be read, exit 1") {
  Sandbox s;
  make_commented_demo(s);
  const std::string ana = s.journal();
  const std::string ben = s.dir().file("data/ben.db");
  REQUIRE(s.run({"--journal", ben, "init", "--owner", "Ben Ortiz"}, kToday).exit_code == 0);
  REQUIRE(s.run({"--journal", ben, "new", "--template", "question-ratio", "--title", "Speak last"},
                kToday)
              .exit_code == 0);
  REQUIRE(s.run({"--journal", ben, "baseline", "1", "--date", "2026-10-20"}, kToday).exit_code ==
          0);
  const std::string foreign = s.dir().file("data/notes.db");
  { std::ofstream(foreign) << "not a database\n"; }
  const std::string newer = s.dir().file("data/newer.db");
  fs::copy_file(ben, newer);
  overwrite(newer, 60, std::string("\0\0\0\x63", 4));  // PRAGMA user_version = 99
  const std::string missing = s.dir().file("data/gone.db");
  ::chmod(ana.c_str(), 0444);

  const std::vector<std::string> journals = {ana, ben, missing, foreign, newer};
  std::map<std::string, std::string> before;
  for (const auto& j : journals)
    if (fs::exists(j)) before[j] = read_file(j);
  const auto files = files_in(s.dir().file("data"));

  std::vector<std::string> args = {"overview"};
  args.insert(args.end(), journals.begin(), journals.end());
  const RunResult r = s.run(args, kToday);
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("3 of 5 journals could not be read") != std::string::npos);
  CHECK(fits_80_columns(r.out));
  CHECK(r.out.find("5 journals, 2026-11-08 (Sunday)") != std::string::npos);
  CHECK(r.out.find("Ana Lima") != std::string::npos);
  CHECK(r.out.find("1 of 1  2026-11-02 (6 days ago)  1 review") != std::string::npos);
  CHECK(r.out.find("latest: #1 Ask before telling: share: shift up (6 points, better)") !=
        std::string::npos);
  CHECK(r.out.find("Ben Ortiz") != std::string::npos);
  CHECK(r.out.find("1 quiet") != std::string::npos);  // nothing logged since 2026-10-20
  CHECK(r.out.find("no journal at " + missing) != std::string::npos);
  CHECK(r.out.find("not a leadlab journal") != std::string::npos);
  CHECK(r.out.find("newer leadlab") != std::string::npos);

  args.push_back("--json");
  const RunResult j = s.run(args, kToday);
  CHECK(j.exit_code == 1);
  const json rows = json::parse(j.out)["journals"];
  REQUIRE(rows.size() == 5);
  CHECK(rows[0]["journal"] == ana);
  CHECK(rows[0]["owner"] == "Ana Lima");
  CHECK(rows[0]["active"] == 1);
  CHECK(rows[0]["last_entry"] == "2026-11-02");
  CHECK(rows[0]["days_since_last_entry"] == 6);
  CHECK(rows[0]["reviews_due"] == 1);
  CHECK(rows[0]["latest"]["signal"]["kind"] == "shift");
  CHECK(rows[1]["quiet"] == 1);
  CHECK(rows[1]["last_entry"].is_null());
  for (int i : {2, 3, 4}) CHECK(rows[i]["error"].is_string());

  for (const auto& file : before) CHECK_MESSAGE(read_file(file.first) == file.second, file.first);
  CHECK(files_in(s.dir().file("data")) == files);
  CHECK_FALSE(fs::exists(missing));

  const RunResult fine = s.run({"overview", ana, ben}, kToday);
  CHECK(fine.exit_code == 0);
  CHECK(fine.err.empty());
  CHECK(s.run({"overview"}).exit_code == 2);
  ::chmod(ana.c_str(), 0600);
}

TEST_CASE("backup writes a checked 0600 copy and never overwrites or follows a link") {
  Sandbox s;
  make_commented_demo(s);
  const std::string copy = s.dir().file("copy.db");
  const RunResult r = s.run({"backup", copy}, kToday);
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  CHECK(r.out.find("Wrote " + copy) != std::string::npos);
  std::string said = r.out;  // wrapped to 80 columns
  std::replace(said.begin(), said.end(), '\n', ' ');
  CHECK(said.find("1 experiment, 11 entries, 0 reviews, 1 comment.") != std::string::npos);
  CHECK(leadlab::testing::file_mode(copy) == 0600);
  CHECK(s.run({"--journal", copy, "show", "1", "--json"}, kToday).out ==
        s.run({"show", "1", "--json"}, kToday).out);
  CHECK(s.run({"--journal", copy, "check"}).exit_code == 0);

  const std::string copy_bytes = read_file(copy);
  const RunResult again = s.run({"backup", copy}, kToday);
  CHECK(again.exit_code == 2);
  CHECK(again.err.find("exists already") != std::string::npos);
  CHECK(read_file(copy) == copy_bytes);

  fs::create_symlink(s.dir().file("elsewhere.db"), s.dir().file("link.db"));
  const RunResult link = s.run({"backup", s.dir().file("link.db")}, kToday);
  CHECK(link.exit_code == 2);
  CHECK(link.err.find("symbolic link") != std::string::npos);
  CHECK_FALSE(fs::exists(s.dir().file("elsewhere.db")));

  const RunResult json_run = s.run({"backup", s.dir().file("second.db"), "--json"}, kToday);
  CHECK(json_run.exit_code == 0);
  CHECK(json::parse(json_run.out)["counts"]["entries"] == 11);
  // No temporary file is left behind.
  CHECK(files_in(s.dir().path()) ==
        std::vector<std::string>{"bin", "copy.db", "data", "link.db", "second.db"});
}

TEST_CASE("backups taken while another process logs are each whole and consistent") {
  Sandbox s;
  make_commented_demo(s);
  const std::string folder = s.dir().file("backups");
  fs::create_directories(folder);
  Env env = kToday;
  env["OUT"] = folder;
  // Waits for each other's locks are part of the test, not their length: however slow the
  // machine, no write gives up (the default busy timeout is 5 s).
  env["LEADLAB_BUSY_TIMEOUT_MS"] = "120000";
  // 40 entries logged in the background while 8 backups are taken.
  const RunResult run = s.shell(
      "(for i in $(seq 40); do leadlab log 1 questions=1 statements=1 >/dev/null || exit 1; "
      "done) & writer=$!; "
      "for i in $(seq 8); do leadlab backup \"$OUT/b$i.db\" >/dev/null || exit 2; done; "
      "wait $writer",
      env);
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  // Every entry landed, and each backup is a sound journal holding the entries of one moment.
  CHECK(json::parse(s.run({"entries", "1", "--json"}, kToday).out).size() == 51);
  std::int64_t previous = 11;
  for (int i = 1; i <= 8; ++i) {
    const std::string backup = folder + "/b" + std::to_string(i) + ".db";
    const RunResult check = s.run({"--read-only", "--journal", backup, "check", "--json"}, kToday);
    REQUIRE_MESSAGE(check.exit_code == 0, (backup + ": " + check.out + check.err));
    const std::int64_t n = json::parse(check.out)["counts"]["entries"];
    CHECK(n >= previous);
    CHECK(n <= 51);
    previous = n;
  }
  CHECK(files_in(folder).size() == 8);
}

TEST_CASE("check: format version and counts, exit 0 when sound and 1 with the problems found") {
  Sandbox s;
  make_commented_demo(s);
  const RunResult sound = s.run({"check"}, kToday);
  CHECK(sound.exit_code == 0);
  CHECK(sound.out.find("version 5 (the latest)") != std::string::npos);
  CHECK(sound.out.find("Sound") != std::string::npos);
  CHECK(fits_80_columns(sound.out));
  const RunResult as_json = s.run({"--read-only", "check", "--json"}, kToday);
  CHECK(as_json.exit_code == 0);
  const json j = json::parse(as_json.out);
  CHECK(j["sound"] == true);
  CHECK(j["format_version"] == 5);
  CHECK(j["owner"] == "Ana Lima");
  CHECK(j["counts"]["experiments"] == 1);
  CHECK(j["counts"]["entries"] == 11);
  CHECK(j["counts"]["reviews"] == 0);
  CHECK(j["counts"]["comments"] == 1);
  CHECK(j["problems"].empty());

  // A damaged page of the entries (the journal's pages are 4096 bytes); the schema's pages,
  // which SQLite needs to open the file at all, are left whole.
  const std::string damaged = s.dir().file("data/damaged.db");
  fs::copy_file(s.journal(), damaged);
  const RunResult root = leadlab::testing::run_program(
      "/usr/bin/sqlite3",
      {s.journal(), "SELECT rootpage FROM sqlite_schema WHERE name = 'entries'"},
      s.environment({}));
  REQUIRE(root.exit_code == 0);
  overwrite(damaged, (std::stol(root.out) - 1) * 4096, std::string(4096, 'Z'));
  const std::string damaged_bytes = read_file(damaged);
  const RunResult found = s.run({"--read-only", "--journal", damaged, "check"}, kToday);
  CHECK(found.exit_code == 1);
  CHECK(found.out.find("problem: ") != std::string::npos);
  CHECK(fits_80_columns(found.out));
  const RunResult found_json =
      s.run({"--read-only", "--journal", damaged, "check", "--json"}, kToday);
  CHECK(found_json.exit_code == 1);
  CHECK(json::parse(found_json.out)["sound"] == false);
  CHECK_FALSE(json::parse(found_json.out)["problems"].empty());
  CHECK(read_file(damaged) == damaged_bytes);

  const RunResult missing = s.run({"--journal", s.dir().file("gone.db"), "check"});
  CHECK(missing.exit_code == 2);
  CHECK(missing.err.find("no journal at") != std::string::npos);
}

TEST_CASE("overview, backup and check have help with examples that fits 80 columns") {
  Sandbox s;
  for (const std::string command : {"overview", "backup", "check"}) {
    const RunResult r = s.run({command, "--help"});
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("Examples:\n  leadlab ") != std::string::npos);
    CHECK_MESSAGE(fits_80_columns(r.out), r.out);
  }
}
