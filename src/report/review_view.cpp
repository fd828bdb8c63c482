#include "leadlab/report/review_view.hpp"

#include <sstream>

#include "leadlab/analysis/randomization.hpp"
#include "leadlab/model/dates.hpp"
#include "leadlab/model/text.hpp"
#include "leadlab/report/analysis_words.hpp"

namespace leadlab {
namespace {

std::string bold(const RenderOptions& o, const std::string& text) {
  return o.color ? "\x1b[1m" + text + "\x1b[0m" : text;
}

// The review's long answers, in the order the questions are asked.
const std::vector<std::pair<std::string, std::string>> kEditable = {
    {"observed", "What happened? What did you observe"},
    {"difference", "Why was there a difference from the prediction"},
    {"learned", "What did you learn"},
    {"surprised", "What surprised you"},
    {"as_planned", "Was the change carried out as planned"},
    {"next_step", "Next step: what exactly will you do"}};

std::string trim_lines(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\n");
  if (first == std::string::npos) return {};
  const auto last = text.find_last_not_of(" \t\n");
  return text.substr(first, last - first + 1);
}

}  // namespace

std::string render_review_brief(const Experiment& e, const ExperimentAnalysis& analysis,
                                const PlanAdherence& adherence,
                                const DecisionSuggestion& suggestion, const RenderOptions& o) {
  std::ostringstream out;
  out << bold(o, "Review of experiment " + std::to_string(e.id) + ": " + terminal_safe(e.title))
      << "\n";
  out << labelled("Prediction", e.prediction, o.width);
  for (const auto& report : analysis.metrics) {
    // What NAP means for this data, once the verdict reads NAP (3 points in each phase).
    const Comparison& c = report.analysis.comparison;
    std::string text = report.verdict;
    if (c.adequacy != Adequacy::kNotEnoughData)
      text += " " + nap_in_words(report.metric, c, e.occasion);
    if (report.randomization) text += " " + describe_randomization(*report.randomization) + ".";
    out << labelled(report.metric.name, text, o.width);
  }
  if (analysis.success) {
    std::string state = analysis.success->error;
    if (analysis.success->result) {
      state = std::string(to_string(analysis.success->result->state));
      if (analysis.success->result->provisional) state = "provisionally " + state;
    }
    out << labelled("Success", analysis.success->rule + ": " + state, o.width);
  }
  out << labelled("Carried out", adherence.describe(), o.width);
  out << labelled("Suggestion", suggestion.decision + ": " + suggestion.reason, o.width);
  return out.str();
}

std::string render_lineage(const Lineage& lineage, const Experiment& e, const RenderOptions& o) {
  if (!lineage.parent && lineage.children.empty()) return {};
  auto name = [](const Experiment& x) {
    return "experiment " + std::to_string(x.id) + " (" + x.title + ")";
  };
  std::ostringstream out;
  out << bold(o, "Series") << "\n";
  out << labelled(
      "Cycle", std::to_string(e.cycle) + " of the series begun by " + name(lineage.root), o.width);
  if (lineage.parent) out << labelled("Follows", name(*lineage.parent), o.width);
  std::string children;
  for (const auto& child : lineage.children)
    children += (children.empty() ? "" : ", ") + name(child);
  out << labelled("Followed by", children, o.width);
  return out.str();
}

nlohmann::json lineage_json(const Lineage& lineage) {
  nlohmann::json children = nlohmann::json::array();
  for (const auto& child : lineage.children) children.push_back(child.id);
  return {{"root", lineage.root.id},
          {"parent", lineage.parent ? nlohmann::json(lineage.parent->id) : nlohmann::json(nullptr)},
          {"children", children}};
}

std::string render_review(const Review& r, const RenderOptions& o) {
  std::ostringstream out;
  out << bold(o, "Review") << (r.author.empty() ? "" : " by " + terminal_safe(r.author)) << ", "
      << r.created.substr(0, 10) << "\n";
  out << labelled("Prediction", r.prediction_met.empty() ? "" : "met: " + r.prediction_met,
                  o.width);
  out << labelled("Observed", r.observed, o.width);
  out << labelled("Why", r.difference, o.width);
  out << labelled("Learned", r.learned, o.width);
  out << labelled("Surprised", r.surprised, o.width);
  out << labelled("As planned", r.as_planned, o.width);
  out << labelled("Decision", r.decision, o.width);
  std::string next = r.next_step;
  if (r.next_by) next += " (by " + format_date(*r.next_by) + ")";
  out << labelled("Next step", next, o.width);
  if (r.commitment) out << labelled("Commitment", std::to_string(*r.commitment) + "/10", o.width);
  return out.str();
}

std::string render_comments(const std::vector<Comment>& comments, const RenderOptions& o) {
  if (comments.empty()) return "";
  std::string out = bold(o, "Comments") + "\n";
  for (const auto& c : comments) {
    // The number `comment edit` and `comment delete` take; "NEW" until the owner saw it.
    const std::string number = "[" + std::to_string(c.id) + "] " + (c.seen ? "" : "NEW ");
    out += labelled(c.created.substr(0, 10),
                    number + (c.author.empty() ? "" : c.author + ": ") + c.text, o.width, 12);
  }
  return out;
}

std::string describe_new_comments(const std::vector<NewComments>& news) {
  constexpr std::size_t kShown = 5;  // a coach's whole journal must not fill the screen
  std::string out;
  for (std::size_t i = 0; i < news.size(); ++i) {
    if (i == kShown) {
      const std::size_t more = news.size() - kShown;
      out += "and new comments on " + std::to_string(more) +
             (more == 1 ? " more experiment" : " more experiments") +
             " (`leadlab status --json` lists them all)\n";
      break;
    }
    const NewComments& n = news[i];
    const std::string id = std::to_string(n.experiment_id);
    out += std::to_string(n.count) + (n.count == 1 ? " new comment" : " new comments") +
           (n.author.empty() ? "" : " from " + terminal_safe(n.author)) + " on experiment " + id +
           ": `leadlab show " + id + "`\n";
  }
  return out;
}

nlohmann::json new_comments_json(const std::vector<NewComments>& news) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& n : news)
    out.push_back({{"experiment", n.experiment_id}, {"author", n.author}, {"count", n.count}});
  return out;
}

