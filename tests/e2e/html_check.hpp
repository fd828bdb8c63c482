// Checks of the HTML report and SVG charts shared by the end-to-end tests: validity with
// Debian's tidy, and user text kept as text (only leadlab's own elements, no attribute that
// runs or loads anything, no control character).
#pragma once

#include <optional>
#include <string>

namespace leadlab::testing {

// tidy's errors (not its warnings) on `text` written to `path`, one per line; with `xml`,
// as XML (a standalone SVG). nullopt when tidy is not installed.
std::optional<std::string> tidy_errors(const std::string& path, const std::string& text,
                                       bool xml = false);

// Fails the current test when `html` holds an element leadlab does not write, an event
// handler, a src or href attribute, or a control or bidi character.
void check_html_is_own(const std::string& html);

}  // namespace leadlab::testing
