#include "leadlab/report/text_view.hpp"

#include <algorithm>
#include <sstream>

#include "leadlab/analysis/randomization.hpp"
#include "leadlab/model/dates.hpp"
#include "leadlab/model/text.hpp"
#include "leadlab/model/values.hpp"

namespace leadlab {
namespace {

// A note column narrower than this puts notes below their rows instead.
constexpr int kMinNoteColumn = 20;
// A title column narrower than this is given this much; the line is then wider.
constexpr int kMinTitleColumn = 20;

std::string bold(const RenderOptions& o, const std::string& text) { return styled(o, "1", text); }

void field(std::ostringstream& out, const RenderOptions& o, const std::string& label,
           const std::string& value) {
  out << labelled(label, value, o.width);
}

// `text` (terminal safe, one paragraph) wrapped into `width` columns, words longer than the
// column cut between code points; the lines after the first start with `indent` spaces.
std::string wrapped_cell(const std::string& text, int width, int indent) {
  std::string out;
  const std::string lead(static_cast<std::size_t>(indent), ' ');
  for (const std::string& line : wrap(text, width, true))
    out += (out.empty() ? "" : "\n" + lead) + line;
  return out;
}

// An entry's note as the table shows it: the deviation of an off-plan entry first.
std::string note_of(const Entry& entry) {
  std::string note = entry.note;
  if (!entry.as_planned)
    note = "[off plan: " + entry.deviation + "]" + (note.empty() ? "" : " " + note);
  return note;
}

std::string points(int logged, int planned) {
  return std::to_string(logged) + "/" + std::to_string(planned);
}

std::string metric_description(const Metric& m) {
  std::string text(to_string(m.kind));
  if (m.kind == MetricKind::kScale)
    text += " " + format_number(*m.scale_min) + ".." + format_number(*m.scale_max);
  if (m.kind == MetricKind::kDerived) text = "= " + m.formula;
  text += std::string(", ") + (m.direction == Direction::kUp ? "up" : "down") + " is better";
  if (!m.instructions.empty()) text += "; " + m.instructions;
  return text;
}

}  // namespace

std::string styled(const RenderOptions& o, const char* sgr, const std::string& text) {
  if (!o.color) return text;
  return std::string("\x1b[") + sgr + "m" + text + "\x1b[0m";
}

// The status name is padded before styling, so escapes never skew columns.
std::string status_label(const RenderOptions& o, Status s, int width) {
  const std::string name = pad_right(to_string(s), width);
  switch (s) {
    case Status::kBaseline:
      return styled(o, "34", name);
    case Status::kTesting:
      return styled(o, "32", name);
    case Status::kDraft:
    case Status::kClosed:
      break;
  }
  return styled(o, "2", name);
}

std::string describe_age(Day day, Day today) {
  const auto days = (today - day).count();
  if (days == 0) return "today";
  if (days == 1) return "yesterday";
  if (days < 0) return "in " + std::to_string(-days) + " days";
  return std::to_string(days) + " days ago";
}

std::string render_list(const std::vector<ExperimentRow>& rows, const RenderOptions& o,
                        std::string_view filter) {
  if (rows.empty() && !filter.empty()) {
    return "No experiment matches " + terminal_safe(filter) +
           ".\n  `leadlab list` shows them all.\n";
  }
  if (rows.empty()) {
    return "No experiments yet. Create one with\n"
           "  leadlab new --title \"Ask before telling\" --hypothesis \"If I ask first, my team "
           "proposes more\" \\\n"
           "      --change \"Open every agenda item with a question\" --metric "
           "questions:count:up\n";
  }
  // One string, appended to: a list may have a thousand rows.
  std::string out = bold(o, pad_right("id", 4) + pad_right("status", 10) + pad_right("base", 6) +
                                pad_right("test", 6) + pad_right("last entry", 12) + "title") +
                    "\n";
  constexpr int fixed = 4 + 10 + 6 + 6 + 12;
  const int room = std::max(kMinTitleColumn, o.width - fixed);
  out.reserve(out.size() + rows.size() * static_cast<std::size_t>(fixed + room + 1));
  for (const auto& [e, stats] : rows) {
    const bool has_baseline = e.baseline_start.has_value();
    out += pad_right(std::to_string(e.id), 4);
    out += status_label(o, e.status, 10);
    out += pad_right(has_baseline ? points(stats.baseline_points, e.baseline_points) : "-", 6);
    out += pad_right(e.test_start ? points(stats.test_points, e.test_points) : "-", 6);
    out += pad_right(stats.last_entry ? format_date(*stats.last_entry) : "-", 12);
    out += wrapped_cell(terminal_safe(e.title), room, fixed);
    out += '\n';
  }
  return out;
}

std::string render_entries(const Experiment& e, const std::vector<Entry>& entries,
                           const RenderOptions& o, NoteLayout notes) {
  if (entries.empty()) {
    // What to do next in the experiment's state, as a command that runs as printed.
    const std::string id = std::to_string(e.id);
    const std::string none = "No entries yet for experiment " + id;
    if (e.status == Status::kDraft) {
      return none + ": it is a draft.\n  Begin its baseline with `leadlab baseline " + id +
             "` (or test straight away\n  with `leadlab start " + id + "`).\n";
    }
    if (e.status == Status::kClosed) return none + "; it is closed.\n";
    return none + ". Log one with `leadlab log " + id + "` (it asks for each value).\n";
  }
  // Column widths: each metric column is as wide as its name or its widest value.
  std::vector<std::vector<std::string>> cells;
  std::vector<int> widths;
  for (const auto& m : e.metrics) widths.push_back(std::max(3, display_width(m.name)));
  int id_width = 1;
  const EntryValues values_of(e);
  for (const auto& entry : entries) {
    std::vector<std::string> row;
    std::size_t i = 0;
    for (const auto& [metric, value] : values_of(entry)) {
      row.push_back(value ? format_value(*metric, *value) : "-");
      widths[i] = std::max(widths[i], display_width(row.back()));
      ++i;
    }
    cells.push_back(std::move(row));
    id_width = std::max(id_width, static_cast<int>(std::to_string(entry.id).size()));
  }
  std::ostringstream out;
  std::string header =
      pad_left("#", id_width) + "  " + pad_right("date", 10) + "  " + pad_right("phase", 8);
  for (std::size_t i = 0; i < e.metrics.size(); ++i)
    header += "  " + pad_left(terminal_safe(e.metrics[i].name), widths[i]);
  const int used = display_width(header) + 2;
  const int room = o.width - used;
  if (notes == NoteLayout::kColumn && room < kMinNoteColumn) notes = NoteLayout::kParagraph;
  if (notes != NoteLayout::kParagraph) header += "  note";
  out << bold(o, header) << "\n";
  // A note below its row starts under the date.
  const int below = id_width + 2;
  for (std::size_t r = 0; r < entries.size(); ++r) {
    const Entry& entry = entries[r];
    std::string line = pad_left(std::to_string(entry.id), id_width) + "  " +
                       format_date(entry.date) + "  " +
                       pad_right(std::string(to_string(e.phase_of(entry.date))), 8);
    for (std::size_t i = 0; i < cells[r].size(); ++i)
      line += "  " + pad_left(cells[r][i], widths[i]);
    const std::string note = note_of(entry);
    if (!note.empty()) {
      switch (notes) {
        case NoteLayout::kColumn:
          line += "  " + wrapped_cell(terminal_safe(note), room, used);
          break;
        case NoteLayout::kWide:
          line += "  " + terminal_safe(note);
          break;
        case NoteLayout::kParagraph:
          // Line breaks the note has are kept; a tab reads as a space.
          std::string text = terminal_safe(note, true);
          std::replace(text.begin(), text.end(), '\t', ' ');
          for (const std::string& part : wrap(text, o.width - below, true))
            line += "\n" + std::string(static_cast<std::size_t>(below), ' ') + part;
          break;
      }
    }
    out << line << "\n";
  }
  return out.str();
}

std::string render_experiment(const ExperimentRow& row, const std::vector<Entry>& entries,
                              const RenderOptions& o) {
  const Experiment& e = row.experiment;
  std::ostringstream out;
  out << bold(o, "Experiment " + std::to_string(e.id) + ": " + terminal_safe(e.title)) << "  ["
      << status_label(o, e.status) << "]\n";
  field(out, o, "Hypothesis", e.hypothesis);
  field(out, o, "Change", e.change);
  field(out, o, "Prediction", e.prediction);
  field(out, o, "Why", e.prediction_why);
  field(out, o, "Occasion", e.occasion);
  std::string plan = std::to_string(e.baseline_points) + " baseline and " +
                     std::to_string(e.test_points) + " test points";
  field(out, o, "Plan", plan);
  if (e.random_start) field(out, o, "Start", design_words(*e.random_start, e.occasion));
  if (e.baseline_start) {
    field(out, o, "Baseline",
          "since " + format_date(*e.baseline_start) + ", " +
              points(row.stats.baseline_points, e.baseline_points) + " points");
  }
  if (e.test_start) {
    field(out, o, "Testing",
          "since " + format_date(*e.test_start) + ", " +
              points(row.stats.test_points, e.test_points) + " points");
    if (!e.baseline_start)
      field(out, o, "", "started without a baseline: there is no before/after comparison");
  }
  if (row.stats.last_entry) {
    field(out, o, "Last entry",
          format_date(*row.stats.last_entry) + " (" + describe_age(*row.stats.last_entry, o.today) +
              ")");
  }
  std::string tags;
  for (const auto& t : e.tags) tags += (tags.empty() ? "" : ", ") + t;
  field(out, o, "Tags", tags);
  if (!e.template_name.empty()) field(out, o, "Template", e.template_name);
  field(out, o, "Success", e.success_rule);
  out << "\n" << bold(o, "Metrics") << "\n";
  int name_width = 0;
  for (const auto& m : e.metrics) name_width = std::max(name_width, display_width(m.name));
  for (const auto& m : e.metrics)
    out << labelled(m.name, metric_description(m), o.width, std::max(12, name_width + 2));
  out << "\n"
      << bold(o, "Entries") << "\n"
      << render_entries(e, entries, o, NoteLayout::kParagraph);
  return out.str();
}

}  // namespace leadlab
