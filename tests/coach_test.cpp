// The coach's loop in the engine: whose records a journal holds, who writes a comment,
// editing and deleting one's own comment (a tombstone travels), what an import would add,
// the comments the owner has not seen, and bundles that leave out private notes.
#include <SQLiteCpp/SQLiteCpp.h>
#include <doctest/doctest.h>

#include <algorithm>

#include "demo_fixture.hpp"
#include "leadlab/actions/comments.hpp"
#include "leadlab/actions/export.hpp"
#include "leadlab/actions/import.hpp"
#include "leadlab/actions/overview.hpp"
#include "leadlab/model/error.hpp"
#include "leadlab/report/review_view.hpp"
#include "leadlab/storage/journal.hpp"
#include "test_support.hpp"

using leadlab::Bundle;
using leadlab::BundleSelection;
using leadlab::Journal;
using leadlab::MergeReport;
using leadlab::UsageError;
using leadlab::testing::make_demo_journal;
using leadlab::testing::TempDir;

namespace {

// Ana's demo journal with a note on entry 1, and its bundle as `select` asks.
Bundle ana_bundle(Journal& ana, const BundleSelection& select = {}) {
  {
    auto tx = ana.begin_write();
    auto entry = *ana.find_entry(1);
    entry.note = "Budget review; I explained too much";
    ana.update_entry(entry, *ana.find_experiment(1));
    tx.commit();
  }
  return leadlab::read_bundle(ana, select);
}

bool has_detail(const MergeReport& r, const std::string& kind, const std::string& change,
                const std::string& part) {
  return std::any_of(r.details.begin(), r.details.end(), [&](const leadlab::MergeChange& d) {
    return d.kind == kind && d.change == change && d.what.find(part) != std::string::npos;
  });
}

}  // namespace

TEST_CASE("an import never sets the journal's owner, and the experiments remember whose they are") {
  TempDir dir;
  Journal ana = make_demo_journal(dir.file("ana.db"), "Ana Lima");
  const Bundle bundle = ana_bundle(ana);

  Journal coach = Journal::create(dir.file("coach.db"), "");
  const MergeReport r = leadlab::merge_bundle(&coach, bundle, false, leadlab::testing::kToday);
  CHECK(coach.info().owner.empty());
  CHECK(r.origin == "Ana Lima");
  CHECK(coach.origin(1) == "Ana Lima");
  CHECK(coach.origins() == std::vector<std::string>{"Ana Lima"});
  REQUIRE_FALSE(r.notes.empty());
  CHECK(r.notes[0].find("leadlab owner NAME") != std::string::npos);

  // Without an owner and without --author, nobody can be named as the writer.
  CHECK_THROWS_AS(leadlab::add_comment(coach, 1, "Nice", ""), UsageError);
  CHECK(coach.comments(1).empty());
  CHECK(leadlab::add_comment(coach, 1, "Nice", "Ben").author == "Ben");

  // The overview names the client, not the (missing) owner.
  const auto row = leadlab::overview_row(dir.file("coach.db"), leadlab::testing::kToday);
  CHECK(row.client == "Ana Lima");
  const auto own = leadlab::overview_row(dir.file("ana.db"), leadlab::testing::kToday);
  CHECK(own.client == "Ana Lima");

  // The leader's own bundle back into her journal: nothing is anyone else's.
  Journal ana2 = make_demo_journal(dir.file("ana2.db"), "Ana Lima");
  leadlab::merge_bundle(&ana2, bundle, false, leadlab::testing::kToday);
  CHECK(ana2.origins().empty());
}

TEST_CASE("a bundle that names no owner says so and its experiments count as the journal's own") {
  TempDir dir;
  Journal ana = make_demo_journal(dir.file("ana.db"), "");
  const Bundle bundle = ana_bundle(ana);

  Journal coach = Journal::create(dir.file("coach.db"), "Ben (coach)");
  const MergeReport r = leadlab::merge_bundle(&coach, bundle, false, leadlab::testing::kToday);
  REQUIRE(r.notes.size() == 1);
  CHECK(r.notes[0] == "the bundle names no owner, so what it adds counts as Ben (coach)'s own");
  CHECK(coach.origins().empty());
  CHECK(leadlab::overview_row(dir.file("coach.db"), leadlab::testing::kToday).client ==
        "Ben (coach)");

  // Into a journal without an owner either: nothing to say.
  Journal none = Journal::create(dir.file("none.db"), "");
  CHECK(leadlab::merge_bundle(&none, bundle, false, leadlab::testing::kToday).notes.empty());
}

