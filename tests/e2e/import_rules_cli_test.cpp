// End-to-end: hostile bundles that each would have left a journal breaking a rule `log`,
// `new` and `check` apply (issue 23, finding 6). Each is refused with exit code 2, by
// `import` and by `import --dry-run`, and the journal's file stays byte for byte as it was.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>

#include "e2e/cli_runner.hpp"

using leadlab::testing::kToday;
using leadlab::testing::make_demo;
using leadlab::testing::read_file;
using leadlab::testing::RunResult;
using leadlab::testing::Sandbox;
using json = nlohmann::ordered_json;  // keeps the header before the records

namespace {

struct Hostile {
  const char* name;
  std::function<void(json&)> edit;  // turns the demo's bundle into the hostile one
  const char* says;                 // a part of the refusal
};

constexpr const char* kNewUuid = "00000000-0000-4000-8000-0000000000a1";
constexpr const char* kLater = "2099-01-01T00:00:00.000Z";  // newer than every demo record

json& experiment(json& b) { return b["experiments"][0]; }

json& metric(json& b, const std::string& name) {
  for (auto& m : experiment(b)["metrics"])
    if (m["name"] == name) return m;
  throw std::runtime_error("no metric " + name);
}

// A new entry of the demo's experiment with `value` for questions.
json new_entry(json& b, const json& value) {
  json e = experiment(b)["entries"][0];
  e["uuid"] = kNewUuid;
  e["values"] = {{"questions", value}};
  return e;
}

std::vector<Hostile> hostile_bundles() {
  return {
      {"a comment reusing an entry's UUID",
       [](json& b) {
         const json c = {{"uuid", experiment(b)["entries"][0]["uuid"]},
                         {"author", "Coach"},
                         {"text", "hi"},
                         {"created", kLater},
                         {"updated", kLater}};
         experiment(b)["entries"] = json::array();  // the entry is in the journal only
         experiment(b)["comments"].push_back(c);
       },
       "is held by a comment and an entry"},
      {"a newer metric whose scale excludes the stored values",
       [](json& b) {
         json& m = metric(b, "questions");
         m["kind"] = "scale";
         m["min"] = 100;
         m["max"] = 200;
         m["updated"] = kLater;
         experiment(b)["entries"] = json::array();
       },
       "for \"questions\" is not"},
      {"a count turned derived while its stored values remain",
       [](json& b) {
         json& m = metric(b, "questions");
         m["kind"] = "derived";
         m["formula"] = "statements * 2";
         m["updated"] = kLater;
         experiment(b)["entries"] = json::array();
         for (auto& d : experiment(b)["metrics"])  // share used questions
           if (d["name"] == "share") {
             d["formula"] = "statements / 2";
             d["updated"] = kLater;
           }
       },
       "stores no values"},
      {"a count of 1e300", [](json& b) { experiment(b)["entries"].push_back(new_entry(b, 1e300)); },
       "values.questions is not"},
      {"a count of 2^64",
       [](json& b) {
         experiment(b)["entries"].push_back(new_entry(b, json(18446744073709551615ULL)));
       },
       "values.questions is not"},
      {"status testing without a test start",
       [](json& b) {
         experiment(b)["test_start"] = nullptr;
         experiment(b)["updated"] = kLater;
       },
       "status testing without a test start"},
      {"a tag with a space", [](json& b) { experiment(b)["tags"].push_back("two words"); },
       "tags[2] is not a tag"},
      {"a tag with an escape", [](json& b) { experiment(b)["tags"].push_back("red\x1b[31m"); },
       "tags[2] is not a tag"},
      {"an unparsable success rule",
       [](json& b) { experiment(b)["success_rule"] = "questions >>> ("; }, "does not parse"},
      {"an entry dated in the future",
       [](json& b) {
         json e = new_entry(b, 3);
         e["date"] = "2199-12-31";
         experiment(b)["entries"].push_back(e);
       },
       "is in the future"},
  };
}

void write(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

// Imports `text` into the sandbox's journal, for real and as a dry run: both refused with
// exit code 2 saying `says`, the journal untouched.
void refused(const Sandbox& s, const std::string& text, const std::string& says) {
  const std::string path = s.dir().file("hostile.json");
  write(path, text);
  const std::string before = read_file(s.journal());
  for (const bool dry_run : {false, true}) {
    CAPTURE(dry_run);
    std::vector<std::string> args = {"import", path};
    if (dry_run) args.emplace_back("--dry-run");
    const RunResult r = s.run(args, kToday);
    CHECK_MESSAGE(r.exit_code == 2, r.out << r.err);
    CHECK_MESSAGE(r.err.find(says) != std::string::npos, r.err);
    CHECK(read_file(s.journal()) == before);
  }
  CHECK(s.run({"check"}, kToday).exit_code == 0);
}

}  // namespace

TEST_CASE("import refuses a bundle that would leave a record breaking a rule, untouched") {
  Sandbox s;
  make_demo(s);
  const RunResult exported = s.run({"export", "--format", "json"}, kToday);
  REQUIRE(exported.exit_code == 0);
  for (const Hostile& h : hostile_bundles()) {
    CAPTURE(std::string(h.name));
    json bundle = json::parse(exported.out);
    h.edit(bundle);
    refused(s, bundle.dump(2), h.says);
  }
}

TEST_CASE("import refuses a key given twice in an object, with its path") {
  Sandbox s;
  make_demo(s);
  const RunResult exported = s.run({"export", "--format", "json"}, kToday);
  REQUIRE(exported.exit_code == 0);
  std::string text = exported.out;
  // The first entry's note, given twice: the second would have won.
  const std::size_t note = text.find("\"note\": ");
  REQUIRE(note != std::string::npos);
  text.insert(note, "\"note\": \"the other\",\n        ");
  refused(s, text, "experiments[0].entries[0].note is a key given twice in its object");
  // At the top level too.
  std::string top = exported.out;
  top.insert(top.find("\"owner\""), "\"owner\": \"Bea\",\n  ");
  refused(s, top, "owner is a key given twice");
}

TEST_CASE("a tombstone for an entry that is here is left out and said, never applied") {
  Sandbox s;
  make_demo(s);
  const RunResult exported = s.run({"export", "--format", "json"}, kToday);
  REQUIRE(exported.exit_code == 0);
  json bundle = json::parse(exported.out);
  const std::string uuid = experiment(bundle)["entries"][0]["uuid"];
  experiment(bundle)["entries"] = json::array();
  bundle["tombstones"].push_back({{"uuid", uuid}, {"kind", "entry"}, {"deleted", kLater}});
  const std::string path = s.dir().file("tomb.json");
  write(path, bundle.dump(2));
  const RunResult r = s.run({"import", path}, kToday);
  CHECK_MESSAGE(r.exit_code == 0, r.out << r.err);
  CHECK(r.out.find("1 tombstone names a record that is here and was left out") !=
        std::string::npos);
  CHECK(s.run({"check"}, kToday).exit_code == 0);
  CHECK(json::parse(s.run({"show", "1", "--json"}, kToday).out)["entries"].size() == 11);
}

TEST_CASE("each finding-6 bundle of the fuzz corpus is refused by the journal its demo makes") {
  // scripts/make-finding6-corpus writes them from the corpus's demo.json.
  const std::filesystem::path corpus = LEADLAB_SOURCE_DIR "/tests/fuzz/corpus/fuzz_bundle";
  Sandbox s;
  const std::map<std::string, std::string> today = {{"LEADLAB_TODAY", "2026-11-22"}};
  REQUIRE(s.run({"import", (corpus / "demo.json").string()}, today).exit_code == 0);
  int tried = 0;
  for (const auto& file : std::filesystem::directory_iterator(corpus)) {
    if (file.path().filename().string().rfind("finding6-", 0) != 0) continue;
    CAPTURE(file.path().filename().string());
    ++tried;
    const std::string before = read_file(s.journal());
    for (const char* dry_run : {"", "--dry-run"}) {
      std::vector<std::string> args = {"import", file.path().string()};
      if (*dry_run) args.emplace_back(dry_run);
      const RunResult r = s.run(args, today);
      CHECK_MESSAGE(r.exit_code == 2, r.out << r.err);
      CHECK(read_file(s.journal()) == before);
    }
  }
  CHECK(tried == 11);
  CHECK(s.run({"check"}, today).exit_code == 0);
}
