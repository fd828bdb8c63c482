#include "leadlab/report/template_view.hpp"

#include <algorithm>
#include <sstream>

#include "leadlab/model/text.hpp"
#include "leadlab/report/json_view.hpp"

namespace leadlab {
namespace {

std::string bold(const RenderOptions& o, const std::string& text) {
  return o.color ? "\x1b[1m" + text + "\x1b[0m" : text;
}

void section(std::ostringstream& out, const std::string& label, const std::string& value) {
  out << labelled(label, value, kDefaultWidth);
}

void bullets(std::ostringstream& out, const std::vector<std::string>& items) {
  for (const auto& item : items) {
    bool first = true;
    for (const auto& line : wrap(terminal_safe(item, true), kDefaultWidth - 6)) {
      out << (first ? "  - " : "    ") << line << "\n";
      first = false;
    }
  }
}

}  // namespace

std::string render_template_list(const std::vector<Template>& templates, const RenderOptions& o) {
  if (templates.empty()) {
    return "No templates found. Bundled ones are installed in share/leadlab/templates; your own "
           "go in ~/.config/leadlab/templates/.\n";
  }
  int name_width = 4;
  int area_width = 4;
  for (const auto& t : templates) {
    name_width = std::max(name_width, display_width(terminal_safe(t.name)));
    area_width = std::max(area_width, display_width(terminal_safe(t.area)));
  }
  std::ostringstream out;
  out << bold(o, pad_right("name", name_width + 2) + pad_right("area", area_width + 2) + "summary")
      << "\n";
  bool any_override = false;
  for (const auto& t : templates) {
    std::string summary = terminal_safe(t.summary);
    if (t.origin == "user")
      summary = (t.overrides_bundled ? "(yours, overrides bundled) " : "(yours) ") + summary;
    any_override = any_override || t.overrides_bundled;
    const int room = std::max(20, o.width - name_width - area_width - 4);
    out << pad_right(terminal_safe(t.name), name_width + 2)
        << pad_right(terminal_safe(t.area), area_width + 2) << fit_width(summary, room, o.ascii)
        << "\n";
  }
  out << "\nUse one with: leadlab new --template NAME   (details: leadlab templates show NAME)\n";
  if (any_override)
    out << "Templates marked \"overrides bundled\" replace the bundled one of that name.\n";
  return out.str();
}

std::string render_template(const Template& t, const RenderOptions& o) {
  std::ostringstream out;
  out << bold(o, terminal_safe(t.name) + ": " + terminal_safe(t.title)) << "\n";
  section(out, "Area", t.area);
  section(out, "Summary", t.summary);
  section(out, "Hypothesis", t.hypothesis);
  section(out, "Change", t.change);
  section(out, "Prediction", t.prediction);
  section(out, "Why", t.why);
  section(out, "Occasion", t.occasion);
  section(out, "Plan",
          std::to_string(t.baseline_points) + " baseline and " + std::to_string(t.test_points) +
              " test points");
  section(out, "Success", t.success);
  std::string tags;
  for (const auto& tag : t.tags) tags += (tags.empty() ? "" : ", ") + tag;
  section(out, "Tags", tags);
  section(out, "File", t.path + (t.overrides_bundled ? " (overrides the bundled one)" : ""));
  out << "\n" << bold(o, "Metrics") << "\n";
  for (const auto& m : t.metrics) {
    std::string what = m.label.empty() ? "" : m.label + ". ";
    what += m.kind == MetricKind::kDerived ? "= " + m.formula : std::string(to_string(m.kind));
    if (m.kind == MetricKind::kScale)
      what += " " + format_number(*m.scale_min) + ".." + format_number(*m.scale_max);
    what += std::string(", ") + (m.direction == Direction::kUp ? "up" : "down") + " is better.";
    if (!m.instructions.empty()) what += " How to count: " + m.instructions;
    section(out, m.name, what);
  }
  if (!t.review_prompts.empty()) {
    out << "\n" << bold(o, "Review prompts") << "\n";
    bullets(out, t.review_prompts);
  }
  if (!t.follow_ups.empty()) {
    out << "\n" << bold(o, "Follow-ups") << "\n";
    bullets(out, t.follow_ups);
  }
  if (!t.sources.empty()) {
    out << "\n" << bold(o, "Sources") << "\n";
    std::vector<std::string> items;
    for (const auto& s : t.sources)
      items.push_back(s.citation + (s.note.empty() ? "" : " — " + s.note));
    bullets(out, items);
  }
  out << "\nStart it: `leadlab new --template " << terminal_safe(t.name) << "`\n";
  return out.str();
}

nlohmann::json template_json(const Template& t) {
  nlohmann::json metrics = nlohmann::json::array();
  for (const auto& m : t.metrics) metrics.push_back(metric_json(m));
  nlohmann::json sources = nlohmann::json::array();
  for (const auto& s : t.sources) sources.push_back({{"citation", s.citation}, {"note", s.note}});
  return {{"name", t.name},
          {"title", t.title},
          {"area", t.area},
          {"summary", t.summary},
          {"hypothesis", t.hypothesis},
          {"change", t.change},
          {"prediction", t.prediction},
          {"why", t.why},
          {"occasion", t.occasion},
          {"baseline_points", t.baseline_points},
          {"test_points", t.test_points},
          {"success", t.success},
          {"tags", t.tags},
          {"review_prompts", t.review_prompts},
          {"follow_ups", t.follow_ups},
          {"metrics", metrics},
          {"sources", sources},
          {"path", t.path},
          {"origin", t.origin},
          {"overrides_bundled", t.overrides_bundled}};
}

nlohmann::json templates_json(const std::vector<Template>& templates) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& t : templates) out.push_back(template_json(t));
  return out;
}

}  // namespace leadlab
