// End-to-end: templates, configuration and the guided `new`, through the real binary.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "e2e/cli_runner.hpp"

using leadlab::testing::Exchange;
using leadlab::testing::RunResult;
using leadlab::testing::Sandbox;
using nlohmann::json;

namespace {

void write(const std::string& path, const std::string& text) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream(path) << text;
}

std::string config_dir(const Sandbox& s) { return s.dir().file("home/.config/leadlab"); }

constexpr const char* kUserTemplate = R"toml(name = "walk-and-talk"
title = "Walk and talk"
area = "one-on-ones"
summary = "Hold 1:1s while walking."
hypothesis = "If we walk, people say more."
change = "Hold every 1:1 on a walk."
success = "median(their_topics) >= 3"

[[metrics]]
name = "their_topics"
label = "Topics they raised"
kind = "count"
instructions = "One mark per topic they brought up."
)toml";

}  // namespace

TEST_CASE("templates list shows the ten bundled templates, also as JSON") {
  Sandbox s;
  const RunResult r = s.run({"templates"});
  CHECK(r.exit_code == 0);
  for (const char* name :
       {"question-ratio", "wait-time", "speak-last", "talk-share", "no-interruption",
        "and-what-else", "delegate-one", "one-on-one-reliability", "thank-the-messenger",
        "specific-recognition"}) {
    CHECK_MESSAGE(r.out.find(name) != std::string::npos, name);
  }
  const json listed = json::parse(s.run({"templates", "list", "--json"}).out);
  CHECK(listed.size() >= 10);
  CHECK(listed[0].contains("summary"));
}

TEST_CASE("templates show prints the whole template, with counting instructions and sources") {
  Sandbox s;
  const RunResult r = s.run({"templates", "show", "question-ratio"});
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("How to count") != std::string::npos);
  CHECK(r.out.find("Sources") != std::string::npos);
  CHECK(r.out.find("Brown") != std::string::npos);  // the Losada critique is cited
  const RunResult typo = s.run({"templates", "show", "question-ratoi"});
  CHECK(typo.exit_code == 2);
  CHECK(typo.err.find("did you mean \"question-ratio\"") != std::string::npos);
}

TEST_CASE("new --template question-ratio is ready for baseline and log, with share derived") {
  Sandbox s;
  const RunResult created = s.run({"new", "--template", "question-ratio"});
  CHECK_MESSAGE(created.exit_code == 0, created.err);
  const json e = json::parse(s.run({"show", "1", "--json"}).out);
  std::vector<std::string> names;
  for (const auto& m : e["metrics"]) names.push_back(m["name"]);
  CHECK(std::find(names.begin(), names.end(), "questions") != names.end());
  CHECK(std::find(names.begin(), names.end(), "statements") != names.end());
  CHECK(std::find(names.begin(), names.end(), "share") != names.end());
  CHECK(e["template"] == "question-ratio");
  CHECK(e["success_rule"] == "nap(share) >= 0.66");
  CHECK(s.run({"baseline", "1"}).exit_code == 0);
  CHECK(s.run({"log", "questions=3", "statements=9"}).exit_code == 0);
  const json after = json::parse(s.run({"show", "1", "--json"}).out);
  CHECK(after["entries"][0]["values"]["share"].get<double>() == doctest::Approx(0.25));
}

TEST_CASE("flags override a template's fields") {
  Sandbox s;
  REQUIRE(s.run({"new", "--template", "question-ratio", "--title", "Questions in 1:1s",
                 "--occasion", "1:1", "--test-points", "8"})
              .exit_code == 0);
  const json e = json::parse(s.run({"show", "1", "--json"}).out);
  CHECK(e["title"] == "Questions in 1:1s");
  CHECK(e["occasion"] == "1:1");
  CHECK(e["planned"]["test"] == 8);
  CHECK(e["planned"]["baseline"] == 5);
}

TEST_CASE("a user template in the config folder is listed, marked and usable") {
  Sandbox s;
  write(config_dir(s) + "/templates/walk-and-talk.toml", kUserTemplate);
  const RunResult listed = s.run({"templates", "list"});
  CHECK(listed.out.find("walk-and-talk") != std::string::npos);
  CHECK(listed.out.find("(yours)") != std::string::npos);
  REQUIRE(s.run({"new", "--template", "walk-and-talk"}).exit_code == 0);
  CHECK(json::parse(s.run({"show", "1", "--json"}).out)["title"] == "Walk and talk");
}

TEST_CASE("a user template with a bundled name overrides it and list says so") {
  Sandbox s;
  std::string text = kUserTemplate;
  text.replace(text.find("walk-and-talk"), 13, "talk-share");
  write(config_dir(s) + "/templates/talk-share.toml", text);
  const RunResult listed = s.run({"templates", "list"});
  CHECK(listed.out.find("overrides bundled") != std::string::npos);
  REQUIRE(s.run({"new", "--template", "talk-share"}).exit_code == 0);
  CHECK(json::parse(s.run({"show", "1", "--json"}).out)["title"] == "Walk and talk");
}

