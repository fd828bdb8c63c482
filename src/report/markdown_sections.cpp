// An experiment's sections of the Markdown report (markdown_sections.hpp).
#include "report/markdown_sections.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "leadlab/analysis/experiment_analysis.hpp"
#include "leadlab/analysis/randomization.hpp"
#include "leadlab/model/dates.hpp"
#include "leadlab/model/error.hpp"
#include "leadlab/model/text.hpp"
#include "leadlab/model/values.hpp"
#include "leadlab/report/analysis_words.hpp"
#include "leadlab/report/chart.hpp"
#include "report/view_support.hpp"

namespace leadlab::markdown {

using view::number;
using view::signed_number;

// ---------------------------------------------------------------------------------------
// Escaping
// ---------------------------------------------------------------------------------------

std::string esc(std::string_view text) { return markdown_escape(text, false); }
std::string cell(std::string_view text) { return markdown_escape(text, true); }

// leadlab's own words and numbers, always placed after something on their line (so nothing
// in them can begin a block): the inline mark-up characters escaped, ">" kept readable
// ("median 3 -> 8"), since in the middle of a line it is only text.
std::string own(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n' || c == '\r' || c == '\t')
      out += ' ';
    else
      append_markdown_escaped(out, c, i == 0 || text[i - 1] == ' ');
  }
  return out;
}

namespace {

// ---------------------------------------------------------------------------------------
// Pieces
// ---------------------------------------------------------------------------------------

std::string date_of(const std::string& timestamp) { return timestamp.substr(0, 10); }

// format_value's text of a value; whole numbers (most values are counts) without snprintf.
std::string value_text(const Metric& m, double value) {
  if (m.kind != MetricKind::kYesNo && std::abs(value) < 1e15 && value == std::trunc(value))
    return std::to_string(static_cast<std::int64_t>(value));
  return own(format_value(m, value));
}

std::string experiment_name(const Experiment& e) {
  return "experiment " + std::to_string(e.id) + " (" + cell(e.title) + ")";
}

}  // namespace

std::string points_of(const ReportExperiment& r) {
  const Experiment& e = r.row.experiment;
  return std::to_string(r.row.stats.baseline_points) + "/" + std::to_string(e.baseline_points) +
         " + " + std::to_string(r.row.stats.test_points) + "/" + std::to_string(e.test_points);
}

// "share: NAP 1 (strong)" for the summary table; words when there is nothing to read yet.
std::string effect_of(const ReportExperiment& r) {
  const Metric* headline = headline_metric(r.row.experiment);
  if (headline == nullptr) return "no metrics";
  const MetricReport* m = r.analysis.find(headline->name);
  if (m == nullptr) return "-";
  const Comparison& c = m->analysis.comparison;
  const std::string name = own(headline->name);
  if (c.baseline.n == 0 && c.test.n == 0) return name + ": no data yet";
  if (c.baseline.n == 0) return name + ": no baseline to compare with";
  if (c.adequacy == Adequacy::kNotEnoughData || !c.nap) return name + ": not enough data yet";
  std::string out = name + ": NAP " + format_number(*c.nap);
  if (c.nap_band)
    out += " (" + std::string(to_string(*c.nap_band)) + ", " + interval_text(*c.nap_ci, 0.5) + ")";
  if (c.adequacy == Adequacy::kProvisional) out += ", provisional";
  return out;
}

namespace {

// "a draft", "in its baseline", "testing", "closed": where a follow-up stands.
std::string status_words(Status s) {
  switch (s) {
    case Status::kDraft:
      return "a draft";
    case Status::kBaseline:
      return "in its baseline";
    case Status::kTesting:
      return "testing";
    case Status::kClosed:
      break;
  }
  return "closed";
}

const Review* latest_review(const ReportExperiment& r) {
  return r.reviews.empty() ? nullptr : &r.reviews.back();
}

}  // namespace

std::string decision_of(const ReportExperiment& r) {
  const Review* v = latest_review(r);
  return v == nullptr || v->decision.empty() ? "-" : cell(v->decision);
}

