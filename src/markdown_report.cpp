// The Markdown progress report (report.hpp). Everything a user typed goes through
// markdown_escape; the rest is leadlab's own words and numbers.
#include <algorithm>
#include <set>
#include <sstream>

#include "leadlab/chart.hpp"
#include "leadlab/dates.hpp"
#include "leadlab/entries.hpp"
#include "leadlab/error.hpp"
#include "leadlab/report.hpp"
#include "leadlab/series.hpp"
#include "leadlab/text.hpp"

namespace leadlab {
namespace {

bool is_line_start_marker(std::string_view line) {
  if (line.empty()) return false;
  const char c = line.front();
  if (c == '#' || c == '+' || c == '-' || c == '=' || c == '*' || c == '_' || c == ':') return true;
  // An ordered list: digits then "." or ")".
  std::size_t i = 0;
  while (i < line.size() && i < 10 && line[i] >= '0' && line[i] <= '9') ++i;
  return i > 0 && i < line.size() && (line[i] == '.' || line[i] == ')');
}

// One line of user text, escaped; `line` has no newline.
std::string escape_line(std::string_view line, bool in_table) {
  // Leading blanks could make an indented code block; they carry no meaning here.
  while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) line.remove_prefix(1);
  std::string out;
  out.reserve(line.size() + 8);
  if (is_line_start_marker(line)) {
    // Escape the character that would start a block (a heading, list, rule or table line).
    std::size_t digits = 0;
    while (digits < line.size() && line[digits] >= '0' && line[digits] <= '9') ++digits;
    out.append(line.substr(0, digits));
    line.remove_prefix(digits);
    if (!line.empty() && line.front() != '*' && line.front() != '_') {
      out += '\\';
      out += line.front();
      line.remove_prefix(1);
    }
  }
  for (const char c : line) {
    switch (c) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '\\':
      case '`':
      case '*':
      case '_':
      case '[':
      case ']':
      case '|':
      case '~':
      case '!':
      case '$':
        out += '\\';
        out += c;
        break;
      default:
        out += c;
    }
  }
  (void)in_table;
  return out;
}

std::string esc(std::string_view text) { return markdown_escape(text, false); }
std::string cell(std::string_view text) { return markdown_escape(text, true); }

std::string num(const std::optional<double>& value) { return value ? format_number(*value) : "-"; }

// "share: NAP 0.97 (strong)" for the summary table; the words when there is no verdict.
std::string effect_of(const ReportExperiment& r) {
  const Metric* headline = headline_metric(r.row.experiment);
  if (headline == nullptr) return "-";
  const MetricReport* m = r.analysis.find(headline->name);
  if (m == nullptr) return "-";
  const Comparison& c = m->analysis.comparison;
  if (c.baseline.n == 0 && c.test.n == 0) return "no data yet";
  if (c.adequacy == Adequacy::kNotEnoughData || !c.nap) return headline->name + ": not enough data";
  std::string out = headline->name + ": NAP " + format_number(*c.nap);
  if (c.nap_band) out += " (" + std::string(to_string(*c.nap_band)) + ")";
  if (c.adequacy == Adequacy::kProvisional) out += ", provisional";
  return out;
}

std::string decision_of(const ReportExperiment& r) {
  return r.reviews.empty() || r.reviews.back().decision.empty() ? "-" : r.reviews.back().decision;
}

std::string points_of(const ReportExperiment& r) {
  const Experiment& e = r.row.experiment;
  return std::to_string(r.row.stats.baseline_points) + "/" + std::to_string(e.baseline_points) +
         " + " + std::to_string(r.row.stats.test_points) + "/" + std::to_string(e.test_points);
}

void field(std::ostringstream& out, const char* label, const std::string& value) {
  if (!value.empty()) out << "**" << label << ":** " << esc(value) << "\n\n";
}

void write_lineage(std::ostringstream& out, const ReportExperiment& r) {
  const Experiment& e = r.row.experiment;
  const Lineage& l = r.lineage;
  if (!l.parent && l.children.empty()) return;
  out << "**Series:** cycle " << e.cycle << " of the series begun by experiment " << l.root.id
      << " (" << esc(l.root.title) << ")";
  if (l.parent)
    out << "; follows experiment " << l.parent->id << " (" << esc(l.parent->title) << ")";
  if (!l.children.empty()) {
    out << "; followed by ";
    for (std::size_t i = 0; i < l.children.size(); ++i)
      out << (i ? ", " : "") << "experiment " << l.children[i].id << " ("
          << esc(l.children[i].title) << ")";
  }
  out << ".\n\n";
}

