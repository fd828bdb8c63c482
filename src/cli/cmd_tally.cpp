// `leadlab tally [ID] [--note T] [--date D] [--off-plan T]`: a live counter during a
// meeting. One key per counted metric, u to undo, Enter to save the counts as one entry
// (dated today unless --date says otherwise), Esc or Ctrl-C to leave without saving (after
// asking when something was counted). A metric nothing was counted for is saved as 0 only
// when the user says none happened: otherwise it is left out of the entry.
#include <algorithm>
#include <iostream>
#include <utility>

#include "cli/context.hpp"
#include "cli/prompt.hpp"
#include "cli/terminal.hpp"
#include "leadlab/actions/entries.hpp"
#include "leadlab/actions/experiments.hpp"
#include "leadlab/analysis/tally.hpp"
#include "leadlab/model/dates.hpp"
#include "leadlab/model/error.hpp"
#include "leadlab/model/text.hpp"
#include "leadlab/report/tally_view.hpp"

namespace leadlab::cli {

namespace {

constexpr int kCtrlC = 0x03;
constexpr int kCtrlD = 0x04;

struct TallyArgs {
  std::string id;
  std::optional<std::string> note;
  std::vector<std::string> metrics;
  std::string date = "today";
  std::optional<std::string> off_plan;
};

// Redraws the counting line in place: carriage return, the line, and spaces over whatever
// the previous line showed beyond it (no cursor escapes, so NO_COLOR output stays plain).
// The line never reaches the terminal's last column: a line that wrapped could not be
// redrawn in place. When the counts and a message do not fit together, the message is
// shown alone (it is a question or a note on the last key); counts too wide are cut.
class Screen {
 public:
  Screen(std::ostream& out, RenderOptions options) : out_(out), options_(std::move(options)) {}

  void draw(const Tally& tally, const std::string& message = {}) {
    const int room = terminal_columns() - 1;
    RenderOptions plain = options_;
    plain.color = false;
    const std::string counts = tally_line(tally, plain);
    const std::string suffix = message.empty() ? "" : "   " + message;
    std::string shown;  // what the terminal shows, for its width
    std::string line;   // the same, coloured
    if (display_width(counts + suffix) <= room) {
      shown = counts + suffix;
      line = tally_line(tally, options_) + suffix;  // colour adds bytes but no columns
    } else if (!message.empty() && display_width(message) <= room) {
      shown = line = message;
    } else {
      shown = line = fit_width(counts, room, options_.ascii);
    }
    const int width = display_width(shown);
    out_ << '\r' << line << std::string(static_cast<std::size_t>(std::max(0, shown_ - width)), ' ')
         << '\r' << line << std::flush;
    shown_ = width;
  }
  void finish() {
    out_ << "\n" << std::flush;
    shown_ = 0;
  }

