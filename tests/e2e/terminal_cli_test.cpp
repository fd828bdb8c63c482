// End-to-end: what makes leadlab at home in a terminal — help with an example for every
// command, "did you mean" for unknown commands and options, shell completion in bash, zsh
// and fish, and the manual page.
#include <doctest/doctest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "e2e/cli_runner.hpp"

using leadlab::testing::RunResult;
using leadlab::testing::Sandbox;

namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// The subcommands a --help lists, in order.
std::vector<std::string> subcommands_in_help(const std::string& help) {
  std::vector<std::string> names;
  bool in_list = false;
  for (const auto& line : lines_of(help)) {
    if (line == "Subcommands:") {
      in_list = true;
    } else if (in_list && line.rfind("  ", 0) == 0 && line.size() > 2 && line[2] != ' ') {
      names.push_back(line.substr(2, line.find(' ', 2) - 2));
    } else if (in_list && !line.empty() && line[0] != ' ') {
      in_list = false;
    }
  }
  return names;
}

// Every command path a user can type: "show", "entry edit", ...
void collect_commands(const Sandbox& s, const std::vector<std::string>& path,
                      std::vector<std::vector<std::string>>& out) {
  std::vector<std::string> args = path;
  args.push_back("--help");
  const RunResult help = s.run(args);
  REQUIRE_MESSAGE(help.exit_code == 0, help.err);
  for (const auto& name : subcommands_in_help(help.out)) {
    auto sub = path;
    sub.push_back(name);
    out.push_back(sub);
    collect_commands(s, sub, out);
  }
}

std::string joined(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : " ") + w;
  return out;
}

void make_experiment(const Sandbox& s) {
  REQUIRE(s.run({"new", "--template", "question-ratio"}).exit_code == 0);
  REQUIRE(s.run({"new", "--template", "wait-time"}).exit_code == 0);
}

}  // namespace

TEST_CASE("every command's --help ends with an example of it") {
  Sandbox s;
  std::vector<std::vector<std::string>> commands;
  collect_commands(s, {}, commands);
  CHECK(commands.size() >= 25);
  for (const auto& command : commands) {
    auto args = command;
    args.push_back("--help");
    const RunResult help = s.run(args);
    CAPTURE(joined(command));
    CHECK(help.exit_code == 0);
    const auto examples = help.out.find("Example");
    REQUIRE(examples != std::string::npos);
    // An example line that runs this very command (a parent's may stand for its children
    // only when it shows them by name).
    CHECK(help.out.find("  leadlab " + joined(command), examples) != std::string::npos);
  }
}

TEST_CASE("an unknown option gets the closest one the command accepts") {
  Sandbox s;
  const RunResult show = s.run({"show", "1", "--jsno"});
  CHECK(show.exit_code == 2);
  CHECK(show.err.find("unknown option \"--jsno\" for `leadlab show`") != std::string::npos);
  CHECK(show.err.find("did you mean `--json`?") != std::string::npos);

  const RunResult log = s.run({"log", "questions=3", "--ntoe", "x"});
  CHECK(log.exit_code == 2);
  CHECK(log.err.find("did you mean `--note`?") != std::string::npos);

  const RunResult global = s.run({"--raed-only", "status"});
  CHECK(global.exit_code == 2);
  CHECK(global.err.find("did you mean `--read-only`?") != std::string::npos);

  const RunResult nothing_close = s.run({"status", "--frobnicate"});
  CHECK(nothing_close.exit_code == 2);
  CHECK(nothing_close.err.find("did you mean") == std::string::npos);
  CHECK(nothing_close.err.find("`leadlab status --help` shows its options") != std::string::npos);
}

TEST_CASE("an unknown command gets the closest one, also among a command's subcommands") {
  Sandbox s;
  const RunResult top = s.run({"shwo", "1"});
  CHECK(top.exit_code == 2);
  CHECK(top.err.find("unknown command \"shwo\"") != std::string::npos);
  CHECK(top.err.find("did you mean `leadlab show`?") != std::string::npos);

  const RunResult nested = s.run({"templates", "shwo", "question-ratio"});
  CHECK(nested.exit_code == 2);
  CHECK(nested.err.find("did you mean `leadlab templates show`?") != std::string::npos);

  // Hidden commands are never suggested.
  const RunResult hidden = s.run({"__complet"});
  CHECK(hidden.exit_code == 2);
  CHECK(hidden.err.find("__complete") == std::string::npos);
}

