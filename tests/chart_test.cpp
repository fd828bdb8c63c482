#include "leadlab/report/chart.hpp"

#include <doctest/doctest.h>

#include <limits>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "leadlab/model/text.hpp"

using leadlab::render_run_chart;
using leadlab::RunChartOptions;
using leadlab::sparkline;

namespace {

using Series = std::vector<double>;
using Gappy = std::vector<std::optional<double>>;

bool is_ascii(const std::string& text) {
  for (char c : text)
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  return true;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

int widest_line(const std::string& text) {
  int widest = 0;
  for (const auto& line : lines_of(text)) widest = std::max(widest, leadlab::display_width(line));
  return widest;
}

}  // namespace

TEST_CASE(
    "a sparkline maps the smallest value to the lowest block and the largest to the "
    "highest") {
  // 0..7 over the range 0..7: level = value, one block each.
  const Gappy ramp{0, 1, 2, 3, 4, 5, 6, 7};
  CHECK(sparkline(ramp) == "▁▂▃▄▅▆▇█");
  CHECK(sparkline(ramp, true) == "_.:-=+*#");
  // {10, 20, 15}: 15 is halfway, level 3.5 rounds to 4 ("▅").
  CHECK(sparkline(Gappy{10, 20, 15}) == "▁█▅");
}

TEST_CASE("a sparkline leaves a space for a missing value") {
  CHECK(sparkline(Gappy{1, std::nullopt, 3}) == "▁ █");
  CHECK(sparkline(Gappy{1, std::nullopt, 3}, true) == "_ #");
  CHECK(sparkline(Gappy{std::nullopt, std::nullopt}) == "  ");
  CHECK(sparkline(Gappy{}).empty());
}

TEST_CASE("a sparkline of equal values is drawn at the middle level") {
  CHECK(sparkline(Gappy{2, 2, 2}) == "▄▄▄");
  CHECK(sparkline(Gappy{2, 2, 2}, true) == "---");
}

TEST_CASE("a run chart draws the baseline median, both phases and where the test starts") {
  // A = {3, 2, 4, 3, 2} (median 3), B = {4, 5, 5, 6, 4, 5}; range 2..6 over 7 rows, so
  // row = round((6 - v) / 4 * 6): 6 -> 0, 5 -> 1.5 -> 2, 4 -> 3, 3 -> 4.5 -> 5, 2 -> 6.
  // Two columns per point, the point in the second; the "|" column before the first test
  // point; the median line (row 5) runs across both phases.
  const Series a{3, 2, 4, 3, 2};
  const Series b{4, 5, 5, 6, 4, 5};
  RunChartOptions ascii;
  ascii.ascii = true;
  CHECK(render_run_chart(a, b, ascii) ==
        "6 +          |       *\n"
        "  |          |\n"
        "  |          |   * *     *\n"
        "  |     o    | *       *\n"
        "  |          |\n"
        "  +-o-----o--+------------ median 3\n"
        "2 +   o     o|\n"
        "   o baseline  * test");
  CHECK(render_run_chart(a, b) ==
        "6 ┤          │       ●\n"
        "  │          │\n"
        "  │          │   ● ●     ●\n"
        "  │     ○    │ ●       ●\n"
        "  │          │\n"
        "  ┼─○─────○──┼──────────── median 3\n"
        "2 ┤   ○     ○│\n"
        "   ○ baseline  ● test");
}

TEST_CASE("an ascii run chart has no byte above 0x7f") {
  RunChartOptions ascii;
  ascii.ascii = true;
  Series many;
  for (int i = 0; i < 300; ++i) many.push_back(i % 9 * 0.5);
  CHECK(is_ascii(render_run_chart(Series{1, 2, 3}, Series{4, 5, 6}, ascii)));
  CHECK(is_ascii(render_run_chart(Series{}, Series{4, 5, 6}, ascii)));
  CHECK(is_ascii(render_run_chart(Series{1, 2, 3}, Series{}, ascii)));
  CHECK(is_ascii(render_run_chart(Series{2, 2}, Series{2, 2}, ascii)));
  CHECK(is_ascii(render_run_chart(many, many, ascii)));
  ascii.width = 40;
  CHECK(is_ascii(render_run_chart(many, many, ascii)));
  CHECK(is_ascii(render_run_chart(Series{}, Series{}, ascii)));
}

TEST_CASE("a run chart fits 80 columns and shows the last points when there are too many") {
  // 5 baseline + 200 test points, labels one character wide and " median 2" on the right:
  // 80 - 1 - 2 - 9 = 68 columns for the plot. One column per point plus the test-start
  // column gives 67 points; the test start is then off the chart, so the last 67 are shown.
  Series test;
  for (int i = 0; i < 200; ++i) test.push_back(i % 5);
  const std::string chart = render_run_chart(Series{1, 2, 3, 2, 1}, test);
  CHECK(widest_line(chart) <= 80);
  CHECK(chart.find("(last 67 of 205 points)") != std::string::npos);
}

TEST_CASE("a run chart uses one column per point before it drops any") {
  // 5 + 40 points: two columns each would need 91, one column each needs 46.
  Series test(40, 4.0);
  const std::string chart = render_run_chart(Series{1, 2, 3, 2, 1}, test);
  CHECK(widest_line(chart) <= 80);
  CHECK(chart.find("last") == std::string::npos);
  CHECK(lines_of(chart)[0] == "4 ┤     │●●●●●●●●●●●●●●●●●●●●●●●●●●●●●●●●●●●●●●●●");
}

TEST_CASE("a narrow run chart keeps every line within its width") {
  Series many;
  for (int i = 0; i < 100; ++i) many.push_back(i * 1.25);
  RunChartOptions narrow;
  narrow.width = 40;
  const std::string chart = render_run_chart(many, many, narrow);
  CHECK(widest_line(chart) <= 40);
  CHECK(chart.find("of 200 points)") != std::string::npos);
}

TEST_CASE("huge values keep the axis labels short") {
  // "%.2f" of 1e300 would be 300 digits; the label falls back to 3 significant digits.
  const std::string chart = render_run_chart(Series{-1e300, 1e300}, Series{0});
  CHECK(widest_line(chart) <= 80);
  CHECK(chart.find("1e+300") != std::string::npos);
}

TEST_CASE("a run chart without baseline points has no median line") {
  // B = {4, 5, 5, 6, 4, 5}: no baseline, so no "median" label, no separator, only "*".
  RunChartOptions ascii;
  ascii.ascii = true;
  const auto lines = lines_of(render_run_chart(Series{}, Series{4, 5, 5, 6, 4, 5}, ascii));
  REQUIRE(lines.size() == 8);
  for (std::size_t r = 0; r + 1 < lines.size(); ++r) {
    CAPTURE(lines[r]);
    CHECK(lines[r].find("median") == std::string::npos);
    CHECK(lines[r].find_first_of("o-") == std::string::npos);
  }
  CHECK(lines[0] == "6 +       *");
  CHECK(lines.back() == "   * test (no baseline, so no median line)");
}

TEST_CASE("a run chart of equal values puts everything on the median row") {
  // A = B = {2, 2, 2}: no range, so all points and the median sit on the middle row (3 of
  // 0..6), labelled 2.
  RunChartOptions ascii;
  ascii.ascii = true;
  const auto lines = lines_of(render_run_chart(Series{2, 2, 2}, Series{2, 2, 2}, ascii));
  REQUIRE(lines.size() == 8);
  CHECK(lines[3] == "2 +-o-o-o+-*-*-* median 2");
  CHECK(lines[0] == "  |      |");
}

TEST_CASE("a run chart of no points says so") {
  CHECK(render_run_chart(Series{}, Series{}) == "no points to chart yet");
}

TEST_CASE("a run chart leaves out values that are not finite") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  RunChartOptions ascii;
  ascii.ascii = true;
  // Same picture as {1, 2} against {3}.
  CHECK(render_run_chart(Series{1, nan, 2}, Series{nan, 3}, ascii) ==
        render_run_chart(Series{1, 2}, Series{3}, ascii));
}

