// End-to-end: the files around a journal. A file that is not this leadlab's journal is
// refused untouched by every command; nothing is ever read or written through a symbolic
// link; what leadlab creates is private whatever the umask.
#include <SQLiteCpp/SQLiteCpp.h>
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "e2e/cli_runner.hpp"

using leadlab::testing::file_mode;
using leadlab::testing::read_file;
using leadlab::testing::RunResult;
using leadlab::testing::Sandbox;

namespace {

namespace fs = std::filesystem;
using Env = std::map<std::string, std::string>;

using leadlab::testing::kToday;

RunResult ok(const RunResult& r) {
  REQUIRE_MESSAGE(r.exit_code == 0, r.out << r.err);
  return r;
}

std::vector<std::string> files_in(const fs::path& folder) {
  std::vector<std::string> names;
  for (const auto& f : fs::directory_iterator(folder)) names.push_back(f.path().filename());
  std::sort(names.begin(), names.end());
  return names;
}

// A journal with one experiment and an entry, and a bundle of it at `bundle`.
void make_journal(const Sandbox& s, const std::string& bundle) {
  ok(s.run({"init", "--owner", "Ana"}, kToday));
  ok(s.run({"new", "--title", "t", "--hypothesis", "h", "--change", "c", "--metric", "q:count"},
           kToday));
  ok(s.run({"baseline", "1", "--date", "2026-10-01"}, kToday));
  ok(s.run({"log", "1", "q=1", "--date", "2026-10-02"}, kToday));
  ok(s.run({"export", "--format", "json", "--output", bundle}, kToday));
}

// Commands that read, write, import, back up and check, on the journal at `path`.
std::vector<std::vector<std::string>> every_kind_of_command(const Sandbox& s,
                                                            const std::string& path,
                                                            const std::string& bundle) {
  const std::vector<std::vector<std::string>> commands = {
      {"list"},
      {"show", "1"},
      {"log", "1", "q=1"},
      {"comment", "1", "hello"},
      {"init", "--owner", "Eve"},
      {"new", "--title", "t", "--hypothesis", "h", "--change", "c", "--metric", "q:count"},
      {"import", bundle},
      {"export"},
      {"check"},
      {"backup", s.dir().file("copy.db")},
  };
  std::vector<std::vector<std::string>> out;
  for (auto args : commands) {
    args.insert(args.begin(), {"--journal", path});
    out.push_back(args);
  }
  return out;
}

std::string joined(const std::vector<std::string>& args) {
  std::string out;
  for (const auto& a : args) out += a + " ";
  return out;
}

}  // namespace

