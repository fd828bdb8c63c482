#include "leadlab/storage/journal.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <doctest/doctest.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <vector>

#include "leadlab/model/dates.hpp"
#include "leadlab/model/error.hpp"
#include "test_support.hpp"

using leadlab::Day;
using leadlab::Entry;
using leadlab::Experiment;
using leadlab::ExperimentFilter;
using leadlab::Journal;
using leadlab::Metric;
using leadlab::MetricKind;
using leadlab::testing::file_mode;
using leadlab::testing::read_file;
using leadlab::testing::TempDir;

namespace {

using leadlab::testing::day;

Experiment sample_experiment() {
  Experiment e;
  e.title = "Ask before telling";
  e.hypothesis = "If I ask before I tell, my team proposes more";
  e.change = "Open every agenda item with a question";
  Metric q;
  q.name = "questions";
  Metric s;
  s.name = "statements";
  s.direction = leadlab::Direction::kDown;
  Metric share;
  share.name = "share";
  share.kind = MetricKind::kDerived;
  share.formula = "questions / (questions + statements)";
  e.metrics = {q, s, share};
  e.tags = {"meetings", "questions"};
  return e;
}

int pragma(const std::string& path, const char* name) {
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  return db.execAndGet(std::string("PRAGMA ") + name).getInt();
}

}  // namespace

TEST_CASE("a new journal is 0600 in folders made 0700, whatever the umask") {
  TempDir dir;
  const mode_t old = ::umask(022);
  const std::string path = dir.file("a/b/journal.db");
  Journal::create(path, "Ana");
  ::umask(old);
  CHECK(file_mode(path) == 0600);
  CHECK(file_mode(dir.file("a")) == 0700);
  CHECK(file_mode(dir.file("a/b")) == 0700);
}

TEST_CASE("a new journal carries leadlab's application id, the latest format and its owner") {
  TempDir dir;
  const std::string path = dir.file("journal.db");
  Journal journal = Journal::create(path, "Ana");
  CHECK(pragma(path, "application_id") == leadlab::kApplicationId);
  CHECK(pragma(path, "user_version") == leadlab::schema_migrations().back().version);
  const auto info = journal.info();
  CHECK(info.owner == "Ana");
  CHECK(info.uuid.size() == 36);
  CHECK_FALSE(info.created.empty());
}

TEST_CASE("creating over an existing journal is refused") {
  TempDir dir;
  const std::string path = dir.file("journal.db");
  Journal::create(path, "Ana");
  CHECK_THROWS_AS(Journal::create(path, "Bob"), leadlab::UsageError);
  CHECK(Journal::open(path, Journal::Mode::kReadOnly).info().owner == "Ana");
}