namespace {

// "questions (count, up is better)" or "share = questions / (questions + statements), up is
// better", as the terminal's analysis names a metric.
std::string metric_description(const Metric& m) {
  const std::string better = m.direction == Direction::kUp ? "up is better" : "down is better";
  if (m.kind == MetricKind::kDerived)
    return "**" + own(m.name) + "** = " + own(m.formula) + ", " + better;
  return "**" + own(m.name) + "** (" + std::string(to_string(m.kind)) + ", " + better + ")";
}

// The verdict sentence with the metric's name in bold when it begins with it.
std::string verdict_text(const MetricReport& m) {
  const std::string& v = m.verdict;
  if (v.starts_with(m.metric.name))
    return "**" + own(m.metric.name) + "**" + own(std::string_view(v).substr(m.metric.name.size()));
  return "**" + own(m.metric.name) + "**: " + own(v);
}

std::string adequacy_text(const Comparison& c) {
  const std::string points = std::to_string(c.baseline.n) + " baseline and " +
                             std::to_string(c.test.n) +
                             (c.test.n == 1 ? " test point" : " test points");
  switch (c.adequacy) {
    case Adequacy::kVerdict:
      return points + ", enough for a verdict";
    case Adequacy::kProvisional:
      return points + ", a provisional reading (a verdict needs " +
             std::to_string(kVerdictPhasePoints) + " in each phase)";
    case Adequacy::kNotEnoughData:
      break;
  }
  return points + ", not enough data yet (each phase needs " + std::to_string(kMinPhasePoints) +
         " points first)";
}

// ---------------------------------------------------------------------------------------
// Sections
// ---------------------------------------------------------------------------------------

void write_facts(std::string& out, const ReportExperiment& r) {
  const Experiment& e = r.row.experiment;
  std::vector<std::string> dates;
  if (e.baseline_start) dates.push_back("baseline from " + format_date(*e.baseline_start));
  if (e.test_start) dates.push_back("test from " + format_date(*e.test_start));
  if (!e.closed.empty()) dates.push_back("closed on " + cell(date_of(e.closed)));
  out += "- **Status:** " + std::string(to_string(e.status));
  for (std::size_t i = 0; i < dates.size(); ++i) out += (i == 0 ? " (" : ", ") + dates[i];
  out += dates.empty() ? "\n" : ")\n";
  out += "- **Points:** baseline " + std::to_string(r.row.stats.baseline_points) + " of " +
         std::to_string(e.baseline_points) + ", test " + std::to_string(r.row.stats.test_points) +
         " of " + std::to_string(e.test_points) + " planned\n";
  if (e.random_start)
    out += "- **Randomised start:** " + cell(design_words(*e.random_start, e.occasion)) + "\n";
  out += "- **Occasion:** " + cell(e.occasion) + "\n";
  if (!e.tags.empty()) {
    out += "- **Tags:** ";
    for (std::size_t i = 0; i < e.tags.size(); ++i) out += (i ? ", " : "") + cell(e.tags[i]);
    out += "\n";
  }
  if (!e.template_name.empty()) out += "- **Template:** " + cell(e.template_name) + "\n";
  const Lineage& l = r.lineage;
  if (l.parent || !l.children.empty()) {
    out += "- **Series:** cycle " + std::to_string(e.cycle) + " of the series begun by " +
           experiment_name(l.root);
    if (l.parent) out += "; follows " + experiment_name(*l.parent);
    for (std::size_t i = 0; i < l.children.size(); ++i)
      out += (i == 0 ? "; followed by " : ", ") + experiment_name(l.children[i]);
    out += "\n";
  }
  out += "\n";
}

void write_field(std::string& out, const char* label, const std::string& value) {
  if (!value.empty()) out += std::string("**") + label + ":** " + esc(value) + "\n\n";
}

void write_metrics(std::string& out, const Experiment& e) {
  if (e.metrics.empty()) return;
  out += "**Metrics:**\n\n";
  for (const Metric& m : e.metrics) {
    out += "- " + metric_description(m);
    if (!m.label.empty()) out += ": " + cell(m.label);
    out += "\n";
  }
  out += "\n";
}

void write_metric_analysis(std::string& out, const MetricReport& m, std::string_view occasion) {
  const Comparison& c = m.analysis.comparison;
  out += "- " + verdict_text(m) + "\n";
  if (c.baseline.n + c.test.n == 0) return;
  std::vector<std::string> lines = {"data: " + adequacy_text(c)};
  if (c.nap) {
    lines.push_back("median " + number(c.baseline.median) + " -> " + number(c.test.median) + " (" +
                    signed_number(c.median_change) + "), mean " + number(c.baseline.mean) + " -> " +
                    number(c.test.mean) + " (" + signed_number(c.mean_change) + ")");
    lines.push_back("effects: " + effect_sizes_words(c));
    lines.push_back(nap_in_words(m.metric, c, occasion));
  }
  if (c.baseline_tau) lines.push_back("baseline: " + baseline_trend_words(c));
  if (!m.analysis.run_chart.centre)
    lines.emplace_back("signals: none, without baseline points there is no median to compare with");
  else
    for (std::string& line : run_chart_words(m)) lines.push_back(std::move(line));
  if (m.randomization) lines.push_back(describe_randomization(*m.randomization));
  for (const std::string& line : lines) out += "  - " + own(line) + "\n";
}

void write_analysis(std::string& out, const ReportExperiment& r) {
  if (r.analysis.metrics.empty() && !r.analysis.success) return;
  out += "### Analysis\n\n";
  // One list: the success rule first (as `show` puts it), then each metric.
  if (r.analysis.success) {
    const SuccessReport& s = *r.analysis.success;
    out += "- **Success rule** " + markdown_code(s.rule) + ": ";
    if (!s.result) {
      out += "cannot be evaluated, the rule no longer reads: " + cell(s.error) + "\n";
    } else {
      const bool provisional =
          s.result->provisional && s.result->state != RuleState::kNotEnoughData;
      out += std::string(provisional ? "provisionally " : "") +
             std::string(to_string(s.result->state)) + "\n";
      for (const ClauseResult& clause : s.result->clauses)
        out += "  - " + own(clause.explanation) + "\n";
    }
  }
  for (const MetricReport& m : r.analysis.metrics)
    write_metric_analysis(out, m, r.row.experiment.occasion);
  out += "\n";
  if (r.entries_before_period > 0)
    out += "The analysis reads every entry, also the " + std::to_string(r.entries_before_period) +
           " before the period.\n\n";
}

void write_entries(std::string& out, const ReportExperiment& r, std::optional<Day> since) {
  out += "### Entries\n\n";
  if (r.entries.empty()) {
    out += since && r.entries_before_period > 0 ? "No entries in this period.\n\n"
                                                : "No entries yet.\n\n";
    return;
  }
  const Experiment& e = r.row.experiment;
  out += "| Date | Phase |";
  for (const Metric& m : e.metrics) out += " " + own(m.name) + " |";
  out += " Note |\n|---|---|";
  for (std::size_t i = 0; i < e.metrics.size(); ++i) out += "---:|";
  out += "---|\n";
  // Each entry's values as the analysis computed them (derived ones included), so that no
  // formula is parsed again per entry: row by row, a value per metric.
  std::vector<std::pair<std::int64_t, std::size_t>> index;  // (entry id, row), by id
  index.reserve(r.entries.size());
  for (std::size_t i = 0; i < r.entries.size(); ++i) index.emplace_back(r.entries[i].id, i);
  std::sort(index.begin(), index.end());
  const std::size_t width = r.analysis.metrics.size();
  std::vector<std::optional<double>> values(r.entries.size() * width);
  for (std::size_t k = 0; k < width; ++k) {
    for (const OccasionValue& p : r.analysis.metrics[k].series.points) {
      const auto it =
          std::lower_bound(index.begin(), index.end(), std::pair{p.entry_id, std::size_t{0}});
      if (it != index.end() && it->first == p.entry_id) values[it->second * width + k] = p.value;
    }
  }
  for (std::size_t i = 0; i < r.entries.size(); ++i) {
    const Entry& entry = r.entries[i];
    out += "| ";
    out += format_date(entry.date);
    if (!entry.time.empty()) {
      out += ' ';
      out += cell(entry.time);
    }
    out += " | ";
    out += to_string(e.phase_of(entry.date));
    out += " |";
    for (std::size_t k = 0; k < width; ++k) {
      const std::optional<double>& value = values[i * width + k];
      out += ' ';
      out += value ? value_text(r.analysis.metrics[k].metric, *value) : "-";
      out += " |";
    }
    const std::size_t note_at = out.size() + 1;
    out += ' ';
    out += cell(entry.note);
    if (!entry.as_planned) {
      if (out.size() > note_at) out += ' ';
      out += "(not as planned";
      const std::string deviation = cell(entry.deviation);
      if (!deviation.empty()) {
        out += ": ";
        out += deviation;
      }
      out += ')';
    }
    out += " |\n";
  }
  out += "\n";
}

void write_reviews(std::string& out, const ReportExperiment& r) {
  for (const Review& v : r.reviews) {
    out += "### Review of " + cell(date_of(v.created));
    if (!v.author.empty()) out += " by " + cell(v.author);
    out += "\n\n";
    const std::pair<const char*, const std::string*> rows[] = {
        {"Prediction met", &v.prediction_met},
        {"Observed", &v.observed},
        {"Why", &v.difference},
        {"Learned", &v.learned},
        {"Surprised", &v.surprised},
        {"As planned", &v.as_planned},
        {"Decision", &v.decision}};
    for (const auto& [label, value] : rows)
      if (!value->empty()) out += std::string("- **") + label + ":** " + esc(*value) + "\n";
    if (!v.next_step.empty()) {
      out += "- **Next step:** " + esc(v.next_step);
      if (v.next_by) out += " (by " + format_date(*v.next_by) + ")";
      out += "\n";
    }
    if (v.commitment) out += "- **Commitment:** " + std::to_string(*v.commitment) + "/10\n";
    out += "\n";
  }
}

void write_comments(std::string& out, const ReportExperiment& r) {
  if (r.comments.empty()) return;
  out += "### Comments\n\n";
  for (const Comment& c : r.comments) {
    std::string text = esc(c.text);
    // Every line of the comment stays inside its quote.
    for (std::size_t at = text.find('\n'); at != std::string::npos; at = text.find('\n', at + 3))
      text.replace(at, 1, "\n> ");
    out += "> **" + (c.author.empty() ? std::string("Comment") : cell(c.author)) + "**, " +
           cell(date_of(c.created)) + ": " + text + "\n\n";
  }
}

// The latest review's next step, and whether an experiment has taken it up.
void write_next_step(std::string& out, const ReportExperiment& r) {
  const Review* v = latest_review(r);
  if (v == nullptr || (v->next_step.empty() && v->decision.empty())) return;
  const Experiment& e = r.row.experiment;
  out += "### Next step\n\n";
  if (!v->next_step.empty()) {
    out += esc(v->next_step);
    if (v->next_by) out += " (by " + format_date(*v->next_by) + ")";
    out += ".\\\n";
  }
  const auto& children = r.lineage.children;
  if (children.empty()) {
    out += "No experiment follows this one yet; " +
           markdown_code("leadlab new --follows " + std::to_string(e.id)) +
           " starts the next cycle.\n\n";
    return;
  }
  out += "Taken up by ";
  for (std::size_t i = 0; i < children.size(); ++i)
    out += (i == 0 ? "" : "; ") + experiment_name(children[i]) + ", " +
           status_words(children[i].status);
  out += ".\n\n";
}

}  // namespace

