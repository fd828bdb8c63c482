// The coach's side of the engine: overview rows of many journals, read-only opens that
// change no byte and create no file (WAL files, interrupted writes), backups and checks.
#include "leadlab/actions/overview.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <doctest/doctest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "demo_fixture.hpp"
#include "leadlab/model/error.hpp"
#include "leadlab/model/text.hpp"
#include "leadlab/report/overview_view.hpp"
#include "leadlab/storage/journal.hpp"
#include "test_support.hpp"

using leadlab::Day;
using leadlab::Entry;
using leadlab::Experiment;
using leadlab::Journal;
using leadlab::OverviewRow;
using leadlab::Status;
using leadlab::testing::day;
using leadlab::testing::demo_entries;
using leadlab::testing::demo_experiment;
using leadlab::testing::read_file;
using leadlab::testing::TempDir;

namespace {

namespace fs = std::filesystem;

using leadlab::testing::make_demo_journal;

// Adds an experiment titled `title` with `status`, begun on `begun`, and one entry per date.
void add_experiment(Journal& journal, const std::string& title, Status status, const char* begun,
                    std::vector<const char*> dates = {}) {
  auto tx = journal.begin_write();
  Experiment e = demo_experiment();
  e.title = title;
  e.status = status;
  e.test_start.reset();
  e.baseline_start.reset();
  if (status == Status::kBaseline) e.baseline_start = day(begun);
  if (status == Status::kTesting) e.test_start = day(begun);
  journal.insert_experiment(e);
  for (const char* date : dates) {
    Entry entry = leadlab::testing::entry(0, date, {{"questions", 1}, {"statements", 2}});
    journal.insert_entry(entry, e);
  }
  tx.commit();
}

// The names in `folder`, sorted: to see that nothing appeared beside a journal.
std::vector<std::string> files_in(const fs::path& folder) {
  std::vector<std::string> names;
  for (const auto& f : fs::directory_iterator(folder)) names.push_back(f.path().filename());
  std::sort(names.begin(), names.end());
  return names;
}

void write_bytes(const std::string& path, std::size_t offset, const std::string& bytes) {
  std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
  f.seekp(static_cast<std::streamoff>(offset));
  f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

}  // namespace

TEST_CASE("an overview row has the owner, counts, last entry, what is due and the signal") {
  TempDir dir;
  const std::string path = dir.file("ana.db");
  {
    Journal journal = make_demo_journal(path, "Ana Lima");
    // A newer experiment gone quiet since 2026-10-01, and a draft.
    add_experiment(journal, "Speak last", Status::kBaseline, "2026-10-01", {"2026-10-01"});
    add_experiment(journal, "Delegate", Status::kDraft, "2026-10-01");
  }
  const std::string before = read_file(path);
  const auto files = files_in(dir.path());

  const OverviewRow row = leadlab::overview_row(path, day("2026-11-08"));
  CHECK(row.error.empty());
  CHECK(row.owner == "Ana Lima");
  CHECK(row.experiments == 3);
  CHECK(row.active == 2);
  CHECK(row.last_entry == day("2026-11-02"));
  CHECK(row.reviews_due == 1);  // the demo: 6 of 6 test points
  CHECK(row.quiet == 1);        // "Speak last": nothing since 2026-10-01
  CHECK(row.ready_to_start == 0);
  // The latest experiment is the one logged most recently, not the newest.
  REQUIRE(row.latest.has_value());
  CHECK(row.latest->experiment.title == "Ask before telling");
  REQUIRE(row.latest->signal.has_value());
  CHECK(row.latest->signal->kind == "shift");
  CHECK(row.latest->signal->metric == "share");

  CHECK(read_file(path) == before);
  CHECK(files_in(dir.path()) == files);
}

TEST_CASE("with nothing logged yet the newest active experiment is the latest") {
  TempDir dir;
  const std::string path = dir.file("ben.db");
  {
    Journal journal = Journal::create(path, "Ben");
    add_experiment(journal, "First", Status::kBaseline, "2026-11-01");
    add_experiment(journal, "Second", Status::kBaseline, "2026-11-02");
  }
  const OverviewRow row = leadlab::overview_row(path, day("2026-11-03"));
  CHECK(row.active == 2);
  CHECK_FALSE(row.last_entry.has_value());
  REQUIRE(row.latest.has_value());
  CHECK(row.latest->experiment.title == "Second");
  CHECK_FALSE(row.latest->signal.has_value());
}

TEST_CASE("a journal that cannot be read gets a row saying why, and nothing is created") {
  TempDir dir;
  const Day today = day("2026-11-08");
  const OverviewRow missing = leadlab::overview_row(dir.file("missing.db"), today);
  CHECK(missing.error.find("no journal at") != std::string::npos);
  CHECK_FALSE(fs::exists(dir.file("missing.db")));

  { std::ofstream(dir.file("notes.txt")) << "not a database\n"; }
  CHECK(leadlab::overview_row(dir.file("notes.txt"), today).error.find("not a leadlab journal") !=
        std::string::npos);

  {
    SQLite::Database other(dir.file("other.db"), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    other.exec("CREATE TABLE t (x)");
  }
  CHECK(leadlab::overview_row(dir.file("other.db"), today).error.find("not a leadlab journal") !=
        std::string::npos);

  { Journal::create(dir.file("newer.db"), "Cy"); }
  write_bytes(dir.file("newer.db"), 60, std::string("\0\0\0\x63", 4));  // user_version 99
  const std::string newer_bytes = read_file(dir.file("newer.db"));
  const OverviewRow newer = leadlab::overview_row(dir.file("newer.db"), today);
  CHECK(newer.error.find("newer leadlab") != std::string::npos);
  CHECK_FALSE(newer.hint.empty());
  CHECK(read_file(dir.file("newer.db")) == newer_bytes);
  CHECK(files_in(dir.path()) == std::vector<std::string>{"newer.db", "notes.txt", "other.db"});
}

TEST_CASE("overview JSON: the facts per journal, the latest as status shows it, or the error") {
  TempDir dir;
  { make_demo_journal(dir.file("ana.db")); }
  const Day today = day("2026-11-08");
  const std::vector<OverviewRow> rows = {leadlab::overview_row(dir.file("ana.db"), today),
                                         leadlab::overview_row(dir.file("gone.db"), today)};
  const nlohmann::json j = leadlab::overview_json(rows, today);
  CHECK(j["today"] == "2026-11-08");
  REQUIRE(j["journals"].size() == 2);
  const auto& ana = j["journals"][0];
  CHECK(ana["error"].is_null());
  CHECK(ana["owner"] == "Ana");
  CHECK(ana["active"] == 1);
  CHECK(ana["last_entry"] == "2026-11-02");
  CHECK(ana["days_since_last_entry"] == 6);
  CHECK(ana["reviews_due"] == 1);
  CHECK(ana["latest"]["title"] == "Ask before telling");
  CHECK(ana["latest"]["signal"]["kind"] == "shift");
  CHECK(ana["latest"]["due"][0]["kind"] == "review due");
  const auto& gone = j["journals"][1];
  CHECK(gone["journal"] == dir.file("gone.db"));
  CHECK(gone["error"].get<std::string>().find("no journal at") != std::string::npos);
  CHECK_FALSE(gone.contains("owner"));
}

TEST_CASE("the overview table fits 80 columns and shows user text safely") {
  TempDir dir;
  const std::string long_path =
      dir.file("clients-of-the-northern-region/ana-lima-engineering-managér.db");
  fs::create_directories(fs::path(long_path).parent_path());
  {
    Journal journal = make_demo_journal(long_path, "Ana \x1b[31mLima, Engineering Manager");
    add_experiment(journal,
                   "A very long experiment title that goes on and on \x1b]0;pwned\x07 about "
                   "asking questions",
                   Status::kTesting, "2026-11-03", {"2026-11-04"});
  }
  leadlab::RenderOptions options;
  options.today = day("2026-11-08");
  const std::vector<OverviewRow> rows = {leadlab::overview_row(long_path, options.today),
                                         leadlab::overview_row(dir.file("gone.db"), options.today)};
  const std::string text = leadlab::render_overview(rows, options);
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);)
    CHECK_MESSAGE(leadlab::display_width(line) <= 80, line);
  CHECK(leadlab::is_valid_utf8(text));
  CHECK(text.find('\x1b') == std::string::npos);
  CHECK(text.find('\x07') == std::string::npos);
  CHECK(text.find("\\x1b") != std::string::npos);
  CHECK_MESSAGE(text.find("managér.db") != std::string::npos, text);  // the path's end is kept
  CHECK(text.find("cannot be read") != std::string::npos);
  CHECK(text.find("no journal at") != std::string::npos);
  CHECK(text.find("2 of 2") != std::string::npos);
  CHECK(text.find("2026-11-04 (4 days ago)") != std::string::npos);
  CHECK(text.find("1 review") != std::string::npos);
}

