#include "leadlab/model/success_rule.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "leadlab/model/text.hpp"
#include "model/parse_cursor.hpp"

namespace leadlab {
namespace {

constexpr std::size_t kMaxRuleLength = 1000;
constexpr std::string_view kSpaces = " \t\n\r";

struct FunctionName {
  std::string_view name;
  RuleFunction function;
};
constexpr FunctionName kFunctions[] = {
    {"nap", RuleFunction::kNap},       {"tau", RuleFunction::kTau},
    {"tau_u", RuleFunction::kTauU},    {"pnd", RuleFunction::kPnd},
    {"median", RuleFunction::kMedian}, {"mean", RuleFunction::kMean},
    {"shift", RuleFunction::kShift},   {"trend", RuleFunction::kTrend},
};
constexpr const char* kFunctionList = "nap, tau, tau_u, pnd, median, mean, shift or trend";

std::string lower(std::string_view word) {
  std::string out(word);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

class RuleParser : ParseCursor<SuccessRuleError> {
 public:
  RuleParser(std::string_view text, const std::vector<std::string>& known)
      : ParseCursor(text, kSpaces), known_(known) {}

  std::vector<RuleClause> parse() {
    if (text_.size() > kMaxRuleLength)
      throw SuccessRuleError(
          "the success rule is longer than " + std::to_string(kMaxRuleLength) + " characters",
          static_cast<int>(kMaxRuleLength + 1));
    skip_space();
    if (at_end())
      throw SuccessRuleError("empty success rule", 1, "Write a rule such as nap(share) >= 0.66.");
    std::vector<RuleClause> clauses;
    for (;;) {
      clauses.push_back(clause());
      skip_space();
      if (at_end()) return clauses;
      const std::size_t start = pos_;
      if (lower(name()) != "and") {
        pos_ = start;
        unexpected("expected \"and\" or the end of the rule");
      }
      skip_space();
    }
  }

 private:
  // Names what stands at pos_: a whole word or number, one UTF-8 character, or the end.
  [[noreturn]] void unexpected(const std::string& expected) const {
    if (at_end()) fail(pos_, "unexpected end", ": " + expected);
    std::size_t end = pos_ + 1;
    if (is_name_char(text_[pos_]) || text_[pos_] == '.')
      while (end < text_.size() && (is_name_char(text_[end]) || text_[end] == '.')) ++end;
    else
      while (end < text_.size() && (static_cast<unsigned char>(text_[end]) & 0xC0) == 0x80) ++end;
    fail(pos_, "unexpected " + quote_token(text_.substr(pos_, end - pos_)), ": " + expected);
  }

  void expect(char c, const std::string& expected) {
    skip_space();
    if (at_end() || text_[pos_] != c) unexpected(expected);
    ++pos_;
  }

  RuleClause clause() {
    RuleClause clause;
    clause.column = static_cast<int>(pos_ + 1);
    clause.function = function();
    const std::string call = std::string(to_string(clause.function));
    expect('(', "expected \"(\" after " + call);
    skip_space();
    clause.metric = metric();
    expect(')', "expected \")\" after " + call + "(" + clause.metric);
    skip_space();
    const std::size_t op_pos = pos_;
    const std::optional<Comparator> op = comparator();
    if (!takes_comparison(clause.function)) {
      if (op)
        fail(op_pos, call + "(" + clause.metric + ") takes no comparison", "",
             call + " is met or not by itself: write " + call + "(" + clause.metric + ").");
      return clause;
    }
    if (!op)
      unexpected("expected a comparison (>=, >, <=, < or =) after " + call + "(" + clause.metric +
                 ")");
    clause.comparator = op;
    skip_space();
    number(clause);
    return clause;
  }

  RuleFunction function() {
    const std::size_t start = pos_;
    const std::string_view word = name();
    if (word.empty()) unexpected("expected a function such as nap(...), median(...) or shift(...)");
    const std::string key = lower(word);
    for (const auto& f : kFunctions)
      if (f.name == key) return f.function;
    std::vector<std::string> names;
    for (const auto& f : kFunctions) names.emplace_back(f.name);
    std::string hint;
    if (const auto guess = closest_match(key, names))
      hint = "did you mean \"" + *guess + "\"?";
    else if (std::find(known_.begin(), known_.end(), word) != known_.end())
      hint = "name a function of the metric, e.g. nap(" + std::string(word) + ") >= 0.66.";
    fail(start, "unknown function " + quote_token(word), ": expected " + std::string(kFunctionList),
         hint);
  }

  std::string metric() {
    const std::size_t start = pos_;
    const std::string_view word = name();
    if (word.empty()) unexpected("expected a metric name");
    if (std::find(known_.begin(), known_.end(), word) != known_.end()) return std::string(word);
    std::string hint;
    if (const auto guess = closest_match(word, known_)) {
      hint = "did you mean \"" + *guess + "\"?";
    } else if (!known_.empty()) {
      hint = "the experiment's metrics are ";
      for (std::size_t i = 0; i < known_.size(); ++i) hint += (i ? ", " : "") + known_[i];
    }
    fail(start, "unknown metric " + quote_token(word), "", hint);
  }

  std::optional<Comparator> comparator() {
    auto next_is = [this](std::string_view op) { return text_.substr(pos_).starts_with(op); };
    constexpr std::pair<std::string_view, Comparator> kOps[] = {
        {">=", Comparator::kGreaterEqual}, {"<=", Comparator::kLessEqual},
        {"==", Comparator::kEqual},        {">", Comparator::kGreater},
        {"<", Comparator::kLess},          {"=", Comparator::kEqual},
    };
    for (const auto& [op, comparator] : kOps) {
      if (!next_is(op)) continue;
      pos_ += op.size();
      return comparator;
    }
    return std::nullopt;
  }

  void number(RuleClause& clause) {
    const std::size_t start = pos_;
    if (pos_ < text_.size() && text_[pos_] == '-') ++pos_;
    if (!at_digit()) {
      pos_ = start;
      unexpected("expected a number");
    }
    if (!decimal()) unexpected("expected a digit after \".\"");
    clause.threshold_text = std::string(text_.substr(start, pos_ - start));
    const auto [end, ec] =
        std::from_chars(text_.data() + start, text_.data() + pos_, clause.threshold);
    if (ec != std::errc() || !std::isfinite(clause.threshold))
      fail(start, "number " + quote_token(clause.threshold_text) + " out of range", "");
  }

  const std::vector<std::string>& known_;
};

}  // namespace

bool takes_comparison(RuleFunction f) {
  return f != RuleFunction::kShift && f != RuleFunction::kTrend;
}

std::string_view to_string(RuleFunction function) {
  for (const auto& f : kFunctions)
    if (f.function == function) return f.name;
  return "nap";
}

std::string_view to_string(Comparator comparator) {
  switch (comparator) {
    case Comparator::kGreaterEqual:
      return ">=";
    case Comparator::kGreater:
      return ">";
    case Comparator::kLessEqual:
      return "<=";
    case Comparator::kLess:
      return "<";
    case Comparator::kEqual:
      return "=";
  }
  return "=";
}

std::string RuleClause::text() const {
  std::string out = std::string(to_string(function)) + "(" + metric + ")";
  if (comparator) out += " " + std::string(to_string(*comparator)) + " " + threshold_text;
  return out;
}

SuccessRule SuccessRule::parse(std::string_view text,
                               const std::vector<std::string>& known_metrics) {
  SuccessRule rule;
  rule.clauses_ = RuleParser(text, known_metrics).parse();
  rule.text_ = std::string(trim_spaces(text, kSpaces));
  return rule;
}

}  // namespace leadlab
