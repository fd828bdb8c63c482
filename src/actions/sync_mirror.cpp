// Whose journal a coach's mirror holds (`overview`): the owner its remote names.
#include <exception>
#include <string>

#include "actions/sync_tree.hpp"
#include "leadlab/actions/sync.hpp"
#include "leadlab/input/sync_records.hpp"
#include "leadlab/storage/files.hpp"
#include "leadlab/storage/git.hpp"

namespace leadlab {

std::optional<std::string> sync_mirror_client(const std::string& journal_path) {
  if (!sync_mirror_coach(journal_path)) return std::nullopt;
  const SyncPlace place = sync_place(journal_path);
  try {
    // Reads one object of the bare repository beside the journal: nothing is written.
    const GitRun r =
        GitRepo(place.git_dir)
            .run({"cat-file", "blob", std::string(sync::kBranch) + ":" + sync::kFormatFile});
    if (!r.ok()) return std::nullopt;
    return read_sync_format(r.out, place.git_dir + ": " + sync::kFormatFile);
  } catch (const std::exception&) {
    return std::nullopt;  // no git, or a format this leadlab does not read
  }
}

}  // namespace leadlab
