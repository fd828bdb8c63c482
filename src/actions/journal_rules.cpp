#include "actions/journal_rules.hpp"

#include <chrono>
#include <utility>

#include "leadlab/model/rules.hpp"
#include "leadlab/model/text.hpp"

namespace leadlab {
namespace {

void add(std::vector<std::string>& out, const std::string& record,
         std::vector<std::string>&& problems) {
  for (auto& p : problems) out.push_back(record + ": " + p);
}

std::string a_kind(const std::string& kind) {
  return (kind == "experiment" || kind == "entry" ? "an " : "a ") + kind;
}

}  // namespace

Day latest_entry_day(Day today) { return today + std::chrono::days(1); }

std::vector<std::string> experiment_rule_problems(const Journal& journal, const Experiment& e,
                                                  Day latest) {
  std::vector<std::string> out;
  const std::string of = " of experiment " + std::to_string(e.id);
  add(out, "experiment " + std::to_string(e.id) + " (\"" + terminal_safe(e.title) + "\")",
      experiment_problems(e));
  for (const Entry& entry : journal.entries(e.id))
    add(out, "entry " + std::to_string(entry.id) + of, entry_problems(e, entry, latest));
  for (const Review& r : journal.reviews(e.id))
    add(out, "review " + r.uuid + of, review_problems(r));
  for (const Comment& c : journal.comments(e.id))
    add(out, "comment " + c.uuid + of, comment_problems(c));
  return out;
}

std::vector<std::string> shared_uuid_problems(const Journal& journal,
                                              const std::vector<std::string>& uuids) {
  std::vector<std::string> out;
  for (const auto& uuid : uuids) {
    const std::vector<std::string> kinds = journal.find_uuid(uuid);
    std::string held;
    for (std::size_t i = 0; i < kinds.size(); ++i)
      held += (i == 0 ? "" : i + 1 == kinds.size() ? " and " : ", ") + a_kind(kinds[i]);
    out.push_back("UUID " + uuid + " is held by " + held +
                  (kinds.size() == 2 && kinds[0] == "tombstone"
                       ? " (a record deleted here is live again)"
                       : "; a UUID names one record"));
  }
  return out;
}

std::vector<std::string> journal_rule_problems(const Journal& journal, Day latest) {
  const Journal::ReadTransaction snapshot = journal.begin_read();
  std::vector<std::string> out;
  for (const Experiment& e : journal.list_experiments()) {
    auto problems = experiment_rule_problems(journal, e, latest);
    out.insert(out.end(), std::make_move_iterator(problems.begin()),
               std::make_move_iterator(problems.end()));
  }
  auto shared = shared_uuid_problems(journal, journal.shared_uuids());
  out.insert(out.end(), std::make_move_iterator(shared.begin()),
             std::make_move_iterator(shared.end()));
  return out;
}

}  // namespace leadlab
