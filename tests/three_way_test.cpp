// The three-way merge sync is built on (model/three_way.hpp): edits of different fields both
// survive, the same field edited twice keeps the later and reports the other, deletions
// travel unless the other side changed the record, and every device ends with the same
// journal whichever side it merges from.
#include "leadlab/model/three_way.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <random>
#include <set>

namespace leadlab {
namespace {

FieldRecord experiment(std::string updated, std::map<std::string, std::string> fields) {
  return {"experiment", "", std::move(updated), std::move(fields)};
}

FieldRecord entry(std::string parent, std::string updated,
                  std::map<std::string, std::string> fields) {
  return {"entry", std::move(parent), std::move(updated), std::move(fields)};
}

// A base with one experiment "e" and two of its entries, "a" and "b".
RecordSet small_base() {
  return {{"e", experiment("t01", {{"title", "\"Ask first\""}})},
          {"a", entry("e", "t02", {{"note", "\"Budget\""}, {"questions", "3"}})},
          {"b", entry("e", "t03", {{"note", "\"1:1\""}, {"questions", "5"}})}};
}

ThreeWayMerge merge_both_ways(const RecordSet& base, const RecordSet& ours,
                              const RecordSet& theirs) {
  ThreeWayMerge one = merge_three_way(base, ours, theirs);
  const ThreeWayMerge other = merge_three_way(base, theirs, ours);
  CHECK(one.merged == other.merged);
  CHECK(one.conflicts.size() == other.conflicts.size());
  CHECK(one.kept.size() == other.kept.size());
  return one;
}

TEST_CASE("three-way merge: edits of different fields of one entry both survive") {
  const RecordSet base = small_base();
  RecordSet ours = base;
  RecordSet theirs = base;
  ours["a"].fields["note"] = "\"Budget review\"";
  ours["a"].updated = "t10";
  theirs["a"].fields["questions"] = "4";
  theirs["a"].updated = "t11";
  const ThreeWayMerge m = merge_both_ways(base, ours, theirs);
  CHECK(m.merged.at("a").fields.at("note") == "\"Budget review\"");
  CHECK(m.merged.at("a").fields.at("questions") == "4");
  CHECK(m.merged.at("a").updated == "t11");
  CHECK(m.conflicts.empty());
  CHECK(m.kept.empty());
  CHECK(m.merged.at("b") == base.at("b"));
}

TEST_CASE(
    "three-way merge: the same field edited on both sides keeps the later, reports the other") {
  const RecordSet base = small_base();
  RecordSet ours = base;
  RecordSet theirs = base;
  ours["a"].fields["questions"] = "7";
  ours["a"].updated = "t20";
  theirs["a"].fields["questions"] = "4";
  theirs["a"].updated = "t11";
  const ThreeWayMerge m = merge_both_ways(base, ours, theirs);
  CHECK(m.merged.at("a").fields.at("questions") == "7");
  REQUIRE(m.conflicts.size() == 1);
  const FieldConflict& c = m.conflicts[0];
  CHECK(c.uuid == "a");
  CHECK(c.kind == "entry");
  CHECK(c.parent == "e");
  CHECK(c.field == "questions");
  CHECK(c.taken == "7");
  CHECK(c.taken_updated == "t20");
  CHECK(c.other == "4");
  CHECK(c.other_updated == "t11");
  CHECK(c.taken_is_ours);
  CHECK_FALSE(merge_three_way(base, theirs, ours).conflicts[0].taken_is_ours);

  SUBCASE("on the same instant the choice still does not depend on the side") {
    theirs["a"].updated = "t20";
    const ThreeWayMerge tie = merge_both_ways(base, ours, theirs);
    CHECK(tie.merged.at("a").fields.at("questions") == "7");
    CHECK(tie.conflicts.size() == 1);
  }
  SUBCASE("the same new value on both sides is no conflict") {
    theirs["a"].fields["questions"] = "7";
    const ThreeWayMerge same = merge_both_ways(base, ours, theirs);
    CHECK(same.merged.at("a").fields.at("questions") == "7");
    CHECK(same.conflicts.empty());
  }
}

TEST_CASE("three-way merge: a deletion travels unless the other side changed the record") {
  const RecordSet base = small_base();
  RecordSet ours = base;
  RecordSet theirs = base;
  ours.erase("a");
  SUBCASE("untouched there: deleted everywhere") {
    const ThreeWayMerge m = merge_both_ways(base, ours, theirs);
    CHECK_FALSE(m.merged.contains("a"));
    CHECK(m.merged.contains("b"));
    CHECK(m.kept.empty());
  }
  SUBCASE("changed there: kept, and said") {
    theirs["a"].fields["note"] = "\"Budget, with Li\"";
    theirs["a"].updated = "t30";
    const ThreeWayMerge m = merge_both_ways(base, ours, theirs);
    CHECK(m.merged.at("a") == theirs.at("a"));
    REQUIRE(m.kept.size() == 1);
    CHECK(m.kept[0].uuid == "a");
    CHECK(m.kept[0].deleted_by_ours);
    CHECK_FALSE(merge_three_way(base, theirs, ours).kept[0].deleted_by_ours);
  }
  SUBCASE("deleted on both sides: deleted") {
    theirs.erase("a");
    CHECK_FALSE(merge_both_ways(base, ours, theirs).merged.contains("a"));
  }
}

TEST_CASE(
    "three-way merge: a deleted experiment takes its records, unless the other side added one") {
  const RecordSet base = small_base();
  RecordSet ours;  // the experiment deleted here, with its entries
  RecordSet theirs = base;
  SUBCASE("nothing new there: all gone") {
    CHECK(merge_both_ways(base, ours, theirs).merged.empty());
  }
  SUBCASE("a comment came there: the experiment comes back whole") {
    theirs["c"] = {"comment", "e", "t40", {{"author", "\"Ben (coach)\""}, {"text", "\"Good\""}}};
    const ThreeWayMerge m = merge_both_ways(base, ours, theirs);
    CHECK(m.merged == theirs);
    REQUIRE(m.kept.size() == 1);
    CHECK(m.kept[0].uuid == "e");
    CHECK(m.kept[0].kind == "experiment");
    CHECK(m.kept[0].deleted_by_ours);
  }
  SUBCASE("an entry deleted there as well stays deleted when the experiment comes back") {
    theirs.erase("b");
    theirs["e"].fields["title"] = "\"Ask first, then wait\"";
    theirs["e"].updated = "t41";
    const ThreeWayMerge m = merge_both_ways(base, ours, theirs);
    CHECK(m.merged == theirs);
  }
}

TEST_CASE("three-way merge: records both sides added are merged as if the base had none") {
  const RecordSet base;
  RecordSet ours{{"e", experiment("t01", {{"title", "\"Ask\""}, {"cycle", "1"}})}};
  RecordSet theirs{{"e", experiment("t02", {{"title", "\"Ask more\""}, {"cycle", "1"}})}};
  const ThreeWayMerge m = merge_both_ways(base, ours, theirs);
  CHECK(m.merged.at("e").fields.at("title") == "\"Ask more\"");
  CHECK(m.merged.at("e").fields.at("cycle") == "1");
  REQUIRE(m.conflicts.size() == 1);
  CHECK(m.conflicts[0].other == "\"Ask\"");
}

TEST_CASE("three-way merge: a field one side adds (a newer format) is merged like the others") {
  const RecordSet base = small_base();
  RecordSet ours = base;
  RecordSet theirs = base;
  theirs["e"].fields["random_start"] = "[5,10]";
  theirs["e"].updated = "t50";
  ours["e"].fields["title"] = "\"Ask first!\"";
  ours["e"].updated = "t49";
  const ThreeWayMerge m = merge_both_ways(base, ours, theirs);
  CHECK(m.merged.at("e").fields.at("random_start") == "[5,10]");
  CHECK(m.merged.at("e").fields.at("title") == "\"Ask first!\"");
  CHECK(m.conflicts.empty());
}

TEST_CASE("record_changes counts what one copy must do to become another, per kind") {
  const RecordSet from = small_base();
  RecordSet to = from;
  to.erase("b");
  to["a"].fields["questions"] = "9";
  to["c"] = {"comment", "e", "t60", {{"text", "\"Hi\""}}};
  const auto changes = record_changes(from, to);
  CHECK(changes.at("entry") == RecordChanges{0, 1, 1});
  CHECK(changes.at("comment") == RecordChanges{1, 0, 0});
  CHECK_FALSE(changes.contains("experiment"));
  CHECK(record_changes(to, to).empty());
}

// Two devices start from one journal, each changes it at random (adds, edits, deletes of
// experiments and their entries and comments), then they merge. Whatever they did: both
// directions give one journal, nothing either side added or edited is lost (an edit is in
// the merged record or, when the other side edited the same field later, in a conflict),
// and every record's experiment is there.
struct Device {
  RecordSet records;
  std::set<std::pair<std::string, std::string>> edited;  // (uuid, field)
  std::set<std::string> added;
};

std::string stamp(int& clock) {
  char text[16];
  std::snprintf(text, sizeof text, "t%06d", ++clock);
  return text;
}

void change_at_random(Device& device, std::mt19937& random, int& clock, int& next_id,
                      const std::string& side) {
  const int operations = static_cast<int>(random() % 6);
  for (int i = 0; i < operations; ++i) {
    std::vector<std::string> uuids;
    for (const auto& [uuid, record] : device.records) uuids.push_back(uuid);
    const auto choice = random() % 5;
    if (choice == 0 || uuids.empty()) {  // a new experiment
      const std::string uuid = side + std::to_string(next_id++);
      device.records[uuid] = experiment(stamp(clock), {{"title", "\"" + uuid + "\""}});
      device.added.insert(uuid);
      continue;
    }
    const std::string& uuid = uuids[random() % uuids.size()];
    FieldRecord& record = device.records[uuid];
    if (choice == 1) {  // a new entry or comment on the record's experiment
      const std::string parent = record.parent.empty() ? uuid : record.parent;
      const std::string child = side + std::to_string(next_id++);
      device.records[child] = {
          random() % 2 ? "entry" : "comment", parent, stamp(clock), {{"note", "\"new\""}}};
      device.added.insert(child);
    } else if (choice <= 3) {  // an edit of one of two fields
      const std::string field = random() % 2 ? "note" : "questions";
      record.fields[field] = std::to_string(random() % 4);
      record.updated = stamp(clock);
      device.edited.insert({uuid, field});
    } else {  // a deletion, of an experiment with its records
      const std::string deleted = uuid;
      std::erase_if(device.records, [&](const auto& item) {
        return item.first == deleted || item.second.parent == deleted;
      });
    }
  }
}

TEST_CASE("three-way merge: random changes on two devices merge to one journal, losing nothing") {
  std::mt19937 random(20261205);
  for (int round = 0; round < 500; ++round) {
    CAPTURE(round);
    int clock = 0;
    int next_id = 0;
    Device start;
    change_at_random(start, random, clock, next_id, "b");
    change_at_random(start, random, clock, next_id, "b");
    const RecordSet base = start.records;
    Device ours{base, {}, {}};
    Device theirs{base, {}, {}};
    change_at_random(ours, random, clock, next_id, "o");
    change_at_random(theirs, random, clock, next_id, "t");

    const ThreeWayMerge m = merge_both_ways(base, ours.records, theirs.records);
    for (const auto& [uuid, record] : m.merged)
      if (!record.parent.empty()) CHECK(m.merged.contains(record.parent));
    for (const Device* device : {&ours, &theirs}) {
      for (const std::string& uuid : device->added)
        if (device->records.contains(uuid)) CHECK(m.merged.contains(uuid));
      for (const auto& edit : device->edited) {
        // Named copies, not a structured binding: clang 14 cannot capture one in a lambda.
        const std::string& uuid = edit.first;
        const std::string& field = edit.second;
        if (!device->records.contains(uuid)) continue;  // deleted again on the same side
        CAPTURE(uuid);
        CAPTURE(field);
        REQUIRE(m.merged.contains(uuid));
        const std::string& value = device->records.at(uuid).fields.at(field);
        if (base.contains(uuid) && base.at(uuid).fields.contains(field) &&
            base.at(uuid).fields.at(field) == value)
          continue;  // set to the value it had: no change to merge
        const bool merged = m.merged.at(uuid).fields.at(field) == value;
        const bool in_conflict =
            std::any_of(m.conflicts.begin(), m.conflicts.end(), [&](const FieldConflict& c) {
              return c.uuid == uuid && c.field == field && c.other == value;
            });
        CHECK((merged || in_conflict));
      }
    }
    // Merging again, or merging a side that changed nothing, changes nothing.
    CHECK(merge_three_way(m.merged, m.merged, m.merged).merged == m.merged);
    CHECK(merge_three_way(base, base, ours.records).merged == ours.records);
  }
}

}  // namespace
}  // namespace leadlab
