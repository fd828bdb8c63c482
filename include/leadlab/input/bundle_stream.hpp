// Reading a bundle file as a stream of its header and records, on a second thread, so that
// memory holds a few experiments, not the bundle, and whoever takes the records (a merge)
// works while the rest is read.
#pragma once

#include <cstddef>
#include <cstdio>
#include <functional>
#include <string>
#include <variant>

#include "leadlab/model/bundle.hpp"
#include "leadlab/model/dates.hpp"

namespace leadlab {

// What a bundle says before its records.
struct BundleHeader {
  int version = 0;
  std::string kind;
  std::string owner;
  BundleOmits without;  // "without": what a partial bundle leaves out (version 2)
};

// What the bundle's reader hands on, in the bundle's order: its header or a record.
using BundleItem = std::variant<BundleHeader, BundleExperiment, Tombstone>;

// Reads the bundle of `size` bytes in `file` (named `path` in errors) on a second thread
// while `take` gets its items on this one, in the bundle's order: on two cores, parsing and
// checking the JSON and writing it to SQLite overlap (each is about half of an import).
// The bundle is checked as parse_bundle() checks it; a problem (UsageError) reaches the
// caller after the items before it, as in a reading on one thread. `whole_text` gives the
// file's text, read only when an error needs its line and column. When `take` throws,
// reading stops and the exception goes on. Entries dated after `latest` are refused.
void read_bundle_alongside(std::FILE* file, std::size_t size, const std::string& path, Day latest,
                           const std::function<std::string()>& whole_text,
                           const std::function<void(BundleItem&&)>& take);

}  // namespace leadlab
