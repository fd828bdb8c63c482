#include "leadlab/model/values.hpp"

#include <cctype>
#include <charconv>
#include <cmath>

#include "leadlab/model/error.hpp"
#include "leadlab/model/numbers.hpp"
#include "leadlab/model/text.hpp"

namespace leadlab {
namespace {

std::string lower(std::string_view text) {
  std::string out;
  for (char c : text) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string accepted(const Metric& m) {
  switch (m.kind) {
    case MetricKind::kCount:
      return "a whole number from 0 to " + format_number(kMaxCount);
    case MetricKind::kScale:
      return "a number from " + format_number(*m.scale_min) + " to " + format_number(*m.scale_max);
    case MetricKind::kMinutes:
      return "minutes from 0 to " + format_number(kMaxMinutes) +
             " as a number (12.5) or M:SS (12:30)";
    case MetricKind::kYesNo:
      return "yes or no";
    case MetricKind::kPercent:
      return "a percentage from 0 to 100";
    case MetricKind::kDerived:
      break;
  }
  return "nothing: it is computed from its formula";
}

}  // namespace

double parse_value(const Metric& m, std::string_view text) {
  const std::string t = lower(text);
  std::optional<double> value;
  switch (m.kind) {
    case MetricKind::kCount:
      if (const auto whole = parse_whole_number(t);
          whole && static_cast<double>(*whole) <= kMaxCount)
        value = static_cast<double>(*whole);
      break;
    case MetricKind::kScale:
      value = parse_number(t);
      if (value && (*value < *m.scale_min || *value > *m.scale_max)) value.reset();
      break;
    case MetricKind::kMinutes:
      if (const auto colon = t.find(':'); colon != std::string::npos) {
        // M:SS: whole minutes and two digits of seconds, nothing signed or scaled.
        const auto minutes = parse_whole_number(std::string_view(t).substr(0, colon));
        const auto seconds = parse_whole_number(std::string_view(t).substr(colon + 1));
        if (minutes && seconds && *seconds < 60 && t.size() - colon == 3 &&
            static_cast<double>(*minutes) <= kMaxMinutes)
          value = static_cast<double>(*minutes) + static_cast<double>(*seconds) / 60.0;
      } else {
        value = parse_number(t);
      }
      if (value && (*value < 0 || *value > kMaxMinutes)) value.reset();
      break;
    case MetricKind::kYesNo:
      if (t == "yes" || t == "y" || t == "true" || t == "1") value = 1;
      if (t == "no" || t == "n" || t == "false" || t == "0") value = 0;
      break;
    case MetricKind::kPercent:
      value =
          parse_number(!t.empty() && t.back() == '%' ? std::string_view(t).substr(0, t.size() - 1)
                                                     : std::string_view(t));
      if (value && (*value < 0 || *value > 100)) value.reset();
      break;
    case MetricKind::kDerived:
      throw UsageError(
          "\"" + m.name + "\" is derived from its formula (" + m.formula + ") and cannot be logged",
          "log the metrics it is computed from");
  }
  if (value && *value == 0) value = 0.0;  // "-0" is stored and shown as 0
  if (!value) {
    throw UsageError("\"" + terminal_safe(text) + "\" is not a value for " + m.name + " (" +
                         std::string(to_string(m.kind)) + ")",
                     "give " + accepted(m) + ", e.g. " + m.name + "=" +
                         (m.kind == MetricKind::kYesNo ? "yes" : "3"));
  }
  return *value;
}

std::optional<std::string> value_problem(const Metric& m, double v) {
  if (!std::isfinite(v)) return "is not a finite number";
  bool fits = false;
  switch (m.kind) {
    case MetricKind::kCount:
      fits = v >= 0 && v <= kMaxCount && v == std::floor(v);
      break;
    case MetricKind::kScale:
      fits = m.scale_min && m.scale_max && v >= *m.scale_min && v <= *m.scale_max;
      break;
    case MetricKind::kMinutes:
      fits = v >= 0 && v <= kMaxMinutes;
      break;
    case MetricKind::kYesNo:
      fits = v == 0 || v == 1;
      break;
    case MetricKind::kPercent:
      fits = v >= 0 && v <= 100;
      break;
    case MetricKind::kDerived:
      return "is derived from its formula and stores no values";
  }
  if (fits) return std::nullopt;
  return "is not " + accepted(m) + " (" + std::string(to_string(m.kind)) + ")";
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
    const std::string typed = arg.substr(0, equals);
    const std::string value = arg.substr(equals + 1);
    const Metric* metric = e.find_metric(typed);
    if (metric == nullptr && !typed.empty()) {
      // A unique prefix names its metric: q=3 for questions=3.
      std::vector<std::string> starting;
      for (const auto& n : names)
        if (n.compare(0, typed.size(), typed) == 0) starting.push_back(n);
      if (starting.size() == 1) metric = e.find_metric(starting.front());
      if (starting.size() > 1) {
        std::string list;
        for (const auto& n : starting) list += (list.empty() ? "" : ", ") + n;
        throw UsageError(
            "\"" + terminal_safe(typed) + "\" is the start of more than one metric (" + list + ")",
            "give enough letters to name one, e.g. " + starting.front() + "=3");
      }
    }
    const std::string name = metric != nullptr ? metric->name : typed;
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

}  // namespace leadlab