TEST_CASE("a read-only open refuses a WAL-mode file without creating files beside it") {
  TempDir dir;
  const std::string path = dir.file("journal.db");
  { make_demo_journal(path); }
  {
    SQLite::Database other(path, SQLite::OPEN_READWRITE);
    other.exec("PRAGMA journal_mode = WAL");
  }
  REQUIRE(files_in(dir.path()) == std::vector<std::string>{"journal.db"});
  const std::string before = read_file(path);
  CHECK_THROWS_WITH_AS(Journal::open(path, Journal::Mode::kReadOnly), doctest::Contains("WAL"),
                       leadlab::StorageError);
  CHECK(leadlab::overview_row(path, day("2026-11-08")).error.find("WAL") != std::string::npos);
  CHECK(read_file(path) == before);
  CHECK(files_in(dir.path()) == std::vector<std::string>{"journal.db"});

  // A read-write open puts it back into rollback-journal mode; then read-only opens work.
  { Journal::open(path, Journal::Mode::kReadWrite); }
  CHECK(Journal::open(path, Journal::Mode::kReadOnly).info().owner == "Ana");
  CHECK(files_in(dir.path()) == std::vector<std::string>{"journal.db"});
}

TEST_CASE(
    "a read-only open of an interrupted write refuses and changes nothing, a write open recovers") {
  TempDir dir;
  const std::string path = dir.file("journal.db");
  { make_demo_journal(path); }
  // A child process writes far more than its cache holds, so pages reach the file, and
  // dies before committing: the -journal it leaves is hot.
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    SQLite::Database db(path, SQLite::OPEN_READWRITE);
    db.exec("PRAGMA cache_size = 1");
    db.exec("BEGIN IMMEDIATE");
    SQLite::Statement insert(db,
                             "INSERT INTO comments (uuid, experiment_id, text, created, updated) "
                             "VALUES (?, 1, ?, 'x', 'x')");
    for (int i = 0; i < 300; ++i) {
      insert.bind(1, std::to_string(i));
      insert.bind(2, std::string(3000, 'y'));
      insert.exec();
      insert.reset();
    }
    ::_exit(0);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  REQUIRE(fs::exists(path + "-journal"));
  const std::string db_bytes = read_file(path);
  const std::string journal_bytes = read_file(path + "-journal");

  CHECK_THROWS_WITH_AS(Journal::open(path, Journal::Mode::kReadOnly),
                       doctest::Contains("interrupted"), leadlab::StorageError);
  CHECK(leadlab::overview_row(path, day("2026-11-08")).error.find("interrupted") !=
        std::string::npos);
  CHECK(read_file(path) == db_bytes);
  CHECK(read_file(path + "-journal") == journal_bytes);

  // Opening it for writing rolls the interrupted write back: none of its comments exist.
  { Journal::open(path, Journal::Mode::kReadWrite); }
  CHECK_FALSE(fs::exists(path + "-journal"));
  const Journal journal = Journal::open(path, Journal::Mode::kReadOnly);
  CHECK(journal.comments(1).empty());
  CHECK(journal.integrity_problems().empty());
}

