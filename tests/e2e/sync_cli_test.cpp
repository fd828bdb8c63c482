// End-to-end: sync over git (issue 19, docs/sync.md) through the real binary, with bare
// repositories in a temporary folder (never the network): two devices and a coach, edits of
// different fields of one entry both surviving, one field edited on both sides kept and
// reported, a deletion travelling, a coach's mirror refusing writes, hostile remotes refused
// with the journal unchanged, and two syncs of one journal at once.
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "e2e/cli_runner.hpp"

using leadlab::testing::run_program;
using leadlab::testing::RunResult;
using leadlab::testing::Sandbox;
using nlohmann::json;

namespace {

namespace fs = std::filesystem;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// A sandbox with a bare remote and journals on several "devices".
struct Devices {
  Sandbox s;
  std::string remote = s.dir().file("remote.git");
  std::string journal(const std::string& name) const { return s.dir().file(name + ".db"); }

  RunResult on(const std::string& device, std::vector<std::string> args, int expect = 0) const {
    args.insert(args.begin(), {"--journal", journal(device)});
    const RunResult r = s.run(args);
    CHECK_MESSAGE(r.exit_code == expect, device << ": " << r.err << r.out);
    return r;
  }
  RunResult git(std::vector<std::string> args) const {
    args.insert(args.begin(), {"-c", "user.name=t", "-c", "user.email=t@t"});
    RunResult r = run_program("/usr/bin/git", args, s.environment({}));
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    return r;
  }
  // Device "a" with one experiment in its baseline and one entry, connected to the remote,
  // and device "b" cloned from it.
  void set_up() {
    git({"init", "--quiet", "--bare", remote});
    on("a", {"init", "--owner", "Ana"});
    on("a", {"new", "--title", "Ask first", "--hypothesis", "h", "--change", "c", "--metric",
             "questions:count:up", "--metric", "statements:count:down"});
    on("a", {"baseline", "1"});
    on("a", {"log", "1", "questions=3", "statements=9", "--note", "budget"});
    const RunResult init = on("a", {"sync", "init", remote});
    CHECK(contains(init.out, "1 experiment, 2 metrics and 1 entry out"));
    const RunResult clone = on("b", {"sync", "clone", remote});
    CHECK(contains(clone.out, "Made the journal"));
  }
  json entries(const std::string& device) const {
    return json::parse(on(device, {"entries", "1", "--json"}).out);
  }
};

// The entries' notes and values, in date then note order: what two journals must agree on
// (ids are each journal's own).
std::multiset<std::string> entry_set(const json& entries) {
  std::multiset<std::string> out;
  const json& list = entries.contains("entries") ? entries["entries"] : entries;
  for (const auto& e : list) out.insert(e["note"].dump() + e["values"].dump());
  return out;
}

}  // namespace

TEST_CASE("sync: two devices converge as a log on each side travels and a second sync is quiet") {
  Devices d;
  d.set_up();
  d.on("a", {"log", "1", "questions=4", "statements=8", "--note", "on a"});
  d.on("b", {"log", "1", "questions=6", "statements=5", "--note", "on b"});
  CHECK(contains(d.on("a", {"sync"}).out, "nothing in, 1 entry out"));
  CHECK(contains(d.on("b", {"sync"}).out, "1 entry in, 1 entry out"));
  CHECK(contains(d.on("a", {"sync"}).out, "1 entry in, nothing out"));
  CHECK(entry_set(d.entries("a")) == entry_set(d.entries("b")));
  CHECK(entry_set(d.entries("a")).size() == 3);
  for (const char* device : {"a", "b"}) {
    CHECK(contains(d.on(device, {"sync"}).out, "nothing in, nothing out"));
    const json st = json::parse(d.on(device, {"sync", "status", "--json"}).out);
    CHECK(st["connected"] == true);
    CHECK(st["waiting"]["entries"]["added"] == 0);
    CHECK(st["conflicts"].empty());
  }
}

