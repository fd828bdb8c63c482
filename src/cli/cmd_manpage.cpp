// The hidden `leadlab __man` prints the manual page leadlab(1) in roff, written from the
// command tree that --help shows: every command with its arguments, options and examples,
// so the manual cannot fall behind the parser. The build runs it to make leadlab.1, which
// `cmake --install` and the Debian package put in share/man/man1.
#include <sstream>

#include "cli/cli_tree.hpp"
#include "cli/context.hpp"

namespace leadlab::cli {

namespace {

// Text as roff shows it literally: backslashes and hyphens escaped, a leading dot or quote
// kept from becoming a request, and the few non-ASCII symbols leadlab's help uses named.
std::string roff(std::string_view text) {
  std::string out;
  bool line_start = true;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (line_start && (c == '.' || c == '\'')) out += "\\&";
    line_start = c == '\n';
    if (c == '\\') {
      out += "\\e";
    } else if (c == '-') {
      out += "\\-";
    } else if (text.substr(i, 3) == "\u2014") {
      out += "\\(em";
      i += 2;
    } else if (text.substr(i, 3) == "\u2019") {
      out += "'";
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

std::string synopsis(const CLI::App& command) {
  std::string line = "\\fB" + roff(command_path(command)) + "\\fR";
  if (!visible_subcommands(command).empty()) return line + " \\fICOMMAND\\fR";
  bool has_options = false;
  for (const auto* option : command.get_options()) {
    if (!option->get_positional()) {
      has_options = true;
      continue;
    }
    std::string name = "\\fI" + roff(option->get_name(true)) + "\\fR";
    if (option->get_expected_max() > 1) name += "...";
    line += " " + (option->get_required() ? name : "[" + name + "]");
  }
  if (has_options) line += " [\\fIOPTIONS\\fR]";
  return line;
}

void options_of(std::ostream& out, const CLI::App& command) {
  for (const auto* option : command.get_options()) {
    if (option->get_positional()) continue;
    std::string names;
    for (const auto& s : option->get_snames())
      names += (names.empty() ? "" : ", ") + ("\\fB\\-" + roff(s) + "\\fR");
    for (const auto& l : option->get_lnames())
      names += (names.empty() ? "" : ", ") + ("\\fB\\-\\-" + roff(l) + "\\fR");
    if (option->get_expected_max() > 0) names += " \\fI" + roff(option->get_type_name()) + "\\fR";
    out << ".TP\n" << names << "\n" << roff(option->get_description()) << "\n";
  }
}

// A command's footer: its examples, shown as typed.
void footer_of(std::ostream& out, const CLI::App& command) {
  std::istringstream lines(command.get_footer());
  std::string line;
  bool examples = false;
  while (std::getline(lines, line)) {
    if (line == "Example:" || line == "Examples:") {
      out << ".PP\n.B " << line.substr(0, line.size() - 1) << "\n.RS 4\n.nf\n";
      examples = true;
    } else if (examples && !line.empty() && line[0] == ' ') {
      out << roff(line.substr(2)) << "\n";
    } else {
      if (examples) out << ".fi\n.RE\n";
      examples = false;
      if (!line.empty()) out << ".PP\n" << roff(line) << "\n";
    }
  }
  if (examples) out << ".fi\n.RE\n";
}

void command_section(std::ostream& out, const CLI::App& command) {
  out << ".SS " << synopsis(command) << "\n" << roff(command.get_description()) << "\n";
  for (const auto* option : command.get_options()) {
    if (!option->get_positional()) continue;
    out << ".TP\n\\fI" << roff(option->get_name(true)) << "\\fR\n"
        << roff(option->get_description()) << "\n";
  }
  options_of(out, command);
  footer_of(out, command);
  for (const auto* sub : visible_subcommands(command)) command_section(out, *sub);
}

std::string manual(const CLI::App& app) {
  std::ostringstream out;
  const std::string description = app.get_description();
  const auto first_line = description.find('\n');
  out << ".TH LEADLAB 1 \"\" \"leadlab " << LEADLAB_VERSION << "\" \"User Commands\"\n"
      << ".SH NAME\nleadlab \\- a lab notebook for leadership experiments\n"
      << ".SH SYNOPSIS\n\\fBleadlab\\fR [\\fIGLOBAL OPTIONS\\fR] \\fICOMMAND\\fR "
         "[\\fIARGUMENTS\\fR] [\\fIOPTIONS\\fR]\n"
      << ".SH DESCRIPTION\n"
      << roff(first_line == std::string::npos ? "" : description.substr(first_line + 1)) << "\n"
      << ".PP\n"
         "An experiment has a hypothesis, the change you will make, the metrics you count and a "
         "prediction. It moves from draft to baseline (count before changing anything), to "
         "testing (make the change and keep counting), to closed (reviewed, with a decision "
         "and the next step). Each occasion, a meeting or a one-to-one, is one entry. "
         "\\fBshow\\fR compares the test phase with the baseline; \\fBreview\\fR closes the "
         "loop; \\fBexport\\fR writes a Markdown report.\n"
      << ".SH GLOBAL OPTIONS\nThese go before or after the command.\n";
  options_of(out, app);
  out << ".SH COMMANDS\n";
  for (const auto* sub : visible_subcommands(app)) command_section(out, *sub);
  out << ".SH EXAMPLES\n";
  footer_of(out, app);
  out << ".SH EXIT STATUS\n"
         ".TP\n0\nSuccess.\n"
         ".TP\n1\nFailure: the journal could not be read or written (locked by another "
         "program, damaged, or not a leadlab journal), \\fBcheck\\fR found a problem, or "
         "\\fBoverview\\fR could not read a journal.\n"
         ".TP\n2\nUsage or bad input: an unknown command or option, a value that does not "
         "parse, a refused import. Nothing was changed.\n"
         ".SH ENVIRONMENT\n"
         ".TP\n\\fBLEADLAB_JOURNAL\\fR\nThe journal file, unless \\fB\\-\\-journal\\fR is "
         "given.\n"
         ".TP\n\\fBXDG_DATA_HOME\\fR\nThe default journal is "
         "\\fI$XDG_DATA_HOME/leadlab/journal.db\\fR (\\fI~/.local/share\\fR when unset).\n"
         ".TP\n\\fBXDG_CONFIG_HOME\\fR\nWhere \\fIleadlab/config.toml\\fR and "
         "\\fIleadlab/templates/\\fR are looked for (\\fI~/.config\\fR when unset).\n"
         ".TP\n\\fBNO_COLOR\\fR\nWhen set and not empty, no colour, unless "
         "\\fB\\-\\-color always\\fR.\n"
         ".SH FILES\n"
         ".TP\n\\fI~/.local/share/leadlab/journal.db\\fR\nThe journal: one SQLite file, mode "
         "0600, in a folder of mode 0700.\n"
         ".TP\n\\fI~/.config/leadlab/config.toml\\fR\nThe configuration: owner, journal, "
         "week_start, color, default occasion and template.\n"
         ".TP\n\\fI~/.config/leadlab/templates/*.toml\\fR\nYour own experiment templates; "
         "one with a bundled template's name replaces it.\n"
         ".TP\n\\fI/usr/share/leadlab/templates/\\fR\nThe bundled templates.\n"
         ".SH SEE ALSO\n"
         "\\fBsqlite3\\fR(1). The README, \\fIdocs/json.md\\fR (the JSON shapes), "
         "\\fIdocs/templates.md\\fR and \\fIdocs/bundle.md\\fR in "
         "\\fI/usr/share/doc/leadlab\\fR.\n";
  return out.str();
}

}  // namespace

Command add_manpage(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("__man", "Print the manual page leadlab(1) in roff");
  cmd->group("");  // hidden from --help: `man leadlab` is how people read it
  return {cmd,
          [&app, &ctx] {
            ctx.out() << manual(app);
            return 0;
          },
          Access::kReads, false};
}

}  // namespace leadlab::cli
