// Taking records out of the journal for a bundle (docs/bundle.md) or a CSV of entries: the
// selected experiments and their records, read in one snapshot and handed on one
// experiment at a time, so that memory holds one experiment however large the journal.
// Writing them is the report layer's (report/bundle_writer.hpp, report/csv.hpp).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "leadlab/model/bundle.hpp"
#include "leadlab/model/dates.hpp"
#include "leadlab/model/model.hpp"
#include "leadlab/storage/journal.hpp"

namespace leadlab {

// What to put in a bundle.
struct BundleSelection {
  std::vector<std::int64_t> ids;  // these experiments; every one when empty
  std::optional<Day> since;       // only entries dated, reviews and comments created, from here
  bool comments_only = false;     // a bundle of kind "comments": just the comments
  BundleOmits without;            // what the leader keeps private (`--without`)
};

// Reads the selected records from the journal; UsageError for an unknown id.
Bundle read_bundle(const Journal& journal, const BundleSelection& selection);

// Reads the selected records from the journal in one snapshot and hands them to `sink`, one
// experiment at a time (by id, or in the order of selection.ids), then the tombstones (by
// UUID; none in a bundle of kind "comments"). An unknown id throws UsageError after the
// header was handed on. With a BundleWriter as the sink, this is `export --format json`.
void export_bundle(const Journal& journal, const BundleSelection& selection, BundleSink& sink);

// Each selected experiment with its entries dated from selection.since, handed to `each` one
// experiment at a time; an unknown id throws UsageError before any.
void for_each_selected_entries(
    const Journal& journal, const BundleSelection& selection,
    const std::function<void(const Experiment&, const std::vector<Entry>&)>& each);

}  // namespace leadlab
