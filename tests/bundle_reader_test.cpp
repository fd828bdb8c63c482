// The bundle reader: rapidjson reads the text, nlohmann words the refusals. Whatever one of
// them accepts the other must too, and numbers and text come back exactly as written.
#include "leadlab/input/bundle_reader.hpp"

#include <doctest/doctest.h>

#include <cstdio>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "leadlab/actions/export.hpp"
#include "leadlab/actions/import.hpp"
#include "leadlab/model/dates.hpp"
#include "leadlab/model/error.hpp"
#include "leadlab/report/bundle_writer.hpp"
#include "leadlab/storage/journal.hpp"
#include "test_support.hpp"

using leadlab::Bundle;
using leadlab::parse_bundle;
using leadlab::UsageError;

namespace {

const std::string kHead = R"({"format": "leadlab bundle", "version": 1, "kind": "full", "owner": )";

// A bundle with no experiments, owned by the JSON string `owner`, and `rest` after it.
std::string bundle_owned_by(const std::string& owner, const std::string& rest = "") {
  return kHead + owner + R"(, "experiments": [], "tombstones": []})" + rest;
}

// What `export --format json` writes for a journal of one experiment measuring `metric`,
// with `count` entries on 2026-10-01, each of `value`.
std::string exported_bundle(const leadlab::Metric& metric, double value, std::size_t count) {
  leadlab::testing::TempDir dir;
  leadlab::Journal journal = leadlab::Journal::create(dir.file("j.db"), "Ana");
  leadlab::Experiment e;
  e.title = "Exported";
  e.metrics = {metric};
  e.status = leadlab::Status::kBaseline;  // a draft takes no entries
  e.baseline_start = leadlab::parse_iso_date("2026-10-01");
  {
    auto tx = journal.begin_write();
    journal.insert_experiment(e);
    for (std::size_t i = 0; i < count; ++i) {
      leadlab::Entry entry;
      entry.date = *leadlab::parse_iso_date("2026-10-01");
      entry.values = {{metric.name, value}};
      journal.insert_entry(entry, e);
    }
    tx.commit();
  }
  std::ostringstream out;
  leadlab::BundleWriter writer(out);
  leadlab::export_bundle(journal, {}, writer);
  return out.str();
}

}  // namespace

TEST_CASE("the bundle reader refuses what is not JSON, in the same cases nlohmann does") {
  const std::vector<std::string> cases = {
      bundle_owned_by(R"("Ana\udc00")"),                          // a lone low surrogate, escaped
      bundle_owned_by(R"("Ana\ud800")"),                          // a lone high surrogate, escaped
      bundle_owned_by("\"Ana\xed\xa0\x80\""),                     // a surrogate written as UTF-8
      bundle_owned_by("\"Ana\xc0\xaf\""),                         // an overlong form
      bundle_owned_by("\"Ana\xff\""),                             // not UTF-8 at all
      bundle_owned_by("\"Ana\tLima\""),                           // a raw control character
      bundle_owned_by("\"Ana\"", " {}"),                          // two documents
      bundle_owned_by("'Ana'"),                                   // single quotes
      bundle_owned_by("\"Ana\" /* who */"),                       // a comment
      bundle_owned_by("NaN"),                                     // not a JSON number
      bundle_owned_by("01"),                                      // a leading zero
      kHead + R"("Ana", "experiments": [], "tombstones": [],})",  // a trailing comma
      kHead + R"("Ana", "experiments": [], "tombstones": [])",    // cut short
  };
  for (const auto& text : cases) {
    CAPTURE(text);
    REQUIRE_FALSE(nlohmann::json::accept(text));
    CHECK_THROWS_WITH_AS(parse_bundle(text, "b.json"), doctest::Contains("b.json:1:"), UsageError);
    CHECK_THROWS_WITH_AS(parse_bundle(text, "b.json"), doctest::Contains("not valid JSON"),
                         UsageError);
  }
  // nlohmann reads a NUL byte as the end of the text; the reader refuses what follows it.
  const std::string nul = bundle_owned_by("\"Ana\"", std::string(1, '\0') + "{}");
  CHECK_THROWS_WITH_AS(parse_bundle(nul, "b.json"), doctest::Contains("not valid JSON: a NUL byte"),
                       UsageError);
  const std::string where = "b.json:1:" + std::to_string(nul.find('\0') + 1) + ":";
  CHECK_THROWS_WITH_AS(parse_bundle(nul, "b.json"), doctest::Contains(where.c_str()), UsageError);
  // nlohmann's words and position: the line and column of the bad byte.
  CHECK_THROWS_WITH_AS(parse_bundle(kHead + "\n  \"Ana\\udc00\"", "b.json"),
                       doctest::Contains("b.json:2:"), UsageError);
}

