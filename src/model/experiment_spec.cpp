#include "leadlab/model/experiment_spec.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <set>

#include "leadlab/model/error.hpp"
#include "leadlab/model/formula.hpp"
#include "leadlab/model/numbers.hpp"
#include "leadlab/model/rules.hpp"
#include "leadlab/model/success_rule.hpp"
#include "leadlab/model/text.hpp"

namespace leadlab {
namespace {

constexpr const char* kMetricForm =
    "NAME:KIND[:MIN..MAX][:up|down] with KIND one of count, scale, minutes, yesno, percent "
    "(e.g. questions:count:up, mood:scale:1..5)";

std::vector<std::string> split(std::string_view text, char separator) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == separator) {
      parts.emplace_back(text.substr(start, i - start));
      start = i + 1;
    }
  }
  return parts;
}

std::string trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t");
  return std::string(text.substr(first, last - first + 1));
}

void check_name(std::string_view name, std::string_view spec) {
  if (!is_metric_name(name)) {
    throw UsageError("\"" + terminal_safe(name) + "\" in \"" + terminal_safe(spec) +
                         "\" is not a valid metric name",
                     "a name starts with a letter or _ and has only letters, digits and _ "
                     "(at most 64), e.g. questions");
  }
}

}  // namespace

std::string canonical_occasion(std::string_view occasion) {
  std::string lower;
  for (char c : occasion) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower.empty() || lower == "meeting") return "meeting";
  if (lower == "1:1" || lower == "one-on-one" || lower == "1on1") return "1:1";
  if (lower == "day" || lower == "week") return lower;
  throw UsageError("unknown occasion \"" + terminal_safe(occasion) + "\"",
                   "use one of: meeting, 1:1, day, week");
}

void check_text(std::string_view field, std::string_view text) {
  if (!is_valid_utf8(text)) {
    throw UsageError(std::string(field) + " is not valid UTF-8 text",
                     "check the terminal's or the file's encoding");
  }
  if (text.size() > kMaxTextBytes) {
    throw UsageError(std::string(field) + " is " + std::to_string(text.size()) +
                         " bytes long; the most leadlab keeps in one field is " +
                         std::to_string(kMaxTextBytes),
                     "shorten it, or keep the long text in a file and refer to it");
  }
}

bool defines_anything(const ExperimentSpec& f) {
  return !f.title.empty() || !f.hypothesis.empty() || !f.change.empty() || !f.prediction.empty() ||
         !f.prediction_why.empty() || !f.metrics.empty() || !f.derived.empty() ||
         !f.success_rule.empty();
}

std::vector<std::string> missing_fields(const ExperimentSpec& spec) {
  std::vector<std::string> missing;
  if (trim(spec.title).empty()) missing.emplace_back("--title");
  if (trim(spec.hypothesis).empty()) missing.emplace_back("--hypothesis");
  if (trim(spec.change).empty()) missing.emplace_back("--change");
  if (spec.metrics.empty() && spec.defined_metrics.empty()) missing.emplace_back("--metric");
  return missing;
}

Metric parse_metric_spec(std::string_view spec) {
  const auto parts = split(spec, ':');
  if (parts.size() < 2 || parts.size() > 4) {
    throw UsageError("cannot read the metric \"" + terminal_safe(spec) + "\"",
                     std::string("write it as ") + kMetricForm);
  }
  Metric m;
  m.name = trim(parts[0]);
  check_name(m.name, spec);
  const auto kind = parse_metric_kind(trim(parts[1]));
  if (!kind || *kind == MetricKind::kDerived) {
    throw UsageError("unknown metric kind \"" + terminal_safe(trim(parts[1])) + "\" in \"" +
                         terminal_safe(spec) + "\"",
                     "use count, scale, minutes, yesno or percent; derived metrics are "
                     "defined with --derive \"NAME = FORMULA\"");
  }
  m.kind = *kind;
  bool direction_given = false;
  for (std::size_t i = 2; i < parts.size(); ++i) {
    const std::string part = trim(parts[i]);
    if (auto direction = parse_direction(part)) {
      if (direction_given) {
        throw UsageError("the metric \"" + terminal_safe(spec) + "\" gives its direction twice",
                         "give up or down once, e.g. " + m.name + ":count:up");
      }
      direction_given = true;
      m.direction = *direction;
    } else if (auto dots = part.find("..");
               dots != std::string::npos && m.kind == MetricKind::kScale && !m.scale_min) {
      const auto low = parse_number(trim(part.substr(0, dots)));
      const auto high = parse_number(trim(part.substr(dots + 2)));
      const auto problem = low && high ? scale_range_problem(*low, *high) : std::nullopt;
      if (!low || !high || problem) {
        throw UsageError("cannot read the range \"" + terminal_safe(part) + "\" of \"" +
                             terminal_safe(spec) + "\"" + (problem ? ": " + *problem : ""),
                         "write MIN..MAX as two decimal numbers, MIN below MAX, e.g. "
                         "mood:scale:1..5");
      }
      m.scale_min = low;
      m.scale_max = high;
    } else {
      throw UsageError("cannot read \"" + terminal_safe(part) + "\" in the metric \"" +
                           terminal_safe(spec) + "\"",
                       std::string("write it as ") + kMetricForm);
    }
  }
  if (m.kind == MetricKind::kScale && !m.scale_min) {
    throw UsageError("the scale metric \"" + terminal_safe(m.name) + "\" needs a range",
                     "add it as MIN..MAX, e.g. " + m.name + ":scale:1..5");
  }
  return m;
}