TEST_CASE(
    "sync: edits of two fields of one entry both survive and one field edited twice keeps "
    "the later and reports the other") {
  Devices d;
  d.set_up();
  d.on("a", {"entry", "edit", "1", "--note", "budget review"});
  d.on("b", {"entry", "edit", "1", "questions=5"});
  d.on("a", {"sync"});
  d.on("b", {"sync"});
  d.on("a", {"sync"});
  for (const char* device : {"a", "b"}) {
    const std::string text = d.on(device, {"entries", "1"}).out;
    CHECK(contains(text, "budget review"));
    CHECK(contains(text, "5"));
  }
  // The same field: b's edit is the later one.
  d.on("a", {"entry", "edit", "1", "--note", "first"});
  d.on("b", {"entry", "edit", "1", "--note", "second"});
  d.on("a", {"sync"});
  const RunResult merged = d.on("b", {"sync", "--json"});
  const json r = json::parse(merged.out);
  REQUIRE(r["conflicts"].size() == 1);
  CHECK(r["conflicts"][0]["field"] == "note");
  CHECK(r["conflicts"][0]["taken"] == "\"second\"");
  CHECK(r["conflicts"][0]["other"] == "\"first\"");
  d.on("a", {"sync"});
  for (const char* device : {"a", "b"})
    CHECK(contains(d.on(device, {"entries", "1"}).out, "second"));
  const json st = json::parse(d.on("b", {"sync", "status", "--json"}).out);
  CHECK(st["conflicts"].size() == 1);
  CHECK(contains(d.on("b", {"sync", "status"}).out, "kept \"first\""));
}

TEST_CASE(
    "sync: a start on one device and a review on another take the later one's status and "
    "dates whole") {
  Devices d;
  d.set_up();
  // Field by field, the later start's status and test start with the review's time closed
  // would be an experiment no command makes, which every sync would refuse.
  d.on("b",
       {"review", "1", "--prediction-met", "no", "--observed", "o", "--learned", "l", "--decision",
        "abandon", "--next-step", "n", "--by", "in 2 weeks", "--commitment", "3", "--yes"});
  d.on("a", {"start", "1"});
  d.on("b", {"sync"});
  const json r = json::parse(d.on("a", {"sync", "--json"}).out);
  REQUIRE(r["conflicts"].size() == 1);
  CHECK(r["conflicts"][0]["field"] == "status");
  d.on("b", {"sync"});
  for (const char* device : {"a", "b"}) {
    const json e = json::parse(d.on(device, {"show", "1", "--json"}).out);
    CHECK(e["status"] == "testing");
    CHECK(e["closed"].is_null());
    CHECK(e["reviews"].size() == 1);
    d.on(device, {"check"});
  }
}

TEST_CASE("sync: an entry deleted on one side is deleted everywhere") {
  Devices d;
  d.set_up();
  d.on("b", {"log", "1", "questions=1", "statements=1", "--note", "to go"});
  d.on("b", {"sync"});
  d.on("a", {"sync"});
  CHECK(entry_set(d.entries("a")).size() == 2);
  d.on("a", {"entry", "delete", "2"});
  d.on("a", {"sync"});
  CHECK(contains(d.on("b", {"sync"}).out, "1 entry in"));
  CHECK(entry_set(d.entries("b")).size() == 1);
  CHECK(entry_set(d.entries("a")) == entry_set(d.entries("b")));
}

TEST_CASE(
    "sync: a coach's mirror reads and comments but refuses other writes and the comments "
    "reach the client as the coach's") {
  Devices d;
  d.set_up();
  const RunResult clone = d.on("coach", {"sync", "clone", d.remote, "--coach", "Ben"});
  CHECK(contains(clone.out, "mirrors the client's journal for Ben"));
  const RunResult refused = d.on("coach", {"log", "1", "questions=1", "statements=1"}, 2);
  CHECK(contains(refused.err, "mirrors a client's journal for the coach Ben"));
  d.on("coach", {"show", "1"});
  d.on("coach", {"comment", "1", "Count only decisions"});
  CHECK(contains(d.on("coach", {"sync"}).out, "1 comment out"));
  CHECK(contains(d.on("a", {"sync"}).out, "1 comment in"));
  const std::string shown = d.on("a", {"show", "1"}).out;
  CHECK(contains(shown, "Count only decisions"));
  CHECK(contains(shown, "Ben"));
}

