#include "leadlab/model/text.hpp"

#include <doctest/doctest.h>

#include <charconv>
#include <cmath>
#include <string>
#include <vector>

using leadlab::terminal_safe;

TEST_CASE("terminal escapes in user text are shown, never sent to the terminal") {
  CHECK(terminal_safe("a\x1b[2Jb") == "a\\x1b[2Jb");
  CHECK(terminal_safe("\x1b]0;pwned\x07") == "\\x1b]0;pwned\\x07");
  CHECK(terminal_safe("del\x7f") == "del\\x7f");
}

TEST_CASE("C1 controls and bidi overrides are shown as code points") {
  CHECK(terminal_safe("a\xc2\x9b"
                      "b") == "a\\u009bb");  // U+009B CSI
  CHECK(terminal_safe("\xe2\x80\xae"
                      "txt") == "\\u202etxt");          // RIGHT-TO-LEFT OVERRIDE
  CHECK(terminal_safe("\xe2\x81\xa6x") == "\\u2066x");  // LEFT-TO-RIGHT ISOLATE
}

TEST_CASE("invalid UTF-8 becomes the replacement character") {
  CHECK(terminal_safe("a\xff"
                      "b") ==
        "a\xef\xbf\xbd"
        "b");
  CHECK(terminal_safe("\xc0\xaf") == "\xef\xbf\xbd\xef\xbf\xbd");                  // overlong '/'
  CHECK(terminal_safe("\xed\xa0\x80") == "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");  // surrogate
}

TEST_CASE("newlines and tabs are kept in multi-line fields and shown in one-line ones") {
  CHECK(terminal_safe("a\nb\tc", true) == "a\nb\tc");
  CHECK(terminal_safe("a\nb\tc") == "a\\nb\\tc");
}

TEST_CASE("ordinary Unicode text passes through unchanged") {
  CHECK(terminal_safe("Zoë asked 3 questions — ✓ 日本") == "Zoë asked 3 questions — ✓ 日本");
}

TEST_CASE("display width counts wide characters twice and combining marks not at all") {
  CHECK(leadlab::display_width("abc") == 3);
  CHECK(leadlab::display_width("Zoë") == 3);
  CHECK(leadlab::display_width("日本") == 4);
  CHECK(leadlab::display_width("e\xcc\x81") == 1);
}

TEST_CASE("fitting text to a width cuts whole characters and marks the cut") {
  CHECK(leadlab::fit_width("hello world", 8) == "hello w…");
  CHECK(leadlab::fit_width("hello world", 8, true) == "hello...");
  CHECK(leadlab::fit_width("short", 8) == "short");
  CHECK(leadlab::fit_width("日本語です", 5) == "日本…");
}

TEST_CASE("the closest name is suggested only for plausible typos") {
  const std::vector<std::string> names{"questions", "statements", "share"};
  CHECK(leadlab::closest_match("questoins", names) == "questions");
  CHECK(leadlab::closest_match("Share", names) == "share");
  CHECK_FALSE(leadlab::closest_match("mood", names).has_value());
}

TEST_CASE("numbers print without needless zeros") {
  CHECK(leadlab::format_number(3) == "3");
  CHECK(leadlab::format_number(0.25) == "0.25");
  CHECK(leadlab::format_number(4.0 / 7.0) == "0.57");
  CHECK(leadlab::format_number(-0.0001) == "0");
  CHECK(leadlab::format_number(0.125) == "0.12");  // the binary value's exact tie: to even
  CHECK(leadlab::format_number(2.675) == "2.67");  // 2.67499999... in binary
  CHECK(leadlab::format_number(1e20) == "100000000000000000000");  // whole, not cut short
  CHECK(leadlab::format_number(1.0 / 3.0, 6) == "0.333333");
}

