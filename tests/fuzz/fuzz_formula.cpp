// libFuzzer target: the derived-metric formula parser and evaluator. Any input ends in a
// formula or a FormulaError whose column points into the text; a parsed formula evaluates
// to a finite number or "no value", and its own text parses again to the same names.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "fuzz_support.hpp"
#include "leadlab/model/formula.hpp"

using leadlab::fuzz::require;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const leadlab::Formula f = leadlab::Formula::parse(text);
    for (const auto& name : f.names()) require(leadlab::is_metric_name(name), "names are names");
    const leadlab::Formula again = leadlab::Formula::parse(f.text());
    require(again.names() == f.names(), "the formula's text parses to the same names");
    // Every name 0 (divisions by zero), then each a distinct value.
    for (const double base : {0.0, 3.0, -1e308}) {
      double next = base;
      const auto value =
          f.evaluate([&](std::string_view) -> std::optional<double> { return next += 1.5; });
      require(!value || std::isfinite(*value), "a value is finite or none");
    }
    const auto none = f.evaluate([](std::string_view) -> std::optional<double> { return {}; });
    require(!none || f.names().empty(), "a missing value gives no value");
  } catch (const leadlab::FormulaError& e) {
    require(e.column() >= 1 && static_cast<std::size_t>(e.column()) <= size + 1,
            "the error's column is within the text");
  }
  return 0;
}
