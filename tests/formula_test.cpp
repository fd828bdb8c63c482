#include "leadlab/model/formula.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <map>
#include <random>
#include <string>
#include <utility>

using leadlab::Formula;
using leadlab::FormulaError;

namespace {

using Values = std::map<std::string, double, std::less<>>;

Formula::Lookup lookup_in(const Values& values) {
  return [&values](std::string_view name) -> std::optional<double> {
    auto it = values.find(name);
    if (it == values.end()) return std::nullopt;
    return it->second;
  };
}

std::optional<double> eval(std::string_view text, const Values& values = {}) {
  return Formula::parse(text).evaluate(lookup_in(values));
}

// Checks that text is rejected with exactly this message and column.
void check_error(std::string_view text, const std::string& message, int column) {
  CAPTURE(std::string(text));
  try {
    Formula::parse(text);
    FAIL_CHECK("parsed, but expected: " << message);
  } catch (const FormulaError& e) {
    CHECK(std::string(e.what()) == message);
    CHECK(e.column() == column);
  }
}

std::string repeat(std::string_view part, int times) {
  std::string out;
  for (int i = 0; i < times; ++i) out += part;
  return out;
}

}  // namespace

TEST_CASE("multiplication and division bind tighter than addition and subtraction") {
  CHECK(eval("2 + 3 * 4") == 14);
  CHECK(eval("2 * 3 + 4") == 10);
  CHECK(eval("10 - 6 / 2") == 7);
}

TEST_CASE("operators of equal precedence associate to the left") {
  CHECK(eval("8 - 3 - 2") == 3);
  CHECK(eval("8 / 4 / 2") == 1);
  CHECK(eval("8 - 3 + 2") == 7);
  CHECK(eval("8 / 4 * 2") == 4);
}

TEST_CASE("parentheses group and may nest") {
  CHECK(eval("(2 + 3) * 4") == 20);
  CHECK(eval("8 - (3 - 2)") == 7);
  CHECK(eval("((1 + 2)) * (3)") == 9);
}

TEST_CASE("unary minus negates and may repeat") {
  const Values x{{"x", 2}};
  CHECK(eval("-x", x) == -2);
  CHECK(eval("--x", x) == 2);
  CHECK(eval("2 * -x", x) == -4);
  CHECK(eval("2 - -x", x) == 4);
  CHECK(eval("- (1 + 2)") == -3);
  CHECK(eval("-2 * 3") == -6);
  CHECK(std::signbit(*eval("-0")) == false);  // never shows as "-0"
}

TEST_CASE("numbers are digits with an optional fraction") {
  CHECK(eval("12 + 0.5") == 12.5);
  CHECK(eval("007") == 7);
  CHECK(eval("1.25") == 1.25);
}

TEST_CASE("the share formula gives the share of questions") {
  const Formula share = Formula::parse("questions / (questions + statements)");
  const Values values{{"questions", 3}, {"statements", 9}};
  CHECK(share.evaluate(lookup_in(values)) == 0.25);
}

TEST_CASE("division by zero gives no value") {
  CHECK(eval("0 / 0") == std::nullopt);
  CHECK(eval("1 / 0.0") == std::nullopt);
  CHECK(eval("a / (b - b)", {{"a", 1}, {"b", 4}}) == std::nullopt);
  CHECK(eval("1 / -0") == std::nullopt);
  CHECK(eval("0 / 5") == 0);
}

TEST_CASE("a name without a value gives no value") {
  CHECK(eval("a + b", {{"a", 1}}) == std::nullopt);
  CHECK(eval("0 * b") == std::nullopt);
  CHECK(eval("a + b", {{"a", 1}, {"b", INFINITY}}) == std::nullopt);
  CHECK(eval("a + b", {{"a", 1}, {"b", NAN}}) == std::nullopt);
  CHECK(Formula::parse("a").evaluate(nullptr) == std::nullopt);
  CHECK(Formula::parse("1").evaluate(nullptr) == 1);
}

