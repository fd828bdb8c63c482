#include "leadlab/input/bundle_reader.hpp"

#include <string>
#include <utility>

#include "input/bundle_events.hpp"
#include "leadlab/model/error.hpp"

namespace leadlab {

Bundle parse_bundle(std::string_view text, const std::string& file, Day latest) {
  if (text.size() > kMaxBundleBytes) {
    throw UsageError(file + ": " + std::to_string(text.size()) +
                         " bytes is larger than the largest bundle leadlab reads (" +
                         std::to_string(kMaxBundleBytes / (1024 * 1024)) + " MiB)",
                     "export fewer experiments at a time, e.g. `leadlab export --format json 3`");
  }
  Bundle b;
  bundle_input::StreamHandlers on;
  on.on_header = [&](const BundleHeader& h) {
    b.version = h.version;
    b.kind = h.kind;
    b.owner = h.owner;
    b.without = h.without;
  };
  on.on_experiment = [&](BundleExperiment&& e) { b.experiments.push_back(std::move(e)); };
  on.on_tombstone = [&](Tombstone&& t) { b.tombstones.push_back(std::move(t)); };
  bundle_input::stream_bundle_text(text, file, latest, on);
  return b;
}

}  // namespace leadlab
