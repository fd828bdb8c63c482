// The rules every stored record keeps, whoever wrote it: `new` and `log` check what a user
// types against them, `import` checks the journal a merge would make, and `check` finds any
// record that breaks one. Each returns problems in words ("metric \"mood\": a scale's lower
// end must be below its upper end"); empty (or nullopt) when the record is sound.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "leadlab/model/model.hpp"

namespace leadlab {

// The most baseline or test points an experiment may plan.
inline constexpr int kMaxPlannedPoints = 1000;

// A tag: one word of at most 64 bytes, no spaces, commas or control characters.
std::optional<std::string> tag_problem(std::string_view tag);

// An experiment's definition and state: its texts, occasion, metrics (names unique, scale
// ranges usable, formulas over its own metrics), success rule, planned points, tags, dates
// within the date range, and a status its dates agree with (a baseline has begun, a test has
// a start, a closed experiment had begun).
std::vector<std::string> experiment_problems(const Experiment& experiment);

// An entry of `experiment`: its date within the date range, not before the experiment's
// first phase began and not after `latest`; a value for metrics that take values only, each
// one its metric allows (value_problem); its texts.
std::vector<std::string> entry_problems(const Experiment& experiment, const Entry& entry,
                                        Day latest);

// A review: its answers from their lists, commitment 1-10, next_by within the date range.
std::vector<std::string> review_problems(const Review& review);

// A comment: its text and author.
std::vector<std::string> comment_problems(const Comment& comment);

}  // namespace leadlab