// The week-by-week table: one row per week that has an entry, a column per metric.
void write_weeks(std::ostringstream& out, const ReportExperiment& r) {
  if (r.analysis.metrics.empty() || r.entries.empty()) return;
  const MetricReport& first = r.analysis.metrics.front();
  const WeekRange& weeks = first.weeks;
  out << "#### Week by week\n\n| Week | Entries |";
  for (const auto& m : r.analysis.metrics) out << " " << m.metric.name << " |";
  out << "\n|---|---:|";
  for (std::size_t i = 0; i < r.analysis.metrics.size(); ++i) out << "---:|";
  out << "\n";
  for (int w = 0; w < weeks.count; ++w) {
    int occasions = 0;
    for (const auto& m : r.analysis.metrics)
      if (static_cast<std::size_t>(w) < m.weekly.size())
        occasions = std::max(occasions, m.weekly[static_cast<std::size_t>(w)].occasions);
    if (occasions == 0) continue;
    out << "| " << week_label(weeks.start_of(w), weeks.start_day) << " | " << occasions << " |";
    for (const auto& m : r.analysis.metrics) {
      const auto i = static_cast<std::size_t>(w);
      out << " " << (i < m.weekly.size() ? num(m.weekly[i].value) : "-") << " |";
    }
    out << "\n";
  }
  out << "\n";
}

// A Mermaid line chart of the headline metric per week, and a sparkline per occasion for
// viewers without Mermaid. Only leadlab's own labels and numbers go into the chart.
void write_chart(std::ostringstream& out, const ReportExperiment& r) {
  const Metric* headline = headline_metric(r.row.experiment);
  if (headline == nullptr) return;
  const MetricReport* m = r.analysis.find(headline->name);
  if (m == nullptr || m->series.points.empty()) return;
  std::string labels;
  std::string values;
  for (int w = 0; w < m->weeks.count; ++w) {
    const auto i = static_cast<std::size_t>(w);
    if (i >= m->weekly.size() || !m->weekly[i].value) continue;
    labels += (labels.empty() ? "" : ", ") + std::string("\"") +
              week_label(m->weeks.start_of(w), m->weeks.start_day) + "\"";
    values += (values.empty() ? "" : ", ") + format_number(*m->weekly[i].value, 3);
  }
  if (!values.empty()) {
    out << "```mermaid\nxychart-beta\n    title \"" << headline->name << " per week\"\n"
        << "    x-axis [" << labels << "]\n    y-axis \"" << headline->name << "\"\n"
        << "    line [" << values << "]\n```\n\n";
  }
  std::vector<std::optional<double>> occasions;
  for (const auto& p : m->series.points) occasions.emplace_back(p.value);
  out << "Per occasion (" << headline->name << "): `" << sparkline(occasions) << "`";
  if (m->analysis.run_chart.centre)
    out << ", baseline median " << format_number(*m->analysis.run_chart.centre);
  out << "\n\n";
}

void write_analysis(std::ostringstream& out, const ReportExperiment& r) {
  if (r.analysis.metrics.empty()) return;
  out << "#### Analysis\n\n";
  for (const auto& m : r.analysis.metrics) {
    const Comparison& c = m.analysis.comparison;
    out << "- **" << m.metric.name << "** (" << to_string(c.adequacy) << "): " << esc(m.verdict);
    if (c.nap && c.adequacy != Adequacy::kNotEnoughData) {
      out << " Baseline median " << num(c.baseline.median) << " (" << c.baseline.n
          << " points), test median " << num(c.test.median) << " (" << c.test.n << " points); NAP "
          << format_number(*c.nap);
      if (c.nap_band) out << " (" << to_string(*c.nap_band) << ")";
      if (c.tau_u) out << ", Tau-U " << format_number(*c.tau_u);
      if (c.pnd) out << ", PND " << format_number(*c.pnd, 0) << "%";
      out << ".";
    }
    out << "\n";
  }
  if (r.analysis.success) {
    const SuccessReport& s = *r.analysis.success;
    out << "- **Success rule** `" << esc(s.rule) << "`: ";
    if (s.result) {
      out << to_string(s.result->state) << (s.result->provisional ? " (provisional)" : "");
      for (const auto& clause : s.result->clauses) out << "; " << esc(clause.explanation);
    } else {
      out << "does not parse (" << esc(s.error) << ")";
    }
    out << "\n";
  }
  out << "\n";
}