std::vector<std::string> folder_names(const TempDir& dir) {
  std::vector<std::string> names;
  for (const auto& item : std::filesystem::directory_iterator(dir.path()))
    names.push_back(item.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

TEST_CASE("a bulk write checks the links between records at commit, then all is as before") {
  TempDir dir;
  Journal journal = Journal::create(dir.file("journal.db"), "Ana");
  Experiment missing;
  missing.id = 42;  // not in the journal
  {
    auto tx = journal.begin_bulk_write();
    Experiment e = sample_experiment();
    journal.insert_experiment(e);
    Entry entry;
    entry.date = day("2026-10-01");
    journal.insert_entry(entry, missing);  // not refused at the row
    CHECK_THROWS_WITH_AS(tx.commit(), doctest::Contains("refers to a missing row of experiments"),
                         leadlab::StorageError);
  }
  CHECK(journal.list_experiments().empty());  // nothing was written
  auto tx = journal.begin_write();
  Entry again;
  again.date = day("2026-10-01");
  CHECK_THROWS(journal.insert_entry(again, missing));  // checked at the row again
}

// The journal's schema as SQLite keeps it: every table and index with its SQL.
std::string schema_of(const std::string& path) {
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  SQLite::Statement st(db, "SELECT type, name, sql FROM sqlite_schema ORDER BY type, name");
  std::string out;
  while (st.executeStep())
    out += st.getColumn(0).getString() + " " + st.getColumn(1).getString() + ": " +
           st.getColumn(2).getString() + "\n";
  return out;
}

TEST_CASE("a bulk write into a journal without entries builds the entries' indexes at commit") {
  TempDir dir;
  const std::string path = dir.file("journal.db");
  Journal journal = Journal::create(path, "Ana");
  const std::string schema = schema_of(path);
  REQUIRE(schema.find("index entries_by_date") != std::string::npos);
  Experiment e = sample_experiment();
  {
    auto tx = journal.begin_bulk_write();  // rolled back: the indexes are as they were
    journal.insert_experiment(e);
  }
  CHECK(schema_of(path) == schema);
  {
    auto tx = journal.begin_bulk_write();
    journal.insert_experiment(e);
    for (const char* date : {"2026-10-03", "2026-10-01", "2026-10-02"}) {
      Entry entry;
      entry.date = day(date);
      entry.values = {{"questions", 1}};
      journal.insert_entry(entry, e);
    }
    tx.commit();
  }
  CHECK(schema_of(path) == schema);
  const auto entries = journal.entries(e.id);
  REQUIRE(entries.size() == 3);
  CHECK(entries.front().date == day("2026-10-01"));
  CHECK(entries.back().date == day("2026-10-03"));
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  CHECK(db.execAndGet("PRAGMA integrity_check").getString() == "ok");
}

TEST_CASE("a bulk write that defers the entries' indexes still refuses a UUID used twice") {
  TempDir dir;
  const std::string path = dir.file("journal.db");
  Journal journal = Journal::create(path, "Ana");
  const std::string schema = schema_of(path);
  {
    auto tx = journal.begin_bulk_write();
    Experiment e = sample_experiment();
    journal.insert_experiment(e);
    for (int i = 0; i < 2; ++i) {
      Entry entry;
      entry.uuid = "0b0e7c1a-9a55-4b6c-8f1e-2f4e1b7a9c01";
      entry.date = day("2026-10-01");
      journal.insert_entry(entry, e);
    }
    CHECK_THROWS_WITH_AS(tx.commit(), doctest::Contains("UNIQUE"), leadlab::StorageError);
  }
  CHECK(journal.list_experiments().empty());  // nothing was written
  CHECK(schema_of(path) == schema);
}

TEST_CASE("a journal of format 1 moves to format 2 with every entry and value, after a backup") {
  TempDir dir;
  const std::string path = dir.file("journal.db");
  std::int64_t entry_id = 0;
  {
    Journal old = Journal::create(path, "Ana", leadlab::schema_migrations().first(1));
    auto tx = old.begin_write();
    Experiment e = sample_experiment();
    old.insert_experiment(e);
    for (const char* date : {"2026-10-01", "2026-10-02", "2026-10-03"}) {
      Entry entry;
      entry.date = day(date);
      entry.note = std::string("on ") + date;
      entry.values = {{"questions", 4}, {"statements", 2}};
      old.insert_entry(entry, e);
      entry_id = entry.id;
    }
    tx.commit();
  }
  REQUIRE(pragma(path, "user_version") == 1);
  const std::string before = schema_of(path);
  CHECK(before.find("uuid          TEXT NOT NULL UNIQUE") != std::string::npos);

  Journal journal = Journal::open(path, Journal::Mode::kReadWrite);
  CHECK(pragma(path, "user_version") == leadlab::schema_migrations().back().version);
  REQUIRE(journal.migration_backup().has_value());
  CHECK(pragma(*journal.migration_backup(), "user_version") == 1);
  CHECK(schema_of(*journal.migration_backup()) == before);
  // Dropping the old table with the links enforced would have deleted every value.
  const auto entries = journal.entries(1);
  REQUIRE(entries.size() == 3);
  CHECK(entries.back().id == entry_id);
  CHECK(entries.back().note == "on 2026-10-03");
  CHECK(entries.back().values.at("questions") == 4);
  CHECK(entries.back().values.at("statements") == 2);
  CHECK(journal.integrity_problems().empty());
  const std::string after = schema_of(path);
  CHECK(after.find("index entries_by_uuid: CREATE UNIQUE INDEX") != std::string::npos);
  CHECK(after.find("entries_v2") == std::string::npos);
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  const std::string table =
      db.execAndGet("SELECT sql FROM sqlite_schema WHERE name = 'entries'").getString();
  CHECK(table.find("UNIQUE") == std::string::npos);  // the index holds it now
  // The links are enforced again, and the UUID is still unique.
  auto tx = journal.begin_write();
  Entry copy = entries.front();
  copy.id = 0;
  CHECK_THROWS(journal.insert_entry(copy, *journal.find_experiment(1)));
  Experiment missing;
  missing.id = 42;
  Entry orphan;
  orphan.date = day("2026-10-04");
  CHECK_THROWS(journal.insert_entry(orphan, missing));
}

TEST_CASE("a journal made with create_with appears whole, or not at all") {
  TempDir dir;
  const std::string path = dir.file("journal.db");
  SUBCASE("filled: it takes its name, with what the fill wrote, and no temporary file stays") {
    Journal::create_with(path, "Ana", [&](Journal& journal) {
      CHECK(journal.path() == path);
      CHECK_FALSE(std::filesystem::exists(path));  // not visible while being filled
      auto tx = journal.begin_write();
      Experiment e = sample_experiment();
      journal.insert_experiment(e);
      tx.commit();
    });
    CHECK(folder_names(dir) == std::vector<std::string>{"journal.db"});
    CHECK(file_mode(path) == 0600);
    Journal journal = Journal::open(path, Journal::Mode::kReadOnly);
    CHECK(journal.info().owner == "Ana");
    CHECK(journal.list_experiments().size() == 1);
  }
  SUBCASE("a fill that throws leaves the folder as it was") {
    CHECK_THROWS_AS(Journal::create_with(path, "Ana",
                                         [&](Journal& journal) {
                                           auto tx = journal.begin_write();
                                           Experiment e = sample_experiment();
                                           journal.insert_experiment(e);
                                           tx.commit();
                                           throw leadlab::UsageError("bad bundle", "");
                                         }),
                    leadlab::UsageError);
    CHECK(folder_names(dir).empty());
  }
  SUBCASE("a file made meanwhile by another process is kept, and the new journal dropped") {
    CHECK_THROWS_WITH_AS(
        Journal::create_with(path, "Ana", [&](Journal&) { Journal::create(path, "Bob"); }),
        doctest::Contains("created by another process meanwhile"), leadlab::UsageError);
    CHECK(folder_names(dir) == std::vector<std::string>{"journal.db"});
    CHECK(Journal::open(path, Journal::Mode::kReadOnly).info().owner == "Bob");
  }
  SUBCASE("an existing file is refused before anything is made") {
    Journal::create(path, "Bob");
    bool filled = false;
    CHECK_THROWS_AS(Journal::create_with(path, "Ana", [&](Journal&) { filled = true; }),
                    leadlab::UsageError);
    CHECK_FALSE(filled);
    CHECK(folder_names(dir) == std::vector<std::string>{"journal.db"});
  }
}

TEST_CASE("opening a missing journal says how to create one") {
  TempDir dir;
  try {
    Journal::open(dir.file("none.db"), Journal::Mode::kReadWrite);
    FAIL("expected an error");
  } catch (const leadlab::UsageError& e) {
    CHECK(std::string(e.what()).find("no journal at") != std::string::npos);
    CHECK(e.hint().find("leadlab init") != std::string::npos);
  }
}

TEST_CASE("a file that is not SQLite is refused and left untouched") {
  TempDir dir;
  const std::string path = dir.file("notes.txt");
  std::ofstream(path) << "my private notes, not a database\n" << std::string(600, 'x');
  const std::string before = read_file(path);
  CHECK_THROWS_WITH_AS(Journal::open(path, Journal::Mode::kReadWrite),
                       doctest::Contains("not an SQLite database"), leadlab::UsageError);
  CHECK(read_file(path) == before);
}

TEST_CASE("a foreign SQLite database is refused and left untouched") {
  TempDir dir;
  const std::string path = dir.file("other.db");
  {
    SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec("CREATE TABLE tasks (id INTEGER PRIMARY KEY, title TEXT)");
    db.exec("INSERT INTO tasks (title) VALUES ('buy milk')");
  }
  const std::string before = read_file(path);
  CHECK_THROWS_WITH_AS(Journal::open(path, Journal::Mode::kReadWrite),
                       doctest::Contains("not a leadlab journal"), leadlab::UsageError);
  CHECK(read_file(path) == before);
}

TEST_CASE("a journal from a newer leadlab is refused and left untouched") {
  TempDir dir;
  const std::string path = dir.file("journal.db");
  Journal::create(path, "Ana");
  {
    SQLite::Database db(path, SQLite::OPEN_READWRITE);
    db.exec("PRAGMA user_version = 99");
  }
  const std::string before = read_file(path);
  CHECK_THROWS_WITH_AS(Journal::open(path, Journal::Mode::kReadWrite),
                       doctest::Contains("newer leadlab"), leadlab::UsageError);
  CHECK(read_file(path) == before);
}

TEST_CASE("a journal behind a symbolic link is refused") {
  TempDir dir;
  const std::string path = dir.file("journal.db");
  Journal::create(path, "Ana");
  std::filesystem::create_symlink(path, dir.file("link.db"));
  CHECK_THROWS_WITH_AS(Journal::open(dir.file("link.db"), Journal::Mode::kReadWrite),
                       doctest::Contains("symbolic link"), leadlab::UsageError);
  CHECK_THROWS_AS(Journal::create(dir.file("link.db"), "Ana"), leadlab::UsageError);
}

TEST_CASE("an experiment comes back as it was stored, with metrics in order and tags") {
  TempDir dir;
  Journal journal = Journal::create(dir.file("journal.db"), "Ana");
  Experiment e = sample_experiment();
  {
    auto tx = journal.begin_write();
    journal.insert_experiment(e);
    tx.commit();
  }
  CHECK(e.id == 1);
  const auto back = journal.find_experiment(1);
  REQUIRE(back.has_value());
  CHECK(back->uuid == e.uuid);
  CHECK(back->title == "Ask before telling");
  CHECK(back->status == leadlab::Status::kDraft);
  REQUIRE(back->metrics.size() == 3);
  CHECK(back->metrics[0].name == "questions");
  CHECK(back->metrics[1].direction == leadlab::Direction::kDown);
  CHECK(back->metrics[2].kind == MetricKind::kDerived);
  CHECK(back->metrics[2].formula == "questions / (questions + statements)");
  CHECK(back->tags == std::vector<std::string>{"meetings", "questions"});
  CHECK_FALSE(journal.find_experiment(2).has_value());
  // A list of titles reads less, and says so by leaving what it skipped empty.
  const auto brief = journal.list_experiments({.definitions = false, .brief = true});
  REQUIRE(brief.size() == 1);
  CHECK(brief[0].id == back->id);
  CHECK(brief[0].title == "Ask before telling");
  CHECK(brief[0].status == leadlab::Status::kDraft);
  CHECK(brief[0].uuid.empty());
  CHECK(brief[0].created.empty());
  CHECK(brief[0].hypothesis.empty());
  CHECK(brief[0].metrics.empty());
  CHECK_FALSE(back->uuid.empty());
  CHECK_FALSE(back->hypothesis.empty());
}

TEST_CASE("many experiments come back with their own metrics and tags, however many") {
  // Up to 4,096 experiments their definitions are read by id, past that by reading them all.
  TempDir dir;
  Journal journal = Journal::create(dir.file("journal.db"), "Ana");
  {
    auto tx = journal.begin_write();
    for (int i = 0; i < 4100; ++i) {
      Experiment e = sample_experiment();
      e.title = "Experiment " + std::to_string(i + 1);
      e.tags = {"t" + std::to_string(i % 7)};
      if (i % 2 == 1) e.status = leadlab::Status::kBaseline;
      journal.insert_experiment(e);
    }
    tx.commit();
  }
  for (const auto& filter :
       {ExperimentFilter{}, ExperimentFilter{.status = leadlab::Status::kBaseline}}) {
    const auto all = journal.list_experiments(filter);
    REQUIRE(all.size() == (filter.status ? 2050U : 4100U));
    for (const Experiment& e : all) {
      CAPTURE(e.id);
      REQUIRE(e.metrics.size() == 3);
      CHECK(e.metrics[2].name == sample_experiment().metrics[2].name);
      CHECK(e.tags == std::vector<std::string>{"t" + std::to_string((e.id - 1) % 7)});
    }
  }
}

TEST_CASE("a write that is not committed leaves nothing behind") {
  TempDir dir;
  Journal journal = Journal::create(dir.file("journal.db"), "Ana");
  {
    auto tx = journal.begin_write();
    Experiment e = sample_experiment();
    journal.insert_experiment(e);
    // No commit: the transaction rolls back when it goes out of scope, as when a command
    // fails half-way.
  }
  CHECK(journal.list_experiments().empty());
}

TEST_CASE("entries come back in date order with their values, and phases follow the test start") {
  TempDir dir;
  Journal journal = Journal::create(dir.file("journal.db"), "Ana");
  Experiment e = sample_experiment();
  auto tx = journal.begin_write();
  journal.insert_experiment(e);
  e.status = leadlab::Status::kTesting;
  e.baseline_start = day("2026-10-05");
  e.test_start = day("2026-10-19");
  journal.update_experiment(e);
  Entry late{.date = day("2026-10-20"),
             .values = {{"questions", 8}, {"statements", 6}},
             .note = "quiet start, then ideas"};
  Entry early{.date = day("2026-10-05"), .values = {{"questions", 3}, {"statements", 9}}};
  journal.insert_entry(late, e);
  journal.insert_entry(early, e);
  tx.commit();

  const auto entries = journal.entries(e.id);
  REQUIRE(entries.size() == 2);
  CHECK(entries[0].id == early.id);
  CHECK(entries[0].values.at("questions") == 3);
  CHECK(entries[1].note == "quiet start, then ideas");
  CHECK(e.phase_of(entries[0].date) == leadlab::Phase::kBaseline);
  CHECK(e.phase_of(entries[1].date) == leadlab::Phase::kTesting);
  const auto stats = journal.stats(e);
  CHECK(stats.baseline_points == 1);
  CHECK(stats.test_points == 1);
  CHECK(stats.last_entry == day("2026-10-20"));
}

TEST_CASE("list_rows gives the filtered experiments, each with the stats stored with it") {
  TempDir dir;
  Journal journal = Journal::create(dir.file("journal.db"), "Ana");
  {
    auto tx = journal.begin_write();
    for (int i = 0; i < 20; ++i) {  // past the few that stats() reads one by one
      Experiment e = sample_experiment();
      e.title = "Experiment " + std::to_string(i + 1);
      journal.insert_experiment(e);
      if (i % 2 == 0) continue;  // drafts, without entries
      e.status = leadlab::Status::kTesting;
      e.baseline_start = day("2026-10-01");
      e.test_start = day("2026-10-10");
      journal.update_experiment(e);
      for (int k = 0; k <= i; ++k) {
        Entry entry{.date = day(k % 3 == 0 ? "2026-10-02" : "2026-10-12"),
                    .values = {{"questions", k}}};
        journal.insert_entry(entry, e);
      }
    }
    tx.commit();
  }
  const auto rows = journal.list_rows();
  const auto experiments = journal.list_experiments();
  const auto stats = journal.stats(experiments);
  REQUIRE(rows.size() == 20);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    CAPTURE(i);
    CHECK(rows[i].experiment.title == experiments[i].title);
    CHECK(rows[i].experiment.metrics.size() == 3);
    CHECK(rows[i].stats.baseline_points == stats[i].baseline_points);
    CHECK(rows[i].stats.test_points == stats[i].test_points);
    CHECK(rows[i].stats.last_entry == stats[i].last_entry);
  }
  CHECK(rows[19].stats.baseline_points == 7);  // k = 0, 3, ..., 18
  CHECK(rows[19].stats.test_points == 13);
  CHECK(rows[19].stats.last_entry == day("2026-10-12"));
  CHECK(rows[0].stats.last_entry == std::nullopt);
  const auto testing = journal.list_rows({.status = leadlab::Status::kTesting, .brief = true});
  REQUIRE(testing.size() == 10);
  CHECK(testing[0].experiment.title == "Experiment 2");
  CHECK(testing[0].experiment.hypothesis.empty());  // not read for a brief list
  CHECK(testing[0].experiment.baseline_start == day("2026-10-01"));
  CHECK(testing[0].experiment.test_start == day("2026-10-10"));
  CHECK(testing[0].stats.baseline_points == 1);
  CHECK(testing[0].stats.test_points == 1);
}

TEST_CASE("a deleted entry is gone, with only a tombstone of its uuid left") {
  TempDir dir;
  const std::string path = dir.file("journal.db");
  Journal journal = Journal::create(path, "Ana");
  Experiment e = sample_experiment();
  Entry entry{.date = day("2026-10-05"), .values = {{"questions", 3}}, .note = "private words"};
  {
    auto tx = journal.begin_write();
    journal.insert_experiment(e);
    journal.insert_entry(entry, e);
    tx.commit();
  }
  {
    auto tx = journal.begin_write();
    journal.delete_entry(entry.id);
    tx.commit();
  }
  CHECK_FALSE(journal.find_entry(entry.id).has_value());
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  CHECK(db.execAndGet("SELECT count(*) FROM entry_values").getInt() == 0);
  CHECK(db.execAndGet("SELECT uuid FROM tombstones").getString() == entry.uuid);
}

TEST_CASE("a read-only journal refuses writes and its bytes stay the same") {
  TempDir dir;
  const std::string path = dir.file("journal.db");
  { Journal::create(path, "Ana"); }
  const std::string before = read_file(path);
  Journal journal = Journal::open(path, Journal::Mode::kReadOnly);
  CHECK(journal.list_experiments().empty());
  CHECK_THROWS_WITH_AS(journal.begin_write(), doctest::Contains("read-only"), leadlab::UsageError);
  CHECK(read_file(path) == before);
}

TEST_CASE("a journal locked by another writer past the busy timeout fails cleanly") {
  TempDir dir;
  const std::string path = dir.file("journal.db");
  { Journal::create(path, "Ana"); }
  ::setenv("LEADLAB_BUSY_TIMEOUT_MS", "50", 1);
  SQLite::Database other(path, SQLite::OPEN_READWRITE);
  other.exec("BEGIN IMMEDIATE");
  Journal journal = Journal::open(path, Journal::Mode::kReadWrite);
  CHECK_THROWS_WITH_AS(journal.begin_write(), doctest::Contains("locked by another process"),
                       leadlab::StorageError);
  other.exec("ROLLBACK");
  ::unsetenv("LEADLAB_BUSY_TIMEOUT_MS");
}

TEST_CASE("a read transaction reads one snapshot and lets writers in when it ends") {
  TempDir dir;
  const std::string path = dir.file("journal.db");
  {
    Journal journal = Journal::create(path, "Ana");
    auto tx = journal.begin_write();
    Experiment e = sample_experiment();
    journal.insert_experiment(e);
    tx.commit();
  }
  ::setenv("LEADLAB_BUSY_TIMEOUT_MS", "50", 1);
  const Journal reader = Journal::open(path, Journal::Mode::kReadOnly);
  Journal writer = Journal::open(path, Journal::Mode::kReadWrite);
  const auto add_one = [&writer] {
    auto tx = writer.begin_write();
    Experiment e = sample_experiment();
    writer.insert_experiment(e);
    tx.commit();
  };
  {
    const auto snapshot = reader.begin_read();
    REQUIRE(reader.list_experiments().size() == 1);
    // The export in progress sees the journal as it was: the write waits, then gives up.
    CHECK_THROWS_WITH_AS(add_one(), doctest::Contains("locked"), leadlab::StorageError);
    CHECK(reader.list_experiments().size() == 1);
  }
  ::unsetenv("LEADLAB_BUSY_TIMEOUT_MS");
  add_one();
  CHECK(reader.list_experiments().size() == 2);
  {
    // Inside a write transaction it begins nothing, and reading goes on.
    auto tx = writer.begin_write();
    const auto snapshot = writer.begin_read();
    CHECK(writer.list_experiments().size() == 2);
  }
}

namespace {

// A journal of the latest format followed by one more, test-only step: proves that the migration
// mechanism backs up, upgrades, and leaves the old file alone when a step fails.
constexpr leadlab::Migration kStepTwo{2,
                                      "ALTER TABLE experiments ADD COLUMN colour TEXT;"
                                      "UPDATE experiments SET colour = 'green';"};
constexpr leadlab::Migration kBrokenStepTwo{2,
                                            "ALTER TABLE experiments ADD COLUMN colour TEXT;"
                                            "UPDATE no_such_table SET x = 1;"};

std::vector<leadlab::Migration> with_step(leadlab::Migration step) {
  auto steps = leadlab::schema_migrations();
  std::vector<leadlab::Migration> out(steps.begin(), steps.end());
  step.version = out.back().version + 1;
  out.push_back(step);
  return out;
}

std::string make_old_journal(const TempDir& dir) {
  const std::string path = dir.file("journal.db");
  Journal journal = Journal::create(path, "Ana");
  Experiment e = sample_experiment();
  auto tx = journal.begin_write();
  journal.insert_experiment(e);
  tx.commit();
  return path;
}

}  // namespace

TEST_CASE("an older journal is backed up, then migrated forward with its data") {
  TempDir dir;
  const std::string path = make_old_journal(dir);
  const int old_version = pragma(path, "user_version");
  const auto steps = with_step(kStepTwo);
  Journal journal = Journal::open(path, Journal::Mode::kReadWrite, steps);
  CHECK(pragma(path, "user_version") == old_version + 1);
  REQUIRE(journal.migration_backup().has_value());
  const std::string backup = *journal.migration_backup();
  CHECK(file_mode(backup) == 0600);
  CHECK(pragma(backup, "user_version") == old_version);
  SQLite::Database copy(backup, SQLite::OPEN_READONLY);
  CHECK(copy.execAndGet("PRAGMA integrity_check").getString() == "ok");
  CHECK(copy.execAndGet("SELECT title FROM experiments").getString() == "Ask before telling");
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  CHECK(db.execAndGet("SELECT colour FROM experiments").getString() == "green");
  CHECK(journal.find_experiment(1)->title == "Ask before telling");
}

TEST_CASE("a migration that fails half-way leaves the old schema and a good backup") {
  TempDir dir;
  const std::string path = make_old_journal(dir);
  const int old_version = pragma(path, "user_version");
  const auto steps = with_step(kBrokenStepTwo);
  CHECK_THROWS_WITH_AS(Journal::open(path, Journal::Mode::kReadWrite, steps),
                       doctest::Contains("left as it was"), leadlab::StorageError);
  CHECK(pragma(path, "user_version") == old_version);
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  // The step's first statement (ADD COLUMN) was rolled back with the rest.
  CHECK_THROWS(db.execAndGet("SELECT colour FROM experiments"));
  CHECK(db.execAndGet("PRAGMA integrity_check").getString() == "ok");
  int backups = 0;
  for (const auto& file : std::filesystem::directory_iterator(dir.path())) {
    if (file.path().extension() != ".bak") continue;
    ++backups;
    SQLite::Database copy(file.path().string(), SQLite::OPEN_READONLY);
    CHECK(copy.execAndGet("PRAGMA integrity_check").getString() == "ok");
    CHECK(copy.execAndGet("SELECT count(*) FROM experiments").getInt() == 1);
  }
  CHECK(backups == 1);
  // The journal still opens with this leadlab's own steps.
  CHECK(Journal::open(path, Journal::Mode::kReadWrite).find_experiment(1).has_value());
}

TEST_CASE("a read-only open refuses an older journal instead of migrating it") {
  TempDir dir;
  const std::string path = make_old_journal(dir);
  const std::string before = read_file(path);
  CHECK_THROWS_WITH_AS(Journal::open(path, Journal::Mode::kReadOnly, with_step(kStepTwo)),
                       doctest::Contains("older journal format"), leadlab::UsageError);
  CHECK(read_file(path) == before);
}

TEST_CASE("a backup is a checked, private copy that never overwrites a file") {
  TempDir dir;
  const std::string path = make_old_journal(dir);
  Journal journal = Journal::open(path, Journal::Mode::kReadWrite);
  const std::string copy = dir.file("copy.db");
  journal.backup_to(copy);
  CHECK(file_mode(copy) == 0600);
  CHECK(Journal::open(copy, Journal::Mode::kReadOnly).find_experiment(1)->title ==
        "Ask before telling");
  CHECK_THROWS_AS(journal.backup_to(copy), leadlab::UsageError);
}

TEST_CASE("a failed migration names its backup, which opens as the old journal, whole") {
  TempDir dir;
  const std::string path = make_old_journal(dir);
  const std::string before = read_file(path);
  const mode_t old = ::umask(022);
  std::string hint;
  try {
    Journal::open(path, Journal::Mode::kReadWrite, with_step(kBrokenStepTwo));
    FAIL("expected the migration to fail");
  } catch (const leadlab::StorageError& e) {
    hint = e.hint();
  }
  ::umask(old);
  // The hint points at the backup; the journal's bytes are what they were.
  const auto at = hint.find(path + ".v");
  REQUIRE(at != std::string::npos);
  const std::string backup = hint.substr(at);
  CHECK(file_mode(backup) == 0600);
  CHECK(read_file(path) == before);
  Journal copy = Journal::open(backup, Journal::Mode::kReadOnly);
  CHECK(copy.integrity_problems().empty());
  CHECK(copy.info().schema_version == pragma(path, "user_version"));
  CHECK(copy.find_experiment(1)->title == "Ask before telling");
}

TEST_CASE("every field an insert or an update stores comes back, for each kind of record") {
  TempDir dir;
  Journal journal = Journal::create(dir.file("journal.db"), "Ana");
  Experiment e = sample_experiment();
  e.prediction = "twice the ideas";
  e.prediction_why = "people answer questions";
  e.occasion = "1:1";
  e.success_rule = "questions up 50%";
  e.baseline_points = 3;
  e.test_points = 4;
  e.template_name = "question-ratio";
  e.cycle = 2;
  e.status = leadlab::Status::kBaseline;
  e.baseline_start = day("2031-09-01");
  e.metrics[0].label = "Questions asked";
  e.metrics[0].kind = MetricKind::kScale;
  e.metrics[0].scale_min = 1;
  e.metrics[0].scale_max = 7;
  e.metrics[0].instructions = "count them";
  Entry entry;
  entry.date = day("2031-09-02");
  entry.time = "09:30";
  entry.values = {{"questions", 3}, {"statements", 5}};
  entry.note = "a quiet room";
  entry.as_planned = false;
  entry.deviation = "started late";
  leadlab::Review review;
  review.prediction_met = "partly";
  review.observed = "more questions";
  review.difference = "smaller team";
  review.learned = "silence works";
  review.surprised = "the juniors";
  review.as_planned = "mostly";
  review.decision = "adapt";
  review.next_step = "try in 1:1s";
  review.next_by = day("2031-10-01");
  review.commitment = 8;
  review.author = "Ana";
  leadlab::Comment comment;
  comment.author = "Ben";
  comment.text = "Nice work";
  {
    auto tx = journal.begin_write();
    journal.insert_experiment(e);
    journal.insert_entry(entry, e);
    review.experiment_id = e.id;
    journal.insert_review(review);
    comment.experiment_id = e.id;
    journal.insert_comment(comment);
    tx.commit();
  }
  const auto check_experiment = [&](const Experiment& want) {
    const auto got = journal.find_experiment(want.id);
    REQUIRE(got.has_value());
    CHECK(got->uuid == want.uuid);
    CHECK(got->title == want.title);
    CHECK(got->hypothesis == want.hypothesis);
    CHECK(got->change == want.change);
    CHECK(got->prediction == want.prediction);
    CHECK(got->prediction_why == want.prediction_why);
    CHECK(got->occasion == want.occasion);
    CHECK(got->success_rule == want.success_rule);
    CHECK(got->baseline_points == want.baseline_points);
    CHECK(got->test_points == want.test_points);
    CHECK(got->template_name == want.template_name);
    CHECK(got->cycle == want.cycle);
    CHECK(got->status == want.status);
    CHECK(got->baseline_start == want.baseline_start);
    CHECK(got->test_start == want.test_start);
    CHECK(got->closed == want.closed);
    CHECK(got->created == want.created);
    CHECK(got->updated == want.updated);
    REQUIRE(got->metrics.size() == want.metrics.size());
    const Metric& m = got->metrics[0];
    const Metric& w = want.metrics[0];
    CHECK(m.uuid == w.uuid);
    CHECK(m.name == w.name);
    CHECK(m.label == w.label);
    CHECK(m.kind == w.kind);
    CHECK(m.direction == w.direction);
    CHECK(m.scale_min == w.scale_min);
    CHECK(m.scale_max == w.scale_max);
    CHECK(m.instructions == w.instructions);
    CHECK(m.formula == w.formula);
    CHECK(m.created == w.created);
    CHECK(m.updated == w.updated);
  };
  const auto check_entry = [&](const Entry& want) {
    const auto got = journal.find_entry(want.id);
    REQUIRE(got.has_value());
    CHECK(got->uuid == want.uuid);
    CHECK(got->experiment_id == want.experiment_id);
    CHECK(got->date == want.date);
    CHECK(got->time == want.time);
    CHECK(got->values == want.values);
    CHECK(got->note == want.note);
    CHECK(got->as_planned == want.as_planned);
    CHECK(got->deviation == want.deviation);
    CHECK(got->created == want.created);
    CHECK(got->updated == want.updated);
  };
  const auto check_review = [&](const leadlab::Review& want) {
    const auto got = journal.latest_review(want.experiment_id);
    REQUIRE(got.has_value());
    CHECK(got->uuid == want.uuid);
    CHECK(got->prediction_met == want.prediction_met);
    CHECK(got->observed == want.observed);
    CHECK(got->difference == want.difference);
    CHECK(got->learned == want.learned);
    CHECK(got->surprised == want.surprised);
    CHECK(got->as_planned == want.as_planned);
    CHECK(got->decision == want.decision);
    CHECK(got->next_step == want.next_step);
    CHECK(got->next_by == want.next_by);
    CHECK(got->commitment == want.commitment);
    CHECK(got->author == want.author);
    CHECK(got->created == want.created);
    CHECK(got->updated == want.updated);
  };
  const auto check_comment = [&](const leadlab::Comment& want) {
    const auto got = journal.comments(want.experiment_id);
    REQUIRE(got.size() == 1);
    CHECK(got[0].uuid == want.uuid);
    CHECK(got[0].author == want.author);
    CHECK(got[0].text == want.text);
    CHECK(got[0].created == want.created);
    CHECK(got[0].updated == want.updated);
  };
  check_experiment(e);
  check_entry(entry);
  check_review(review);
  check_comment(comment);

  // Every field an update replaces, changed: none may land in another's column.
  e.title = "Ask, then wait";
  e.hypothesis = "h2";
  e.change = "c2";
  e.prediction = "p2";
  e.prediction_why = "w2";
  e.occasion = "standup";
  e.success_rule = "r2";
  e.baseline_points = 6;
  e.test_points = 7;
  e.status = leadlab::Status::kClosed;
  e.test_start = day("2031-09-10");
  e.closed = "2031-09-20T10:00:00Z";
  Metric& m = e.metrics[0];
  m.name = "asks";
  m.label = "Asks";
  m.kind = MetricKind::kMinutes;
  m.direction = leadlab::Direction::kDown;
  m.scale_min.reset();
  m.scale_max = 9;
  m.instructions = "time them";
  m.formula = "";
  m.updated = "2031-09-21T10:00:00Z";
  entry.date = day("2031-09-11");
  entry.time.clear();
  entry.values = {{"asks", 4}};
  entry.note = "louder";
  entry.as_planned = true;
  entry.deviation.clear();
  review.prediction_met = "yes";
  review.observed = "o2";
  review.difference = "d2";
  review.learned = "l2";
  review.surprised = "s2";
  review.as_planned = "a2";
  review.decision = "adopt";
  review.next_step = "n2";
  review.next_by.reset();
  review.commitment = 3;
  review.author = "Ben";
  review.updated = "2031-09-22T10:00:00Z";
  comment.author = "Cleo";
  comment.text = "Even better";
  comment.updated = "2031-09-23T10:00:00Z";
  {
    auto tx = journal.begin_write();
    journal.update_experiment(e, "2031-09-20T11:00:00Z");
    journal.update_metric(m);
    journal.update_entry(entry, e, "2031-09-20T12:00:00Z");
    journal.update_review(review);
    journal.update_comment(comment);
    tx.commit();
  }
  CHECK(e.updated == "2031-09-20T11:00:00Z");
  CHECK(entry.updated == "2031-09-20T12:00:00Z");
  check_experiment(e);
  check_entry(entry);
  check_review(review);
  check_comment(comment);
}
