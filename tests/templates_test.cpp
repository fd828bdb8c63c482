#include "leadlab/input/templates.hpp"

#include <doctest/doctest.h>

#include "leadlab/input/config.hpp"
#include "leadlab/model/error.hpp"
#include "test_support.hpp"

using leadlab::load_templates;
using leadlab::parse_template;
using leadlab::TemplateLibrary;
using leadlab::testing::TempDir;

namespace {

constexpr const char* kMinimal = R"toml(name = "mine"
title = "Speak last"
area = "decisions"
summary = "Speak last on decisions."
hypothesis = "If I speak last, more dissent is voiced."
change = "Hold my view until everyone has spoken."
success = "mean(spoke_last) >= 0.8"

[[metrics]]
name = "spoke_last"
label = "I spoke last"
kind = "yesno"
instructions = "Yes when nobody spoke after me on the decision."

[[metrics]]
name = "dissent"
label = "Dissenting views"
kind = "count"
instructions = "One mark per view that disagreed."

[[derived]]
name = "dissent_rate"
label = "Dissent per decision"
formula = "dissent / (spoke_last + 1)"
)toml";

std::vector<std::string> problems(const std::string& text, const std::string& path = "mine.toml") {
  std::vector<std::string> out;
  for (const auto& p : parse_template(text, path).problems) out.push_back(p.to_string());
  return out;
}

void write(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

std::string source_templates() { return std::string(LEADLAB_SOURCE_DIR) + "/templates"; }

}  // namespace

TEST_CASE("a complete template reads into an experiment's starting point") {
  const auto parsed = parse_template(kMinimal, "/tmp/mine.toml");
  REQUIRE(parsed.problems.empty());
  const auto& t = *parsed.result;
  CHECK(t.name == "mine");
  CHECK(t.metrics.size() == 3);
  CHECK(t.metrics[0].kind == leadlab::MetricKind::kYesNo);
  CHECK(t.metrics[2].formula == "dissent / (spoke_last + 1)");
  const auto spec = leadlab::spec_from_template(t);
  const auto e = leadlab::build_experiment(spec);
  CHECK(e.template_name == "mine");
  CHECK(e.success_rule == "mean(spoke_last) >= 0.8");
  CHECK(e.metrics.size() == 3);
}

TEST_CASE("template problems are all reported with file, line and column") {
  std::string text = kMinimal;
  text.replace(text.find("kind = \"count\""), 14, "kind = \"cnt\"");
  text += "colour = \"red\"\n";  // lands in the last table: [[derived]]
  const auto found = problems(text);
  REQUIRE(found.size() == 2);
  CHECK(found[0] ==
        "mine.toml:18:8: unknown kind \"cnt\": use count, scale, minutes, yesno or "
        "percent (formulas go in [[derived]])");
  CHECK_MESSAGE(found[1].find("mine.toml:25:1: unknown key \"colour\" in [[derived]]") == 0,
                found[1]);
}

TEST_CASE("missing fields, a bad formula and a bad success rule are reported") {
  const std::string text = R"toml(name = "mine"
title = "t"
area = "a"
summary = "s"
change = "c"
success = "nap(shar) >= 0.66"
[[metrics]]
name = "q"
label = "l"
kind = "count"
instructions = "i"
[[derived]]
name = "share"
label = "l"
formula = "q / (q +"
)toml";
  const auto found = problems(text);
  REQUIRE(found.size() == 3);
  CHECK(found[0] == "mine.toml:1:1: missing \"hypothesis\" (a string)");
  CHECK(found[1].find("mine.toml:6:16: success rule: unknown metric \"shar\"") == 0);
  CHECK(found[1].find("did you mean \"share\"") != std::string::npos);
  CHECK(found[2].find("mine.toml:15:20: formula:") == 0);
}

TEST_CASE("a template's name must match its file name") {
  const auto found = problems(kMinimal, "/x/other.toml");
  REQUIRE(found.size() == 1);
  CHECK(found[0].find("must match the file name \"other.toml\"") != std::string::npos);
}

TEST_CASE("malformed TOML of any kind is a positioned problem, never a crash") {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"[&", "mine.toml:1:2:"},
      {" \xc3\x9e ", "mine.toml:1:2: a non-ASCII character outside a string"},
      {"title = \"x\xff\"", "mine.toml:1:11: invalid UTF-8"},
      {"a = " + std::string(40, '[') + std::string(40, ']'), "nested too deeply"},
      {"name = \"mine\"\ntitle = \"unterminated", "mine.toml:2:"},
      {std::string("a = 1\0b = 2", 11), "mine.toml:1:"},
      {"[a]\n[a]\n", "mine.toml:2:1:"},
  };
  for (const auto& c : cases) {
    const std::string& text = c.first;  // not a structured binding: clang 14 cannot capture one
    const std::string& expected = c.second;
    const auto found = problems(text);
    REQUIRE_MESSAGE(found.size() == 1, text);
    CHECK_MESSAGE(found[0].find(expected) != std::string::npos, found[0]);
  }
  CHECK(problems(std::string(1024 * 1024 + 1, '#'))[0].find("bytes") != std::string::npos);
}

