// libFuzzer target: the Markdown report's escapers. Whatever the user wrote, running text
// and table cells carry no raw HTML ('<'), no control byte a terminal or viewer would act
// on, and a cell stays one line in which every '|' is escaped; code spans stay one line;
// Mermaid strings cannot end their quotes.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_support.hpp"
#include "leadlab/model/text.hpp"
#include "leadlab/report/markdown_report.hpp"

using leadlab::fuzz::has_c1_or_bidi;
using leadlab::fuzz::has_raw_control;
using leadlab::fuzz::require;

namespace {

// Every '|' follows an odd run of backslashes: escaped, so it cannot end a table cell.
bool pipes_escaped(std::string_view text) {
  std::size_t backslashes = 0;
  for (const char c : text) {
    if (c == '|' && backslashes % 2 == 0) return false;
    backslashes = c == '\\' ? backslashes + 1 : 0;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::string running = leadlab::markdown_escape(text);
  require(running.find('<') == std::string::npos, "running text has no raw HTML");
  require(!has_raw_control(running, "\n"), "running text has no control byte");
  require(!has_c1_or_bidi(running), "running text has no C1 or bidi control");
  require(leadlab::is_valid_utf8(running), "running text is UTF-8");
  const std::string cell = leadlab::markdown_escape(text, true);
  require(cell.find('<') == std::string::npos, "a cell has no raw HTML");
  require(!has_raw_control(cell), "a cell is one line without control bytes");
  require(pipes_escaped(cell), "a cell's pipes are escaped");
  const std::string code = leadlab::markdown_code(text);
  require(!has_raw_control(code), "a code span is one line without control bytes");
  const std::string mermaid = leadlab::mermaid_text(text);
  require(!has_raw_control(mermaid), "a Mermaid string is one line");
  for (const char c : mermaid)
    require(c != '"' && c != '<' && c != '`' && c != '#' && c != '%', "a Mermaid string is plain");
  return 0;
}
