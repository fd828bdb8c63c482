#include "leadlab/report/tally_view.hpp"

#include "leadlab/model/values.hpp"

namespace leadlab {

std::string tally_line(const Tally& tally, const RenderOptions& options) {
  std::string line;
  for (const auto& k : tally.keys()) {
    if (!line.empty()) line += "  ";
    line += styled(options, "1", std::string("[") + k.key + "]") + " " + k.metric + " " +
            std::to_string(tally.count(k.metric));
  }
  for (const auto& [metric, value] : tally.values()) {
    if (metric->kind != MetricKind::kDerived) continue;
    line += "  " + metric->name + " " +
            (value ? format_value(*metric, *value) : std::string(options.ascii ? "-" : "–"));
  }
  return line;
}

}  // namespace leadlab
