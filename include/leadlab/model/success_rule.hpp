// A success rule: what an experiment counts as success, e.g. "nap(share) >= 0.66 and
// shift(questions)", parsed and checked against the experiment's metrics. Evaluating it
// against an analysis is analysis/verdict.hpp's evaluate_rule().
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "leadlab/model/error.hpp"

namespace leadlab {

// A success rule that does not parse. column() is 1-based, pointing into the rule's text.
class SuccessRuleError : public UsageError {
 public:
  SuccessRuleError(const std::string& what, int column, std::string hint = {})
      : UsageError(what, std::move(hint)), column_(column) {}
  int column() const { return column_; }

 private:
  int column_;
};

// What a clause looks at. nap, tau, tau_u and pnd are the mirrored effect sizes (higher is
// better also for Direction::kDown); median and mean are the test phase's raw values; shift
// and trend are met by a run-chart shift or trend in the better direction.
enum class RuleFunction { kNap, kTau, kTauU, kPnd, kMedian, kMean, kShift, kTrend };
enum class Comparator { kGreaterEqual, kGreater, kLessEqual, kLess, kEqual };

// shift and trend are met or not by themselves; every other function compares a number.
bool takes_comparison(RuleFunction function);
std::string_view to_string(RuleFunction function);  // "nap", "tau_u", ...
std::string_view to_string(Comparator comparator);  // ">=", ">", "<=", "<", "="

struct RuleClause {
  RuleFunction function = RuleFunction::kNap;
  std::string metric;
  std::optional<Comparator> comparator;  // nullopt for shift and trend
  double threshold = 0;
  std::string threshold_text;  // the threshold as written
  int column = 1;              // where the clause starts in the rule's text
  std::string text() const;    // canonical form, e.g. "nap(share) >= 0.66"
};

// A parsed success rule. Grammar (keywords and function names case-insensitive, metric
// names as defined):
//   rule   := clause ("and" clause)*
//   clause := ("nap" | "tau" | "tau_u" | "pnd" | "median" | "mean") "(" metric ")" op number
//           | ("shift" | "trend") "(" metric ")"
//   op     := ">=" | ">" | "<=" | "<" | "="        number := ["-"] digits ["." digits]
// At most 1,000 characters. Comparisons treat values within 1e-9 of the threshold as equal,
// so that binary rounding (2 * 0.66 - 1) cannot flip a result.
class SuccessRule {
 public:
  // Throws SuccessRuleError (with the column and, for a near miss, "did you mean ...") on a
  // syntax error, an unknown function, or a metric not in `known_metrics`. An empty rule is
  // an error too: callers with no rule should not parse one.
  static SuccessRule parse(std::string_view text, const std::vector<std::string>& known_metrics);

  const std::string& text() const { return text_; }
  const std::vector<RuleClause>& clauses() const { return clauses_; }

 private:
  SuccessRule() = default;
  std::string text_;
  std::vector<RuleClause> clauses_;
};

}  // namespace leadlab
