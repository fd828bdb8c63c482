// The three-way merge of a journal's records, field by field: what `sync` (issue 19,
// docs/sync.md) does with its own copy (ours), the remote's (theirs) and the copy both last
// agreed on (base), so that an edit on one device never overwrites an edit of another field
// made on another, and nothing either side wrote is silently lost. Pure: values in, values out.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace leadlab {

// One record as the merge compares it: an experiment, or one of its metrics, entries,
// reviews or comments. `fields` holds every field but the UUID and `updated`, each as
// canonical text (sync uses the JSON text of the value as a bundle writes it), so that the
// merge needs to know nothing of what a field means, and a field a newer format adds is
// merged like the others.
struct FieldRecord {
  std::string kind;     // "experiment", "metric", "entry", "review", "comment"
  std::string parent;   // the UUID of the experiment a record belongs to; empty for one
  std::string updated;  // RFC 3339 UTC with milliseconds: later compares greater as text
  std::map<std::string, std::string> fields;
  bool operator==(const FieldRecord&) const = default;
};

// A journal's records by UUID.
using RecordSet = std::map<std::string, FieldRecord>;

// A field both sides changed, to different values: the later edit was taken (on equal
// `updated`, the greater text, so that every device takes the same one), and the other
// value is kept here, so that nothing is lost and a person can choose it instead.
struct FieldConflict {
  std::string uuid;
  std::string kind;
  std::string parent;
  std::string field;
  std::string taken;  // the value the merged record holds
  std::string taken_updated;
  std::string other;  // the value not taken
  std::string other_updated;
  bool taken_is_ours = false;  // whether the value taken is this side's
};

// A record one side deleted and the other changed (or gave a new record, as an entry logged
// on another device for an experiment deleted here): the merge keeps it and says so.
struct KeptRecord {
  std::string uuid;
  std::string kind;
  std::string parent;
  bool deleted_by_ours = false;  // deleted here (and changed there), or the other way round
};

// The UUID of the experiment a conflict's or kept record's record belongs to (its own, for an
// experiment).
template <typename Record>
const std::string& experiment_of(const Record& r) {
  return r.parent.empty() ? r.uuid : r.parent;
}

struct ThreeWayMerge {
  RecordSet merged;
  std::vector<FieldConflict> conflicts;  // by UUID, then field
  std::vector<KeptRecord> kept;          // deletions not taken, by UUID
};

// Merges `ours` and `theirs` against `base`, record by record (matched by UUID) and, where
// both changed a record, field by field:
//   - a record only one side added is added; one both added is merged as if the base had
//     none of its fields;
//   - a field only one side changed takes that side's value; one both changed to the same
//     value takes it; one both changed differently takes the later edit's (`updated`) and
//     keeps the other as a FieldConflict; the merged `updated` is the later of the two;
//   - a record one side deleted and the other left as it was is deleted; one both deleted is
//     deleted; one deleted on one side and changed on the other is kept (KeptRecord), and so
//     is an experiment deleted on one side that the other changed or added a record to:
//     then the experiment comes back with every record of it the other side holds.
// Symmetric: swapping ours and theirs gives the same `merged`, so every device that merges
// the same three copies ends with the same journal. A record whose parent is in no copy is
// left out.
ThreeWayMerge merge_three_way(const RecordSet& base, const RecordSet& ours,
                              const RecordSet& theirs);

// How one copy becomes another, per kind of record: what a sync brought in (ours -> merged)
// or sent out (theirs -> merged).
struct RecordChanges {
  int added = 0;
  int changed = 0;
  int removed = 0;
  bool operator==(const RecordChanges&) const = default;
};
std::map<std::string, RecordChanges> record_changes(const RecordSet& from, const RecordSet& to);

}  // namespace leadlab
