#include "leadlab/model/success_rule.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "leadlab/model/text.hpp"

namespace leadlab {
namespace {

constexpr std::size_t kMaxRuleLength = 1000;


constexpr std::size_t kMaxShownToken = 32;

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

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_name_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_name_char(char c) { return is_name_start(c) || is_digit(c); }
bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string lower(std::string_view word) {
  std::string out(word);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// Quotes user text for a message; bytes that are not printable ASCII become \xNN, so the
// message stays ASCII and shows exactly which byte is wrong.
std::string quote(std::string_view text) {
  if (text.size() > kMaxShownToken) return quote(text.substr(0, kMaxShownToken)) + "...";
  std::string out = "\"";
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte < 0x7f && c != '"' && c != '\\') {
      out += c;
    } else {
      out += "\\x";
      out += "0123456789ABCDEF"[byte >> 4];
      out += "0123456789ABCDEF"[byte & 0xF];
    }
  }
  return out + '"';
}

class RuleParser {
 public:
  RuleParser(std::string_view text, const std::vector<std::string>& known)
      : text_(text), known_(known) {}

  std::vector<RuleClause> parse() {
    if (text_.size() > kMaxRuleLength)
      throw SuccessRuleError(
          "the success rule is longer than " + std::to_string(kMaxRuleLength) + " characters",
          static_cast<int>(kMaxRuleLength + 1));
    skip_space();
    if (pos_ == text_.size())
      throw SuccessRuleError("empty success rule", 1, "Write a rule such as nap(share) >= 0.66.");
    std::vector<RuleClause> clauses;
    for (;;) {
      clauses.push_back(clause());
      skip_space();
      if (pos_ == text_.size()) return clauses;
      const std::size_t start = pos_;
      if (lower(name()) != "and") {
        pos_ = start;
        unexpected("expected \"and\" or the end of the rule");
      }
      skip_space();
    }
  }

 private:
  [[noreturn]] void fail(std::size_t pos, const std::string& head, const std::string& tail,
                         std::string hint = {}) const {
    throw SuccessRuleError(head + " at column " + std::to_string(pos + 1) + tail,
                           static_cast<int>(pos + 1), std::move(hint));
  }

  // Names what stands at pos_: a whole word or number, one UTF-8 character, or the end.
  [[noreturn]] void unexpected(const std::string& expected) const {
    if (pos_ == text_.size()) fail(pos_, "unexpected end", ": " + expected);
    std::size_t end = pos_ + 1;
    if (is_name_char(text_[pos_]) || text_[pos_] == '.')
      while (end < text_.size() && (is_name_char(text_[end]) || text_[end] == '.')) ++end;
    else
      while (end < text_.size() && (static_cast<unsigned char>(text_[end]) & 0xC0) == 0x80) ++end;
    fail(pos_, "unexpected " + quote(text_.substr(pos_, end - pos_)), ": " + expected);
  }

  void skip_space() {
    while (pos_ < text_.size() && is_space(text_[pos_])) ++pos_;
  }

  // A name at pos_, or empty when none starts there.
  std::string_view name() {
    const std::size_t start = pos_;
    if (pos_ < text_.size() && is_name_start(text_[pos_]))
      while (pos_ < text_.size() && is_name_char(text_[pos_])) ++pos_;
    return text_.substr(start, pos_ - start);
  }

  void expect(char c, const std::string& expected) {
    skip_space();
    if (pos_ == text_.size() || text_[pos_] != c) unexpected(expected);
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
    fail(start, "unknown function " + quote(word), ": expected " + std::string(kFunctionList),
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
    fail(start, "unknown metric " + quote(word), "", hint);
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
    if (pos_ == text_.size() || !is_digit(text_[pos_])) {
      pos_ = start;
      unexpected("expected a number");
    }
    while (pos_ < text_.size() && is_digit(text_[pos_])) ++pos_;
    if (pos_ < text_.size() && text_[pos_] == '.') {
      ++pos_;
      if (pos_ == text_.size() || !is_digit(text_[pos_]))
        unexpected("expected a digit after \".\"");
      while (pos_ < text_.size() && is_digit(text_[pos_])) ++pos_;
    }
    clause.threshold_text = std::string(text_.substr(start, pos_ - start));
    const auto [end, ec] =
        std::from_chars(text_.data() + start, text_.data() + pos_, clause.threshold);
    if (ec != std::errc() || !std::isfinite(clause.threshold))
      fail(start, "number " + quote(clause.threshold_text) + " out of range", "");
  }

  std::string_view text_;
  const std::vector<std::string>& known_;
  std::size_t pos_ = 0;
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
  const auto first = text.find_first_not_of(" \t\n\r");
  const auto last = text.find_last_not_of(" \t\n\r");
  rule.text_ = std::string(text.substr(first, last - first + 1));
  return rule;
}

}  // namespace leadlab
