#include "leadlab/actions/check.hpp"

#include <exception>
#include <utility>

#include "actions/journal_rules.hpp"

namespace leadlab {

JournalCheck check_journal(const Journal& journal, Day today) {
  const JournalInfo info = journal.info();
  JournalCheck check{.path = journal.path(),
                     .uuid = info.uuid,
                     .owner = info.owner,
                     .format_version = info.schema_version,
                     .latest_format_version = schema_migrations().back().version};
  try {
    check.problems = journal.integrity_problems();
    check.counts = journal.record_counts();
    for (auto& p : journal_rule_problems(journal, latest_entry_day(today)))
      check.problems.push_back(std::move(p));
  } catch (const std::exception& e) {
    // A damaged file can fail the check itself: that is the finding.
    check.problems.push_back(e.what());
  }
  return check;
}

}  // namespace leadlab
