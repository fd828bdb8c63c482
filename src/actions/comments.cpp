#include "leadlab/actions/comments.hpp"

#include <algorithm>

#include "leadlab/actions/experiments.hpp"
#include "leadlab/model/dates.hpp"
#include "leadlab/model/error.hpp"
#include "leadlab/model/text.hpp"

namespace leadlab {
namespace {

void check_comment_text(const std::string& text) {
  check_text("the comment", text);
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
    throw UsageError("the comment is empty",
                     "write what you want to say after the id, e.g. "
                     "`leadlab comment 1 \"try it in 1:1s too\"`");
  }
}

// The comment `comment_id`, refused unless `author` (resolved) wrote it.
Comment own_comment(const Journal& journal, std::int64_t comment_id, const std::string& author) {
  const auto found = journal.find_comment(comment_id);
  if (!found) {
    throw UsageError("there is no comment " + std::to_string(comment_id),
                     "`leadlab show ID` lists an experiment's comments with their numbers");
  }
  const std::string who = comment_author(journal, author);
  if (found->author != who) {
    throw UsageError("comment " + std::to_string(comment_id) + " is " +
                         terminal_safe(found->author) + "'s, not " + terminal_safe(who) + "'s",
                     "only its author can change or delete a comment; reply with "
                     "`leadlab comment " +
                         std::to_string(found->experiment_id) + " TEXT` instead");
  }
  return *found;
}

}  // namespace

std::string comment_author(const Journal& journal, const std::string& author) {
  check_text("--author", author);
  if (!author.empty()) return author;
  std::string owner = journal.info().owner;
  if (owner.empty()) {
    throw UsageError("this journal has no owner, so leadlab cannot tell who is writing",
                     "pass --author NAME, or set the journal's owner with `leadlab owner NAME`");
  }
  return owner;
}

Comment add_comment(Journal& journal, std::int64_t experiment_id, const std::string& text,
                    const std::string& author) {
  check_comment_text(text);
  auto tx = journal.begin_write();
  const Experiment e = require_experiment(journal, experiment_id);
  Comment c;
  c.experiment_id = e.id;
  c.author = comment_author(journal, author);
  c.text = text;
  journal.insert_comment(c);
  tx.commit();
  return c;
}

Comment edit_comment(Journal& journal, std::int64_t comment_id, const std::string& text,
                     const std::string& author) {
  check_comment_text(text);
  auto tx = journal.begin_write();
  Comment c = own_comment(journal, comment_id, author);
  if (c.text == text) return c;  // nothing changes: nothing is written
  c.text = text;
  c.updated = now_timestamp();
  c.seen = true;
  journal.update_comment(c);
  tx.commit();
  return c;
}

Comment delete_comment(Journal& journal, std::int64_t comment_id, const std::string& author) {
  auto tx = journal.begin_write();
  const Comment c = own_comment(journal, comment_id, author);
  journal.delete_comment(c.id);
  tx.commit();
  return c;
}

void mark_comments_seen(Journal& journal, std::int64_t experiment_id) {
  const auto comments = journal.comments(experiment_id);
  if (std::all_of(comments.begin(), comments.end(), [](const Comment& c) { return c.seen; }))
    return;
  auto tx = journal.begin_write();
  journal.mark_comments_seen(experiment_id);
  tx.commit();
}

}  // namespace leadlab
