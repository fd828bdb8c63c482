// Small pieces the analysis renderings share: labelled fields wrapped to the width, signed
// numbers, and sparklines cut to fit. Private to src/.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "leadlab/analysis/analysis.hpp"
#include "leadlab/analysis/series.hpp"
#include "leadlab/model/model.hpp"
#include "leadlab/report/text_view.hpp"

namespace leadlab::view {

// "  label       value" with the label in a gutter of `gutter` columns after `indent` spaces;
// the value is wrapped to the rest of the width, continuation lines under its first column,
// and each line is styled with `sgr` (when options.color and sgr is not null). Nothing for
// an empty value.
void field(std::string& out, const RenderOptions& options, std::string_view label,
           std::string_view value, const char* sgr = nullptr, int indent = 2, int gutter = 12);

// A number as people read it (format_number), or "-" when there is none.
std::string number(const std::optional<double>& value);

// A week's value as the views print it: for a count or minutes the mean per occasion with
// the week's total in brackets ("4 (8)"), else number(value).
std::string week_value(const PeriodValue& value);

// What a week's value of `metric` is, in words: "mean per occasion" (count, minutes),
// "mean", "formula over the week's sums".
std::string_view week_value_words(const Metric& metric);

// A change with its sign: "+0.36", "-2", "0"; "-" when there is none.
std::string signed_number(const std::optional<double>& value);

// A sparkline of `values` in at most `width` columns: the last values that fit, with
// " (last N of M)" appended when some were left out.
std::string fitted_sparkline(const std::vector<std::optional<double>>& values, int width,
                             bool ascii);

// A run-chart signal in words: "6 test points above the baseline median 0.25, 2026-10-15 to
// 2026-11-02 (better)" for a shift around `centre`, "5 test points rising, ..." for a trend.
std::string signal_description(const Stretch& stretch, bool shift, std::optional<double> centre,
                               Day from, Day to);

// Every line of `text` (lines joined by '\n') preceded by `indent` spaces, each ending in '\n'.
std::string indented(std::string_view text, int indent);

}  // namespace leadlab::view
