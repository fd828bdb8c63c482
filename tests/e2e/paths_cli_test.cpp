// End-to-end: the paths a user gives leadlab, and first use. A FIFO, a socket, a device or a
// folder given where a file belongs is refused without being opened; the configuration's
// journal path means the same wherever the user stands; creating a journal is atomic, so
// commands racing to use a new journal all go on with the one journal; `init` never changes
// an existing journal.
#include <SQLiteCpp/SQLiteCpp.h>
#include <doctest/doctest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "e2e/cli_runner.hpp"

using leadlab::testing::kToday;
using leadlab::testing::read_file;
using leadlab::testing::RunResult;
using leadlab::testing::Sandbox;

namespace {

namespace fs = std::filesystem;
using Env = std::map<std::string, std::string>;

std::string quoted(const std::string& text) {
  std::string out = "'";
  for (const char c : text) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// Runs leadlab under timeout(1): a command that opened a FIFO would block forever, so a
// regression fails (exit 124) instead of hanging the tests.
RunResult run_bounded(const Sandbox& s, const std::vector<std::string>& args, Env env = kToday) {
  std::string command = "exec timeout 30 leadlab";
  for (const auto& a : args) command += " " + quoted(a);
  return s.shell(command, std::move(env));
}

const std::vector<std::string> kNew = {"new",      "--title", "t",        "--hypothesis", "h",
                                       "--change", "c",       "--metric", "q:count"};

// A UNIX socket bound at `path` (left behind when the descriptor closes).
bool make_socket(const std::string& path) {
  const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
  if (fd < 0) return false;
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (path.size() >= sizeof addr.sun_path) return false;
  path.copy(addr.sun_path, path.size());
  const bool ok = ::bind(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return ok;
}

mode_t file_type(const std::string& path) {
  struct stat st {};
  REQUIRE(::lstat(path.c_str(), &st) == 0);
  return st.st_mode & S_IFMT;
}

}  // namespace

TEST_CASE("a FIFO, a socket, a device or a folder where a file belongs is refused, never opened") {
  Sandbox s;
  REQUIRE(s.run({"init", "--owner", "Ana"}, kToday).exit_code == 0);
  REQUIRE(s.run(kNew, kToday).exit_code == 0);
  const std::string journal_before = read_file(s.journal());
  struct Special {
    std::string path;
    std::string says;
  };
  std::vector<Special> specials;
  const std::string fifo = s.dir().file("pipe");
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  specials.push_back({fifo, "a named pipe"});
  const std::string socket = s.dir().file("sock");
  if (make_socket(socket)) specials.push_back({socket, "a socket"});
  // The null device's numbers, at a path of the test's own: /dev/null itself is never used.
  const std::string device = s.dir().file("null");
  if (::mknod(device.c_str(), S_IFCHR | 0666, makedev(1, 3)) == 0) {
    specials.push_back({device, "a device"});
  } else {
    MESSAGE("mknod needs root: the device case is skipped");
  }
  const std::string folder = s.dir().file("folder");
  fs::create_directories(folder);
  specials.push_back({folder, "a folder"});

  for (const Special& special : specials) {
    CAPTURE(special.path);
    const mode_t type = file_type(special.path);
    const std::vector<std::vector<std::string>> uses = {
        {"export", "--output", special.path},
        {"export", "--format", "json", "--output", special.path},
        {"export", "--format", "csv", "--output", special.path},
        {"--journal", special.path, "list"},
        {"--journal", special.path, "init"},
        {"--journal", special.path, "new", "--title", "t", "--hypothesis", "h", "--change", "c",
         "--metric", "q:count"},
        {"backup", special.path},
        {"import", special.path},
        {"--config", special.path, "list"},
        {"templates", "check", special.path},
    };
    for (const auto& args : uses) {
      CAPTURE(args[0] + " " + args[1]);
      const RunResult r = run_bounded(s, args);
      CHECK(r.exit_code == 2);
      CHECK_MESSAGE(r.err.find(special.path + " is " + special.says) != std::string::npos, r.err);
      CHECK(r.err.find("hint: ") != std::string::npos);
      // Neither SQLite's words nor advice to make a journal of it.
      CHECK(r.err.find("unable to open database file") == std::string::npos);
      CHECK(r.err.find("run `leadlab init`") == std::string::npos);
      CHECK(file_type(special.path) == type);  // still what it was: nothing replaced it
    }
  }
  CHECK(fs::is_empty(folder));
  CHECK(read_file(s.journal()) == journal_before);
}

TEST_CASE("a path ending in / is refused where a file belongs, and no folder is left behind") {
  Sandbox s;
  REQUIRE(s.run({"init"}, kToday).exit_code == 0);
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"--journal", s.dir().file("new") + "/", "init"},
           {"--journal", s.dir().file("new") + "/", "new", "--title", "t", "--hypothesis", "h",
            "--change", "c", "--metric", "q:count"},
           {"export", "--output", s.dir().file("new") + "/"},
           {"backup", s.dir().file("new") + "/"},
       }) {
    CAPTURE(args[0] + " " + args[1]);
    const RunResult r = run_bounded(s, args);
    CHECK(r.exit_code == 2);
    CHECK_MESSAGE(r.err.find("ends in \"/\"") != std::string::npos, r.err);
    CHECK(r.err.find("hint: ") != std::string::npos);
    CHECK_FALSE(fs::exists(s.dir().file("new")));
  }
}

