// The journal as the tree of a git commit (docs/sync.md, "The repository"): reading a tree
// and refusing one that is not leadlab's layout, reading and checking its files, and writing
// blobs, trees and commits. Internal to actions (sync.cpp).
#pragma once

#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "leadlab/actions/sync.hpp"
#include "leadlab/model/bundle.hpp"
#include "leadlab/model/dates.hpp"
#include "leadlab/model/error.hpp"
#include "leadlab/model/three_way.hpp"
#include "leadlab/storage/git.hpp"
#include "leadlab/storage/journal.hpp"

namespace leadlab::sync {

// The files of the layout.
inline constexpr const char* kFormatFile = "leadlab-sync.json";
inline constexpr const char* kTombstonesFile = "tombstones.json";
inline constexpr const char* kExperimentsFolder = "experiments";
// The largest file a remote may hold: far above an experiment's (a thousand entries take
// about 400 kB), far below what would strain memory.
inline constexpr std::size_t kMaxFileBytes = 64u * 1024 * 1024;
// The branch sync keeps, here and on the remote.
inline constexpr const char* kBranch = "refs/heads/main";
inline constexpr const char* kRemoteBranch = "refs/remotes/origin/main";

// A commit's tree: the journal's owner, each experiment's file (by UUID) and the tombstones'.
struct Tree {
  std::string owner;
  std::map<std::string, std::string> experiments;  // UUID -> blob
  std::string tombstones;                          // blob, empty when there is none
  std::string format;                              // blob of the format file
};

// One experiment's file as written here: its text and its records.
struct ExperimentFile {
  std::string text;
  RecordSet records;
};

class Repo {
 public:
  Repo(GitRepo git, Day latest) : git_(std::move(git)), latest_(latest) {}
  const GitRepo& git() const { return git_; }

  // The tree of `commit` (empty for ""), its layout checked: anything but the format file,
  // the tombstones' and experiments/<uuid>.json (a link, a folder, a submodule, another
  // path, a file over kMaxFileBytes) throws UsageError naming the path and the reason.
  Tree tree(const std::string& commit);
  // The records of the experiment file `blob` at `path` (`uuid`), checked as an imported
  // bundle is: UsageError "remote: path:line:column: what" when it is not one sound
  // experiment with that UUID.
  const RecordSet& records(const std::string& uuid, const std::string& blob);
  // The records of experiment `uuid` in `tree` (none when the tree has no file of it).
  const RecordSet& records(const Tree& tree, const std::string& uuid);
  // Reads and checks the files of these experiments (UUID, blob) at once, for records().
  void preload(const std::map<std::string, std::string>& files);
  // The records of a blob this sync wrote itself, so that records() need not read it.
  void remember(const std::string& blob, RecordSet records);
  std::vector<Tombstone> tombstones(const std::string& blob);
  // Writes the texts as blobs and returns their ids, in order.
  std::vector<std::string> write_blobs(const std::vector<std::string>& texts);
  std::string write_tree(const Tree& tree);
  // A commit of `tree` with these parents, by `author` (the journal's owner).
  std::string commit(const std::string& tree, const std::vector<std::string>& parents,
                     const std::string& message, const std::string& author);
  // The text of each blob (read together).
  std::map<std::string, std::string> read_blobs(const std::vector<std::string>& blobs);

 private:
  GitRepo git_;
  Day latest_;
  std::map<std::string, RecordSet> records_;  // by blob
};

// Something other than a folder where the repository belongs (a file, a FIFO) is refused
// untouched, for every sync command; refuse_unconnected also refuses a journal without one.
void refuse_odd_repository(const SyncPlace& place);
void refuse_unconnected(const SyncPlace& place);
// The journal refused what the remote holds (`found`, Merger's reason, e.g. a record that
// belongs to another experiment here): refused as a hostile remote is.
[[noreturn]] void refuse_contradiction(const UsageError& found);

// A merge of commits `ours` and `theirs` against their common commit: the three trees and
// every experiment any of them holds. What Session::merge writes and what
// conflicts_of_merge finds again on another device are read alike.
struct MergeSides {
  Tree base, ours, theirs;
  std::set<std::string> uuids;
  // An experiment's file in `tree` ("" when there is none).
  static std::string blob(const Tree& tree, const std::string& uuid);
  // Whether both sides changed the experiment's file since the base, each its own way: it is
  // merged record by record; any other is taken whole from one side.
  bool contested(const std::string& uuid) const;
};
MergeSides merge_sides(Repo& repo, const std::string& ours, const std::string& theirs);

// The experiments whose files differ between two trees.
std::set<std::string> differing(const Tree& a, const Tree& b);

// Adds the counts of `from` to `to`, kind by kind.
void add_changes(std::map<std::string, RecordChanges>& to,
                 const std::map<std::string, RecordChanges>& from);

// Setting up (`sync init`, `sync clone`) happens in a staging repository beside the journal,
// JOURNAL.git.new, that takes its name only once it is whole, so that a set-up killed
// half-way leaves nothing in the way of the next try. fresh_staging() names it, removing
// what a set-up killed earlier left there; move_staging() gives it its name. A clone marks
// it with the UUID of the journal it makes (`clone_of`, the file leadlab-clone) until that
// journal has its name too.
std::string fresh_staging(const std::string& git_dir);
void move_staging(const std::string& staging, const std::string& git_dir,
                  const std::string& clone_of = "");
// With the UUID of the journal beside `git_dir` ("" when there is none): a clone's mark of
// that journal is removed (the clone finished), and a repository marked for another journal,
// or for none, is removed whole (its clone never made the journal).
void settle_clone(const std::string& git_dir, const std::string& journal_uuid);

// The tombstones of a merge of two trees against their base, as a set is merged: one that
// either side added is there (dated as there; the earlier date when both added one), one
// that a side dropped since the base (its record came back there) is not, and none names a
// record in `live` (records the merge keeps). Sorted by UUID.
std::vector<Tombstone> merge_tombstones(const std::vector<Tombstone>& base,
                                        const std::vector<Tombstone>& ours,
                                        const std::vector<Tombstone>& theirs,
                                        const RecordSet& live);

// Makes the journal hold the tree's tombstones, dated as in the tree, except those whose
// record the journal holds (kept by a merge): every journal that took a tree then holds the
// same deletions with the same dates, and writes the same tombstones file.
void take_tombstones(Journal& journal, const std::vector<Tombstone>& tree);

// The conflicts kept in GIT_DIR/leadlab-conflicts, one per line (tab-separated fields, with
// backslash, tab and line break escaped): every one a sync found, for `sync status` and
// `show`, each once (a sync killed before it recorded its merge finds them again).
std::vector<FieldConflict> read_conflicts(const std::string& git_dir);
void keep_conflicts(const std::string& git_dir, const std::vector<FieldConflict>& found);

// The conflicts of the merges that commit `to` holds and `from` does not: merges another
// device made (sync_conflicts.cpp). Each is found again as that device found it, by merging
// its two parents against their merge base, so that every device keeps the conflicts every
// other one found; `taken_is_ours` says whether the value taken came from the side holding
// `from` (false when both sides were edits made elsewhere). A merge whose files cannot be
// read is passed over.
std::vector<FieldConflict> merged_elsewhere(Repo& repo, const std::string& from,
                                            const std::string& to);

}  // namespace leadlab::sync
