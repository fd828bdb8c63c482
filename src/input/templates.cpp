#include "leadlab/input/templates.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>

#include "input/toml_input.hpp"
#include "leadlab/model/error.hpp"
#include "leadlab/model/experiment_spec.hpp"
#include "leadlab/model/formula.hpp"
#include "leadlab/model/numbers.hpp"
#include "leadlab/model/rules.hpp"
#include "leadlab/model/success_rule.hpp"
#include "leadlab/model/text.hpp"

namespace leadlab {
namespace fs = std::filesystem;

namespace {

// Reads one template's TOML table, recording every problem instead of stopping at the
// first, so that `templates check` shows them all at once.
class Reader {
 public:
  explicit Reader(std::string path) : path_(std::move(path)) {}

  std::vector<TemplateProblem>& problems() { return problems_; }

  void problem(const toml::source_region& at, std::string message) {
    problems_.push_back({path_, std::max<int>(1, static_cast<int>(at.begin.line)),
                         std::max<int>(1, static_cast<int>(at.begin.column)), std::move(message)});
  }

  // Reports keys of `table` that are not in `known`, with a suggestion.
  void check_keys(const toml::table& table, const std::vector<std::string>& known,
                  const std::string& where) {
    for (const auto& [key, node] : table) {
      const std::string name(key.str());
      if (std::find(known.begin(), known.end(), name) != known.end()) continue;
      const auto guess = closest_match(name, known);
      problem(key.source(), "unknown key \"" + terminal_safe(name) + "\"" + where +
                                (guess ? "; did you mean \"" + *guess + "\"?" : ""));
    }
  }

  // A string longer than a journal keeps in one field: `new --template` would refuse it.
  void check_length(const toml::node& node, std::string_view key, const std::string& value) {
    if (value.size() <= kMaxTextBytes) return;
    problem(node.source(), "\"" + std::string(key) + "\" is " + std::to_string(value.size()) +
                               " bytes long; the most leadlab keeps in one field is " +
                               std::to_string(kMaxTextBytes));
  }

  // A string field; empty when absent (reported when `required`) or of another type.
  std::string text(const toml::table& table, std::string_view key, bool required,
                   const toml::source_region& owner) {
    const toml::node* node = table.get(key);
    if (node == nullptr) {
      if (required) problem(owner, "missing \"" + std::string(key) + "\" (a string)");
      return {};
    }
    if (const auto* value = node->as_string()) {
      if (required && value->get().find_first_not_of(" \t\n") == std::string::npos)
        problem(node->source(), "\"" + std::string(key) + "\" is empty");
      check_length(*node, key, value->get());
      return value->get();
    }
    problem(node->source(), "\"" + std::string(key) + "\" must be a string");
    return {};
  }

  std::optional<int> integer(const toml::table& table, std::string_view key, int low, int high,
                             const toml::source_region& owner) {
    const toml::node* node = table.get(key);
    if (node == nullptr) {
      problem(owner, "missing \"" + std::string(key) + "\" (a whole number)");
      return std::nullopt;
    }
    const auto* value = node->as_integer();
    if (value == nullptr || value->get() < low || value->get() > high) {
      problem(node->source(), "\"" + std::string(key) + "\" must be a whole number from " +
                                  std::to_string(low) + " to " + std::to_string(high));
      return std::nullopt;
    }
    return static_cast<int>(value->get());
  }

  std::optional<double> number(const toml::table& table, std::string_view key) {
    const toml::node* node = table.get(key);
    if (node == nullptr) return std::nullopt;
    if (const auto* i = node->as_integer()) return static_cast<double>(i->get());
    if (const auto* f = node->as_floating_point(); f != nullptr && std::isfinite(f->get()))
      return f->get();
    problem(node->source(), "\"" + std::string(key) + "\" must be a finite number");
    return std::nullopt;
  }

  std::vector<std::string> strings(const toml::table& table, std::string_view key, bool required,
                                   const toml::source_region& owner) {
    std::vector<std::string> out;
    const toml::node* node = table.get(key);
    if (node == nullptr) {
      if (required) problem(owner, "missing \"" + std::string(key) + "\" (an array of strings)");
      return out;
    }
    const auto* array = node->as_array();
    if (array == nullptr) {
      problem(node->source(), "\"" + std::string(key) + "\" must be an array of strings");
      return out;
    }
    for (const auto& item : *array) {
      if (const auto* value = item.as_string()) {
        check_length(item, key, value->get());
        out.push_back(value->get());
      } else {
        problem(item.source(), "\"" + std::string(key) + "\" must hold only strings");
      }
    }
    return out;
  }

