// The merge of a bundle into a journal, record by record (docs/bundle.md): import's, and
// sync's apply of what its three-way merge decided (take_exactly). Internal to actions.
#pragma once

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "actions/journal_rules.hpp"
#include "leadlab/model/bundle.hpp"
#include "leadlab/model/dates.hpp"
#include "leadlab/model/error.hpp"
#include "leadlab/model/text.hpp"
#include "leadlab/storage/journal.hpp"

namespace leadlab {

// Merges a bundle's items into the journal, writing them when it has a writable journal
// (also for a dry run, whose transaction is rolled back), so that check() sees the journal
// the merge makes.
class Merger {
 public:
  // check() finds a UUID the merge made shared between two records by reading every table
  // before and after; with `written_only` (sync's apply of a few experiments), by looking up
  // each UUID the merge wrote (take_exactly's, and the tombstones it took) instead.
  Merger(Journal* journal, bool dry_run, Day today, bool written_only = false)
      : j_(journal),
        write_(journal != nullptr && !journal->read_only()),
        detail_(dry_run),
        written_only_(written_only),
        latest_(latest_entry_day(today)) {
    if (write_ && !written_only_) shared_before_ = j_->shared_uuids();
  }

  MergeReport report;

  // Sync's apply (actions/sync.cpp): a record whose UUID is in `uuids` takes the bundle's
  // copy whatever its `updated` (a merge of two edits keeps the later one's stamp), and no
  // other record is changed.
  void take_exactly(const std::set<std::string>* uuids) { force_ = uuids; }

  // Takes the experiment's records: a new entry goes into the journal as it was read.
  void experiment(BundleExperiment&& b, bool only_comments) {
    const Experiment& incoming = b.experiment;
    auto local =
        j_ ? j_->find_record(Journal::RecordKind::kExperiment, incoming.uuid) : std::nullopt;
    if (only_comments && !local) {
      throw UsageError("the bundle has comments on \"" + terminal_safe(incoming.title) + "\" (" +
                           incoming.uuid + "), an experiment this journal does not have",
                       "import comments into the journal the experiment was exported from");
    }
    if (!local && j_ && j_->is_tombstoned(incoming.uuid)) {
      count("experiments").skipped++;  // deleted here, with everything that was its
      return;
    }
    std::optional<Experiment> here;
    fresh_ = false;
    current_title_ = incoming.title;
    if (only_comments) {
      here = j_->find_experiment(local->id);
    } else if (!local) {
      fresh_ = true;
      count("experiments").added++;
      note_change("experiment", "added", "\"" + incoming.title + "\"");
      count("metrics").added += static_cast<int>(incoming.metrics.size());
      for (const auto& m : incoming.metrics)
        refuse_taken_uuid(Journal::RecordKind::kMetric, m.uuid, "metric");
      if (write_) {
        Experiment e = incoming;
        e.follows.reset();
        j_->insert_experiment(e);
        j_->set_follows_uuid(e.id, b.follows_uuid);
        if (!origin_.empty()) j_->set_origin(e.id, origin_);
        here = j_->find_experiment(e.id);
      }
    } else {
      here = j_->find_experiment(local->id);
      if (newer("experiments", incoming.updated, local->updated, incoming.uuid)) {
        note_change("experiment", "changed", name(here));
        if (write_) {
          touch(*here);
          Experiment e = incoming;
          e.id = local->id;
          if (!b.carries_random_start) e.random_start = here->random_start;
          j_->update_experiment(e, incoming.updated);
          j_->set_tags(e.id, incoming.tags);
          j_->set_follows_uuid(e.id, b.follows_uuid);
        }
      }
      for (const auto& m : incoming.metrics) metric(*here, m);
      if (write_) here = j_->find_experiment(local->id);
    }
    if (!only_comments) {
      for (auto& e : b.entries) entry(here, incoming, e);
      for (const auto& r : b.reviews) review(here, r);
    }
    for (const auto& c : b.comments) comment(here, c);
  }

