// The bundle's streaming reader: rapidjson's events turned into the bundle's header and
// records, each handed on as soon as it is complete and forgotten.
#pragma once

#include <cstddef>
#include <cstdio>
#include <functional>
#include <string>
#include <string_view>

#include "leadlab/input/bundle_stream.hpp"
#include "leadlab/model/bundle.hpp"

namespace leadlab::bundle_input {

struct StreamHandlers {
  std::function<void(const BundleHeader&)> on_header;
  std::function<void(BundleExperiment&&)> on_experiment;
  std::function<void(Tombstone&&)> on_tombstone;
};

// Reads the bundle `text` (from `file`, named in errors) one record at a time: the header
// first (it must come before the records, as leadlab writes it), then each record, handed
// to `on`. A problem throws UsageError, as parse_bundle() says.
// Entries dated after `latest` are refused.
void stream_bundle_text(std::string_view text, const std::string& file, Day latest,
                        const StreamHandlers& on);

// The same for the bundle of `size` bytes in `file`, named `path`; `whole_text` gives its
// text, read only when an error needs its line and column.
void stream_bundle_file(std::FILE* file, std::size_t size, const std::string& path, Day latest,
                        const std::function<std::string()>& whole_text, const StreamHandlers& on);

}  // namespace leadlab::bundle_input
