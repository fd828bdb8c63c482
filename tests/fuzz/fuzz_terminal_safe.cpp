// libFuzzer target: the terminal escaper that every piece of user text passes through on
// its way to a terminal. Whatever the input, the output is valid UTF-8 without a byte a
// terminal would act on (C0 controls but newline and tab, DEL), C1 controls or bidi
// controls; fitting and wrapping keep that.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_support.hpp"
#include "leadlab/model/text.hpp"

using leadlab::fuzz::has_c1_or_bidi;
using leadlab::fuzz::has_raw_control;
using leadlab::fuzz::require;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::string line = leadlab::terminal_safe(text);
  require(leadlab::is_valid_utf8(line), "one-line output is UTF-8");
  require(!has_raw_control(line), "one-line output has no control byte");
  require(!has_c1_or_bidi(line), "one-line output has no C1 or bidi control");
  const std::string block = leadlab::terminal_safe(text, true);
  require(leadlab::is_valid_utf8(block), "multi-line output is UTF-8");
  require(!has_raw_control(block, "\n\t"), "multi-line output keeps only newline and tab");
  require(!has_c1_or_bidi(block), "multi-line output has no C1 or bidi control");
  if (leadlab::is_valid_utf8(text) && !has_raw_control(text) && !has_c1_or_bidi(text))
    require(line == text, "safe text passes through unchanged");
  const int width = static_cast<int>(size % 90);
  const std::string fitted = leadlab::fit_width(line, width);
  require(leadlab::display_width(fitted) <= std::max(width, 1), "fit_width fits");
  require(leadlab::is_valid_utf8(fitted), "fit_width cuts whole characters");
  for (const auto& wrapped : leadlab::wrap(block, width + 1)) {
    require(leadlab::is_valid_utf8(wrapped), "wrap cuts whole characters");
    require(!has_raw_control(wrapped, "\t"), "a wrapped line is one line");
  }
  const std::string label = leadlab::labelled("Note", text);
  require(!has_raw_control(label, "\n\t") && !has_c1_or_bidi(label), "labelled is safe");
  return 0;
}