  // The bundle's owner is whose records it holds: an experiment new here remembers it
  // (its origin). An import never sets this journal's owner.
  void header(const std::string& kind, const std::string& owner, const BundleOmits& without) {
    comments_only = kind == "comments";
    without_ = without;
    for (const char* k : {"experiments", "metrics", "entries", "reviews", "comments"})
      report.counts[k];
    if (!comments_only) report.counts["tombstones"];
    owner_ = j_ ? j_->info().owner : "";
    report.origin = owner;
    if (without.notes) report.notes.push_back("the bundle has no notes: the journal keeps its own");
    if (owner.empty() || comments_only || owner == owner_) return;
    origin_ = owner;
    if (owner_.empty()) {
      report.notes.push_back("the bundle is " + terminal_safe(owner) +
                             "'s; this journal has no owner yet (`leadlab owner NAME`)");
    } else {
      report.notes.push_back("the bundle is " + terminal_safe(owner) + "'s; this journal stays " +
                             terminal_safe(owner_) + "'s");
    }
  }

  bool comments_only = false;  // set by header()

  // Tombstones are merged last, by finish(), once the bundle's records are in.
  void tombstone(Tombstone&& t) { tombstones_.push_back(std::move(t)); }

  // After the records, with the journal's writes prepared (WriteTransaction::prepare_commit):
  // merges the tombstones, then checks that the journal the merge made keeps every rule
  // (model/rules.hpp) that it kept before; UsageError names the first broken record.
  void finish() {
    fresh_ = false;  // no experiment is being merged any more
    int live = 0;
    for (const Tombstone& t : tombstones_) {
      const auto held = j_ ? j_->find_uuid(t.uuid) : std::vector<std::string>{};
      const auto holds = [&](const char* kind) {
        return std::find(held.begin(), held.end(), kind) != held.end();
      };
      if (holds("tombstone")) {
        count("tombstones").unchanged++;
      } else if (t.kind == "experiment" && holds("experiment")) {
        if (remove_experiment(t)) take(t);
      } else if (t.kind == "comment" && holds("comment")) {
        remove_comment(t);
        take(t);
      } else if (!held.empty()) {
        live++;  // an entry deleted elsewhere stays here
      } else {
        take(t);
      }
    }
    if (live > 0)
      report.notes.push_back(
          std::to_string(live) +
          (live == 1 ? " tombstone names a record that is" : " tombstones name records that are") +
          " here and was left out: an import deletes no entry (`leadlab entry delete` does)");
    if (write_) check();
  }

 private:
  MergeCounts& count(const char* kind) { return report.counts[kind]; }

  // An experiment deleted where the bundle comes from is deleted here too, with its
  // records, unless it was changed here after that deletion (newer wins, as for records):
  // false when it is kept (and the tombstone is not taken).
  bool remove_experiment(const Tombstone& t) {
    const auto local =
        j_ ? j_->find_record(Journal::RecordKind::kExperiment, t.uuid) : std::nullopt;
    if (!local) return true;
    if (local->updated > t.deleted) {
      count("tombstones").kept++;
      return false;
    }
    count("experiments").removed++;
    note_change("experiment", "removed", name(j_->find_experiment(local->id)));
    if (write_) j_->delete_experiment(local->id, t.deleted);
    return true;
  }

  // A comment its author deleted is deleted here too.
  void remove_comment(const Tombstone& t) {
    const auto local = j_->find_record(Journal::RecordKind::kComment, t.uuid);
    count("comments").removed++;
    const auto c = j_->find_comment(local->id);
    note_change("comment", "removed",
                "by " + c->author + " on " + name(j_->find_experiment(c->experiment_id)));
    if (write_) j_->delete_comment(local->id);
  }

  // Remembers a tombstone, so that no later import brings its record back.
  void take(const Tombstone& t) {
    count("tombstones").added++;
    if (write_) j_->insert_tombstone(t);
    if (written_only_) tombstones_taken_.push_back(t.uuid);
  }

  // A dry run names each record it would add or change.
  void note_change(const char* kind, const char* change, const std::string& what) {
    if (detail_) report.details.push_back({kind, change, what});
  }

  // "experiment 3 \"Title\"", or the bundle's title for one new here (which a dry run
  // writes too, to roll it back).
  std::string name(const std::optional<Experiment>& e) const {
    if (!e || fresh_) return "\"" + current_title_ + "\"";
    return "experiment " + std::to_string(e->id) + " \"" + e->title + "\"";
  }

  // Counts a record both sides have, by its `updated`: true when the bundle's copy is newer
  // and replaces this journal's; else it is the same version, or this journal's is newer.
  // With take_exactly(), true for the records it names.
  bool newer(const char* kind, const std::string& theirs, const std::string& ours,
             const std::string& uuid) {
    MergeCounts& c = count(kind);
    if (force_ != nullptr) {
      const bool take = force_->count(uuid) != 0;
      (take ? c.updated : c.unchanged)++;
      return take;
    }
    if (theirs > ours) {
      c.updated++;
      return true;
    }
    (theirs == ours ? c.unchanged : c.kept)++;
    return false;
  }

