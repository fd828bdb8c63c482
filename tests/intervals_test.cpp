// NAP's standard error and interval, Tau-BC, the conservative dual criterion and the verdict
// that reads the interval. Expected values come from tests/reference/intervals_reference.py,
// written independently from the published formulas (run it to reprint them); where a
// published figure exists (SingleCaseES's tests, Parker & Vannest 2009) it is checked too.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "leadlab/analysis/analysis.hpp"
#include "leadlab/model/text.hpp"

using leadlab::Comparison;
using leadlab::Direction;
using leadlab::Interval;

namespace {

using Series = std::vector<double>;

constexpr double kEps = 1e-9;

Comparison compare(const Series& a, const Series& b, Direction d = Direction::kUp) {
  return leadlab::compare_phases(a, b, d);
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

void check_interval(const Interval& ci, double low, double high) {
  CHECK(ci.low == doctest::Approx(low).epsilon(kEps));
  CHECK(ci.high == doctest::Approx(high).epsilon(kEps));
}

const Series kExampleA = {20, 20, 26, 25, 22, 23};
const Series kExampleB = {28, 25, 24, 27, 30, 30, 29};

}  // namespace

TEST_CASE("NAP's standard error and interval match the reference on SingleCaseES's example") {
  const Comparison c = compare(kExampleA, kExampleB);
  CHECK(*c.nap == doctest::Approx(11.0 / 12));  // SingleCaseES: 38.5 / 42
  CHECK(*c.nap_se == doctest::Approx(0.0690065559342354).epsilon(kEps));
  check_interval(*c.nap_ci, 0.597319360038809, 0.985997689370213);
  check_interval(*c.tau_ci, 0.194638720077618, 0.971995378740427);
}

TEST_CASE("Tau-BC matches the reference on SingleCaseES's example") {
  // Theil-Sen baseline slope 0.6 per session, intercept 19.4 (sessions from 1).
  const Comparison c = compare(kExampleA, kExampleB);
  REQUIRE(c.tau_bc);
  CHECK(c.tau_bc->slope == doctest::Approx(0.6));
  CHECK(c.tau_bc->intercept == doctest::Approx(19.4));
  CHECK(c.tau_bc->tau == doctest::Approx(0.285714285714286).epsilon(kEps));
  CHECK(*c.tau_bc->se == doctest::Approx(0.359515925489083).epsilon(kEps));
  check_interval(c.tau_bc->ci, -0.326071119362769, 0.718117043528273);
}

TEST_CASE("Parker and Vannest's 2009 example: NAP 0.96 with its interval") {
  // Parker & Vannest (2009) report NAP = .96 for this series (SingleCaseES's NAP example).
  const Series a = {4, 3, 4, 3, 4, 7, 5, 2, 3, 2};
  const Series b = {5, 9, 7, 9, 7, 5, 9, 11, 11, 10, 9};
  const Comparison c = compare(a, b);
  CHECK(*c.nap == doctest::Approx(53.0 / 55));
  CHECK(leadlab::format_number(*c.nap, 2) == "0.96");
  CHECK(*c.nap_se == doctest::Approx(0.0319262234934932).epsilon(kEps));
  check_interval(*c.nap_ci, 0.749972006628969, 0.995081286386541);
  REQUIRE(c.tau_bc);
  CHECK(c.tau_bc->slope == doctest::Approx(-0.125));
  CHECK(c.tau_bc->tau == doctest::Approx(0.963636363636364).epsilon(kEps));
  check_interval(c.tau_bc->ci, 0.556215716679571, 0.997196485496028);
}

TEST_CASE("Tau-BC removes a baseline trend that merely continues (SingleCaseES's Tarlow test)") {
  // A = 1..5, B = 6..10: Tau 1 and Tau-U 0.6, but the test phase only continues the
  // baseline's line, so Tau-BC is 0 (SingleCaseES test-tarlow-2017.R).
  const Comparison c = compare({1, 2, 3, 4, 5}, {6, 7, 8, 9, 10});
  CHECK(*c.tau == 1);
  CHECK(*c.tau_u == doctest::Approx(0.6));
  REQUIRE(c.tau_bc);
  CHECK(c.tau_bc->tau == 0);
  CHECK(*c.tau_bc->se == doctest::Approx(0.25));
  check_interval(c.tau_bc->ci, -0.588773885421058, 0.588773885421058);
  CHECK(*c.nap_se == 0);
  check_interval(*c.nap_ci, 0.642702823931043, 1);
}

TEST_CASE("direction down mirrors the interval and Tau-BC") {
  Series a_down;
  Series b_down;
  for (double v : kExampleA) a_down.push_back(-v);
  for (double v : kExampleB) b_down.push_back(-v);
  const Comparison up = compare(kExampleA, kExampleB);
  const Comparison down = compare(a_down, b_down, Direction::kDown);
  CHECK(*down.nap == doctest::Approx(*up.nap));
  CHECK(*down.nap_se == doctest::Approx(*up.nap_se));
  check_interval(*down.nap_ci, up.nap_ci->low, up.nap_ci->high);
  CHECK(down.tau_bc->tau == doctest::Approx(up.tau_bc->tau));
  // The same series judged the other way round: the interval mirrors around 0.5.
  const Comparison reversed = compare(kExampleA, kExampleB, Direction::kDown);
  CHECK(*reversed.nap == doctest::Approx(1 - *up.nap));
  check_interval(*reversed.nap_ci, 1 - up.nap_ci->high, 1 - up.nap_ci->low);
  CHECK(reversed.tau_bc->tau == doctest::Approx(-up.tau_bc->tau));
}

TEST_CASE("ties and constant phases give NAP 0.5 with an interval around it") {
  const Comparison c = compare({4, 4, 4}, {4, 4, 4});
  CHECK(*c.nap == 0.5);
  CHECK(c.nap_ci->contains(0.5));
  CHECK(c.nap_ci->low < 0.5);
  CHECK(c.nap_ci->high > 0.5);
  // Every q is 0.5: Q1 = Q2 = X = 0.25, V = (0.5 - 1.25 + 0.75 + 0.75 - 0.5) / 4 = 0.0625.
  CHECK(*c.nap_se == doctest::Approx(0.25));
  REQUIRE(c.tau_bc);
  CHECK(c.tau_bc->slope == 0);
  CHECK(c.tau_bc->tau == 0);
}

TEST_CASE("3-point phases: the reference values, and no improvement claimed") {
  // NAP 17/18 = 0.94, but its interval 0.45 to 1.00 still contains 0.5.
  const Comparison c = compare({2, 4, 3}, {5, 4, 6});
  CHECK(*c.nap == doctest::Approx(17.0 / 18));
  CHECK(*c.nap_se == doctest::Approx(0.100154202096222).epsilon(kEps));
  check_interval(*c.nap_ci, 0.448455905767582, 0.99678783853884);
  CHECK(c.tau_bc->tau == doctest::Approx(1.0 / 3));
  check_interval(c.tau_bc->ci, -0.510222955410271, 0.843068933901222);
  CHECK(leadlab::more_test_points_to_settle(*c.nap, 3, 3) == 2);
  const std::string sentence = leadlab::verdict_sentence("questions", c);
  CHECK_FALSE(contains(sentence, "improved"));
  CHECK(contains(sentence,
                 "questions is not yet distinguishable from no change: NAP 0.94 "
                 "(strong, 95% CI 0.45 to 1)"));
  CHECK(contains(sentence, "About 2 more test points like these would settle it"));
}

TEST_CASE("no verdict calls a short experiment improved while NAP's interval contains 0.5") {
  // Every pair of 3-point phases with values 1..6 in either direction: whatever the point
  // estimate, "improved" and "got worse" appear only when the interval leaves out 0.5.
  int checked = 0;
  int undecided = 0;
  for (int mask = 0; mask < 729; ++mask) {
    Series a;
    Series b;
    int rest = mask;
    for (int i = 0; i < 3; ++i, rest /= 3) a.push_back(1 + rest % 3);
    for (int i = 0; i < 3; ++i) b.push_back(2 + (mask / (i + 1)) % 5);
    for (const Direction d : {Direction::kUp, Direction::kDown}) {
      const Comparison c = compare(a, b, d);
      const std::string sentence = leadlab::verdict_sentence("m", c);
      ++checked;
      if (c.nap_ci->contains(0.5)) {
        ++undecided;
        CHECK_FALSE(contains(sentence, "improved"));
        CHECK_FALSE(contains(sentence, "got worse"));
        CHECK(contains(sentence, "not yet distinguishable from no change"));
      }
    }
  }
  CHECK(checked == 1458);
  CHECK(undecided > 0);
}

TEST_CASE("a short experiment with an unclear result says so and names no number") {
  // NAP 0.78, interval 0.32 to 0.96; even 30 more points like these would not settle it.
  const Comparison c = compare({3, 5, 4}, {5, 6, 4});
  check_interval(*c.nap_ci, 0.317309667559788, 0.960420143476552);
  CHECK_FALSE(leadlab::more_test_points_to_settle(*c.nap, 3, 3));
  const std::string sentence = leadlab::verdict_sentence("questions", c);
  CHECK(contains(sentence, "is not yet distinguishable from no change"));
  CHECK_FALSE(contains(sentence, "About"));
}

TEST_CASE("an interval that clears 0.5 lets the verdict say improved, with both intervals") {
  // The baseline rose 0.6 a session; corrected for it, Tau-BC's interval reaches 0, and the
  // sentence says so.
  const Comparison c = compare(kExampleA, kExampleB);
  CHECK(leadlab::verdict_sentence("score", c) ==
        "score improved: NAP 0.92 (medium, 95% CI 0.6 to 0.99), Tau-BC 0.29 (95% CI -0.33 to "
        "0.72); median 22.5 -> 28. Corrected for the baseline's own trend (Tau-BC), the change "
        "is not yet distinguishable from that trend going on.");
}

TEST_CASE("the interval is 0 or 1 at the ends, and more points settle sooner the larger NAP") {
  check_interval(leadlab::nap_interval(1.0, 5, 6), 0.665454770607086, 1);
  CHECK(leadlab::nap_interval(0.0, 5, 6).low == 0);
  CHECK(leadlab::nap_interval(0.0, 5, 6).high == doctest::Approx(1 - 0.665454770607086));
  CHECK_FALSE(leadlab::more_test_points_to_settle(0.5, 5, 5));
  // Reference: with 3 + 3 points, NAP 0.95 needs 2 more, 0.9 needs 6, 0.85 needs 25, 0.8
  // more than 30; with 5 + 5, NAP 0.8 needs 10.
  CHECK(leadlab::more_test_points_to_settle(0.95, 3, 3) == 2);
  CHECK(leadlab::more_test_points_to_settle(0.9, 3, 3) == 6);
  CHECK(leadlab::more_test_points_to_settle(0.85, 3, 3) == 25);
  CHECK_FALSE(leadlab::more_test_points_to_settle(0.8, 3, 3));
  CHECK(leadlab::more_test_points_to_settle(0.8, 5, 5) == 10);
  CHECK(leadlab::more_test_points_to_settle(0.2, 5, 5) == 10);  // mirrored
  // A standard error needs two points in each phase.
  CHECK_FALSE(leadlab::nap_standard_error(Series{1}, Series{2, 3}));
}

TEST_CASE("the dual criterion's binomial criterion: the smallest k with P(X >= k) <= 0.05") {
  // From math.comb in the reference script: n = 1..12.
  const std::vector<int> expected = {0, 0, 0, 0, 5, 6, 7, 7, 8, 9, 9, 10};
  for (int n = 1; n <= 12; ++n) {
    CAPTURE(n);
    const auto needed = leadlab::cdc_needed(n);
    if (expected[static_cast<std::size_t>(n - 1)] == 0)
      CHECK_FALSE(needed);
    else
      CHECK(needed == expected[static_cast<std::size_t>(n - 1)]);
  }
}

TEST_CASE("the dual criterion counts test points beyond both moved lines (hand-worked)") {
  // A = 1 2 3: mean 2, least-squares line 1 + x, SD 1, lines moved up by 0.25.
  // Test at x = 3..7: trend line 4.25 .. 8.25, mean line 2.25. Points 5 (x=3: > 4.25),
  // 5 (x=4: not > 5.25), 7 (x=5: > 6.25), 8 (x=6: > 7.25), 8 (x=7: not > 8.25): 3 beyond.
  const auto cdc = leadlab::analyse_cdc(Series{1, 2, 3}, Series{5, 5, 7, 8, 8}, Direction::kUp);
  REQUIRE(cdc);
  CHECK(cdc->mean == 2);
  CHECK(cdc->trend.slope == doctest::Approx(1));
  CHECK(cdc->trend.intercept == doctest::Approx(1));
  CHECK(cdc->offset == doctest::Approx(0.25));
  CHECK(cdc->beyond == 3);
  CHECK(cdc->needed == 5);
  CHECK_FALSE(cdc->signal);
  // The same values judged "down is better": the lines move down, nothing is below both.
  const auto down = leadlab::analyse_cdc(Series{1, 2, 3}, Series{5, 5, 7, 8, 8}, Direction::kDown);
  CHECK(down->offset == doctest::Approx(-0.25));
  CHECK(down->beyond == 0);
}

TEST_CASE("the dual criterion signals on the SingleCaseES and demo series, both directions") {
  // Reference: 4 of 7 beyond (7 needed) for the example; the demo share 6 of 6 (6 needed).
  const auto example = leadlab::analyse_cdc(kExampleA, kExampleB, Direction::kUp);
  CHECK(example->beyond == 4);
  CHECK(example->needed == 7);
  CHECK_FALSE(example->signal);
  const Series share_a = {3.0 / 12, 2.0 / 13, 4.0 / 14, 3.0 / 11, 2.0 / 14};
  const Series share_b = {6.0 / 13, 8.0 / 14, 7.0 / 15, 9.0 / 14, 10.0 / 16, 8.0 / 12};
  const auto share = leadlab::analyse_cdc(share_a, share_b, Direction::kUp);
  CHECK(share->beyond == 6);
  CHECK(share->signal);
  Series mirrored_a;
  Series mirrored_b;
  for (double v : share_a) mirrored_a.push_back(-v);
  for (double v : share_b) mirrored_b.push_back(-v);
  const auto down = leadlab::analyse_cdc(mirrored_a, mirrored_b, Direction::kDown);
  CHECK(down->beyond == 6);
  CHECK(down->signal);
}

TEST_CASE("the dual criterion with a constant baseline, short phases, or none") {
  // SD 0: the lines sit on the constant; only points strictly beyond it count.
  const auto flat = leadlab::analyse_cdc(Series{4, 4, 4}, Series{5, 4, 6, 5, 7}, Direction::kUp);
  REQUIRE(flat);
  CHECK(flat->offset == 0);
  CHECK(flat->beyond == 4);
  CHECK_FALSE(flat->signal);  // 4 of 5, and 5 are needed
  // Fewer than 3 baseline points: no trend line, no criterion, no signal.
  CHECK_FALSE(leadlab::analyse_cdc(Series{1, 2}, Series{5, 6, 7, 8, 9}, Direction::kUp));
  CHECK_FALSE(leadlab::analyse_run_chart(Series{1, 2}, Series{5, 6, 7, 8, 9}, Direction::kUp).cdc);
  CHECK_FALSE(leadlab::analyse_cdc(Series{1, 2, 3}, Series{}, Direction::kUp));
  // 3 test points: counted, but no number of them could be rare enough.
  const auto short_test = leadlab::analyse_cdc(Series{1, 1, 2}, Series{9, 9, 9}, Direction::kUp);
  CHECK(short_test->beyond == 3);
  CHECK_FALSE(short_test->needed);
  CHECK_FALSE(short_test->signal);
}

TEST_CASE("a bound just off no change is printed with the decimals that show it") {
  // 3 + 3 points, every pair better: NAP 1, lower bound 0.50101876 (reference script), which
  // leaves out 0.5, so the verdict may say (provisionally) improved, and must not print
  // "0.5"; Tau's lower bound 0.0020375 likewise is not "0".
  const Comparison c = compare({2, 1, 2}, {4, 5, 4});
  check_interval(*c.nap_ci, 0.50101876070153, 1);
  CHECK(leadlab::interval_text(*c.nap_ci, 0.5) == "95% CI 0.501 to 1");
  CHECK(leadlab::interval_text(*c.tau_ci, 0) == "95% CI 0.002 to 1");
  CHECK(leadlab::interval_text(Interval{0.5, 0.9}, 0.5) == "95% CI 0.5 to 0.9");
  CHECK(leadlab::interval_text(Interval{0.496, 0.7}, 0.5) == "95% CI 0.496 to 0.7");
  CHECK(contains(leadlab::verdict_sentence("q", c),
                 "q provisionally improved: NAP 1 (strong, 95% CI 0.501 to 1)"));
}

TEST_CASE("huge values that overflow the baseline's line leave Tau-BC out, not undefined") {
  const Comparison c = compare({-1e300, 1e300, -1e300}, {1e300, 1e300, 0, 1e300, 1e300});
  CHECK(c.nap);
  CHECK(c.nap_ci);
  CHECK_NOTHROW(leadlab::verdict_sentence("q", c));
  const auto cdc =
      leadlab::analyse_cdc(Series{-1e300, 1e300, -1e300}, Series{1e300, 0}, Direction::kUp);
  REQUIRE(cdc);
  CHECK_FALSE(cdc->signal);
}
