// Merging a bundle into the journal (the format is docs/bundle.md). Records are matched by
// UUID; a record on both sides keeps the newer `updated`; nothing is ever deleted; merging
// the same bundle twice changes nothing. A coach's comments travel back in a bundle of kind
// "comments". What a merge changed is a MergeReport (model/bundle.hpp); report/merge_view.hpp
// words it.
#pragma once

#include <string>
#include <string_view>

#include "leadlab/model/bundle.hpp"
#include "leadlab/model/dates.hpp"
#include "leadlab/storage/journal.hpp"

namespace leadlab {

// Merges the bundle into the journal in one transaction; with `dry_run` only reports what
// would change, writing nothing (and `journal` may then be null: no journal yet; on a
// writable journal a dry run merges and rolls back, so that it refuses what an import
// would). A bundle that contradicts the journal (a UUID used for another experiment's
// record, a metric name taken by another metric, comments on an experiment the journal does
// not have) throws UsageError and changes nothing; so does one that would leave a record
// breaking a rule of model/rules.hpp it kept before (a stored value its newer metric no
// longer allows, a UUID two records hold), checked inside the transaction before it commits.
// Entries may be dated at most a day after `today`.
MergeReport merge_bundle(Journal* journal, const Bundle& bundle, bool dry_run, Day today);

// Reads, checks and merges the bundle file at `path` as one stream, in one transaction:
// what merge_bundle(parse_bundle(...)) does, with memory for one experiment at a time.
MergeReport import_bundle(Journal* journal, const std::string& path, bool dry_run, Day today);

// Imports the bundle file at `path` into a new journal at `journal_path` (owned by `owner`
// unless the bundle names one), reading the bundle once: the journal takes its name only
// when the whole bundle was imported (Journal::create_with), so a refused bundle leaves no
// journal behind.
MergeReport import_bundle_into_new_journal(const std::string& journal_path, std::string_view owner,
                                           const std::string& path, Day today);

}  // namespace leadlab
