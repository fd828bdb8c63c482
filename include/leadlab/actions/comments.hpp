// Comments: notes on an experiment by the leader or a coach, with their author and time.
// A coach's comments travel back to the leader in a bundle (see docs/bundle.md).
#pragma once

#include <cstdint>
#include <string>

#include "leadlab/model/model.hpp"
#include "leadlab/storage/journal.hpp"

namespace leadlab {

// Who writes a comment: `author` when given, else the journal's owner. UsageError when
// neither is known (a journal made by an import has no owner until one is set), so that a
// comment is never written in someone else's name.
std::string comment_author(const Journal& journal, const std::string& author);

// Adds a comment on the experiment in one transaction, by comment_author(journal, author).
// UsageError for empty or invalid text, or an unknown experiment.
Comment add_comment(Journal& journal, std::int64_t experiment_id, const std::string& text,
                    const std::string& author);

// Changes the text of comment `comment_id` (the number `show` prints beside it), in one
// transaction. Only its author may: UsageError when comment_author(journal, author) is
// someone else, for an unknown comment or for empty text.
Comment edit_comment(Journal& journal, std::int64_t comment_id, const std::string& text,
                     const std::string& author);

// Deletes comment `comment_id`, leaving a tombstone that travels in bundles so that no
// import brings it back, and that deletes it from a journal it was imported into. Only its
// author may, as for edit_comment. Returns the comment as it was.
Comment delete_comment(Journal& journal, std::int64_t comment_id, const std::string& author);

// Marks the experiment's comments seen by the journal's owner (what `show` does once it
// has shown them); writes nothing when none was new.
void mark_comments_seen(Journal& journal, std::int64_t experiment_id);

}  // namespace leadlab
