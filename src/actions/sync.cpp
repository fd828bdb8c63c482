#include "leadlab/actions/sync.hpp"

#include <algorithm>
#include <filesystem>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "actions/merger.hpp"
#include "actions/sync_snapshot.hpp"
#include "actions/sync_tree.hpp"
#include "leadlab/actions/export.hpp"
#include "leadlab/input/bundle_reader.hpp"
#include "leadlab/input/sync_records.hpp"
#include "leadlab/model/error.hpp"
#include "leadlab/model/text.hpp"
#include "leadlab/storage/files.hpp"
#include "leadlab/storage/git.hpp"

namespace leadlab {
namespace {

using sync::add_changes;
using sync::Repo;
using sync::Snapshot;
using sync::Tree;

constexpr int kPushAttempts = 5;
constexpr int kLockSeconds = 120;
constexpr std::size_t kFewExperiments = 50;

// Everything sync holds for one journal during one run.
class Session {
 public:
  Session(const SyncPlace& place, const BundleTextWriter& write, Day today)
      : write_(write), today_(today), repo_(GitRepo(place.git_dir), latest_entry_day(today)) {}

  Repo& repo() { return repo_; }

  // The records of a tree's experiment (none when it has no file).
  const RecordSet& records(const Tree& tree, const std::string& uuid) {
    return repo_.records(tree, uuid);
  }
  // Reads the files of these experiments in each tree at once.
  void preload(const std::set<std::string>& uuids, std::initializer_list<const Tree*> trees) {
    for (const Tree* tree : trees) {
      std::map<std::string, std::string> files;
      for (const std::string& uuid : uuids)
        if (const auto it = tree->experiments.find(uuid); it != tree->experiments.end())
          files.insert(*it);
      repo_.preload(files);
    }
  }
  // What changes from tree `before` to tree `after`, per kind.
  std::map<std::string, RecordChanges> changes(const Tree& before, const Tree& after) {
    const std::set<std::string> uuids = sync::differing(before, after);
    preload(uuids, {&before, &after});
    std::map<std::string, RecordChanges> out;
    for (const std::string& uuid : uuids)
      add_changes(out, record_changes(records(before, uuid), records(after, uuid)));
    return out;
  }

  // The file leadlab writes for these records of experiment `uuid`, checked as a bundle's.
  std::string experiment_text(const RecordSet& records, const std::string& uuid) {
    const std::string file = "the merge of experiments/" + uuid + ".json";
    return write_(
        parse_bundle(records_bundle_text(records, {uuid}, ""), file, latest_entry_day(today_)));
  }

  // Commits the journal's snapshot on top of `local` (its tree owned by `owner`): the new
  // head, or `local` when nothing changed. A snapshot of the changed experiments only keeps
  // the other files of `local`.
  std::string commit_ours(const std::string& local, const Tree& local_tree, Snapshot& snap,
                          const std::string& owner, const std::string& author) {
    Tree ours;
    ours.owner = owner;
    if (!snap.full) ours.experiments = local_tree.experiments;
    for (const std::string& uuid : snap.gone) ours.experiments.erase(uuid);
    std::vector<std::string> texts{sync_format_text(owner),
                                   sync::tombstones_text(snap.tombstones, write_)};
    std::set<std::string> uuids;
    for (const auto& item : snap.experiments) uuids.insert(item.first);
    preload(uuids, {&local_tree});
    std::vector<std::string> pending;
    for (auto& [uuid, file] : snap.experiments) {
      const auto it = local_tree.experiments.find(uuid);
      if (it != local_tree.experiments.end() && repo_.records(uuid, it->second) == file.records) {
        ours.experiments[uuid] = it->second;
      } else {
        pending.push_back(uuid);
        texts.push_back(std::move(file.text));
      }
    }
    const auto blobs = repo_.write_blobs(texts);
    ours.format = blobs[0];
    ours.tombstones = snap.tombstones.empty() ? "" : blobs[1];
    for (std::size_t i = 0; i < pending.size(); ++i) {
      ours.experiments[pending[i]] = blobs[i + 2];
      repo_.remember(blobs[i + 2], std::move(snap.experiments.at(pending[i]).records));
    }
    const std::string tree = repo_.write_tree(ours);
    if (!local.empty() && tree == rev(local + "^{tree}")) return local;
    const std::string head =
        repo_.commit(tree, local.empty() ? std::vector<std::string>{} : std::vector{local},
                     "leadlab: " + owner + "'s journal", author);
    move_branch(head, local);
    return head;
  }

