// libFuzzer target: the success-rule parser (`--success "nap(share) >= 0.66 and ..."`).
// Any input ends in a rule or a SuccessRuleError whose column points into the text; a parsed
// rule names only known metrics, each clause's canonical text parses again, and a rule
// evaluated without data is "not enough data".
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.hpp"
#include "leadlab/analysis/analysis.hpp"

using leadlab::fuzz::require;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::vector<std::string> known = {"share", "questions", "statements", "mood_1"};
  try {
    const leadlab::SuccessRule rule = leadlab::SuccessRule::parse(text, known);
    require(!rule.clauses().empty(), "a rule has a clause");
    for (const auto& clause : rule.clauses()) {
      require(std::find(known.begin(), known.end(), clause.metric) != known.end(),
              "a clause names a known metric");
      const auto again = leadlab::SuccessRule::parse(clause.text(), known);
      require(again.clauses().size() == 1, "a clause's text parses as one clause");
      require(again.clauses()[0].text() == clause.text(), "a clause's text is canonical");
    }
    const auto result = evaluate_rule(rule, [](std::string_view) { return nullptr; });
    require(result.state == leadlab::RuleState::kNotEnoughData, "no data: not enough data");
    require(result.clauses.size() == rule.clauses().size(), "a result per clause");
  } catch (const leadlab::SuccessRuleError& e) {
    require(e.column() >= 1 && static_cast<std::size_t>(e.column()) <= size + 1,
            "the error's column is within the text");
  }
  return 0;
}