  // A UUID the bundle adds must not belong to another record here.
  void refuse_taken_uuid(Journal::RecordKind kind, const std::string& uuid, const char* what) {
    if (j_ && j_->find_record(kind, uuid)) {
      throw UsageError(std::string("the bundle's new ") + what + " " + uuid +
                           " is already in this journal under another experiment",
                       "the bundle and the journal disagree; nothing was imported");
    }
  }

  // The local record with this UUID, checked to belong to experiment `owner`.
  std::optional<Journal::RecordRef> find_own(Journal::RecordKind kind, const std::string& uuid,
                                             const std::optional<Experiment>& owner,
                                             const char* what) {
    // The records of an experiment new to this journal are new too (one deleted here was
    // skipped whole, so none of them can have a tombstone here; a UUID that is already here
    // anyway breaks a UNIQUE constraint, and the whole import is refused).
    if (!j_ || fresh_) return std::nullopt;
    auto found = j_->find_record(kind, uuid);
    if (found && owner && found->experiment_id != owner->id) {
      throw UsageError(std::string("the bundle's ") + what + " " + uuid +
                           " belongs to another experiment in this journal",
                       "the bundle and the journal disagree; nothing was imported");
    }
    return found;
  }

  void metric(const Experiment& here, const Metric& m) {
    const auto local = find_own(Journal::RecordKind::kMetric, m.uuid, here, "metric");
    const Metric* same_name = here.find_metric(m.name);
    if (!local) {
      if (same_name != nullptr) {
        throw UsageError("the bundle adds a metric \"" + m.name + "\" to \"" +
                             terminal_safe(here.title) +
                             "\", which has another metric of that name",
                         "the bundle and the journal disagree; nothing was imported");
      }
      count("metrics").added++;
      if (write_) {
        touch(here);
        Metric copy = m;
        j_->insert_metric(here.id, copy);
      }
    } else if (newer("metrics", m.updated, local->updated, m.uuid)) {
      if (same_name != nullptr && same_name->uuid != m.uuid) {
        throw UsageError("the bundle renames a metric of \"" + terminal_safe(here.title) +
                             "\" to \"" + m.name + "\", a name another metric has",
                         "the bundle and the journal disagree; nothing was imported");
      }
      if (write_) {
        touch(here);
        j_->update_metric(m);
      }
    }
  }

  // The entry's values keyed by this journal's metric names (matched by metric UUID).
  static Entry localised(const Entry& e, const Experiment& incoming, const Experiment& here) {
    Entry out = e;
    out.values.clear();
    for (const auto& [name, value] : e.values) {
      const Metric* theirs = incoming.find_metric(name);
      if (theirs == nullptr) continue;
      for (const auto& m : here.metrics)
        if (m.uuid == theirs->uuid) out.values[m.name] = value;
    }
    return out;
  }

  void entry(const std::optional<Experiment>& here, const Experiment& incoming, Entry& e) {
    if (j_ && !fresh_ && j_->is_tombstoned(e.uuid)) {
      count("entries").skipped++;
      return;
    }
    const auto local = find_own(Journal::RecordKind::kEntry, e.uuid, here, "entry");
    if (!local) {
      count("entries").added++;
      note_change("entry", "added", "of " + format_date(e.date) + " in " + name(here));
      if (write_) {
        // An experiment new here has the bundle's metric names.
        if (fresh_) {
          j_->insert_entry(e, *here);
        } else {
          touch(*here);
          Entry copy = localised(e, incoming, *here);
          j_->insert_entry(copy, *here);
        }
      }
    } else if (newer("entries", e.updated, local->updated, e.uuid)) {
      note_change("entry", "changed",
                  std::to_string(local->id) + " of " + format_date(e.date) + " in " + name(here));
      if (write_) {
        touch(*here);
        Entry copy = localised(e, incoming, *here);
        // A bundle without notes says nothing about them: the journal's stay.
        if (without_.notes) copy.note = j_->find_entry(local->id)->note;
        copy.id = local->id;
        copy.experiment_id = here->id;
        j_->update_entry(copy, *here, e.updated);
      }
    }
  }

