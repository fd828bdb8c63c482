// The numbers leadlab reads (decimal, finite, bounded) and the rules every stored record
// keeps, which `new`, `log`, `import` and `check` share (model/numbers, model/rules).
#include "leadlab/model/rules.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "leadlab/model/error.hpp"
#include "leadlab/model/experiment_spec.hpp"
#include "leadlab/model/numbers.hpp"
#include "test_support.hpp"

using leadlab::Day;
using leadlab::Experiment;
using leadlab::Metric;
using leadlab::MetricKind;
using leadlab::testing::day;

namespace {

std::string error_of(auto&& f) {
  try {
    f();
  } catch (const leadlab::UsageError& e) {
    return std::string(e.what()) + " | " + e.hint();
  }
  return "no error";
}

// A sound experiment in its baseline: a count, a scale and a ratio of them.
Experiment sound() {
  Experiment e;
  e.title = "Ask before telling";
  e.status = leadlab::Status::kBaseline;
  e.baseline_start = day("2026-11-02");
  e.metrics = {
      Metric{.name = "questions", .kind = MetricKind::kCount},
      Metric{.name = "mood", .kind = MetricKind::kScale, .scale_min = 1, .scale_max = 5},
      Metric{.name = "share", .kind = MetricKind::kDerived, .formula = "questions / mood"}};
  e.success_rule = "median(share) >= 0.5";
  e.tags = {"meetings"};
  return e;
}

bool mentions(const std::vector<std::string>& problems, std::string_view text) {
  for (const auto& p : problems)
    if (p.find(text) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST_CASE("numbers are decimal and finite, whatever from_chars would also read") {
  CHECK(leadlab::parse_number("3") == 3);
  CHECK(leadlab::parse_number("-0.5") == -0.5);
  CHECK(leadlab::parse_number("2.5e3") == 2500);
  CHECK(leadlab::parse_number(".5") == 0.5);
  for (const char* text : {"", "-", ".", "nan", "NAN", "inf", "-inf", "infinity", "0x10", "+3",
                           " 3", "3 ", "1e", "1e999", "1..2", "3,5"}) {
    CAPTURE(text);
    CHECK_FALSE(leadlab::parse_number(text));
  }
  CHECK(leadlab::parse_whole_number("010") == 10);
  CHECK(leadlab::parse_whole_number("08") == 8);
  CHECK(leadlab::parse_whole_number("0") == 0);
  CHECK_FALSE(leadlab::parse_whole_number("-1"));
  CHECK(leadlab::parse_whole_number("-1", true) == -1);
  for (const char* text : {"", "0x0a", "1.0", "1e3", "+1", "99999999999999999999", "1 "}) {
    CAPTURE(text);
    CHECK_FALSE(leadlab::parse_whole_number(text));
  }
}

TEST_CASE("a whole number option is read in decimal within its range, with a hint otherwise") {
  CHECK(leadlab::parse_count("--commitment", "010", 1, 10) == 10);
  CHECK(leadlab::parse_count("--commitment", "08", 1, 10) == 8);
  const std::string message = error_of([] { leadlab::parse_count("--commitment", "0x0a", 1, 10); });
  CHECK(message.find("--commitment must be a whole number from 1 to 10, not \"0x0a\"") !=
        std::string::npos);
  CHECK(message.find("decimal digits") != std::string::npos);
  CHECK(error_of([] { leadlab::parse_count("--commitment", "11", 1, 10); }) != "no error");
}

TEST_CASE("a scale's range is finite, bounded and rising") {
  CHECK_FALSE(leadlab::scale_range_problem(1, 5));
  CHECK_FALSE(leadlab::scale_range_problem(-1e9, 1e9));
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  CHECK(leadlab::scale_range_problem(nan, 5));
  CHECK(leadlab::scale_range_problem(1, inf));
  CHECK(leadlab::scale_range_problem(5, 1));
  CHECK(leadlab::scale_range_problem(1, 1));
  CHECK(leadlab::scale_range_problem(0, 2e9));
}

TEST_CASE("a metric spec refuses non-finite ranges and a second direction") {
  for (const char* spec : {"a:scale:nan..5", "a:scale:1..inf", "a:scale:-inf..0", "a:scale:0x1..5",
                           "a:scale:1..5:2..3", "a:count:up:down", "a:count:down:down"}) {
    CAPTURE(spec);
    CHECK(error_of([&] { leadlab::parse_metric_spec(spec); }) != "no error");
  }
  CHECK(leadlab::parse_metric_spec("a:scale: 1 .. 5 :down").scale_max == 5);
}

TEST_CASE("a new experiment plans at least one test point, and tags are single clean words") {
  leadlab::ExperimentSpec spec;
  spec.title = "T";
  spec.hypothesis = "H";
  spec.change = "C";
  spec.metrics = {"a:count"};
  spec.test_points = 0;
  CHECK(error_of([&] { leadlab::build_experiment(spec); }).find("--test-points") !=
        std::string::npos);
  spec.test_points = 1;
  for (const char* tag : {"two words", "a,b", "esc\x1b[31m", "bidi\u202e", ""}) {
    CAPTURE(tag);
    spec.tags = {tag};
    CHECK(error_of([&] { leadlab::build_experiment(spec); }) != "no error");
  }
  spec.tags = {"réunions"};
  CHECK(leadlab::build_experiment(spec).tags.front() == "réunions");
}

TEST_CASE("a sound experiment, entry and review break no rule") {
  const Experiment e = sound();
  CHECK(leadlab::experiment_problems(e).empty());
  leadlab::Entry entry{.date = day("2026-11-03"), .values = {{"questions", 3}, {"mood", 4}}};
  CHECK(leadlab::entry_problems(e, entry, day("2026-11-22")).empty());
  leadlab::Review review{.prediction_met = "partly", .decision = "adapt", .commitment = 8};
  CHECK(leadlab::review_problems(review).empty());
}

TEST_CASE("each broken rule of an experiment is named") {
  const auto problems_with = [](auto&& change) {
    Experiment e = sound();
    change(e);
    return leadlab::experiment_problems(e);
  };
  CHECK(mentions(problems_with([](Experiment& e) { e.title = " "; }), "no title"));
  CHECK(mentions(problems_with([](Experiment& e) { e.metrics[1].scale_max = NAN; }), "finite"));
  CHECK(mentions(problems_with([](Experiment& e) { e.metrics[1].scale_min.reset(); }),
                 "needs a range"));
  CHECK(mentions(problems_with([](Experiment& e) { e.metrics[2].formula = "questions / talk"; }),
                 "\"talk\""));
  CHECK(mentions(problems_with([](Experiment& e) { e.metrics[2].formula = "questions /"; }),
                 "does not parse"));
  CHECK(mentions(problems_with([](Experiment& e) { e.metrics.push_back(e.metrics[0]); }),
                 "defined twice"));
  CHECK(mentions(problems_with([](Experiment& e) { e.success_rule = "nap(share) >="; }),
                 "success rule"));
  CHECK(mentions(problems_with([](Experiment& e) { e.tags = {"two words"}; }), "tag"));
  CHECK(mentions(problems_with([](Experiment& e) { e.tags = {"x\x1b"}; }), "control"));
  CHECK(mentions(problems_with([](Experiment& e) { e.occasion = "Meeting"; }), "occasion"));
  CHECK(mentions(problems_with([](Experiment& e) { e.test_points = 1001; }), "planned points"));
  CHECK(mentions(problems_with([](Experiment& e) { e.status = leadlab::Status::kTesting; }),
                 "testing without a test start"));
  CHECK(mentions(problems_with([](Experiment& e) { e.baseline_start.reset(); }),
                 "baseline without a baseline start"));
  CHECK(mentions(problems_with([](Experiment& e) {
                   e.status = leadlab::Status::kClosed;
                   e.closed.clear();
                 }),
                 "closed without"));
  CHECK(mentions(problems_with([](Experiment& e) {
                   e.status = leadlab::Status::kTesting;
                   e.test_start = day("2026-11-01");
                 }),
                 "before its baseline start"));
  CHECK(mentions(problems_with([](Experiment& e) { e.baseline_start = day("1899-12-31"); }),
                 "outside 1900-01-01 to 2199-12-31"));
}

TEST_CASE("each broken rule of an entry is named") {
  const Experiment e = sound();
  const Day latest = day("2026-11-22");
  const auto problems_of = [&](leadlab::Entry entry) {
    return leadlab::entry_problems(e, entry, latest);
  };
  const auto at = [](const char* date, std::map<std::string, double> values) {
    return leadlab::Entry{.date = day(date), .values = std::move(values)};
  };
  CHECK(mentions(problems_of(at("2026-11-01", {{"questions", 1}})), "before its experiment began"));
  CHECK(mentions(problems_of(at("2026-11-23", {{"questions", 1}})), "in the future"));
  CHECK(mentions(problems_of(at("2026-11-03", {{"questions", 1e300}})), "questions"));
  CHECK(mentions(problems_of(at("2026-11-03", {{"questions", 18446744073709551616.0}})),
                 "from 0 to 1000000000"));
  CHECK(mentions(problems_of(at("2026-11-03", {{"questions", 2.5}})), "questions"));
  CHECK(mentions(problems_of(at("2026-11-03", {{"mood", 6}})), "from 1 to 5"));
  CHECK(mentions(problems_of(at("2026-11-03", {{"share", 0.5}})), "derived"));
  CHECK(mentions(problems_of(at("2026-11-03", {{"talk", 1}})), "not a metric"));
  CHECK(mentions(problems_of(at("2026-11-03", {})), "no value"));
  Experiment draft = e;
  draft.status = leadlab::Status::kDraft;
  draft.baseline_start.reset();
  CHECK(mentions(leadlab::entry_problems(draft, at("2026-11-03", {{"questions", 1}}), latest),
                 "has not begun"));
}

TEST_CASE("each broken rule of a review is named") {
  CHECK(mentions(leadlab::review_problems({.prediction_met = "maybe"}), "prediction_met"));
  CHECK(mentions(leadlab::review_problems({.decision = "keep"}), "decision"));
  CHECK(mentions(leadlab::review_problems({.commitment = 11}), "commitment"));
  CHECK(mentions(leadlab::review_problems({.next_by = day("2200-01-01")}), "outside"));
}
