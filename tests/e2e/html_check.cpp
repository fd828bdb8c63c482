#include "e2e/html_check.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "e2e/cli_runner.hpp"

namespace leadlab::testing {

std::optional<std::string> tidy_errors(const std::string& path, const std::string& text, bool xml) {
  const std::string tidy = "/usr/bin/tidy";
  if (!std::filesystem::exists(tidy)) return std::nullopt;
  std::ofstream(path, std::ios::binary) << text;
  std::vector<std::string> args = {"-q", "-e", "-utf8"};
  if (xml) args.push_back("-xml");
  args.push_back(path);
  const RunResult r = run_program(tidy, args, {});
  // tidy exits 0 when clean, 1 with warnings only, 2 with errors.
  std::string errors;
  std::istringstream lines(r.err);
  for (std::string line; std::getline(lines, line);)
    if (line.find("Error:") != std::string::npos) errors += line + "\n";
  if (r.exit_code >= 2 && errors.empty()) errors = r.err.empty() ? "tidy failed" : r.err;
  return errors;
}

void check_html_is_own(const std::string& html) {
  static const std::set<std::string> own = {
      "html",   "head", "meta",       "title",  "style",      "body",     "main",  "h1",
      "h2",     "h3",   "section",    "p",      "br",         "ul",       "li",    "strong",
      "code",   "pre",  "blockquote", "div",    "table",      "caption",  "thead", "tbody",
      "tr",     "th",   "td",         "figure", "figcaption", "svg",      "desc",  "g",
      "circle", "rect", "line",       "path",   "text",       "!DOCTYPE", "?xml",  "clipPath"};
  // Text never holds a raw '<' or '>', so each of these is a tag leadlab wrote.
  const std::regex tag("<(/?)([!?]?[A-Za-z0-9]+)([^<>]*)>");
  for (auto t = std::sregex_iterator(html.begin(), html.end(), tag); t != std::sregex_iterator();
       ++t) {
    const std::string name = (*t)[2];
    const std::string attributes = (*t)[3];
    CAPTURE(t->str());
    CHECK(own.count(name) == 1);
    CHECK_FALSE(std::regex_search(
        attributes, std::regex("\\s(on[a-z]+|src|href|xlink:href)\\s*=", std::regex::icase)));
  }
  // Every '<' and '>' is part of a tag: the rest of the text has none.
  CHECK(std::regex_replace(html, tag, "").find_first_of("<>") == std::string::npos);
  // No control character, and no bidi control (U+202A-U+202E, U+2066-U+2069), as bytes.
  std::size_t bad = std::string::npos;
  for (std::size_t i = 0; i < html.size() && bad == std::string::npos; ++i) {
    const auto c = static_cast<unsigned char>(html[i]);
    if ((c < 0x20 && c != '\n') || c == 0x7f) bad = i;
    if (c == 0xe2 && i + 2 < html.size()) {
      const auto b = static_cast<unsigned char>(html[i + 1]);
      const auto d = static_cast<unsigned char>(html[i + 2]);
      if ((b == 0x80 && d >= 0xaa && d <= 0xae) || (b == 0x81 && d >= 0xa6 && d <= 0xa9)) bad = i;
    }
  }
  CHECK_MESSAGE(bad == std::string::npos, "a control character at byte " << bad);
}

}  // namespace leadlab::testing