  void review(const std::optional<Experiment>& here, const Review& r) {
    const auto local = find_own(Journal::RecordKind::kReview, r.uuid, here, "review");
    if (!local) {
      count("reviews").added++;
      note_change("review", "added", review_words(r, here));
      if (write_) {
        touch(*here);
        Review copy = r;
        copy.experiment_id = here->id;
        j_->insert_review(copy);
      }
    } else if (newer("reviews", r.updated, local->updated, r.uuid)) {
      note_change("review", "changed", review_words(r, here));
      if (write_) {
        touch(*here);
        j_->update_review(r);
      }
    }
  }

  std::string review_words(const Review& r, const std::optional<Experiment>& here) const {
    return "of " + name(here) + (r.decision.empty() ? "" : " (" + r.decision + ")") + ", " +
           r.created.substr(0, 10);
  }

  // A comment an import brings is new to the journal's owner until `show` shows it, unless
  // the owner wrote it.
  void comment(const std::optional<Experiment>& here, const Comment& c) {
    if (j_ && !fresh_ && j_->is_tombstoned(c.uuid)) {
      count("comments").skipped++;
      return;
    }
    const auto local = find_own(Journal::RecordKind::kComment, c.uuid, here, "comment");
    const std::string words =
        "by " + c.author + " on " + name(here) + ", " + c.created.substr(0, 10);
    if (!local) {
      count("comments").added++;
      note_change("comment", "added", words);
      if (write_) {
        touch(*here);
        Comment copy = c;
        copy.experiment_id = here->id;
        copy.seen = c.author == owner_;
        j_->insert_comment(copy);
      }
    } else if (newer("comments", c.updated, local->updated, c.uuid)) {
      note_change("comment", "changed", words);
      if (write_) {
        touch(*here);
        Comment copy = c;
        copy.seen = c.author == owner_;
        j_->update_comment(copy);
      }
    }
  }

  // Notes the problems an existing experiment has before the merge first changes it, so
  // that check() refuses only what the merge broke.
  void touch(const Experiment& e) {
    if (fresh_) return;  // checked as it was read, against the bundle's definition
    if (before_.count(e.id) == 0) {
      const auto problems = experiment_rule_problems(*j_, e, latest_);
      before_.emplace(e.id, std::set<std::string>(problems.begin(), problems.end()));
    }
  }

  void check() {
    std::vector<std::string> broken;
    for (const auto& [id, before] : before_) {
      const auto e = j_->find_experiment(id);
      if (!e) continue;  // deleted by a tombstone
      for (auto& p : experiment_rule_problems(*j_, *e, latest_))
        if (before.count(p) == 0) broken.push_back(std::move(p));
    }
    std::vector<std::string> added;
    if (written_only_) {
      std::set<std::string> written(tombstones_taken_.begin(), tombstones_taken_.end());
      if (force_) written.insert(force_->begin(), force_->end());
      for (const std::string& uuid : written)
        if (j_->find_uuid(uuid).size() > 1) added.push_back(uuid);
    } else {
      const std::vector<std::string> shared = j_->shared_uuids();
      std::set_difference(shared.begin(), shared.end(), shared_before_.begin(),
                          shared_before_.end(), std::back_inserter(added));
    }
    for (auto& p : shared_uuid_problems(*j_, added)) broken.push_back(std::move(p));
    if (broken.empty()) return;
    std::string what =
        "the bundle would leave this journal with " +
        std::string(broken.size() == 1 ? "a record that breaks" : "records that break") +
        " leadlab's rules: " + broken.front();
    if (broken.size() > 1) what += " (and " + std::to_string(broken.size() - 1) + " more)";
    throw UsageError(what,
                     "nothing was imported; the bundle and this journal disagree, or the "
                     "bundle was edited — export it again from its journal");
  }

  Journal* j_;
  bool write_;
  bool detail_;  // a dry run: report.details names the records
  bool written_only_;
  std::vector<std::string> tombstones_taken_;  // with written_only_
  Day latest_;
  bool fresh_ = false;         // the experiment being merged is new to this journal
  std::string current_title_;  // the bundle's title of the experiment being merged
  std::string owner_;          // this journal's owner
  std::string origin_;         // the bundle's owner when it is not this journal's
  BundleOmits without_;        // what the bundle leaves out
  std::vector<Tombstone> tombstones_;
  std::map<std::int64_t, std::set<std::string>> before_;  // by experiment id
  std::vector<std::string> shared_before_;                // Journal::shared_uuids()
  const std::set<std::string>* force_ = nullptr;          // take_exactly()
};

}  // namespace leadlab
