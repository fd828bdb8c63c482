// Experiment templates: ready experiments in TOML files (format in docs/templates.md),
// found in an ordered list of folders, validated with every problem reported as
// file:line:column, and turned into the starting point of `new`.
#pragma once

#include <functional>
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

struct TemplateParse {
  std::optional<Template> result;  // set when there are no problems
  std::vector<TemplateProblem> problems;
};

// Whether a template of that name exists, for checking follow-ups.
using KnownTemplate = std::function<bool(std::string_view name)>;

// Reads and validates one template: TOML syntax, unknown keys, missing or mistyped fields,
// metric kinds and directions, formulas (parse and names), the success rule, that the name
// matches the file name, and (when `known` is given) that every follow-up exists.
TemplateParse parse_template(std::string_view text, const std::string& path,
                             const KnownTemplate& known = nullptr);
TemplateParse parse_template_file(const std::string& path, const KnownTemplate& known = nullptr);

// A folder to look for templates in, and how it is labelled in `templates list`.
struct TemplateFolder {
  std::string path;
  std::string origin;  // "user", "installed" or "source"
};

class TemplateLibrary {
 public:
  // Loads every *.toml in the folders; an earlier folder's template wins over a later
  // one's with the same name (a user's template overrides a bundled one). Broken files are
  // skipped and kept in problems().
  static TemplateLibrary load(const std::vector<TemplateFolder>& folders);

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

// `templates check`: every problem in the files, including follow-ups that name no
// template in the library or among the files themselves. Empty when all are sound.
std::vector<TemplateProblem> check_template_files(const std::vector<std::string>& paths,
                                                  const TemplateLibrary& library);

// The experiment a template describes, as the starting point for `new`.
ExperimentSpec spec_from_template(const Template& t);

}  // namespace leadlab
