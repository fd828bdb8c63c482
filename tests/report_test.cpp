// The Markdown escaper: nothing a user types can start a block, break a table, add emphasis
// or links, or reach the page as HTML.
#include "leadlab/report.hpp"

#include <doctest/doctest.h>

using leadlab::markdown_escape;

TEST_CASE("markdown_escape keeps text as text") {
  struct Case {
    const char* in;
    const char* out;
    bool table;
  };
  const Case cases[] = {
      {"plain words, 3 of them.", "plain words, 3 of them.", false},
      {"# heading", "\\# heading", false},
      {"  ## indented heading", "\\## indented heading", false},
      {"- item", "\\- item", false},
      {"+ item", "\\+ item", false},
      {"1. first", "1\\. first", false},
      {"12) twelfth", "12\\) twelfth", false},
      {"===", "\\===", false},
      {"> quoted", "&gt; quoted", false},
      {"<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;", false},
      {"<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;", false},
      {"&amp; &#60;", "&amp;amp; &amp;#60;", false},
      {"a | b", "a \\| b", true},
      {"*bold* _em_ `code` ~strike~", "\\*bold\\* \\_em\\_ \\`code\\` \\~strike\\~", false},
      {"[link](javascript:alert(1))", "\\[link\\](javascript:alert(1))", false},
      {"![img](x)", "\\!\\[img\\](x)", false},
      {"back\\slash", "back\\\\slash", false},
      {"one\ntwo", "one\\\ntwo", false},
      {"one\ntwo", "one two", true},
      {"one\n\n# two", "one\\\n\\# two", false},
      {"    code block?", "code block?", false},
      {"```\nfence", "\\`\\`\\`\\\nfence", false},
      {"\x1b]0;pwned\x07 title", "\\\\x1b\\]0;pwned\\\\x07 title", false},
  };
  for (const auto& c : cases) {
    CAPTURE(c.in);
    CHECK(markdown_escape(c.in, c.table) == c.out);
  }
}

TEST_CASE("escaped text has no raw HTML, no line that starts a block, and no bare pipe") {
  const char* hostile[] = {
      "| <b>x</b> # h", "\n\n- a\n* b\n# c\n> d\n1. e\n    f", "a|b|c",
      "<!-- c -->",     "</td></tr></table><h1>x</h1>",        "\xe2\x80\xae rtl"};
  for (const char* text : hostile) {
    CAPTURE(text);
    for (const bool table : {false, true}) {
      const std::string out = markdown_escape(text, table);
      CHECK(out.find('<') == std::string::npos);
      CHECK(out.find('>') == std::string::npos);
      if (table) CHECK(out.find('\n') == std::string::npos);
      for (std::size_t at = 0; at < out.size(); ++at) {
        if (out[at] == '|') CHECK((at > 0 && out[at - 1] == '\\'));
        const bool line_start = at == 0 || out[at - 1] == '\n';
        if (line_start) CHECK(std::string("#-+*>=").find(out[at]) == std::string::npos);
      }
    }
  }
}
