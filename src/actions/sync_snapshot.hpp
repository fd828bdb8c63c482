// The journal as sync sees it (docs/sync.md): each experiment's file, text and records, and
// the tombstones, read in one read transaction. A sync reads only the experiments changed
// since it last wrote them (the journal's sync_changes, schema 5); the first reads them all.
// Internal to actions (sync.cpp).
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "actions/sync_tree.hpp"
#include "leadlab/actions/sync.hpp"
#include "leadlab/storage/journal.hpp"

namespace leadlab::sync {

struct Snapshot {
  bool full = false;  // every experiment of the journal; else only the changed ones
  std::map<std::string, ExperimentFile> experiments;  // by UUID
  std::set<std::string> gone;                // changed experiments the journal no longer holds
  std::vector<Journal::SyncChange> changes;  // what it covers: forgotten once committed
  std::vector<Tombstone> tombstones;
};

Snapshot snapshot(const Journal& journal, const BundleTextWriter& write, bool full);

// The records the journal holds now of experiment `uuid` (none when it has no such one).
RecordSet experiment_records(const Journal& journal, const BundleTextWriter& write,
                             const std::string& uuid);

// The tombstones' file, sorted by UUID.
std::string tombstones_text(std::vector<Tombstone> tombstones, const BundleTextWriter& write);

// Forgets the changes of experiments whose state the local branch now holds, in one write.
void forget_changes(Journal& journal, const std::vector<Journal::SyncChange>& changes);

}  // namespace leadlab::sync