TEST_CASE(
    "sync: a hostile remote is refused with the path and the reason and the journal unchanged") {
  Devices d;
  d.set_up();
  const std::string work = d.s.dir().file("work");
  d.git({"clone", "--quiet", d.remote, work});
  struct Case {
    std::string name;
    std::string shell;  // run in the work tree before the commit
    std::string said;
  };
  const std::vector<Case> cases = {
      {"a symbolic link", "ln -s /etc/passwd experiments/link.json", "a symbolic link"},
      {"a path outside the layout", "echo hi > notes.txt", "outside leadlab's layout"},
      {"malformed content", "for f in experiments/*.json; do echo '{' > $f; done",
       "remote: experiments/"},
      {"a newer format", "sed -i 's/\"version\": 1/\"version\": 9/' leadlab-sync.json",
       "sync format 9"},
      {"a file over the size limit",
       "truncate -s 65M experiments/00000000-0000-4000-8000-000000000001.json",
       "a file over the limit of 64 MiB"},
      {"a record that contradicts the journal (another experiment's metric and entry)",
       "f=$(ls experiments/*.json); u=$(basename $f .json); "
       "sed \"s/$u/00000000-0000-4000-8000-000000000002/g\" $f > "
       "experiments/00000000-0000-4000-8000-000000000002.json",
       "the remote's records contradict this journal (the bundle's new metric"},
      {"a history of its own (replaced, or another journal's)",
       "git checkout --quiet --orphan replaced", "shares no history with this one's"},
  };
  const std::string before = d.on("a", {"export", "--format", "json"}).out;
  std::string good = d.git({"-C", work, "rev-parse", "origin/main"}).out;
  good.pop_back();
  for (const Case& c : cases) {
    CAPTURE(c.name);
    d.git({"-C", work, "reset", "--quiet", "--hard", good});
    const RunResult changed = d.s.shell("cd '" + work + "' && " + c.shell);
    REQUIRE_MESSAGE(changed.exit_code == 0, changed.err);
    d.git({"-C", work, "add", "-A"});
    d.git({"-C", work, "commit", "--quiet", "-m", c.name});
    d.git({"-C", work, "push", "--quiet", "--force", "origin", "HEAD:main"});
    const RunResult r = d.on("a", {"sync"}, 2);
    CHECK(contains(r.err, c.said));
    CHECK(d.on("a", {"export", "--format", "json"}).out == before);
  }
}

TEST_CASE("sync: two syncs of one journal at once both finish, one after the other") {
  Devices d;
  d.set_up();
  d.on("b", {"log", "1", "questions=2", "statements=2", "--note", "from b"});
  d.on("b", {"sync"});
  const std::string a = d.journal("a");
  const RunResult both =
      d.s.shell("cd '" + d.s.dir().path().string() + "'; leadlab --journal '" + a +
                "' sync > one.txt 2>&1 & "
                "leadlab --journal '" +
                a +
                "' sync > two.txt 2>&1; "
                "s=$?; wait $!; echo $s $?");
  CHECK(both.out == "0 0\n");
  CHECK(entry_set(d.entries("a")) == entry_set(d.entries("b")));
  CHECK(contains(d.on("a", {"sync"}).out, "nothing in, nothing out"));
}

TEST_CASE("sync: refusals say what to do") {
  Devices d;
  d.set_up();
  CHECK(contains(d.on("a", {"sync", "init", d.remote}, 2).err, "connected already"));
  d.on("c", {"init", "--owner", "Cy"});
  CHECK(contains(d.on("c", {"sync"}, 2).err, "not connected"));
  CHECK(contains(d.on("c", {"sync", "init", d.remote}, 2).err, "holds a journal already"));
  CHECK(contains(d.on("b", {"sync", "clone", d.remote}, 2).err, "exists already"));
  const std::string failed = d.on("x", {"sync", "clone", d.s.dir().file("nowhere.git")}, 2).err;
  CHECK(contains(failed, "git failed"));
  CHECK(contains(failed, "run the same command again"));
  // A remote git would read as an option, or none, is refused before git runs.
  for (const std::string remote : {"--upload-pack=touch pwned", ""}) {
    CAPTURE(remote);
    CHECK(contains(d.on("x", {"sync", "clone", "--", remote}, 2).err, "is not a git remote"));
    CHECK(contains(d.on("c", {"sync", "init", "--", remote}, 2).err, "is not a git remote"));
    CHECK(!std::filesystem::exists(d.journal("x")));
    CHECK(!std::filesystem::exists(d.journal("c") + ".git"));
  }
}

