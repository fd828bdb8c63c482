// A Journal is one person's lab notebook kept in one SQLite file: experiments, their
// metrics, the entries logged against them, reviews and comments. It is the only module
// that speaks SQL. Every write happens inside a WriteTransaction (BEGIN IMMEDIATE), so a
// command takes effect whole or not at all, also when the process is killed; two processes
// writing at once wait for each other up to the busy timeout instead of failing.
//
// The file format is documented in docs/schema.md. A file is recognised by its
// application_id; its schema version is PRAGMA user_version. An older journal is backed up
// and migrated forward when opened for writing; a newer or foreign file is refused
// untouched.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "leadlab/model/model.hpp"

namespace SQLite {
class Database;
class Statement;
class Transaction;
}  // namespace SQLite

namespace leadlab {

// "LLAB" in PRAGMA application_id marks a leadlab journal.
inline constexpr int kApplicationId = 0x4C4C4142;

// One step of the schema: the SQL that takes a journal from version - 1 to `version`.
// The list is append-only: a released step is never edited, a change is a new step.
struct Migration {
  int version;
  const char* sql;
};

// The schema steps of this leadlab, oldest first.
std::span<const Migration> schema_migrations();

struct JournalInfo {
  std::string uuid;
  std::string owner;
  std::string created;
  int schema_version = 0;
};

struct ExperimentFilter {
  std::optional<Status> status;
  std::optional<std::string> tag;
  // false: the experiments without their metrics and tags, for a list that shows neither.
  bool definitions = true;
  // true: only what a table of titles shows (id, title, occasion, status, cycle, the phases'
  // starts and planned points); every other field is left empty.
  bool brief = false;
};

class Journal {
 public:
  enum class Mode { kReadWrite, kReadOnly };

  // Creates a journal at `path`: missing folders are made 0700, the file 0600. The journal
  // is built whole in a temporary file beside `path` and only then takes its name (never
  // replacing anything), so no process ever opens a part of one. Refuses a path that exists
  // (unless it is an empty file, which becomes the journal), is a symbolic link, ends in "/"
  // or is not a regular file (refuse_unless_file).
  static Journal create(const std::string& path, std::string_view owner,
                        std::span<const Migration> migrations = schema_migrations());

  // Opens the journal at `path`, creating it first as create() does when there is none. When
  // another process creates it meanwhile, opens that one: racing first uses all go on with
  // the one journal. `created` (if given) says whether this call made it.
  static Journal open_or_create(const std::string& path, std::string_view owner,
                                bool* created = nullptr,
                                std::span<const Migration> migrations = schema_migrations());

  // Creates a journal at `path` and fills it with `fill`, all or nothing: the journal is
  // built under a temporary name beside `path` and takes its name only once `fill` returned
  // (its writes committed), so a `fill` that throws leaves no journal behind, and no other
  // process ever sees a part of it. Refuses a `path` that exists (UsageError), also when
  // another process created it meanwhile.
  static void create_with(const std::string& path, std::string_view owner,
                          const std::function<void(Journal&)>& fill);

  // Opens an existing journal. Throws UsageError when there is no file (with a hint to run
  // `leadlab init`), when it is a symbolic link, not SQLite, not a leadlab journal, or
  // from a newer leadlab; StorageError for I/O failures. In kReadWrite mode an older
  // schema is first copied to "<path>.v<N>-<time>.bak", checked, and then migrated in one
  // transaction; in kReadOnly mode nothing is ever written and an older schema is refused.
  static Journal open(const std::string& path, Mode mode,
                      std::span<const Migration> migrations = schema_migrations());

  Journal(Journal&&) noexcept;
  Journal& operator=(Journal&&) noexcept;
  ~Journal();

  const std::string& path() const { return path_; }
  bool read_only() const { return mode_ == Mode::kReadOnly; }
  JournalInfo info() const;

  // Where the last migration's backup was written, if opening this journal migrated it.
  const std::optional<std::string>& migration_backup() const { return migration_backup_; }

