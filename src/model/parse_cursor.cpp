#include "model/parse_cursor.hpp"

namespace leadlab {

namespace {

constexpr std::size_t kMaxShownToken = 32;

}  // namespace

std::string quote_text(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte < 0x7f && c != '"' && c != '\\') {
      out += c;
    } else {
      out += "\\x";
      out += "0123456789ABCDEF"[byte >> 4];
      out += "0123456789ABCDEF"[byte & 0xF];
    }
  }
  out += '"';
  return out;
}

std::string quote_token(std::string_view text) {
  return text.size() > kMaxShownToken ? quote_text(text.substr(0, kMaxShownToken)) + "..."
                                      : quote_text(text);
}

std::string_view trim_spaces(std::string_view text, std::string_view spaces) {
  const auto first = text.find_first_not_of(spaces);
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(spaces);
  return text.substr(first, last - first + 1);
}

}  // namespace leadlab
