// End-to-end: every command's --json output against docs/json.md, the document that makes
// those shapes a contract. Each key a command prints must be documented in that command's
// sections of the document, and every command the document describes must be run here, so
// neither the output nor the document can drift from the other unnoticed.
#include <doctest/doctest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "e2e/cli_runner.hpp"

using leadlab::testing::read_file;
using leadlab::testing::RunResult;
using leadlab::testing::Sandbox;
using nlohmann::json;

namespace {

using leadlab::testing::kToday;

struct Section {
  std::string heading;
  std::string text;
};

// docs/json.md cut at its "## " and "### " headings.
std::vector<Section> sections() {
  std::vector<Section> out;
  std::istringstream in(read_file(LEADLAB_SOURCE_DIR "/docs/json.md"));
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("## ", 0) == 0 || line.rfind("### ", 0) == 0) {
      out.push_back({line, ""});
    } else if (!out.empty()) {
      out.back().text += line + "\n";
    }
  }
  return out;
}

// The text of every section whose heading contains one of `headings`.
std::string documentation(const std::vector<std::string>& headings) {
  std::string text;
  for (const auto& s : sections())
    for (const auto& h : headings)
      if (s.heading.find(h) != std::string::npos) {
        text += s.heading + "\n" + s.text;
        break;
      }
  return text;
}

void collect_keys(const json& j, std::set<std::string>& keys) {
  if (j.is_object()) {
    for (const auto& [key, value] : j.items()) {
      keys.insert(key);
      collect_keys(value, keys);
    }
  } else if (j.is_array()) {
    for (const auto& value : j) collect_keys(value, keys);
  }
}

struct Command {
  std::vector<std::string> args;      // without --json
  std::vector<std::string> headings;  // the sections of docs/json.md that document it
};

RunResult ok(const RunResult& r) {
  REQUIRE_MESSAGE(r.exit_code == 0, r.out << r.err);
  return r;
}

}  // namespace

TEST_CASE("every command's --json output has only keys docs/json.md documents for it") {
  Sandbox s;
  leadlab::testing::make_demo(s);
  // Something of every kind: a comment, a review, a second cycle with entries, a draft.
  ok(s.run({"comment", "1", "Keep going", "--author", "Ben"}, kToday));
  ok(s.run({"new", "--follows", "1", "--title", "In 1:1s", "--occasion", "1:1"}, kToday));
  ok(s.run({"baseline", "2", "--date", "2026-11-02"}, kToday));
  ok(s.run({"log", "2", "questions=2", "statements=5", "--date", "2026-11-03"}, kToday));
  ok(s.run({"export", "--format", "json", "--output", s.dir().file("bundle.json")}, kToday));
  const std::string bundle = s.dir().file("bundle.json");
  const std::string journal = s.journal();

  const std::vector<Command> commands = {
      {{"list"}, {"`list --json`", "`show ID --json`", "Lineage and reviews"}},
      {{"show", "2"}, {"`show ID --json`", "An entry", "A comment", "A review"}},
      {{"entries", "1"}, {"An entry"}},
      {{"status"}, {"`status --json`"}},
      {{"summary", "--since", "2026-09-01"}, {"`summary --json`"}},
      {{"next"}, {"`next --json`"}},
      {{"check"}, {"`check --json`"}},
      {{"templates", "list"}, {"`templates list --json`", "`show ID --json`"}},
      {{"templates", "show", "question-ratio"}, {"`templates list --json`", "`show ID --json`"}},
      {{"overview", journal}, {"`overview JOURNAL... --json`", "`status --json`"}},
      {{"import", bundle, "--dry-run"}, {"`import FILE --json`"}},
      {{"backup", s.dir().file("copy.db")}, {"`backup FILE --json`"}},
      {{"comment", "1", "More silence"}, {"A comment"}},
      {{"log", "2", "questions=3", "statements=4", "--date", "2026-11-04"}, {"An entry"}},
      {{"entry", "edit", "13", "--note", "edited"}, {"An entry"}},
      {{"new", "--title", "t", "--hypothesis", "h", "--change", "c", "--metric", "q:count"},
       {"`new --json`", "`list --json`", "`show ID --json`", "Lineage and reviews"}},
      {{"review", "1", "--prediction-met", "yes", "--observed", "o", "--difference", "d",
        "--surprised", "s", "--as-planned", "a", "--learned", "l", "--decision", "adopt",
        "--next-step", "n"},
       {"A review"}},
      // After the review: experiment 1 closed, with its review, in show and summary.
      {{"show", "1"},
       {"`show ID --json`", "The analysis in", "An entry", "A comment", "A review",
        "Lineage and reviews"}},
      {{"summary", "--since", "2026-09-01"}, {"`summary --json`"}},
  };
  std::set<std::string> run;
  for (const auto& c : commands) {
    std::vector<std::string> args = c.args;
    args.push_back("--json");
    std::string what;
    for (const auto& a : c.args) what += a + " ";
    CAPTURE(what);
    const RunResult r = ok(s.run(args, kToday));
    json j;
    REQUIRE_NOTHROW(j = json::parse(r.out));
    std::set<std::string> keys;
    collect_keys(j, keys);
    CHECK(keys.size() > 1);
    const std::string doc = documentation(c.headings);
    REQUIRE_MESSAGE(!doc.empty(), "no section of docs/json.md for " << what);
    for (const auto& key : keys) {
      const bool documented = doc.find("\"" + key + "\"") != std::string::npos ||
                              doc.find("`" + key + "`") != std::string::npos;
      CHECK_MESSAGE(documented, "`" << key << "` in " << what << "--json is not in docs/json.md");
    }
    run.insert(c.args[0] == "templates" || c.args[0] == "entry" ? c.args[0] + " " + c.args[1]
                                                                : c.args[0]);
  }
  // Every command a heading of the document names (in backquotes) was run above.
  for (const auto& section : sections()) {
    const auto open = section.heading.find('`');
    if (open == std::string::npos) continue;
    const std::string quoted =
        section.heading.substr(open + 1, section.heading.find('`', open + 1) - open - 1);
    const std::string command = quoted.substr(0, quoted.find(' '));
    const std::string two = quoted.substr(0, quoted.find(' ', command.size() + 1));
    CHECK_MESSAGE((run.count(command) != 0 || run.count(two) != 0),
                  "docs/json.md documents `" << quoted << "`, which this test does not run");
  }
}

TEST_CASE("a key missing from docs/json.md is caught") {
  // The check above is only worth something if an undocumented key fails it: "bogus_key"
  // is in no section, and a real key is in its own.
  const std::string doc = documentation({"`check --json`"});
  CHECK(doc.find("\"sound\"") != std::string::npos);
  CHECK(doc.find("bogus_key") == std::string::npos);
  CHECK(documentation({"no such heading"}).empty());
}
