// Asking the user at a terminal: one question, one line of answer, with a default.
#pragma once

#include <functional>
#include <string>

#include "cli/context.hpp"
#include "leadlab/model/experiment_spec.hpp"

namespace leadlab::cli {

// Prints "label [default]: " and reads a line; an empty answer takes the default. When
// `check` is given, a bad answer prints its error and asks again. Throws UsageError when
// input ends (Ctrl-D), so that nothing is created from half the answers.
std::string ask(const Context& ctx, const std::string& label, const std::string& default_value,
                const std::function<void(const std::string&)>& check = nullptr);

// A yes/no question; Enter takes `default_yes`.
bool confirm(const Context& ctx, const std::string& question, bool default_yes);

// Guided `new` (cmd_new.cpp): walks through every field `flags` did not give, each with
// `spec`'s value as the default in [brackets]. A follow-up (spec.follows) says so, and is
// asked for its tags too.
void walk_through(const Context& ctx, ExperimentSpec& spec, const ExperimentSpec& flags);

// Before creating `spec` as a follow-up that repeats one already there (same_follow_up):
// true when `yes` or nothing repeats; at a terminal, asks; without one, refuses (UsageError).
bool confirm_not_duplicate(const Context& ctx, const Journal& journal, const ExperimentSpec& spec,
                           bool yes);

}  // namespace leadlab::cli
