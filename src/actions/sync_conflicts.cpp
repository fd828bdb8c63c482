// The conflicts sync keeps (docs/sync.md, "The merge"): those of the merges another device
// made, found again when this journal takes them in, and those of one experiment, for `show`.
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "actions/sync_tree.hpp"
#include "leadlab/actions/load_report.hpp"
#include "leadlab/actions/sync.hpp"
#include "leadlab/model/error.hpp"
#include "leadlab/storage/files.hpp"

namespace leadlab {
namespace sync {
namespace {

// The conflicts of the merge of `ours` and `theirs`, as the device that made it found them
// (the same merge base, the same experiments merged field by field).
std::vector<FieldConflict> conflicts_of_merge(Repo& repo, const std::string& ours,
                                              const std::string& theirs) {
  std::vector<FieldConflict> out;
  const MergeSides m = merge_sides(repo, ours, theirs);
  for (const std::string& uuid : m.uuids) {
    if (!m.contested(uuid)) continue;  // taken whole from one side
    const ThreeWayMerge merged = merge_three_way(
        repo.records(m.base, uuid), repo.records(m.ours, uuid), repo.records(m.theirs, uuid));
    out.insert(out.end(), merged.conflicts.begin(), merged.conflicts.end());
  }
  return out;
}

}  // namespace

std::vector<FieldConflict> merged_elsewhere(Repo& repo, const std::string& from,
                                            const std::string& to) {
  std::vector<FieldConflict> out;
  if (from.empty() || to.empty()) return out;
  const GitRun listed =
      repo.git().run({"rev-list", "--merges", "--parents", "--reverse", to, "^" + from});
  if (!listed.ok()) return out;
  const auto holds = [&](const std::string& commit) {
    return repo.git().run({"merge-base", "--is-ancestor", from, commit}).ok();
  };
  std::istringstream lines(listed.out);
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream ids(line);
    std::string merge, ours, theirs, more;
    if (!(ids >> merge >> ours >> theirs) || (ids >> more)) continue;  // not leadlab's merge
    try {
      std::vector<FieldConflict> found = conflicts_of_merge(repo, ours, theirs);
      // The merging device's "ours" is the first parent; here it is the side holding `from`.
      const bool in_ours = holds(ours), in_theirs = holds(theirs);
      for (FieldConflict& c : found) {
        if (in_ours == in_theirs) {
          c.taken_is_ours = false;  // both sides were edits made elsewhere
        } else if (in_theirs) {
          c.taken_is_ours = !c.taken_is_ours;
        }
        out.push_back(std::move(c));
      }
    } catch (const UsageError&) {
      // A merge whose files this leadlab cannot read (another's, or changed by hand): the
      // journal does not depend on it, so its conflicts are passed over.
    }
  }
  return out;
}

}  // namespace sync

std::vector<FieldConflict> sync_conflicts(const Journal& journal,
                                          const std::string& experiment_uuid) {
  const SyncPlace place = sync_place(journal.path());
  std::vector<FieldConflict> out;
  if (path_kind(place.git_dir, true) != PathKind::kFolder) return out;
  for (FieldConflict& c : sync::read_conflicts(place.git_dir))
    if (experiment_of(c) == experiment_uuid) out.push_back(std::move(c));
  return out;
}

ExperimentsByUuid sync_record_experiments(const Journal& journal,
                                          const std::vector<FieldConflict>& conflicts,
                                          const std::vector<KeptRecord>& kept) {
  std::set<std::string> uuids;
  for (const FieldConflict& c : conflicts) uuids.insert(experiment_of(c));
  for (const KeptRecord& k : kept) uuids.insert(experiment_of(k));
  ExperimentsByUuid out;
  for (const std::string& uuid : uuids)
    if (const auto e = journal.find_experiment_by_uuid(uuid))
      out.emplace(uuid, load_experiment(journal, e->id));
  return out;
}

}  // namespace leadlab