void write_entries(std::ostringstream& out, const ReportExperiment& r) {
  out << "#### Entries\n\n";
  if (r.entries.empty()) {
    out << "No entries yet.\n\n";
    return;
  }
  const Experiment& e = r.row.experiment;
  out << "| Date | Phase |";
  for (const auto& m : e.metrics) out << " " << m.name << " |";
  out << " Note |\n|---|---|";
  for (std::size_t i = 0; i < e.metrics.size(); ++i) out << "---:|";
  out << "---|\n";
  for (const auto& entry : r.entries) {
    out << "| " << format_date(entry.date) << " | " << to_string(e.phase_of(entry.date)) << " |";
    for (const auto& [metric, value] : entry_values(e, entry))
      out << " " << (value ? format_value(*metric, *value) : "-") << " |";
    std::string note = entry.note;
    if (!entry.as_planned)
      note += (note.empty() ? "" : " ") + std::string("(not as planned: ") + entry.deviation + ")";
    out << " " << cell(note) << " |\n";
  }
  out << "\n";
}

void write_reviews(std::ostringstream& out, const ReportExperiment& r) {
  for (const auto& v : r.reviews) {
    out << "#### Review, " << v.created.substr(0, 10);
    if (!v.author.empty()) out << ", by " << cell(v.author);
    out << "\n\n";
    const std::pair<const char*, std::string> rows[] = {{"Prediction met", v.prediction_met},
                                                        {"Observed", v.observed},
                                                        {"Why the difference", v.difference},
                                                        {"Surprised", v.surprised},
                                                        {"As planned", v.as_planned},
                                                        {"Learned", v.learned},
                                                        {"Decision", v.decision}};
    for (const auto& [label, value] : rows)
      if (!value.empty()) out << "- **" << label << ":** " << esc(value) << "\n";
    if (!v.next_step.empty()) {
      out << "- **Next step:** " << esc(v.next_step);
      if (v.next_by) out << " (by " << format_date(*v.next_by) << ")";
      out << "\n";
    }
    if (v.commitment) out << "- **Commitment:** " << *v.commitment << "/10\n";
    out << "\n";
  }
}

void write_comments(std::ostringstream& out, const ReportExperiment& r) {
  if (r.comments.empty()) return;
  out << "#### Comments\n\n";
  for (const auto& c : r.comments) {
    std::string text = esc(c.text);
    // Keep every line of the comment inside its quote.
    for (std::size_t at = text.find('\n'); at != std::string::npos; at = text.find('\n', at + 3))
      text.replace(at, 1, "\n> ");
    out << "> **" << (c.author.empty() ? "Comment" : cell(c.author)) << "**, "
        << c.created.substr(0, 10) << ": " << text << "\n\n";
  }
}

void write_experiment(std::ostringstream& out, const ReportExperiment& r) {
  const Experiment& e = r.row.experiment;
  out << "## " << e.id << ". " << esc(e.title) << "\n\n";
  out << "*" << to_string(e.status) << "*";
  if (e.baseline_start) out << " · baseline from " << format_date(*e.baseline_start);
  if (e.test_start) out << " · test from " << format_date(*e.test_start);
  if (!e.closed.empty()) out << " · closed " << e.closed.substr(0, 10);
  out << " · " << cell(e.occasion) << " · points " << points_of(r) << "\n\n";
  field(out, "Hypothesis", e.hypothesis);
  field(out, "Change", e.change);
  field(out, "Prediction", e.prediction);
  field(out, "Why", e.prediction_why);
  write_lineage(out, r);
  write_weeks(out, r);
  write_chart(out, r);
  write_analysis(out, r);
  write_entries(out, r);
  write_reviews(out, r);
  write_comments(out, r);
  if (!r.reviews.empty() && !r.reviews.back().next_step.empty()) {
    const Review& v = r.reviews.back();
    out << "**Next step:** " << esc(v.next_step);
    if (v.next_by) out << " (by " << format_date(*v.next_by) << ")";
    out << "\n\n";
  }
}

}  // namespace

