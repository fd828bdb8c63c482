// `leadlab templates [list]`, `templates show NAME`, `templates check FILE...`: browse and
// validate experiment templates.
#include "cli/context.hpp"
#include "leadlab/model/text.hpp"
#include "leadlab/report/template_view.hpp"
#include "leadlab/storage/files.hpp"

namespace leadlab::cli {

Command add_templates(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand("templates", "Browse and check experiment templates");
  auto* list = cmd->add_subcommand("list", "The templates: name, area, one line each (default)");
  auto* show = cmd->add_subcommand("show", "Everything in one template");
  auto name = std::make_shared<std::string>();
  show->add_option("NAME", *name, "The template")->required();
  auto* check = cmd->add_subcommand("check", "Validate template files");
  auto files = std::make_shared<std::vector<std::string>>();
  check->add_option("FILE", *files, "Template files (.toml)")->required();
  list->footer("Example:\n  leadlab templates list --json");
  show->footer("Example:\n  leadlab templates show speak-last");
  check->footer("Example:\n  leadlab templates check ~/.config/leadlab/templates/*.toml");
  cmd->footer(
      "Examples:\n"
      "  leadlab templates\n"
      "  leadlab templates show question-ratio\n"
      "  leadlab templates check ~/.config/leadlab/templates/my-experiment.toml\n"
      "  leadlab new --template question-ratio");
  return {cmd, [&ctx, list, show, check, name, files] {
            const TemplateLibrary library = ctx.templates();
            const RenderOptions options = ctx.render_options();
            if (check->parsed()) {
              for (const auto& file : *files)  // a FIFO or a device is never opened
                refuse_unless_file(file, "give template files (.toml)", true);
              const auto problems = check_template_files(*files, library);
              for (const auto& p : problems) ctx.err() << terminal_safe(p.to_string()) << "\n";
              if (!problems.empty()) return 2;
              ctx.out() << files->size() << (files->size() == 1 ? " template" : " templates")
                        << " checked: no problems.\n";
              return 0;
            }
            if (show->parsed()) {
              const Template& t = library.require(*name);
              if (ctx.options.json) {
                ctx.print_json(template_json(t));
              } else {
                ctx.out() << render_template(t, options);
              }
              return 0;
            }
            (void)list;
            if (ctx.options.json) {
              ctx.print_json(templates_json(library.templates()));
            } else {
              ctx.out() << render_template_list(library.templates(), options);
            }
            for (const auto& p : library.problems())
              ctx.note("leadlab: skipped a broken template: " + terminal_safe(p.to_string()));
            return 0;
          }};
}

}  // namespace leadlab::cli