TEST_CASE("__complete offers commands, options, their values, experiment ids and templates") {
  Sandbox s;
  make_experiment(s);
  auto complete = [&s](std::vector<std::string> words) {
    words.insert(words.begin(), {"__complete", "--", "leadlab"});
    const RunResult r = s.run(words);
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    std::vector<std::string> values;
    for (const auto& line : lines_of(r.out)) values.push_back(line.substr(0, line.find('\t')));
    return values;
  };
  using V = std::vector<std::string>;
  CHECK(complete({"sh"}) == V{"show"});
  CHECK(complete({"te"}) == V{"templates"});
  CHECK(complete({"show", ""}) == V{"1", "2"});
  CHECK(complete({"templates", "s"}) == V{"show"});
  const auto names = complete({"templates", "show", "question"});
  CHECK(names == V{"question-ratio"});
  CHECK(complete({"new", "--template", "wait"}) == V{"wait-time"});
  CHECK(complete({"--color", ""}) == V{"auto", "always", "never"});
  CHECK(complete({"export", "--format", "c"}) == V{"csv"});
  CHECK(complete({"show", "--js"}) == V{"--json"});  // the global option falls through
  CHECK(complete({"log", "--no"}) == V{"--note"});
  CHECK(complete({"backup", ""}) == V{":files"});
  CHECK(complete({"--journal", "x.db", "show", ""}).empty());  // no such journal: no ids
  // The descriptions travel with the values, for zsh and fish.
  const RunResult described = s.run({"__complete", "--", "leadlab", "show", "1"});
  CHECK(described.out.find("1\t") == 0);
  CHECK(described.out.find("(draft)") != std::string::npos);
  // Hidden commands are not offered.
  CHECK(complete({"__"}).empty());
}

TEST_CASE("bash: source <(leadlab completion bash) completes sh<TAB> and ids after show") {
  Sandbox s;
  make_experiment(s);
  const RunResult r = s.shell(
      "bash -c 'source <(leadlab completion bash) || exit 3\n"
      "COMP_WORDS=(leadlab sh); COMP_CWORD=1; _leadlab; echo \"[${COMPREPLY[*]}]\"\n"
      "COMP_WORDS=(leadlab show \"\"); COMP_CWORD=2; _leadlab; echo \"[${COMPREPLY[*]}]\"\n"
      "complete -p leadlab'");
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  const auto lines = lines_of(r.out);
  REQUIRE(lines.size() == 3);
  CHECK(lines[0] == "[show]");
  CHECK(lines[1] == "[1 2]");
  CHECK(lines[2] == "complete -F _leadlab leadlab");
}

TEST_CASE("fish: leadlab completion fish | source completes commands with descriptions") {
  Sandbox s;
  make_experiment(s);
  const RunResult r = s.shell(
      "HOME=\"$PWD\" fish --no-config -c 'leadlab completion fish | source; "
      "complete -C\"leadlab sh\"; complete -C\"leadlab show \"'");
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  const auto lines = lines_of(r.out);
  REQUIRE(lines.size() == 3);
  CHECK(lines[0].rfind("show\tEverything about one experiment", 0) == 0);
  CHECK(lines[1].rfind("1\t", 0) == 0);
  CHECK(lines[2].rfind("2\t", 0) == 0);
}

TEST_CASE("zsh: leadlab completion zsh loads after compinit and registers _leadlab") {
  Sandbox s;
  const RunResult r = s.shell(
      "ZDOTDIR=\"$PWD\" zsh -f -c 'autoload -U compinit && compinit -u -D && "
      "source <(leadlab completion zsh) && print -r -- $_comps[leadlab] ${+functions[_leadlab]}'");
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  CHECK(r.err.empty());
  CHECK(r.out == "_leadlab 1\n");
  // The script is also a valid file for $fpath: it starts with #compdef.
  CHECK(s.run({"completion", "zsh"}).out.rfind("#compdef leadlab\n", 0) == 0);
}

TEST_CASE("completion refuses a shell it does not know") {
  Sandbox s;
  const RunResult r = s.run({"completion", "tcsh"});
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("bash") != std::string::npos);
}

TEST_CASE("the manual page renders with man -l and covers every command and the exit codes") {
  Sandbox s;
  const RunResult page = s.run({"__man"});
  REQUIRE(page.exit_code == 0);
  const std::string file = s.dir().file("leadlab.1");
  std::ofstream(file) << page.out;
  const RunResult shown = s.shell("MANWIDTH=100 man --warnings -E UTF-8 -l -P cat '" + file + "'");
  REQUIRE_MESSAGE(shown.exit_code == 0, shown.err);
  CHECK_MESSAGE(shown.err.empty(), shown.err);  // no troff warnings
  std::vector<std::vector<std::string>> commands;
  collect_commands(s, {}, commands);
  for (const auto& command : commands) {
    CAPTURE(joined(command));
    CHECK(shown.out.find("leadlab " + joined(command)) != std::string::npos);
  }
  for (const char* section : {"NAME", "SYNOPSIS", "GLOBAL OPTIONS", "COMMANDS", "EXIT STATUS",
                              "ENVIRONMENT", "FILES", "NO_COLOR", "LEADLAB_JOURNAL"})
    CHECK_MESSAGE(shown.out.find(section) != std::string::npos, section);
  // Examples keep their backslashes and dashes as typed.
  CHECK(shown.out.find("leadlab review 1 --prediction-met yes") != std::string::npos);
}

TEST_CASE("completion scripts and the man page ignore a broken configuration") {
  Sandbox s;
  const std::string config = s.dir().file("broken.toml");
  std::ofstream(config) << "owner = [\n";
  CHECK(s.run({"--config", config, "completion", "bash"}).exit_code == 0);
  CHECK(s.run({"--config", config, "__man"}).exit_code == 0);
  CHECK(s.run({"--config", config, "status"}).exit_code == 2);
}
