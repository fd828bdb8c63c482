#include "leadlab/actions/entries.hpp"

#include <doctest/doctest.h>

#include "leadlab/actions/experiments.hpp"
#include "leadlab/model/dates.hpp"
#include "leadlab/model/error.hpp"
#include "leadlab/model/values.hpp"
#include "test_support.hpp"

using leadlab::Day;
using leadlab::Journal;
using leadlab::UsageError;
using leadlab::testing::TempDir;

namespace {

using leadlab::testing::day;
using leadlab::testing::kToday;

std::string error_of(auto&& f) {
  try {
    f();
  } catch (const UsageError& e) {
    return std::string(e.what()) + " | " + e.hint();
  }
  return "no error";
}

// A journal with the question-ratio experiment in its baseline since 2026-10-05.
struct Fixture {
  TempDir dir;
  Journal journal = Journal::create(dir.file("j.db"), "Ana");
  leadlab::Experiment experiment = [this] {
    leadlab::ExperimentSpec spec;
    spec.title = "Ask before telling";
    spec.hypothesis = "If I ask first, they propose more";
    spec.change = "Open with a question";
    spec.metrics = {"questions:count:up", "statements:count:down", "mood:scale:1..5", "held:yesno"};
    spec.derived = {"share = questions / (questions + statements)"};
    auto e = leadlab::create_experiment(journal, spec);
    return leadlab::begin_baseline(journal, e.id, day("2026-10-05"), kToday).experiment;
  }();

  leadlab::LogResult log(std::vector<std::string> values, const char* date = "2026-10-05") {
    leadlab::LogRequest r{.assignments = std::move(values), .date = day(date)};
    return leadlab::log_entry(journal, r, kToday);
  }
  std::size_t count() { return journal.entries(experiment.id).size(); }
};

}  // namespace

TEST_CASE("values are read according to their metric's kind") {
  Fixture f;
  const auto& e = f.experiment;
  CHECK(leadlab::parse_value(*e.find_metric("questions"), "12") == 12);
  CHECK(leadlab::parse_value(*e.find_metric("mood"), "4.5") == 4.5);
  CHECK(leadlab::parse_value(*e.find_metric("held"), "Yes") == 1);
  CHECK(leadlab::parse_value(*e.find_metric("held"), "n") == 0);
  leadlab::Metric minutes{.name = "talk", .kind = leadlab::MetricKind::kMinutes};
  CHECK(leadlab::parse_value(minutes, "12:30") == 12.5);
  CHECK(leadlab::parse_value(minutes, "7.25") == 7.25);
  leadlab::Metric percent{.name = "pause", .kind = leadlab::MetricKind::kPercent};
  CHECK(leadlab::parse_value(percent, "80%") == 80);
}

TEST_CASE("values outside their kind are refused with what is accepted") {
  Fixture f;
  const auto& e = f.experiment;
  CHECK(error_of([&] {
          leadlab::parse_value(*e.find_metric("questions"), "-1");
        }).find("a whole number from 0 to 1000000000") != std::string::npos);
  CHECK(error_of([&] {
          leadlab::parse_value(*e.find_metric("questions"), "2.5");
        }).find("not a value for questions") != std::string::npos);
  CHECK(error_of([&] { leadlab::parse_value(*e.find_metric("mood"), "6"); }).find("from 1 to 5") !=
        std::string::npos);
  CHECK(error_of([&] {
          leadlab::parse_value(*e.find_metric("held"), "maybe");
        }).find("yes or no") != std::string::npos);
  CHECK(error_of([&] { leadlab::parse_value(*e.find_metric("questions"), "nan"); }) != "no error");
  // Counts and minutes are capped, and the hint says so.
  CHECK(error_of([&] {
          leadlab::parse_value(*e.find_metric("questions"), "1000000001");
        }).find("from 0 to 1000000000") != std::string::npos);
  CHECK(leadlab::parse_value(*e.find_metric("questions"), "1000000000") == 1e9);
  leadlab::Metric minutes{.name = "talk", .kind = leadlab::MetricKind::kMinutes};
  CHECK(error_of([&] { leadlab::parse_value(minutes, "1000001"); }).find("from 0 to 1000000") !=
        std::string::npos);
  // M:SS is whole minutes and two digits of seconds: nothing signed, scaled or hexadecimal.
  for (const char* text : {"-0:30", "1e1:30", "+1:30", "0x1:30", "1:3", "1:60", "1.5:30"})
    CHECK(error_of([&] { leadlab::parse_value(minutes, text); }) != "no error");
  CHECK(leadlab::parse_value(minutes, "010:30") == 10.5);
  // Every number is decimal and finite.
  for (const char* text : {"inf", "-inf", "nan", "infinity", "0x10", "1e999", "+3", " 3"})
    CHECK(error_of([&] { leadlab::parse_value(*e.find_metric("mood"), text); }) != "no error");
  CHECK(leadlab::parse_value(*e.find_metric("questions"), "010") == 10);
  CHECK(error_of([&] {
          leadlab::parse_value(*e.find_metric("share"), "0.5");
        }).find("cannot be logged") != std::string::npos);
}