  // A write transaction: BEGIN IMMEDIATE on construction, rolled back on destruction
  // unless commit() was called.
  // A bulk write (an import) checks the links between records (foreign keys) once, at
  // commit, instead of at every row: commit() refuses, and rolls back, if any is broken.
  // Into a journal with no entries yet, it also builds the entries' indexes once, at
  // commit, from the sorted rows, instead of keeping them in order row by row.
  // A schema change (a migration) runs with the links not enforced, so that rebuilding a
  // table does not delete the rows that refer to it; its steps copy rows as they are.
  class WriteTransaction {
   public:
    enum class Kind { kPlain, kBulk, kSchemaChange };
    explicit WriteTransaction(Journal& journal, Kind kind = Kind::kPlain);
    WriteTransaction(WriteTransaction&&) noexcept;
    ~WriteTransaction();
    // Finishes the writes without committing: builds the deferred indexes, recounts the
    // stored points, checks the links of a bulk write. What the transaction wrote can then
    // be read and checked as the journal would be after commit(); the transaction stays
    // open, to be committed or rolled back. commit() does this first unless it was done.
    void prepare_commit();
    void commit();

   private:
    Journal* journal_;
    std::unique_ptr<SQLite::Transaction> tx_;
    Kind kind_ = Kind::kPlain;
    std::vector<std::string> deferred_indexes_;  // CREATE INDEX statements for commit()
    bool prepared_ = false;
  };
  WriteTransaction begin_write() { return WriteTransaction(*this); }
  WriteTransaction begin_bulk_write() {
    return WriteTransaction(*this, WriteTransaction::Kind::kBulk);
  }

  // A read transaction, for what reads the whole journal (exports): every statement while
  // it lives reads one snapshot, so a `log` from another process lands wholly before or
  // wholly after (it waits, up to the busy timeout), and SQLite locks the file once
  // instead of once per statement. Inside another transaction it does nothing.
  class ReadTransaction {
   public:
    explicit ReadTransaction(const Journal& journal);
    ~ReadTransaction();
    ReadTransaction(const ReadTransaction&) = delete;
    ReadTransaction& operator=(const ReadTransaction&) = delete;

   private:
    const Journal* journal_ = nullptr;  // null when it began nothing
  };
  ReadTransaction begin_read() const { return ReadTransaction(*this); }

  // --- writes: call inside a WriteTransaction ---------------------------------------
  void set_owner(std::string_view owner);
  // Inserts the experiment with its metrics and tags; fills in ids, UUIDs and timestamps.
  void insert_experiment(Experiment& experiment);
  // Saves the experiment's own fields (status, phase dates, text, randomised start); sets `updated`
  // to `stamp`, or to now when it is empty.
  void update_experiment(Experiment& experiment, std::string_view stamp = {});
  // Inserts the entry with its values; fills in id, UUID and timestamps.
  void insert_entry(Entry& entry, const Experiment& experiment);
  // Replaces the entry's fields and values; sets `updated` to `stamp`, or to now.
  void update_entry(Entry& entry, const Experiment& experiment, std::string_view stamp = {});
  // Inserts a review; fills in id, UUID and timestamps.
  void insert_review(Review& review);
  // Inserts a comment; fills in id, UUID and timestamps.
  void insert_comment(Comment& comment);
  // The insert_* functions keep a UUID and `created`/`updated` already set (an import
  // keeps a record's identity and history) and fill in the ones that are empty.

