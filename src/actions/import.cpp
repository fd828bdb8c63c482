#include "leadlab/actions/import.hpp"

#include <algorithm>
#include <cstdio>
#include <iterator>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "actions/merger.hpp"
#include "leadlab/input/bundle_stream.hpp"
#include "leadlab/model/dates.hpp"
#include "leadlab/model/error.hpp"
#include "leadlab/model/text.hpp"
#include "leadlab/storage/files.hpp"

namespace leadlab {
namespace {

// Merges the tombstones and checks the journal the merge made, then commits it, or for a dry
// run leaves it to roll back.
void conclude(Merger& merger, std::optional<Journal::WriteTransaction>& tx, bool dry_run) {
  if (tx) tx->prepare_commit();
  merger.finish();
  if (tx && !dry_run) tx->commit();
}

}  // namespace

MergeReport merge_bundle(Journal* journal, const Bundle& bundle, bool dry_run, Day today) {
  std::optional<Journal::WriteTransaction> tx;
  if (journal != nullptr && !journal->read_only()) tx.emplace(journal->begin_write());
  Merger merger(journal, dry_run, today);
  merger.header(bundle.kind, bundle.owner, bundle.without);
  for (const auto& e : bundle.experiments)
    merger.experiment(BundleExperiment(e), merger.comments_only);
  for (const auto& t : bundle.tombstones) merger.tombstone(Tombstone(t));
  conclude(merger, tx, dry_run);
  return merger.report;
}

MergeReport import_bundle(Journal* journal, const std::string& path, bool dry_run, Day today) {
  // The whole file is checked as it is read and merged; the transaction commits only when
  // all of it was sound, so a problem anywhere leaves the journal as it was.
  const std::size_t size = read_file_size(path);
  if (size > kMaxBundleBytes) (void)read_file(path, kMaxBundleBytes);  // refuses
  const std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"),
                                                             &std::fclose);
  if (!file) throw UsageError("cannot read " + terminal_safe(path), "check its permissions");
  std::optional<Journal::WriteTransaction> tx;
  if (journal != nullptr && !journal->read_only()) {
    journal->set_cache_size(24);  // within the 64 MB an import of a whole journal may use
    tx.emplace(journal->begin_bulk_write());
  }
  Merger merger(journal, dry_run, today);
  read_bundle_alongside(
      file.get(), size, path, latest_entry_day(today),
      [&] { return read_file(path, kMaxBundleBytes); },
      [&](BundleItem&& item) {
        if (const auto* h = std::get_if<BundleHeader>(&item)) {
          merger.header(h->kind, h->owner, h->without);
        } else if (auto* e = std::get_if<BundleExperiment>(&item)) {
          merger.experiment(std::move(*e), merger.comments_only);
        } else {
          merger.tombstone(std::move(std::get<Tombstone>(item)));
        }
      });
  conclude(merger, tx, dry_run);
  return merger.report;
}

MergeReport import_bundle_into_new_journal(const std::string& journal_path, std::string_view owner,
                                           const std::string& path, Day today) {
  (void)read_file_size(path);  // a missing file is refused before anything is made
  MergeReport report;
  Journal::create_with(journal_path, owner, [&](Journal& journal) {
    report = import_bundle(&journal, path, false, today);
  });
  return report;
}

}  // namespace leadlab
