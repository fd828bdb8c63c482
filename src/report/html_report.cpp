// The HTML progress report (html_report.hpp): the Markdown report converted (html_text.hpp),
// each experiment's run charts in place of its Mermaid chart, one inline style sheet.
#include "leadlab/report/html_report.hpp"

#include <algorithm>
#include <istream>
#include <ostream>
#include <vector>

#include "leadlab/model/dates.hpp"
#include "leadlab/model/error.hpp"
#include "leadlab/model/values.hpp"
#include "leadlab/report/svg_chart.hpp"
#include "report/html_text.hpp"
#include "report/markdown_sections.hpp"
#include "report/svg_plot.hpp"

namespace leadlab {
namespace {

constexpr std::string_view kPageCss =
    R"(:root{color-scheme:light dark;--fg:#1d1d1f;--bg:#fff;--muted:#5f5f66;--line:#d9d9de;--head:#f3f3f5;--accent:#1f6fb2}
@media (prefers-color-scheme:dark){:root{--fg:#e8e8ea;--bg:#1c1c1e;--muted:#a1a1a8;--line:#3a3a3f;--head:#2a2a2e;--accent:#6cb6ff}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;overflow-wrap:anywhere}
main{max-width:62rem;margin:0 auto;padding:1rem}
h1{font-size:1.6rem;line-height:1.25}
h2{font-size:1.3rem;border-bottom:1px solid var(--line);padding-bottom:.2rem;margin-top:2.5rem}
h3{font-size:1.05rem;margin-top:1.5rem}
code{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,"DejaVu Sans Mono",monospace;font-size:.9em}
blockquote{margin:1rem 0;padding:0 1rem;border-left:3px solid var(--line);color:var(--muted)}
.table{overflow-x:auto;margin:1rem 0}
table{border-collapse:collapse;font-size:.92rem}
th,td{border:1px solid var(--line);padding:.25rem .5rem;text-align:left;vertical-align:top;overflow-wrap:break-word}
th{background:var(--head)}
.num{text-align:right;font-variant-numeric:tabular-nums}
.charts{display:flex;flex-wrap:wrap;gap:1rem 2rem;align-items:flex-start;margin:1rem 0}
figure{margin:0;max-width:100%}
figure svg{max-width:100%;height:auto;display:block}
figcaption{color:var(--muted);font-size:.9rem}
.chart-data table{font-size:.85rem}
.chart-data td+td+td,.chart-data th+th+th{text-align:right;font-variant-numeric:tabular-nums}
@media print{
@page{margin:15mm}
:root{--fg:#000;--bg:#fff;--muted:#333;--line:#999;--head:#eee}
body{font-size:11pt}
main{max-width:none;padding:0}
section.experiment{break-inside:avoid}
h2,h3{break-after:avoid}
figure,.chart-data,tr,blockquote{break-inside:avoid}
.table{overflow:visible}
table{max-width:100%}
}
)";

// An experiment's charts, appended to `out`: one figure per metric with a value per week,
// beside the week-by-week table that holds their data; then one per metric with points, its
// data in a table beside it.
void experiment_charts(std::string& out, const ReportExperiment& r,
                       std::chrono::weekday week_start) {
  const Experiment& e = r.row.experiment;
  if (!e.metrics.empty() && !r.entries.empty()) {
    const markdown::Weeks weeks = markdown::weeks_of(r, week_start);
    bool figures = false;
    for (std::size_t k = 0; k < weeks.values.size(); ++k) {
      if (std::none_of(weeks.values[k].begin(), weeks.values[k].end(),
                       [](const PeriodValue& v) { return v.value.has_value(); }))
        continue;
      const std::string id = "chart-" + std::to_string(e.id) + "-w" + std::to_string(k + 1);
      if (!figures) out += "<div class=\"charts\">\n";
      figures = true;
      out += "<figure>\n";
      put_svg_week_chart(out, r, weeks, k, id, false);
      out += "<figcaption>Run chart of <strong>";
      html::append_esc(out, e.metrics[k].name);
      out += "</strong> per week; the week-by-week table holds its data.</figcaption>\n</figure>\n";
    }
    if (figures) out += "</div>\n";
  }
  std::vector<const MetricReport*> charted;
  for (const MetricReport& m : r.analysis.metrics)
    if (!m.series.points.empty()) charted.push_back(&m);
  if (charted.empty()) return;
  out += "<div class=\"charts\">\n";
  const EntriesById entries(r.entries);
  for (std::size_t k = 0; k < r.analysis.metrics.size(); ++k) {
    const MetricReport& m = r.analysis.metrics[k];
    if (m.series.points.empty()) continue;
    const std::string id = "chart-" + std::to_string(e.id) + "-" + std::to_string(k + 1);
    out += "<figure>\n";
    put_svg_run_chart(out, r, m, entries, id, false);
    out += "<figcaption>Run chart of <strong>";
    html::append_esc(out, m.metric.name);
    out += "</strong> per occasion; the table beside it holds its data.</figcaption>\n</figure>\n";
  }
  // The data of the charts per occasion: a row per occasion (in the order the charts first
  // show them, then by date), a column per metric.
  std::vector<std::int64_t> ids;  // every occasion's entry, by id
  for (const MetricReport* m : charted)
    for (const OccasionValue& p : m->series.points) ids.push_back(p.entry_id);
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  struct Row {
    Day date;
    Phase phase;
  };
  std::vector<Row> rows;
  rows.reserve(ids.size());
  std::vector<std::size_t> row_of(ids.size(), ids.size());                // by position in ids
  std::vector<std::optional<double>> cells(ids.size() * charted.size());  // row by row
  for (std::size_t k = 0; k < charted.size(); ++k) {
    for (const OccasionValue& p : charted[k]->series.points) {
      const auto at = static_cast<std::size_t>(
          std::lower_bound(ids.begin(), ids.end(), p.entry_id) - ids.begin());
      if (row_of[at] == ids.size()) {
        row_of[at] = rows.size();
        rows.push_back({p.date, p.phase});
      }
      cells[row_of[at] * charted.size() + k] = p.value;
    }
  }
  std::vector<std::size_t> order(rows.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return rows[a].date < rows[b].date; });
  out +=
      "<div class=\"chart-data table\"><table>\n<caption>Each metric per occasion, as "
      "charted</caption>\n<thead><tr><th>Date</th><th>Phase</th>";
  for (const MetricReport* m : charted) {
    out += "<th>";
    html::append_esc(out, m->metric.name);
    out += "</th>";
  }
  out += "</tr></thead>\n<tbody>\n";
  for (const std::size_t i : order) {
    out += "<tr><td>";
    out += format_date(rows[i].date);
    out += "</td><td>";
    out += to_string(rows[i].phase);
    out += "</td>";
    for (std::size_t k = 0; k < charted.size(); ++k) {
      // Right-aligned by the style sheet, not a class on each of a million cells.
      out += "<td>";
      const std::optional<double>& v = cells[i * charted.size() + k];
      html::append_esc(out, v ? format_value(charted[k]->metric, *v) : "-");
      out += "</td>";
    }
    out += "</tr>\n";
  }
  out += "</tbody>\n</table></div>\n</div>\n";
}

// The title's text without its mark-up (<strong>, <code>), for the page's <title>.
std::string without_tags(const std::string& html) {
  std::string out;
  bool tag = false;
  for (const char c : html) {
    if (c == '<' || c == '>')
      tag = c == '<';
    else if (!tag)
      out += c;
  }
  return out;
}

}  // namespace

void write_html_report(std::ostream& out, const ReportScope& scope, const ReportSource& experiments,
                       std::iostream* spool) {
  // An experiment's part: its section as the Markdown report writes it, with its charts.
  // Its strings are kept from one experiment to the next, with their room.
  std::string section;
  std::map<std::int64_t, std::string> charts{{0, std::string()}};
  std::string body;
  const auto part = [&](std::ostream& to, const ReportExperiment& r) {
    section.clear();
    markdown::write_experiment(section, r, scope.since, scope.week_start);
    auto chart = charts.extract(charts.begin());
    chart.key() = r.row.experiment.id;
    chart.mapped().clear();
    experiment_charts(chart.mapped(), r, scope.week_start);
    charts.insert(std::move(chart));
    body.clear();
    html::append_html(body, section, charts);
    to << body;
  };
  // What comes before the experiments (title, counts, summary table) is known only once
  // every experiment has been seen, and the page must begin with it: gathered first, while
  // the parts go to the spool, or on a pass of its own.
  markdown::Overview overview;
  bool spooled = false;
  experiments([&](ReportExperiment& r) {
    overview.add(r);
    if (spool != nullptr) {
      part(*spool, r);
      spooled = true;
    }
  });
  const std::string head = markdown::report_head(scope, overview);
  const html::Page top = html::from_markdown(head, {});
  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
         "style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         "<meta name=\"color-scheme\" content=\"light dark\">\n"
         "<meta name=\"generator\" content=\"leadlab\">\n<title>"
      << without_tags(top.title) << "</title>\n<style>\n"
      << kPageCss << svg_chart_css() << "</style>\n</head>\n<body>\n<main>\n"
      << top.body;
  // Then the experiments' parts, one at a time.
  // (An empty spool is not copied: copying nothing would put `out` in a failed state.)
  if (spooled) {
    spool->flush();
    spool->seekg(0);
    if (!*spool)
      throw StorageError("the report's scratch file", "could not be written or read back",
                         "set TMPDIR to a folder with room, and try again");
    out << spool->rdbuf();
  } else if (spool == nullptr) {
    experiments([&](ReportExperiment& r) { part(out, r); });
  }
  // After them, how to read the analysis.
  std::string tail;
  if (overview.any_effects) markdown::write_reading_guide(tail);
  out << html::from_markdown(tail, {}).body << "</main>\n</body>\n</html>\n";
}

}  // namespace leadlab