TEST_CASE("templates check prints file:line:column problems and exits 2") {
  Sandbox s;
  const std::string path = s.dir().file("broken.toml");
  std::string text = kUserTemplate;
  text.replace(text.find("kind = \"count\""), 14, "kind = \"tally\"");
  text.replace(text.find("name = \"walk-and-talk\""), 22, "name = \"walk-and-talk\"\nmood = 3");
  write(path, text);
  const RunResult r = s.run({"templates", "check", path});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find(path + ":2:1: unknown key \"mood\"") != std::string::npos);
  CHECK(r.err.find(path + ":13:8: unknown kind \"tally\"") != std::string::npos);
  write(path, std::string("name = \"broken\"\ntitle = \"\xff\"\n"));
  const RunResult utf8 = s.run({"templates", "check", path});
  CHECK(utf8.exit_code == 2);
  CHECK(utf8.err.find(path + ":2:10: invalid UTF-8") != std::string::npos);
  CHECK(s.run({"templates", "check",
               std::string(LEADLAB_SOURCE_DIR) + "/templates/question-ratio.toml"})
            .exit_code == 0);
}

TEST_CASE("a broken configuration stops every command with file:line:column and exit 2") {
  Sandbox s;
  write(config_dir(s) + "/config.toml", "owner = \"Ana\"\nweek_start = \"funday\"\n");
  for (const auto& args :
       std::vector<std::vector<std::string>>{{"list"}, {"templates"}, {"init"}}) {
    const RunResult r = s.run(args);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("config.toml:2:14: week_start \"funday\"") != std::string::npos);
  }
  CHECK_FALSE(std::filesystem::exists(s.journal()));
  write(config_dir(s) + "/config.toml", "[[[");
  CHECK(s.run({"list"}).exit_code == 2);
  const RunResult named = s.run({"--config", s.dir().file("missing.toml"), "list"});
  CHECK(named.exit_code == 2);
  CHECK(named.err.find("no configuration file") != std::string::npos);
}

TEST_CASE("the configuration supplies the owner, the occasion and the journal") {
  Sandbox s;
  const std::string journal = s.dir().file("from-config.db");
  write(config_dir(s) + "/config.toml",
        "owner = \"Ana\"\ndefault_occasion = \"week\"\njournal = \"" + journal + "\"\n");
  // LEADLAB_JOURNAL would win over the configuration, so leave it empty here.
  const std::map<std::string, std::string> env{{"LEADLAB_JOURNAL", ""}};
  CHECK(s.run({"init"}, env).out.find("for Ana") != std::string::npos);
  CHECK(std::filesystem::exists(journal));
  REQUIRE(
      s.run({"new", "--title", "t", "--hypothesis", "h", "--change", "c", "--metric", "x:count"},
            env)
          .exit_code == 0);
  CHECK(json::parse(s.run({"show", "1", "--json"}, env).out)["occasion"] == "week");
}

TEST_CASE("new at a terminal with no flags walks through the fields and creates the experiment") {
  Sandbox s;
  const RunResult r =
      s.run_in_terminal({"new"}, {{"Title", "Speak last"},
                                  {"Hypothesis", "If I speak last, more views are voiced"},
                                  {"Change", "Hold my view until everyone has spoken"},
                                  {"Prediction", "More dissent than in my baseline"},
                                  {"Why", ""},
                                  {"Occasion", "meeting"},
                                  {"Metric", "dissent:kount"},  // a typo: asked again
                                  {"Metric", "dissent:count:up"},
                                  {"Another metric", "spoke_last:yesno"},
                                  {"Another metric", ""},
                                  {"Derived metric", ""},
                                  {"Baseline points", "4"},
                                  {"Test points", ""},
                                  {"Success rule", "nap(dissent) >= 0.66"}});
  CHECK_MESSAGE(r.exit_code == 0, r.out << r.err);
  CHECK(r.out.find("unknown metric kind \"kount\"") != std::string::npos);
  CHECK(r.out.find("Created experiment 1: Speak last") != std::string::npos);
  const json e = json::parse(s.run({"show", "1", "--json"}).out);
  CHECK(e["hypothesis"] == "If I speak last, more views are voiced");
  CHECK(e["metrics"].size() == 2);
  CHECK(e["planned"]["baseline"] == 4);
  CHECK(e["planned"]["test"] == 5);
  CHECK(e["success_rule"] == "nap(dissent) >= 0.66");
}

TEST_CASE("new --template at a terminal offers the template's text as defaults") {
  Sandbox s;
  const RunResult r =
      s.run_in_terminal({"new", "--template", "wait-time"}, {{"Title [", ""},
                                                             {"Hypothesis", ""},
                                                             {"Change", ""},
                                                             {"Prediction", ""},
                                                             {"Why", ""},
                                                             {"Occasion", ""},
                                                             {"Keep these metrics?", ""},
                                                             {"Baseline points", ""},
                                                             {"Test points", ""},
                                                             {"Success rule", ""}});
  CHECK_MESSAGE(r.exit_code == 0, r.out << r.err);
  const json e = json::parse(s.run({"show", "1", "--json"}).out);
  const json t = json::parse(s.run({"templates", "show", "wait-time", "--json"}).out);
  CHECK(e["title"] == t["title"]);
  CHECK(e["change"] == t["change"]);
  CHECK(e["success_rule"] == t["success"]);
  CHECK(e["metrics"].size() == t["metrics"].size());
}

TEST_CASE("input ending half-way through the questions creates nothing") {
  Sandbox s;
  const RunResult r = s.run_in_terminal({"new"}, {{"Title", "\x04"}});
  CHECK(r.exit_code == 2);
  CHECK_FALSE(std::filesystem::exists(s.journal()));
}