  // The three-way merge of commits `ours` and `theirs` against their merge base: a commit with
  // both as parents.
  std::string merge(const std::string& ours, const std::string& theirs, const std::string& author,
                    SyncReport& report) {
    const sync::MergeSides sides = sync::merge_sides(repo_, ours, theirs);
    const Tree &b = sides.base, &o = sides.ours, &t = sides.theirs;
    Tree merged;
    merged.owner = o.format != b.format ? o.owner : t.owner;
    const auto blob = sync::MergeSides::blob;
    std::set<std::string> contested;
    for (const std::string& uuid : sides.uuids)
      if (sides.contested(uuid)) contested.insert(uuid);
    preload(contested, {&b, &o, &t});
    std::vector<std::string> texts{sync_format_text(merged.owner)};
    std::vector<std::string> pending;
    RecordSet live;  // the records of the experiments merged record by record
    for (const std::string& uuid : sides.uuids) {
      const std::string bb = blob(b, uuid), ob = blob(o, uuid), tb = blob(t, uuid);
      std::string take;
      if (ob == tb || bb == tb) {
        take = ob;
      } else if (bb == ob) {
        take = tb;
      } else {
        ThreeWayMerge m = merge_three_way(records(b, uuid), records(o, uuid), records(t, uuid));
        report.conflicts.insert(report.conflicts.end(), m.conflicts.begin(), m.conflicts.end());
        report.kept.insert(report.kept.end(), m.kept.begin(), m.kept.end());
        live.insert(m.merged.begin(), m.merged.end());
        if (m.merged.count(uuid) != 0) {
          pending.push_back(uuid);
          texts.push_back(experiment_text(m.merged, uuid));
        }
      }
      if (!take.empty()) merged.experiments[uuid] = take;
    }
    const std::vector<Tombstone> all =
        sync::merge_tombstones(repo_.tombstones(b.tombstones), repo_.tombstones(o.tombstones),
                               repo_.tombstones(t.tombstones), live);
    texts.push_back(sync::tombstones_text(all, write_));
    const auto blobs = repo_.write_blobs(texts);
    merged.format = blobs[0];
    for (std::size_t i = 0; i < pending.size(); ++i) merged.experiments[pending[i]] = blobs[i + 1];
    merged.tombstones = all.empty() ? "" : blobs.back();
    return repo_.commit(repo_.write_tree(merged), {ours, theirs}, "leadlab: merge", author);
  }

  // Makes the journal hold commit `to`, which the journal at tree `from` does not: each
  // experiment whose file differs, merged again with what the journal holds now (a `log`
  // written while the network was busy is kept), in one transaction.
  void apply(Journal& journal, const Tree& from, const std::string& to, SyncReport& report) {
    const Tree target = repo_.tree(to);
    const std::set<std::string> uuids = sync::differing(from, target);
    preload(uuids, {&from, &target});

    // Many experiments (a clone, a first sync): written as an import writes a bundle, the
    // links checked once and a new journal's entry indexes built once. A few: the UUIDs
    // written are checked, not every table (Merger).
    const bool many = uuids.size() > kFewExperiments;
    if (many) journal.set_cache_size(24);
    Journal::WriteTransaction tx = many ? journal.begin_bulk_write() : journal.begin_write();
    Merger merger(&journal, false, today_, !many);
    merger.header("full", "", {});
    std::set<std::string> changed, settled;
    merger.take_exactly(&changed);
    std::vector<std::string> to_write;
    RecordSet finals;
    for (const std::string& uuid : uuids) {
      const RecordSet& was = records(from, uuid);
      const RecordSet now = sync::experiment_records(journal, write_, uuid);
      RecordSet final = records(target, uuid);
      if (now != was) {
        report.written_meanwhile = true;
        final = merge_three_way(was, now, final).merged;
      }
      if (final == records(target, uuid)) settled.insert(uuid);
      add_changes(report.in, record_changes(now, final));
      remove_missing(journal, now, final, uuid);
      if (final.count(uuid) == 0) continue;
      for (const auto& [id, r] : final) {
        const auto here = now.find(id);
        if (here == now.end() || !(here->second == r)) changed.insert(id);
        if (here == now.end() && journal.is_tombstoned(id)) journal.forget_tombstone(id);
      }
      finals.insert(final.begin(), final.end());
      to_write.push_back(uuid);
    }
    // New experiments take their numbers in the order they were made, as on the device that
    // made them (a clone's `show 3` is the original's, where no other device added one).
    const auto created = [&finals](const std::string& uuid) {
      const auto& fields = finals.at(uuid).fields;
      const auto it = fields.find("created");
      return it == fields.end() ? std::string() : it->second;
    };
    std::sort(to_write.begin(), to_write.end(), [&](const std::string& a, const std::string& b) {
      return std::pair(created(a), a) < std::pair(created(b), b);
    });
    try {  // what the journal refuses of the merged records is the remote's doing
      if (!to_write.empty()) {
        Bundle bundle = parse_bundle(records_bundle_text(finals, to_write, ""),
                                     "the merged journal", latest_entry_day(today_));
        for (auto& e : bundle.experiments) merger.experiment(std::move(e), false);
      }
      sync::take_tombstones(journal, repo_.tombstones(target.tombstones));
      tx.prepare_commit();
      merger.finish();
    } catch (const UsageError& e) {
      sync::refuse_contradiction(e);
    }
    // The experiments that hold what `to` holds need not go out again. Forgotten with the
    // write: a crash before the branch moves to `to` leaves the branch behind the journal,
    // and the next sync, merging again, finds the journal holding what it would write.
    std::vector<Journal::SyncChange> done;
    for (const Journal::SyncChange& c : journal.sync_changes())
      if (settled.count(c.uuid) != 0) done.push_back(c);
    journal.forget_sync_changes(done);
    // The conflicts found, kept once the journal took the merge and before the branch moves
    // past it: a sync killed later would not find them again (each is kept once).
    sync::keep_conflicts(repo_.git().dir(), report.conflicts);
    tx.commit();
  }