TEST_CASE("a backup is a checked journal, and an existing file or a link is never written") {
  TempDir dir;
  const std::string path = dir.file("journal.db");
  const Journal journal = make_demo_journal(path);
  journal.backup_to(dir.file("copy.db"));
  CHECK(leadlab::testing::file_mode(dir.file("copy.db")) == 0600);
  const Journal copy = Journal::open(dir.file("copy.db"), Journal::Mode::kReadOnly);
  CHECK(copy.info().uuid == journal.info().uuid);
  CHECK(copy.entries(1).size() == 11);
  CHECK(copy.integrity_problems().empty());

  { std::ofstream(dir.file("taken.db")) << "mine"; }
  CHECK_THROWS_WITH_AS(journal.backup_to(dir.file("taken.db")), doctest::Contains("exists"),
                       leadlab::UsageError);
  CHECK(read_file(dir.file("taken.db")) == "mine");

  fs::create_symlink(dir.file("elsewhere.db"), dir.file("link.db"));
  CHECK_THROWS_WITH_AS(journal.backup_to(dir.file("link.db")), doctest::Contains("symbolic link"),
                       leadlab::UsageError);
  CHECK_FALSE(fs::exists(dir.file("elsewhere.db")));
  CHECK(files_in(dir.path()) ==
        std::vector<std::string>{"copy.db", "journal.db", "link.db", "taken.db"});
}

TEST_CASE("a backup of a journal locked past the busy timeout fails and leaves no file") {
  // SQLiteCpp 3.2.1's Database::backup() would return normally here, having copied nothing.
  TempDir dir;
  const std::string path = dir.file("journal.db");
  { make_demo_journal(path); }
  ::setenv("LEADLAB_BUSY_TIMEOUT_MS", "50", 1);
  const Journal journal = Journal::open(path, Journal::Mode::kReadOnly);
  SQLite::Database other(path, SQLite::OPEN_READWRITE);
  other.exec("BEGIN EXCLUSIVE");
  CHECK_THROWS_WITH_AS(journal.backup_to(dir.file("copy.db")), doctest::Contains("locked"),
                       leadlab::StorageError);
  other.exec("ROLLBACK");
  ::unsetenv("LEADLAB_BUSY_TIMEOUT_MS");
  for (const auto& name : files_in(dir.path())) CHECK(name.rfind("copy.db", 0) != 0);
}

TEST_CASE("the check finds stored counts that do not match the entries") {
  TempDir dir;
  const std::string path = dir.file("journal.db");
  { make_demo_journal(path); }
  CHECK(Journal::open(path, Journal::Mode::kReadOnly).integrity_problems().empty());
  const auto counts = Journal::open(path, Journal::Mode::kReadOnly).record_counts();
  REQUIRE(counts.size() == 6);
  CHECK(counts[0] == std::pair<std::string, std::int64_t>{"experiments", 1});
  CHECK(counts[2] == std::pair<std::string, std::int64_t>{"entries", 11});
  {
    SQLite::Database other(path, SQLite::OPEN_READWRITE);
    other.exec("UPDATE experiments SET test_count = 2");
  }
  const auto problems = Journal::open(path, Journal::Mode::kReadOnly).integrity_problems();
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].find("experiment 1") != std::string::npos);
}