TEST_CASE("a result that is not finite gives no value") {
  CHECK(eval("x * 10", {{"x", 1e308}}) == std::nullopt);
  CHECK(eval("1 / (x * 10)", {{"x", 1e308}}) == std::nullopt);  // not 0 via 1 / inf
  CHECK(eval("x * 10 - x * 10", {{"x", 1e308}}) == std::nullopt);
}

TEST_CASE("each name is looked up once") {
  int calls = 0;
  Formula formula = Formula::parse("a * a + a");
  CHECK(formula.evaluate([&calls](std::string_view) -> std::optional<double> {
    ++calls;
    return 2.0;
  }) == 6);
  CHECK(calls == 1);
}

TEST_CASE("names are listed once each in order of first appearance") {
  CHECK(Formula::parse("b + a * b + c / a").names() == std::vector<std::string>{"b", "a", "c"});
  CHECK(Formula::parse("1 + 2").names().empty());
  CHECK(Formula::parse("_x1 + X_2").names() == std::vector<std::string>{"_x1", "X_2"});
}

TEST_CASE("whitespace between tokens is ignored and trimmed from the text") {
  CHECK(eval(" \t a\n*( b +1 )\r\n ", {{"a", 2}, {"b", 3}}) == 8);
  CHECK(eval("a*(b+1)", {{"a", 2}, {"b", 3}}) == 8);
  CHECK(Formula::parse("  a +  b \n").text() == "a +  b");
}

TEST_CASE("an empty formula is rejected") {
  check_error("", "empty formula", 1);
  check_error(" \t\n", "empty formula", 1);
}

TEST_CASE("an unexpected token is reported with its column and what was expected") {
  const std::string operand = "expected a number, a metric name or \"(\"";
  check_error("questions / )", "unexpected \")\" at column 13: " + operand, 13);
  check_error("* a", "unexpected \"*\" at column 1: " + operand, 1);
  check_error("a + ", "unexpected end at column 5: " + operand, 5);
  check_error("()", "unexpected \")\" at column 2: " + operand, 2);
  check_error("a b", "unexpected \"b\" at column 3: expected an operator or the end of the formula",
              3);
  check_error("(a) 12",
              "unexpected \"12\" at column 5: expected an operator or the end of the formula", 5);
  check_error("a)", "unmatched \")\" at column 2: there is no \"(\" to close", 2);
  check_error("(a b)",
              "unexpected \"b\" at column 4: expected an operator or \")\" to close the \"(\" at "
              "column 1",
              4);
}

TEST_CASE("a missing closing parenthesis names the open one") {
  check_error("a * (b + (c - d)", "missing \")\" at column 17 to close the \"(\" at column 5", 17);
  check_error("(", "unexpected end at column 2: expected a number, a metric name or \"(\"", 2);
}

TEST_CASE("an unknown character is reported with its column") {
  check_error("a + b % c", "unknown character \"%\" at column 7", 7);
  check_error("a × b", "unknown character \"\\xC3\" at column 3", 3);  // columns count bytes
  check_error(std::string_view("a\0b", 3), "unknown character \"\\x00\" at column 2", 2);
  check_error("a \"b", "unknown character \"\\x22\" at column 3", 3);
  try {
    Formula::parse("share = a / b");
    FAIL_CHECK("parsed a whole definition");
  } catch (const FormulaError& e) {
    CHECK(std::string(e.hint()).find("right-hand side") != std::string::npos);
  }
}

TEST_CASE("malformed numbers are rejected") {
  const std::string fraction = " (numbers are digits with an optional fraction, like 12 or 0.5)";
  check_error("1.", "unexpected end at column 3: expected a digit after \".\"", 3);
  check_error("1.x", "unexpected \"x\" at column 3: expected a digit after \".\"", 3);
  check_error(".5", "unexpected \".\" at column 1: expected a number, a metric name or \"(\"", 1);
  check_error(
      "1e5",
      "unexpected \"e5\" at column 2: expected an operator after the number \"1\"" + fraction, 2);
  check_error(
      "1.2.3",
      "unexpected \".\" at column 4: expected an operator after the number \"1.2\"" + fraction, 4);
  check_error(
      "2x", "unexpected \"x\" at column 2: expected an operator after the number \"2\"" + fraction,
      2);
  const std::string huge = "1" + repeat("0", 400);
  check_error("1 + " + huge, "number \"" + huge.substr(0, 32) + "\"... at column 5 is out of range",
              5);
}

