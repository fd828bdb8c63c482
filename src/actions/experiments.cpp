#include "leadlab/actions/experiments.hpp"

#include <algorithm>
#include <cctype>

#include "leadlab/model/dates.hpp"
#include "leadlab/model/error.hpp"
#include "leadlab/model/formula.hpp"
#include "leadlab/model/text.hpp"

namespace leadlab {

namespace {

void check_not_future(Day date, Day today, std::string_view what) {
  if (date > today) {
    throw UsageError(
        std::string(what) + " cannot be in the future (" + describe_date(date, today) + ")",
        "run it on the day, or give a past --date");
  }
}

// The same text but for letter case and surrounding blanks.
bool same_words(std::string_view a, std::string_view b) {
  auto trimmed = [](std::string_view s) {
    const auto first = s.find_first_not_of(" \t");
    if (first == std::string_view::npos) return std::string_view();
    return s.substr(first, s.find_last_not_of(" \t") - first + 1);
  };
  a = trimmed(a);
  b = trimmed(b);
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) ==
           std::tolower(static_cast<unsigned char>(y));
  });
}

}  // namespace

Experiment create_experiment(Journal& journal, const ExperimentSpec& spec) {
  Experiment e = build_experiment(spec);
  auto tx = journal.begin_write();
  if (spec.follows) {
    const Experiment parent = require_experiment(journal, *spec.follows);
    e.follows = parent.id;
    e.cycle = parent.cycle + 1;
  }
  journal.insert_experiment(e);
  tx.commit();
  return e;
}

Experiment require_experiment(const Journal& journal, std::int64_t id) {
  auto found = journal.find_experiment(id);
  if (!found) {
    throw UsageError("there is no experiment " + std::to_string(id) + " in " + journal.path(),
                     "`leadlab list` shows the experiments and their ids");
  }
  return std::move(*found);
}

Lineage lineage_of(const Journal& journal, const Experiment& experiment) {
  Lineage lineage{experiment, std::nullopt, journal.children(experiment.id)};
  if (experiment.follows) lineage.parent = journal.find_experiment(*experiment.follows);
  // Walk up to the first cycle; the bound stops a damaged journal's loop.
  for (int hops = 0; lineage.root.follows && hops < 10000; ++hops) {
    auto up = journal.find_experiment(*lineage.root.follows);
    if (!up) break;
    lineage.root = std::move(*up);
  }
  return lineage;
}

std::vector<Experiment> series_of(const Journal& journal, std::int64_t id) {
  std::vector<Experiment> series{lineage_of(journal, require_experiment(journal, id)).root};
  std::set<std::int64_t> seen{series.front().id};
  for (std::size_t i = 0; i < series.size(); ++i) {
    for (auto& child : journal.children(series[i].id))
      if (seen.insert(child.id).second) series.push_back(std::move(child));
  }
  return series;
}

PhaseChange begin_baseline(Journal& journal, std::int64_t id, Day date, Day today) {
  check_not_future(date, today, "the baseline");
  auto tx = journal.begin_write();
  PhaseChange change{require_experiment(journal, id)};
  Experiment& e = change.experiment;
  const std::string ref = "experiment " + std::to_string(id);
  switch (e.status) {
    case Status::kDraft:
      break;
    case Status::kBaseline:
      throw UsageError(ref + " is already in its baseline, since " + format_date(*e.baseline_start),
                       "log occasions with `leadlab log " + std::to_string(id) + "`");
    case Status::kTesting:
      throw UsageError(ref + " is already testing the change",
                       "its baseline ended when the test began");
    case Status::kClosed:
      throw UsageError(ref + " is closed", "start a follow-up experiment instead");
  }
  e.status = Status::kBaseline;
  e.baseline_start = date;
  journal.update_experiment(e);
  tx.commit();
  return change;
}

std::string PhaseChange::describe_moved() const {
  if (moved.empty()) return {};
  std::string ids;
  std::string dates;
  for (std::size_t i = 0; i < moved.size(); ++i) {
    const std::string sep = i == 0 ? "" : i + 1 == moved.size() ? " and " : ", ";
    ids += sep + std::to_string(moved[i].id);
    dates += (i == 0 ? "" : ", ") + format_date(moved[i].date);
  }
  return (moved.size() == 1 ? "entry " : "entries ") + ids + " (" + dates + ") move" +
         (moved.size() == 1 ? "s" : "") + " into the test phase";
}

bool PhaseChange::baseline_short() const {
  return experiment.baseline_start && baseline_points < experiment.baseline_points;
}

std::optional<Experiment> same_follow_up(const Journal& journal, const ExperimentSpec& spec) {
  if (!spec.follows) return std::nullopt;
  const std::string occasion =
      canonical_occasion(spec.occasion.empty() ? "meeting" : spec.occasion);
  for (auto& child : journal.children(*spec.follows)) {
    if (same_words(child.title, spec.title) ||
        (child.occasion == occasion && child.change == spec.change))
      return std::move(child);
  }
  return std::nullopt;
}

PhaseChange preview_test(const Journal& journal, std::int64_t id, Day date, Day today) {
  check_not_future(date, today, "the test phase");
  PhaseChange change{require_experiment(journal, id)};
  Experiment& e = change.experiment;
  const std::string ref = "experiment " + std::to_string(id);
  if (e.status == Status::kTesting) {
    throw UsageError(ref + " is already testing, since " + format_date(*e.test_start),
                     "log occasions with `leadlab log " + std::to_string(id) + "`");
  }
  if (e.status == Status::kClosed) {
    throw UsageError(ref + " is closed", "start a follow-up experiment instead");
  }
  if (e.baseline_start && date < *e.baseline_start) {
    throw UsageError("the test cannot begin on " + format_date(date) +
                         ", before the baseline began (" + format_date(*e.baseline_start) + ")",
                     "give a --date on or after " + format_date(*e.baseline_start));
  }
  for (auto& entry : journal.entries(id)) {
    if (entry.date < date) {
      ++change.baseline_points;
    } else {
      change.moved.push_back(std::move(entry));
    }
  }
  std::sort(change.moved.begin(), change.moved.end(), [](const Entry& a, const Entry& b) {
    return a.date != b.date ? a.date < b.date : a.id < b.id;
  });
  return change;
}

PhaseChange begin_test(Journal& journal, std::int64_t id, Day date, Day today) {
  auto tx = journal.begin_write();
  PhaseChange change = preview_test(journal, id, date, today);
  Experiment& e = change.experiment;
  e.status = Status::kTesting;
  e.test_start = date;
  journal.update_experiment(e);
  tx.commit();
  return change;
}

}  // namespace leadlab
