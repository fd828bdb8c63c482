#include "leadlab/model/rules.hpp"

#include <algorithm>
#include <set>

#include "leadlab/model/dates.hpp"
#include "leadlab/model/error.hpp"
#include "leadlab/model/experiment_spec.hpp"
#include "leadlab/model/formula.hpp"
#include "leadlab/model/numbers.hpp"
#include "leadlab/model/success_rule.hpp"
#include "leadlab/model/text.hpp"
#include "leadlab/model/values.hpp"

namespace leadlab {
namespace {

// check_text's verdict as a problem rather than an exception.
void text_problem(std::vector<std::string>& out, std::string_view field, std::string_view text) {
  try {
    check_text(field, text);
  } catch (const UsageError& e) {
    out.emplace_back(e.what());
  }
}

void date_problem(std::vector<std::string>& out, std::string_view what, Day day) {
  if (!in_date_range(day))
    out.push_back(std::string(what) + " " + format_date(day) + " is outside " + date_range_text());
}

std::string quoted(std::string_view name) { return "\"" + terminal_safe(name) + "\""; }

void metric_problems(std::vector<std::string>& out, const Experiment& e, const Metric& m) {
  const std::string at = "metric " + quoted(m.name) + ": ";
  if (!is_metric_name(m.name)) out.push_back(at + "is not a metric name");
  if (m.kind == MetricKind::kScale) {
    if (!m.scale_min || !m.scale_max) {
      out.push_back(at + "a scale needs a range");
    } else if (const auto problem = scale_range_problem(*m.scale_min, *m.scale_max)) {
      out.push_back(at + *problem);
    }
  }
  if (m.kind != MetricKind::kDerived) return;
  try {
    const Formula formula = Formula::parse(m.formula);
    for (const auto& name : formula.names()) {
      const Metric* used = e.find_metric(name);
      if (used == nullptr || used->kind == MetricKind::kDerived)
        out.push_back(at + "its formula uses " + quoted(name) +
                      ", which is not a metric of this experiment that takes values");
    }
  } catch (const FormulaError& error) {
    out.push_back(at + "its formula does not parse: " + error.what());
  }
}

void status_problems(std::vector<std::string>& out, const Experiment& e) {
  const std::string status(to_string(e.status));
  switch (e.status) {
    case Status::kDraft:
      if (e.baseline_start || e.test_start) out.push_back("a draft has a baseline or test start");
      break;
    case Status::kBaseline:
      if (!e.baseline_start) out.push_back("status baseline without a baseline start");
      if (e.test_start) out.push_back("status baseline with a test start");
      break;
    case Status::kTesting:
      if (!e.test_start) out.push_back("status testing without a test start");
      break;
    case Status::kClosed:
      if (!e.baseline_start && !e.test_start)
        out.push_back("status closed although neither its baseline nor its test began");
      if (e.closed.empty()) out.push_back("status closed without the time it was closed");
      break;
  }
  if (e.status != Status::kClosed && !e.closed.empty())
    out.push_back("status " + status + " with the time it was closed");
  if (e.baseline_start && e.test_start && *e.test_start < *e.baseline_start)
    out.push_back("its test start " + format_date(*e.test_start) +
                  " is before its baseline start " + format_date(*e.baseline_start));
  if (e.baseline_start) date_problem(out, "its baseline start", *e.baseline_start);
  if (e.test_start) date_problem(out, "its test start", *e.test_start);
}

}  // namespace

std::optional<std::string> tag_problem(std::string_view tag) {
  if (tag.empty()) return "is empty";
  if (tag.size() > 64) return "is longer than 64 bytes";
  if (tag.find_first_of(" \t\n\r,") != std::string_view::npos) return "holds a space or a comma";
  if (!is_valid_utf8(tag) || terminal_safe(tag) != tag) return "holds a control character";
  return std::nullopt;
}

std::vector<std::string> experiment_problems(const Experiment& e) {
  std::vector<std::string> out;
  if (e.title.find_first_not_of(" \t") == std::string::npos) out.emplace_back("it has no title");
  for (const auto& [field, text] :
       {std::pair<const char*, const std::string*>{"its title", &e.title},
        {"its hypothesis", &e.hypothesis},
        {"its change", &e.change},
        {"its prediction", &e.prediction},
        {"its prediction's why", &e.prediction_why}})
    text_problem(out, field, *text);
  try {
    if (canonical_occasion(e.occasion) != e.occasion)
      out.push_back("its occasion " + quoted(e.occasion) + " is not written as leadlab writes it");
  } catch (const UsageError& error) {
    out.emplace_back(error.what());
  }
  std::set<std::string> names;
  std::vector<std::string> name_list;
  for (const Metric& m : e.metrics) {
    if (!names.insert(m.name).second)
      out.push_back("metric " + quoted(m.name) + " is defined twice");
    name_list.push_back(m.name);
    metric_problems(out, e, m);
  }
  if (!e.success_rule.empty()) {
    try {
      SuccessRule::parse(e.success_rule, name_list);
    } catch (const SuccessRuleError& error) {
      out.push_back("its success rule " + quoted(e.success_rule) +
                    " does not parse: " + error.what());
    }
  }
  if (e.baseline_points < 0 || e.baseline_points > kMaxPlannedPoints || e.test_points < 0 ||
      e.test_points > kMaxPlannedPoints)
    out.push_back("its planned points are not from 0 to " + std::to_string(kMaxPlannedPoints));
  for (const auto& tag : e.tags)
    if (const auto problem = tag_problem(tag))
      out.push_back("its tag " + quoted(tag) + " " + *problem);
  status_problems(out, e);
  return out;
}

std::vector<std::string> entry_problems(const Experiment& e, const Entry& entry, Day latest) {
  std::vector<std::string> out;
  date_problem(out, "its date", entry.date);
  const std::optional<Day> began = e.baseline_start ? e.baseline_start : e.test_start;
  if (!began) {
    out.push_back("its experiment has not begun (a draft takes no entries)");
  } else if (entry.date < *began) {
    out.push_back("its date " + format_date(entry.date) + " is before its experiment began (" +
                  format_date(*began) + ")");
  }
  if (entry.date > latest)
    out.push_back("its date " + format_date(entry.date) + " is in the future (after " +
                  format_date(latest) + ")");
  if (!entry.time.empty()) {
    try {
      (void)parse_time(entry.time);
    } catch (const UsageError&) {
      out.push_back("its time " + quoted(entry.time) + " is not HH:MM");
    }
  }
  for (const auto& [name, value] : entry.values) {
    const Metric* m = e.find_metric(name);
    if (m == nullptr) {
      out.push_back("it has a value for " + quoted(name) +
                    ", which is not a metric of its experiment");
    } else if (const auto problem = value_problem(*m, value)) {
      out.push_back("its value " + format_number(value) + " for " + quoted(name) + " " + *problem);
    }
  }
  if (entry.values.empty()) out.emplace_back("it has no value");
  text_problem(out, "its note", entry.note);
  text_problem(out, "its deviation", entry.deviation);
  return out;
}

std::vector<std::string> review_problems(const Review& r) {
  std::vector<std::string> out;
  const auto one_of = [&](std::string_view field, const std::string& value,
                          std::initializer_list<std::string_view> allowed) {
    if (std::find(allowed.begin(), allowed.end(), value) == allowed.end())
      out.push_back("its " + std::string(field) + " " + quoted(value) +
                    " is not one of its answers");
  };
  one_of("prediction_met", r.prediction_met, {"", "yes", "partly", "no"});
  one_of("decision", r.decision, {"", "adopt", "adapt", "abandon"});
  if (r.commitment && (*r.commitment < 1 || *r.commitment > 10))
    out.push_back("its commitment " + std::to_string(*r.commitment) + " is not from 1 to 10");
  if (r.next_by) date_problem(out, "its next step's date", *r.next_by);
  for (const auto& [field, text] :
       {std::pair<const char*, const std::string*>{"its observation", &r.observed},
        {"its difference", &r.difference},
        {"its lesson", &r.learned},
        {"its surprise", &r.surprised},
        {"its as-planned answer", &r.as_planned},
        {"its next step", &r.next_step},
        {"its author", &r.author}})
    text_problem(out, field, *text);
  return out;
}

std::vector<std::string> comment_problems(const Comment& c) {
  std::vector<std::string> out;
  text_problem(out, "its text", c.text);
  text_problem(out, "its author", c.author);
  return out;
}

}  // namespace leadlab