 private:
  std::ostream& out_;
  RenderOptions options_;
  int shown_ = 0;
};

enum class Outcome { kSave, kLeave, kInputEnded };

Outcome count(RawTerminal& terminal, Tally& tally, Screen& screen) {
  screen.draw(tally);
  for (;;) {
    const auto key = terminal.read_key();
    if (!key) return Outcome::kInputEnded;
    if (*key == '\r' || *key == '\n') return Outcome::kSave;
    if (*key == RawTerminal::kEscape || *key == kCtrlC || *key == kCtrlD) {
      if (tally.total() == 0) return Outcome::kLeave;
      screen.draw(tally, "leave without saving? y/n");
      const auto answer = terminal.read_key();
      if (!answer) return Outcome::kInputEnded;
      if (*answer == 'y' || *answer == 'Y') return Outcome::kLeave;
      screen.draw(tally, "still counting");
      continue;
    }
    if (*key == RawTerminal::kSequence) continue;
    switch (tally.press(static_cast<char>(*key))) {
      case Tally::Press::kCounted:
        screen.draw(tally);
        break;
      case Tally::Press::kUndone:
        screen.draw(tally, "undone");
        break;
      case Tally::Press::kNothingToUndo:
        screen.draw(tally, "nothing to undo");
        break;
      case Tally::Press::kUnknown:
        screen.draw(tally, "keys: the letters shown, u undo, Enter save, Esc leave");
        break;
    }
  }
}

// The entry's note, asked for once the counting is over; asked again until it is text
// leadlab can store (a pasted control character is refused, not the meeting's counts).
std::string ask_note(const Context& ctx) {
  for (;;) {
    ctx.out() << "Note (Enter to skip): " << std::flush;
    std::string note;
    if (!std::getline(std::cin, note)) return {};
    try {
      check_text("the note", note);
      return note;
    } catch (const UsageError& e) {
      ctx.out() << terminal_safe(e.what()) << "\n";
    }
  }
}

// Whether the metrics nothing was counted for were really zero (none happened) or simply
// not counted; only the first is recorded. Nullopt: record nothing at all.
std::optional<bool> ask_zeros(const Context& ctx, const Tally& tally) {
  const auto uncounted = tally.uncounted();
  if (uncounted.empty()) return false;
  if (tally.total() == 0) {
    if (confirm(ctx, "Nothing was counted. Save 0 for every metric (none happened)?", false))
      return true;
    return std::nullopt;
  }
  std::string names;
  for (const auto& n : uncounted) names += (names.empty() ? "" : ", ") + n;
  return confirm(
      ctx,
      "Nothing was counted for " + names + ". Save 0 (none happened)? Otherwise they are left out",
      false);
}

}  // namespace

Command add_tally(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand(
      "tally", "Count during a meeting: a key per metric, Enter saves one entry for today");
  auto args = std::make_shared<TallyArgs>();
  cmd->add_option("ID", args->id, "The experiment; may be left out when one experiment is active");
  cmd->add_option("--note", args->note, "The entry's note (otherwise asked for at the end)");
  cmd->add_option("--metric", args->metrics,
                  "Tally only this count metric (repeat it; default: every count metric)");
  add_date_option(*cmd, args->date, "The day of the occasion (for a meeting counted on paper)");
  cmd->add_option("--off-plan", args->off_plan,
                  "The change was not carried out as planned: what was different");
  cmd->footer(
      "Examples:\n"
      "  leadlab tally        # q questions, s statements, u undo, Enter saves, Esc leaves\n"
      "  leadlab tally 2 --metric questions --metric statements --note \"weekly planning\"\n"
      "  leadlab tally --date yesterday --off-plan \"only half the meeting\"\n"
      "A metric nothing was counted for is saved as 0 only if you say none happened.\n"
      "It needs a terminal: from a script, record the counts with `leadlab log`.");
  return {
      cmd,
      [&ctx, args] {
        if (!ctx.interactive()) {
          throw UsageError(
              "`leadlab tally` counts key presses at a terminal, and standard "
              "input or output is not one",
              "record the counts with `leadlab log ID NAME=VALUE...` instead");
        }
        if (args->note) check_text("--note", *args->note);
        const Day today = ctx.today();
        const Day date = parse_date(args->date, today);
        Journal journal = ctx.open_journal();
        std::optional<std::int64_t> id;
        if (!args->id.empty()) id = parse_experiment_id(args->id);
        Tally tally(loggable_experiment(journal, id, today), args->metrics);
        const Experiment& e = tally.experiment();
        ctx.out() << "Tallying experiment " << e.id << " (" << terminal_safe(e.title) << "), "
                  << to_string(e.phase_of(date)) << ", for "
                  << (date == today ? std::string("today") : format_date(date)) << ".\n";
        for (const auto& k : tally.keys()) {
          const Metric& m = *e.find_metric(k.metric);
          ctx.out() << "  " << k.key << "  " << m.name
                    << (m.label.empty() || m.label == m.name ? "" : ": " + terminal_safe(m.label))
                    << "\n";
        }
        ctx.out() << "  u  undo the last key    Enter  save    Esc or Ctrl-C  leave\n";

        Screen screen(ctx.out(), ctx.render_options());
        RawTerminal terminal;
        const Outcome outcome = count(terminal, tally, screen);
        terminal.suspend();
        screen.finish();
        if (outcome == Outcome::kInputEnded) {
          ctx.err() << "leadlab: the terminal's input ended; nothing was saved\n";
          return 1;
        }
        if (outcome == Outcome::kLeave) {
          ctx.out() << "Left without saving: nothing was written.\n";
          return 0;
        }
        LogRequest request;
        request.experiment_id = e.id;
        request.assignments = tally.assignments(false);
        request.date = date;
        request.off_plan = args->off_plan;
        try {
          const auto zeros = ask_zeros(ctx, tally);
          if (!zeros) {
            ctx.out() << "Nothing was counted, so nothing was written.\n";
            return 0;
          }
          request.assignments = tally.assignments(*zeros);
          request.note = args->note ? *args->note : ask_note(ctx);
          const LogResult result = log_entry(journal, request, today);
          report_logged(ctx, journal, result, today);
        } catch (const std::exception&) {
          // Never lose a meeting's counts: say how to record them by hand.
          std::string command = "leadlab log " + std::to_string(e.id);
          for (const auto& a : request.assignments) command += " " + a;
          command += " --date " + format_date(date);
          if (!request.note.empty()) command += " --note " + shell_quote(request.note);
          if (request.off_plan) command += " --off-plan " + shell_quote(*request.off_plan);
          ctx.err() << "leadlab: the counts were not saved; to record them later:\n  " << command
                    << "\n";
          throw;
        }
        return 0;
      },
      Access::kWrites};
}

}  // namespace leadlab::cli
