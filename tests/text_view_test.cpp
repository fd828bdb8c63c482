// The terminal tables at the width cli reads (RenderOptions::width): list, entries and show
// at 60, 80 and 200 columns, wrapping long text instead of cutting it.
#include "leadlab/report/text_view.hpp"

#include <doctest/doctest.h>

#include "demo_fixture.hpp"
#include "flat_text.hpp"
#include "leadlab/analysis/dashboard.hpp"
#include "leadlab/model/text.hpp"
#include "leadlab/report/dashboard_view.hpp"

using leadlab::Entry;
using leadlab::Experiment;
using leadlab::ExperimentRow;
using leadlab::NoteLayout;
using leadlab::RenderOptions;
using leadlab::testing::day;
using leadlab::testing::demo_entries;
using leadlab::testing::demo_experiment;
using leadlab::testing::flat;

namespace {

const std::string kNote =
    "Budget review; I explained the numbers for twenty minutes before anyone spoke, then the "
    "team asked about the hiring freeze and I answered every question myself";

RenderOptions at(int width) {
  RenderOptions o;
  o.today = day("2026-11-08");
  o.width = width;
  return o;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

int widest(const std::string& text) {
  int w = 0;
  for (const auto& line : lines_of(text)) w = std::max(w, leadlab::display_width(line));
  return w;
}

std::vector<Entry> with_note() {
  std::vector<Entry> entries = demo_entries();
  entries[0].note = kNote;
  return entries;
}

ExperimentRow row_of(const Experiment& e, const std::vector<Entry>& entries) {
  ExperimentRow row{e, {}};
  for (const Entry& entry : entries)
    ++(e.phase_of(entry.date) == leadlab::Phase::kBaseline ? row.stats.baseline_points
                                                           : row.stats.test_points);
  row.stats.last_entry = entries.back().date;
  return row;
}

}  // namespace

TEST_CASE("entries wrap a long note within its column at 80 and 200 columns, never cut") {
  for (const int width : {80, 200}) {
    CAPTURE(width);
    const std::string text = leadlab::render_entries(demo_experiment(), with_note(), at(width));
    CHECK(widest(text) <= width);
    CHECK(text.find("\u2026") == std::string::npos);
    CHECK(text.find("...") == std::string::npos);
    CHECK(flat(text).find(kNote) != std::string::npos);
    CHECK(lines_of(text)[0].find("note") != std::string::npos);
  }
  // At 200 columns most of the note is on its row; at 80 it continues under the note column.
  const auto wide = lines_of(leadlab::render_entries(demo_experiment(), with_note(), at(200)));
  CHECK(wide[1].find(kNote.substr(0, 120)) != std::string::npos);
  const auto narrow = lines_of(leadlab::render_entries(demo_experiment(), with_note(), at(80)));
  const std::size_t column = narrow[0].find("note");
  CHECK(narrow[1].find("Budget review;") == column);
  CHECK(narrow[2].find_first_not_of(' ') == column);
}

TEST_CASE("at 60 columns a note too narrow for its column stands below its row") {
  const std::string text = leadlab::render_entries(demo_experiment(), with_note(), at(60));
  CHECK(widest(text) <= 60);
  const auto lines = lines_of(text);
  CHECK(lines[0].find("note") == std::string::npos);
  CHECK(lines[2].rfind("    Budget review;", 0) == 0);  // under the date
  CHECK(flat(text).find(kNote) != std::string::npos);
}

TEST_CASE("entries --wide prints each note whole on its row") {
  const std::string text =
      leadlab::render_entries(demo_experiment(), with_note(), at(80), NoteLayout::kWide);
  const auto lines = lines_of(text);
  REQUIRE(lines.size() == 12);  // the header and one line per entry
  CHECK(lines[1].find(kNote) != std::string::npos);
  CHECK(widest(text) > 80);
}

TEST_CASE("a note is cut between code points and by columns when a word outgrows its column") {
  std::vector<Entry> entries = demo_entries();
  entries[0].note =
      std::string(30, 'x') + "\u65e5\u672c\u8a9e\u30c6\u30ad\u30b9\u30c8" + std::string(30, 'y');
  const std::string text = leadlab::render_entries(demo_experiment(), entries, at(80));
  CHECK(widest(text) <= 80);
  CHECK(leadlab::is_valid_utf8(text));
  // Every character of the note is there, in order.
  std::string kept;
  for (const auto& line : lines_of(text))
    if (line.find_first_of("xy\xe6\xe8\xe3") != std::string::npos)
      kept += line.substr(line.find_last_of(' ') + 1);
  CHECK(kept == entries[0].note);
}

TEST_CASE("show prints every note in full as a wrapped paragraph, at any width") {
  const Experiment e = demo_experiment();
  const std::vector<Entry> entries = with_note();
  for (const int width : {60, 80, 200}) {
    CAPTURE(width);
    const std::string text = leadlab::render_experiment(row_of(e, entries), entries, at(width));
    CHECK(widest(text) <= width);
    CHECK(flat(text).find(kNote) != std::string::npos);
    CHECK(text.find("\u2026") == std::string::npos);
  }
}

TEST_CASE("list shows whole titles: at 200 columns on their line, at 80 and 60 wrapped") {
  Experiment a = demo_experiment();
  a.title = "Ask more than I tell in the weekly team sync with the whole product group";
  Experiment b = a;
  b.id = 2;
  b.title = a.title + " in 1:1s";
  const std::vector<ExperimentRow> rows = {{a, {}}, {b, {}}};
  const auto wide = lines_of(leadlab::render_list(rows, at(200)));
  REQUIRE(wide.size() == 3);
  CHECK(wide[2].find(b.title) != std::string::npos);
  for (const int width : {60, 80}) {
    CAPTURE(width);
    const std::string text = leadlab::render_list(rows, at(width));
    CHECK(widest(text) <= width);
    CHECK(flat(text).find(b.title) != std::string::npos);
    CHECK(text.find("\u2026") == std::string::npos);
  }
}

TEST_CASE("status uses the width it is given") {
  Experiment e = demo_experiment();
  e.title = std::string(150, 't');
  const std::vector<leadlab::DashboardItem> items = {
      leadlab::dashboard_item(e, demo_entries(), day("2026-11-08"))};
  CHECK(widest(leadlab::render_dashboard(items, at(60))) <= 60);
  CHECK(widest(leadlab::render_dashboard(items, at(80))) <= 80);
  const std::string wide = leadlab::render_dashboard(items, at(200));
  CHECK(widest(wide) <= 200);
  CHECK(wide.find(e.title) != std::string::npos);  // 150 columns fit 200: not cut
}