Metric parse_derived_spec(std::string_view spec, const std::vector<Metric>& metrics) {
  const auto equals = spec.find('=');
  if (equals == std::string_view::npos) {
    throw UsageError("cannot read the derived metric \"" + terminal_safe(spec) + "\"",
                     "write it as \"NAME = FORMULA\", e.g. \"share = questions / (questions + "
                     "statements)\"");
  }
  Metric m;
  m.kind = MetricKind::kDerived;
  const auto head = split(trim(spec.substr(0, equals)), ':');
  m.name = trim(head[0]);
  check_name(m.name, spec);
  if (head.size() > 2 || (head.size() == 2 && !parse_direction(trim(head[1])))) {
    throw UsageError("cannot read \"" + terminal_safe(trim(spec.substr(0, equals))) +
                         "\" before the = of a derived metric",
                     "write NAME or NAME:up or NAME:down before the =");
  }
  if (head.size() == 2) m.direction = *parse_direction(trim(head[1]));
  // Blank out "NAME =" rather than cut it off, so that the columns in a formula error
  // point into the whole --derive text as the user typed it.
  const std::string text = std::string(equals + 1, ' ') + std::string(spec.substr(equals + 1));
  const Formula formula = [&] {
    try {
      return Formula::parse(text);
    } catch (const FormulaError& e) {
      throw UsageError("in --derive \"" + terminal_safe(spec) + "\": " + e.what(), e.hint());
    }
  }();
  m.formula = formula.text();
  std::vector<std::string> known;
  for (const auto& other : metrics)
    if (other.kind != MetricKind::kDerived) known.push_back(other.name);
  for (const auto& name : formula.names()) {
    if (std::find(known.begin(), known.end(), name) != known.end()) continue;
    const auto guess = closest_match(name, known);
    throw UsageError("the formula of \"" + m.name + "\" uses \"" + name +
                         "\", which is not a metric of this experiment",
                     guess ? "did you mean \"" + *guess + "\"?"
                           : "define it first with --metric " + name + ":count");
  }
  return m;
}