TEST_CASE("every bundled template is complete and sound") {
  const auto library = load_templates({{source_templates(), "source"}});
  CHECK(library.problems().empty());
  REQUIRE(library.templates().size() >= 10);
  std::vector<std::string> files;
  for (const auto& t : library.templates()) {
    files.push_back(t.path);
    CHECK_MESSAGE(!t.prediction.empty(), t.name);
    CHECK_MESSAGE(!t.why.empty(), t.name);
    CHECK_MESSAGE(!t.success.empty(), t.name);
    CHECK_MESSAGE(t.review_prompts.size() >= 3, t.name);
    CHECK_MESSAGE(!t.follow_ups.empty(), t.name);
    CHECK_MESSAGE(!t.sources.empty(), t.name);
    for (const auto& m : t.metrics) {
      const std::string where = t.name + "." + m.name;
      CHECK_MESSAGE(!m.label.empty(), where);
    }
    CHECK_NOTHROW(leadlab::build_experiment(leadlab::spec_from_template(t)));
  }
  CHECK(leadlab::check_template_files(files, library).empty());
  for (const char* name :
       {"question-ratio", "wait-time", "speak-last", "talk-share", "no-interruption",
        "and-what-else", "delegate-one", "one-on-one-reliability", "thank-the-messenger",
        "specific-recognition"}) {
    CHECK_MESSAGE(library.find(name) != nullptr, name);
  }
}

TEST_CASE("a user template overrides a bundled one of the same name, and is marked") {
  TempDir dir;
  std::string text = kMinimal;
  text.replace(text.find("\"mine\""), 6, "\"question-ratio\"");
  write(dir.file("question-ratio.toml"), text);
  const auto library =
      load_templates({{dir.path().string(), "user"}, {source_templates(), "source"}});
  const auto* t = library.find("question-ratio");
  REQUIRE(t != nullptr);
  CHECK(t->origin == "user");
  CHECK(t->overrides_bundled);
  CHECK(t->title == "Speak last");
  CHECK(library.find("wait-time")->origin == "source");
}

TEST_CASE("a broken template in a folder is skipped and reported, not fatal") {
  TempDir dir;
  write(dir.file("broken.toml"), "name = \n");
  const auto library = load_templates({{dir.path().string(), "user"}});
  CHECK(library.templates().empty());
  REQUIRE(library.problems().size() == 1);
  CHECK(library.problems()[0].to_string().find("broken.toml:1:") != std::string::npos);
}

TEST_CASE("check finds follow-ups that name no template") {
  TempDir dir;
  std::string text = kMinimal;
  text.insert(text.find("success"), "follow_ups = [\"speak-last\", \"nope\"]\n");
  write(dir.file("mine.toml"), text);
  const auto library = load_templates({{source_templates(), "source"}});
  const auto found = leadlab::check_template_files({dir.file("mine.toml")}, library);
  REQUIRE(found.size() == 1);
  CHECK(found[0].to_string().find("mine.toml:7:29: follow-up \"nope\" is not a template") !=
        std::string::npos);
}

TEST_CASE("flags override a template's fields and --metric replaces its metrics") {
  const auto t = *parse_template(kMinimal, "mine.toml").result;
  leadlab::ExperimentSpec flags;
  flags.title = "Mine";
  flags.test_points = 9;
  auto spec = leadlab::apply_overrides(leadlab::spec_from_template(t), flags);
  CHECK(spec.title == "Mine");
  CHECK(spec.hypothesis == t.hypothesis);
  CHECK(*spec.test_points == 9);
  CHECK(spec.defined_metrics.size() == 3);
  flags.metrics = {"ideas:count"};
  spec = leadlab::apply_overrides(leadlab::spec_from_template(t), flags);
  const auto e = leadlab::build_experiment(spec);
  REQUIRE(e.metrics.size() == 1);
  CHECK(e.metrics[0].name == "ideas");
  CHECK(e.success_rule.empty());  // the template's rule named metrics that are gone
}

TEST_CASE("the configuration reads every key and refuses unknown ones with a position") {
  TempDir dir;
  const std::string path = dir.file("config.toml");
  write(path,
        "owner = \"Ana\"\njournal = \"~/j.db\"\nweek_start = \"sunday\"\ncolor = \"never\"\n"
        "default_occasion = \"one-on-one\"\ndefault_template = \"speak-last\"\n");
  const auto config = leadlab::load_config(path, true, "/home/ana");
  CHECK(config.owner == "Ana");
  CHECK(config.journal == "/home/ana/j.db");
  CHECK(config.week_start == std::chrono::Sunday);
  CHECK(config.color == "never");
  CHECK(config.default_occasion == "1:1");
  CHECK(config.default_template == "speak-last");

  write(path, "owner = \"Ana\"\nweek_start = 1\n");
  CHECK_THROWS_WITH_AS(leadlab::load_config(path, false, "/h"),
                       doctest::Contains("config.toml:2:14: \"week_start\" must be a string"),
                       leadlab::UsageError);
  write(path, "ownr = \"Ana\"\n");
  CHECK_THROWS_WITH_AS(
      leadlab::load_config(path, false, "/h"),
      doctest::Contains("config.toml:1:1: unknown key \"ownr\"; did you mean \"owner\"?"),
      leadlab::UsageError);
  CHECK(leadlab::load_config(dir.file("none.toml"), false, "/h").path.empty());
  CHECK_THROWS_AS(leadlab::load_config(dir.file("none.toml"), true, "/h"), leadlab::UsageError);
}
