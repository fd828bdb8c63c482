// A bundle's text as the records `sync` merges (model/three_way.hpp), and back: each
// experiment, metric, entry, review and comment a FieldRecord whose fields are the JSON text
// of its values, so that the merge compares and takes fields without knowing what they mean.
// The way back writes a bundle that parse_bundle (input/bundle_reader.hpp) then checks
// exactly as an imported one.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "leadlab/model/three_way.hpp"

namespace leadlab {

// The records of every experiment in a bundle's text, which parse_bundle accepted. A metric
// carries its place among the experiment's metrics as the field "position". Fields that only
// make sense together are one field, a JSON object of them, so that a merge takes them from
// one edit and never mixes two into something no command makes: an experiment's "status"
// holds its status, baseline_start, test_start, closed and random_start (a start on one
// device and a review on another must not give status testing with the time it was closed),
// an entry's "as_planned" its as_planned and deviation.
RecordSet bundle_records(std::string_view bundle_text);

// A bundle of kind "full" owned by `owner` holding the experiments `experiment_uuids` of
// `records` with their records (metrics by position; entries by date, time, creation;
// reviews and comments by creation), and no tombstones. An experiment not in `records` is
// left out.
std::string records_bundle_text(const RecordSet& records,
                                const std::vector<std::string>& experiment_uuids,
                                const std::string& owner);

// The format file at the root of a sync repository (leadlab-sync.json, docs/sync.md): the
// format's name and version and whose journal it is.
inline constexpr int kSyncFormatVersion = 1;
std::string sync_format_text(const std::string& owner);
// The owner the format file names; UsageError "FILE: what" when it is not that format's, or a
// newer version ("update leadlab").
std::string read_sync_format(std::string_view text, const std::string& file);

}  // namespace leadlab