TEST_CASE("fractions print as to_chars rounds them, ties and near-ties included") {
  // format_number rounds most fractions in integers; these are the cases that must agree with
  // to_chars's correctly rounded digits (then trimmed of their trailing zeros).
  const auto expected = [](double v, int decimals) {
    char buf[400];
    std::string s(buf,
                  std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, decimals).ptr);
    if (s.find('.') != std::string::npos) {
      while (s.back() == '0') s.pop_back();
      if (s.back() == '.') s.pop_back();
    }
    return s == "-0" ? std::string("0") : s;
  };
  std::vector<double> values{0.125, -0.125,     0.005,         0.015,     1.005,
                             2.675, 0.0625,     999999999.995, 1e9 + 0.5, 1e-300,
                             -1e-7, 123456.789, 4.0 / 7.0,     -2.0 / 3.0};
  for (int a = 0; a < 200; ++a)
    for (const int b : {3, 7, 8, 40, 100, 1000}) {
      const double v = (a + 0.5) / b;
      values.insert(values.end(), {v, -v, std::nextafter(v, 1e9), std::nextafter(v, -1e9)});
    }
  for (const double v : values)
    for (int decimals = 0; decimals <= 7; ++decimals) {
      CAPTURE(v);
      CAPTURE(decimals);
      CHECK(leadlab::format_number(v, decimals) == expected(v, decimals));
    }
}

TEST_CASE("wrapping breaks at spaces, keeps line breaks and never splits a long word") {
  CHECK(leadlab::wrap("ask more questions than statements", 14) ==
        std::vector<std::string>{"ask more", "questions than", "statements"});
  CHECK(leadlab::wrap("one\ntwo", 80) == std::vector<std::string>{"one", "two"});
  CHECK(leadlab::wrap("supercalifragilistic x", 5) ==
        std::vector<std::string>{"supercalifragilistic", "x"});
}

TEST_CASE("wrapping may cut a word too long for any line, between code points, by columns") {
  CHECK(leadlab::wrap("supercalifragilistic x", 5, true) ==
        std::vector<std::string>{"super", "calif", "ragil", "istic", "x"});
  // U+65E5 ... take two columns each: at most two fit 5 columns.
  CHECK(leadlab::wrap("\u65e5\u672c\u8a9e\u30c6\u30ad", 5, true) ==
        std::vector<std::string>{"\u65e5\u672c", "\u8a9e\u30c6", "\u30ad"});
  // U+00E9 is two bytes and one column: never split inside it.
  CHECK(leadlab::wrap("\u00e9\u00e9\u00e9\u00e9\u00e9", 2, true) ==
        std::vector<std::string>{"\u00e9\u00e9", "\u00e9\u00e9", "\u00e9"});
  CHECK(leadlab::wrap("ask more questions", 9, true) ==
        std::vector<std::string>{"ask more", "questions"});
}

TEST_CASE("a shell word is left bare when safe and single-quoted otherwise") {
  CHECK(leadlab::shell_quote("question-ratio") == "question-ratio");
  CHECK(leadlab::shell_quote("weekly planning") == "'weekly planning'");
  CHECK(leadlab::shell_quote("Ana's 1:1") == "'Ana'\\''s 1:1'");
  CHECK(leadlab::shell_quote("$(rm -rf ~)") == "'$(rm -rf ~)'");
  CHECK(leadlab::shell_quote("") == "''");
}

TEST_CASE("invisible controls are escaped as JSON reads them back, everything else kept") {
  using leadlab::escape_invisible_controls;
  // DEL, U+009B CSI, U+202E RLO, U+2066 LRI, U+200E LRM, U+061C ALM, U+2028 LS.
  CHECK(escape_invisible_controls("a\x7f"
                                  "b\xc2\x9b"
                                  "31m\xe2\x80\xae"
                                  "x\xe2\x81\xa6\xe2\x80\x8e\xd8\x9c\xe2\x80\xa8") ==
        "a\\u007fb\\u009b31m\\u202ex\\u2066\\u200e\\u061c\\u2028");
  // Text with none of them, with other characters of the same lead bytes, or not UTF-8 at
  // all is as it was.
  const std::string plain = "Zoë — ✓ \xc2\xa0 \xd8\xa8 \xe2\x80\x94 \xff \\u009b";
  CHECK(escape_invisible_controls(plain) == plain);
  CHECK(escape_invisible_controls("") == "");
}

TEST_CASE("the line and paragraph separators are shown on a terminal too") {
  CHECK(terminal_safe("a\xe2\x80\xa8"
                      "b\xe2\x80\xa9") == "a\\u2028b\\u2029");
}