TEST_CASE("an unknown metric name suggests the closest one and lists them all") {
  Fixture f;
  const std::string message = error_of([&] { f.log({"questoins=3"}); });
  CHECK(message.find("no metric \"questoins\"; did you mean \"questions\"?") != std::string::npos);
  CHECK(message.find("questions, statements, mood, held") != std::string::npos);
  CHECK(f.count() == 0);
}

TEST_CASE("log without an id uses the one active experiment") {
  Fixture f;
  const auto r = f.log({"questions=3", "statements=9"});
  CHECK(r.experiment.id == f.experiment.id);
  CHECK(r.entry.values.at("questions") == 3);
  CHECK(f.count() == 1);
}

TEST_CASE("log without an id is refused when two experiments are active") {
  Fixture f;
  leadlab::ExperimentSpec spec;
  spec.title = "Speak last";
  spec.hypothesis = "h";
  spec.change = "c";
  spec.metrics = {"dissent:count"};
  const auto second = leadlab::create_experiment(f.journal, spec);
  leadlab::begin_test(f.journal, second.id, kToday, kToday);
  CHECK(error_of([&] {
          f.log({"questions=3"});
        }).find("more than one experiment is active (1, 2)") != std::string::npos);
}

TEST_CASE("a draft, a future date or no values are refused and nothing is logged") {
  Fixture f;
  CHECK(error_of([&] { f.log({"questions=3"}, "2026-11-23"); }).find("in the future") !=
        std::string::npos);
  CHECK(error_of([&] { f.log({}); }).find("nothing to log") != std::string::npos);
  CHECK(error_of([&] {
          f.log({"questions=3", "questions=4"});
        }).find("given twice") != std::string::npos);
  CHECK(error_of([&] { f.log({"questions"}); }).find("NAME=VALUE") != std::string::npos);
  leadlab::ExperimentSpec spec;
  spec.title = "Draft";
  spec.hypothesis = "h";
  spec.change = "c";
  spec.metrics = {"x:count"};
  const auto draft = leadlab::create_experiment(f.journal, spec);
  leadlab::LogRequest r{.experiment_id = draft.id, .assignments = {"x=1"}, .date = kToday};
  CHECK(error_of([&] { leadlab::log_entry(f.journal, r, kToday); }).find("is a draft") !=
        std::string::npos);
  CHECK(f.count() == 0);
}

TEST_CASE("derived values are computed per entry, and division by zero gives no value") {
  Fixture f;
  const auto first = f.log({"questions=3", "statements=9"});
  auto values = leadlab::entry_values(first.experiment, first.entry);
  REQUIRE(values.size() == 5);
  CHECK(values[4].first->name == "share");
  CHECK(*values[4].second == doctest::Approx(0.25));
  CHECK_FALSE(values[2].second.has_value());  // mood was not logged
  const auto zero = f.log({"questions=0", "statements=0"});
  CHECK_FALSE(leadlab::entry_values(zero.experiment, zero.entry)[4].second.has_value());
  const auto partial = f.log({"questions=2"});
  CHECK_FALSE(leadlab::entry_values(partial.experiment, partial.entry)[4].second.has_value());
}

TEST_CASE("editing an entry changes only what is given, and can remove a value") {
  Fixture f;
  const auto r = f.log({"questions=3", "statements=9", "mood=4"});
  leadlab::EntryEdit edit{.assignments = {"questions=5", "mood="}, .note = "recounted"};
  const auto after = leadlab::edit_entry(f.journal, r.entry.id, edit, kToday);
  CHECK(after.entry.values.at("questions") == 5);
  CHECK(after.entry.values.at("statements") == 9);
  CHECK(after.entry.values.count("mood") == 0);
  const auto stored = f.journal.find_entry(r.entry.id);
  CHECK(stored->note == "recounted");
  CHECK(stored->values.size() == 2);
  CHECK(stored->updated >= stored->created);
}

