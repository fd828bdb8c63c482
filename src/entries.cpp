#include "leadlab/entries.hpp"

#include <cctype>
#include <charconv>
#include <cmath>

#include "leadlab/dates.hpp"
#include "leadlab/error.hpp"
#include "leadlab/experiments.hpp"
#include "leadlab/formula.hpp"
#include "leadlab/text.hpp"

namespace leadlab {
namespace {

std::optional<double> to_number(std::string_view text) {
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() ||
      !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

std::string lower(std::string_view text) {
  std::string out;
  for (char c : text) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string accepted(const Metric& m) {
  switch (m.kind) {
    case MetricKind::kCount:
      return "a whole number, 0 or more";
    case MetricKind::kScale:
      return "a number from " + format_number(*m.scale_min) + " to " + format_number(*m.scale_max);
    case MetricKind::kMinutes:
      return "minutes as a number (12.5) or M:SS (12:30)";
    case MetricKind::kYesNo:
      return "yes or no";
    case MetricKind::kPercent:
      return "a percentage from 0 to 100";
    case MetricKind::kDerived:
      break;
  }
  return "nothing: it is computed from its formula";
}

// One experiment in baseline or testing, for `log` without an id.
Experiment the_active_experiment(const Journal& journal) {
  auto active = journal.active_experiments();
  if (active.size() == 1) return std::move(active.front());
  if (active.empty()) {
    throw UsageError("no experiment is in its baseline or testing, so name one by its id",
                     "begin one with `leadlab baseline ID` (see `leadlab list`)");
  }
  std::string ids;
  for (const auto& e : active) ids += (ids.empty() ? "" : ", ") + std::to_string(e.id);
  const std::string first = std::to_string(active.front().id);
  throw UsageError("more than one experiment is active (" + ids + "); say which one",
                   "e.g. `leadlab log " + first + " NAME=VALUE` or `leadlab tally " + first + "`");
}

void check_loggable(const Experiment& e, Day date) {
  const std::string ref = "experiment " + std::to_string(e.id);
  if (e.status == Status::kDraft) {
    throw UsageError(ref + " is a draft: its baseline has not begun",
                     "begin it with `leadlab baseline " + std::to_string(e.id) +
                         "` (or `leadlab start " + std::to_string(e.id) +
                         "` to test without a baseline)");
  }
  if (e.status == Status::kClosed) {
    throw UsageError(ref + " is closed", "log against an active experiment (see `leadlab list`)");
  }
  if (!e.baseline_start && e.test_start && date < *e.test_start) {
    throw UsageError(format_date(date) + " is before " + ref + "'s test began (" +
                         format_date(*e.test_start) + ") and it has no baseline",
                     "give a --date on or after " + format_date(*e.test_start));
  }
}

void check_date(Day date, Day today) {
  if (date > today) {
    throw UsageError("the entry's date " + describe_date(date, today) + " is in the future",
                     "log an occasion on the day or after it");
  }
}

}  // namespace

double parse_value(const Metric& m, std::string_view text) {
  const std::string t = lower(text);
  std::optional<double> value;
  switch (m.kind) {
    case MetricKind::kCount:
      if (t.find_first_not_of("0123456789") == std::string::npos) value = to_number(t);
      if (value && *value > 1e9) value.reset();
      break;
    case MetricKind::kScale:
      value = to_number(t);
      if (value && (*value < *m.scale_min || *value > *m.scale_max)) value.reset();
      break;
    case MetricKind::kMinutes:
      if (const auto colon = t.find(':'); colon != std::string::npos) {
        const auto minutes = to_number(t.substr(0, colon));
        const auto seconds = to_number(t.substr(colon + 1));
        if (minutes && seconds && *seconds < 60 && t.size() - colon == 3 &&
            *minutes == std::floor(*minutes) && *seconds == std::floor(*seconds))
          value = *minutes + *seconds / 60.0;
      } else {
        value = to_number(t);
      }
      if (value && (*value < 0 || *value > 1e6)) value.reset();
      break;
    case MetricKind::kYesNo:
      if (t == "yes" || t == "y" || t == "true" || t == "1") value = 1;
      if (t == "no" || t == "n" || t == "false" || t == "0") value = 0;
      break;
    case MetricKind::kPercent:
      value = to_number(!t.empty() && t.back() == '%' ? std::string_view(t).substr(0, t.size() - 1)
                                                      : std::string_view(t));
      if (value && (*value < 0 || *value > 100)) value.reset();
      break;
    case MetricKind::kDerived:
      throw UsageError(
          "\"" + m.name + "\" is derived from its formula (" + m.formula + ") and cannot be logged",
          "log the metrics it is computed from");
  }
  if (!value) {
    throw UsageError("\"" + terminal_safe(text) + "\" is not a value for " + m.name + " (" +
                         std::string(to_string(m.kind)) + ")",
                     "give " + accepted(m) + ", e.g. " + m.name + "=" +
                         (m.kind == MetricKind::kYesNo ? "yes" : "3"));
  }
  return *value;
}

std::string format_value(const Metric& m, double value) {
  if (m.kind == MetricKind::kYesNo) return value != 0 ? "yes" : "no";
  return format_number(value);
}

std::map<std::string, std::optional<double>> parse_assignments(const Experiment& e,
                                                               const std::vector<std::string>& args,
                                                               bool allow_clear) {
  std::vector<std::string> names;
  for (const auto& m : e.metrics)
    if (m.kind != MetricKind::kDerived) names.push_back(m.name);
  std::map<std::string, std::optional<double>> out;
  for (const auto& arg : args) {
    const auto equals = arg.find('=');
    if (equals == std::string::npos) {
      throw UsageError("cannot read \"" + terminal_safe(arg) + "\"; values are written NAME=VALUE",
                       "e.g. " + (names.empty() ? std::string("questions") : names.front()) + "=3");
    }
    const std::string name = arg.substr(0, equals);
    const std::string value = arg.substr(equals + 1);
    const Metric* metric = e.find_metric(name);
    if (metric == nullptr) {
      std::string list;
      for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
      const auto guess = closest_match(name, names);
      throw UsageError("experiment " + std::to_string(e.id) + " has no metric \"" +
                           terminal_safe(name) + "\"" +
                           (guess ? "; did you mean \"" + *guess + "\"?" : ""),
                       "its metrics are: " + list);
    }
    if (out.count(name) != 0) {
      throw UsageError(name + " is given twice", "give each metric once per entry");
    }
    if (value.empty() && allow_clear && metric->kind != MetricKind::kDerived) {
      out[name] = std::nullopt;
    } else {
      out[name] = parse_value(*metric, value);
    }
  }
  return out;
}

std::vector<std::pair<const Metric*, std::optional<double>>> entry_values(const Experiment& e,
                                                                          const Entry& entry) {
  return EntryValues(e)(entry);
}

std::optional<Formula> derived_formula(const Metric& metric) {
  if (metric.kind != MetricKind::kDerived) return std::nullopt;
  try {
    return Formula::parse(metric.formula);
  } catch (const FormulaError&) {
    return std::nullopt;
  }
}

EntryValues::EntryValues(const Experiment& experiment) : experiment_(experiment) {
  formulas_.reserve(experiment.metrics.size());
  for (const auto& m : experiment.metrics) formulas_.push_back(derived_formula(m));
}

std::vector<std::pair<const Metric*, std::optional<double>>> EntryValues::operator()(
    const Entry& entry) const {
  std::vector<std::pair<const Metric*, std::optional<double>>> out;
  out.reserve(experiment_.metrics.size());
  auto lookup = [&](std::string_view name) -> std::optional<double> {
    auto it = entry.values.find(std::string(name));
    if (it == entry.values.end()) return std::nullopt;
    return it->second;
  };
  for (std::size_t i = 0; i < experiment_.metrics.size(); ++i) {
    const Metric& m = experiment_.metrics[i];
    if (m.kind == MetricKind::kDerived) {
      out.emplace_back(&m, formulas_[i] ? formulas_[i]->evaluate(lookup) : std::nullopt);
    } else {
      out.emplace_back(&m, lookup(m.name));
    }
  }
  return out;
}

std::string parse_time(std::string_view text) {
  const bool shape = text.size() == 5 && text[2] == ':' &&
                     std::isdigit(static_cast<unsigned char>(text[0])) &&
                     std::isdigit(static_cast<unsigned char>(text[1])) &&
                     std::isdigit(static_cast<unsigned char>(text[3])) &&
                     std::isdigit(static_cast<unsigned char>(text[4]));
  if (!shape || (text[0] - '0') * 10 + (text[1] - '0') > 23 || text[3] > '5') {
    throw UsageError("\"" + terminal_safe(text) + "\" is not a time",
                     "write it as HH:MM on a 24-hour clock, e.g. 09:30");
  }
  return std::string(text);
}

Experiment loggable_experiment(const Journal& journal, std::optional<std::int64_t> id, Day date) {
  Experiment e = id ? require_experiment(journal, *id) : the_active_experiment(journal);
  check_loggable(e, date);
  return e;
}

LogResult log_entry(Journal& journal, const LogRequest& request, Day today) {
  check_date(request.date, today);
  check_text("--note", request.note);
  if (request.off_plan) check_text("--off-plan", *request.off_plan);
  auto tx = journal.begin_write();
  LogResult result{loggable_experiment(journal, request.experiment_id, request.date), Entry{}};
  const Experiment& e = result.experiment;
  if (request.assignments.empty()) {
    std::string example;
    for (const auto& m : e.metrics)
      if (m.kind != MetricKind::kDerived)
        example += " " + m.name + "=" + (m.kind == MetricKind::kYesNo ? "yes" : "3");
    throw UsageError("nothing to log: give at least one value",
                     "e.g. leadlab log " + std::to_string(e.id) + example);
  }
  Entry& entry = result.entry;
  for (const auto& [name, value] : parse_assignments(e, request.assignments, false))
    entry.values[name] = *value;
  entry.date = request.date;
  entry.time = request.time;
  entry.note = request.note;
  entry.as_planned = !request.off_plan;
  entry.deviation = request.off_plan.value_or("");
  journal.insert_entry(entry, e);
  tx.commit();
  return result;
}

namespace {

Entry require_entry(const Journal& journal, std::int64_t entry_id) {
  auto entry = journal.find_entry(entry_id);
  if (!entry) {
    throw UsageError("there is no entry " + std::to_string(entry_id),
                     "`leadlab entries ID` shows an experiment's entries and their numbers");
  }
  return std::move(*entry);
}

}  // namespace

LogResult edit_entry(Journal& journal, std::int64_t entry_id, const EntryEdit& edit, Day today) {
  if (edit.date) check_date(*edit.date, today);
  if (edit.note) check_text("--note", *edit.note);
  if (edit.off_plan) check_text("--off-plan", *edit.off_plan);
  if (edit.off_plan && edit.as_planned) {
    throw UsageError("--off-plan and --as-planned contradict each other", "give one of them");
  }
  auto tx = journal.begin_write();
  LogResult result{Experiment{}, require_entry(journal, entry_id)};
  Entry& entry = result.entry;
  result.experiment = require_experiment(journal, entry.experiment_id);
  for (const auto& [name, value] : parse_assignments(result.experiment, edit.assignments, true)) {
    if (value) {
      entry.values[name] = *value;
    } else {
      entry.values.erase(name);
    }
  }
  if (entry.values.empty()) {
    throw UsageError("entry " + std::to_string(entry_id) + " would be left without any value",
                     "to remove it, use `leadlab entry delete " + std::to_string(entry_id) + "`");
  }
  if (edit.date) {
    check_loggable(result.experiment, *edit.date);
    entry.date = *edit.date;
  }
  if (edit.time) entry.time = *edit.time;
  if (edit.note) entry.note = *edit.note;
  if (edit.off_plan) {
    entry.as_planned = false;
    entry.deviation = *edit.off_plan;
  }
  if (edit.as_planned) {
    entry.as_planned = true;
    entry.deviation.clear();
  }
  journal.update_entry(entry, result.experiment);
  tx.commit();
  return result;
}

LogResult delete_entry(Journal& journal, std::int64_t entry_id) {
  auto tx = journal.begin_write();
  LogResult result{Experiment{}, require_entry(journal, entry_id)};
  result.experiment = require_experiment(journal, result.entry.experiment_id);
  journal.delete_entry(entry_id);
  tx.commit();
  return result;
}

}  // namespace leadlab
