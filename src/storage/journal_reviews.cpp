// The Journal's reviews and comments: what was learned when an experiment closed (amended
// reviews keep their history) and what others said about it.
#include <SQLiteCpp/SQLiteCpp.h>

#include <string>
#include <utility>

#include "leadlab/model/uuid.hpp"
#include "leadlab/storage/journal.hpp"
#include "storage/journal_internal.hpp"

namespace leadlab {

using journal_internal::bind_optional_day;
using journal_internal::optional_day;
using journal_internal::stamp_new;

namespace {

constexpr const char* kReviewColumns =
    "id, uuid, experiment_id, prediction_met, observed, learned, surprised, as_planned, "
    "decision, next_step, next_by, commitment, author, created, updated, difference";

Review read_review(const SQLite::Statement& st) {
  Review r;
  r.id = st.getColumn(0).getInt64();
  r.uuid = st.getColumn(1).getString();
  r.experiment_id = st.getColumn(2).getInt64();
  r.prediction_met = st.getColumn(3).getString();
  r.observed = st.getColumn(4).getString();
  r.learned = st.getColumn(5).getString();
  r.surprised = st.getColumn(6).getString();
  r.as_planned = st.getColumn(7).getString();
  r.decision = st.getColumn(8).getString();
  r.next_step = st.getColumn(9).getString();
  r.next_by = optional_day(st.getColumn(10));
  if (!st.getColumn(11).isNull()) r.commitment = st.getColumn(11).getInt();
  r.author = st.getColumn(12).getString();
  r.created = st.getColumn(13).getString();
  r.updated = st.getColumn(14).getString();
  r.difference = st.getColumn(15).getString();
  return r;
}

// Binds what update_review replaces, every field through `updated`, to parameters 1 to 12;
// insert_review binds the review's identity after them.
void bind_review(SQLite::Statement& st, const Review& r) {
  st.bind(1, r.prediction_met);
  st.bind(2, r.observed);
  st.bind(3, r.learned);
  st.bind(4, r.surprised);
  st.bind(5, r.as_planned);
  st.bind(6, r.decision);
  st.bind(7, r.next_step);
  bind_optional_day(st, 8, r.next_by);
  if (r.commitment) {
    st.bind(9, *r.commitment);
  } else {
    st.bind(9);
  }
  st.bind(10, r.author);
  st.bind(11, r.difference);
  st.bind(12, r.updated);
}

// Binds what update_comment replaces, its author, text, `updated` and whether it was seen,
// to parameters 1 to 4; insert_comment binds the comment's identity after them.
void bind_comment(SQLite::Statement& st, const Comment& c) {
  st.bind(1, c.author);
  st.bind(2, c.text);
  st.bind(3, c.updated);
  st.bind(4, c.seen ? 1 : 0);
}

Comment read_comment(SQLite::Statement& st) {
  Comment c;
  c.id = st.getColumn(0).getInt64();
  c.uuid = st.getColumn(1).getString();
  c.experiment_id = st.getColumn(2).getInt64();
  c.author = st.getColumn(3).getString();
  c.text = st.getColumn(4).getString();
  c.created = st.getColumn(5).getString();
  c.updated = st.getColumn(6).getString();
  c.seen = st.getColumn(7).getInt() != 0;
  return c;
}

constexpr const char* kCommentColumns =
    "id, uuid, experiment_id, author, text, created, updated, seen";

}  // namespace

void Journal::insert_review(Review& r) {
  r.uuid = r.uuid.empty() ? new_uuid() : r.uuid;
  stamp_new(r.created, r.updated);
  SQLite::Statement& st = prepared(
      "INSERT INTO reviews (prediction_met, observed, learned, surprised, as_planned, "
      "decision, next_step, next_by, commitment, author, difference, updated, uuid, "
      "experiment_id, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  bind_review(st, r);
  st.bind(13, r.uuid);
  st.bind(14, r.experiment_id);
  st.bind(15, r.created);
  st.exec();
  r.id = db_->getLastInsertRowid();
}

void Journal::update_review(const Review& r) {
  SQLite::Statement st(*db_,
                       "UPDATE reviews SET prediction_met = ?, observed = ?, learned = ?, "
                       "surprised = ?, as_planned = ?, decision = ?, next_step = ?, next_by = ?, "
                       "commitment = ?, author = ?, difference = ?, updated = ? WHERE uuid = ?");
  bind_review(st, r);
  st.bind(13, r.uuid);
  st.exec();
}

std::optional<Review> Journal::latest_review(std::int64_t experiment_id) const {
  SQLite::Statement st(*db_, std::string("SELECT ") + kReviewColumns +
                                 " FROM reviews WHERE experiment_id = ? "
                                 "ORDER BY created DESC, id DESC LIMIT 1");
  st.bind(1, experiment_id);
  if (!st.executeStep()) return std::nullopt;
  return read_review(st);
}

std::vector<Review> Journal::reviews(std::int64_t experiment_id) const {
  SQLite::Statement& st = prepared(std::string("SELECT ") + kReviewColumns +
                                   " FROM reviews WHERE experiment_id = ? ORDER BY created, id");
  st.bind(1, experiment_id);
  std::vector<Review> out;
  while (st.executeStep()) out.push_back(read_review(st));
  return out;
}

std::optional<std::pair<Experiment, Review>> Journal::latest_decision() const {
  SQLite::Statement st(*db_,
                       "SELECT r.experiment_id FROM reviews r JOIN experiments e "
                       "ON e.id = r.experiment_id WHERE e.status = 'closed' "
                       "ORDER BY r.created DESC, r.id DESC LIMIT 1");
  if (!st.executeStep()) return std::nullopt;
  const std::int64_t id = st.getColumn(0).getInt64();
  auto experiment = find_experiment(id);
  auto review = latest_review(id);
  if (!experiment || !review) return std::nullopt;
  return std::pair(std::move(*experiment), std::move(*review));
}

void Journal::insert_comment(Comment& c) {
  c.uuid = c.uuid.empty() ? new_uuid() : c.uuid;
  stamp_new(c.created, c.updated);
  SQLite::Statement& st = prepared(
      "INSERT INTO comments (author, text, updated, seen, uuid, experiment_id, created) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)");
  bind_comment(st, c);
  st.bind(5, c.uuid);
  st.bind(6, c.experiment_id);
  st.bind(7, c.created);
  st.exec();
  c.id = db_->getLastInsertRowid();
}

void Journal::update_comment(const Comment& c) {
  SQLite::Statement st(*db_,
                       "UPDATE comments SET author = ?, text = ?, updated = ?, seen = ? "
                       "WHERE uuid = ?");
  bind_comment(st, c);
  st.bind(5, c.uuid);
  st.exec();
}

std::optional<Comment> Journal::find_comment(std::int64_t comment_id) const {
  SQLite::Statement st(*db_,
                       std::string("SELECT ") + kCommentColumns + " FROM comments WHERE id = ?");
  st.bind(1, comment_id);
  if (!st.executeStep()) return std::nullopt;
  return read_comment(st);
}

void Journal::delete_comment(std::int64_t comment_id) {
  journal_internal::delete_leaving_tombstone(*db_, "comments", "comment", comment_id);
}

void Journal::mark_comments_seen(std::int64_t experiment_id) {
  SQLite::Statement st(*db_, "UPDATE comments SET seen = 1 WHERE seen = 0 AND experiment_id = ?");
  st.bind(1, experiment_id);
  st.exec();
}

std::vector<NewComments> Journal::new_comments() const {
  SQLite::Statement st(*db_,
                       "SELECT experiment_id, author, count(*) FROM comments WHERE seen = 0 "
                       "GROUP BY experiment_id, author ORDER BY experiment_id, min(created)");
  std::vector<NewComments> out;
  while (st.executeStep())
    out.push_back(
        {st.getColumn(0).getInt64(), st.getColumn(1).getString(), st.getColumn(2).getInt()});
  return out;
}

std::vector<Comment> Journal::comments(std::int64_t experiment_id) const {
  SQLite::Statement& st = prepared(std::string("SELECT ") + kCommentColumns +
                                   " FROM comments WHERE experiment_id = ? ORDER BY created, id");
  st.bind(1, experiment_id);
  std::vector<Comment> out;
  while (st.executeStep()) out.push_back(read_comment(st));
  return out;
}

}  // namespace leadlab