  std::string rev(const std::string& what) {
    return trim(repo_.git().must({"rev-parse", "--verify", what}, "reading a commit"));
  }
  void move_branch(const std::string& to, const std::string& from) {
    repo_.git().must({"update-ref", sync::kBranch, to, from.empty() ? std::string(40, '0') : from},
                     "recording the commit");
  }
  // Fetches the remote's branch: its head, or "" when it has none yet.
  std::string fetch() {
    repo_.git().must({"fetch", "--quiet", "--prune", "--no-tags", "origin",
                      "+refs/heads/*:refs/remotes/origin/*"},
                     "fetching from the remote");
    return repo_.git().resolve(sync::kRemoteBranch);
  }
  bool is_ancestor(const std::string& a, const std::string& b) {
    return repo_.git().run({"merge-base", "--is-ancestor", a, b}).ok();
  }
  static std::string trim(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
    return s;
  }

 private:
  // Deletes what the journal holds of one experiment and the merge does not.
  static void remove_missing(Journal& journal, const RecordSet& now, const RecordSet& final,
                             const std::string& uuid) {
    if (final.count(uuid) == 0) {
      if (const auto e = journal.find_experiment_by_uuid(uuid)) journal.delete_experiment(e->id);
      return;
    }
    using K = Journal::RecordKind;
    for (const auto& [id, r] : now) {
      if (final.count(id) != 0 || id == uuid) continue;
      const K kind = r.kind == "entry"     ? K::kEntry
                     : r.kind == "review"  ? K::kReview
                     : r.kind == "comment" ? K::kComment
                                           : K::kMetric;
      const auto found = journal.find_record(kind, id);
      if (!found) continue;
      if (kind == K::kEntry) journal.delete_entry(found->id);
      if (kind == K::kReview) journal.delete_review(found->id);
      if (kind == K::kComment) journal.delete_comment(found->id);
      if (kind == K::kMetric) journal.delete_metric(found->id);
    }
  }

