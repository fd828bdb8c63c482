// Every command leadlab prints as advice must run as printed: finds the suggestions in what
// a command printed and runs each on a copy of the journal, in the state it was printed in.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "e2e/cli_runner.hpp"

namespace leadlab::testing {

// The commands `text` suggests: each `leadlab ...` in backquotes, the commands listed after
// "$", "Next:", "or:" or "Start it:" at the start of a line, and one that ends a line after
// a colon ("2 new comments from Ben on experiment 1: leadlab show 1").
std::set<std::string> suggestions_in(const std::string& text);

// The words of a command as /bin/sh would split it ('...' and "..." quote).
std::vector<std::string> words_of(const std::string& command);

// Runs `command`, suggested by `where`, on a copy of `s`'s journal with `env` (the day it
// was suggested on): without a terminal first, and if it fails there at a terminal,
// answering "2" to each question. Checks that it does not fail with a usage error.
void run_suggestion(const Sandbox& s, const std::string& command, const std::string& where,
                    const std::map<std::string, std::string>& env = kToday);

// Runs every suggestion in `text`, printed by `where`, as run_suggestion does. `seen`
// collects them.
void run_suggestions(const Sandbox& s, const std::string& text, const std::string& where,
                     std::set<std::string>& seen,
                     const std::map<std::string, std::string>& env = kToday);

}  // namespace leadlab::testing
