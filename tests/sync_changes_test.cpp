// The journal's record of changed experiments (schema 5, docs/schema.md), on which a sync
// that reads only what changed relies: every write of an experiment's records marks it,
// whichever path it takes; what does not travel marks nothing; a change is forgotten only
// if it is the one sync read.
#include <SQLiteCpp/SQLiteCpp.h>
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "leadlab/storage/journal.hpp"
#include "test_support.hpp"

using leadlab::Journal;
using leadlab::testing::day;
using leadlab::testing::TempDir;

namespace {

struct Fixture {
  TempDir dir;
  std::string path = dir.file("journal.db");
  Journal journal = Journal::create(path, "Ana");
  leadlab::Experiment e;
  leadlab::Entry entry;

  Fixture() {
    e.title = "Ask first";
    leadlab::Metric q;
    q.name = "questions";
    e.metrics = {q};
    entry.date = day("2026-11-02");
    entry.values["questions"] = 3;
    write([&] {
      journal.insert_experiment(e);
      journal.insert_entry(entry, e);
    });
    forget_all();
  }
  template <typename F>
  void write(F&& f) {
    auto tx = journal.begin_write();
    f();
    tx.commit();
  }
  void forget_all() {
    write([&] { journal.forget_sync_changes(journal.sync_changes()); });
    REQUIRE(journal.sync_changes().empty());
  }
  // The UUIDs marked as changed.
  std::vector<std::string> marked() const {
    std::vector<std::string> out;
    for (const auto& c : journal.sync_changes()) out.push_back(c.uuid);
    std::sort(out.begin(), out.end());
    return out;
  }
};

}  // namespace

TEST_CASE("sync changes: each write of an experiment's records marks that experiment") {
  Fixture f;
  const std::vector<std::string> just_it{f.e.uuid};
  SUBCASE("an entry") {
    leadlab::Entry more;
    more.date = day("2026-11-03");
    more.values["questions"] = 4;
    f.write([&] { f.journal.insert_entry(more, f.e); });
  }
  SUBCASE("an entry's value") {
    f.entry.values["questions"] = 5;
    f.write([&] { f.journal.update_entry(f.entry, f.e); });
  }
  SUBCASE("an entry deleted") {
    f.write([&] { f.journal.delete_entry(f.entry.id); });
  }
  SUBCASE("the experiment's fields") {
    f.e.hypothesis = "asking works";
    f.write([&] { f.journal.update_experiment(f.e); });
  }
  SUBCASE("its tags") {
    f.write([&] { f.journal.set_tags(f.e.id, {"meetings"}); });
  }
  SUBCASE("a review") {
    leadlab::Review r;
    r.experiment_id = f.e.id;
    r.learned = "silence works";
    f.write([&] { f.journal.insert_review(r); });
  }
  SUBCASE("a comment") {
    leadlab::Comment c;
    c.experiment_id = f.e.id;
    c.author = "Ben";
    c.text = "Nice";
    f.write([&] { f.journal.insert_comment(c); });
  }
  SUBCASE("a metric's values and the metric") {
    const auto metric = f.journal.find_experiment(f.e.id)->metrics.front();
    f.write([&] { f.journal.delete_metric(metric.id); });
  }
  CHECK(f.marked() == just_it);
}

TEST_CASE("sync changes: a deleted experiment stays marked by its UUID") {
  Fixture f;
  f.write([&] { f.journal.delete_experiment(f.e.id); });
  CHECK(f.marked() == std::vector<std::string>{f.e.uuid});
}

TEST_CASE("sync changes: what does not travel marks nothing") {
  Fixture f;
  leadlab::Comment c;
  c.experiment_id = f.e.id;
  c.author = "Ben";
  c.text = "Nice";
  f.write([&] { f.journal.insert_comment(c); });
  f.forget_all();
  // Reading a coach's comment, and the stored counts kept at each commit, do not travel.
  f.write([&] { f.journal.mark_comments_seen(f.e.id); });
  {
    SQLite::Database db(f.path, SQLite::OPEN_READWRITE);
    db.exec("UPDATE experiments SET baseline_count = 7, last_entry = '2026-11-09'");
  }
  CHECK(f.marked().empty());
}

TEST_CASE("sync changes: a change made after sync read the marks is not forgotten") {
  Fixture f;
  leadlab::Entry more;
  more.date = day("2026-11-03");
  more.values["questions"] = 4;
  f.write([&] { f.journal.insert_entry(more, f.e); });
  const auto read = f.journal.sync_changes();  // what a sync sends
  REQUIRE(read.size() == 1);
  more.note = "logged while the sync ran";
  f.write([&] { f.journal.update_entry(more, f.e); });
  f.write([&] { f.journal.forget_sync_changes(read); });
  CHECK(f.marked() == std::vector<std::string>{f.e.uuid});
  f.forget_all();  // the next sync sends it, then forgets
}

TEST_CASE("sync changes: the step to format 5 marks every experiment") {
  TempDir dir;
  const std::string path = dir.file("old.db");
  std::string uuid;
  {
    Journal old = Journal::create(path, "Ana", leadlab::schema_migrations().first(4));
    leadlab::Experiment e;
    e.title = "Ask first";
    auto tx = old.begin_write();
    old.insert_experiment(e);
    tx.commit();
    uuid = e.uuid;
  }
  const Journal journal = Journal::open(path, Journal::Mode::kReadWrite);
  REQUIRE(journal.sync_changes().size() == 1);
  CHECK(journal.sync_changes().front().uuid == uuid);
}
