// A randomised test-phase start and its randomisation test (Edgington 1975; as scan's
// rand_test computes it for an AB design): drawing the start, and the p value of the
// observed start among every admissible one. Pure: values in, values out.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "leadlab/model/model.hpp"

namespace leadlab {

// The range of a randomised start, "FIRST..LAST" (e.g. "5..10"). Throws UsageError naming
// the accepted form when `text` is not two whole numbers with FIRST <= LAST.
std::pair<int, int> parse_random_range(std::string_view text);

// The occasion in [first, last] drawn uniformly with `seed` (a 64-bit Mersenne Twister, the
// same on every platform, with rejection so that no occasion is favoured).
int draw_start(int first, int last, std::uint64_t seed);

// "6 possible starts: no result can be below p = 1/6 (0.17)": what the design can show.
std::string describe_design(const RandomStart& design);

// What a randomised start asks of the user now, in an experiment's baseline with `logged`
// occasions logged, as one sentence in lower case (ASCII, the experiment's occasion word):
//   - the drawn occasion is the next one: "the change starts at your next meeting (meeting
//     7, drawn at random): run `leadlab start 1` before you log it, on that meeting's day";
//   - it was logged before the test began: how to mend that, or that starting later breaks
//     the design.
// nullopt otherwise (no randomised start, not in the baseline, or the drawn occasion is
// still further off).
std::optional<std::string> random_start_advice(const Experiment& experiment, int logged);

// The design in words, ASCII, with the experiment's occasion word: "drawn from meetings 5
// to 10: meeting 7; the change began at meeting 7" (or "... began at meeting 6: the design
// was broken").
std::string design_words(const RandomStart& design, std::string_view occasion);

// One metric's value at one occasion (1 = the experiment's first logged occasion).
struct OccasionPoint {
  int occasion = 0;
  double value = 0;
};

// The randomisation test of one metric.
struct RandomizationResult {
  // The share of admissible starts whose statistic is at least the observed one; nullopt
  // while there is no test phase, when the observed start is not an admissible one, or
  // when the design was broken (not valid).
  std::optional<double> p;
  int starts = 0;                     // admissible starts: in [first, last], values on each side
  std::optional<double> min_p;        // 1 / starts; nullopt when there are none
  std::optional<int> observed_start;  // the occasion the test phase began at
  std::optional<double> observed;     // the statistic at the observed start
  bool valid = true;                  // false: the design was broken (see why_invalid)
  std::string why_invalid;            // one sentence, ASCII; empty when valid
};

// The statistic at start s: mean(test) - mean(baseline), baseline = the points at occasions
// before s, test = those from s on, negated when lower is better (Direction::kDown), so a
// larger value always means a larger improvement. nullopt when either side has no point.
std::optional<double> start_statistic(std::span<const OccasionPoint> points, int start,
                                      Direction direction);

// The test over every start in [design.first, design.last] that leaves at least one point
// on each side. `observed_start` is the occasion of the first test point (nullopt before
// the test began). Invalid when `start` began the test at another occasion than the drawn
// one (design.broken()), or when the entries now put the start elsewhere (an entry added
// or moved across the test start afterwards).
RandomizationResult randomization_test(std::span<const OccasionPoint> points,
                                       const RandomStart& design, std::optional<int> observed_start,
                                       Direction direction);

// The test in one sentence for a person, ASCII, e.g. "Randomisation test: p = 0.17 (the
// smallest this design can give: 1/6)", or why there is no p ("not valid: the test began at
// occasion 5, not at the drawn occasion 7, ...").
std::string describe_randomization(const RandomizationResult& result);

}  // namespace leadlab
