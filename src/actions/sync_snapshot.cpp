#include "actions/sync_snapshot.hpp"

#include <algorithm>
#include <utility>

#include "leadlab/actions/export.hpp"
#include "leadlab/input/sync_records.hpp"

namespace leadlab::sync {
namespace {

class SnapshotSink final : public BundleSink {
 public:
  SnapshotSink(const BundleTextWriter& write, Snapshot& out) : write_(write), out_(out) {}
  void header(const std::string&, const std::string&, const BundleOmits&) override {}
  void experiment(const BundleExperiment& experiment) override {
    Bundle one;
    one.experiments.push_back(experiment);
    std::string text = write_(one);
    RecordSet records = bundle_records(text);
    out_.experiments[experiment.experiment.uuid] = {std::move(text), std::move(records)};
  }
  void tombstones(const std::vector<Tombstone>&) override {}

 private:
  const BundleTextWriter& write_;
  Snapshot& out_;
};

void read_experiments(const Journal& journal, const BundleTextWriter& write,
                      std::vector<std::int64_t> ids, Snapshot& out) {
  SnapshotSink sink(write, out);
  BundleSelection selection;
  selection.ids = std::move(ids);  // every experiment when empty
  export_bundle(journal, selection, sink);
}

}  // namespace

Snapshot snapshot(const Journal& journal, const BundleTextWriter& write, bool full) {
  const auto read = journal.begin_read();
  Snapshot out;
  out.full = full;
  out.changes = journal.sync_changes();
  out.tombstones = journal.tombstones();
  if (full) {
    read_experiments(journal, write, {}, out);
    return out;
  }
  std::vector<std::int64_t> ids;
  for (const Journal::SyncChange& c : out.changes) {
    if (const auto e = journal.find_experiment_by_uuid(c.uuid)) {
      ids.push_back(e->id);
    } else {
      out.gone.insert(c.uuid);
    }
  }
  if (!ids.empty()) read_experiments(journal, write, std::move(ids), out);
  return out;
}

RecordSet experiment_records(const Journal& journal, const BundleTextWriter& write,
                             const std::string& uuid) {
  const auto e = journal.find_experiment_by_uuid(uuid);
  if (!e) return {};
  Snapshot s;
  read_experiments(journal, write, {e->id}, s);
  return s.experiments.empty() ? RecordSet{} : std::move(s.experiments.begin()->second.records);
}

std::string tombstones_text(std::vector<Tombstone> tombstones, const BundleTextWriter& write) {
  Bundle b;
  b.tombstones = std::move(tombstones);
  std::sort(b.tombstones.begin(), b.tombstones.end(),
            [](const Tombstone& x, const Tombstone& y) { return x.uuid < y.uuid; });
  return write(b);
}

void forget_changes(Journal& journal, const std::vector<Journal::SyncChange>& changes) {
  if (changes.empty()) return;
  Journal::WriteTransaction tx = journal.begin_write();
  journal.forget_sync_changes(changes);
  tx.commit();
}

}  // namespace leadlab::sync
