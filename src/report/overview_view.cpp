// `overview` (render_overview) for the terminal.
#include "leadlab/report/overview_view.hpp"

#include <algorithm>

#include "leadlab/model/dates.hpp"
#include "leadlab/model/text.hpp"
#include "leadlab/report/analysis_json.hpp"
#include "report/view_support.hpp"

namespace leadlab {
namespace {

std::string plural(int n, const std::string& one, const std::string& many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

// `text` cut from the left to at most `width` columns ("…ching/ana.db"): the end of a path
// tells journals apart.
std::string fit_tail(const std::string& text, int width, bool ascii) {
  if (display_width(text) <= width) return text;
  const std::string ellipsis = ascii ? "..." : "\u2026";
  const int room = width - display_width(ellipsis);
  std::size_t start = text.size();
  int used = 0;
  while (start > 0) {
    std::size_t prev = start - 1;
    while (prev > 0 && (static_cast<unsigned char>(text[prev]) & 0xC0) == 0x80) --prev;
    const int w = display_width(std::string_view(text).substr(prev, start - prev));
    if (used + w > room) break;
    used += w;
    start = prev;
  }
  return ellipsis + text.substr(start);
}

std::string last_entry_cell(const OverviewRow& r, Day today) {
  if (!r.last_entry) return "-";
  return format_date(*r.last_entry) + " (" + describe_age(*r.last_entry, today) + ")";
}

std::string due_cell(const OverviewRow& r) {
  std::string due;
  const auto add = [&](int n, const std::string& text) {
    if (n > 0) due += (due.empty() ? "" : ", ") + text;
  };
  add(r.reviews_due, plural(r.reviews_due, "review", "reviews"));
  add(r.ready_to_start, std::to_string(r.ready_to_start) + " to start");
  add(r.quiet, std::to_string(r.quiet) + " quiet");
  return due.empty() ? "-" : due;
}

// "share: shift up (6 points, better)": the dashboard's signal, short. A shift up is above
// the baseline median, a trend up rising.
std::string signal_brief(const Signal& s) {
  return s.metric + ": " + std::string(s.kind) + (s.stretch.higher ? " up (" : " down (") +
         std::to_string(s.stretch.points) + " points, " + (s.stretch.better ? "better" : "worse") +
         (s.adequacy == Adequacy::kNotEnoughData ? "; too few points yet)" : ")");
}

// "  latest: #3 Ask before telling: share: shift up (6 points, better)", the title cut to fit.
std::string latest_line(const DashboardItem& item, const RenderOptions& o) {
  const std::string lead = "  latest: #" + std::to_string(item.experiment.id) + " ";
  const std::string signal =
      ": " + (item.signal ? terminal_safe(signal_brief(*item.signal)) : "no signal yet");
  const int room = std::max(20, o.width - display_width(lead) - display_width(signal));
  const std::string line =
      lead + fit_width(terminal_safe(item.experiment.title), room, o.ascii) + signal;
  return fit_width(line, o.width, o.ascii) + "\n";
}

}  // namespace

std::string render_overview(const std::vector<OverviewRow>& rows, const RenderOptions& o) {
  struct Cells {
    std::string journal, owner, active, last, due;
  };
  std::vector<Cells> cells;
  int wj = 7, wo = 6, wa = 6, wl = 10, wd = 3;  // at least the headings
  for (const OverviewRow& r : rows) {
    Cells c{terminal_safe(r.path), terminal_safe(r.client), "", "", ""};
    if (r.error.empty()) {
      c.active = std::to_string(r.active) + " of " + std::to_string(r.experiments);
      c.last = last_entry_cell(r, o.today);
      c.due = due_cell(r);
      wo = std::max(wo, display_width(c.owner));
      wa = std::max(wa, display_width(c.active));
      wl = std::max(wl, display_width(c.last));
      wd = std::max(wd, display_width(c.due));
    }
    wj = std::max(wj, display_width(c.journal));
    cells.push_back(std::move(c));
  }
  // Long clients, then long paths give way, so that the due column keeps 12 columns.
  wj = std::min(wj, 24);
  wo = std::min(wo, 16);
  const auto rest = [&] { return o.width - (wj + 2 + wo + 2 + wa + 2 + wl + 2); };
  while (rest() < std::min(wd, 12) && wo > 10) --wo;
  while (rest() < std::min(wd, 12) && wj > 12) --wj;

  std::string out = styled(o, "1", plural(static_cast<int>(rows.size()), "journal", "journals")) +
                    ", " + format_date(o.today) + " (" + weekday_name(o.today) + ")\n";
  out += styled(o, "1",
                pad_right("journal", wj) + "  " + pad_right("client", wo) + "  " +
                    pad_right("active", wa) + "  " + pad_right("last entry", wl) + "  due") +
         "\n";
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const OverviewRow& r = rows[i];
    const Cells& c = cells[i];
    out += pad_right(fit_tail(c.journal, wj, o.ascii), wj) + "  ";
    if (!r.error.empty()) {
      out += styled(o, "31", "cannot be read") + "\n";
      for (const std::string& line : wrap(terminal_safe(r.error), o.width - 4))
        out += "    " + line + "\n";
      continue;
    }
    out += pad_right(fit_width(c.owner.empty() ? "-" : c.owner, wo, o.ascii), wo) + "  " +
           pad_right(c.active, wa) + "  " + pad_right(c.last, wl) + "  " +
           fit_width(c.due, std::max(3, rest()), o.ascii) + "\n";
    if (r.latest) out += latest_line(*r.latest, o);
  }
  return out;
}

nlohmann::json overview_json(const std::vector<OverviewRow>& rows, Day today) {
  using nlohmann::json;
  json journals = json::array();
  for (const OverviewRow& r : rows) {
    json j = {{"journal", r.path}};
    if (!r.error.empty()) {
      j["error"] = r.error;
      j["hint"] = r.hint.empty() ? json(nullptr) : json(r.hint);
      journals.push_back(j);
      continue;
    }
    j["error"] = nullptr;
    j["owner"] = r.owner;
    j["client"] = r.client;
    j["coach"] = r.coach.empty() ? json(nullptr) : json(r.coach);
    j["experiments"] = r.experiments;
    j["active"] = r.active;
    j["last_entry"] = r.last_entry ? json(format_date(*r.last_entry)) : json(nullptr);
    j["days_since_last_entry"] =
        r.last_entry ? json((today - *r.last_entry).count()) : json(nullptr);
    j["reviews_due"] = r.reviews_due;
    j["ready_to_start"] = r.ready_to_start;
    j["quiet"] = r.quiet;
    // The latest experiment exactly as `status --json` shows it.
    j["latest"] = r.latest ? dashboard_json({*r.latest}, today)["experiments"][0] : json(nullptr);
    journals.push_back(j);
  }
  return {{"today", format_date(today)}, {"nudge_days", kNudgeDays}, {"journals", journals}};
}

}  // namespace leadlab
