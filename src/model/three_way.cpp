#include "leadlab/model/three_way.hpp"

#include <algorithm>
#include <optional>
#include <set>
#include <tuple>

namespace leadlab {
namespace {

using Value = std::optional<std::string>;  // nullopt: the record has no such field

const FieldRecord* find(const RecordSet& set, const std::string& uuid) {
  auto it = set.find(uuid);
  return it == set.end() ? nullptr : &it->second;
}

Value field_of(const FieldRecord* record, const std::string& name) {
  if (record == nullptr) return std::nullopt;
  auto it = record->fields.find(name);
  if (it == record->fields.end()) return std::nullopt;
  return it->second;
}

// Which of two different values of a field both sides changed is taken: the later edit's;
// on equal `updated`, the greater value (a value over none), so that the choice does not
// depend on which side is ours.
bool ours_wins(const FieldRecord& ours, const Value& o, const FieldRecord& theirs, const Value& t) {
  if (ours.updated != theirs.updated) return ours.updated > theirs.updated;
  return o > t;
}

// Both sides hold the record (and it differs): field by field against the base, which may
// be missing (both added it).
FieldRecord merge_fields(const std::string& uuid, const FieldRecord* base, const FieldRecord& ours,
                         const FieldRecord& theirs, std::vector<FieldConflict>& conflicts) {
  const FieldRecord& later = std::tie(ours.updated, ours.kind, ours.parent) >
                                     std::tie(theirs.updated, theirs.kind, theirs.parent)
                                 ? ours
                                 : theirs;
  FieldRecord merged;
  merged.kind = later.kind;
  merged.parent = later.parent;
  merged.updated = std::max(ours.updated, theirs.updated);
  std::set<std::string> names;
  for (const FieldRecord* r : {base, &ours, &theirs})
    if (r != nullptr)
      for (const auto& [name, value] : r->fields) names.insert(name);
  for (const std::string& name : names) {
    const Value b = field_of(base, name);
    const Value o = field_of(&ours, name);
    const Value t = field_of(&theirs, name);
    Value taken;
    if (o == t || t == b) {
      taken = o;
    } else if (o == b) {
      taken = t;
    } else {
      const bool ours_taken = ours_wins(ours, o, theirs, t);
      taken = ours_taken ? o : t;
      const Value& other = ours_taken ? t : o;
      conflicts.push_back({uuid, merged.kind, merged.parent, name, taken.value_or(""),
                           ours_taken ? ours.updated : theirs.updated, other.value_or(""),
                           ours_taken ? theirs.updated : ours.updated, ours_taken});
    }
    if (taken) merged.fields.emplace(name, *taken);
  }
  return merged;
}

}  // namespace

ThreeWayMerge merge_three_way(const RecordSet& base, const RecordSet& ours,
                              const RecordSet& theirs) {
  ThreeWayMerge result;
  std::set<std::string> uuids;
  for (const RecordSet* set : {&base, &ours, &theirs})
    for (const auto& [uuid, record] : *set) uuids.insert(uuid);

  // Record by record.
  for (const std::string& uuid : uuids) {
    const FieldRecord* b = find(base, uuid);
    const FieldRecord* o = find(ours, uuid);
    const FieldRecord* t = find(theirs, uuid);
    if (o != nullptr && t != nullptr) {
      result.merged.emplace(uuid, *o == *t ? *o : merge_fields(uuid, b, *o, *t, result.conflicts));
      continue;
    }
    const FieldRecord* present = o != nullptr ? o : t;
    if (present == nullptr) continue;  // deleted on both sides, or in the base only
    if (b == nullptr) {
      result.merged.emplace(uuid, *present);  // added on one side
    } else if (!(*present == *b)) {
      result.merged.emplace(uuid, *present);  // deleted on one side, changed on the other
      result.kept.push_back({uuid, present->kind, present->parent, o == nullptr});
    }
    // else: deleted on one side, untouched on the other: deleted
  }

  // An experiment deleted on one side that the other gave a record (an entry, a comment)
  // comes back as the other side holds it.
  for (const auto& [uuid, record] : RecordSet(result.merged)) {
    if (record.parent.empty() || result.merged.contains(record.parent)) continue;
    const FieldRecord* o = find(ours, record.parent);
    const FieldRecord* t = find(theirs, record.parent);
    const FieldRecord* present = o != nullptr ? o : t;
    if (present == nullptr) continue;  // an orphan in every copy: left out below
    result.merged.emplace(record.parent, *present);
    result.kept.push_back({record.parent, present->kind, present->parent, o == nullptr});
  }
  // A kept experiment keeps every record of it that the side keeping it holds.
  for (const KeptRecord& kept : std::vector<KeptRecord>(result.kept)) {
    if (kept.kind != "experiment") continue;
    const RecordSet& keeping = kept.deleted_by_ours ? theirs : ours;
    for (const auto& [uuid, record] : keeping)
      if (record.parent == kept.uuid) result.merged.emplace(uuid, record);
  }
  std::erase_if(result.merged, [&](const auto& item) {
    const std::string& parent = item.second.parent;
    return !parent.empty() && !result.merged.contains(parent);
  });

  std::sort(result.kept.begin(), result.kept.end(),
            [](const KeptRecord& a, const KeptRecord& b) { return a.uuid < b.uuid; });
  std::sort(result.conflicts.begin(), result.conflicts.end(),
            [](const FieldConflict& a, const FieldConflict& b) {
              return std::tie(a.uuid, a.field) < std::tie(b.uuid, b.field);
            });
  return result;
}

std::map<std::string, RecordChanges> record_changes(const RecordSet& from, const RecordSet& to) {
  std::map<std::string, RecordChanges> changes;
  for (const auto& [uuid, record] : to) {
    const FieldRecord* before = find(from, uuid);
    if (before == nullptr)
      ++changes[record.kind].added;
    else if (!(*before == record))
      ++changes[record.kind].changed;
  }
  for (const auto& [uuid, record] : from)
    if (!to.contains(uuid)) ++changes[record.kind].removed;
  return changes;
}

}  // namespace leadlab
