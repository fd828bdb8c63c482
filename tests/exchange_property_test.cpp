// A property of exchanging bundles (issue 23): after any sequence of commands on two
// journals and imports of partial exports between them, each journal passes `check`, exports,
// and that export imports into an empty journal. The sequences are random but seeded (fixed
// seeds, std::mt19937, its draws taken as integers only), so every run tries the same ones.
#include <doctest/doctest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "leadlab/actions/check.hpp"
#include "leadlab/actions/comments.hpp"
#include "leadlab/actions/entries.hpp"
#include "leadlab/actions/experiment_changes.hpp"
#include "leadlab/actions/experiments.hpp"
#include "leadlab/actions/export.hpp"
#include "leadlab/actions/import.hpp"
#include "leadlab/actions/review.hpp"
#include "leadlab/model/error.hpp"
#include "leadlab/report/bundle_writer.hpp"
#include "test_support.hpp"

namespace {

using leadlab::Day;
using leadlab::Journal;
using leadlab::testing::kToday;

constexpr int kSeeds = 20;
constexpr int kSteps = 40;

class Exchange {
 public:
  Exchange(const leadlab::testing::TempDir& dir, unsigned seed)
      : dir_(dir),
        random_(seed),
        journals_{Journal::create(dir.file("a.db"), "Ana"),
                  Journal::create(dir.file("b.db"), "Ana")} {}

  // One random step on one of the two journals; returns what it did, for a failure's message.
  std::string step() {
    const int which = pick(2);
    Journal& j = journals_[which];
    const std::string on = which == 0 ? "a: " : "b: ";
    const auto ids = experiment_ids(j);
    try {
      switch (ids.empty() ? 0 : pick(12)) {
        case 0:
          return on + create(j);
        case 1:
          return on + log(j, ids[pick(ids.size())]);
        case 2:
          return on + edit(j);
        case 3:
          return on + remove(j);
        case 4:
          leadlab::add_comment(j, ids[pick(ids.size())], "comment " + std::to_string(pick(100)),
                               "");
          return on + "comment";
        case 5: {
          leadlab::ReviewAnswers answers{.prediction_met = "yes",
                                         .observed = "o",
                                         .learned = "l",
                                         .decision = "adopt",
                                         .next_step = "n"};
          leadlab::close_with_review(j, ids[pick(ids.size())], answers, kToday);
          return on + "review";
        }
        case 6:
          // The test may begin after some of the entries logged in its baseline.
          leadlab::begin_test(j, ids[pick(ids.size())], day_from(kToday - std::chrono::days(10)),
                              kToday);
          return on + "start";
        case 7:
          leadlab::reopen_experiment(j, ids[pick(ids.size())]);
          return on + "reopen";
        case 8:
          leadlab::edit_experiment(
              j, ids[pick(ids.size())],
              {.title = "E" + std::to_string(pick(1000)),
               .tags = std::vector<std::string>{"t" + std::to_string(pick(3))}});
          return on + "edit experiment";
        case 9: {
          const std::int64_t id = ids[pick(ids.size())];
          leadlab::delete_experiment(j, id);
          return on + "delete experiment " + std::to_string(id);
        }
        case 10: {
          const auto comments = j.comments(ids[pick(ids.size())]);
          if (comments.empty()) return on + "no comment to delete";
          leadlab::delete_comment(j, comments[pick(comments.size())].id, "");
          return on + "delete comment";
        }
        default:
          return on + import_from(journals_[1 - which], j);
      }
    } catch (const leadlab::UsageError&) {
      return on + "refused, as a user would be";  // e.g. a log on a closed experiment
    }
  }

  // Each journal passes check; with `moved`, it also exports, and its export imports into
  // an empty journal.
  void verify(const std::string& what, bool moved) {
    for (Journal& j : journals_) {
      const leadlab::JournalCheck check = leadlab::check_journal(j, kToday);
      std::string problems;
      for (const auto& p : check.problems) problems += p + "\n";
      REQUIRE_MESSAGE(check.sound(), what << "\n" << problems);
      if (!moved) continue;
      const std::string bundle = dir_.file("whole.json");
      write_bundle(j, {}, bundle);
      const std::string fresh = dir_.file("fresh.db");
      std::filesystem::remove(fresh);
      REQUIRE_NOTHROW_MESSAGE(leadlab::import_bundle_into_new_journal(fresh, "Ana", bundle, kToday),
                              what);
    }
  }

 private:
  int pick(std::size_t n) { return static_cast<int>(random_() % n); }

  static std::vector<std::int64_t> experiment_ids(const Journal& j) {
    std::vector<std::int64_t> ids;
    for (const auto& e : j.list_experiments({.definitions = false})) ids.push_back(e.id);
    return ids;
  }

  Day day_from(Day latest) { return latest - std::chrono::days(pick(20)); }

