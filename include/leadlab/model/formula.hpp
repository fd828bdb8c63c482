// Derived metrics: a small, safe formula language over an experiment's metric names.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "leadlab/model/error.hpp"

namespace leadlab {

// True for a valid metric name: [A-Za-z_][A-Za-z0-9_]*, at most 64 characters.
bool is_metric_name(std::string_view name);

// A formula that does not parse. column() is 1-based, pointing into the formula's text.
class FormulaError : public UsageError {
 public:
  FormulaError(const std::string& what, int column, std::string hint = {})
      : UsageError(what, std::move(hint)), column_(column) {}
  int column() const { return column_; }

 private:
  int column_;
};

// A parsed formula. Grammar (usual precedence, left-associative):
//   expr   := term (('+' | '-') term)*
//   term   := factor (('*' | '/') factor)*
//   factor := number | name | '(' expr ')' | '-' factor
//   number := digits ['.' digits]
// Whitespace is ignored between tokens. Text is limited to 1,000 characters and nesting
// to 64 levels, so hostile input cannot exhaust the stack.
class Formula {
 public:
  // Throws FormulaError with the column of the first problem and what was expected there.
  static Formula parse(std::string_view text);

  // Metric names the formula uses, in order of first appearance, without duplicates.
  const std::vector<std::string>& names() const { return names_; }

  // The formula as written, surrounding whitespace trimmed.
  const std::string& text() const { return text_; }

  // Evaluates with values looked up by name. Returns nullopt ("no value") when a name has
  // no value, when a division by zero occurs, or when the result is not finite.
  using Lookup = std::function<std::optional<double>(std::string_view name)>;
  std::optional<double> evaluate(const Lookup& lookup) const;

  struct Node;  // the parsed expression tree (defined in formula.cpp)

  Formula(Formula&&) noexcept;
  Formula& operator=(Formula&&) noexcept;
  Formula(const Formula&);
  Formula& operator=(const Formula&);
  ~Formula();

 private:
  Formula() = default;
  std::string text_;
  std::vector<std::string> names_;
  std::shared_ptr<const Node> root_;
};

}  // namespace leadlab