TEST_CASE("the bundle reader takes text and numbers exactly as JSON writes them") {
  // Escapes, non-ASCII text and a NUL inside a string come back byte for byte.
  const Bundle b =
      parse_bundle(bundle_owned_by(R"("Ana \"A\" Lima\u0000 \u00e9\ud83d\ude00 ✓\/")"), "b.json");
  CHECK(b.owner == std::string("Ana \"A\" Lima") + std::string(1, '\0') +
                       " \xc3\xa9\xf0\x9f\x98\x80 \xe2\x9c\x93/");
  // A field given twice is refused: which copy was meant is not known.
  CHECK_THROWS_WITH_AS(
      parse_bundle(kHead + R"("Ana", "owner": "Bea", "experiments": [], "tombstones": []})",
                   "b.json"),
      doctest::Contains("owner is a key given twice in its object"), UsageError);
  // A version must be a whole number, whatever way it is written.
  for (const char* version : {"1.0", "-0", "0", "1e0", "18446744073709551616"}) {
    CAPTURE(version);
    const std::string text =
        R"({"format": "leadlab bundle", "version": )" + std::string(version) +
        R"(, "kind": "full", "owner": "", "experiments": [], "tombstones": []})";
    CHECK_THROWS_WITH_AS(parse_bundle(text, "b.json"), doctest::Contains("version"), UsageError);
  }
}

TEST_CASE("entry values written by export come back as the same doubles") {
  leadlab::testing::TempDir dir;
  leadlab::Journal journal = leadlab::Journal::create(dir.file("j.db"), "Ana");
  leadlab::Experiment e;
  e.title = "Share of talk";
  e.metrics = {{.name = "talk", .kind = leadlab::MetricKind::kPercent},
               {.name = "minutes", .kind = leadlab::MetricKind::kMinutes}};
  e.status = leadlab::Status::kBaseline;
  e.baseline_start = leadlab::parse_iso_date("2026-10-01");
  // Minutes are at most 1e6 (docs/limits.md).
  const std::vector<std::pair<double, double>> values = {{0.1, 2.675},
                                                         {33.333333333333336, 1e-7},
                                                         {99.99999999999999, 123456.12345678901},
                                                         {5e-324, 999999.99999999988},
                                                         {0, 0.30000000000000004}};
  {
    auto tx = journal.begin_write();
    journal.insert_experiment(e);
    int day = 1;
    for (const auto& [talk, minutes] : values) {
      leadlab::Entry entry;
      entry.date = *leadlab::parse_iso_date("2026-10-0" + std::to_string(day++));
      entry.values = {{"talk", talk}, {"minutes", minutes}};
      journal.insert_entry(entry, e);
    }
    tx.commit();
  }
  std::ostringstream out;
  leadlab::BundleWriter writer(out);
  leadlab::export_bundle(journal, {}, writer);
  const Bundle b = parse_bundle(out.str(), "b.json");
  REQUIRE(b.experiments.size() == 1);
  REQUIRE(b.experiments[0].entries.size() == values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    CAPTURE(i);
    CHECK(b.experiments[0].entries[i].values.at("talk") == values[i].first);
    CHECK(b.experiments[0].entries[i].values.at("minutes") == values[i].second);
  }
}

TEST_CASE("numbers a bundle writes unusually are read as nlohmann reads them") {
  // A minutes value of 7, exported, then written other ways by hand.
  const std::string text =
      exported_bundle({.name = "minutes", .kind = leadlab::MetricKind::kMinutes}, 7, 1);
  const std::string key = "\"minutes\": ";
  const std::size_t at = text.find(key) + key.size();
  REQUIRE(at != std::string::npos + key.size());
  const std::size_t length = text.find_first_not_of("0123456789.eE+-", at) - at;
  REQUIRE(std::stod(text.substr(at, length)) == 7);
  const auto with = [&](const std::string& number) {
    return std::string(text).replace(at, length, number);
  };
  // Zeros with large exponents (rapidjson's own conversion reached undefined behaviour on
  // "0e40"), numbers below a double's range (the nearest double), other spellings.
  for (const std::string number : {"0e40", "0.0e300", "1e-400", "4e-320", "2.5E+1", "7.0"}) {
    CAPTURE(number);
    const Bundle b = parse_bundle(with(number), "b.json");
    REQUIRE(b.experiments.size() == 1);
    CHECK(b.experiments[0].entries.at(0).values.at("minutes") ==
          nlohmann::json::parse(number).get<double>());
  }
  // Above a double's range, where nlohmann refuses, so does leadlab.
  CHECK_THROWS_WITH_AS(parse_bundle(with("2e308"), "b.json"),
                       doctest::Contains("the number 2e308 is too large"), UsageError);
}

TEST_CASE("a UUID used twice in a bundle is refused, however many come between") {
  constexpr std::size_t kEntries = 3000;
  const std::string text = exported_bundle({.name = "questions"}, 1, kEntries);
  const Bundle b = parse_bundle(text, "b.json");
  REQUIRE(b.experiments.at(0).entries.size() == kEntries);
  const auto& entries = b.experiments[0].entries;
  // The last entry's UUID replaced by another's (or two by the all-zero UUID).
  const auto with_uuid = [&](std::string bundle_text, std::size_t entry, const std::string& uuid) {
    const std::size_t at = bundle_text.find(entries[entry].uuid);
    return bundle_text.replace(at, uuid.size(), uuid);
  };
  const std::string last = "experiments[0].entries[" + std::to_string(kEntries - 1) + "].uuid";
  for (const std::size_t first : {std::size_t{0}, std::size_t{1}, kEntries / 2, kEntries - 2}) {
    CAPTURE(first);
    CHECK_THROWS_WITH_AS(parse_bundle(with_uuid(text, kEntries - 1, entries[first].uuid), "b.json"),
                         doctest::Contains((last + " is a UUID used twice").c_str()), UsageError);
  }
  const std::string zero = "00000000-0000-0000-0000-000000000000";
  const std::string one_zero = with_uuid(text, 0, zero);
  CHECK(parse_bundle(one_zero, "b.json").experiments[0].entries[0].uuid == zero);
  CHECK_THROWS_WITH_AS(parse_bundle(with_uuid(one_zero, kEntries - 1, zero), "b.json"),
                       doctest::Contains((last + " is a UUID used twice").c_str()), UsageError);
}

namespace {

// A comments-only bundle of `experiments` (JSON objects, written out as given).
std::string comments_bundle(const std::vector<std::string>& experiments) {
  std::string list;
  for (const auto& e : experiments) list += (list.empty() ? "" : ",\n") + e;
  return R"({"format": "leadlab bundle", "version": 1, "kind": "comments", "owner": "Ben",)"
         "\n\"experiments\": [\n" +
         list + "],\n\"tombstones\": []}";
}

std::string commented_experiment(int n, const std::string& extra = "") {
  char uuid[40];
  std::snprintf(uuid, sizeof uuid, "00000000-0000-4000-8000-%012d", n);
  return std::string(R"({"uuid": ")") + uuid + R"(", "title": "E)" + std::to_string(n) +
         R"(", "comments": [])" + extra + "}";
}

}  // namespace

