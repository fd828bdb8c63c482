// What sync shows beside the journal: the conflicts kept for one experiment (`show`, text and
// JSON).
#include <doctest/doctest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "demo_fixture.hpp"
#include "leadlab/actions/load_report.hpp"
#include "leadlab/actions/sync.hpp"
#include "leadlab/model/text.hpp"
#include "leadlab/report/show_view.hpp"
#include "leadlab/storage/files.hpp"
#include "leadlab/storage/journal.hpp"
#include "test_support.hpp"

using leadlab::FieldConflict;
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
