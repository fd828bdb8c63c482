#include "leadlab/actions/check.hpp"

#include <exception>

namespace leadlab {

JournalCheck check_journal(const Journal& journal) {
  const JournalInfo info = journal.info();
  JournalCheck check{.path = journal.path(),
                     .uuid = info.uuid,
                     .owner = info.owner,
                     .format_version = info.schema_version,
                     .latest_format_version = schema_migrations().back().version};
  try {
    check.problems = journal.integrity_problems();
    check.counts = journal.record_counts();
  } catch (const std::exception& e) {
    // A damaged file can fail the check itself: that is the finding.
    check.problems.push_back(e.what());
  }
  return check;
}

}  // namespace leadlab
