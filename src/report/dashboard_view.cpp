#include "leadlab/report/dashboard_view.hpp"

#include <algorithm>

#include "leadlab/model/dates.hpp"
#include "leadlab/model/text.hpp"
#include "leadlab/model/values.hpp"
#include "report/view_support.hpp"

namespace leadlab {
namespace {

using view::field;
using view::number;
using view::signed_number;

// "#1 Ask before telling  [testing]", the title cut to fit.
std::string experiment_title(const Experiment& e, const RenderOptions& o) {
  const std::string id = "#" + std::to_string(e.id) + " ";
  const int room = o.width - display_width(id) - 4 - static_cast<int>(to_string(e.status).size());
  return styled(o, "1", id + fit_width(terminal_safe(e.title), room, o.ascii)) + "  [" +
         status_label(o, e.status) + "]\n";
}

std::string points_text(const DashboardItem& item) {
  const Experiment& e = item.experiment;
  const auto of = [](int logged, int planned) {
    return std::to_string(logged) + "/" + std::to_string(planned);
  };
  std::string text;
  if (e.baseline_start) text = "baseline " + of(item.stats.baseline_points, e.baseline_points);
  if (e.test_start) {
    text += (text.empty() ? "" : ", ") + std::string("test ") +
            of(item.stats.test_points, e.test_points);
    if (!e.baseline_start) text += " (no baseline)";
  }
  return text;
}

std::string latest_text(const Headline& h, Status status) {
  if (!h.latest) return h.metric.name + ": nothing logged yet";
  std::string text = h.metric.name + " " + format_value(h.metric, h.latest->value) + " on " +
                     format_date(h.latest->date);
  if (!h.baseline_median) return text + "; no baseline to compare with";
  if (h.latest->phase == Phase::kBaseline) {
    // Still counting the "before": its running median, nothing to be better or worse than.
    return text +
           (status == Status::kBaseline ? "; baseline median so far " : "; baseline median ") +
           format_number(*h.baseline_median) + " (" + std::to_string(h.baseline_points) +
           (h.baseline_points == 1 ? " point)" : " points)") +
           (status == Status::kBaseline ? "" : "; no test value yet");
  }
  text += " against the baseline median " + format_number(*h.baseline_median) + " (" +
          signed_number(h.change);
  if (h.better) text += *h.better ? ", better" : ", worse";
  return text + ")";
}

std::string signal_text(const Signal& s) {
  return std::string(s.kind) + " in " + s.metric + ": " +
         view::signal_description(s.stretch, s.kind == "shift", s.centre, s.from, s.to) +
         (s.adequacy == Adequacy::kNotEnoughData ? "; too few points to rely on yet" : "");
}

void dashboard_item_text(std::string& out, const DashboardItem& item, const RenderOptions& o) {
  out += "\n" + experiment_title(item.experiment, o);
  field(out, o, "points", points_text(item));
  const auto& last = item.stats.last_entry;
  field(out, o, "last entry",
        last ? format_date(*last) + " (" + describe_age(*last, o.today) + ")" : "none yet");
  if (item.headline) {
    field(out, o, "latest", latest_text(*item.headline, item.experiment.status));
    std::vector<std::optional<double>> values(item.headline->values.begin(),
                                              item.headline->values.end());
    const auto m = static_cast<std::ptrdiff_t>(item.headline->baseline_points);
    if (m > 0 && m < static_cast<std::ptrdiff_t>(values.size()))
      values.insert(values.begin() + m, std::nullopt);  // a gap where the change began
    field(out, o, "", view::fitted_sparkline(values, o.width - 14, o.ascii));
  }
  field(out, o, "signal", item.signal ? signal_text(*item.signal) : "none yet");
  if (item.due.empty()) field(out, o, "due", "nothing");
  bool first = true;
  for (const Due& due : item.due) {
    field(out, o, first ? "due" : "", due.message, "33");
    first = false;
  }
}

// ---------------------------------------------------------------------------------------
// summary
// ---------------------------------------------------------------------------------------

// A metric's name in a column header: 16 columns on an 80-column terminal, more on a wide one.
int max_metric_column(const RenderOptions& o) { return std::max(16, o.width / 5); }

std::string plural(int n, std::string_view what) {
  return std::to_string(n) + " " + std::string(what) + (n == 1 ? "" : "s");
}

void cadence_section(std::string& out, const Summary& s, const RenderOptions& o) {
  const Cadence& c = s.cadence;
  out += "\n" + styled(o, "1", "Cadence") + "\n";
  field(out, o, "entries",
        "in " + std::to_string(c.weeks_with_entries) + " of " + plural(s.weeks.count, "week") +
            (c.weeks_without_entries > 0 ? ", none in " + std::to_string(c.weeks_without_entries)
                                         : ""));
  field(out, o, "streak",
        plural(c.current_streak, "week") + " in a row with entries, up to this week" +
            (c.streak_reaches_start ? " (from the first week shown: maybe longer)" : ""));
  // Numbers, not a sparkline: a week without entries must not look like a low week.
  std::string per_week;
  for (int n : c.entries) per_week += (per_week.empty() ? "" : " ") + std::to_string(n);
  field(out, o, "per week", per_week + " entries, oldest first");
}

// The metric columns that fit beside the fixed columns, taken greedily from `first`.
std::size_t metrics_that_fit(const std::vector<int>& widths, std::size_t first, int fixed,
                             int width) {
  std::size_t last = first;
  int used = fixed;
  while (last < widths.size() && (last == first || used + 2 + widths[last] <= width)) {
    used += 2 + widths[last];
    ++last;
  }
  return last;
}

void week_table(std::string& out, const SummaryExperiment& x, const Summary& s,
                const RenderOptions& o) {
  const int label_width = s.weeks.start_day == std::chrono::Monday ? 8 : 10;
  std::vector<std::string> names;
  std::vector<int> widths;
  for (const SummaryMetric& m : x.metrics) {
    names.push_back(fit_width(m.metric.name, max_metric_column(o), o.ascii));
    int w = std::max(5, display_width(names.back()));
    for (const PeriodValue& v : m.weekly) w = std::max(w, display_width(view::week_value(v)));
    widths.push_back(w);
  }
  const int fixed = 2 + label_width + 2 + 8 + 2 + 3;
  for (std::size_t first = 0; first < names.size() || first == 0;) {
    const std::size_t last = metrics_that_fit(widths, first, fixed, o.width);
    std::string header = "  " + pad_right("week", label_width) + "  " + pad_right("phase", 8) +
                         "  " + pad_left("n", 3);
    for (std::size_t i = first; i < last; ++i) header += "  " + pad_left(names[i], widths[i]);
    out += styled(o, "2", header) + "\n";
    for (int w = 0; w < s.weeks.count; ++w) {
      const auto k = static_cast<std::size_t>(w);
      std::string line =
          "  " + pad_right(week_label(s.weeks.start_of(w), s.weeks.start_day), label_width) + "  " +
          pad_right(to_string(x.phases[k]), 8) + "  " + pad_left(std::to_string(x.entries[k]), 3);
      for (std::size_t i = first; i < last; ++i)
        line += "  " + pad_left(view::week_value(x.metrics[i].weekly[k]), widths[i]);
      out += line + "\n";
    }
    if (last >= names.size()) break;
    first = last;
  }
  // Counts and minutes: the mean per occasion, so that a week with one meeting does not
  // look like a collapse; the total is beside it.
  std::string amounts;
  for (const SummaryMetric& m : x.metrics)
    if (aggregate_of(m.metric.kind) == Aggregate::kSum)
      amounts += (amounts.empty() ? "" : ", ") + terminal_safe(m.metric.name);
  if (!amounts.empty())
    field(out, o, "", amounts + ": mean per occasion, the week's total in brackets", "2", 2, 0);
}

std::string decision_text(const ExperimentClosed& c) {
  if (!c.review || c.review->decision.empty()) return "closed, no decision recorded";
  std::string text = "closed: " + c.review->decision;
  if (!c.review->next_step.empty()) text += "; next: " + terminal_safe(c.review->next_step);
  return text;
}

void milestones_section(std::string& out, const Summary& s, const RenderOptions& o) {
  out += "\n" + styled(o, "1", "Started and closed") + "\n";
  if (s.started.empty() && s.closed.empty()) out += "  nothing started or closed in this period\n";
  for (const PhaseStarted& b : s.started)
    field(out, o, format_date(b.date),
          fit_width("#" + std::to_string(b.experiment_id) + " " + terminal_safe(b.title), 50,
                    o.ascii) +
              (b.phase == Phase::kBaseline ? ": baseline began" : ": test began"));
  for (const ExperimentClosed& c : s.closed)
    field(out, o, format_date(c.date),
          fit_width("#" + std::to_string(c.experiment_id) + " " + terminal_safe(c.title), 40,
                    o.ascii) +
              ": " + decision_text(c));
}

}  // namespace

std::string render_dashboard(const std::vector<DashboardItem>& items, const RenderOptions& o,
                             const std::vector<Experiment>& drafts) {
  if (items.empty() && !drafts.empty()) {
    // A real id, so that the suggestion runs as printed.
    const std::string id = std::to_string(drafts.front().id);
    return wrapped("No active experiments. Begin draft " + id + " with `leadlab baseline " + id +
                       "` (count before the change) or `leadlab start " + id +
                       "`; `leadlab list` shows them all.",
                   o.width);
  }
  if (items.empty()) {
    return wrapped(
        "No active experiments. `leadlab list` shows them all, and `leadlab next` what to try "
        "next.",
        o.width);
  }
  std::string out = styled(o, "1", "Active experiments") + ", " + format_date(o.today) + " (" +
                    weekday_name(o.today) + ")\n";
  for (const DashboardItem& item : items) dashboard_item_text(out, item, o);
  return out;
}

std::string render_summary(const Summary& s, const RenderOptions& o) {
  std::string out = styled(o, "1", "Summary") + ": " + plural(s.weeks.count, "week") + ", " +
                    week_label(s.weeks.first, s.weeks.start_day) + " to " +
                    week_label(s.weeks.start_of(s.weeks.count - 1), s.weeks.start_day) + " (" +
                    format_date(s.weeks.first) + " to " + format_date(s.weeks.last_day()) + ")\n";
  cadence_section(out, s, o);
  for (const SummaryExperiment& x : s.experiments) {
    out += "\n" + experiment_title(x.experiment, o);
    week_table(out, x, s, o);
  }
  if (s.experiments.empty()) out += "\nNo entries in this period.\n";
  milestones_section(out, s, o);
  return out;
}

}  // namespace leadlab
