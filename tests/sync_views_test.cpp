// What sync shows beside the journal: the conflicts kept for one experiment (`show`, text and
// JSON) and the client a coach's mirror holds (`overview`), read without writing a byte.
#include <doctest/doctest.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "demo_fixture.hpp"
#include "leadlab/actions/load_report.hpp"
#include "leadlab/actions/overview.hpp"
#include "leadlab/actions/sync.hpp"
#include "leadlab/input/sync_records.hpp"
#include "leadlab/model/text.hpp"
#include "leadlab/report/overview_view.hpp"
#include "leadlab/report/show_view.hpp"
#include "leadlab/storage/files.hpp"
#include "leadlab/storage/git.hpp"
#include "leadlab/storage/journal.hpp"
#include "test_support.hpp"

using leadlab::FieldConflict;
using leadlab::GitRepo;
using leadlab::Journal;
using leadlab::testing::make_demo_journal;
using leadlab::testing::TempDir;

namespace {

namespace fs = std::filesystem;

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// One line of JOURNAL.git/leadlab-conflicts, as sync keeps a conflict.
std::string conflict_line(const std::string& uuid, const std::string& kind,
                          const std::string& parent, const std::string& field,
                          const std::string& taken, const std::string& other) {
  return uuid + "\t" + kind + "\t" + parent + "\t" + field + "\t" + taken +
         "\t2026-11-02T10:00:00.000Z\t" + other + "\t2026-11-02T09:00:00.000Z\ttheirs\n";
}

// Every file under `folder` with its bytes: to see that nothing was written.
std::map<std::string, std::string> files_under(const std::string& folder) {
  std::map<std::string, std::string> out;
  for (const auto& f : fs::recursive_directory_iterator(folder))
    out[f.path().string()] = f.is_regular_file() ? leadlab::testing::read_file(f.path()) : "";
  return out;
}

// Makes `git_dir` a bare repository whose branch holds a format file naming `owner`, as sync
// leaves it beside a journal.
void make_sync_repository(const std::string& git_dir, const std::string& owner) {
  REQUIRE(leadlab::run_git({"init", "--quiet", "--bare", git_dir}).ok());
  const GitRepo git(git_dir);
  const auto line = [](std::string s) {
    while (!s.empty() && s.back() == '\n') s.pop_back();
    return s;
  };
  const std::string blob =
      line(git.must({"hash-object", "-w", "--stdin"}, "writing", leadlab::sync_format_text(owner)));
  const std::string tree =
      line(git.must({"mktree"}, "writing", "100644 blob " + blob + "\tleadlab-sync.json\n"));
  const std::string commit = line(
      git.must({"-c", "user.name=t", "-c", "user.email=t@t", "commit-tree", tree, "-m", "journal"},
               "committing"));
  git.must({"update-ref", "refs/heads/main", commit}, "recording");
}

}  // namespace

TEST_CASE("the conflicts kept for one experiment are its own and its records' and only those") {
  TempDir dir;
  const std::string path = dir.file("ana.db");
  Journal journal = make_demo_journal(path);
  const std::string experiment = journal.find_experiment(1)->uuid;
  const std::string entry = journal.find_entry(1)->uuid;
  CHECK(leadlab::sync_conflicts(journal, experiment).empty());  // not synced

  fs::create_directory(path + ".git");
  leadlab::write_file_atomically(
      path + ".git/leadlab-conflicts",
      conflict_line(entry, "entry", experiment, "note", "\"second\"", "\"first\"") +
          conflict_line("3f1c0a52-0000-4000-8000-000000000001", "entry",
                        "3f1c0a52-0000-4000-8000-000000000002", "note", "\"x\"", "\"y\"") +
          conflict_line(experiment, "experiment", "", "title", "\"Ask\"", "\"Ask first\""));
  const auto found = leadlab::sync_conflicts(journal, experiment);
  REQUIRE(found.size() == 2);
  CHECK(found[0].uuid == entry);
  CHECK(found[0].field == "note");
  CHECK(found[0].taken == "\"second\"");
  CHECK(found[0].other == "\"first\"");
  CHECK(found[1].kind == "experiment");
  CHECK(found[1].field == "title");
  CHECK(leadlab::sync_conflicts(journal, "3f1c0a52-0000-4000-8000-000000000002").size() == 1);
}

