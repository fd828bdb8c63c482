// Reading wrapped output in tests: a check that a sentence is there should not depend on
// where the output wraps it.
#pragma once

#include <string>

namespace leadlab::testing {

// `text` with each line break (and a terminal's \r) and the indentation after it read as
// one space.
inline std::string flat(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') continue;
    if (text[i] != '\n') {
      out += text[i];
      continue;
    }
    while (i + 1 < text.size() && text[i + 1] == ' ') ++i;
    out += ' ';
  }
  return out;
}

}  // namespace leadlab::testing