  // --- records by UUID, for merging a bundle: call inside a WriteTransaction ----------
  // Adds a metric at the end of an existing experiment's metrics.
  void insert_metric(std::int64_t experiment_id, Metric& metric);
  // Replace every field of the record, `updated` included, as given.
  void update_metric(const Metric& metric);
  void update_review(const Review& review);
  void update_comment(const Comment& comment);
  void set_tags(std::int64_t experiment_id, const std::vector<std::string>& tags);
  // Records the experiment this one follows by UUID (which may be in no journal here).
  void set_follows_uuid(std::int64_t experiment_id, const std::string& follows_uuid);
  void insert_tombstone(const Tombstone& tombstone);
  // Records whose records an imported experiment holds: the owner of the journal it came
  // from (empty: this journal's own).
  void set_origin(std::int64_t experiment_id, std::string_view origin);
  // Deletes the comment, leaving only a tombstone of its UUID (kind "comment").
  void delete_comment(std::int64_t comment_id);
  // Marks the experiment's comments seen by the journal's owner (see Comment::seen).
  void mark_comments_seen(std::int64_t experiment_id);
  // Deletes the entry and its values, leaving only a tombstone of its UUID so that an
  // import does not bring it back.
  void delete_entry(std::int64_t entry_id);
  // Deletes the experiment's metrics (and so any values logged for them): `edit` replaces
  // an experiment's metrics while no entry uses them.
  void delete_metrics(std::int64_t experiment_id);
  // Deletes the experiment with everything that belongs to it (metrics, tags, entries,
  // reviews, comments), leaving a tombstone of its UUID dated `stamp` (now when empty) so
  // that an import does not bring it back and an export carries the deletion.
  void delete_experiment(std::int64_t experiment_id, std::string_view stamp = {});
  // For sync, which makes the journal what a merge decided (actions/sync.hpp): deletes one
  // metric with its values, or one review (neither leaves a tombstone: sync finds deletions
  // by their absence), and forgets a tombstone whose record the merge keeps after all.
  void delete_metric(std::int64_t metric_id);
  void delete_review(std::int64_t review_id);
  void forget_tombstone(const std::string& uuid);
  // Sync's record of changed experiments (schema 5, docs/schema.md): each experiment changed
  // since sync last wrote it, with the number of its latest change. forget_sync_changes
  // forgets each only if it has not changed again since it was read.
  struct SyncChange {
    std::string uuid;
    std::int64_t seq = 0;
  };
  std::vector<SyncChange> sync_changes() const;
  void forget_sync_changes(const std::vector<SyncChange>& changes);

  // --- reads ---------------------------------------------------------------------
  std::optional<Experiment> find_experiment(std::int64_t id) const;
  std::vector<Experiment> list_experiments(const ExperimentFilter& filter = {}) const;
  // The same experiments, each with its stats, read in the same statement.
  std::vector<ExperimentRow> list_rows(const ExperimentFilter& filter = {}) const;
  // Experiments read some other way (a series), each with its stats, read in one pass.
  std::vector<ExperimentRow> rows_of(std::vector<Experiment> experiments) const;
  // Experiments in baseline or testing, oldest first.
  std::vector<Experiment> active_experiments() const;
  // Points per phase and the last entry, as stored with the experiment (kept up to date at
  // every commit); the second form reads many experiments' at once.
  ExperimentStats stats(const Experiment& experiment) const;
  std::vector<ExperimentStats> stats(const std::vector<Experiment>& experiments) const;
  std::optional<Entry> find_entry(std::int64_t entry_id) const;
  // The experiment's entries in date order (then time, then entry number).
  std::vector<Entry> entries(std::int64_t experiment_id) const;
  // The entries of every experiment dated `from` to `to` (inclusive), in date order (then
  // time, then entry number), with their values; reads the entries (date) index only.
  std::vector<Entry> entries_between(Day from, Day to) const;
  // The experiment's most recent review (the last created), if it has one.
  std::optional<Review> latest_review(std::int64_t experiment_id) const;
  // Every review of the experiment, oldest first: amended reviews keep their history.
  std::vector<Review> reviews(std::int64_t experiment_id) const;
  // A record's local id, its experiment and its `updated`, found by UUID.
  enum class RecordKind { kExperiment, kMetric, kEntry, kReview, kComment };
  struct RecordRef {
    std::int64_t id = 0;
    std::int64_t experiment_id = 0;  // the experiment it belongs to (its own id for one)
    std::string updated;
  };
  std::optional<RecordRef> find_record(RecordKind kind, const std::string& uuid) const;
  std::optional<Experiment> find_experiment_by_uuid(const std::string& uuid) const;
  // Which kinds of record hold `uuid` ("experiment", "metric", "entry", "review", "comment",
  // "tombstone"): empty when none does, more than one when the UUID is shared.
  std::vector<std::string> find_uuid(const std::string& uuid) const;
  // Every UUID that more than one record holds (of different kinds, or a tombstone and the
  // record it names), sorted. A UUID is unique within a kind by the schema; across kinds
  // nothing but this finds a clash. Reads each table once, probing the entries' index.
  std::vector<std::string> shared_uuids() const;
  // The UUID of the experiment `experiment_id` follows, empty for a first cycle.
  std::string follows_uuid(std::int64_t experiment_id) const;
  bool is_tombstoned(const std::string& uuid) const;
  std::vector<Tombstone> tombstones() const;
  // Every comment on the experiment, oldest first.
  std::vector<Comment> comments(std::int64_t experiment_id) const;
  std::optional<Comment> find_comment(std::int64_t comment_id) const;
  // The comments not seen yet, by experiment and author, in experiment order.
  std::vector<NewComments> new_comments() const;
  // Whose records the experiment holds (set_origin), and every origin in the journal other
  // than its own, sorted.
  std::string origin(std::int64_t experiment_id) const;
  std::vector<std::string> origins() const;
  // The experiments that follow `experiment_id` directly, by id.
  std::vector<Experiment> children(std::int64_t experiment_id) const;
  // The closed experiment with the most recent review, and that review.
  std::optional<std::pair<Experiment, Review>> latest_decision() const;

