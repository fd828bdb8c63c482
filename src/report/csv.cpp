#include "leadlab/report/csv.hpp"

#include <string>
#include <string_view>

#include "leadlab/model/dates.hpp"
#include "leadlab/model/text.hpp"
#include "leadlab/model/values.hpp"

namespace leadlab {
namespace {

std::string quoted(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string csv_field(std::string_view text, CsvText how) {
  return how == CsvText::kVisible ? quoted(terminal_safe(text)) : quoted(text);
}

}  // namespace

void write_entries_csv_header(std::ostream& out) {
  out << "experiment,experiment_title,entry,date,time,phase,metric,kind,value,note,as_planned,"
         "deviation,entry_uuid\r\n";
}

void write_entries_csv(std::ostream& out, const Experiment& e, const std::vector<Entry>& entries,
                       CsvText text) {
  const EntryValues values_of(e);
  for (const auto& entry : entries) {
    for (const auto& [metric, value] : values_of(entry)) {
      if (!value) continue;
      out << e.id << ',' << csv_field(e.title, text) << ',' << entry.id << ','
          << format_date(entry.date) << ',' << entry.time << ','
          << to_string(e.phase_of(entry.date)) << ',' << metric->name << ','
          << to_string(metric->kind) << ',' << format_number(*value, 6) << ','
          << csv_field(entry.note, text) << ',' << (entry.as_planned ? "yes" : "no") << ','
          << csv_field(entry.deviation, text) << ',' << entry.uuid << "\r\n";
    }
  }
}

}  // namespace leadlab
