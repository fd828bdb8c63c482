#include "cli/prompt.hpp"

#include <iostream>

#include "leadlab/model/error.hpp"
#include "leadlab/model/text.hpp"

namespace leadlab::cli {

std::string ask(const Context& ctx, const std::string& label, const std::string& default_value,
                const std::function<void(const std::string&)>& check) {
  while (true) {
    ctx.out() << label;
    if (!default_value.empty()) ctx.out() << " [" << terminal_safe(default_value) << "]";
    ctx.out() << ": " << std::flush;
    std::string line;
    if (!std::getline(std::cin, line)) {
      ctx.out() << "\n";
      throw UsageError("input ended before all questions were answered; nothing was changed",
                       "run the command again, or give the answers as flags");
    }
    if (line.empty()) line = default_value;
    if (!check) return line;
    try {
      check(line);
      return line;
    } catch (const UsageError& e) {
      ctx.out() << "  " << terminal_safe(e.what()) << "\n";
      if (!e.hint().empty()) ctx.out() << "  " << terminal_safe(e.hint()) << "\n";
    }
  }
}

bool confirm(const Context& ctx, const std::string& question, bool default_yes) {
  const std::string answer =
      ask(ctx, question + (default_yes ? " (Y/n)" : " (y/N)"), "", [](const std::string& a) {
        if (!a.empty() && a != "y" && a != "Y" && a != "yes" && a != "n" && a != "N" && a != "no")
          throw UsageError("answer y or n");
      });
  if (answer.empty()) return default_yes;
  return answer[0] == 'y' || answer[0] == 'Y';
}

}  // namespace leadlab::cli
