// `leadlab entry edit N ...` and `leadlab entry delete N`: correct what was logged.
#include <charconv>

#include "cli/context.hpp"
#include "leadlab/actions/entries.hpp"
#include "leadlab/model/dates.hpp"
#include "leadlab/model/error.hpp"
#include "leadlab/model/text.hpp"
#include "leadlab/report/json_view.hpp"

namespace leadlab::cli {

namespace {

struct EditArgs {
  std::string number;
  std::vector<std::string> assignments;
  std::string date;
  std::string time;
  std::optional<std::string> note;
  std::optional<std::string> off_plan;
  bool as_planned = false;
};

std::int64_t parse_entry_number(const std::string& text) {
  std::int64_t n = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || n <= 0) {
    throw UsageError("\"" + terminal_safe(text) + "\" is not an entry number",
                     "`leadlab entries ID` shows the entries and their numbers");
  }
  return n;
}

std::string summary(const LogResult& r) {
  std::string values;
  for (const auto& [metric, value] : entry_values(r.experiment, r.entry))
    if (value) values += " " + metric->name + "=" + format_value(*metric, *value);
  return "entry " + std::to_string(r.entry.id) + " of experiment " +
         std::to_string(r.experiment.id) + ", " + format_date(r.entry.date) + " (" +
         std::string(to_string(r.experiment.phase_of(r.entry.date))) + "):" + terminal_safe(values);
}

}  // namespace

Command add_entry(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("entry", "Correct or delete one entry");
  cmd->require_subcommand(1);
  cmd->footer(
      "Examples:\n"
      "  leadlab entry edit 4 statements=6\n"
      "  leadlab entry delete 4");
  auto* edit = cmd->add_subcommand("edit", "Change an entry's values, date, note or plan");
  auto args = std::make_shared<EditArgs>();
  edit->add_option("N", args->number, "The entry number (see `leadlab entries ID`)")->required();
  edit->add_option("values", args->assignments, "NAME=VALUE to change, NAME= to remove");
  add_date_option(*edit, args->date, "A new date");
  edit->add_option("--time", args->time, "A new time, HH:MM");
  edit->add_option("--note", args->note, "A new note (\"\" removes it)");
  edit->add_option("--off-plan", args->off_plan, "Not carried out as planned: what was different");
  edit->add_flag("--as-planned", args->as_planned, "Carried out as planned after all");
  edit->footer("Example:\n  leadlab entry edit 4 questions=7 --note \"counted again from notes\"");

  auto* remove = cmd->add_subcommand("delete", "Delete an entry");
  auto number = std::make_shared<std::string>();
  remove->add_option("N", *number, "The entry number")->required();
  remove->footer("Example:\n  leadlab entry delete 4");

  return {cmd,
          [&ctx, edit, remove, args, number] {
            Journal journal = ctx.open_journal();
            if (remove->parsed()) {
              const LogResult r = delete_entry(journal, parse_entry_number(*number));
              ctx.out() << "Deleted " << summary(r) << "\n";
              return 0;
            }
            (void)edit;
            EntryEdit change;
            const Day today = ctx.today();
            change.assignments = args->assignments;
            if (!args->date.empty()) change.date = parse_date(args->date, today);
            if (!args->time.empty()) change.time = parse_time(args->time);
            change.note = args->note;
            change.off_plan = args->off_plan;
            change.as_planned = args->as_planned;
            const LogResult r =
                edit_entry(journal, parse_entry_number(args->number), change, today);
            if (ctx.options.json) {
              ctx.print_json(entry_json(r.experiment, r.entry));
            } else if (!r.changed) {
              const bool nothing_given = change.assignments.empty() && !change.date &&
                                         !change.time && !change.note && !change.off_plan &&
                                         !change.as_planned;
              ctx.out() << "Entry " << r.entry.id << " is unchanged: "
                        << (nothing_given ? "no change was given (see `leadlab entry edit --help`)"
                                          : "it already holds what was given")
                        << "; nothing was written.\n";
            } else {
              ctx.out() << "Changed " << summary(r) << "\n";
            }
            return 0;
          },
          Access::kWrites};
}

}  // namespace leadlab::cli