nlohmann::json comment_json(const Comment& c) {
  return {{"id", c.id},     {"new", !c.seen},       {"uuid", c.uuid},      {"author", c.author},
          {"text", c.text}, {"created", c.created}, {"updated", c.updated}};
}

nlohmann::json review_json(const Review& r) {
  return {
      {"uuid", r.uuid},
      {"prediction_met", r.prediction_met},
      {"observed", r.observed},
      {"difference", r.difference},
      {"learned", r.learned},
      {"surprised", r.surprised},
      {"as_planned", r.as_planned},
      {"decision", r.decision},
      {"next_step", r.next_step},
      {"next_by", r.next_by ? nlohmann::json(format_date(*r.next_by)) : nlohmann::json(nullptr)},
      {"commitment", r.commitment ? nlohmann::json(*r.commitment) : nlohmann::json(nullptr)},
      {"author", r.author},
      {"created", r.created},
      {"updated", r.updated}};
}

std::string review_edit_text(const Experiment& e, const ReviewAnswers& a) {
  const std::map<std::string, const std::string*> current = {
      {"observed", &a.observed},   {"difference", &a.difference}, {"learned", &a.learned},
      {"surprised", &a.surprised}, {"as_planned", &a.as_planned}, {"next_step", &a.next_step}};
  // The title on one line, its controls shown: a line break in it would end the comment and
  // could begin an answer's heading.
  std::string text = "# Review of experiment " + std::to_string(e.id) + ": " +
                     terminal_safe(e.title) +
                     "\n# Write under each heading; lines starting with a single # are ignored.\n";
  for (const auto& [key, heading] : kEditable) {
    text += "\n## " + heading + "? (" + key + ")\n" + *current.at(key) + "\n";
    if (key != "learned") continue;
    for (std::size_t i = 0; i < a.prompt_answers.size(); ++i) {
      const auto& [prompt, answer] = a.prompt_answers[i];
      text += "\n## " + terminal_safe(prompt) + " (prompt " + std::to_string(i + 1) + ")\n" +
              answer + "\n";
    }
  }
  return text;
}

std::map<std::string, std::string> parse_review_edit(const std::string& text) {
  std::map<std::string, std::string> out;
  std::istringstream lines(text);
  std::string line;
  std::string key;
  while (std::getline(lines, line)) {
    if (line.rfind("## ", 0) == 0) {
      key.clear();
      const auto open = line.rfind('(');
      const auto close = line.rfind(')');
      if (open != std::string::npos && close != std::string::npos && close > open) {
        const std::string candidate = line.substr(open + 1, close - open - 1);
        for (const auto& [k, unused] : kEditable)
          if (k == candidate) key = k;
        if (candidate.rfind("prompt ", 0) == 0 &&
            candidate.find_first_not_of("0123456789", 7) == std::string::npos &&
            candidate.size() > 7)
          key = candidate;
      }
      continue;
    }
    if (line.rfind("#", 0) == 0 || key.empty()) continue;
    out[key] += line + "\n";
  }
  for (auto& [k, v] : out) v = trim_lines(v);
  return out;
}

}  // namespace leadlab
