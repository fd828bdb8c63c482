// Bundles as values: a journal's records as they travel between journals (the format is
// docs/bundle.md), what receives them one experiment at a time, and what a merge changed.
// Reading a bundle is input/bundle_reader.hpp, writing one report/bundle_writer.hpp, taking
// one from or merging one into a journal actions/export.hpp and actions/import.hpp.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "leadlab/model/model.hpp"

namespace leadlab {

// The bundle format version this leadlab writes and reads.
inline constexpr int kBundleVersion = 3;
// The value of a bundle's "format" field.
inline constexpr const char* kBundleFormatName = "leadlab bundle";
// The largest bundle leadlab reads, and how deeply its JSON may nest.
inline constexpr std::size_t kMaxBundleBytes = 512u * 1024 * 1024;
inline constexpr int kMaxBundleDepth = 16;

// One experiment with its records. In a bundle of kind "comments" only the experiment's
// uuid and title and its comments are set.
struct BundleExperiment {
  Experiment experiment;     // `follows` unused: see follows_uuid
  std::string follows_uuid;  // the experiment it follows, empty for a first cycle
  std::vector<Entry> entries;
  std::vector<Review> reviews;
  std::vector<Comment> comments;
  // Whether the bundle says anything about experiment.random_start: version 3 on. A merge
  // keeps the journal's own design when an older bundle cannot carry it.
  bool carries_random_start = true;
};

// What a partial bundle leaves out (`export --without`): "notes" (entries' notes, written
// empty) and "comments" (no comments). An import of such a bundle keeps the journal's own.
struct BundleOmits {
  bool notes = false;
  bool comments = false;
  bool any() const { return notes || comments; }
};

struct Bundle {
  int version = kBundleVersion;
  std::string kind = "full";  // "full" | "comments"
  std::string owner;
  BundleOmits without;
  std::vector<BundleExperiment> experiments;
  std::vector<Tombstone> tombstones;
};

// Receives a bundle in its order, one experiment at a time, so that memory holds one
// experiment however large the journal: header() once, experiment() for each, then
// tombstones() once, last (in a bundle of kind "comments", only the comments').
class BundleSink {
 public:
  virtual ~BundleSink() = default;
  virtual void header(const std::string& kind, const std::string& owner,
                      const BundleOmits& without) = 0;
  virtual void experiment(const BundleExperiment& experiment) = 0;
  virtual void tombstones(const std::vector<Tombstone>& tombstones) = 0;
};

// What a merge changed (or, for a dry run, would change), per kind of record.
struct MergeCounts {
  int added = 0;
  int updated = 0;    // the bundle's copy was newer
  int unchanged = 0;  // the same version (the same `updated`) on both sides
  int kept = 0;       // the journal's copy is newer: the bundle's older one is not taken
  int skipped = 0;    // deleted here (a tombstone): not brought back
  int removed = 0;    // deleted there: the bundle's tombstone (an experiment's or a
                      // comment's) deleted it here too
};

// One record a merge adds or changes, for `import --dry-run` to name: its kind
// ("experiment", "entry", "review", "comment"), "added" | "changed" | "removed", and words
// that identify it ("experiment 1 \"Ask before telling\", entry of 2026-10-02").
struct MergeChange {
  std::string kind;
  std::string change;
  std::string what;
};

struct MergeReport {
  // "experiments", "metrics", "entries", "reviews", "comments", "tombstones"
  std::map<std::string, MergeCounts> counts;
  std::string origin;                // the bundle's owner, whose records it holds
  std::vector<std::string> notes;    // things worth saying (an owner that differs, ...)
  std::vector<MergeChange> details;  // what was added or changed, for a dry run only
  bool changes() const;
  // Whether the bundle holds anything the journal did not take: an older copy of a record
  // (kept) or a record deleted here (skipped).
  bool differs() const;
};

}  // namespace leadlab
