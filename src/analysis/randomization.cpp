#include "leadlab/analysis/randomization.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <random>
#include <vector>

#include "leadlab/model/error.hpp"
#include "leadlab/model/text.hpp"

namespace leadlab {
namespace {

std::optional<int> whole_number(std::string_view text) {
  int n = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return n;
}

}  // namespace

std::pair<int, int> parse_random_range(std::string_view text) {
  const std::string hint =
      "give the occasions the change may begin at as FIRST..LAST, e.g. --random-start 5..10";
  const std::size_t dots = text.find("..");
  if (dots == std::string_view::npos)
    throw UsageError("--random-start \"" + std::string(text) + "\" is not a range", hint);
  const auto first = whole_number(text.substr(0, dots));
  const auto last = whole_number(text.substr(dots + 2));
  if (!first || !last || *first < 1 || *last < 1)
    throw UsageError("--random-start \"" + std::string(text) +
                         "\" is not two occasion numbers (whole numbers from 1)",
                     hint);
  if (*first > *last)
    throw UsageError("--random-start " + std::to_string(*first) + ".." + std::to_string(*last) +
                         ": FIRST is after LAST",
                     "write the earlier occasion first, e.g. --random-start " +
                         std::to_string(*last) + ".." + std::to_string(*first));
  return {*first, *last};
}

int draw_start(int first, int last, std::uint64_t seed) {
  std::mt19937_64 engine(seed);
  const auto n = static_cast<std::uint64_t>(last - first + 1);
  // std::uniform_int_distribution differs between standard libraries; this does not. The
  // largest multiple of n the engine can reach bounds the accepted draws.
  const std::uint64_t limit = std::mt19937_64::max() - std::mt19937_64::max() % n;
  std::uint64_t x = engine();
  while (x >= limit) x = engine();
  return first + static_cast<int>(x % n);
}

std::string describe_design(const RandomStart& design) {
  const int n = design.starts();
  if (n == 1)
    return "1 possible start: this is no randomised test (p can only be 1); widen the range";
  return std::to_string(n) + " possible starts: no result can be below p = 1/" + std::to_string(n) +
         " (" + format_number(1.0 / n, 2) + ")" +
         (n < 20 ? "; widen the range for a sharper test" : "");
}

std::string design_words(const RandomStart& design, std::string_view occasion) {
  const std::string word(occasion);
  std::string out = "drawn from " + word + "s " + std::to_string(design.first) + " to " +
                    std::to_string(design.last) + ": " + word + " " + std::to_string(design.drawn);
  if (design.started) {
    out += "; the change began at " + word + " " + std::to_string(*design.started);
    if (design.broken()) out += ": the design was broken";
  }
  return out;
}

std::optional<std::string> random_start_advice(const Experiment& e, int logged) {
  if (!e.random_start || e.status != Status::kBaseline) return std::nullopt;
  const RandomStart& design = *e.random_start;
  const std::string id = std::to_string(e.id);
  const std::string drawn = e.occasion + " " + std::to_string(design.drawn);
  if (logged + 1 == design.drawn) {
    return "the change starts at your next " + e.occasion + " (" + drawn +
           ", drawn at random): run `leadlab start " + id + "` before you log it, on that " +
           e.occasion + "'s day";
  }
  if (logged >= design.drawn) {
    return drawn + ", the drawn start, was logged before the change began: if you made the " +
           "change at it, run `leadlab start " + id + " --date DATE` with its date (see " +
           "`leadlab entries " + id + "`); starting later breaks the randomised design";
  }
  return std::nullopt;
}

std::optional<double> start_statistic(std::span<const OccasionPoint> points, int start,
                                      Direction direction) {
  double sum_a = 0;
  double sum_b = 0;
  int m = 0;
  int n = 0;
  for (const OccasionPoint& p : points) {
    if (p.occasion < start) {
      sum_a += p.value;
      ++m;
    } else {
      sum_b += p.value;
      ++n;
    }
  }
  if (m == 0 || n == 0) return std::nullopt;
  const double difference = sum_b / n - sum_a / m;
  return direction == Direction::kUp ? difference : -difference;
}

RandomizationResult randomization_test(std::span<const OccasionPoint> points,
                                       const RandomStart& design, std::optional<int> observed_start,
                                       Direction direction) {
  RandomizationResult r;
  r.observed_start = observed_start;
  if (design.broken()) {
    r.valid = false;
    r.why_invalid = "the test began at occasion " + std::to_string(*design.started) +
                    ", not at the drawn occasion " + std::to_string(design.drawn) +
                    ", so the start was not random and no p value holds";
  } else if (observed_start && *observed_start != design.drawn) {
    r.valid = false;
    r.why_invalid = "the entries now put the start at occasion " + std::to_string(*observed_start) +
                    ", not at the drawn occasion " + std::to_string(design.drawn) +
                    " (an entry was added, moved or deleted across the test start)";
  }
  std::vector<double> statistics;
  for (int s = design.first; s <= design.last; ++s) {
    const auto t = start_statistic(points, s, direction);
    if (t) statistics.push_back(*t);
    if (t && observed_start && s == *observed_start) r.observed = t;
  }
  r.starts = static_cast<int>(statistics.size());
  if (r.starts > 0) r.min_p = 1.0 / r.starts;
  // A broken design has no p: the start was not drawn, so the share means nothing.
  if (!r.observed || !r.valid) return r;
  // Equal statistics count as "at least as large": a relative tolerance keeps rounding in
  // the means (0.1 + 0.2) from splitting a tie.
  const double tolerance = 1e-9 * std::max(1.0, std::abs(*r.observed));
  int at_least = 0;
  for (double t : statistics)
    if (t >= *r.observed - tolerance) ++at_least;
  r.p = static_cast<double>(at_least) / r.starts;
  return r;
}

std::string describe_randomization(const RandomizationResult& r) {
  const std::string head = "Randomisation test: ";
  if (!r.valid) return head + "not valid: " + r.why_invalid;
  if (r.starts == 0) return head + "no p yet: no admissible start has points on both sides";
  const std::string smallest = "1/" + std::to_string(r.starts);
  if (!r.p) {
    return head + "no p yet, until the test phase has points (" + std::to_string(r.starts) +
           " admissible starts so far: the smallest p it can give is " + smallest + ")";
  }
  const auto at_least = static_cast<int>(std::lround(*r.p * r.starts));
  std::string out = head + "p = " + format_number(*r.p, 2);
  if (at_least == 1) return out + " (the smallest this design can give: " + smallest + ")";
  return out + " (" + std::to_string(at_least) + " of " + std::to_string(r.starts) +
         " possible starts show a difference this large or larger; the smallest p this design "
         "can give is " +
         smallest + ")";
}

}  // namespace leadlab
