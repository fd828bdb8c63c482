#include "leadlab/model/template.hpp"

#include "leadlab/model/error.hpp"
#include "leadlab/model/text.hpp"

namespace leadlab {

std::string TemplateProblem::to_string() const {
  return path + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + message;
}

TemplateLibrary::TemplateLibrary(std::vector<Template> templates,
                                 std::vector<TemplateProblem> problems)
    : templates_(std::move(templates)), problems_(std::move(problems)) {}

const Template* TemplateLibrary::find(std::string_view name) const {
  for (const auto& t : templates_)
    if (t.name == name) return &t;
  return nullptr;
}

const Template& TemplateLibrary::require(std::string_view name) const {
  if (const Template* t = find(name)) return *t;
  std::vector<std::string> names;
  for (const auto& t : templates_) names.push_back(t.name);
  const auto guess = closest_match(name, names);
  throw UsageError("there is no template \"" + terminal_safe(name) + "\"" +
                       (guess ? "; did you mean \"" + *guess + "\"?" : ""),
                   "`leadlab templates list` shows the templates");
}

ExperimentSpec spec_from_template(const Template& t) {
  ExperimentSpec spec;
  spec.title = t.title;
  spec.hypothesis = t.hypothesis;
  spec.change = t.change;
  spec.prediction = t.prediction;
  spec.prediction_why = t.why;
  spec.occasion = t.occasion;
  spec.defined_metrics = t.metrics;
  spec.baseline_points = t.baseline_points;
  spec.test_points = t.test_points;
  spec.tags = t.tags;
  spec.success_rule = t.success;
  spec.template_name = t.name;
  return spec;
}

ExperimentSpec starting_spec(const std::optional<Experiment>& parent, const Template* from,
                             const ExperimentSpec& flags, std::string_view default_occasion) {
  ExperimentSpec base;
  if (parent) base = spec_from_experiment(*parent);
  if (from != nullptr) base = apply_overrides(base, spec_from_template(*from));
  if (base.occasion.empty()) base.occasion = std::string(default_occasion);
  ExperimentSpec spec = apply_overrides(base, flags);
  if (parent && flags.tags.empty()) retag_for_occasion(spec, parent->occasion);
  return spec;
}

}  // namespace leadlab