  const BundleTextWriter& write_;
  Day today_;
  Repo repo_;
};

std::string remote_of(const GitRepo& git) {
  const GitRun r = git.run({"config", "--get", "remote.origin.url"});
  return Session::trim(r.out);
}

std::string coach_path(const SyncPlace& place) { return place.git_dir + "/leadlab-coach"; }

// Who makes the commits: the coach of a mirror, else the journal's owner.
std::string author_of(const SyncPlace& place, const Journal& journal) {
  const auto coach = sync_mirror_coach(place.journal);
  return coach ? *coach : journal.info().owner;
}

// One sync: commit ours, fetch, merge, apply, push; again when a push is refused because the
// remote moved meanwhile.
SyncReport run_sync(Journal& journal, const SyncPlace& place, const BundleTextWriter& write,
                    Day today) {
  Session s(place, write, today);
  SyncReport report;
  report.remote = remote_of(s.repo().git());
  const std::string author = author_of(place, journal);
  for (int attempt = 1;; ++attempt) {
    report.attempts = attempt;
    const std::string local = s.repo().git().resolve(sync::kBranch);
    const Tree local_tree = s.repo().tree(local);
    Snapshot snap = sync::snapshot(journal, write, local.empty());
    const std::string owner = local.empty() ? journal.info().owner : local_tree.owner;
    const std::string ours = s.commit_ours(local, local_tree, snap, owner, author);
    sync::forget_changes(journal, snap.changes);
    const std::string theirs = s.fetch();
    std::string result = ours;
    if (!theirs.empty() && !s.is_ancestor(theirs, ours)) {
      for (FieldConflict& c : sync::merged_elsewhere(s.repo(), ours, theirs))
        report.conflicts.push_back(std::move(c));
      result = s.is_ancestor(ours, theirs) ? theirs : s.merge(ours, theirs, author, report);
    }
    if (result != ours) {
      s.apply(journal, s.repo().tree(ours), result, report);
      s.move_branch(result, ours);
    }
    report.commit = result;
    report.out = s.changes(s.repo().tree(theirs), s.repo().tree(result));
    if (result == theirs) break;
    // A first push sends every file whole: a search for deltas between a thousand different
    // experiments' files takes git longer than the files take to send, and finds little.
    std::vector<std::string> push_args{"push", "--quiet", "--porcelain", "origin",
                                       result + ":" + sync::kBranch};
    if (theirs.empty()) push_args.insert(push_args.begin(), {"-c", "pack.window=0"});
    const GitRun push = s.repo().git().run(push_args);
    if (push.ok()) {
      report.pushed = true;
      break;
    }
    const std::string said = push.out + push.err;
    // Refused because the remote moved ("[rejected]"), not by the remote itself ("[remote
    // rejected]", a hook or a protected branch): only the first is worth a fresh fetch.
    const bool moved = said.find("[rejected]") != std::string::npos ||
                       said.find("fetch first") != std::string::npos ||
                       said.find("non-fast-forward") != std::string::npos;
    if (!moved || attempt == kPushAttempts) {
      throw UsageError("git failed pushing to the remote: " + push.message(),
                       moved ? "the remote keeps moving; run `leadlab sync` again"
                             : "the journal is merged and safe here; run `leadlab sync` again "
                               "once git can reach the remote and the remote takes the push");
    }
  }
  s.repo().git().must({"config", "leadlab.lastSync", now_timestamp()}, "recording the sync");
  return report;
}

}  // namespace

SyncPlace sync_place(const std::string& journal_path) {
  return {journal_path, journal_path + ".git", journal_path + ".sync.lock"};
}

std::optional<std::string> sync_mirror_coach(const std::string& journal_path) {
  const std::string path = coach_path(sync_place(journal_path));
  if (path_kind(path) != PathKind::kFile) return std::nullopt;
  return Session::trim(read_file(path, 4096));
}

SyncReport sync_now(Journal& journal, const BundleTextWriter& write, Day today,
                    const SyncWaiting& waiting) {
  const SyncPlace place = sync_place(journal.path());
  sync::refuse_unconnected(place);
  FileLock lock(place.lock, kLockSeconds, waiting);
  sync::settle_clone(place.git_dir, journal.info().uuid);  // under the lock, as init and clone
  sync::refuse_unconnected(place);  // a clone's repository that never made this journal is gone
  return run_sync(journal, place, write, today);
}

SyncReport sync_init(Journal& journal, const std::string& remote, const BundleTextWriter& write,
                     Day today, const SyncWaiting& waiting) {
  const SyncPlace place = sync_place(journal.path());
  sync::refuse_odd_repository(place);
  FileLock lock(place.lock, kLockSeconds, waiting);
  sync::settle_clone(place.git_dir, journal.info().uuid);
  if (path_kind(place.git_dir) != PathKind::kNew) {
    throw UsageError(
        "this journal is connected already (" + terminal_safe(place.git_dir) + " exists)",
        "run `leadlab sync`; `leadlab sync status` names the remote");
  }
  const GitRepo git(sync::fresh_staging(place.git_dir));
  try {
    git.init(remote);
    const std::string heads = git.must({"ls-remote", "--heads", "origin"}, "reaching the remote");
    if (!Session::trim(heads).empty()) {
      throw UsageError("the remote " + terminal_safe(remote) + " holds a journal already",
                       "make this device's journal from it with `leadlab sync clone " +
                           terminal_safe(remote) + " --journal PATH`, or use an empty repository");
    }
    sync::move_staging(git.dir(), place.git_dir);
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove_all(git.dir(), ignored);
    throw;
  }
  // Connected: a sync that fails from here (no network) leaves it so, and `leadlab sync`
  // finishes the job.
  return run_sync(journal, place, write, today);
}

SyncReport sync_clone(const std::string& remote, const std::string& journal_path,
                      const std::string& coach, const BundleTextWriter& write, Day today) {
  const SyncPlace place = sync_place(journal_path);
  if (path_kind(journal_path) != PathKind::kNew) {
    throw UsageError(terminal_safe(journal_path) + " exists already",
                     "name a new journal with --journal PATH");
  }
  refuse_unless_remote(remote);  // before anything is made
  make_private_folders(std::filesystem::path(journal_path).parent_path().string());  // as init
  FileLock lock(place.lock, kLockSeconds, {});
  sync::settle_clone(place.git_dir, "");
  if (path_kind(place.git_dir) != PathKind::kNew) {
    throw UsageError(terminal_safe(place.git_dir) + " exists already",
                     "move it away, or name another journal with --journal PATH");
  }
  const SyncPlace staged{place.journal, sync::fresh_staging(place.git_dir), place.lock};
  SyncReport report;
  std::string made;  // the UUID of the journal made
  try {
    GitRepo(staged.git_dir).init(remote);
    Session s(staged, write, today);
    const std::string head = s.fetch();
    if (head.empty()) {
      throw UsageError("the remote " + terminal_safe(remote) + " holds no journal yet",
                       "connect the journal that should go there with `leadlab sync init " +
                           terminal_safe(remote) + "`");
    }
    const Tree tree = s.repo().tree(head);
    if (!coach.empty()) write_file_atomically(coach_path(staged), coach + "\n");
    s.move_branch(head, "");
    s.repo().git().must({"config", "leadlab.lastSync", now_timestamp()}, "recording the sync");
    Journal::create_with(journal_path, tree.owner, [&](Journal& journal) {
      s.apply(journal, Tree{}, head, report);
      const std::string uuid = journal.info().uuid;
      sync::move_staging(staged.git_dir, place.git_dir, uuid);
      made = uuid;  // the repository has its name: a failure from here removes it
    });
    sync::settle_clone(place.git_dir, made);
    report.remote = remote;
    report.commit = head;
    return report;
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove_all(staged.git_dir, ignored);
    if (!made.empty()) std::filesystem::remove_all(place.git_dir, ignored);
    std::filesystem::remove(place.lock, ignored);
    throw;
  }
}

SyncStatus sync_status(const Journal& journal, const BundleTextWriter& write) {
  const SyncPlace place = sync_place(journal.path());
  SyncStatus status;
  sync::refuse_odd_repository(place);
  if (path_kind(place.git_dir, true) != PathKind::kFolder) return status;
  status.connected = true;
  Session s(place, write, kLastDay);
  status.remote = remote_of(s.repo().git());
  status.last_sync = Session::trim(s.repo().git().run({"config", "--get", "leadlab.lastSync"}).out);
  status.commit = s.repo().git().resolve(sync::kBranch);
  status.coach = sync_mirror_coach(journal.path());
  const Tree tree = s.repo().tree(status.commit);
  // What the next sync sends: the changed experiments as they are now against the local
  // branch (every experiment before the first sync).
  const Snapshot snap = sync::snapshot(journal, write, status.commit.empty());
  std::set<std::string> uuids = snap.gone;
  for (const auto& item : snap.experiments) uuids.insert(item.first);
  if (snap.full)
    for (const auto& item : tree.experiments) uuids.insert(item.first);
  s.preload(uuids, {&tree});
  RecordSet before, now;
  for (const std::string& uuid : uuids) {
    const RecordSet& r = s.records(tree, uuid);
    before.insert(r.begin(), r.end());
  }
  for (const auto& item : snap.experiments)
    now.insert(item.second.records.begin(), item.second.records.end());
  status.waiting = record_changes(before, now);
  status.conflicts = sync::read_conflicts(place.git_dir);
  return status;
}

}  // namespace leadlab