TEST_CASE("metric names are limited to 64 characters") {
  const std::string longest(64, 'a');
  CHECK(Formula::parse(longest).names() == std::vector<std::string>{longest});
  check_error("1 + " + longest + "b",
              "metric name \"" + longest.substr(0, 32) +
                  "\"... at column 5 is longer than 64 "
                  "characters",
              5);
  CHECK(leadlab::is_metric_name("questions"));
  CHECK(leadlab::is_metric_name("_a1"));
  CHECK(leadlab::is_metric_name(longest));
  CHECK_FALSE(leadlab::is_metric_name(longest + "a"));
  CHECK_FALSE(leadlab::is_metric_name(""));
  CHECK_FALSE(leadlab::is_metric_name("1a"));
  CHECK_FALSE(leadlab::is_metric_name("a-b"));
}

TEST_CASE("nesting is limited to 64 levels of parentheses and unary minus") {
  const std::string too_deep =
      "too deeply nested at column 65: at most 64 levels of "
      "parentheses and unary minus";
  CHECK(eval(repeat("(", 64) + "1" + repeat(")", 64)) == 1);
  check_error(repeat("(", 65) + "1" + repeat(")", 65), too_deep, 65);
  CHECK(eval(repeat("-", 64) + "1") == 1);
  check_error(repeat("-", 65) + "1", too_deep, 65);
  CHECK(eval(repeat("-(", 32) + "1" + repeat(")", 32)) == 1);
  check_error("-" + repeat("-(", 32) + "1" + repeat(")", 32), too_deep, 65);
}

TEST_CASE("text is limited to 1,000 characters") {
  const std::string chain = "a" + repeat("+a", 499) + " ";  // 1,000 characters
  CHECK(eval(chain, {{"a", 1}}) == 500);
  check_error(chain + "x", "formula is too long: 1001 characters, at most 1000", 1001);
  check_error(repeat("(", 999),
              "too deeply nested at column 65: at most 64 levels of "
              "parentheses and unary minus",
              65);
}

TEST_CASE("copies and moves of a formula keep working") {
  const Values values{{"a", 6}, {"b", 3}};
  Formula original = Formula::parse("a / b");
  Formula copy = original;
  CHECK(copy.evaluate(lookup_in(values)) == 2);
  CHECK(original.evaluate(lookup_in(values)) == 2);
  Formula assigned = Formula::parse("1");
  assigned = copy;
  CHECK(assigned.evaluate(lookup_in(values)) == 2);
  CHECK(assigned.names() == std::vector<std::string>{"a", "b"});
  Formula moved = std::move(original);
  CHECK(moved.evaluate(lookup_in(values)) == 2);
  CHECK(moved.text() == "a / b");
  Formula move_assigned = Formula::parse("1");
  move_assigned = std::move(moved);
  CHECK(move_assigned.evaluate(lookup_in(values)) == 2);
}

TEST_CASE("random input either parses or throws FormulaError") {
  // A small, deterministic fuzz pass; the sanitizer build turns any UB into a failure.
  std::string alphabet = "abe_1234567890.+-*/()  \t%=\xC3";
  alphabet += '\0';
  std::mt19937 random(20240601);
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
  std::uniform_int_distribution<int> length(0, 40);
  const Values values{{"a", 0}, {"b", 1e300}, {"e", -1}};
  int parsed = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string text;
    for (int n = length(random); n > 0; --n) text += alphabet[pick(random)];
    try {
      Formula formula = Formula::parse(text);
      ++parsed;
      std::optional<double> value = formula.evaluate(lookup_in(values));
      if (value) CHECK(std::isfinite(*value));
    } catch (const FormulaError& e) {
      CHECK(e.column() >= 1);
      CHECK(static_cast<std::size_t>(e.column()) <= text.size() + 1);
    }
  }
  CHECK(parsed > 0);
}
