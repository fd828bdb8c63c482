// End-to-end: what happens to a journal when leadlab is killed half-way through a write, when
// two processes write at once, and when another process holds the journal's lock. Each test
// runs the real binary on temporary journals and checks the journal afterwards with
// `leadlab check` (SQLite's integrity and foreign-key checks and the stored counts).
#include <SQLiteCpp/SQLiteCpp.h>
#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <sstream>
#include <thread>
#include <vector>

#include "e2e/cli_runner.hpp"

using leadlab::testing::file_mode;
using leadlab::testing::read_file;
using leadlab::testing::RunResult;
using leadlab::testing::Sandbox;
using nlohmann::json;

namespace {

namespace fs = std::filesystem;
using Env = std::map<std::string, std::string>;
using Clock = std::chrono::steady_clock;

using leadlab::testing::kToday;

RunResult ok(const RunResult& r) {
  REQUIRE_MESSAGE(r.exit_code == 0, r.out << r.err);
  return r;
}

// A journal with one experiment in its baseline, measuring a, b and c (counts).
void make_experiment(const Sandbox& s) {
  ok(s.run({"init", "--owner", "Ana"}, kToday));
  ok(s.run({"new", "--title", "Crash test", "--hypothesis", "h", "--change", "c", "--metric",
            "a:count", "--metric", "b:count", "--metric", "c:count"},
           kToday));
  ok(s.run({"baseline", "1", "--date", "2026-10-01"}, kToday));
}

// A process started in a process group of its own, so that SIGKILL reaches it and every
// process it started. Standard input and output go to /dev/null.
class Child {
 public:
  Child(const std::vector<std::string>& argv, const Env& env) {
    std::vector<std::string> envs;
    Env full = env;
    full.try_emplace("PATH", "/usr/bin:/bin");
    full.try_emplace("LANG", "C.UTF-8");
    for (const auto& [k, v] : full) envs.push_back(k + "=" + v);
    std::vector<char*> args;
    std::vector<char*> envp;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    for (const auto& e : envs) envp.push_back(const_cast<char*>(e.c_str()));
    args.push_back(nullptr);
    envp.push_back(nullptr);
    // Processes the child starts become this one's when it dies, so that kill() can wait
    // for them to end.
    ::prctl(PR_SET_CHILD_SUBREAPER, 1);
    pid_ = ::fork();
    REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
      ::setpgid(0, 0);
      const int null = ::open("/dev/null", O_RDWR);
      ::dup2(null, 0);
      ::dup2(null, 1);
      ::dup2(null, 2);
      ::execve(args[0], args.data(), envp.data());
      ::_exit(127);
    }
    ::setpgid(pid_, pid_);  // also here: the child may not have run yet
  }
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;
  ~Child() {
    if (pid_ > 0) kill();
  }

