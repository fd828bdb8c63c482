#include "leadlab/model/model.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace leadlab {
namespace {

template <typename Enum, std::size_t N>
using Names = std::array<std::pair<Enum, std::string_view>, N>;

constexpr Names<Status, 4> kStatusNames{{{Status::kDraft, "draft"},
                                         {Status::kBaseline, "baseline"},
                                         {Status::kTesting, "testing"},
                                         {Status::kClosed, "closed"}}};
constexpr Names<MetricKind, 6> kKindNames{{{MetricKind::kCount, "count"},
                                           {MetricKind::kScale, "scale"},
                                           {MetricKind::kMinutes, "minutes"},
                                           {MetricKind::kYesNo, "yesno"},
                                           {MetricKind::kPercent, "percent"},
                                           {MetricKind::kDerived, "derived"}}};
constexpr Names<Direction, 2> kDirectionNames{{{Direction::kUp, "up"}, {Direction::kDown, "down"}}};

template <typename Enum, std::size_t N>
std::string_view name_of(const Names<Enum, N>& names, Enum value) {
  for (const auto& [e, name] : names)
    if (e == value) return name;
  return "?";
}

template <typename Enum, std::size_t N>
std::optional<Enum> value_of(const Names<Enum, N>& names, std::string_view text) {
  for (const auto& [e, name] : names)
    if (name == text) return e;
  return std::nullopt;
}

}  // namespace

std::string_view to_string(Status s) { return name_of(kStatusNames, s); }
std::string_view to_string(MetricKind k) { return name_of(kKindNames, k); }
std::string_view to_string(Direction d) { return name_of(kDirectionNames, d); }
std::string_view to_string(Phase p) { return p == Phase::kBaseline ? "baseline" : "testing"; }
std::optional<Status> parse_status(std::string_view s) { return value_of(kStatusNames, s); }
std::optional<MetricKind> parse_metric_kind(std::string_view s) { return value_of(kKindNames, s); }
std::optional<Direction> parse_direction(std::string_view s) {
  return value_of(kDirectionNames, s);
}

const Metric* Experiment::find_metric(std::string_view name) const {
  auto it =
      std::find_if(metrics.begin(), metrics.end(), [&](const Metric& m) { return m.name == name; });
  return it == metrics.end() ? nullptr : &*it;
}

Phase Experiment::phase_of(Day day) const {
  return test_start && day >= *test_start ? Phase::kTesting : Phase::kBaseline;
}

}  // namespace leadlab
