// Text helpers shared by the renderers: making user text safe for a terminal, measuring
// and fitting it to columns, and suggesting the closest known name.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace leadlab {

// User text made safe to print on a terminal: C0 controls (except newline and tab when
// `keep_newlines`) and DEL are shown as "\x1b", "\x7f"; the invisible controls
// (is_invisible_control) as "\u009b", "\u202e"; invalid UTF-8 becomes U+FFFD. Without
// `keep_newlines`, newline and tab are shown as "\n" and "\t" (for one-line fields such as
// table cells).
std::string terminal_safe(std::string_view text, bool keep_newlines = false);

// The code points that are not text but steer how a terminal or a viewer shows what comes
// after them: the C1 controls (U+0080-U+009F, U+009B a terminal's CSI), the bidi controls
// (U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069) and the line and paragraph
// separators (U+2028, U+2029). C0 controls and DEL are not among them: each output has its
// own way with those.
bool is_invisible_control(long cp);

// `text` with DEL and every invisible control (is_invisible_control) written as the six
// characters "\u007f", "\u009b", "\u202e", ...: the escape JSON reads back as the same code
// point. Everything else, invalid UTF-8 included, stays as it is. For JSON text that
// nlohmann::json wrote, which escapes the C0 controls itself and these not at all.
std::string escape_invisible_controls(std::string text);

// The number of terminal columns `text` (valid UTF-8) takes, counting each code point as
// one column and East Asian wide characters as two.
int display_width(std::string_view text);

// `text` cut to at most `width` columns, ending in "…" (or "..." when `ascii`) when cut.
std::string fit_width(std::string_view text, int width, bool ascii = false);

// `text` broken into lines of at most `width` columns at spaces (a word longer than the
// width stands on a line of its own, or with `break_words` is cut into pieces of at most
// `width` columns, between code points). Existing line breaks are kept.
std::vector<std::string> wrap(std::string_view text, int width, bool break_words = false);

// `text` wrapped as wrap() does, each line ended with a newline: a paragraph ready to print.
std::string wrapped(std::string_view text, int width);

// A labelled block for a terminal: "  Label       value..." with the value (made terminal
// safe) wrapped to `width` columns and continued under itself; a label too long for the
// gutter stands on a line of its own. Empty when `value` is empty.
std::string labelled(std::string_view label, std::string_view value, int width = 80,
                     int gutter = 12);

// `text` padded with spaces on the right to `width` columns.
std::string pad_right(std::string_view text, int width);
std::string pad_left(std::string_view text, int width);

// The candidate closest to `word` by edit distance, if it is close enough to be a
// plausible typo (distance at most a third of the word's length, at least 1).
std::optional<std::string> closest_match(std::string_view word,
                                         const std::vector<std::string>& candidates);

// A number as people read it: integers without a fraction, others with up to `decimals`
// digits, trailing zeros removed ("0.25", "3", "1.33").
std::string format_number(double value, int decimals = 2);

// `word` as one word for a POSIX shell: as it is when it holds only safe characters,
// otherwise in single quotes (each ' written as '\'').
std::string shell_quote(std::string_view word);

// True when `text` is valid UTF-8.
bool is_valid_utf8(std::string_view text);

// The offset of the first byte that is not part of valid UTF-8, or npos.
std::size_t first_invalid_utf8(std::string_view text);

// `text` (valid UTF-8) with every code point c replaced by `map(c)`.
std::string map_code_points(std::string_view text, long (*map)(long));

}  // namespace leadlab