std::string markdown_escape(std::string_view text, bool in_table) {
  const std::string safe = terminal_safe(text, true);  // control characters made visible
  std::string out;
  std::size_t from = 0;
  bool first = true;
  while (from <= safe.size()) {
    std::size_t nl = safe.find('\n', from);
    if (nl == std::string::npos) nl = safe.size();
    std::string_view line(safe.data() + from, nl - from);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    std::string escaped = escape_line(line, in_table);
    while (!escaped.empty() && (escaped.back() == ' ' || escaped.back() == '\t'))
      escaped.pop_back();
    if (!escaped.empty()) {
      // A table cell is one line; elsewhere a backslash at the end of a line is a hard break.
      if (!first) out += in_table ? " " : "\\\n";
      out += escaped;
      first = false;
    }
    from = nl + 1;
  }
  // Tabs become spaces (terminal_safe kept them).
  std::replace(out.begin(), out.end(), '\t', ' ');
  return out;
}

ReportInput load_report(const Journal& journal, const std::vector<std::int64_t>& ids,
                        std::optional<Day> since, Day today, std::chrono::weekday week_start) {
  ReportInput input;
  input.owner = journal.info().owner;
  input.today = today;
  input.since = since;
  input.week_start = week_start;
  std::vector<Experiment> experiments;
  std::set<std::int64_t> named;
  if (ids.empty()) {
    experiments = journal.list_experiments();
  } else {
    for (const auto id : ids)
      if (named.insert(id).second) experiments.push_back(require_experiment(journal, id));
  }
  const auto on_or_after = [&](const std::string& timestamp) {
    const auto day = parse_iso_date(std::string_view(timestamp).substr(0, 10));
    return day && *day >= *since;
  };
  for (auto& e : experiments) {
    ReportExperiment r;
    r.entries = journal.entries(e.id);
    r.reviews = journal.reviews(e.id);
    r.comments = journal.comments(e.id);
    // The analysis reads every entry: a verdict from part of the baseline would mislead.
    r.analysis = analyse_experiment(e, r.entries, week_start);
    if (since) {
      std::erase_if(r.entries, [&](const Entry& x) { return x.date < *since; });
      const bool active = !r.entries.empty() || on_or_after(e.created) ||
                          (!e.closed.empty() && on_or_after(e.closed)) ||
                          std::any_of(r.comments.begin(), r.comments.end(),
                                      [&](const Comment& c) { return on_or_after(c.created); });
      if (!active && named.count(e.id) == 0) continue;
    }
    r.lineage = lineage_of(journal, e);
    r.row.stats = journal.stats(e);
    r.row.experiment = std::move(e);
    input.experiments.push_back(std::move(r));
  }
  return input;
}

std::string render_markdown_report(const ReportInput& input) {
  std::ostringstream out;
  out << "# Leadership experiments";
  if (!input.owner.empty()) out << ": " << esc(input.owner);
  out << "\n\n";
  out << "Progress report of " << format_date(input.today);
  if (input.since)
    out << ", covering " << format_date(*input.since) << " to " << format_date(input.today);
  out << ". Made by leadlab.\n\n";
  if (input.experiments.empty()) {
    out << "No experiments" << (input.since ? " in this period" : " yet") << ".\n";
    return out.str();
  }
  out << "| # | Experiment | Status | Points (baseline + test) | Effect | Decision |\n"
      << "|---:|---|---|---|---|---|\n";
  for (const auto& r : input.experiments) {
    const Experiment& e = r.row.experiment;
    out << "| " << e.id << " | " << cell(e.title) << " | " << to_string(e.status) << " | "
        << points_of(r) << " | " << cell(effect_of(r)) << " | " << decision_of(r) << " |\n";
  }
  out << "\n";
  for (const auto& r : input.experiments) write_experiment(out, r);
  return out.str();
}

}  // namespace leadlab
