#include "leadlab/model/text.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>

namespace leadlab {
namespace {

// Decodes one UTF-8 code point at `i`, advancing `i`. Returns -1 for an invalid sequence
// (and advances by one byte), so that callers can substitute U+FFFD and resynchronise.
long decode_utf8(std::string_view s, std::size_t& i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) {
    ++i;
    return b0;
  }
  int len = 0;
  long cp = 0;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2;
    cp = b0 & 0x1F;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3;
    cp = b0 & 0x0F;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4;
    cp = b0 & 0x07;
  } else {
    ++i;
    return -1;
  }
  if (i + static_cast<std::size_t>(len) > s.size()) {
    ++i;
    return -1;
  }
  for (int k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
    if ((b & 0xC0) != 0x80) {
      ++i;
      return -1;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  // Overlong forms, surrogates and values past U+10FFFF are invalid.
  static constexpr long kMin[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    ++i;
    return -1;
  }
  i += static_cast<std::size_t>(len);
  return cp;
}

bool is_wide(long cp) {
  return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
         (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
         (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1FAFF) ||
         (cp >= 0x20000 && cp <= 0x3FFFD);
}

bool is_combining(long cp) {
  return (cp >= 0x0300 && cp <= 0x036F) || cp == 0x200D || (cp >= 0xFE00 && cp <= 0xFE0F);
}

void append_utf8(std::string& out, long cp) {
  const auto u = static_cast<unsigned long>(cp);
  if (u < 0x80) {
    out += static_cast<char>(u);
  } else if (u < 0x800) {
    out += static_cast<char>(0xC0 | (u >> 6));
    out += static_cast<char>(0x80 | (u & 0x3F));
  } else if (u < 0x10000) {
    out += static_cast<char>(0xE0 | (u >> 12));
    out += static_cast<char>(0x80 | ((u >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (u & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (u >> 18));
    out += static_cast<char>(0x80 | ((u >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((u >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (u & 0x3F));
  }
}

int width_of(long cp) {
  if (cp < 0) return 1;  // shown as U+FFFD
  if (is_combining(cp)) return 0;
  return is_wide(cp) ? 2 : 1;
}

}  // namespace

bool is_invisible_control(long cp) {
  return (cp >= 0x80 && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E || cp == 0x200F || cp == 0x061C ||
         cp == 0x2028 || cp == 0x2029;
}

std::string escape_invisible_controls(std::string text) {
  // The UTF-8 lead bytes of what is escaped: DEL, C2 (C1), D8 (U+061C), E2 (U+2xxx). Most
  // text has none of them and is returned as it is.
  const auto lead = [](char c) {
    const auto b = static_cast<unsigned char>(c);
    return b == 0x7F || b == 0xC2 || b == 0xD8 || b == 0xE2;
  };
  std::size_t i = 0;
  while (i < text.size() && !lead(text[i])) ++i;
  if (i == text.size()) return text;
  std::string out(text, 0, i);
  out.reserve(text.size() + 16);
  char buf[32];
  while (i < text.size()) {
    if (!lead(text[i])) {
      out += text[i++];
      continue;
    }
    const std::size_t start = i;
    const long cp = decode_utf8(text, i);
    if (cp == 0x7F || is_invisible_control(cp)) {
      std::snprintf(buf, sizeof buf, "\\u%04lx", cp);
      out += buf;
    } else {
      out.append(text, start, i - start);
    }
  }
  return out;
}

std::string terminal_safe(std::string_view text, bool keep_newlines) {
  std::string out;
  out.reserve(text.size());
  char buf[32];
  for (std::size_t i = 0; i < text.size();) {
    // Printable ASCII, most of any text, is copied a run at a time.
    std::size_t run = i;
    while (run < text.size() && text[run] >= 0x20 && text[run] < 0x7F) ++run;
    if (run > i) {
      out.append(text.substr(i, run - i));
      i = run;
      continue;
    }
    const long cp = decode_utf8(text, i);
    if (cp < 0) {
      out += "\xEF\xBF\xBD";
    } else if (cp == '\n' || cp == '\t') {
      if (keep_newlines) {
        out += static_cast<char>(cp);
      } else {
        out += cp == '\n' ? "\\n" : "\\t";
      }
    } else if (cp < 0x20 || cp == 0x7F) {
      std::snprintf(buf, sizeof buf, "\\x%02lx", cp);
      out += buf;
    } else if (is_invisible_control(cp)) {
      std::snprintf(buf, sizeof buf, "\\u%04lx", cp);
      out += buf;
    } else {
      append_utf8(out, cp);
    }
  }
  return out;
}

int display_width(std::string_view text) {
  int width = 0;
  for (std::size_t i = 0; i < text.size();) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {  // ASCII: one column
      ++width;
      ++i;
    } else {
      width += width_of(decode_utf8(text, i));
    }
  }
  return width;
}

std::string fit_width(std::string_view text, int width, bool ascii) {
  if (display_width(text) <= width) return std::string(text);
  const std::string_view ellipsis = ascii ? "..." : "\xE2\x80\xA6";
  const int room = width - (ascii ? 3 : 1);
  std::string out;
  int used = 0;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t start = i;
    const int w = width_of(decode_utf8(text, i));
    if (used + w > room) break;
    used += w;
    out.append(text.substr(start, i - start));
  }
  if (room >= 0) out += ellipsis;
  return out;
}

namespace {

// `word` in pieces of at most `width` columns (at least one code point each), cut between
// code points.
std::vector<std::string_view> pieces_of(std::string_view word, int width) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  int used = 0;
  for (std::size_t i = 0; i < word.size();) {
    const std::size_t at = i;
    int w = 1;
    if (static_cast<unsigned char>(word[i]) < 0x80) {
      ++i;
    } else {
      w = width_of(decode_utf8(word, i));
    }
    if (used > 0 && used + w > width) {
      out.push_back(word.substr(start, at - start));
      start = at;
      used = 0;
    }
    used += w;
  }
  out.push_back(word.substr(start));
  return out;
}

}  // namespace

std::vector<std::string> wrap(std::string_view text, int width, bool break_words) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    const std::string_view paragraph = text.substr(start, end - start);
    std::string line;
    std::size_t i = 0;
    while (i < paragraph.size()) {
      const std::size_t space = std::min(paragraph.find(' ', i), paragraph.size());
      const std::string_view word = paragraph.substr(i, space - i);
      if (!line.empty() && display_width(line) + 1 + display_width(word) > width) {
        lines.push_back(std::move(line));
        line.clear();
      }
      if (break_words && line.empty() && display_width(word) > width) {
        // Too long for a line of its own: whole lines of it, and its rest begins the next.
        auto pieces = pieces_of(word, width);
        for (std::size_t k = 0; k + 1 < pieces.size(); ++k) lines.emplace_back(pieces[k]);
        line = std::string(pieces.back());
        i = space + 1;
        continue;
      }
      if (!line.empty()) line += ' ';
      line.append(word);
      i = space + 1;
    }
    lines.push_back(std::move(line));
    start = end + 1;
  }
  return lines;
}

std::string wrapped(std::string_view text, int width) {
  std::string out;
  for (const auto& line : wrap(text, width)) out += line + "\n";
  return out;
}

std::string labelled(std::string_view label, std::string_view value, int width, int gutter) {
  if (value.empty()) return {};
  const std::string indent(static_cast<std::size_t>(gutter + 2), ' ');
  std::string out = "  " + terminal_safe(label);
  if (display_width(label) >= gutter) {
    out += "\n" + indent;
  } else {
    out.append(static_cast<std::size_t>(gutter - display_width(label)), ' ');
  }
  bool first = true;
  for (const auto& line : wrap(terminal_safe(value, true), width - gutter - 2)) {
    out += (first ? "" : indent) + line + "\n";
    first = false;
  }
  return out;
}

std::string pad_right(std::string_view text, int width) {
  std::string out(text);
  out.append(static_cast<std::size_t>(std::max(0, width - display_width(text))), ' ');
  return out;
}

std::string pad_left(std::string_view text, int width) {
  std::string out(static_cast<std::size_t>(std::max(0, width - display_width(text))), ' ');
  out.append(text);
  return out;
}

std::optional<std::string> closest_match(std::string_view word,
                                         const std::vector<std::string>& candidates) {
  // Optimal string alignment distance: Levenshtein plus swapped neighbours ("shwo"),
  // ignoring case. Words here are short names, so full rows are cheap.
  auto distance = [](std::string_view a, std::string_view b) {
    auto same = [](char x, char y) {
      return std::tolower(static_cast<unsigned char>(x)) ==
             std::tolower(static_cast<unsigned char>(y));
    };
    std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
    for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
    for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
      for (std::size_t j = 1; j <= b.size(); ++j) {
        d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1,
                            d[i - 1][j - 1] + (same(a[i - 1], b[j - 1]) ? 0 : 1)});
        if (i > 1 && j > 1 && same(a[i - 1], b[j - 2]) && same(a[i - 2], b[j - 1]))
          d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
    return d[a.size()][b.size()];
  };
  const std::size_t limit = std::max<std::size_t>(1, word.size() / 3);
  std::optional<std::string> best;
  std::size_t best_distance = limit + 1;
  for (const auto& candidate : candidates) {
    const std::size_t d = distance(word, candidate);
    if (d < best_distance) {
      best_distance = d;
      best = candidate;
    }
  }
  return best;
}

namespace {

// A fractional value with 0 to 6 decimals and under 10^9 in size: rounded in integers. The
// product value * 10^decimals is rounded to the nearest integer k, and fma tells how far the
// exact product lies from k (one rounding, relative error 2^-53): when that is clearly below
// a half, k is what to_chars would print, digit for digit; near a half (a tie, or a value
// too close to call) format_number asks to_chars.
bool fixed_digits(double value, int decimals, std::string& out) {
  static constexpr double kScale[] = {1, 10, 100, 1e3, 1e4, 1e5, 1e6};
  static constexpr long long kIntScale[] = {1, 10, 100, 1000, 10000, 100000, 1000000};
  if (decimals < 0 || decimals > 6 || !(std::abs(value) < 1e9)) return false;
  const double scaled = value * kScale[decimals];
  const auto k = static_cast<long long>(scaled < 0 ? scaled - 0.5 : scaled + 0.5);
  if (!(std::abs(std::fma(value, kScale[decimals], -static_cast<double>(k))) <= 0.4999))
    return false;
  const unsigned long long magnitude =
      k < 0 ? 0ULL - static_cast<unsigned long long>(k) : static_cast<unsigned long long>(k);
  const auto scale = static_cast<unsigned long long>(kIntScale[decimals]);
  char buffer[40];
  char* at = buffer;
  if (std::signbit(value)) *at++ = '-';
  at = std::to_chars(at, buffer + sizeof buffer, magnitude / scale).ptr;
  if (decimals > 0) {
    *at++ = '.';
    unsigned long long fraction = magnitude % scale;
    for (int i = decimals - 1; i >= 0; --i) {
      at[i] = static_cast<char>('0' + fraction % 10);
      fraction /= 10;
    }
    at += decimals;
  }
  out.assign(buffer, at);
  return true;
}

}  // namespace

std::string format_number(double value, int decimals) {
  if (!std::isfinite(value)) return "-";
  if (std::abs(value) < 1e15 && value == std::trunc(value)) {  // most values: whole numbers
    char whole[24];
    const auto end = std::to_chars(whole, whole + sizeof whole, static_cast<long long>(value)).ptr;
    return std::string(whole, end);
  }
  std::string s;
  if (!fixed_digits(value, decimals, s)) {  // to_chars' own way, for any other
    char buf[400];  // the widest double in fixed notation (309 digits), with its decimals
    const auto [end, error] = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::fixed,
                                            std::clamp(decimals, 0, 30));
    s.assign(buf, error == std::errc() ? end : buf);
  }
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  if (s == "-0") s = "0";
  return s;
}

std::string map_code_points(std::string_view text, long (*map)(long)) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) append_utf8(out, map(decode_utf8(text, i)));
  return out;
}

std::size_t first_invalid_utf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t start = i;
    if (decode_utf8(text, i) < 0) return start;
  }
  return std::string_view::npos;
}

bool is_valid_utf8(std::string_view text) {
  return first_invalid_utf8(text) == std::string_view::npos;
}

std::string shell_quote(std::string_view word) {
  if (!word.empty() && word.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                              "0123456789-_.:/=") == std::string_view::npos) {
    return std::string(word);
  }
  std::string out = "'";
  for (const char c : word) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace leadlab