TEST_CASE("an edit that would leave an entry empty is refused") {
  Fixture f;
  const auto r = f.log({"questions=3"});
  leadlab::EntryEdit edit{.assignments = {"questions="}};
  CHECK(error_of([&] {
          leadlab::edit_entry(f.journal, r.entry.id, edit, kToday);
        }).find("without any value") != std::string::npos);
  CHECK(f.journal.find_entry(r.entry.id)->values.at("questions") == 3);
}

TEST_CASE("off-plan marks an entry and as-planned clears it") {
  Fixture f;
  leadlab::LogRequest r{.assignments = {"questions=1"}, .date = kToday, .off_plan = "forgot"};
  const auto logged = leadlab::log_entry(f.journal, r, kToday);
  CHECK_FALSE(logged.entry.as_planned);
  CHECK(logged.entry.deviation == "forgot");
  leadlab::EntryEdit edit{.as_planned = true};
  const auto after = leadlab::edit_entry(f.journal, logged.entry.id, edit, kToday);
  CHECK(after.entry.as_planned);
  CHECK(after.entry.deviation.empty());
}

TEST_CASE("an edit that changes nothing writes nothing, not even `updated`") {
  Fixture f;
  leadlab::LogRequest request{.assignments = {"questions=3", "statements=9"},
                              .date = day("2026-10-05"),
                              .time = "09:30",
                              .note = "standup",
                              .off_plan = "shorter"};
  const auto logged = leadlab::log_entry(f.journal, request, kToday);
  const auto before = f.journal.find_entry(logged.entry.id);
  // A later clock: a stamp written by the edit would differ from the one logged.
  const leadlab::testing::ScopedEnv later("LEADLAB_NOW", "2031-01-01T00:00:00.000Z");
  const std::vector<leadlab::EntryEdit> no_ops = {
      {},
      {.assignments = {"questions=3"}},
      {.assignments = {"questions=3", "statements=9", "mood="}},
      {.date = day("2026-10-05"), .time = "09:30", .note = "standup", .off_plan = "shorter"},
  };
  for (const auto& edit : no_ops) {
    const auto r = leadlab::edit_entry(f.journal, logged.entry.id, edit, kToday);
    CHECK_FALSE(r.changed);
    CHECK(r.entry.values == before->values);
    const auto stored = f.journal.find_entry(logged.entry.id);
    CHECK(stored->updated == before->updated);
    CHECK(stored->note == "standup");
  }
  // A real change still stamps it.
  leadlab::EntryEdit edit{.note = "standup, recounted"};
  const auto r = leadlab::edit_entry(f.journal, logged.entry.id, edit, kToday);
  CHECK(r.changed);
  CHECK(f.journal.find_entry(logged.entry.id)->updated == "2031-01-01T00:00:00.000Z");
}

TEST_CASE("deleting an entry returns it and removes it") {
  Fixture f;
  const auto r = f.log({"questions=3"});
  const auto deleted = leadlab::delete_entry(f.journal, r.entry.id);
  CHECK(deleted.entry.values.at("questions") == 3);
  CHECK(f.count() == 0);
  CHECK(error_of([&] { leadlab::delete_entry(f.journal, r.entry.id); }).find("no entry") !=
        std::string::npos);
}

TEST_CASE("times are HH:MM on a 24-hour clock") {
  CHECK(leadlab::parse_time("09:30") == "09:30");
  CHECK_THROWS_AS(leadlab::parse_time("24:00"), UsageError);
  CHECK_THROWS_AS(leadlab::parse_time("9:30"), UsageError);
  CHECK_THROWS_AS(leadlab::parse_time("09:60"), UsageError);
}

TEST_CASE("a unique prefix names its metric, and an ambiguous one lists the candidates") {
  Fixture f;
  const auto logged = f.log({"q=2", "st=5", "h=yes"});
  CHECK(logged.entry.values.at("questions") == 2);
  CHECK(logged.entry.values.at("statements") == 5);
  CHECK(logged.entry.values.at("held") == 1);
  CHECK(error_of([&] {
          f.log({"questions=1", "q=2"});
        }).find("questions is given twice") != std::string::npos);
  // The exact name wins over a longer one it begins.
  leadlab::Experiment e;
  e.id = 9;
  e.metrics = {leadlab::Metric{.name = "talk"}, leadlab::Metric{.name = "talking"},
               leadlab::Metric{.name = "tasks"}};
  CHECK(leadlab::parse_assignments(e, {"talk=3"}, false).count("talk") == 1);
  const std::string message = error_of([&] { leadlab::parse_assignments(e, {"ta=3"}, false); });
  CHECK(message.find("\"ta\" is the start of more than one metric (talk, talking, tasks)") !=
        std::string::npos);
  CHECK(f.count() == 1);
}