Experiment build_experiment(const ExperimentSpec& spec) {
  if (const auto missing = missing_fields(spec); !missing.empty()) {
    std::string list;
    for (const auto& flag : missing) list += (list.empty() ? "" : ", ") + flag;
    throw UsageError("a new experiment needs " + list,
                     "give them as flags, e.g. leadlab new --title \"Ask before telling\" "
                     "--hypothesis \"If I ...\" --change \"I will ...\" --metric "
                     "questions:count:up");
  }
  const std::pair<const char*, const std::string*> texts[] = {{"--title", &spec.title},
                                                              {"--hypothesis", &spec.hypothesis},
                                                              {"--change", &spec.change},
                                                              {"--prediction", &spec.prediction},
                                                              {"--why", &spec.prediction_why}};
  for (const auto& [field, text] : texts) check_text(field, *text);

  Experiment e;
  e.title = trim(spec.title);
  e.hypothesis = spec.hypothesis;
  e.change = spec.change;
  e.prediction = spec.prediction;
  e.prediction_why = spec.prediction_why;
  e.occasion = canonical_occasion(trim(spec.occasion));
  e.metrics = spec.defined_metrics;
  for (const auto& text : spec.metrics) e.metrics.push_back(parse_metric_spec(text));
  for (const auto& text : spec.derived) e.metrics.push_back(parse_derived_spec(text, e.metrics));
  std::set<std::string> names;
  for (const auto& m : e.metrics) {
    if (!names.insert(m.name).second) {
      throw UsageError("the metric name \"" + m.name + "\" is used twice",
                       "give each metric and derived metric its own name");
    }
  }
  const std::pair<const char*, std::optional<int>> points[] = {
      {"--baseline-points", spec.baseline_points}, {"--test-points", spec.test_points}};
  for (const auto& [flag, value] : points) {
    const int low = std::string_view(flag) == "--test-points" ? 1 : 0;
    if (value && (*value < low || *value > kMaxPlannedPoints)) {
      throw UsageError(std::string(flag) + " must be between " + std::to_string(low) + " and " +
                           std::to_string(kMaxPlannedPoints) + ", not " + std::to_string(*value),
                       "5 points per phase allow a verdict");
    }
  }
  e.baseline_points = spec.baseline_points.value_or(5);
  e.test_points = spec.test_points.value_or(5);
  for (const auto& tag : spec.tags) {
    const std::string t = trim(tag);
    check_text("--tag", t);
    if (const auto problem = tag_problem(t)) {
      throw UsageError("the tag \"" + terminal_safe(tag) + "\" " + *problem,
                       "a tag is one word of at most 64 characters, e.g. --tag meetings");
    }
    if (std::find(e.tags.begin(), e.tags.end(), t) == e.tags.end()) e.tags.push_back(t);
  }
  e.template_name = spec.template_name;
  e.success_rule = trim(spec.success_rule);
  if (!e.success_rule.empty()) {
    check_text("--success", e.success_rule);
    std::vector<std::string> metric_names;
    for (const auto& m : e.metrics) metric_names.push_back(m.name);
    try {
      SuccessRule::parse(e.success_rule, metric_names);
    } catch (const SuccessRuleError& err) {
      throw UsageError(
          "in the success rule \"" + terminal_safe(e.success_rule) + "\": " + err.what(),
          err.hint());
    }
  }
  return e;
}

ExperimentSpec apply_overrides(ExperimentSpec base, const ExperimentSpec& flags) {
  for (auto field :
       {&ExperimentSpec::title, &ExperimentSpec::hypothesis, &ExperimentSpec::change,
        &ExperimentSpec::prediction, &ExperimentSpec::prediction_why, &ExperimentSpec::occasion,
        &ExperimentSpec::success_rule, &ExperimentSpec::template_name}) {
    if (!(flags.*field).empty()) base.*field = flags.*field;
  }
  if (!flags.metrics.empty() || !flags.derived.empty() || !flags.defined_metrics.empty()) {
    base.defined_metrics = flags.defined_metrics;
    base.metrics = flags.metrics;
    base.derived = flags.derived;
    base.success_rule = flags.success_rule;
  }
  if (flags.follows) base.follows = flags.follows;
  if (flags.baseline_points) base.baseline_points = flags.baseline_points;
  if (flags.test_points) base.test_points = flags.test_points;
  base.tags.insert(base.tags.end(), flags.tags.begin(), flags.tags.end());
  return base;
}

ExperimentSpec spec_from_experiment(const Experiment& parent) {
  ExperimentSpec spec;
  spec.title = parent.title;
  spec.hypothesis = parent.hypothesis;
  spec.change = parent.change;
  spec.prediction = parent.prediction;
  spec.prediction_why = parent.prediction_why;
  spec.occasion = parent.occasion;
  for (Metric m : parent.metrics) {
    m.id = 0;  // the copies are new records of the new experiment
    m.uuid.clear();
    spec.defined_metrics.push_back(std::move(m));
  }
  spec.baseline_points = parent.baseline_points;
  spec.test_points = parent.test_points;
  spec.tags = parent.tags;
  spec.success_rule = parent.success_rule;
  spec.template_name = parent.template_name;
  spec.follows = parent.id;
  return spec;
}

std::int64_t parse_experiment_id(std::string_view text) {
  std::string_view digits = text;
  if (!digits.empty() && digits.front() == '#') digits.remove_prefix(1);
  std::int64_t id = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
  if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size() || id <= 0) {
    throw UsageError("\"" + terminal_safe(text) + "\" is not an experiment id",
                     "an id is the number `leadlab list` shows, e.g. 1");
  }
  return id;
}

void retag_for_occasion(ExperimentSpec& spec, std::string_view old_occasion) {
  if (spec.occasion.empty() || spec.occasion == old_occasion) return;
  const std::string plural = std::string(old_occasion) + "s";
  for (auto& tag : spec.tags) {
    if (tag == old_occasion || tag == plural) {
      tag = spec.occasion + "s";
      return;
    }
  }
}

}  // namespace leadlab