  // The tables of an array of tables ([[metrics]]).
  std::vector<const toml::table*> tables(const toml::table& table, std::string_view key,
                                         bool required, const toml::source_region& owner) {
    std::vector<const toml::table*> out;
    const toml::node* node = table.get(key);
    if (node == nullptr) {
      if (required) problem(owner, "missing [[" + std::string(key) + "]]: at least one is needed");
      return out;
    }
    const auto* array = node->as_array();
    if (array == nullptr) {
      problem(node->source(), "\"" + std::string(key) + "\" must be written as [[" +
                                  std::string(key) + "]] tables");
      return out;
    }
    for (const auto& item : *array) {
      if (const auto* t = item.as_table()) {
        out.push_back(t);
      } else {
        problem(item.source(), "each \"" + std::string(key) + "\" must be a table");
      }
    }
    if (out.empty() && required)
      problem(node->source(), "[[" + std::string(key) + "]]: at least one is needed");
    return out;
  }

  // Where column `column` (1-based) of a string value's text is in the file: the value
  // starts after its opening quote. Exact for strings without escapes.
  void problem_in_string(const toml::node& node, int column, const std::string& message) {
    toml::source_region at = node.source();
    at.begin.column =
        static_cast<toml::source_index>(at.begin.column + static_cast<toml::source_index>(column));
    problem(at, message);
  }

