// Files leadlab writes and reads besides the journal: reports and bundles.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace leadlab {

// Writes `content` to `path` atomically: into a new temporary file beside it (0600), synced,
// then renamed over `path`, so a reader sees the old file or the whole new one, never a part.
// Refuses (UsageError) a `path` that is a symbolic link or a folder; StorageError on I/O
// failure, leaving no temporary file behind.
void write_file_atomically(const std::string& path, std::string_view content);

// Reads a whole file of at most `max_bytes`; UsageError when it is missing, not a regular
// file, or larger.
std::string read_file(const std::string& path, std::size_t max_bytes);

}  // namespace leadlab