TEST_CASE("only its author edits or deletes a comment, and the deletion travels and removes it") {
  TempDir dir;
  Journal ana = make_demo_journal(dir.file("ana.db"), "Ana");
  Journal coach = Journal::create(dir.file("coach.db"), "Ben");
  leadlab::merge_bundle(&coach, leadlab::read_bundle(ana, {}), false, leadlab::testing::kToday);
  const auto mine = leadlab::add_comment(coach, 1, "Try it in 1:1s", "");
  CHECK(mine.author == "Ben");

  CHECK_THROWS_AS(leadlab::edit_comment(coach, mine.id, "Hijacked", "Sam"), UsageError);
  CHECK_THROWS_AS(leadlab::delete_comment(coach, mine.id, "Sam"), UsageError);
  CHECK_THROWS_AS(leadlab::edit_comment(coach, 99, "x", ""), UsageError);
  CHECK(leadlab::edit_comment(coach, mine.id, "Try it in your 1:1s", "").text ==
        "Try it in your 1:1s");
  CHECK(coach.comments(1).at(0).text == "Try it in your 1:1s");

  // The leader gets it, and it is new to her.
  const Bundle comments_back = leadlab::read_bundle(coach, {.comments_only = true});
  leadlab::merge_bundle(&ana, comments_back, false, leadlab::testing::kToday);
  REQUIRE(ana.comments(1).size() == 1);
  CHECK_FALSE(ana.comments(1)[0].seen);

  // Ben deletes it: a tombstone, which travels in his comments bundle.
  leadlab::delete_comment(coach, mine.id, "");
  CHECK(coach.comments(1).empty());
  CHECK(coach.is_tombstoned(mine.uuid));
  const Bundle deletion = leadlab::read_bundle(coach, {.comments_only = true});
  REQUIRE(deletion.tombstones.size() == 1);
  CHECK(deletion.tombstones[0].kind == "comment");

  const MergeReport dry = leadlab::merge_bundle(&ana, deletion, true, leadlab::testing::kToday);
  CHECK(dry.counts.at("comments").removed == 1);
  CHECK(has_detail(dry, "comment", "removed", "by Ben on experiment 1"));
  CHECK(ana.comments(1).size() == 1);  // a dry run writes nothing
  leadlab::merge_bundle(&ana, deletion, false, leadlab::testing::kToday);
  CHECK(ana.comments(1).empty());
  CHECK(ana.is_tombstoned(mine.uuid));
  // An older bundle that still has the comment does not bring it back.
  const MergeReport again =
      leadlab::merge_bundle(&ana, comments_back, false, leadlab::testing::kToday);
  CHECK(again.counts.at("comments").skipped == 1);
  CHECK(ana.comments(1).empty());
}

TEST_CASE(
    "a dry run names what it would add and change, and imported comments are new until seen") {
  TempDir dir;
  Journal ana = make_demo_journal(dir.file("ana.db"), "Ana");
  const Bundle bundle = ana_bundle(ana);
  Journal coach = Journal::create(dir.file("coach.db"), "Ben");
  const MergeReport dry = leadlab::merge_bundle(&coach, bundle, true, leadlab::testing::kToday);
  CHECK(has_detail(dry, "experiment", "added", "\"Ask before telling\""));
  CHECK(has_detail(dry, "entry", "added", "of 2026-09-28 in \"Ask before telling\""));
  CHECK(coach.list_experiments().empty());
  leadlab::merge_bundle(&coach, bundle, false, leadlab::testing::kToday);
  CHECK(leadlab::merge_bundle(&coach, bundle, false, leadlab::testing::kToday)
            .details.empty());  // not a dry run

  leadlab::add_comment(coach, 1, "Good start", "");
  leadlab::add_comment(coach, 1, "Count decisions only", "");
  leadlab::add_comment(ana, 1, "My own thought", "");
  CHECK(ana.new_comments().empty());  // the owner's own comments are seen
  const Bundle back = leadlab::read_bundle(coach, {.comments_only = true});
  const MergeReport preview = leadlab::merge_bundle(&ana, back, true, leadlab::testing::kToday);
  CHECK(has_detail(preview, "comment", "added", "by Ben on experiment 1 \"Ask before telling\""));
  leadlab::merge_bundle(&ana, back, false, leadlab::testing::kToday);
  const auto news = ana.new_comments();
  REQUIRE(news.size() == 1);
  CHECK(news[0].experiment_id == 1);
  CHECK(news[0].author == "Ben");
  CHECK(news[0].count == 2);
  leadlab::mark_comments_seen(ana, 1);
  CHECK(ana.new_comments().empty());
}

