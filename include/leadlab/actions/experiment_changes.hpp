// Changing an experiment's definition after `new` (`edit`), and deleting an experiment
// (`delete`). Each validates the whole request before it writes, and writes in one
// transaction; an edit that changes nothing writes nothing.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "leadlab/model/model.hpp"
#include "leadlab/storage/journal.hpp"

namespace leadlab {

// What `edit` was given: each field given replaces the experiment's; one left out stays.
struct ExperimentEdit {
  std::optional<std::string> title;
  std::optional<std::string> hypothesis;
  std::optional<std::string> change;
  std::optional<std::string> prediction;
  std::optional<std::string> prediction_why;
  std::optional<std::string> occasion;
  std::optional<std::string> success_rule;  // "" removes the rule
  std::optional<int> baseline_points;
  std::optional<int> test_points;
  std::optional<std::vector<std::string>> tags;  // replaces the tags; empty removes them all
  // Either given replaces the metrics as a whole ("NAME:KIND..." and "NAME = FORMULA", as for
  // `new`); allowed only while no entry of the experiment holds a value.
  std::vector<std::string> metrics;
  std::vector<std::string> derived;

  bool empty() const;
};

struct EditResult {
  Experiment experiment;  // as it is now
  bool changed = false;   // false: the edit matched what was stored, and nothing was written
};

// Applies `edit` to experiment `id`. UsageError for an unknown id, a field the rules refuse
// (model/rules.hpp), or new metrics while an entry holds values.
EditResult edit_experiment(Journal& journal, std::int64_t id, const ExperimentEdit& edit);

// What deleting an experiment would remove besides its definition.
struct DeletionScope {
  Experiment experiment;
  int entries = 0;
  int reviews = 0;
  int comments = 0;
  // Whether deleting it loses records a user wrote after defining it (entries, reviews,
  // comments): `delete` then asks first.
  bool has_records() const { return entries + reviews + comments > 0; }
};
DeletionScope deletion_scope(const Journal& journal, std::int64_t id);

// Deletes experiment `id` and everything that belongs to it, leaving a tombstone that an
// export carries, so that an import elsewhere deletes it too. Returns what was deleted.
DeletionScope delete_experiment(Journal& journal, std::int64_t id);

}  // namespace leadlab
