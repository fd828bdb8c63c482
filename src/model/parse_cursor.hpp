// The scanner under the model's two small grammars, formulas (formula.cpp) and success rules
// (success_rule.cpp): a position in the text, whitespace, names and numbers, and errors that
// name a 1-based column. One cursor, so that both grammars agree on what a name, a number and
// a column are.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

namespace leadlab {

// ASCII-only on purpose: <cctype> depends on the locale and is UB for negative chars.
inline bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }
inline bool is_name_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
inline bool is_name_char(char c) { return is_name_start(c) || is_ascii_digit(c); }

// Quotes user text for a message. Bytes that are not printable ASCII become \xNN, so hostile
// input cannot garble the terminal and the user can see exactly which byte is wrong.
std::string quote_text(std::string_view text);

// quote_text() of at most the first 32 bytes, followed by "..." when cut: a name or number
// can be hundreds of bytes long.
std::string quote_token(std::string_view text);

// `text` without the leading and trailing bytes that are in `spaces`.
std::string_view trim_spaces(std::string_view text, std::string_view spaces);

// A parser's position in `text` (which must outlive it). A grammar's parser derives from it
// and reads text_[pos_] directly; `spaces` are the bytes the grammar skips between tokens.
// `Error` is the grammar's exception, constructed as Error(message, column, hint).
template <class Error>
class ParseCursor {
 protected:
  ParseCursor(std::string_view text, std::string_view spaces) : text_(text), spaces_(spaces) {}

  bool at_end() const { return pos_ == text_.size(); }
  bool at_digit() const { return pos_ < text_.size() && is_ascii_digit(text_[pos_]); }
  bool is_space(char c) const { return spaces_.find(c) != std::string_view::npos; }

  void skip_space() {
    while (pos_ < text_.size() && is_space(text_[pos_])) ++pos_;
  }

  // The name ([A-Za-z_][A-Za-z0-9_]*) at pos_, consumed; empty when none starts there.
  std::string_view name() {
    const std::size_t start = pos_;
    if (pos_ < text_.size() && is_name_start(text_[pos_]))
      while (pos_ < text_.size() && is_name_char(text_[pos_])) ++pos_;
    return text_.substr(start, pos_ - start);
  }

  // Consumes digits ['.' digits] from pos_. Returns false, with pos_ just past the '.', when
  // the '.' is not followed by a digit: the grammar reports what stands there its own way.
  bool decimal() {
    while (at_digit()) ++pos_;
    if (pos_ < text_.size() && text_[pos_] == '.') {
      ++pos_;
      if (!at_digit()) return false;
      while (at_digit()) ++pos_;
    }
    return true;
  }

  // Throws "HEAD at column N TAIL" for the byte at `pos`.
  [[noreturn]] void fail(std::size_t pos, const std::string& head, const std::string& tail,
                         std::string hint = {}) const {
    throw Error(head + " at column " + std::to_string(pos + 1) + tail, static_cast<int>(pos + 1),
                std::move(hint));
  }

  std::string_view text_;
  std::size_t pos_ = 0;

 private:
  std::string_view spaces_;
};

}  // namespace leadlab