TEST_CASE("a bundle without notes says so, and its import keeps the journal's notes") {
  TempDir dir;
  Journal ana = make_demo_journal(dir.file("ana.db"), "Ana");
  leadlab::add_comment(ana, 1, "Private musing", "");
  BundleSelection partial;
  partial.without.notes = true;
  partial.without.comments = true;
  const Bundle shared = ana_bundle(ana, partial);
  CHECK(shared.without.notes);
  CHECK(shared.experiments.at(0).entries.at(0).note.empty());
  CHECK(shared.experiments.at(0).comments.empty());

  // The coach's copy has no notes; a change the coach's journal makes to an entry comes
  // back without a note, and the leader's note stays.
  Journal coach = Journal::create(dir.file("coach.db"), "Ben");
  leadlab::merge_bundle(&coach, shared, false, leadlab::testing::kToday);
  CHECK(coach.find_entry(1)->note.empty());
  Bundle edited = shared;
  edited.experiments[0].entries[0].updated = "2099-01-01T00:00:00.000Z";
  edited.experiments[0].entries[0].values["questions"] = 4;
  const MergeReport r = leadlab::merge_bundle(&ana, edited, false, leadlab::testing::kToday);
  CHECK(r.counts.at("entries").updated == 1);
  CHECK(ana.find_entry(1)->note == "Budget review; I explained too much");
  CHECK(ana.find_entry(1)->values.at("questions") == 4);
  CHECK(ana.comments(1).size() == 1);
}

TEST_CASE("format 3: a journal of format 2 keeps its comments, all seen, and its own experiments") {
  TempDir dir;
  const std::string path = dir.file("old.db");
  {
    Journal old = Journal::create(path, "Ana", leadlab::schema_migrations().first(2));
    auto tx = old.begin_write();
    leadlab::Experiment e = leadlab::testing::demo_experiment();
    old.insert_experiment(e);
    tx.commit();
    SQLite::Database db(path, SQLite::OPEN_READWRITE);
    db.exec(
        "INSERT INTO comments (uuid, experiment_id, author, text, created, updated) VALUES "
        "('6f1c1d1e-2b3a-4c5d-8e9f-0a1b2c3d4e5f', 1, 'Ben', 'Hello', "
        "'2026-11-01T10:00:00.000Z', '2026-11-01T10:00:00.000Z')");
  }
  Journal journal = Journal::open(path, Journal::Mode::kReadWrite);
  CHECK(journal.info().schema_version == leadlab::schema_migrations().back().version);
  CHECK(journal.migration_backup().has_value());
  REQUIRE(journal.comments(1).size() == 1);
  CHECK(journal.comments(1)[0].seen);
  CHECK(journal.new_comments().empty());
  CHECK(journal.origin(1).empty());
  CHECK(journal.integrity_problems().empty());
}

TEST_CASE("new comments on many experiments are named for five, then counted") {
  std::vector<leadlab::NewComments> news;
  for (int i = 1; i <= 7; ++i) news.push_back({i, "Ben", i == 1 ? 2 : 1});
  const std::string text = leadlab::describe_new_comments(news);
  CHECK(text.find("2 new comments from Ben on experiment 1: `leadlab show 1`") !=
        std::string::npos);
  CHECK(text.find("experiment 5: `leadlab show 5`") != std::string::npos);
  CHECK(text.find("leadlab show 6") == std::string::npos);
  CHECK(text.find("and new comments on 2 more experiments (`leadlab status --json`") !=
        std::string::npos);
  news.resize(5);
  CHECK(leadlab::describe_new_comments(news).find("more experiment") == std::string::npos);
}