TEST_CASE("sync: a sync sends only what changed and also a change another tool made") {
  Devices d;
  d.set_up();
  d.on("a", {"new", "--title", "Listen", "--hypothesis", "h", "--change", "c", "--metric",
             "pauses:count:up"});
  d.on("a", {"baseline", "2"});
  d.on("a", {"log", "2", "pauses=2", "--note", "standup"});
  d.on("a", {"sync"});
  d.on("b", {"sync"});
  // One entry logged: the commit changes that experiment's file alone.
  d.on("b", {"log", "2", "pauses=4", "--note", "retro"});
  CHECK(contains(d.on("b", {"sync"}).out, "nothing in, 1 entry out"));
  const std::string files = d.git({"--git-dir", d.journal("b") + ".git", "diff-tree", "-r",
                                   "--name-only", "--no-commit-id", "main"})
                                .out;
  CHECK(files.rfind("experiments/", 0) == 0);
  CHECK(std::count(files.begin(), files.end(), '\n') == 1);
  // A note changed with SQL by another program reaches the other device.
  REQUIRE(run_program("/usr/bin/sqlite3",
                      {d.journal("a"),
                       "UPDATE entries SET note = 'edited elsewhere' WHERE note = "
                       "'budget'"},
                      d.s.environment({}))
              .exit_code == 0);
  CHECK(contains(d.on("a", {"sync", "status"}).out, "Waiting to go out: 1 entry\n"));
  CHECK(contains(d.on("a", {"sync"}).out, "1 entry in, 1 entry out"));
  CHECK(contains(d.on("b", {"sync"}).out, "1 entry in, nothing out"));
  CHECK(contains(d.on("b", {"entries", "1"}).out, "edited elsewhere"));
}

TEST_CASE("sync: a clone numbers the experiments as the journal it came from") {
  Devices d;
  d.set_up();
  for (int i = 2; i <= 7; ++i)
    d.on("a", {"new", "--title", "Experiment " + std::to_string(i), "--hypothesis", "h", "--change",
               "c", "--metric", "q:count:up"});
  d.on("a", {"sync"});
  d.on("c", {"sync", "clone", d.remote});
  // Random UUIDs: in their order, six experiments would rarely keep their numbers.
  CHECK(d.on("c", {"list"}).out == d.on("a", {"list"}).out);
}