TEST_CASE("a foreign SQLite file, a non-SQLite file and a newer journal are refused untouched") {
  Sandbox s;
  const std::string bundle = s.dir().file("bundle.json");
  make_journal(s, bundle);
  const std::string folder = s.dir().file("files");
  fs::create_directories(folder);

  const std::string foreign = folder + "/tasks.db";
  {
    SQLite::Database db(foreign, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec("CREATE TABLE tasks (id INTEGER PRIMARY KEY, title TEXT)");
    db.exec("INSERT INTO tasks (title) VALUES ('buy milk')");
  }
  const std::string text = folder + "/notes.txt";
  std::ofstream(text) << "my private notes, not a database\n" << std::string(5000, 'x');
  const std::string newer = folder + "/newer.db";
  fs::copy_file(s.journal(), newer);
  {
    SQLite::Database db(newer, SQLite::OPEN_READWRITE);
    db.exec("PRAGMA user_version = 99");
  }
  const std::vector<std::string> names = files_in(folder);

  struct Case {
    std::string path;
    std::string says;
  };
  for (const Case& c : {Case{foreign, "not a leadlab journal"}, Case{text, "not a leadlab journal"},
                        Case{newer, "newer leadlab"}}) {
    CAPTURE(c.path);
    const std::string before = read_file(c.path);
    for (const auto& args : every_kind_of_command(s, c.path, bundle)) {
      CAPTURE(joined(args));
      const RunResult r = s.run(args, kToday);
      CHECK(r.exit_code == 2);
      CHECK_MESSAGE(r.err.find(c.says) != std::string::npos, r.err);
      CHECK(read_file(c.path) == before);
      CHECK(files_in(folder) == names);  // no side file, no backup, no copy
    }
  }
  CHECK_FALSE(fs::exists(s.dir().file("copy.db")));
}

TEST_CASE("a journal behind a symbolic link is refused by every command, also a dangling one") {
  Sandbox s;
  const std::string bundle = s.dir().file("bundle.json");
  make_journal(s, bundle);
  const std::string before = read_file(s.journal());
  const std::string link = s.dir().file("link.db");
  fs::create_symlink(s.journal(), link);
  for (const auto& args : every_kind_of_command(s, link, bundle)) {
    CAPTURE(joined(args));
    const RunResult r = s.run(args, kToday);
    CHECK(r.exit_code == 2);
    CHECK_MESSAGE(r.err.find("symbolic link") != std::string::npos, r.err);
  }
  // Also when it comes from LEADLAB_JOURNAL.
  const RunResult env = s.run({"show", "1"}, {{"LEADLAB_JOURNAL", link}});
  CHECK(env.exit_code == 2);
  CHECK(env.err.find("symbolic link") != std::string::npos);
  CHECK(read_file(s.journal()) == before);

  // A link to nowhere: init and new do not create the journal where it points.
  const std::string nowhere = s.dir().file("elsewhere/journal.db");
  fs::create_symlink(nowhere, s.dir().file("dangling.db"));
  for (const auto& args : every_kind_of_command(s, s.dir().file("dangling.db"), bundle)) {
    CAPTURE(joined(args));
    CHECK(s.run(args, kToday).exit_code == 2);
  }
  CHECK_FALSE(fs::exists(nowhere));
  CHECK_FALSE(fs::exists(s.dir().file("elsewhere")));
}

TEST_CASE("export --output refuses a symbolic link in every format, also a dangling one") {
  Sandbox s;
  make_journal(s, s.dir().file("bundle.json"));
  const std::string target = s.dir().file("real.txt");
  std::ofstream(target) << "keep me";
  fs::create_symlink(target, s.dir().file("link.txt"));
  fs::create_symlink(s.dir().file("nowhere.txt"), s.dir().file("dangling.txt"));
  for (const std::string format : {"markdown", "json", "csv"}) {
    for (const std::string link : {"link.txt", "dangling.txt"}) {
      CAPTURE(format);
      CAPTURE(link);
      const RunResult r =
          s.run({"export", "--format", format, "--output", s.dir().file(link)}, kToday);
      CHECK(r.exit_code == 2);
      CHECK_MESSAGE(r.err.find("symbolic link") != std::string::npos, r.err);
    }
  }
  CHECK(read_file(target) == "keep me");
  CHECK_FALSE(fs::exists(s.dir().file("nowhere.txt")));
  CHECK(fs::is_symlink(s.dir().file("link.txt")));
}

TEST_CASE("under umask 022 the journal, its folders and every file leadlab writes are private") {
  const mode_t old = ::umask(022);  // inherited by the leadlab processes below
  Sandbox s;
  const std::string journal = s.dir().file("deep/er/journal.db");
  const Env env = {{"LEADLAB_JOURNAL", journal}, {"LEADLAB_TODAY", "2026-11-08"}};
  const RunResult created = s.run(
      {"new", "--title", "t", "--hypothesis", "h", "--change", "c", "--metric", "q:count"}, env);
  CHECK_MESSAGE(created.exit_code == 0, created.err);
  CHECK(file_mode(journal) == 0600);
  CHECK(file_mode(s.dir().file("deep")) == 0700);
  CHECK(file_mode(s.dir().file("deep/er")) == 0700);
  // Reports, bundles, CSV and backups hold the same reflections.
  for (const std::string format : {"markdown", "json", "csv"}) {
    const std::string out = s.dir().file("out." + format);
    CHECK(s.run({"export", "--format", format, "--output", out}, env).exit_code == 0);
    CHECK_MESSAGE(file_mode(out) == 0600, format);
  }
  CHECK(s.run({"backup", s.dir().file("copy.db")}, env).exit_code == 0);
  CHECK(file_mode(s.dir().file("copy.db")) == 0600);
  ::umask(old);
}

TEST_CASE("a refused bundle imported where there is no journal yet leaves no journal behind") {
  Sandbox s;
  const std::string bad = s.dir().file("bad.json");
  std::ofstream(bad) << "{\"format\": \"leadlab bundle\", \"version\": 1, \"kind\": \"full\", "
                        "\"owner\": \"\", \"experiments\": [{}], \"tombstones\": []}";
  const RunResult r = s.run({"import", bad}, kToday);
  CHECK(r.exit_code == 2);
  CHECK(r.err.find(bad + ":1:") != std::string::npos);
  CHECK_FALSE(fs::exists(s.journal()));
}

TEST_CASE("a journal path beginning with ~ is in the home folder, as a shell would read it") {
  Sandbox s;
  const std::string home = s.environment({}).at("HOME");
  fs::create_directories(home);
  SUBCASE("--journal=~/...: the shell leaves it unexpanded") {
    ok(s.run({"--journal=~/mine.db", "init", "--owner", "Ana"}, kToday));
    CHECK(fs::is_regular_file(home + "/mine.db"));
    CHECK(ok(s.run({"--journal", "~/mine.db", "list"}, kToday)).out.find("No experiments") !=
          std::string::npos);
  }
  SUBCASE("LEADLAB_JOURNAL=\"~/...\": quoted in a shell's profile") {
    Env env = kToday;
    env["LEADLAB_JOURNAL"] = "~/quoted.db";
    ok(s.run({"init", "--owner", "Ana"}, env));
    CHECK(fs::is_regular_file(home + "/quoted.db"));
  }
  SUBCASE("another user's ~name is not guessed at: it is a relative path, refused as missing") {
    const RunResult r = s.run({"--journal", "~ana/j.db", "list"}, kToday);
    CHECK(r.exit_code == 2);
    CHECK_FALSE(fs::exists(home + "/j.db"));
  }
}
