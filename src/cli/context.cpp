#include "cli/context.hpp"

#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "leadlab/dates.hpp"
#include "leadlab/paths.hpp"

namespace leadlab::cli {

std::string Context::journal_path() const {
  return options.journal.empty() ? default_journal_path() : options.journal;
}

Journal Context::open_journal() const {
  return Journal::open(journal_path(),
                       options.read_only ? Journal::Mode::kReadOnly : Journal::Mode::kReadWrite);
}

Day Context::today() const { return today_local(); }

RenderOptions Context::render_options() const {
  RenderOptions r;
  r.today = today();
  r.ascii = options.ascii;
  if (const char* term = std::getenv("TERM"); term != nullptr && std::string(term) == "dumb")
    r.ascii = true;
  const bool no_color = std::getenv("NO_COLOR") != nullptr && *std::getenv("NO_COLOR") != '\0';
  if (options.color == "always") {
    r.color = true;
  } else if (options.color == "auto") {
    r.color = !no_color && ::isatty(STDOUT_FILENO) != 0 && !r.ascii;
  }
  return r;
}

std::ostream& Context::out() const { return std::cout; }
std::ostream& Context::err() const { return std::cerr; }

void Context::print_json(const nlohmann::json& value) const {
  // Invalid UTF-8 cannot reach the journal (it is refused on input); replace rather than
  // throw in case an old or foreign record carries some.
  out() << value.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

void Context::note(const std::string& text) const { err() << text << "\n"; }

CLI::Option* add_date_option(CLI::App& command, std::string& target, const std::string& what) {
  return command.add_option("--date", target,
                            what +
                                " (default today): YYYY-MM-DD, today, yesterday, N days ago, "
                                "N weeks ago, monday, last monday, YYYY-Www");
}

}  // namespace leadlab::cli
