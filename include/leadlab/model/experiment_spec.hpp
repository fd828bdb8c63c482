// What defines an experiment, as a user gives it (flags, a template, a parent to follow):
// an ExperimentSpec, checked and turned into a complete Experiment by pure functions. The
// actions layer stores it (actions/experiments.hpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "leadlab/model/model.hpp"

namespace leadlab {

// The longest text leadlab stores in one field (a note, a hypothesis): 64 KiB.
inline constexpr std::size_t kMaxTextBytes = 64 * 1024;

// Checks user text before it is stored: valid UTF-8, within kMaxTextBytes. `field` names
// it in the error ("--note").
void check_text(std::string_view field, std::string_view text);

// What `new` was given; anything left empty may be asked for or defaulted.
struct ExperimentSpec {
  std::string title;
  std::string hypothesis;
  std::string change;
  std::string prediction;
  std::string prediction_why;
  std::string occasion;                 // meeting, 1:1, day or week; default meeting
  std::vector<Metric> defined_metrics;  // complete metrics, e.g. from a template
  std::vector<std::string> metrics;     // "NAME:KIND[:MIN..MAX][:up|down]"
  std::vector<std::string> derived;     // "NAME[:up|down] = FORMULA"
  std::optional<int> baseline_points;   // default 5
  std::optional<int> test_points;       // default 5
  std::vector<std::string> tags;
  std::string success_rule;             // e.g. "nap(share) >= 0.66"; may be empty
  std::string template_name;            // the template it came from, if any
  std::optional<std::int64_t> follows;  // the experiment this one follows (its parent)
};

// A spec that repeats `parent`'s definition (text, metrics, plan, rule, tags, template),
// as the starting point of the experiment that follows it.
ExperimentSpec spec_from_experiment(const Experiment& parent);

// `base` (e.g. from a template) with every field the user gave in `flags` taking its
// place. Metrics are replaced as a whole when flags define any (--metric or --derive); the
// base's success rule then goes too, unless flags give one. Tags are added.
ExperimentSpec apply_overrides(ExperimentSpec base, const ExperimentSpec& flags);

// A follow-up in another occasion than its parent's: the first tag naming the old occasion
// ("meeting" or "meetings") names the new one instead ("1:1s"). Nothing changes when the
// occasion is the same.
void retag_for_occasion(ExperimentSpec& spec, std::string_view old_occasion);

// Whether the spec gives any of the definition's fields (title, text, metrics, rule): `new`
// with none of them walks through every field at a terminal.
bool defines_anything(const ExperimentSpec& spec);

// "meeting", "1:1", "day" or "week" for what a user may type (also "one-on-one", "1on1");
// empty means meeting. UsageError for anything else.
std::string canonical_occasion(std::string_view occasion);

// The flags a spec still needs before an experiment can be made from it, e.g.
// {"--title", "--metric"}. Hypothesis and change are required: they are the experiment.
std::vector<std::string> missing_fields(const ExperimentSpec& spec);

// Reads "questions:count:up", "mood:scale:1..5", "late:minutes:down", "held:yesno".
// Throws UsageError that quotes the spec and shows the accepted form.
Metric parse_metric_spec(std::string_view spec);

// Reads "share = questions / (questions + statements)" or "share:down = ...", checking
// that the formula parses and uses only the given (non-derived) metrics.
Metric parse_derived_spec(std::string_view spec, const std::vector<Metric>& metrics);

// Builds a complete, validated experiment (status draft) from the spec: the defined
// metrics, then --metric and --derive ones. Throws UsageError for the first problem:
// missing fields, a bad metric, a duplicate name, bad points, a success rule that does not
// parse or names an unknown metric.
Experiment build_experiment(const ExperimentSpec& spec);

// Reads an experiment id as the user typed it ("3" or "#3"); UsageError otherwise.
std::int64_t parse_experiment_id(std::string_view text);

}  // namespace leadlab
