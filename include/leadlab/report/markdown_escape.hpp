// Escaping for the Markdown report: user text kept as text in running text and table cells,
// in code spans, and inside a Mermaid chart's quoted strings, so that it cannot break a
// table, start a heading or inject HTML.
#pragma once

#include <string>
#include <string_view>

namespace leadlab {

// User text made safe inside Markdown running text or a table cell: no HTML, no heading,
// list, quote or code start, no table break, no link or emphasis syntax; newlines become
// spaces in a table cell (`in_table`) and hard breaks elsewhere.
std::string markdown_escape(std::string_view text, bool in_table = false);

// `text` on one line as an inline code span (`...`), fenced with more backticks than any run
// inside it, so that nothing in it ends the span early. Not for table cells (a `|` would
// still end the cell).
std::string markdown_code(std::string_view text);

// `text` made safe inside a quoted Mermaid string (`title "..."`, an axis label): one line
// of letters (any script), digits, spaces and . , : ! ? ( ) ' / + - = _ @ only; quotes and
// backticks become apostrophes, anything else (mark-up, `#` and `%` escapes, controls) a
// space; spaces collapsed; at most 60 columns.
std::string mermaid_text(std::string_view text);

// Appends `c` to `out` as Markdown running text: "<" and "&" as entities, the characters that
// begin inline mark-up (\ ` * _ [ ] | ~ $) behind a backslash, "#" behind one only when
// `hash_starts_mark_up` (at a line's start or after a blank), anything else as it is. ">"
// and line breaks are the caller's: their treatment depends on where the text goes.
void append_markdown_escaped(std::string& out, char c, bool hash_starts_mark_up);

}  // namespace leadlab