  // SIGKILL to the whole group, then waits until every process of it is gone (so that none
  // still holds a lock on the journal). Returns the exit code if the process had finished on
  // its own, or -1 if the signal ended it.
  int kill() {
    ::kill(-pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    // The group's other processes were re-parented to this one (a subreaper): reap them.
    while (::waitpid(-pid_, nullptr, 0) > 0 || errno == EINTR) {
    }
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  // True while the process has not ended (it is not reaped: kill() and wait() still work).
  bool running() const {
    siginfo_t info{};
    return ::waitid(P_PID, static_cast<id_t>(pid_), &info, WEXITED | WNOHANG | WNOWAIT) == 0 &&
           info.si_pid == 0;
  }

  // Waits for the process to end on its own; its exit code (128 + signal if killed).
  int wait() {
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }

 private:
  pid_t pid_ = -1;
};

// `leadlab check --json` on the journal: it must pass. Opening for writing rolls back a
// write that a killed process left half-done (its -journal file), as SQLite does.
json checked(const Sandbox& s, const std::string& journal) {
  const RunResult r = s.run({"--journal", journal, "check", "--json"}, kToday);
  INFO(journal << ": " << r.out << r.err);
  REQUIRE(r.exit_code == 0);
  const json j = json::parse(r.out);
  REQUIRE(j["sound"] == true);
  return j;
}

// True when a write was interrupted: SQLite's rollback journal beside the file is not
// empty. A journal left behind must be as private as the journal itself.
bool interrupted_write(const std::string& journal) {
  const std::string side = journal + "-journal";
  std::error_code ec;
  if (!fs::exists(side, ec) || fs::file_size(side, ec) == 0) return false;
  CHECK_MESSAGE(file_mode(side) == 0600, side);
  return true;
}

std::mt19937& rng() {
  static std::mt19937 engine(std::random_device{}());
  return engine;
}

std::chrono::microseconds random_delay(std::chrono::microseconds most) {
  std::uniform_int_distribution<std::int64_t> pick(0, most.count());
  return std::chrono::microseconds(pick(rng()));
}

using std::chrono::microseconds;

// How long `run_once` takes on this machine, in this build, now: the median of `runs`
// uninterrupted runs. The kill windows and waits below are drawn from it, so that a slow
// build (ASan) or a loaded machine moves the kills along with the work instead of leaving
// them all before it.
template <typename Run>
microseconds measured(int runs, Run run_once) {
  std::vector<microseconds> times;
  for (int i = 0; i < runs; ++i) {
    const auto start = Clock::now();
    run_once(i);
    times.push_back(std::chrono::duration_cast<microseconds>(Clock::now() - start));
  }
  std::sort(times.begin(), times.end());
  return std::max(times[times.size() / 2], microseconds(1000));
}

// Lines in `path` (0 if it does not exist yet).
std::size_t lines_in(const std::string& path) {
  const std::string text = read_file(path);
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

}  // namespace

TEST_CASE(
    "log killed at random moments: every entry is whole or absent, and none acknowledged "
    "is lost") {
  Sandbox s;
  make_experiment(s);
  const std::string acked_file = s.dir().file("acked");
  Env env = s.environment(kToday);
  env["LEADLAB"] = LEADLAB_BINARY;
  env["ACKED"] = acked_file;
  // Logs entries with a = b = c = v and note "note v" until killed (or LIMIT logs, if set);
  // v is unique. A log that returned 0 was acknowledged to the user: it is written to ACKED
  // after leadlab exits.
  const std::vector<std::string> loop_command = {
      "/bin/sh", "-c",
      "i=0; while [ -z \"$LIMIT\" ] || [ $i -lt \"$LIMIT\" ]; do i=$((i+1)); v=$((BASE+i)); "
      "\"$LEADLAB\" log 1 a=$v b=$v c=$v --note \"note $v\" --date 2026-10-02 "
      "|| exit 1; echo $v >> \"$ACKED\"; done"};

  // The loop's first log, uninterrupted, on copies of the journal: how long it takes here.
  const microseconds one_log = measured(3, [&](int i) {
    const std::string copy = s.dir().file("timed" + std::to_string(i) + ".db");
    fs::copy_file(s.journal(), copy);
    Env timed = env;
    timed["LEADLAB_JOURNAL"] = copy;
    timed["ACKED"] = s.dir().file("timed-acked");
    timed["LIMIT"] = "1";
    timed["BASE"] = "0";
    REQUIRE(Child(loop_command, timed).wait() == 0);
  });
  // Kills fall from 0 to 1.5 times that: before, during and after a log's write.
  const microseconds window = one_log + one_log / 2;
  // Long enough for any log that works: waiting longer means a log hangs.
  const auto patience = std::max<Clock::duration>(std::chrono::seconds(60), one_log * 100);

  int interrupted = 0;
  std::set<long> acked;
  constexpr int kRounds = 30;
  for (int round = 0; round < kRounds; ++round) {
    CAPTURE(round);
    env["BASE"] = std::to_string((round + 1) * 100000);
    const std::size_t acked_before = lines_in(acked_file);
    Child loop(loop_command, env);
    // Even rounds kill the loop's first log, from its start. Odd rounds wait until a log of
    // this round was acknowledged and then kill the next one: so some entries are always
    // acknowledged, however slow this machine or build is.
    if (round % 2 == 1) {
      const auto deadline = Clock::now() + patience;
      while (lines_in(acked_file) == acked_before) {
        REQUIRE_MESSAGE(loop.running(), "the log loop ended on its own: a log failed");
        REQUIRE_MESSAGE(Clock::now() < deadline,
                        "no log finished in "
                            << std::chrono::duration_cast<std::chrono::seconds>(patience).count()
                            << " s");
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
    }
    std::this_thread::sleep_for(random_delay(window));
    CHECK(loop.kill() == -1);  // the loop never stops on its own: a failed log would end it
    interrupted += interrupted_write(s.journal()) ? 1 : 0;
    const json check = checked(s, s.journal());

    std::istringstream lines(read_file(acked_file));
    for (long v = 0; lines >> v;) acked.insert(v);
    const json entries = json::parse(ok(s.run({"entries", "1", "--json"}, kToday)).out);
    CHECK(check["counts"]["entries"] == entries.size());
    std::set<long> present;
    for (const json& e : entries) {
      INFO(e.dump());
      REQUIRE(e["values"].contains("a"));
      const long v = e["values"]["a"];
      CHECK(e["values"]["b"] == v);
      CHECK(e["values"]["c"] == v);
      CHECK(e["note"] == "note " + std::to_string(v));
      CHECK(present.insert(v).second);
    }
    for (const long v : acked) CHECK_MESSAGE(present.count(v) == 1, "acknowledged entry " << v);
  }
  // Not a pass condition (the moments are random), but it says what the run exercised.
  MESSAGE(kRounds << " kills within " << window.count() << " us (one log: " << one_log.count()
                  << " us), " << interrupted << " in the middle of a write, " << acked.size()
                  << " entries acknowledged");
  CHECK(acked.size() > 0);
}

namespace {

// A bundle that adds `n` entries to the journal's experiment 1: the journal's own export
// with `n` more entries in it.
std::string big_bundle(const Sandbox& s, int n) {
  // Ordered: a bundle's header comes before its records.
  using ordered = nlohmann::ordered_json;
  ordered bundle = ordered::parse(ok(s.run({"export", "--format", "json"}, kToday)).out);
  ordered& entries = bundle["experiments"][0]["entries"];
  const ordered model = entries[0];
  for (int i = 0; i < n; ++i) {
    ordered e = model;
    char uuid[37];
    std::snprintf(uuid, sizeof uuid, "%08x-0000-4000-8000-%012x", 0x10000000 + i, i);
    e["uuid"] = uuid;
    e["date"] = i % 2 == 0 ? "2026-10-03" : "2026-10-04";
    e["note"] = "imported " + std::to_string(i);
    e["values"] = {{"a", i}, {"b", i}, {"c", i}};
    entries.push_back(e);
  }
  const std::string path = s.dir().file("big.json");
  std::ofstream(path) << bundle.dump(2) << "\n";
  return path;
}

}  // namespace

TEST_CASE("import killed at random moments: all of the bundle or none of it") {
  Sandbox s;
  make_experiment(s);
  ok(s.run({"log", "1", "a=1", "b=1", "c=1", "--date", "2026-10-02"}, kToday));
  constexpr int kAdded = 3000;
  const std::string bundle = big_bundle(s, kAdded);
  const std::string base = s.journal();  // 1 entry; the bundle adds kAdded

  // How long a whole import takes here, so that the kills fall across all of it (and a
  // little after: 0 to 1.5 times as long).
  const Env env = s.environment(kToday);
  const microseconds whole = measured(3, [&](int i) {
    const std::string timed = s.dir().file("timed" + std::to_string(i) + ".db");
    fs::copy_file(base, timed);
    REQUIRE(Child({LEADLAB_BINARY, "--journal", timed, "import", bundle}, env).wait() == 0);
  });
  CHECK(checked(s, s.dir().file("timed0.db"))["counts"]["entries"] == 1 + kAdded);

  int none = 0, all = 0, interrupted = 0;
  constexpr int kRounds = 25;
  for (int round = 0; round < kRounds; ++round) {
    CAPTURE(round);
    const std::string journal = s.dir().file("round" + std::to_string(round) + ".db");
    fs::copy_file(base, journal);
    Child import({LEADLAB_BINARY, "--journal", journal, "import", bundle}, env);
    std::this_thread::sleep_for(random_delay(whole + whole / 2));
    const int finished = import.kill();
    interrupted += interrupted_write(journal) ? 1 : 0;
    const std::int64_t n = checked(s, journal)["counts"]["entries"];
    CHECK_MESSAGE((n == 1 || n == 1 + kAdded), n << " entries");
    if (finished == 0) CHECK(n == 1 + kAdded);  // an import that said so is all there
    (n == 1 ? none : all) += 1;
    // The journal recovered: the same import, run again, completes it (or changes nothing).
    if (round % 5 == 0) {
      ok(s.run({"--journal", journal, "import", bundle}, kToday));
      CHECK(checked(s, journal)["counts"]["entries"] == 1 + kAdded);
    }
    for (const char* suffix : {"", "-journal"}) fs::remove(journal + suffix);
  }
  MESSAGE(kRounds << " kills within " << (whole + whole / 2).count() << " us: " << none
                  << " left nothing, " << all << " left the whole bundle, " << interrupted
                  << " interrupted a write");
}

TEST_CASE("two processes logging 300 entries each into one journal: all 600 land") {
  Sandbox s;
  make_experiment(s);
  // Each log waits for the other's lock; however slow the machine, none gives up (the
  // default busy timeout is 5 s).
  Env patient = kToday;
  patient["LEADLAB_BUSY_TIMEOUT_MS"] = "120000";
  const RunResult r = s.shell(
      "writer() { for i in $(seq 300); do "
      "leadlab log 1 a=$1 b=$i c=$i --date 2026-10-02 >/dev/null || "
      "{ echo \"writer $1: log $i failed\"; return 1; }; done; }; "
      "writer 1 & one=$!; writer 2 & two=$!; "
      "wait $one; first=$?; wait $two; second=$?; exit $((first + second))",
      patient);
  CHECK_MESSAGE(r.exit_code == 0, r.out << r.err);
  CHECK(r.err.find("leadlab:") == std::string::npos);
  CHECK(checked(s, s.journal())["counts"]["entries"] == 600);
  const json entries = json::parse(ok(s.run({"entries", "1", "--json"}, kToday)).out);
  std::map<int, std::set<int>> by_writer;
  for (const json& e : entries) by_writer[e["values"]["a"]].insert(e["values"]["b"].get<int>());
  CHECK(by_writer[1].size() == 300);
  CHECK(by_writer[2].size() == 300);
}

namespace {

// Holds a lock on a journal from this process, as another program (sqlite3, a backup tool)
// would: "EXCLUSIVE" keeps readers out too, "IMMEDIATE" only other writers.
class Lock {
 public:
  Lock(const std::string& path, const std::string& kind)
      : db_(path, SQLite::OPEN_READWRITE | SQLite::OPEN_NOFOLLOW) {
    db_.exec("BEGIN " + kind);
    db_.exec("SELECT count(*) FROM experiments");  // take the lock now
  }
  ~Lock() { release(); }
  void release() {
    if (held_) db_.exec("ROLLBACK");
    held_ = false;
  }

 private:
  SQLite::Database db_;
  bool held_ = true;
};

}  // namespace

TEST_CASE("a journal locked past the busy timeout: a clear message, exit 1, nothing changed") {
  Sandbox s;
  make_experiment(s);
  const std::string before = read_file(s.journal());
  Env quick = kToday;
  quick["LEADLAB_BUSY_TIMEOUT_MS"] = "300";
  const std::vector<std::vector<std::string>> writes = {
      {"log", "1", "a=1", "b=1", "c=1"},
      {"comment", "1", "hello"},
      {"start", "1"},
      {"owner", "Ben"},
  };
  SUBCASE("another writer holds the journal (BEGIN IMMEDIATE): writes fail, reads work") {
    Lock lock(s.journal(), "IMMEDIATE");
    for (const auto& args : writes) {
      CAPTURE(args[0]);
      const RunResult r = s.run(args, quick);
      CHECK(r.exit_code == 1);
      CHECK_MESSAGE(r.err.find("locked by another process") != std::string::npos, r.err);
      CHECK(r.err.find(s.journal()) != std::string::npos);
      CHECK(r.err.find("hint: ") != std::string::npos);
    }
    CHECK(s.run({"show", "1"}, quick).exit_code == 0);
  }
  SUBCASE("another process holds an exclusive lock: reads fail clearly too") {
    Lock lock(s.journal(), "EXCLUSIVE");
    for (const auto& args : writes) {
      CAPTURE(args[0]);
      const RunResult r = s.run(args, quick);
      CHECK(r.exit_code == 1);
      CHECK_MESSAGE(r.err.find("locked by another process") != std::string::npos, r.err);
    }
    const std::vector<std::vector<std::string>> reads = {
        {"show", "1"}, {"list"}, {"entries", "1"}, {"status"}, {"check"}};
    for (const auto& args : reads) {
      CAPTURE(args[0]);
      const RunResult r = s.run(args, quick);
      CHECK(r.exit_code == 1);
      CHECK_MESSAGE(r.err.find("locked by another process") != std::string::npos, r.err);
      CHECK(r.out.empty());
    }
  }
  CHECK(read_file(s.journal()) == before);
  CHECK(checked(s, s.journal())["counts"]["entries"] == 0);
}

TEST_CASE("a write waits for a lock released within the busy timeout, and then succeeds") {
  Sandbox s;
  make_experiment(s);
  Env env = s.environment(kToday);
  const std::vector<std::string> log_command = {LEADLAB_BINARY, "log", "1", "a=1", "b=1", "c=1"};
  // The lock is held three times as long as a log takes here (at least 300 ms), so that the
  // log reaches it and waits however slow this machine or build is; the busy timeout is
  // far longer than that.
  const microseconds one_log = measured(3, [&](int i) {
    const std::string copy = s.dir().file("timed" + std::to_string(i) + ".db");
    fs::copy_file(s.journal(), copy);
    Env timed = env;
    timed["LEADLAB_JOURNAL"] = copy;
    REQUIRE(Child(log_command, timed).wait() == 0);
  });
  const microseconds held = std::max<microseconds>(std::chrono::milliseconds(300), 3 * one_log);
  const auto timeout = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::max<microseconds>(std::chrono::seconds(10), 20 * held));
  env["LEADLAB_BUSY_TIMEOUT_MS"] = std::to_string(timeout.count());
  auto lock = std::make_unique<Lock>(s.journal(), "EXCLUSIVE");
  Child log(log_command, env);
  std::this_thread::sleep_for(held);
  CHECK_MESSAGE(log.running(), "the log ended while the journal was locked");
  lock.reset();
  CHECK(log.wait() == 0);
  CHECK(checked(s, s.journal())["counts"]["entries"] == 1);
}