TEST_CASE(
    "sync: show on every device lists the conflict kept for one field edited on two devices") {
  Devices d;
  d.set_up();
  d.on("coach", {"sync", "clone", d.remote, "--coach", "Ben"});
  d.on("a", {"entry", "edit", "1", "--note", "first"});
  d.on("b", {"entry", "edit", "1", "--note", "second"});  // the later edit
  d.on("a", {"sync"});
  // b merges, and names the entry as `show` does, with its experiment's number.
  const std::string merged = d.on("b", {"sync"}).out;
  CHECK(contains(merged, "kept \"first\""));
  CHECK(contains(merged, "  entry 1 (20"));
  CHECK(contains(merged, ") of experiment 1, note: took \"second\""));
  CHECK(contains(d.on("b", {"sync", "status"}).out, ") of experiment 1, note: took"));
  // a and the coach take b's merge as it stands, and keep what b found.
  CHECK(contains(d.on("a", {"sync"}).out, "1 field was edited on both sides"));
  CHECK(contains(d.on("coach", {"sync"}).out, "kept \"first\""));
  for (const std::string device : {"a", "b", "coach"}) {
    CAPTURE(device);
    const std::string text = d.on(device, {"show", "1"}).out;
    const std::size_t at = text.find("Sync conflicts");
    REQUIRE(at != std::string::npos);
    // The section with its lines joined again: where they wrap depends on the times.
    std::string section;
    for (char ch : text.substr(at)) {
      if (ch == '\n') ch = ' ';
      if (ch != ' ' || section.empty() || section.back() != ' ') section += ch;
    }
    CHECK(contains(section, "1 field was edited on both sides of a sync; the later edit"));
    CHECK(contains(section, " entry 1 (20"));
    CHECK(contains(section, "), note: took \"second\" (20"));
    CHECK(contains(section, "), kept \"first\" (20"));
    const json shown = json::parse(d.on(device, {"show", "1", "--json"}).out);
    REQUIRE(shown["conflicts"].size() == 1);
    const json& c = shown["conflicts"][0];
    CHECK(c["uuid"] == shown["entries"][0]["uuid"]);
    CHECK(c["kind"] == "entry");
    CHECK(c["experiment"] == shown["uuid"]);
    CHECK(c["field"] == "note");
    CHECK(c["taken"] == "\"second\"");
    CHECK(c["other"] == "\"first\"");
    CHECK(c["taken_is_ours"] == (device == "b"));
    // sync status lists the same one, once, however often the devices sync again.
    d.on(device, {"sync"});
    const json st = json::parse(d.on(device, {"sync", "status", "--json"}).out);
    CHECK(st["conflicts"].size() == 1);
  }
  // Another experiment has none.
  d.on("a", {"new", "--title", "Speak last", "--hypothesis", "h", "--change", "c", "--metric",
             "ideas:count:up"});
  const json other = json::parse(d.on("a", {"show", "2", "--json"}).out);
  CHECK(other["conflicts"].empty());
  CHECK_FALSE(contains(d.on("a", {"show", "2"}).out, "Sync conflicts"));
}

TEST_CASE("sync: overview names the client of a coach's mirror and of a copy made by import") {
  Devices d;
  d.set_up();
  // The mirror in a folder of its own, which the clone makes (private, as `init` makes one).
  d.on("coaching/mirror", {"sync", "clone", d.remote, "--coach", "Ben (coach)"});
  CHECK((fs::status(d.s.dir().file("coaching")).permissions() & fs::perms::all) ==
        fs::perms::owner_all);
  // The README's route without sync: a journal of the coach's own, and the client's bundle.
  const std::string bundle = d.s.dir().file("ana.json");
  d.on("a", {"export", "--format", "json", "--output", bundle});
  d.on("copy", {"init", "--owner", "Ben (coach)"});
  CHECK(contains(d.on("copy", {"import", bundle}).out, "the bundle is Ana's"));

  const std::vector<std::string> journals = {d.journal("coaching/mirror"), d.journal("copy"),
                                             d.journal("a")};
  std::vector<std::string> args = {"overview"};
  args.insert(args.end(), journals.begin(), journals.end());
  const RunResult text = d.s.run(args);
  REQUIRE(text.exit_code == 0);
  CHECK_FALSE(contains(text.out, "Ben"));
  for (const std::string& line : {std::string("mirror.db"), std::string("copy.db")}) {
    const std::size_t at = text.out.find(line);
    REQUIRE(at != std::string::npos);
    CHECK(text.out.substr(at, text.out.find('\n', at) - at).find("  Ana  ") != std::string::npos);
  }
  args.push_back("--json");
  const json j = json::parse(d.s.run(args).out);
  REQUIRE(j["journals"].size() == 3);
  for (const json& row : j["journals"]) CHECK(row["client"] == "Ana");
  CHECK(j["journals"][0]["owner"] == "Ana");
  CHECK(j["journals"][0]["coach"] == "Ben (coach)");
  CHECK(j["journals"][1]["owner"] == "Ben (coach)");
  CHECK(j["journals"][1]["coach"] == nullptr);
  CHECK(j["journals"][2]["coach"] == nullptr);
  // The coach's comment from the mirror leaves the rows as they were.
  d.on("coaching/mirror", {"comment", "1", "Count only decisions"});
  d.on("coaching/mirror", {"sync"});
  CHECK(json::parse(d.s.run(args).out)["journals"][0]["client"] == "Ana");
}

