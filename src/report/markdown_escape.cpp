#include "leadlab/report/markdown_escape.hpp"

#include <algorithm>
#include <array>

#include "leadlab/model/text.hpp"

namespace leadlab {
namespace {

struct EscapeOptions {
  bool one_line = false;  // newlines become spaces (table cells, headings, inline labels)
};

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Text that needs no escaping at all: printable ASCII without mark-up characters, that does
// not begin like a block or end in a blank. Most notes are like this; they are copied as is.
bool plain(std::string_view text) {
  if (text.empty() || text.front() == ' ' || text.back() == ' ') return false;
  if (is_digit(text.front()) || std::string_view("+-=:").find(text.front()) != std::string::npos)
    return false;
  // One table lookup per character (a whole journal's report escapes every note).
  static constexpr auto kPlain = [] {
    std::array<bool, 256> plain{};
    for (int c = 0x20; c <= 0x7e; ++c) plain[static_cast<std::size_t>(c)] = true;
    for (const char c : std::string_view("<>&#\\`*_[]|~$"))
      plain[static_cast<unsigned char>(c)] = false;
    return plain;
  }();
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return kPlain[static_cast<unsigned char>(c)]; });
}

// One line of text, without its newline, trimmed of blanks at both ends.
std::string escape_line(std::string_view line) {
  std::string out;
  out.reserve(line.size() + 8);
  // A line that begins with these could begin a block: a heading (#), a list item (- + *
  // and "1." or "1)"), a setext underline or thematic break (= - * _), a table's delimiter
  // row (: -). Escaping the first such character keeps the line a paragraph line; the other
  // characters that matter anywhere (* _ ` ~ | < >) are escaped in the loop below.
  std::size_t digits = 0;
  while (digits < line.size() && digits < 10 && is_digit(line[digits])) ++digits;
  if (digits > 0 && digits < line.size() && (line[digits] == '.' || line[digits] == ')')) {
    out.append(line.substr(0, digits));
    out += '\\';
    out += line[digits];
    line.remove_prefix(digits + 1);
  } else if (!line.empty() && std::string_view("+-=:").find(line.front()) != std::string::npos) {
    out += '\\';
    out += line.front();
    line.remove_prefix(1);
  }
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    // A "#" at the start is a heading; after a blank, a heading's closing sequence ("## a #"
    // would lose its last word's "#").
    if (c == '>')
      out += "&gt;";
    else
      append_markdown_escaped(out, c, out.empty() || (i > 0 && line[i - 1] == ' '));
  }
  return out;
}

std::string escape(std::string_view text, const EscapeOptions& o) {
  if (plain(text)) return std::string(text);
  // Line ends of any kind become '\n' before control characters are made visible.
  std::string normal;
  normal.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') {
      normal += '\n';
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
    } else {
      normal += text[i] == '\t' ? ' ' : text[i];
    }
  }
  const std::string safe = terminal_safe(normal, true);
  std::string out;
  bool blank_before = false;
  std::size_t from = 0;
  while (from <= safe.size()) {
    const std::size_t nl = std::min(safe.find('\n', from), safe.size());
    std::string_view line(safe.data() + from, nl - from);
    from = nl + 1;
    // Leading blanks could make an indented code block, trailing ones a hard break.
    const auto first = line.find_first_not_of(' ');
    if (first == std::string_view::npos) {
      blank_before = !out.empty();
      continue;
    }
    line = line.substr(first, line.find_last_not_of(' ') - first + 1);
    if (!out.empty()) {
      // A table cell or heading is one line. Elsewhere a backslash at the end of a line is a
      // hard break, and a line of just a backslash keeps an empty line visible without
      // ending the paragraph (which would let the next line begin a block of its own).
      if (o.one_line)
        out += ' ';
      else
        out += blank_before ? "\\\n\\\n" : "\\\n";
    }
    out += escape_line(line);
    blank_before = false;
  }
  return out;
}

}  // namespace

void append_markdown_escaped(std::string& out, char c, bool hash_starts_mark_up) {
  switch (c) {
    case '<':
      out += "&lt;";
      break;
    case '&':
      out += "&amp;";
      break;
    case '#':
      if (hash_starts_mark_up) out += '\\';
      out += c;
      break;
    case '\\':
    case '`':
    case '*':
    case '_':
    case '[':
    case ']':
    case '|':
    case '~':
    case '$':
      out += '\\';
      out += c;
      break;
    default:
      out += c;
  }
}

std::string markdown_escape(std::string_view text, bool in_table) {
  return escape(text, {.one_line = in_table});
}

std::string markdown_code(std::string_view text) {
  std::string body = terminal_safe(text, true);
  std::replace_if(
      body.begin(), body.end(), [](char c) { return c == '\n' || c == '\t'; }, ' ');
  std::size_t longest = 0;
  std::size_t run = 0;
  for (const char c : body) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  const std::string fence(longest + 1, '`');
  // A space inside each end keeps a backtick at the edge apart from the fence; CommonMark
  // strips one space from each end when both are there.
  const bool pad = !body.empty() && (body.front() == '`' || body.back() == '`' ||
                                     (body.front() == ' ' && body.back() == ' '));
  return pad ? fence + " " + body + " " + fence : fence + body + fence;
}

std::string mermaid_text(std::string_view text) {
  std::string line(text);
  std::replace_if(
      line.begin(), line.end(), [](char c) { return c == '\n' || c == '\r' || c == '\t'; }, ' ');
  const std::string safe = terminal_safe(line);  // other control characters made visible
  std::string out;
  for (const char c : safe) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '`') {
      out += '\'';
    } else if (u >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(c) ||
               std::string_view(" .,:!?()'/+-=_@").find(c) != std::string_view::npos) {
      if (c == ' ' && (out.empty() || out.back() == ' ')) continue;
      out += c;
    } else if (!out.empty() && out.back() != ' ') {
      out += ' ';  // < > # % ; \ { } [ ] | and the like: mark-up or escapes to Mermaid
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return fit_width(out, 60, true);
}

}  // namespace leadlab
