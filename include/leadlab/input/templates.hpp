// Experiment templates: ready experiments in TOML files (format in docs/templates.md),
// found in an ordered list of folders, validated with every problem reported as
// file:line:column. The values they become are model/template.hpp's.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "leadlab/model/model.hpp"
#include "leadlab/model/template.hpp"

namespace leadlab {

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

// Loads every *.toml in the folders; an earlier folder's template wins over a later one's
// with the same name (a user's template overrides a bundled one). Broken files are skipped
// and kept in the library's problems().
TemplateLibrary load_templates(const std::vector<TemplateFolder>& folders);

// `templates check`: every problem in the files, including follow-ups that name no
// template in the library or among the files themselves. Empty when all are sound.
std::vector<TemplateProblem> check_template_files(const std::vector<std::string>& paths,
                                                  const TemplateLibrary& library);

}  // namespace leadlab