TEST_CASE("the configuration's journal: ~ is home, a relative path is beside the file") {
  Sandbox s;
  const std::string home = s.dir().file("home");
  const std::string config_folder = s.dir().file("cfg");
  const std::string elsewhere = s.dir().file("elsewhere");
  fs::create_directories(config_folder);
  fs::create_directories(elsewhere);
  fs::create_directories(home);
  const std::string config = config_folder + "/config.toml";
  // No LEADLAB_JOURNAL: the configuration names the journal.
  Env env = kToday;
  env["LEADLAB_JOURNAL"] = "";
  const auto init_from = [&](const std::string& folder) {
    return s.shell("cd " + quoted(folder) + " && leadlab --config " + quoted(config) + " init",
                   env);
  };

  SUBCASE("~/... is in the home folder") {
    std::ofstream(config) << "journal = \"~/notes/journal.db\"\n";
    const RunResult r = init_from(elsewhere);
    CHECK_MESSAGE(r.exit_code == 0, r.err);
    CHECK(fs::is_regular_file(home + "/notes/journal.db"));
    CHECK(fs::is_empty(elsewhere));
  }
  SUBCASE("a relative path is in the configuration's folder, wherever the user stands") {
    std::ofstream(config) << "journal = \"data/journal.db\"\n";
    for (const std::string& folder : {elsewhere, home}) {
      const RunResult r = init_from(folder);
      CHECK_MESSAGE(r.exit_code == 0, r.err);
      CHECK(fs::is_empty(folder));
    }
    CHECK(fs::is_regular_file(config_folder + "/data/journal.db"));
  }
  SUBCASE("~ alone, a folder or a path ending in / is refused, and nothing is made") {
    for (const std::string value : {"~", "~/", "../elsewhere", "data/"}) {
      CAPTURE(value);
      std::ofstream(config) << "journal = \"" << value << "\"\n";
      const RunResult r = init_from(elsewhere);
      CHECK(r.exit_code == 2);
      CHECK_MESSAGE(r.err.find(config + ":1:") != std::string::npos, r.err);
      CHECK(r.err.find("is a folder") != std::string::npos);
      CHECK(r.err.find("hint: ") != std::string::npos);
      CHECK(fs::is_empty(elsewhere));
      CHECK_FALSE(fs::exists(config_folder + "/data"));
    }
  }
}