  // Lets SQLite keep up to `mib` MiB of pages in memory (default 2): for a large import,
  // whose index updates would otherwise spill to disk and be read back.
  void set_cache_size(int mib);

  // How many records of each kind: experiments, metrics, entries, reviews, comments,
  // tombstones (in that order).
  std::vector<std::pair<std::string, std::int64_t>> record_counts() const;

  // Runs PRAGMA integrity_check and foreign_key_check, and checks the points per phase
  // stored with each experiment; returns the problems found (empty when sound).
  std::vector<std::string> integrity_problems() const;

  // Copies the journal into a new file `to` (created 0600, never overwritten, symbolic
  // links refused) with SQLite's online backup, then checks the copy. Safe while another
  // process writes. Throws StorageError on failure, removing the partial copy.
  void backup_to(const std::string& to) const;

  // Calls `observer` with the text of each SQL statement as it starts to run (parameters
  // as `?`); an empty function stops it. For tests and diagnostics: which queries an
  // operation runs, to check their plans with query_plan().
  void observe_statements(std::function<void(std::string_view sql)> observer);

  // The detail lines of EXPLAIN QUERY PLAN for `sql` on this journal ("SEARCH entries USING
  // INDEX entries_by_experiment (experiment_id=?)", "SCAN entries", ...).
  std::vector<std::string> query_plan(std::string_view sql) const;

 private:
  Journal(std::string path, Mode mode);
  void check_identity(std::span<const Migration> migrations);
  // Makes a new journal at `path` (create's work); false when one exists there already.
  static bool make_new(const std::string& path, std::string_view owner,
                       std::span<const Migration> migrations);
  // Turns this connection's empty database into a journal: the schema, its identity and
  // the journal's own rows, in one IMMEDIATE transaction. false (nothing written) when
  // another process made it a journal first.
  bool set_up(std::string_view owner, std::span<const Migration> migrations);
  void migrate(std::span<const Migration> migrations);
  std::vector<Metric> metrics_of(std::int64_t experiment_id) const;
  std::vector<std::string> tags_of(std::int64_t experiment_id) const;
  // Stores the entry's values; `replace` removes the ones stored before.
  void write_values(const Entry& entry, const Experiment& experiment, bool replace = true);
  // Experiments whose stored counts this transaction changed; recounted before it commits.
  void mark_stale(std::int64_t experiment_id);
  // Saves the experiment's randomised start (NULLs when it has none).
  void write_random_start(const Experiment& experiment);
  void refresh_stale_stats();
  // A cached statement for `sql`, reset and with its bindings cleared. Read it to the end or
  // reset() it before returning, so that no read lock outlives the call.
  SQLite::Statement& prepared(const std::string& sql) const;
  // With `stats`, each experiment's stats are read too, into *stats in the same order.
  std::vector<Experiment> select_experiments(const std::string& where_sql,
                                             const std::vector<std::string>& params,
                                             bool definitions = true, bool brief = false,
                                             std::vector<ExperimentStats>* stats = nullptr) const;

  // On the heap, so that SQLite's pointer to it survives a move of the Journal; declared
  // before the database, so that it outlives it.
  std::unique_ptr<std::function<void(std::string_view)>> observer_;
  // The database is declared first so that it is destroyed last (SQLiteCpp aborts when a
  // Database dies before a Statement on it).
  std::unique_ptr<SQLite::Database> db_;
  // Statements prepared once and reused by the hot paths (an import of 200,000 entries
  // would otherwise prepare a million); declared after db_ so that they die before it.
  mutable std::unordered_map<std::string, std::unique_ptr<SQLite::Statement>> statements_;
  std::string path_;
  Mode mode_;
  std::optional<std::string> migration_backup_;
  std::set<std::int64_t> stale_stats_;
};

}  // namespace leadlab
