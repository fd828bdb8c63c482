#include "leadlab/actions/experiments.hpp"

#include <algorithm>
#include <cctype>

#include "leadlab/analysis/randomization.hpp"
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

namespace {

// Validates the range against the experiment and draws the start.
RandomStart draw_design(const Journal& journal, const Experiment& e,
                        const RandomStartRequest& request) {
  const std::string range = std::to_string(request.first) + ".." + std::to_string(request.last);
  if (e.random_start) {
    throw UsageError("experiment " + std::to_string(e.id) +
                         " already has a randomised start, drawn from occasions " +
                         std::to_string(e.random_start->first) + ".." +
                         std::to_string(e.random_start->last),
                     "a second draw would make the first meaningless; keep the one drawn");
  }
  if (request.first < kMinRandomFirst) {
    throw UsageError("--random-start " + range + " could begin the change at occasion " +
                         std::to_string(request.first) + ", after fewer than " +
                         std::to_string(kMinRandomFirst - 1) + " baseline occasions",
                     "begin the range at " + std::to_string(kMinRandomFirst) +
                         " or later (leadlab judges a phase on 3 points at least), e.g. "
                         "--random-start " +
                         std::to_string(kMinRandomFirst) + ".." +
                         std::to_string(std::max(request.last, kMinRandomFirst + 5)));
  }
  if (request.last > kMaxRandomLast) {
    throw UsageError(
        "--random-start " + range + " reaches past occasion " + std::to_string(kMaxRandomLast),
        "give a range of occasions you will really log");
  }
  const auto logged = static_cast<int>(journal.entries(e.id).size());
  if (request.first <= logged) {
    throw UsageError("--random-start " + range + " begins at occasion " +
                         std::to_string(request.first) + ", but " + std::to_string(logged) +
                         (logged == 1 ? " occasion is" : " occasions are") +
                         " already logged: the draw must be about occasions still to come",
                     "begin the range at " + std::to_string(logged + 1) + " or later");
  }
  return {request.first, request.last, draw_start(request.first, request.last, request.seed),
          std::nullopt};
}

}  // namespace

PhaseChange begin_baseline(Journal& journal, std::int64_t id, Day date, Day today,
                           const std::optional<RandomStartRequest>& random) {
  check_not_future(date, today, "the baseline");
  auto tx = journal.begin_write();
  PhaseChange change{require_experiment(journal, id)};
  Experiment& e = change.experiment;
  const std::string ref = "experiment " + std::to_string(id);
  switch (e.status) {
    case Status::kDraft:
      break;
    case Status::kBaseline:
      if (random) break;  // a randomised start added to a baseline under way
      throw UsageError(ref + " is already in its baseline, since " + format_date(*e.baseline_start),
                       "log occasions with `leadlab log " + std::to_string(id) + "`");
    case Status::kTesting:
      throw UsageError(ref + " is already testing the change",
                       "its baseline ended when the test began");
    case Status::kClosed:
      throw UsageError(ref + " is closed", "start a follow-up experiment instead");
  }
  if (random) {
    e.random_start = draw_design(journal, e, *random);
    e.baseline_points = e.random_start->drawn - 1;
  }
  if (e.status == Status::kDraft) {
    e.status = Status::kBaseline;
    e.baseline_start = date;
  }
  change.baseline_points = static_cast<int>(journal.entries(id).size());
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

std::optional<int> PhaseChange::breaks_design() const {
  const auto& design = experiment.random_start;
  if (!design || baseline_points + 1 == design->drawn) return std::nullopt;
  return baseline_points + 1;
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
  if (e.random_start) e.random_start->started = change.baseline_points + 1;
  journal.update_experiment(e);
  tx.commit();
  return change;
}

}  // namespace leadlab
