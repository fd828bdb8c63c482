#include "leadlab/report/show_view.hpp"

#include "leadlab/model/dates.hpp"
#include "leadlab/model/text.hpp"
#include "leadlab/report/analysis_json.hpp"
#include "leadlab/report/analysis_view.hpp"
#include "leadlab/report/json_view.hpp"
#include "leadlab/report/review_view.hpp"
#include "leadlab/report/sync_view.hpp"

namespace leadlab {
namespace {

std::string render_conflicts(const std::vector<FieldConflict>& conflicts,
                             const ReportExperiment& shown, const RenderOptions& o) {
  std::string out = styled(o, "1", "Sync conflicts") + "\n";
  const std::string said = std::to_string(conflicts.size()) +
                           (conflicts.size() == 1 ? " field was" : " fields were") +
                           " edited on both sides of a sync; the later edit was taken and the "
                           "other kept:";
  for (const std::string& line : wrap(said, o.width - 2)) out += "  " + line + "\n";
  for (const FieldConflict& c : conflicts)
    out += conflict_item(conflict_words(c, record_name(c.uuid, c.kind, shown)), o.width);
  return out;
}

}  // namespace

std::string render_show(const ReportExperiment& shown, const RenderOptions& options,
                        const std::vector<FieldConflict>& conflicts) {
  const Experiment& e = shown.row.experiment;
  std::string out = render_experiment(shown.row, shown.entries, options);
  if (const std::string series = render_lineage(shown.lineage, e, options); !series.empty())
    out += "\n" + series;
  out += "\n" + render_analysis(e, shown.analysis, options);
  for (const auto& review : shown.reviews) out += "\n" + render_review(review, options);
  if (!shown.comments.empty()) out += "\n" + render_comments(shown.comments, options);
  if (!conflicts.empty()) out += "\n" + render_conflicts(conflicts, shown, options);
  return out;
}

nlohmann::json show_json(const ReportExperiment& shown,
                         const std::vector<FieldConflict>& conflicts) {
  nlohmann::json j = experiment_json(shown.row, &shown.entries);
  add_analysis_json(j, shown.analysis);
  j["lineage"] = lineage_json(shown.lineage);
  j["reviews"] = nlohmann::json::array();
  for (const auto& review : shown.reviews) j["reviews"].push_back(review_json(review));
  j["comments"] = nlohmann::json::array();
  for (const auto& comment : shown.comments) j["comments"].push_back(comment_json(comment));
  j["conflicts"] = nlohmann::json::array();
  for (const auto& conflict : conflicts) j["conflicts"].push_back(conflict_json(conflict));
  return j;
}

}  // namespace leadlab