void write_experiment(std::string& out, const ReportExperiment& r, std::optional<Day> since,
                      std::chrono::weekday week_start) {
  const Experiment& e = r.row.experiment;
  out += "## " + std::to_string(e.id) + ". " + cell(e.title) + "\n\n";
  write_facts(out, r);
  write_field(out, "Hypothesis", e.hypothesis);
  write_field(out, "Change", e.change);
  write_field(out, "Prediction", e.prediction);
  write_field(out, "Why", e.prediction_why);
  write_metrics(out, e);
  write_weeks(out, r, since, week_start);
  write_analysis(out, r);
  write_entries(out, r, since);
  write_reviews(out, r);
  write_comments(out, r);
  write_next_step(out, r);
}

void write_reading_guide(std::string& out) {
  const auto n = [](int v) { return std::to_string(v); };
  const std::pair<const char*, std::string> items[] = {
      {"Points",
       "the summary table's points logged of those planned, baseline + test: 5/5 + 7/6 is 5 of 5 "
       "baseline points and 7 of 6 test points."},
      {"Effect",
       "the summary table's NAP of each experiment's headline metric (its first derived metric, "
       "else its first), with its band and 95% interval; Decision is its latest review's."},
      {"Week by week",
       "a week's phase is baseline, testing or both (the test began that week); what its values "
       "are is said under the table."},
      {"Data", "a phase needs " + n(kMinPhasePoints) +
                   " points before anything is read from it (\"not "
                   "enough data\"); " +
                   n(kMinPhasePoints) + " to " + n(kVerdictPhasePoints - 1) +
                   " give a provisional reading, " + n(kVerdictPhasePoints) +
                   " or more a verdict. The smaller phase decides."},
      {"Verdict",
       "\"improved\" when NAP is 0.66 or more, \"got worse\" when it is 0.34 or less, else \"no "
       "clear change\"; but while NAP's 95% interval contains 0.5 (no change), \"not yet "
       "distinguishable from no change\", with how many more test points like these would "
       "settle it; \"provisionally\" while a phase has fewer than " +
           n(kVerdictPhasePoints) +
           " points. Medians and means are each phase's own values; the change in brackets is "
           "test minus baseline."},
      {"NAP",
       "every baseline point is paired with every test point, and NAP is the share of the pairs "
       "in which the test point is better, a tie counting as half; the sentence under the "
       "effects gives the counts. Weak below 0.66, medium from 0.66, strong from 0.93. Better "
       "is the metric's direction: lower for a metric where down is better, so NAP, Tau, Tau-BC "
       "and PND are always higher for better. The 95% interval (CI, Newcombe 2006) is the "
       "range of NAP the data are consistent with; 0.5 means no change."},
      {"Tau",
       "2 NAP - 1, from -1 (every pair worse) to 1 (every pair better), with 2 x NAP's "
       "interval - 1."},
      {"Tau-BC",
       "Tau after removing the baseline's own straight-line trend (Theil-Sen) from both phases "
       "(Tarlow 2017), so a baseline that was already improving does not pass for an effect. "
       "Its interval leaves out the uncertainty of that correction."},
      {"PND",
       "the percentage of test points better than every baseline point; one unusual baseline "
       "point dominates it, so no verdict rests on it."},
      {"Baseline",
       "Kendall tau of the baseline points against time, from -1 (falling at every step) to 1 "
       "(rising at every step); at 0.4 or more either way, with " +
           n(kDriftMinPoints) +
           " or more baseline points, the baseline was already moving before the change, and "
           "the verdict says so."},
      {"Shift and trend",
       "the test points against the baseline median extended into the test phase: a shift is " +
           n(kShiftPoints) +
           " or more test points in a row on one side of it (points on it neither count nor "
           "break it), a trend " +
           n(kTrendPoints) +
           " or more in a row each rising or each falling; (better) or (worse) says which way."},
      {"Dual criterion",
       "the conservative dual criterion (Fisher, Kelley and Lomas 2003): the baseline mean and "
       "the baseline's least-squares trend, extended into the test phase and moved 0.25 "
       "baseline standard deviations the better way; enough test points beyond both lines "
       "(as many as chance would give with probability 5% or less) is a signal."},
      {"Runs and crossings",
       "all points, baseline and test, against the baseline median: a run is points in a row "
       "on one side of it, a crossing a move to the other side. The limits depend on how many "
       "points are off the median (Anhøj and Olesen 2014): chance alone rarely makes the "
       "longest run longer than its limit, or fewer crossings than theirs, so beyond a limit "
       "something moved the values. They are meant for about 10 points or more."},
      {"Success rule",
       "each clause is met, not met or not enough data (until every metric it names has " +
           n(kMinPhasePoints) +
           " points in each phase), \"provisionally\" while one has fewer than " +
           n(kVerdictPhasePoints) + "."},
      {"Entries",
       "an entry is baseline before the test start and testing from it on; \"not as planned\" "
       "marks an occasion where the change was not carried out as planned."}};
  out += "## How to read the analysis\n\n";
  for (const auto& [label, text] : items)
    out += std::string("- **") + label + ":** " + own(text) + "\n";
  out += "\nTargets are relative to the baseline only: you are compared with yourself.\n";
}

}  // namespace leadlab::markdown
