// Renderings of experiment templates for `templates list` and `templates show`, as
// terminal text and as JSON.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "leadlab/model/template.hpp"
#include "leadlab/report/text_view.hpp"

namespace leadlab {

// One line per template: name, area, summary; a user template that overrides a bundled one
// is marked.
std::string render_template_list(const std::vector<Template>& templates,
                                 const RenderOptions& options);
// Everything in a template, readable.
std::string render_template(const Template& t, const RenderOptions& options);

nlohmann::json template_json(const Template& t);
nlohmann::json templates_json(const std::vector<Template>& templates);

}  // namespace leadlab
