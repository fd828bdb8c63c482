#include "input/toml_input.hpp"

#include <fstream>
#include <vector>

#include "leadlab/model/error.hpp"
#include "leadlab/model/text.hpp"

namespace leadlab {
namespace {

[[noreturn]] void fail(const std::string& path, int line, int column, const std::string& what) {
  throw UsageError(path + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + what,
                   "fix the file at that position (TOML syntax: https://toml.io)");
}

// Walks the text as a TOML lexer would, only far enough to know whether each byte is in a
// string, a comment, or plain TOML, and refuses what toml++ 3.3.0 mishandles.
void prescan(std::string_view text, const std::string& path) {
  enum class State { kPlain, kComment, kBasic, kLiteral, kMultiBasic, kMultiLiteral };
  State state = State::kPlain;
  int line = 1;
  int column = 1;
  int depth = 0;
  for (std::size_t i = 0; i < text.size(); ++i, ++column) {
    const char c = text[i];
    const auto starts = [&](std::string_view s) { return text.substr(i, s.size()) == s; };
    if (c == '\n') {
      if (state == State::kComment || state == State::kBasic || state == State::kLiteral)
        state = State::kPlain;  // an unterminated one-line string: toml++ reports it
      ++line;
      column = 0;
      continue;
    }
    if ((static_cast<unsigned char>(c) & 0xC0) == 0x80) --column;  // continuation byte
    if (c == '\xF3' && i + 1 < text.size() &&
        (static_cast<unsigned char>(text[i + 1]) & 0xF0) == 0xB0)
      fail(path, line, column,
           "a private-use character of plane 15 (U+F0000-U+FFFFF), which leadlab does not read "
           "in TOML files; remove it");
    switch (state) {
      case State::kPlain:
        if (static_cast<unsigned char>(c) >= 0x80) {
          fail(path, line, column,
               "a non-ASCII character outside a string; put text in quotes, e.g. key = \"…\"");
        } else if (c == '#') {
          state = State::kComment;
        } else if (starts("\"\"\"")) {
          state = State::kMultiBasic;
          i += 2;
          column += 2;
        } else if (starts("'''")) {
          state = State::kMultiLiteral;
          i += 2;
          column += 2;
        } else if (c == '"') {
          state = State::kBasic;
        } else if (c == '\'') {
          state = State::kLiteral;
        } else if (c == '[' || c == '{') {
          if (++depth > kMaxTomlDepth)
            fail(path, line, column, "arrays or tables nested too deeply (more than 32 levels)");
        } else if ((c == ']' || c == '}') && depth > 0) {
          --depth;
        }
        break;
      case State::kBasic:
      case State::kMultiBasic:
        if (c == '\\' && i + 1 < text.size() && text[i + 1] != '\n') {
          ++i;
          ++column;
        } else if (state == State::kMultiBasic ? starts("\"\"\"") : c == '"') {
          if (state == State::kMultiBasic) {
            // A closing """ may be followed by one or two more quotes that belong to it.
            while (i + 3 < text.size() && text[i + 3] == '"') ++i;
            i += 2;
            column += 2;
          }
          state = State::kPlain;
        }
        break;
      case State::kLiteral:
        if (c == '\'') state = State::kPlain;
        break;
      case State::kMultiLiteral:
        if (starts("'''")) {
          while (i + 3 < text.size() && text[i + 3] == '\'') ++i;
          i += 2;
          column += 2;
          state = State::kPlain;
        }
        break;
      case State::kComment:
        break;
    }
  }
}

// toml++ 3.3.0's is_non_ascii_horizontal_whitespace reaches __builtin_unreachable for
// most code points in U+00A1-U+FEFE that are not whitespace, and toml++ calls it on text
// it scans ahead (after a bare value, after a line-ending backslash, ...). Found by
// fuzzing. So toml++ is handed text in which each such code point is moved to plane 15
// (U+F0000 + c, where the function answers safely), and every string and key it returns is
// moved back. Plane 15 itself is refused up front, so the round trip is exact.
constexpr long kShelter = 0xF0000;

bool is_toml_whitespace(long c) {
  return c == 0x1680 || c == 0x180E || (c >= 0x2000 && c <= 0x200B) || c == 0x202F || c == 0x205F ||
         c == 0x2060 || c == 0x3000;
}

long shelter(long c) {
  return c >= 0xA1 && c <= 0xFEFE && !is_toml_whitespace(c) ? kShelter + c : c;
}

long unshelter(long c) { return c >= kShelter + 0xA1 && c <= kShelter + 0xFEFE ? c - kShelter : c; }

std::string unsheltered(std::string_view text) { return map_code_points(text, unshelter); }

void unshelter_all(toml::node& node) {
  if (auto* s = node.as_string()) {
    s->get() = unsheltered(s->get());
  } else if (auto* a = node.as_array()) {
    for (auto& item : *a) unshelter_all(item);
  } else if (auto* t = node.as_table()) {
    std::vector<toml::key> renamed;
    for (auto&& [key, value] : *t) {
      unshelter_all(value);
      if (unsheltered(key.str()) != key.str()) renamed.push_back(key);
    }
    for (const auto& key : renamed) {
      const toml::key restored(unsheltered(key.str()), key.source());
      (*t)[key.str()].node()->visit(
          [&](auto&& value) { t->insert_or_assign(restored, std::move(value)); });
      t->erase(key.str());
    }
  }
}

// Refuses invalid UTF-8, naming the line and column of the first bad byte.
void check_utf8(std::string_view text, const std::string& path) {
  const std::size_t bad = first_invalid_utf8(text);
  if (bad == std::string_view::npos) return;
  const std::string_view before = text.substr(0, bad);
  const std::size_t line_start =
      before.rfind('\n') == std::string_view::npos ? 0 : before.rfind('\n') + 1;
  int line = 1;
  for (char c : before) line += c == '\n' ? 1 : 0;
  int column = 1;
  for (char c : before.substr(line_start))
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++column;
  fail(path, line, column, "invalid UTF-8; save the file as UTF-8");
}

}  // namespace

std::string toml_where(const std::string& path, const toml::source_region& region) {
  return path + ":" + std::to_string(region.begin.line) + ":" + std::to_string(region.begin.column);
}

toml::table parse_toml(std::string_view text, const std::string& path) {
  if (text.size() > kMaxTomlBytes) {
    fail(path, 1, 1,
         "the file is " + std::to_string(text.size()) + " bytes; the most leadlab reads is " +
             std::to_string(kMaxTomlBytes));
  }
  check_utf8(text, path);
  prescan(text, path);
  try {
    toml::table table = toml::parse(map_code_points(text, shelter), std::string_view(path));
    unshelter_all(table);
    return table;
  } catch (const toml::parse_error& e) {
    fail(path, static_cast<int>(e.source().begin.line), static_cast<int>(e.source().begin.column),
         unsheltered(e.description()));
  }
}

toml::table parse_toml_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw UsageError("cannot read " + path, "check that the file exists and is readable");
  // Read at most one byte past the limit, so that a huge file is refused without loading it.
  std::string buffer(kMaxTomlBytes + 1, '\0');
  in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
  buffer.resize(static_cast<std::size_t>(in.gcount()));
  return parse_toml(buffer, path);
}

}  // namespace leadlab