TEST_CASE("sync: an entry deleted on one device and changed on another is kept and named") {
  Devices d;
  d.set_up();
  d.on("a", {"entry", "delete", "1"});
  d.on("b", {"entry", "edit", "1", "--note", "still here"});
  d.on("a", {"sync"});
  const std::string out = d.on("b", {"sync"}).out;
  CHECK(contains(out, "Kept: the entry 1 (20"));
  CHECK(contains(out,
                 ") of experiment 1 was changed here and deleted on another device: it is "
                 "kept."));
  d.on("a", {"sync"});
  for (const char* device : {"a", "b"})
    CHECK(contains(d.on(device, {"entries", "1"}).out, "still here"));
}

TEST_CASE("sync: a folder a FIFO or a file where sync keeps its lock or repository is refused") {
  namespace fs = std::filesystem;
  Devices d;
  d.set_up();
  const std::string lock = d.journal("a") + ".sync.lock", git_dir = d.journal("a") + ".git";
  fs::remove(lock);
  fs::create_directory(lock);
  CHECK(contains(d.on("a", {"sync"}, 2).err, "move that away"));
  CHECK(fs::is_directory(lock));
  fs::remove(lock);
  REQUIRE(::mkfifo(lock.c_str(), 0600) == 0);
  CHECK(contains(d.on("a", {"sync"}, 2).err, "sync.lock is a named pipe (FIFO)"));
  CHECK(fs::is_fifo(lock));
  fs::remove(lock);
  fs::create_symlink(d.journal("elsewhere"), lock);
  CHECK(contains(d.on("a", {"sync"}, 2).err, "sync.lock is a symbolic link, not the sync lock"));
  CHECK(!fs::exists(d.journal("elsewhere")));
  fs::remove(lock);
  fs::rename(git_dir, git_dir + ".moved");
  { std::ofstream(git_dir) << "not a repository\n"; }
  const std::vector<std::vector<std::string>> commands = {
      {"sync"}, {"sync", "status"}, {"sync", "init", d.remote}};
  for (const auto& args : commands) {
    CAPTURE(args.back());
    CHECK(contains(d.on("a", args, 2).err, "is not the folder sync keeps its repository in"));
  }
  CHECK(fs::is_regular_file(git_dir));
  fs::remove(git_dir);
  // A link to nothing: sync and sync init agree (they said "not connected" and "connected").
  fs::create_symlink(d.journal("gone") + ".git", git_dir);
  for (const auto& args : commands) {
    CAPTURE(args.back());
    CHECK(contains(d.on("a", args, 2).err, "is not the folder sync keeps its repository in"));
  }
  fs::remove(git_dir);
  fs::rename(git_dir + ".moved", git_dir);
  CHECK(contains(d.on("a", {"sync"}).out, "nothing in, nothing out"));
}

TEST_CASE("sync: a sync init that connected but could not push stays connected for sync") {
  namespace fs = std::filesystem;
  Devices d;
  d.git({"init", "--quiet", "--bare", d.remote});
  const std::string hook = d.remote + "/hooks/pre-receive";
  { std::ofstream(hook) << "#!/bin/sh\necho the server says no >&2\nexit 1\n"; }
  fs::permissions(hook, fs::perms::owner_all);
  d.on("a", {"init", "--owner", "Ana"});
  d.on("a", {"new", "--title", "Ask first", "--hypothesis", "h", "--change", "c", "--metric",
             "questions:count:up"});
  const std::string refused = d.on("a", {"sync", "init", d.remote}, 2).err;
  CHECK(contains(refused, "the server says no"));
  CHECK(contains(refused, "safe here; run `leadlab sync` again"));  // not "keeps moving"
  CHECK(fs::is_directory(d.journal("a") + ".git"));
  CHECK(contains(d.on("a", {"sync", "init", d.remote}, 2).err, "run `leadlab sync`"));
  fs::remove(hook);
  CHECK(contains(d.on("a", {"sync"}).out, "nothing in, 1 experiment and 1 metric out"));
  d.on("b", {"sync", "clone", d.remote});
  CHECK(contains(d.on("b", {"list"}).out, "Ask first"));
}
