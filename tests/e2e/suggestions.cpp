#include "e2e/suggestions.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <regex>
#include <sstream>

namespace leadlab::testing {

std::set<std::string> suggestions_in(const std::string& text) {
  std::set<std::string> found;
  static const std::regex quoted("`(leadlab [^`]*)`");
  static const std::regex listed(R"(^\s*(?:\$|Next:|or:|Start it:) (leadlab .*?)(?:   .*)?$)");
  // "2 new comments from Ben on experiment 1: leadlab show 1"
  static const std::regex pointed(R"(: (leadlab [a-z].*)$)");
  for (std::sregex_iterator it(text.begin(), text.end(), quoted), end; it != end; ++it)
    found.insert((*it)[1].str());
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();  // from a terminal
    std::smatch m;
    if (std::regex_match(line, m, listed) || std::regex_search(line, m, pointed))
      found.insert(m[1].str());
  }
  // A command with "..." in it is a pattern to complete ("leadlab review 1 ... --yes"), not
  // one to run as printed.
  std::erase_if(found, [](const std::string& c) { return c.find("...") != std::string::npos; });
  return found;
}

std::vector<std::string> words_of(const std::string& command) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  char quote = 0;
  for (char c : command) {
    if (quote != 0) {
      if (c == quote) {
        quote = 0;
      } else {
        word += c;
      }
    } else if (c == '\'' || c == '"') {
      quote = c;
      in_word = true;
    } else if (c == ' ') {
      if (in_word) words.push_back(word);
      word.clear();
      in_word = false;
    } else {
      word += c;
      in_word = true;
    }
  }
  if (in_word) words.push_back(word);
  return words;
}

namespace {

// Runs `command` (as printed, starting "leadlab ") at a terminal, answering "2" to each
// question, at most a dozen, then ending the input.
RunResult run_at_terminal(const Sandbox& copy, const std::string& command,
                          const std::map<std::string, std::string>& env) {
  std::vector<std::string> args = words_of(command);
  args.erase(args.begin());  // "leadlab"
  TerminalSession t(args, copy.environment(env));
  for (int i = 0; i < 12 && t.wait_for(": "); ++i) t.type("2\r");
  t.type("\x04");
  return t.finish();
}

}  // namespace

void run_suggestion(const Sandbox& s, const std::string& command, const std::string& where,
                    const std::map<std::string, std::string>& env) {
  Sandbox copy;
  std::filesystem::create_directories(std::filesystem::path(copy.journal()).parent_path());
  std::filesystem::copy_file(s.journal(), copy.journal());
  const RunResult plain = copy.shell(command + " </dev/null", env);
  if (plain.exit_code == 0) return;
  // It may need a terminal: there it asks, and must get as far as its questions.
  const RunResult at_terminal = run_at_terminal(copy, command, env);
  const bool asked =
      at_terminal.exit_code == 0 ||
      at_terminal.out.find("input ended before all questions were answered") != std::string::npos;
  CHECK_MESSAGE(asked, "`" << command << "`, suggested by " << where << ", fails:\n"
                           << plain.err << "\nat a terminal:\n"
                           << at_terminal.out);
}

void run_suggestions(const Sandbox& s, const std::string& text, const std::string& where,
                     std::set<std::string>& seen, const std::map<std::string, std::string>& env) {
  for (const std::string& command : suggestions_in(text)) {
    seen.insert(command);
    run_suggestion(s, command, where, env);
  }
}

}  // namespace leadlab::testing
