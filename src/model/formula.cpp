#include "leadlab/model/formula.hpp"

#include <charconv>
#include <cmath>
#include <system_error>
#include <utility>

#include "model/parse_cursor.hpp"

namespace leadlab {
namespace {

constexpr std::size_t kMaxLength = 1000;
constexpr int kMaxDepth = 64;
constexpr std::size_t kMaxNameLength = 64;
constexpr const char* kExpectOperand = "expected a number, a metric name or \"(\"";
constexpr std::string_view kSpaces = " \t\n\r\f\v";

}  // namespace

bool is_metric_name(std::string_view name) {
  if (name.empty() || name.size() > kMaxNameLength || !is_name_start(name[0])) return false;
  for (char c : name)
    if (!is_name_char(c)) return false;
  return true;
}

// The expression in postfix order. Evaluation is then a loop over a value stack rather than a
// recursion, and destruction is flat, so a long chain like a+a+...+a costs no stack depth.
struct Formula::Node {
  enum class Op : unsigned char { kNumber, kName, kNegate, kAdd, kSubtract, kMultiply, kDivide };
  struct Step {
    Op op;
    double number = 0;     // kNumber
    std::size_t name = 0;  // kName: index into Formula::names_
  };
  std::vector<Step> steps;
};

namespace {

using Op = Formula::Node::Op;

class Parser : ParseCursor<FormulaError> {
 public:
  explicit Parser(std::string_view text) : ParseCursor(text, kSpaces) {}

  void parse() {
    if (!next())
      throw FormulaError("empty formula", 1,
                         "Write an expression such as questions / (questions + statements).");
    expr(0);
    if (!next()) return;
    if (text_[pos_] == ')') fail(pos_, "unmatched \")\"", ": there is no \"(\" to close");
    unexpected("expected an operator or the end of the formula");
  }

  Formula::Node node;
  std::vector<std::string> names;

 private:
  // Names the token at pos_ (a whole number or name, else one byte) or the end of the text.
  [[noreturn]] void unexpected(const std::string& expected) const {
    if (at_end()) fail(pos_, "unexpected end", ": " + expected);
    std::size_t end = pos_ + 1;
    if (is_name_char(text_[pos_]))
      while (end < text_.size() && (is_name_char(text_[end]) || text_[end] == '.')) ++end;
    fail(pos_, "unexpected " + quote_token(text_.substr(pos_, end - pos_)), ": " + expected);
  }

  // Skips whitespace and returns false at the end. A byte that cannot start any token is
  // reported here, so every other error can describe what it found as a token.
  bool next() {
    skip_space();
    if (at_end()) return false;
    char c = text_[pos_];
    if (!is_name_char(c) && std::string_view("+-*/().").find(c) == std::string_view::npos)
      fail(pos_, "unknown character " + quote_text(text_.substr(pos_, 1)), "",
           c == '=' ? "Write only the right-hand side, e.g. questions / (questions + statements)."
                    : "A formula uses metric names, numbers, + - * / and parentheses.");
    return true;
  }

  void expr(int depth) {
    term(depth);
    while (next() && (text_[pos_] == '+' || text_[pos_] == '-')) {
      Op op = text_[pos_++] == '+' ? Op::kAdd : Op::kSubtract;
      term(depth);
      node.steps.push_back({op});
    }
  }

  void term(int depth) {
    factor(depth);
    while (next() && (text_[pos_] == '*' || text_[pos_] == '/')) {
      Op op = text_[pos_++] == '*' ? Op::kMultiply : Op::kDivide;
      factor(depth);
      node.steps.push_back({op});
    }
  }

  // Only '(' and unary '-' recurse, and both count towards the depth limit, so the recursion
  // stays within kMaxDepth levels whatever the input.
  void factor(int depth) {
    if (!next()) unexpected(kExpectOperand);
    char c = text_[pos_];
    if (is_ascii_digit(c)) return number();
    if (is_name_start(c)) return name();
    if (c != '(' && c != '-') unexpected(kExpectOperand);
    if (depth >= kMaxDepth)
      fail(pos_, "too deeply nested", ": at most 64 levels of parentheses and unary minus");
    std::size_t open = pos_++;
    if (c == '-') {
      factor(depth + 1);
      node.steps.push_back({Op::kNegate});
      return;
    }
    expr(depth + 1);
    std::string to_close = " to close the \"(\" at column " + std::to_string(open + 1);
    if (!next()) fail(pos_, "missing \")\"", to_close);
    if (text_[pos_] != ')') unexpected("expected an operator or \")\"" + to_close);
    ++pos_;
  }