TEST_CASE("a configuration that is a folder stops every command, as a broken one does") {
  Sandbox s;
  const std::string xdg = s.dir().file("xdg");
  fs::create_directories(xdg + "/leadlab/config.toml");
  Env env = kToday;
  env["XDG_CONFIG_HOME"] = xdg;
  const RunResult implicit = run_bounded(s, {"init"}, env);
  CHECK(implicit.exit_code == 2);
  CHECK_MESSAGE(implicit.err.find("config.toml is a folder") != std::string::npos, implicit.err);
  CHECK_FALSE(fs::exists(s.journal()));
  const RunResult named = run_bounded(s, {"--config", s.dir().file("home"), "init"});
  CHECK(named.exit_code == 2);
  CHECK(named.err.find("--config") != std::string::npos);
  CHECK_FALSE(fs::exists(s.journal()));
}

TEST_CASE("8 commands racing to use a new journal all succeed, 20 times, and it is sound") {
  Sandbox s;
  for (int round = 0; round < 20; ++round) {
    CAPTURE(round);
    const std::string path = s.dir().file("race" + std::to_string(round) + "/journal.db");
    // Four `new` and four `init`, all started before any has finished; each failure is
    // named. Whatever the interleaving, every one must succeed.
    std::string script;
    for (int i = 0; i < 8; ++i) {
      const std::string command =
          i % 2 == 0 ? "leadlab --journal " + quoted(path) +
                           " new --title t --hypothesis h --change c --metric q:count"
                     : "leadlab --journal " + quoted(path) + " init";
      script += "(" + command + " >/dev/null 2>err" + std::to_string(i) + " || { echo FAILED " +
                std::to_string(i) + "; cat err" + std::to_string(i) + "; }) & ";
    }
    script += "wait";
    const std::string folder = s.dir().file("run" + std::to_string(round));
    fs::create_directories(folder);
    const RunResult r = s.shell("cd " + quoted(folder) + " || exit 1; " + script, kToday);
    CHECK_MESSAGE(r.out.find("FAILED") == std::string::npos, r.out);
    const RunResult check = s.run({"--journal", path, "--json", "check"}, kToday);
    CHECK_MESSAGE(check.exit_code == 0, check.out << check.err);
    CHECK(check.out.find("\"experiments\": 4") != std::string::npos);
    // Only the journal: no temporary file survives a lost race.
    std::vector<std::string> names;
    for (const auto& f : fs::directory_iterator(fs::path(path).parent_path()))
      names.push_back(f.path().filename());
    CHECK(names == std::vector<std::string>{"journal.db"});
  }
}

TEST_CASE("a backup of a damaged journal fails its check with a hint, and leaves no file") {
  Sandbox s;
  REQUIRE(s.run({"init"}, kToday).exit_code == 0);
  REQUIRE(s.run(kNew, kToday).exit_code == 0);
  REQUIRE(s.run({"baseline", "1", "--date", "2026-10-01"}, kToday).exit_code == 0);
  for (int i = 1; i <= 9; ++i) {
    const std::string date = "2026-10-0" + std::to_string(i);
    REQUIRE(s.run({"log", "1", "q=" + std::to_string(i), "--date", date}, kToday).exit_code == 0);
  }
  int root = 0;
  int page_size = 0;
  {
    SQLite::Database db(s.journal(), SQLite::OPEN_READONLY);
    root = db.execAndGet("SELECT rootpage FROM sqlite_schema WHERE name = 'entries_by_date'");
    page_size = db.execAndGet("PRAGMA page_size");
  }
  {  // The index's cell pointers point nowhere: the pages copy, the copy's check fails.
    std::fstream file(s.journal(), std::ios::in | std::ios::out | std::ios::binary);
    file.seekp(static_cast<std::streamoff>(root - 1) * page_size + 8);
    file.write(std::string(8, '\xff').data(), 8);
  }
  const RunResult r = s.run({"backup", s.dir().file("copy.db")}, kToday);
  CHECK(r.exit_code == 1);
  CHECK_MESSAGE(r.err.find("failed its check") != std::string::npos, r.err);
  CHECK(r.err.find("hint: ") != std::string::npos);
  CHECK(r.err.find("leadlab check") != std::string::npos);
  CHECK_FALSE(fs::exists(s.dir().file("copy.db")));
}