TEST_CASE("an import reports the bundle's first problem, whether reading or merging finds it") {
  // The bundle is read on a second thread, which may be records ahead of the merge: what is
  // reported must still be what a reading from start to end meets first.
  leadlab::testing::TempDir dir;
  leadlab::Journal journal = leadlab::Journal::create(dir.file("j.db"), "Ana");
  const auto import_text = [&](const std::string& text) {
    const std::string path = dir.file("b.json");
    std::FILE* f = std::fopen(path.c_str(), "wb");
    REQUIRE(f != nullptr);
    std::fwrite(text.data(), 1, text.size(), f);
    std::fclose(f);
    return leadlab::import_bundle(&journal, path, false, leadlab::kLastDay);
  };
  const std::string unreadable = commented_experiment(99, R"(, "colour": "red")");
  const auto refused_first = doctest::Contains(
      "E1\" (00000000-0000-4000-8000-000000000001), an experiment this journal does not have");
  // The merge refuses the experiment after one the journal has (E50), which the reader has
  // most likely passed by the time the merge gets to it.
  leadlab::Experiment known;
  known.uuid = "00000000-0000-4000-8000-000000000050";
  known.title = "E50";
  {
    auto tx = journal.begin_write();
    journal.insert_experiment(known);
    tx.commit();
  }
  CHECK_THROWS_WITH_AS(
      import_text(comments_bundle({commented_experiment(50), commented_experiment(1), unreadable})),
      refused_first, UsageError);
  // The reader's refusal comes first when its record does.
  CHECK_THROWS_WITH_AS(import_text(comments_bundle({unreadable, commented_experiment(1)})),
                       doctest::Contains("experiments[0].colour is not a field leadlab knows here"),
                       UsageError);
  // More records than the two threads hand over at once follow the refused one: the reader
  // stops when the merge does, rather than wait to hand over the rest.
  std::vector<std::string> experiments;
  for (int i = 1; i <= 20; ++i) experiments.push_back(commented_experiment(i));
  CHECK_THROWS_WITH_AS(import_text(comments_bundle(experiments)), refused_first, UsageError);
  CHECK(journal.list_experiments().size() == 1);  // E50, from before
}
