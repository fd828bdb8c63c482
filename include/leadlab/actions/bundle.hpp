// Bundles: a journal's records as JSON that another leadlab merges (the format is
// docs/bundle.md), and the merge itself. Records are matched by UUID; a record on both
// sides keeps the newer `updated`; nothing is ever deleted; merging the same bundle twice
// changes nothing. A coach's comments travel back in a bundle of kind "comments".
#pragma once

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "leadlab/storage/journal.hpp"
#include "leadlab/model/model.hpp"

namespace leadlab {

// The bundle format version this leadlab writes and reads.
inline constexpr int kBundleVersion = 1;
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
};

struct Bundle {
  int version = kBundleVersion;
  std::string kind = "full";  // "full" | "comments"
  std::string owner;
  std::vector<BundleExperiment> experiments;
  std::vector<Tombstone> tombstones;
};

// What to put in a bundle.
struct BundleSelection {
  std::vector<std::int64_t> ids;  // these experiments; every one when empty
  std::optional<Day> since;       // only entries dated, reviews and comments created, from here
  bool comments_only = false;     // a bundle of kind "comments": just the comments
};

// Reads the selected records from the journal; UsageError for an unknown id.
Bundle read_bundle(const Journal& journal, const BundleSelection& selection);

// Writes the selected records as a bundle, one experiment at a time, so that memory holds
// one experiment however large the journal. Deterministic: the same records give the same
// bytes (the header, then experiments by id, then tombstones by UUID; keys sorted within a
// record; 2-space indent).
void write_bundle(const Journal& journal, const BundleSelection& selection, std::ostream& out);

// Parses and checks a bundle read from `file` (named in errors). Anything wrong — not JSON,
// truncated, too large or too deep, a newer version, an unknown key, a missing field, a bad
// UUID, date, timestamp, kind or value — throws UsageError "file:line:column: what", naming
// the record's path (experiments[0].entries[3].uuid).
Bundle parse_bundle(std::string_view text, const std::string& file);

// What a merge changed (or, for a dry run, would change), per kind of record.
struct MergeCounts {
  int added = 0;
  int updated = 0;    // the bundle's copy was newer
  int unchanged = 0;  // the same, or the journal's copy is newer
  int skipped = 0;    // deleted here (a tombstone): not brought back
};

struct MergeReport {
  // "experiments", "metrics", "entries", "reviews", "comments", "tombstones"
  std::map<std::string, MergeCounts> counts;
  bool owner_set = false;          // the journal had no owner and took the bundle's
  std::vector<std::string> notes;  // things worth saying (an owner that differs, ...)
  bool changes() const;
};

// Merges the bundle into the journal in one transaction; with `dry_run` only reports what
// would change, writing nothing (and `journal` may then be null: no journal yet). A bundle
// that contradicts the journal (a UUID used for another experiment's record, a metric name
// taken by another metric, comments on an experiment the journal does not have) throws
// UsageError and changes nothing.
MergeReport merge_bundle(Journal* journal, const Bundle& bundle, bool dry_run);

// Reads, checks and merges the bundle file at `path` as one stream, in one transaction:
// what merge_bundle(parse_bundle(...)) does, with memory for one experiment at a time.
MergeReport import_bundle(Journal* journal, const std::string& path, bool dry_run);

// Imports the bundle file at `path` into a new journal at `journal_path` (owned by `owner`
// unless the bundle names one), reading the bundle once: the journal takes its name only
// when the whole bundle was imported (Journal::create_with), so a refused bundle leaves no
// journal behind.
MergeReport import_bundle_into_new_journal(const std::string& journal_path, std::string_view owner,
                                           const std::string& path);

// The report as lines a person reads ("  entries      11 added, 1 updated") and as JSON
// ({"changes": bool, "owner_set": bool, "counts": {"entries": {"added": 11, ...}}, "notes"}).
std::string describe_merge(const MergeReport& report);
nlohmann::json merge_json(const MergeReport& report);

// The selected entries as CSV (RFC 4180: CRLF line ends, fields quoted when they hold a
// comma, quote or line break): one row per entry and metric value, derived values
// included, with a header row.
std::string entries_csv(const Journal& journal, const BundleSelection& selection);

}  // namespace leadlab
