// Walking leadlab's command tree (the CLI11 app that --help describes): for "did you
// mean", the completion engine and the man page, so all three show what the parser accepts.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace leadlab::cli {

// The subcommands --help lists (hidden ones, such as __complete, have no group).
inline std::vector<const CLI::App*> visible_subcommands(const CLI::App& command) {
  return command.get_subcommands([](const CLI::App* sub) { return !sub->get_group().empty(); });
}

inline const CLI::App* visible_subcommand(const CLI::App& command, std::string_view name) {
  for (const auto* sub : visible_subcommands(command))
    if (sub->get_name() == name) return sub;
  return nullptr;
}

// The options (not the positional arguments) a command accepts, its own first, then its
// parents' (options fall through to the parent, as the parser lets them).
inline std::vector<const CLI::Option*> named_options(const CLI::App& command) {
  std::vector<const CLI::Option*> out;
  for (const CLI::App* c = &command; c != nullptr; c = c->get_parent())
    for (const auto* option : c->get_options())
      if (!option->get_positional()) out.push_back(option);
  return out;
}

// An option's names as typed: "--json", "-h".
inline std::vector<std::string> typed_names(const CLI::Option& option) {
  std::vector<std::string> names;
  for (const auto& name : option.get_lnames()) names.push_back("--" + name);
  for (const auto& name : option.get_snames()) names.push_back("-" + name);
  return names;
}

// The long and short option names a command accepts, its parents' included ("--json").
inline std::vector<std::string> option_names(const CLI::App& command) {
  std::vector<std::string> names;
  for (const auto* option : named_options(command))
    for (auto& name : typed_names(*option)) names.push_back(std::move(name));
  return names;
}

// The command the parser chose: the deepest parsed subcommand ("entry edit"), else the root.
inline const CLI::App& chosen_command(const CLI::App& root) {
  const CLI::App* command = &root;
  while (!command->get_subcommands().empty()) command = command->get_subcommands().front();
  return *command;
}

// "leadlab entry edit": the command's full name as a user types it.
inline std::string command_path(const CLI::App& command) {
  std::string path = command.get_name();
  for (const CLI::App* c = command.get_parent(); c != nullptr; c = c->get_parent())
    path = c->get_name() + " " + path;
  return path;
}

}  // namespace leadlab::cli