  void number() {
    std::size_t start = pos_;
    if (!decimal()) unexpected("expected a digit after \".\"");
    std::string_view digits = text_.substr(start, pos_ - start);
    // "1e5", "1.2.3" and "2x" would otherwise read as a number followed by something else.
    if (pos_ < text_.size() && (is_name_char(text_[pos_]) || text_[pos_] == '.'))
      unexpected("expected an operator after the number " + quote_text(digits) +
                 " (numbers are digits with an optional fraction, like 12 or 0.5)");
    double value = 0;
    auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value,
                                     std::chars_format::fixed);
    if (ec != std::errc() || ptr != digits.data() + digits.size())
      fail(start, "number " + quote_token(digits), " is out of range");
    node.steps.push_back({Op::kNumber, value});
  }

  void name() {
    std::size_t start = pos_;
    std::string_view name = ParseCursor::name();
    if (name.size() > kMaxNameLength)
      fail(start, "metric name " + quote_token(name), " is longer than 64 characters");
    std::size_t index = 0;
    while (index < names.size() && names[index] != name) ++index;
    if (index == names.size()) names.emplace_back(name);
    node.steps.push_back({Op::kName, 0, index});
  }
};

}  // namespace

Formula Formula::parse(std::string_view text) {
  if (text.size() > kMaxLength)
    throw FormulaError(
        "formula is too long: " + std::to_string(text.size()) + " characters, at most 1000",
        static_cast<int>(kMaxLength + 1));
  Parser parser(text);
  parser.parse();
  Formula formula;
  formula.text_ = std::string(trim_spaces(text, kSpaces));
  formula.names_ = std::move(parser.names);
  formula.root_ = std::make_shared<const Node>(std::move(parser.node));
  return formula;
}

std::optional<double> Formula::evaluate(const Lookup& lookup) const {
  if (!root_ || (!names_.empty() && !lookup)) return std::nullopt;  // moved-from, no lookup
  // Each name is looked up once, even if it appears several times.
  std::vector<double> values;
  values.reserve(names_.size());
  for (const std::string& name : names_) {
    std::optional<double> value = lookup(name);
    if (!value || !std::isfinite(*value)) return std::nullopt;
    values.push_back(*value);
  }
  std::vector<double> stack;
  for (const Node::Step& step : root_->steps) {
    if (step.op == Op::kNumber || step.op == Op::kName) {
      stack.push_back(step.op == Op::kNumber ? step.number : values[step.name]);
      continue;
    }
    if (step.op == Op::kNegate) {
      stack.back() = -stack.back();
      continue;
    }
    double rhs = stack.back();
    stack.pop_back();
    double& lhs = stack.back();
    switch (step.op) {
      case Op::kAdd:
        lhs += rhs;
        break;
      case Op::kSubtract:
        lhs -= rhs;
        break;
      case Op::kMultiply:
        lhs *= rhs;
        break;
      default:
        if (rhs == 0.0) return std::nullopt;
        lhs /= rhs;
    }
    // Checked at each step: an infinity in the middle could otherwise turn back into a finite
    // but meaningless result (1 / inf = 0).
    if (!std::isfinite(lhs)) return std::nullopt;
  }
  // + 0.0 turns -0 into 0, so "-0" is never shown.
  return stack.size() == 1 ? std::optional<double>(stack.back() + 0.0) : std::nullopt;
}

Formula::Formula(Formula&&) noexcept = default;
Formula& Formula::operator=(Formula&&) noexcept = default;
Formula::Formula(const Formula&) = default;
Formula& Formula::operator=(const Formula&) = default;
Formula::~Formula() = default;

}  // namespace leadlab