TEST_CASE("show lists the conflicts kept with each record named as show names it") {
  TempDir dir;
  Journal journal = make_demo_journal(dir.file("ana.db"));
  const leadlab::ReportExperiment shown = leadlab::load_experiment(journal, 1);
  const std::string experiment = shown.row.experiment.uuid;
  const FieldConflict on_entry{shown.entries.front().uuid,
                               "entry",
                               experiment,
                               "note",
                               "\"second\"",
                               "2026-11-02T10:00:00.000Z",
                               "\"first\"",
                               "2026-11-02T09:00:00.000Z",
                               false};
  FieldConflict gone = on_entry;
  gone.uuid = "0f3c1a52-0000-4000-8000-000000000001";  // deleted since
  leadlab::RenderOptions o;
  o.today = leadlab::testing::kToday;

  const std::string without = leadlab::render_show(shown, o);
  CHECK_FALSE(contains(without, "Sync conflicts"));
  CHECK(leadlab::show_json(shown)["conflicts"] == nlohmann::json::array());

  const std::string text = leadlab::render_show(shown, o, {on_entry, gone});
  const std::string section = text.substr(text.find("Sync conflicts"));
  CHECK(contains(section, "2 fields were edited on both sides of a sync"));
  CHECK(contains(section,
                 "  entry 1 (2026-09-28), note: took \"second\" "
                 "(2026-11-02T10:00:00.000Z), kept"));
  CHECK(contains(section, "  entry 0f3c1a52, note: took"));
  std::istringstream lines(section);
  for (std::string line; std::getline(lines, line);) CHECK(leadlab::display_width(line) <= 80);

  const nlohmann::json j = leadlab::show_json(shown, {on_entry});
  REQUIRE(j["conflicts"].size() == 1);
  CHECK(j["conflicts"][0]["uuid"] == on_entry.uuid);
  CHECK(j["conflicts"][0]["experiment"] == experiment);
  CHECK(j["conflicts"][0]["field"] == "note");
  CHECK(j["conflicts"][0]["other"] == "\"first\"");
  CHECK(j["conflicts"][0]["taken_is_ours"] == false);
}

TEST_CASE("overview names the client a coach's mirror holds from its remote and writes nothing") {
  TempDir dir;
  const std::string path = dir.file("ana.db");
  make_demo_journal(path, "Ana");                   // the name the mirror was cloned with
  make_sync_repository(path + ".git", "Ana Lima");  // the name the client's remote gives now

  // Synced but no mirror: the journal's own.
  auto row = leadlab::overview_row(path, leadlab::testing::kToday);
  CHECK(row.client == "Ana");
  CHECK(row.coach.empty());
  CHECK_FALSE(leadlab::sync_mirror_client(path));

  leadlab::write_file_atomically(path + ".git/leadlab-coach", "Ben (coach)\n");
  const auto before = files_under(dir.path().string());
  row = leadlab::overview_row(path, leadlab::testing::kToday);
  CHECK(row.error.empty());
  CHECK(row.owner == "Ana");
  CHECK(row.client == "Ana Lima");
  CHECK(row.coach == "Ben (coach)");
  CHECK(leadlab::sync_mirror_client(path) == "Ana Lima");
  CHECK(files_under(dir.path().string()) == before);

  const nlohmann::json j = leadlab::overview_json({row}, leadlab::testing::kToday);
  CHECK(j["journals"][0]["client"] == "Ana Lima");
  CHECK(j["journals"][0]["coach"] == "Ben (coach)");
  CHECK(contains(leadlab::render_overview({row}, {}), "Ana Lima"));

  // A repository that cannot be read leaves the journal's owner as the client.
  fs::remove_all(path + ".git/objects");
  fs::create_directory(path + ".git/objects");
  CHECK(leadlab::overview_row(path, leadlab::testing::kToday).client == "Ana");
}
