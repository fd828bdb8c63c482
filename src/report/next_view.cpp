#include "leadlab/report/next_view.hpp"

#include <sstream>

#include "leadlab/model/dates.hpp"
#include "leadlab/model/text.hpp"

namespace leadlab {
namespace {}  // namespace

std::string render_pending_step(const PendingStep& step, const RenderOptions& o) {
  return wrapped(terminal_safe(step.describe(o.today)), o.width);
}

nlohmann::json pending_step_json(const PendingStep& step, Day today) {
  return {
      {"experiment", step.experiment},
      {"text", step.text},
      {"by", step.by ? nlohmann::json(format_date(*step.by)) : nlohmann::json(nullptr)},
      {"commitment", step.commitment ? nlohmann::json(*step.commitment) : nlohmann::json(nullptr)},
      {"past", step.days_past > 0},
      {"summary", step.describe(today)}};
}

std::string render_next(const NextPlan& plan, const RenderOptions& o) {
  std::ostringstream out;
  if (plan.next_step) out << render_pending_step(*plan.next_step, o) << "\n";
  if (plan.items.empty()) out << "Nothing is due. Keep logging.\n";
  int n = 0;
  for (const auto& item : plan.items) {
    const std::string number = std::to_string(++n) + ".";
    bool first = true;
    for (const auto& line : wrap(terminal_safe(item.text), o.width - 4)) {
      out << pad_right(first ? number : "", 4) << line << "\n";
      first = false;
    }
    out << "    " << (o.color ? "\x1b[2m$\x1b[0m " : "$ ") << terminal_safe(item.command) << "\n";
  }
  if (!plan.questions.empty()) {
    out << "\n" << styled(o, "1", "To reflect on") << "\n";
    for (const auto& q : plan.questions) {
      bool first = true;
      for (const auto& line : wrap(q, o.width - 4)) {
        out << (first ? "  - " : "    ") << line << "\n";
        first = false;
      }
    }
  }
  return out.str();
}

nlohmann::json next_json(const NextPlan& plan, Day today) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& item : plan.items) {
    nlohmann::json j = {{"kind", item.kind},
                        {"experiment", item.experiment == 0 ? nlohmann::json(nullptr)
                                                            : nlohmann::json(item.experiment)},
                        {"text", item.text},
                        {"command", item.command},
                        {"creates", item.creates}};
    if (item.creates) {
      j["template"] =
          item.template_name.empty() ? nlohmann::json(nullptr) : nlohmann::json(item.template_name);
      j["follows"] = item.follows ? nlohmann::json(*item.follows) : nlohmann::json(nullptr);
    }
    items.push_back(std::move(j));
  }
  return {{"next_step",
           plan.next_step ? pending_step_json(*plan.next_step, today) : nlohmann::json(nullptr)},
          {"items", items},
          {"questions", plan.questions}};
}

}  // namespace leadlab
