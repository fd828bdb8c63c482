#include "leadlab/report/show_view.hpp"

#include "leadlab/report/analysis_json.hpp"
#include "leadlab/report/analysis_view.hpp"
#include "leadlab/report/json_view.hpp"
#include "leadlab/report/review_view.hpp"

namespace leadlab {

std::string render_show(const ReportExperiment& shown, const RenderOptions& options) {
  const Experiment& e = shown.row.experiment;
  std::string out = render_experiment(shown.row, shown.entries, options);
  if (const std::string series = render_lineage(shown.lineage, e, options); !series.empty())
    out += "\n" + series;
  out += "\n" + render_analysis(e, shown.analysis, options);
  for (const auto& review : shown.reviews) out += "\n" + render_review(review, options);
  if (!shown.comments.empty()) out += "\n" + render_comments(shown.comments, options);
  return out;
}

nlohmann::json show_json(const ReportExperiment& shown) {
  nlohmann::json j = experiment_json(shown.row, &shown.entries);
  add_analysis_json(j, shown.analysis);
  j["lineage"] = lineage_json(shown.lineage);
  j["reviews"] = nlohmann::json::array();
  for (const auto& review : shown.reviews) j["reviews"].push_back(review_json(review));
  j["comments"] = nlohmann::json::array();
  for (const auto& comment : shown.comments) j["comments"].push_back(comment_json(comment));
  return j;
}

}  // namespace leadlab
