// HTML for the report's HTML page and SVG charts (html_report.hpp, svg_chart.hpp): text
// escaped for element content and attribute values alike, and the Markdown the Markdown
// report writes turned into HTML, so that the page says what the Markdown report says
// without a second copy of its sentences.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace leadlab::html {

// `text` safe as HTML or XML element text and as a quoted attribute value: & < > " '
// as entities, and every control character (C0, C1, bidi, separators) made visible as
// terminal_safe writes it ("\x1b", "\u202e"), since none of them is text to show and the
// C0 ones are not allowed in XML at all. Newlines stay newlines.
std::string esc(std::string_view text);
// esc(text) appended to `out`, without a copy of its own (for the charts' many titles).
void append_esc(std::string& out, std::string_view text);

struct Page {
  std::string title;  // the text of the first level-1 heading
  std::string body;
};

// The Markdown the report writes (markdown_report.hpp) as HTML: headings, paragraphs with
// hard breaks, nested "- " lists, pipe tables with their alignment, block quotes, **bold**,
// code spans, backslash escapes and the entities the escaper writes. Each level-2 heading
// opens a <section>; one that begins "N. " is experiment N's, and its `charts` (by id) take
// the place of its Mermaid block, or close the section when it has none. Every character of
// text goes out through esc(): nothing in the Markdown becomes HTML mark-up except the
// structure above, so user text stays text even if the Markdown escaping missed something.
Page from_markdown(std::string_view markdown, const std::map<std::int64_t, std::string>& charts);
// from_markdown's body appended to `out` (a buffer reused from one experiment to the next).
void append_html(std::string& out, std::string_view markdown,
                 const std::map<std::int64_t, std::string>& charts);

}  // namespace leadlab::html
