// Shared checks for the libFuzzer targets: a failed property stops the fuzzer at once with
// a message, so that the input that broke it is saved as a crash artifact.
#pragma once

#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace leadlab::fuzz {

[[noreturn]] inline void fail(const char* property) {
  std::fprintf(stderr, "property failed: %s\n", property);
  std::abort();
}

inline void require(bool ok, const char* property) {
  if (!ok) fail(property);
}

// True when `text` holds a byte a terminal would act on: a C0 control other than those in
// `allowed`, or DEL.
inline bool has_raw_control(std::string_view text, std::string_view allowed = {}) {
  for (const char c : text) {
    const auto b = static_cast<unsigned char>(c);
    if ((b < 0x20 || b == 0x7f) && allowed.find(c) == std::string_view::npos) return true;
  }
  return false;
}

// True when `text` (valid UTF-8) holds a C1 control (U+0080-U+009F, encoded C2 80-C2 9F) or
// a bidi control or line/paragraph separator (U+2028-U+202E: E2 80 A8-AE, as leadlab escapes
// them; U+2066-U+2069: E2 81 A6-A9; U+200E, U+200F:
// E2 80 8E-8F; U+061C: D8 9C).
inline bool has_c1_or_bidi(std::string_view text) {
  for (std::size_t i = 0; i + 1 < text.size(); ++i) {
    const auto a = static_cast<unsigned char>(text[i]);
    const auto b = static_cast<unsigned char>(text[i + 1]);
    if (a == 0xC2 && b >= 0x80 && b <= 0x9F) return true;
    if (a == 0xD8 && b == 0x9C) return true;
    if (a == 0xE2 && i + 2 < text.size()) {
      const auto c = static_cast<unsigned char>(text[i + 2]);
      if (b == 0x80 && ((c >= 0xA8 && c <= 0xAE) || c == 0x8E || c == 0x8F)) return true;
      if (b == 0x81 && c >= 0xA6 && c <= 0xA9) return true;
    }
  }
  return false;
}

}  // namespace leadlab::fuzz
