// What `check` found in a journal: its identity and format, its records by kind, and every
// problem (empty when the journal is sound).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace leadlab {

struct JournalCheck {
  std::string path;
  std::string uuid;
  std::string owner;
  int format_version = 0;
  int latest_format_version = 0;
  // Records of each kind: experiments, metrics, entries, reviews, comments, tombstones.
  std::vector<std::pair<std::string, std::int64_t>> counts;
  std::vector<std::string> problems;

  bool sound() const { return problems.empty(); }
};

}  // namespace leadlab
