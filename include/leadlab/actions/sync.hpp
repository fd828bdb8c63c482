// Sync over git (docs/sync.md): one journal on every device, and a coach's mirror, through a
// git remote. The journal is kept as text in a bare repository beside it (JOURNAL.git); a
// sync commits the journal, fetches, merges the two sides field by field against their
// common commit (model/three_way.hpp), writes the result into the journal in one
// transaction, and pushes. git never merges text: leadlab writes the merged tree and a
// commit with both heads as parents.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "leadlab/analysis/report_input.hpp"
#include "leadlab/model/bundle.hpp"
#include "leadlab/model/dates.hpp"
#include "leadlab/model/three_way.hpp"
#include "leadlab/storage/journal.hpp"

namespace leadlab {

// Writing a bundle's text is report's (BundleWriter); the command line hands it in, as it
// hands `export` its writer. Sync writes each experiment's file with it.
using BundleTextWriter = std::function<std::string(const Bundle&)>;

// Where a journal's sync keeps its things: JOURNAL.git (the bare repository), and the lock
// that keeps two syncs of one journal from running at once.
struct SyncPlace {
  std::string journal;
  std::string git_dir;
  std::string lock;
};
SyncPlace sync_place(const std::string& journal_path);

// Whether the journal is a coach's mirror of a client's (`sync clone --coach NAME`): the
// coach's name, or nothing. A mirror takes comments only; other writes are refused.
std::optional<std::string> sync_mirror_coach(const std::string& journal_path);

// Whose journal a coach's mirror holds: the owner its remote names (leadlab-sync.json of the
// last commit synced), so that `overview` names the client even once the client has renamed
// their journal. Nothing when the journal is no mirror or that cannot be read (e.g. no git);
// reads without writing anything.
std::optional<std::string> sync_mirror_client(const std::string& journal_path);

// What one sync did.
struct SyncReport {
  std::string remote;
  std::map<std::string, RecordChanges> in;   // into this journal, per kind ("entry", ...)
  std::map<std::string, RecordChanges> out;  // to the remote, per kind
  std::vector<FieldConflict> conflicts;      // found by this sync, kept (sync status)
  std::vector<KeptRecord> kept;              // deletions not taken, by this sync
  bool pushed = false;                       // the remote moved to this journal's state
  int attempts = 1;                          // fetch-merge-push rounds (a push refused = +1)
  bool written_meanwhile = false;  // the journal changed during the sync: it goes out next time
  std::string commit;              // the commit both sides now hold
};

// Called while waiting for another sync of the same journal to finish.
using SyncWaiting = std::function<void()>;

// `sync init REMOTE`: connects the journal to a remote that holds no journal yet (an empty
// or new repository) and pushes its records. UsageError when it is connected already, or the
// remote already holds a journal (then `sync clone` is the way), or git fails (its message).
SyncReport sync_init(Journal& journal, const std::string& remote, const BundleTextWriter& write,
                     Day today, const SyncWaiting& waiting = {});

// `sync clone REMOTE`: makes a new journal at `journal_path` from a remote another device
// (or a client) set up. With `coach`, the journal is a mirror of the remote owner's journal
// for that coach. Nothing is left behind when it fails.
SyncReport sync_clone(const std::string& remote, const std::string& journal_path,
                      const std::string& coach, const BundleTextWriter& write, Day today);

// `sync`: fetch, merge, write, commit, push. UsageError when the journal is not connected.
SyncReport sync_now(Journal& journal, const BundleTextWriter& write, Day today,
                    const SyncWaiting& waiting = {});

// `sync status`: what the journal's sync stands at, from what is here (no network).
struct SyncStatus {
  bool connected = false;
  std::string remote;
  std::string last_sync;  // RFC 3339, empty before the first
  std::string commit;     // the last commit this journal holds all of
  std::optional<std::string> coach;
  std::map<std::string, RecordChanges> waiting;  // what the next sync sends, per kind
  std::vector<FieldConflict> conflicts;          // every conflict kept so far
};
SyncStatus sync_status(const Journal& journal, const BundleTextWriter& write);

// The conflicts kept for one experiment (`show`): those of its own fields and of its
// metrics', entries', reviews' and comments', as `sync status` lists them, oldest first. A
// conflict another device's merge found is kept here too once this journal syncs that merge.
// None for a journal that is not synced.
std::vector<FieldConflict> sync_conflicts(const Journal& journal,
                                          const std::string& experiment_uuid);

// The experiments that `conflicts` and `kept` are about, loaded as `show` loads one, by UUID:
// those the journal holds, so that `sync` and `sync status` name each record by its number
// ("entry 3 (2026-11-02) of experiment 1"), as `show` does.
ExperimentsByUuid sync_record_experiments(const Journal& journal,
                                          const std::vector<FieldConflict>& conflicts,
                                          const std::vector<KeptRecord>& kept = {});

}  // namespace leadlab
