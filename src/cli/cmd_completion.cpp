// `leadlab completion bash|zsh|fish` prints a shell's completion script; the hidden
// `leadlab __complete -- WORD...` is what those scripts call on every TAB. The scripts are
// thin: the binary walks its own command tree (the same one --help describes), so commands,
// options and their values never drift from what leadlab accepts. Experiment ids come from
// the journal (opened read-only), template names from the template library.
#include <iostream>
#include <string_view>

#include "cli/cli_tree.hpp"
#include "cli/context.hpp"
#include "leadlab/model/error.hpp"
#include "leadlab/model/model.hpp"
#include "leadlab/model/text.hpp"
#include "leadlab/storage/journal.hpp"

namespace leadlab::cli {

namespace {

// Each script asks `leadlab __complete -- WORDS...` (the words up to the cursor, the last
// one being the word under it) and reads one candidate a line, "value<TAB>description";
// a first line ":files" means "complete file names here".
constexpr std::string_view kBash = R"(# leadlab completion for bash. Load it with
#   source <(leadlab completion bash)
# or install it as /usr/share/bash-completion/completions/leadlab (cmake --install does).
_leadlab() {
  local cur=${COMP_WORDS[COMP_CWORD]}
  local IFS=$'\n'
  local -a lines
  lines=($(command "${COMP_WORDS[0]}" __complete -- "${COMP_WORDS[@]:0:COMP_CWORD+1}" 2>/dev/null))
  COMPREPLY=()
  if [[ ${lines[0]} == ":files" ]]; then
    compopt -o filenames 2>/dev/null
    COMPREPLY=($(compgen -f -- "$cur"))
    return 0
  fi
  local line
  for line in "${lines[@]}"; do
    COMPREPLY+=("${line%%$'\t'*}")
  done
}
complete -F _leadlab leadlab
)";

constexpr std::string_view kZsh = R"(#compdef leadlab
# leadlab completion for zsh. Load it with
#   source <(leadlab completion zsh)      (after compinit)
# or install it as _leadlab in a folder of $fpath (cmake --install does).
compdef _leadlab leadlab
_leadlab() {
  local -a lines values
  local line value
  lines=("${(@f)$(command ${words[1]} __complete -- "${(@)words[1,CURRENT]}" 2>/dev/null)}")
  if [[ ${lines[1]} == ":files" ]]; then
    _files
    return
  fi
  for line in $lines; do
    [[ -z $line ]] && continue
    value=${line%%$'\t'*}
    if [[ $line == *$'\t'* ]]; then
      values+=("${value//:/\\:}:${line#*$'\t'}")
    else
      values+=("${value//:/\\:}")
    fi
  done
  _describe -t leadlab leadlab values
}
if [[ $funcstack[1] == _leadlab ]]; then
  _leadlab "$@"
fi
)";

constexpr std::string_view kFish = R"(# leadlab completion for fish. Load it with
#   leadlab completion fish | source
# or install it as leadlab.fish in ~/.config/fish/completions (cmake --install puts it in
# the vendor folder).
function __leadlab_complete
    set -l words (commandline -opc) (commandline -ct)
    set -l lines (command $words[1] __complete -- $words 2>/dev/null)
    if test "$lines[1]" = ":files"
        __fish_complete_path (commandline -ct)
        return
    end
    printf '%s\n' $lines
end
complete -c leadlab -f -a '(__leadlab_complete)'
)";

struct Candidate {
  std::string value;
  std::string description;
};

// What a word in some place stands for.
enum class Values { kNone, kIds, kTemplates, kFiles, kDates };

Values values_of_positional(const CLI::Option& positional) {
  const std::string name = positional.get_name(true);
  if (name == "ID") return Values::kIds;
  if (name == "NAME") return Values::kTemplates;
  if (name == "FILE" || name == "JOURNAL") return Values::kFiles;
  return Values::kNone;
}

Values values_of_option(const CLI::Option& option) {
  for (const auto& name : option.get_lnames()) {
    if (name == "journal" || name == "config" || name == "output") return Values::kFiles;
    if (name == "template") return Values::kTemplates;
    if (name == "follows" || name == "series") return Values::kIds;
    if (name == "date") return Values::kDates;
  }
  return Values::kNone;
}

