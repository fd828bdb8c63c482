// The live tally's engine: keys for metrics, counting, undo, derived values, the entry.
#include "leadlab/analysis/tally.hpp"

#include <doctest/doctest.h>

#include "leadlab/actions/experiments.hpp"
#include "leadlab/model/error.hpp"
#include "leadlab/report/tally_view.hpp"

using leadlab::Experiment;
using leadlab::Tally;

namespace {

Experiment experiment_with(const std::vector<std::string>& metric_specs,
                           const std::vector<std::string>& derived = {}) {
  Experiment e;
  e.id = 7;
  for (const auto& spec : metric_specs) e.metrics.push_back(leadlab::parse_metric_spec(spec));
  for (const auto& spec : derived)
    e.metrics.push_back(leadlab::parse_derived_spec(spec, e.metrics));
  return e;
}

char key_of(const Tally& t, const std::string& metric) {
  for (const auto& k : t.keys())
    if (k.metric == metric) return k.key;
  return '\0';
}

}  // namespace

TEST_CASE("each count metric gets the first free letter of its name, and u is kept for undo") {
  const Tally t(experiment_with({"questions:count:up", "statements:count:down", "stories:count:up",
                                 "ums:count:down", "mood:scale:1..5:up"}));
  REQUIRE(t.keys().size() == 4);  // the scale metric is not tallied
  CHECK(key_of(t, "questions") == 'q');
  CHECK(key_of(t, "statements") == 's');
  CHECK(key_of(t, "stories") == 't');  // s is taken
  CHECK(key_of(t, "ums") == 'm');      // u is undo
  CHECK(key_of(t, "mood") == '\0');
}

TEST_CASE("key presses count, either case, and u undoes the last one") {
  Tally t(experiment_with({"questions:count:up", "statements:count:down"},
                          {"share = questions / (questions + statements)"}));
  CHECK(t.press('q') == Tally::Press::kCounted);
  CHECK(t.press('Q') == Tally::Press::kCounted);
  CHECK(t.press('s') == Tally::Press::kCounted);
  CHECK(t.press('q') == Tally::Press::kCounted);
  CHECK(t.press('s') == Tally::Press::kCounted);
  CHECK(t.press('u') == Tally::Press::kUndone);  // takes back the last s
  CHECK(t.press('x') == Tally::Press::kUnknown);
  CHECK(t.count("questions") == 3);
  CHECK(t.count("statements") == 1);
  CHECK(t.total() == 4);
  CHECK(t.uncounted().empty());
  CHECK(t.assignments(false) == std::vector<std::string>{"questions=3", "statements=1"});
  bool saw_share = false;
  for (const auto& [metric, value] : t.values()) {
    if (metric->name != "share") continue;
    saw_share = true;
    REQUIRE(value);
    CHECK(*value == doctest::Approx(0.75));
  }
  CHECK(saw_share);
}

TEST_CASE("undo with nothing counted changes nothing, and zeros are recorded as zeros") {
  Tally t(experiment_with({"interruptions:count:down"}));
  CHECK(t.press('u') == Tally::Press::kNothingToUndo);
  CHECK(t.total() == 0);
  CHECK(t.uncounted() == std::vector<std::string>{"interruptions"});
  CHECK(t.assignments(true) == std::vector<std::string>{"interruptions=0"});
  CHECK(t.assignments(false).empty());
}

TEST_CASE("a metric nothing was counted for is left out unless the user says none happened") {
  Tally t(experiment_with({"questions:count:up", "statements:count:down", "ideas:count:up"}));
  t.press('q');
  t.press('i');
  t.press('u');  // the idea was a slip: ideas is back to uncounted
  CHECK(t.uncounted() == std::vector<std::string>{"statements", "ideas"});
  CHECK(t.assignments(false) == std::vector<std::string>{"questions=1"});
  CHECK(t.assignments(true) == std::vector<std::string>{"questions=1", "statements=0", "ideas=0"});
}

TEST_CASE("the tally line shows each key, its count and the derived value") {
  Tally t(experiment_with({"questions:count:up", "statements:count:down"},
                          {"share = questions / (questions + statements)"}));
  leadlab::RenderOptions plain;
  CHECK(leadlab::tally_line(t, plain) == "[q] questions 0  [s] statements 0  share –");
  plain.ascii = true;
  CHECK(leadlab::tally_line(t, plain) == "[q] questions 0  [s] statements 0  share -");
  t.press('q');
  t.press('s');
  t.press('s');
  t.press('s');
  CHECK(leadlab::tally_line(t, plain) == "[q] questions 1  [s] statements 3  share 0.25");
  leadlab::RenderOptions color;
  color.color = true;
  CHECK(leadlab::tally_line(t, color).find("\x1b[1m[q]\x1b[0m") != std::string::npos);
}

TEST_CASE("an experiment with nothing to count is refused with the log command to use") {
  try {
    Tally t(experiment_with({"mood:scale:1..5:up", "held:yesno"}));
    FAIL("expected a UsageError");
  } catch (const leadlab::UsageError& e) {
    CHECK(std::string(e.what()).find("no metric of kind count") != std::string::npos);
    CHECK(e.hint().find("leadlab log 7") != std::string::npos);
  }
}
