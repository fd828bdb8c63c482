#include "report/view_support.hpp"

#include <algorithm>

#include "leadlab/model/dates.hpp"
#include "leadlab/model/text.hpp"
#include "leadlab/report/chart.hpp"

namespace leadlab::view {

void field(std::string& out, const RenderOptions& options, std::string_view label,
           std::string_view value, const char* sgr, int indent, int gutter) {
  if (value.empty()) return;
  const std::string lead(static_cast<std::size_t>(indent), ' ');
  bool first = true;
  for (const std::string& line : wrap(value, options.width - indent - gutter)) {
    out += lead + pad_right(first ? label : "", gutter);
    out += (sgr != nullptr ? styled(options, sgr, line) : line) + "\n";
    first = false;
  }
}

std::string number(const std::optional<double>& value) {
  return value ? format_number(*value) : "-";
}

std::string week_value(const PeriodValue& v) {
  if (!v.value || !v.sum) return number(v.value);
  return format_number(*v.value) + " (" + format_number(*v.sum) + ")";
}

std::string_view week_value_words(const Metric& metric) {
  switch (aggregate_of(metric.kind)) {
    case Aggregate::kSum:
      return "mean per occasion";
    case Aggregate::kMean:
      return "mean";
    case Aggregate::kFormula:
      break;
  }
  return "formula over the week's sums";
}

std::string signed_number(const std::optional<double>& value) {
  if (!value) return "-";
  const std::string text = format_number(*value);
  return (*value > 0 && text != "0") ? "+" + text : text;
}

std::string fitted_sparkline(const std::vector<std::optional<double>>& values, int width,
                             bool ascii) {
  const auto total = static_cast<int>(values.size());
  if (total <= width) return sparkline(values, ascii);
  // " (last NNNNN of NNNNN)" takes at most 22 columns.
  const auto shown = static_cast<std::size_t>(std::max(1, width - 22));
  const std::string note = " (last " + std::to_string(shown) + " of " + std::to_string(total) + ")";
  const std::vector<std::optional<double>> tail(values.end() - static_cast<long>(shown),
                                                values.end());
  return sparkline(tail, ascii) + note;
}

std::string signal_description(const Stretch& s, bool shift, std::optional<double> centre, Day from,
                               Day to) {
  std::string what = shift ? std::string(s.higher ? "above" : "below") + " the baseline median"
                           : std::string(s.higher ? "rising" : "falling");
  if (shift && centre) what += " " + format_number(*centre);
  return std::to_string(s.points) + " test points " + what + ", " + format_date(from) + " to " +
         format_date(to) + " (" + (s.better ? "better" : "worse") + ")";
}

std::string indented(std::string_view text, int indent) {
  const std::string lead(static_cast<std::size_t>(indent), ' ');
  std::string out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    out += lead;
    out.append(text.substr(start, end - start));
    out += '\n';
    start = end + 1;
  }
  return out;
}

}  // namespace leadlab::view
