// libFuzzer target: template loading (TOML syntax, the pre-scan, validation). Any input
// must end in a result or a list of problems: never a crash, a sanitizer report or a hang.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "leadlab/input/templates.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto parsed = leadlab::parse_template(text, "fuzz.toml");
  if (parsed.result.has_value() == !parsed.problems.empty()) __builtin_trap();
  return 0;
}