  std::string create(Journal& j) {
    leadlab::ExperimentSpec spec;
    spec.title = "E" + std::to_string(pick(1000));
    spec.hypothesis = "h";
    spec.change = "c";
    spec.metrics = {"q:count:up", "mood:scale:1..5"};
    spec.derived = {"twice = q * 2"};
    spec.tags = {"t" + std::to_string(pick(3))};
    const leadlab::Experiment e = leadlab::create_experiment(j, spec);
    leadlab::begin_baseline(j, e.id, kToday - std::chrono::days(60), kToday);
    return "new " + std::to_string(e.id);
  }

  std::string log(Journal& j, std::int64_t id) {
    leadlab::LogRequest request{
        .experiment_id = id,
        .assignments = {"q=" + std::to_string(pick(30)), "mood=" + std::to_string(1 + pick(5))},
        .date = day_from(kToday)};
    leadlab::log_entry(j, request, kToday);
    return "log " + std::to_string(id);
  }

  // An entry of the journal, at random; 0 when it has none.
  std::int64_t some_entry(const Journal& j) {
    std::vector<std::int64_t> entries;
    for (const auto& e : j.entries_between(kToday - std::chrono::days(100), kToday))
      entries.push_back(e.id);
    return entries.empty() ? 0 : entries[pick(entries.size())];
  }

  std::string edit(Journal& j) {
    const std::int64_t id = some_entry(j);
    if (id == 0) return "no entry to edit";
    leadlab::EntryEdit change{.assignments = {"q=" + std::to_string(pick(30))},
                              .note = "edited " + std::to_string(pick(100))};
    leadlab::edit_entry(j, id, change, kToday);
    return "edit entry " + std::to_string(id);
  }

  std::string remove(Journal& j) {
    const std::int64_t id = some_entry(j);
    if (id == 0) return "no entry to delete";
    leadlab::delete_entry(j, id);
    return "delete entry " + std::to_string(id);
  }

  void write_bundle(const Journal& j, const leadlab::BundleSelection& selection,
                    const std::string& path) {
    std::ofstream out(path, std::ios::binary);
    leadlab::BundleWriter writer(out);
    leadlab::export_bundle(j, selection, writer);
  }

  // A partial export of `from` (some experiments, maybe only recent records) into `to`.
  std::string import_from(const Journal& from, Journal& to) {
    leadlab::BundleSelection selection;
    for (const std::int64_t id : experiment_ids(from))
      if (pick(2) == 0) selection.ids.push_back(id);
    if (pick(2) == 0) selection.since = kToday - std::chrono::days(pick(20));
    const std::string path = dir_.file("part.json");
    write_bundle(from, selection, path);
    // Two journals that share only what travelled between them never disagree: an import
    // is never refused here. A dry run first merges and rolls back: it reports what the
    // import then does, and leaves the journal as it was.
    try {
      const auto before = to.record_counts();
      const leadlab::MergeReport dry = leadlab::import_bundle(&to, path, true, kToday);
      REQUIRE(to.record_counts() == before);
      const leadlab::MergeReport done = leadlab::import_bundle(&to, path, false, kToday);
      CHECK(same(dry, done));
    } catch (const leadlab::UsageError& e) {
      FAIL("an import between the journals was refused: " << e.what());
    }
    return "import " + std::to_string(selection.ids.size()) + " experiments";
  }

  static bool same(const leadlab::MergeReport& a, const leadlab::MergeReport& b) {
    if (a.origin != b.origin || a.notes != b.notes || a.counts.size() != b.counts.size())
      return false;
    for (const auto& [kind, n] : a.counts) {
      const auto it = b.counts.find(kind);
      if (it == b.counts.end()) return false;
      const leadlab::MergeCounts& m = it->second;
      if (n.added != m.added || n.updated != m.updated || n.unchanged != m.unchanged ||
          n.kept != m.kept || n.skipped != m.skipped)
        return false;
    }
    return true;
  }

  const leadlab::testing::TempDir& dir_;
  std::mt19937 random_;
  Journal journals_[2];
};

}  // namespace

TEST_CASE("exchange: random commands and partial imports keep both journals sound") {
  // Each command syncs its journal to disk; in memory (tmpfs), where there is one, the
  // 1,600 journals of the test take seconds rather than a minute.
  std::error_code ec;
  const bool shm = std::filesystem::is_directory("/dev/shm", ec) && ::access("/dev/shm", W_OK) == 0;
  const leadlab::testing::ScopedEnv tmpdir("TMPDIR", shm ? "/dev/shm" : std::getenv("TMPDIR"));
  for (unsigned seed = 1; seed <= kSeeds; ++seed) {
    CAPTURE(seed);
    const leadlab::testing::TempDir dir;
    Exchange exchange(dir, seed);
    std::string history;
    for (int step = 0; step < kSteps; ++step) {
      const std::string did = exchange.step();
      history += did + "\n";
      // Every import, and the last step, moves both journals into empty ones.
      exchange.verify(history, did.find("import") != std::string::npos || step + 1 == kSteps);
    }
  }
}