 private:
  std::string path_;
  std::vector<TemplateProblem> problems_;
};

const std::vector<std::string> kTopKeys = {
    "name",        "title",      "area",   "summary",        "hypothesis",
    "change",      "prediction", "why",    "occasion",       "baseline_points",
    "test_points", "success",    "tags",   "review_prompts", "follow_ups",
    "metrics",     "derived",    "sources"};
const std::vector<std::string> kMetricKeys = {"name",         "label", "kind", "direction",
                                              "instructions", "min",   "max"};
const std::vector<std::string> kDerivedKeys = {"name", "label", "formula", "direction",
                                               "instructions"};
const std::vector<std::string> kSourceKeys = {"citation", "note"};

Direction read_direction(Reader& r, const toml::table& table) {
  const toml::node* node = table.get("direction");
  if (node == nullptr) return Direction::kUp;
  const auto* value = node->as_string();
  const auto direction = value ? parse_direction(value->get()) : std::nullopt;
  if (!direction) r.problem(node->source(), "\"direction\" must be \"up\" or \"down\"");
  return direction.value_or(Direction::kUp);
}

void read_name(Reader& r, const toml::table& table, Metric& m, std::set<std::string>& names) {
  m.name = r.text(table, "name", true, table.source());
  if (m.name.empty()) return;
  const auto* node = table.get("name");
  if (!is_metric_name(m.name)) {
    r.problem(node->source(), "\"" + terminal_safe(m.name) +
                                  "\" is not a metric name: use letters, digits and _, "
                                  "starting with a letter");
  } else if (!names.insert(m.name).second) {
    r.problem(node->source(), "the metric name \"" + m.name + "\" is used twice");
  }
}

Metric read_metric(Reader& r, const toml::table& table, std::set<std::string>& names) {
  Metric m;
  r.check_keys(table, kMetricKeys, " in [[metrics]]");
  read_name(r, table, m, names);
  m.label = r.text(table, "label", true, table.source());
  m.instructions = r.text(table, "instructions", true, table.source());
  m.direction = read_direction(r, table);
  const std::string kind = r.text(table, "kind", true, table.source());
  const auto parsed = parse_metric_kind(kind);
  if (!kind.empty() && (!parsed || *parsed == MetricKind::kDerived)) {
    r.problem(table.get("kind")->source(),
              "unknown kind \"" + terminal_safe(kind) +
                  "\": use count, scale, minutes, yesno or percent (formulas go in [[derived]])");
  }
  m.kind = parsed.value_or(MetricKind::kCount);
  m.scale_min = r.number(table, "min");
  m.scale_max = r.number(table, "max");
  if (m.kind == MetricKind::kScale) {
    if (!m.scale_min || !m.scale_max) {
      r.problem(table.source(), "a scale metric needs numbers min and max, with min below max");
    } else if (const auto problem = scale_range_problem(*m.scale_min, *m.scale_max)) {
      r.problem(table.source(), *problem);
    }
  } else if (table.get("min") != nullptr || table.get("max") != nullptr) {
    r.problem(table.source(), "min and max are only for kind = \"scale\"");
  }
  return m;
}

Metric read_derived(Reader& r, const toml::table& table, std::set<std::string>& names,
                    const std::vector<std::string>& measured) {
  Metric m;
  m.kind = MetricKind::kDerived;
  r.check_keys(table, kDerivedKeys, " in [[derived]]");
  read_name(r, table, m, names);
  m.label = r.text(table, "label", true, table.source());
  m.instructions = r.text(table, "instructions", false, table.source());
  m.direction = read_direction(r, table);
  const std::string formula = r.text(table, "formula", true, table.source());
  if (formula.empty()) return m;
  const toml::node& node = *table.get("formula");
  try {
    const Formula parsed = Formula::parse(formula);
    m.formula = parsed.text();
    for (const auto& name : parsed.names()) {
      if (std::find(measured.begin(), measured.end(), name) != measured.end()) continue;
      const auto guess = closest_match(name, measured);
      r.problem_in_string(node, static_cast<int>(formula.find(name)) + 1,
                          "the formula uses \"" + name + "\", which is not in [[metrics]]" +
                              (guess ? "; did you mean \"" + *guess + "\"?" : ""));
    }
  } catch (const FormulaError& e) {
    r.problem_in_string(node, e.column(), std::string("formula: ") + e.what());
  }
  return m;
}

}  // namespace

TemplateParse parse_template(std::string_view text, const std::string& path,
                             const KnownTemplate& known) {
  TemplateParse out;
  Reader r(path);
  toml::table root;
  try {
    root = parse_toml(text, path);
  } catch (const UsageError& e) {
    // parse_toml's message is already "path:line:column: what".
    const std::string what = e.what();
    TemplateProblem p{path, 1, 1, what};
    const auto rest = what.substr(std::min(what.size(), path.size() + 1));
    if (std::sscanf(rest.c_str(), "%d:%d", &p.line, &p.column) == 2) {
      p.message = rest.substr(rest.find(": ") == std::string::npos ? 0 : rest.find(": ") + 2);
    }
    out.problems.push_back(std::move(p));
    return out;
  }
  const toml::source_region top{{1, 1}, {1, 1}, nullptr};
  r.check_keys(root, kTopKeys, "");

  Template t;
  t.path = path;
  t.name = r.text(root, "name", true, top);
  const std::string stem = fs::path(path).stem().string();
  if (!t.name.empty() && t.name != stem) {
    r.problem(root.get("name")->source(), "the name \"" + terminal_safe(t.name) +
                                              "\" must match the file name \"" + stem + ".toml\"");
  }
  t.title = r.text(root, "title", true, top);
  t.area = r.text(root, "area", true, top);
  t.summary = r.text(root, "summary", true, top);
  t.hypothesis = r.text(root, "hypothesis", true, top);
  t.change = r.text(root, "change", true, top);
  t.prediction = r.text(root, "prediction", false, top);
  t.why = r.text(root, "why", false, top);
  if (root.get("occasion") != nullptr) {
    const std::string occasion = r.text(root, "occasion", true, top);
    try {
      t.occasion = canonical_occasion(occasion);
    } catch (const UsageError&) {
      r.problem(root.get("occasion")->source(), "unknown occasion \"" + terminal_safe(occasion) +
                                                    "\": use meeting, 1:1, day or week");
    }
  }
  if (root.get("baseline_points") != nullptr)
    t.baseline_points = r.integer(root, "baseline_points", 0, 1000, top).value_or(5);
  if (root.get("test_points") != nullptr)
    t.test_points = r.integer(root, "test_points", 1, 1000, top).value_or(5);
  t.tags = r.strings(root, "tags", false, top);
  for (const auto& tag : t.tags)
    if (const auto problem = tag_problem(tag))
      r.problem(root.get("tags")->source(), "the tag \"" + terminal_safe(tag) + "\" " + *problem);
  t.review_prompts = r.strings(root, "review_prompts", false, top);
  t.follow_ups = r.strings(root, "follow_ups", false, top);
  if (known) {
    const auto* array = root.get("follow_ups") ? root.get("follow_ups")->as_array() : nullptr;
    for (std::size_t i = 0; array != nullptr && i < array->size(); ++i) {
      const auto* name = (*array)[i].as_string();
      if (name != nullptr && !known(name->get())) {
        r.problem((*array)[i].source(), "follow-up \"" + terminal_safe(name->get()) +
                                            "\" is not a template (see `leadlab templates list`)");
      }
    }
  }

  std::set<std::string> names;
  std::vector<std::string> measured;
  for (const auto* table : r.tables(root, "metrics", true, top)) {
    t.metrics.push_back(read_metric(r, *table, names));
    measured.push_back(t.metrics.back().name);
  }
  for (const auto* table : r.tables(root, "derived", false, top))
    t.metrics.push_back(read_derived(r, *table, names, measured));
  for (const auto* table : r.tables(root, "sources", false, top)) {
    r.check_keys(*table, kSourceKeys, " in [[sources]]");
    t.sources.push_back({r.text(*table, "citation", true, table->source()),
                         r.text(*table, "note", false, table->source())});
  }

  t.success = r.text(root, "success", false, top);
  if (!t.success.empty()) {
    std::vector<std::string> all(names.begin(), names.end());
    try {
      SuccessRule::parse(t.success, all);
    } catch (const SuccessRuleError& e) {
      r.problem_in_string(*root.get("success"), e.column(),
                          std::string("success rule: ") + e.what() +
                              (e.hint().empty() ? "" : " (" + e.hint() + ")"));
    }
  }

  out.problems = std::move(r.problems());
  std::stable_sort(out.problems.begin(), out.problems.end(),
                   [](const TemplateProblem& a, const TemplateProblem& b) {
                     return std::pair(a.line, a.column) < std::pair(b.line, b.column);
                   });
  if (out.problems.empty()) out.result = std::move(t);
  return out;
}

TemplateParse parse_template_file(const std::string& path, const KnownTemplate& known) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {std::nullopt, {{path, 1, 1, "cannot read the file"}}};
  // One byte past the limit is enough for parse_toml to refuse a huge file.
  std::string text(kMaxTomlBytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  return parse_template(text, path, known);
}

TemplateLibrary load_templates(const std::vector<TemplateFolder>& folders) {
  std::vector<Template> templates;
  std::vector<TemplateProblem> problems;
  std::set<std::string> bundled_names;
  for (const auto& folder : folders) {
    std::error_code ec;
    if (!fs::is_directory(folder.path, ec)) continue;
    std::vector<std::string> files;
    for (const auto& file : fs::directory_iterator(folder.path, ec))
      // Only regular files (links followed): a FIFO or a device would block or be touched.
      if (file.path().extension() == ".toml" && file.is_regular_file(ec))
        files.push_back(file.path().string());
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
      TemplateParse parsed = parse_template_file(file);
      if (!parsed.result) {
        problems.insert(problems.end(), parsed.problems.begin(), parsed.problems.end());
        continue;
      }
      Template& t = *parsed.result;
      t.origin = folder.origin;
      if (folder.origin != "user") bundled_names.insert(t.name);
      const auto same_name = [&t](const Template& other) { return other.name == t.name; };
      // An earlier folder wins.
      if (std::any_of(templates.begin(), templates.end(), same_name)) continue;
      templates.push_back(std::move(t));
    }
  }
  for (auto& t : templates)
    t.overrides_bundled = t.origin == "user" && bundled_names.count(t.name) != 0;
  std::sort(templates.begin(), templates.end(),
            [](const Template& a, const Template& b) { return a.name < b.name; });
  return TemplateLibrary(std::move(templates), std::move(problems));
}

std::vector<TemplateProblem> check_template_files(const std::vector<std::string>& paths,
                                                  const TemplateLibrary& library) {
  // Follow-ups may name a template in the library or one of the files being checked.
  std::set<std::string> names;
  for (const auto& t : library.templates()) names.insert(t.name);
  for (const auto& path : paths) names.insert(fs::path(path).stem().string());
  const KnownTemplate known = [&](std::string_view name) {
    return names.count(std::string(name)) != 0;
  };
  std::vector<TemplateProblem> problems;
  for (const auto& path : paths) {
    TemplateParse parsed = parse_template_file(path, known);
    problems.insert(problems.end(), parsed.problems.begin(), parsed.problems.end());
  }
  return problems;
}

}  // namespace leadlab
