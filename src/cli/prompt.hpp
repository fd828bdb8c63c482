// Asking the user at a terminal: one question, one line of answer, with a default.
#pragma once

#include <functional>
#include <string>

#include "cli/context.hpp"

namespace leadlab::cli {

// Prints "label [default]: " and reads a line; an empty answer takes the default. When
// `check` is given, a bad answer prints its error and asks again. Throws UsageError when
// input ends (Ctrl-D), so that nothing is created from half the answers.
std::string ask(const Context& ctx, const std::string& label, const std::string& default_value,
                const std::function<void(const std::string&)>& check = nullptr);

// A yes/no question; Enter takes `default_yes`.
bool confirm(const Context& ctx, const std::string& question, bool default_yes);

}  // namespace leadlab::cli