// The choices an option's validator names, as --help shows them: "TEXT:{a,b,c}".
std::vector<std::string> choices_of(const CLI::Option& option) {
  const std::string type = option.get_type_name();
  const auto open = type.find('{');
  const auto close = type.find('}', open);
  std::vector<std::string> choices;
  if (open == std::string::npos || close == std::string::npos) return choices;
  std::string_view list(type.data() + open + 1, close - open - 1);
  while (!list.empty()) {
    const auto comma = list.find(',');
    choices.emplace_back(list.substr(0, comma));
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return choices;
}

// An option named by `word` ("--journal", "-h", "--journal=x") of the command or one of
// its parents.
const CLI::Option* find_option(const CLI::App& command, std::string_view word) {
  word = word.substr(0, word.find('='));
  for (const auto* option : named_options(command))
    for (const auto& name : typed_names(*option))
      if (word == name) return option;
  return nullptr;
}

class Completer {
 public:
  Completer(const CLI::App& root, Context& ctx) : root_(root), ctx_(ctx) {}

  // Candidates for the last word, given the words before it (words[0] is the program).
  std::vector<Candidate> complete(const std::vector<std::string>& words) {
    if (words.empty()) return {};
    const CLI::App* command = &root_;
    const CLI::Option* pending = nullptr;  // an option whose value comes next
    std::size_t positionals = 0;
    bool only_positionals = false;
    for (std::size_t i = 1; i + 1 < words.size(); ++i) {
      const std::string& word = words[i];
      if (pending != nullptr) {
        remember(*pending, word);
        pending = nullptr;
      } else if (!only_positionals && word == "--") {
        only_positionals = true;
      } else if (!only_positionals && word.size() > 1 && word[0] == '-') {
        const CLI::Option* option = find_option(*command, word);
        if (option != nullptr && option->get_expected_max() > 0) {
          if (word.find('=') == std::string::npos)
            pending = option;
          else
            remember(*option, word.substr(word.find('=') + 1));
        }
      } else if (const CLI::App* sub = visible_subcommand(*command, word);
                 sub != nullptr && positionals == 0) {
        command = sub;
      } else {
        ++positionals;
      }
    }
    const std::string& prefix = words.back();
    if (pending != nullptr) return option_values(*pending, prefix);
    if (!only_positionals && !prefix.empty() && prefix[0] == '-') return options(*command, prefix);
    std::vector<Candidate> out;
    if (positionals == 0) {
      for (const auto* sub : visible_subcommands(*command))
        add(out, prefix, sub->get_name(), sub->get_description());
    }
    if (const CLI::Option* positional = positional_at(*command, positionals)) {
      auto more = values(values_of_positional(*positional), prefix);
      if (!more.empty() && more.front().value == ":files") return more;
      out.insert(out.end(), more.begin(), more.end());
    }
    return out;
  }

 private:
  // Global options that change where the values come from.
  void remember(const CLI::Option& option, const std::string& value) {
    for (const auto& name : option.get_lnames()) {
      if (name == "journal") ctx_.options.journal = value;
    }
  }

  static void add(std::vector<Candidate>& out, std::string_view prefix, const std::string& value,
                  const std::string& description) {
    if (value.rfind(prefix, 0) != 0) return;
    std::string line = description.substr(0, description.find('\n'));
    for (char& c : line)
      if (c == '\t') c = ' ';
    out.push_back({value, line});
  }

  static const CLI::Option* positional_at(const CLI::App& command, std::size_t index) {
    std::size_t seen = 0;
    for (const auto* option : command.get_options()) {
      if (!option->get_positional()) continue;
      // A positional taking many words takes all that are left.
      if (seen == index || option->get_expected_max() > 1) return option;
      ++seen;
    }
    return nullptr;
  }

  std::vector<Candidate> options(const CLI::App& command, std::string_view prefix) const {
    std::vector<Candidate> out;
    for (const auto* option : named_options(command))
      for (const auto& name : option->get_lnames())
        add(out, prefix, "--" + name, option->get_description());
    return out;
  }

  std::vector<Candidate> option_values(const CLI::Option& option, std::string_view prefix) {
    const auto choices = choices_of(option);
    if (!choices.empty()) {
      std::vector<Candidate> out;
      for (const auto& choice : choices) add(out, prefix, choice, "");
      return out;
    }
    return values(values_of_option(option), prefix);
  }

  std::vector<Candidate> values(Values kind, std::string_view prefix) {
    std::vector<Candidate> out;
    switch (kind) {
      case Values::kNone:
        break;
      case Values::kFiles:
        out.push_back({":files", ""});
        break;
      case Values::kDates:
        for (const char* day : {"today", "yesterday", "monday", "tuesday", "wednesday", "thursday",
                                "friday", "saturday", "sunday"})
          add(out, prefix, day, "");
        break;
      case Values::kTemplates: {
        const TemplateLibrary library = ctx_.templates();
        for (const auto& t : library.templates()) add(out, prefix, t.name, t.title);
        break;
      }
      case Values::kIds:
        if (!ctx_.journal_exists()) break;
        ctx_.options.read_only = true;
        for (const auto& e : ctx_.open_journal().list_experiments({.definitions = false}))
          add(out, prefix, std::to_string(e.id),
              e.title + " (" + std::string(to_string(e.status)) + ")");
        break;
    }
    return out;
  }

  const CLI::App& root_;
  Context& ctx_;
};

}  // namespace

Command add_completion(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("completion",
                                 "Print the shell completion script for bash, "
                                 "zsh or fish");
  auto shell = std::make_shared<std::string>();
  cmd->add_option("SHELL", *shell, "bash, zsh or fish")
      ->required()
      ->check(CLI::IsMember({"bash", "zsh", "fish"}));
  cmd->footer(
      "Examples:\n"
      "  source <(leadlab completion bash)      # in ~/.bashrc\n"
      "  source <(leadlab completion zsh)       # in ~/.zshrc, after compinit\n"
      "  leadlab completion fish > ~/.config/fish/completions/leadlab.fish\n"
      "Installed packages put the scripts where each shell finds them.");
  return {cmd,
          [&ctx, shell] {
            ctx.out() << (*shell == "bash" ? kBash : *shell == "zsh" ? kZsh : kFish);
            return 0;
          },
          Access::kReads, false};
}

Command add_complete(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("__complete", "What the completion scripts call on TAB");
  cmd->group("");  // hidden from --help
  auto words = std::make_shared<std::vector<std::string>>();
  cmd->add_option("WORDS", *words, "The words up to the cursor");
  return {cmd,
          [&app, &ctx, words] {
            // A TAB must never print an error into the user's command line: a journal that
            // cannot be read just offers no ids.
            std::vector<Candidate> candidates;
            try {
              candidates = Completer(app, ctx).complete(*words);
            } catch (const std::exception&) {
              return 1;
            }
            for (const auto& c : candidates) {
              ctx.out() << terminal_safe(c.value);
              if (!c.description.empty()) ctx.out() << '\t' << terminal_safe(c.description);
              ctx.out() << '\n';
            }
            return 0;
          },
          Access::kReads, false};
}

}  // namespace leadlab::cli