TEST_CASE("the run chart draws the dual criterion's lines over the test phase only") {
  // A = 1 2 3: mean 2, least-squares line 1 + x, SD 1, so the lines move up by 0.25: the
  // mean line at 2.25 (on the median's row, where the median wins, as the legend says) and
  // the trend line from 4.25 at x = 3 to 8.25 at x = 7 (beyond the top: left out).
  const std::string chart = render_run_chart(
      Series{1, 2, 3}, Series{5, 5, 7, 8, 8},
      {.ascii = true, .width = 40, .height = 9, .cdc_direction = leadlab::Direction::kUp});
  CHECK(chart ==
        "8 +      |       * *\n"
        "  |      |     *..\n"
        "  |      |    ..\n"
        "  |      | *.*\n"
        "  |      |..\n"
        "  |      |\n"
        "  |     o|\n"
        "  +---o--+---------- median 2\n"
        "1 + o    |\n"
        "   o baseline  * test\n"
        "dual criterion: ~ mean + 0.25 SD (on the median row)\n"
        "   . trend + 0.25 SD");
  // Without a direction, or with fewer than 3 baseline points, nothing is drawn.
  CHECK(render_run_chart(Series{1, 2, 3}, Series{5, 5, 7, 8, 8}, {.ascii = true})
            .find("dual criterion") == std::string::npos);
  CHECK(render_run_chart(Series{1, 2}, Series{5, 5, 7},
                         {.ascii = true, .cdc_direction = leadlab::Direction::kUp})
            .find("dual criterion") == std::string::npos);
}

TEST_CASE("for a metric where down is better the dual criterion's lines move down") {
  const std::string chart =
      render_run_chart(Series{9, 8, 9, 8}, Series{3, 2, 3, 2, 1},
                       {.ascii = true, .cdc_direction = leadlab::Direction::kDown});
  CHECK(chart.find("~ mean - 0.25 SD") != std::string::npos);
  CHECK(chart.find(". trend - 0.25 SD") != std::string::npos);
  CHECK(is_ascii(chart));
}

TEST_CASE("the dual criterion's lines are left out when huge values overflow them") {
  // The baseline's SD and least-squares slope overflow to infinity: no line is drawn, and
  // the chart still fits its width.
  const std::string chart =
      render_run_chart(Series{-1e300, 1e300, -1e300}, Series{1e300, 1e300, 0, 1e300, 1e300},
                       {.ascii = true, .cdc_direction = leadlab::Direction::kUp});
  CHECK(widest_line(chart) <= 80);
  CHECK(is_ascii(chart));
}
