// Experiment templates as values: a ready experiment (hypothesis, change, metrics, plan,
// prompts, follow-ups, sources), the library of those a user can start from, and the spec a
// template gives `new`. Reading them from TOML files is input/templates.hpp.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "leadlab/model/experiment_spec.hpp"
#include "leadlab/model/model.hpp"

namespace leadlab {

struct TemplateSource {
  std::string citation;
  std::string note;
};

struct Template {
  std::string name;
  std::string title;
  std::string area;
  std::string summary;
  std::string hypothesis;
  std::string change;
  std::string prediction;
  std::string why;
  std::string occasion = "meeting";
  int baseline_points = 5;
  int test_points = 5;
  std::string success;
  std::vector<std::string> tags;
  std::vector<std::string> review_prompts;
  std::vector<std::string> follow_ups;
  std::vector<Metric> metrics;  // measured ones first, then derived ones
  std::vector<TemplateSource> sources;

  std::string path;                // the file it was read from
  std::string origin;              // the folder's label: "user", "installed" or "source"
  bool overrides_bundled = false;  // a user template with the name of a bundled one
};

// One problem in a template file, at a position (line and column are 1-based).
struct TemplateProblem {
  std::string path;
  int line = 1;
  int column = 1;
  std::string message;
  // "path:line:column: message"
  std::string to_string() const;
};

class TemplateLibrary {
 public:
  TemplateLibrary() = default;
  // The templates (sorted by name) and the problems of the files that could not be read.
  TemplateLibrary(std::vector<Template> templates, std::vector<TemplateProblem> problems);

  // Every template by name.
  const std::vector<Template>& templates() const { return templates_; }
  const Template* find(std::string_view name) const;
  // Throws UsageError for an unknown name, with "did you mean" and how to list them.
  const Template& require(std::string_view name) const;
  const std::vector<TemplateProblem>& problems() const { return problems_; }

 private:
  std::vector<Template> templates_;
  std::vector<TemplateProblem> problems_;
};

// The experiment a template describes, as the starting point for `new`.
ExperimentSpec spec_from_template(const Template& t);

// Where `new` starts from: the parent's definition (when it follows one), then the template
// (when one is named), then `default_occasion` for an occasion neither gave, then `flags`
// on top (apply_overrides).
ExperimentSpec starting_spec(const std::optional<Experiment>& parent, const Template* from,
                             const ExperimentSpec& flags, std::string_view default_occasion);

}  // namespace leadlab
