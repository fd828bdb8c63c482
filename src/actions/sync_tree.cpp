#include "actions/sync_tree.hpp"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "leadlab/input/bundle_reader.hpp"
#include "leadlab/input/sync_records.hpp"
#include "leadlab/model/error.hpp"
#include "leadlab/model/text.hpp"
#include "leadlab/model/uuid.hpp"
#include "leadlab/storage/files.hpp"

namespace leadlab::sync {
namespace {

std::string trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

constexpr const char* kChangedBehindLeadlab =
    "the repository was changed by something other than leadlab: put it back (git revert), or "
    "move the repository beside the journal (JOURNAL.git) aside and connect another remote "
    "with `leadlab sync init REMOTE`";

[[noreturn]] void refuse_path(const std::string& path, const std::string& why) {
  throw UsageError("the remote holds " + terminal_safe(path) + ", " + why +
                       "; nothing was synced and the journal is unchanged",
                   kChangedBehindLeadlab);
}

// "experiments/<uuid>.json" -> the UUID, or "" for another path.
std::string experiment_uuid(const std::string& path) {
  const std::string prefix = std::string(kExperimentsFolder) + "/";
  if (path.rfind(prefix, 0) != 0 || path.size() != prefix.size() + 36 + 5) return "";
  const std::string name = path.substr(prefix.size());
  if (name.substr(36) != ".json") return "";
  const std::string uuid = name.substr(0, 36);
  return is_uuid(uuid) ? uuid : "";
}

}  // namespace

Tree Repo::tree(const std::string& commit) {
  Tree tree;
  if (commit.empty()) return tree;
  const std::string listing =
      git_.must({"ls-tree", "-r", "-z", "--long", "--full-tree", commit}, "reading a commit");
  std::size_t start = 0;
  while (start < listing.size()) {
    std::size_t end = listing.find('\0', start);
    if (end == std::string::npos) end = listing.size();
    const std::string line = listing.substr(start, end - start);
    start = end + 1;
    const std::size_t tab = line.find('\t');
    if (tab == std::string::npos) continue;
    const std::string path = line.substr(tab + 1);
    char mode[16] = {}, type[16] = {}, id[80] = {}, size[32] = {};
    if (std::sscanf(line.substr(0, tab).c_str(), "%15s %15s %79s %31s", mode, type, id, size) != 4)
      refuse_path(path, "which git lists in a way leadlab does not read");
    const std::string m = mode;
    if (m == "120000") refuse_path(path, "a symbolic link");
    if (m == "160000") refuse_path(path, "a submodule");
    if (std::string(type) != "blob" || (m != "100644" && m != "100755"))
      refuse_path(path, "which is not a plain file");
    if (std::strtoull(size, nullptr, 10) > kMaxFileBytes)
      refuse_path(path, "a file over the limit of " + std::to_string(kMaxFileBytes >> 20) + " MiB");
    if (path == kFormatFile) {
      tree.format = id;
    } else if (path == kTombstonesFile) {
      tree.tombstones = id;
    } else if (const std::string uuid = experiment_uuid(path); !uuid.empty()) {
      tree.experiments[uuid] = id;
    } else {
      refuse_path(path, "a path outside leadlab's layout (" + std::string(kFormatFile) + ", " +
                            kTombstonesFile + ", " + kExperimentsFolder + "/UUID.json)");
    }
  }
  if (tree.format.empty()) refuse_path(kFormatFile, "missing: this is not a leadlab journal");
  const auto text = read_blobs({tree.format});
  tree.owner = read_sync_format(text.at(tree.format), std::string("remote: ") + kFormatFile);
  return tree;
}

std::map<std::string, std::string> Repo::read_blobs(const std::vector<std::string>& blobs) {
  std::map<std::string, std::string> texts;
  if (blobs.empty()) return texts;
  std::string input;
  for (const auto& b : blobs) input += b + "\n";
  const std::string out = git_.must({"cat-file", "--batch"}, "reading files", input);
  std::size_t at = 0;
  for (const auto& b : blobs) {
    const std::size_t nl = out.find('\n', at);
    if (nl == std::string::npos) throw UsageError("git cat-file stopped early reading " + b);
    const std::string header = out.substr(at, nl - at);
    const std::size_t space = header.rfind(' ');
    if (header.find(" missing") != std::string::npos || space == std::string::npos)
      throw UsageError("the repository has no object " + b, "run `leadlab sync` again");
    const std::size_t size = std::strtoull(header.c_str() + space + 1, nullptr, 10);
    texts[b] = out.substr(nl + 1, size);
    at = nl + 1 + size + 1;
  }
  return texts;
}

const RecordSet& Repo::records(const std::string& uuid, const std::string& blob) {
  preload({{uuid, blob}});
  return records_.at(blob);
}

const RecordSet& Repo::records(const Tree& tree, const std::string& uuid) {
  static const RecordSet none;
  const auto it = tree.experiments.find(uuid);
  return it == tree.experiments.end() ? none : records(uuid, it->second);
}

void Repo::preload(const std::map<std::string, std::string>& files) {
  std::vector<std::string> wanted;
  for (const auto& [uuid, blob] : files)
    if (records_.count(blob) == 0) wanted.push_back(blob);
  if (wanted.empty()) return;
  const auto texts = read_blobs(wanted);
  for (const auto& [uuid, blob] : files) {
    if (records_.count(blob) != 0) continue;
    const std::string path = std::string(kExperimentsFolder) + "/" + uuid + ".json";
    const std::string& text = texts.at(blob);
    const Bundle bundle = parse_bundle(text, "remote: " + path, latest_);
    if (bundle.kind != "full" || bundle.experiments.size() != 1 ||
        bundle.experiments.front().experiment.uuid != uuid || !bundle.tombstones.empty()) {
      refuse_path(path, "which is not the file of that one experiment");
    }
    records_[blob] = bundle_records(text);
  }
}

void Repo::remember(const std::string& blob, RecordSet records) {
  records_.emplace(blob, std::move(records));
}

std::vector<Tombstone> Repo::tombstones(const std::string& blob) {
  if (blob.empty()) return {};
  const std::string text = read_blobs({blob}).at(blob);
  Bundle bundle = parse_bundle(text, std::string("remote: ") + kTombstonesFile, latest_);
  if (!bundle.experiments.empty()) refuse_path(kTombstonesFile, "which holds experiments");
  return std::move(bundle.tombstones);
}

std::vector<std::string> Repo::write_blobs(const std::vector<std::string>& texts) {
  if (texts.empty()) return {};
  // One name, emptied first (the sync lock is held): a sync killed while it wrote the files
  // leaves nothing that the next one does not clear.
  const std::string folder = git_.dir() + "/leadlab-tmp";
  std::error_code ignored;
  std::filesystem::remove_all(folder, ignored);
  if (::mkdir(folder.c_str(), 0700) != 0)
    throw StorageError(git_.dir(), "cannot make a temporary folder in it");
  std::string paths;
  std::vector<std::string> files;
  try {
    for (std::size_t i = 0; i < texts.size(); ++i) {
      files.push_back(folder + "/" + std::to_string(i));
      write_passing_file(files.back(), texts[i]);
      paths += files.back() + "\n";
    }
    const std::string ids =
        git_.must({"hash-object", "-w", "--no-filters", "--stdin-paths"}, "writing files", paths);
    std::filesystem::remove_all(folder);
    std::vector<std::string> out;
    std::size_t at = 0;
    while (at < ids.size()) {
      const std::size_t nl = ids.find('\n', at);
      out.push_back(ids.substr(at, nl - at));
      at = nl == std::string::npos ? ids.size() : nl + 1;
    }
    return out;
  } catch (...) {
    std::filesystem::remove_all(folder, ignored);
    throw;
  }
}

std::string Repo::write_tree(const Tree& tree) {
  std::string root = "100644 blob " + tree.format + "\t" + kFormatFile + '\0';
  if (!tree.tombstones.empty())
    root += "100644 blob " + tree.tombstones + "\t" + kTombstonesFile + '\0';
  if (!tree.experiments.empty()) {
    std::string folder;
    for (const auto& [uuid, blob] : tree.experiments)
      folder += "100644 blob " + blob + "\t" + uuid + ".json" + '\0';
    const std::string sub = trimmed(git_.must({"mktree", "-z"}, "writing a tree", folder));
    root += "040000 tree " + sub + "\t" + kExperimentsFolder + '\0';
  }
  return trimmed(git_.must({"mktree", "-z"}, "writing a tree", root));
}

std::string Repo::commit(const std::string& tree, const std::vector<std::string>& parents,
                         const std::string& message, const std::string& author) {
  std::string name;
  for (char c : author)
    if (c != '<' && c != '>' && c != '\n' && c != '\r') name += c;
  if (name.find_first_not_of(" .,;:") == std::string::npos) name = "leadlab";
  std::vector<std::string> args{
      "-c", "user.name=" + name, "-c", "user.email=leadlab@localhost", "commit-tree", tree};
  for (const auto& p : parents) {
    args.push_back("-p");
    args.push_back(p);
  }
  args.push_back("-m");
  args.push_back(message);
  return trimmed(git_.must(args, "making a commit"));
}

void refuse_odd_repository(const SyncPlace& place) {
  const PathKind kind = path_kind(place.git_dir, true);
  const bool dangling = kind == PathKind::kNew && path_kind(place.git_dir) == PathKind::kLink;
  if ((kind != PathKind::kFolder && kind != PathKind::kNew) || dangling) {
    throw UsageError(
        terminal_safe(place.git_dir) + " is not the folder sync keeps its repository in",
        "move it away; if this journal was connected, make it anew from the remote "
        "(docs/sync.md, Recovery)");
  }
}

void refuse_unconnected(const SyncPlace& place) {
  refuse_odd_repository(place);
  if (path_kind(place.git_dir, true) != PathKind::kFolder) {
    throw UsageError(
        "this journal is not connected to a remote (" + terminal_safe(place.journal) + ")",
        "connect it with `leadlab sync init REMOTE`, or make a journal from a remote "
        "with `leadlab sync clone REMOTE`");
  }
}

void refuse_contradiction(const UsageError& found) {
  throw UsageError("the remote's records contradict this journal (" + std::string(found.what()) +
                       "); nothing was synced and the journal is unchanged",
                   kChangedBehindLeadlab);
}

std::string MergeSides::blob(const Tree& tree, const std::string& uuid) {
  const auto it = tree.experiments.find(uuid);
  return it == tree.experiments.end() ? std::string() : it->second;
}

bool MergeSides::contested(const std::string& uuid) const {
  const std::string b = blob(base, uuid), o = blob(ours, uuid), t = blob(theirs, uuid);
  return o != t && b != o && b != t;
}

MergeSides merge_sides(Repo& repo, const std::string& ours, const std::string& theirs) {
  MergeSides m;
  const GitRun found = repo.git().run({"merge-base", ours, theirs});
  if (found.status == 1 && found.out.empty()) {
    throw UsageError(
        "the remote's journal shares no history with this one's: the remote was replaced, or "
        "it holds another journal; nothing was changed",
        "move " + terminal_safe(repo.git().dir()) +
            " aside; then, if this journal belongs on that remote, follow docs/sync.md, "
            "Recovery (\"The repository beside the journal is lost\"), else connect it to its "
            "own with `leadlab sync init REMOTE`");
  }
  if (!found.ok())  // another failure: must() words git's message as every git failure is
    repo.git().must({"merge-base", ours, theirs}, "finding the common commit");
  m.base = repo.tree(trimmed(found.out));
  m.ours = repo.tree(ours);
  m.theirs = repo.tree(theirs);
  for (const Tree* tree : {&m.base, &m.ours, &m.theirs})
    for (const auto& item : tree->experiments) m.uuids.insert(item.first);
  return m;
}

// The experiments whose files differ between two trees.
std::set<std::string> differing(const Tree& a, const Tree& b) {
  std::set<std::string> out;
  for (const auto& [uuid, blob] : a.experiments)
    if (const auto it = b.experiments.find(uuid); it == b.experiments.end() || it->second != blob)
      out.insert(uuid);
  for (const auto& item : b.experiments)
    if (a.experiments.count(item.first) == 0) out.insert(item.first);
  return out;
}

void add_changes(std::map<std::string, RecordChanges>& to,
                 const std::map<std::string, RecordChanges>& from) {
  for (const auto& [kind, c] : from) {
    to[kind].added += c.added;
    to[kind].changed += c.changed;
    to[kind].removed += c.removed;
  }
}

namespace {
std::string clone_mark(const std::string& git_dir) { return git_dir + "/leadlab-clone"; }
}  // namespace

std::string fresh_staging(const std::string& git_dir) {
  const std::string staging = git_dir + ".new";
  std::error_code ignored;
  std::filesystem::remove_all(staging, ignored);
  return staging;
}

void move_staging(const std::string& staging, const std::string& git_dir,
                  const std::string& clone_of) {
  if (!clone_of.empty()) write_file_atomically(clone_mark(staging), clone_of + "\n");
  if (!move_folder_into_place(staging, git_dir))
    throw UsageError(terminal_safe(git_dir) + " was made by another process meanwhile",
                     "run the command again");
  sync_folder(std::filesystem::path(git_dir).parent_path().string());
}

void settle_clone(const std::string& git_dir, const std::string& journal_uuid) {
  const std::string mark = clone_mark(git_dir);
  if (path_kind(mark) != PathKind::kFile) return;
  std::error_code ignored;
  if (!journal_uuid.empty() && trimmed(read_file(mark, 4096)) == journal_uuid) {
    std::filesystem::remove(mark, ignored);
  } else {
    std::filesystem::remove_all(git_dir, ignored);
  }
}

std::vector<Tombstone> merge_tombstones(const std::vector<Tombstone>& base,
                                        const std::vector<Tombstone>& ours,
                                        const std::vector<Tombstone>& theirs,
                                        const RecordSet& live) {
  const auto by_uuid = [](const std::vector<Tombstone>& list) {
    std::map<std::string, Tombstone> out;
    for (const Tombstone& t : list) out.emplace(t.uuid, t);
    return out;
  };
  const auto b = by_uuid(base), o = by_uuid(ours), t = by_uuid(theirs);
  std::map<std::string, Tombstone> merged = o;
  merged.insert(t.begin(), t.end());
  std::vector<Tombstone> out;
  for (auto& [uuid, tomb] : merged) {
    const auto in_b = b.find(uuid), in_o = o.find(uuid), in_t = t.find(uuid);
    if (in_b != b.end() && (in_o == o.end() || in_t == t.end())) continue;  // dropped: it came back
    if (live.count(uuid) != 0) continue;
    if (in_o != o.end() && in_t != t.end()) {
      const std::string& od = in_o->second.deleted;
      const std::string& td = in_t->second.deleted;
      const bool o_as_base = in_b != b.end() && in_b->second.deleted == od;
      const bool t_as_base = in_b != b.end() && in_b->second.deleted == td;
      tomb = o_as_base   ? in_t->second
             : t_as_base ? in_o->second
             : td < od   ? in_t->second
                         : in_o->second;
    }
    out.push_back(tomb);
  }
  return out;
}

void take_tombstones(Journal& journal, const std::vector<Tombstone>& tree) {
  for (const Tombstone& t : tree) {
    const auto held = journal.find_uuid(t.uuid);
    if (!held.empty() && held != std::vector<std::string>{"tombstone"}) continue;  // kept
    journal.forget_tombstone(t.uuid);
    journal.insert_tombstone(t);
  }
}

namespace {
// Conflicts kept, one per line in JOURNAL.git/leadlab-conflicts: the fields of a
// FieldConflict separated by tabs, with backslash, tab and line break escaped.
std::string conflicts_path(const std::string& git_dir) { return git_dir + "/leadlab-conflicts"; }

std::string escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::vector<std::string> split_escaped(const std::string& line) {
  std::vector<std::string> fields(1);
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '\t') {
      fields.emplace_back();
    } else if (line[i] == '\\' && i + 1 < line.size()) {
      const char n = line[++i];
      fields.back() += n == 't' ? '\t' : n == 'n' ? '\n' : n;
    } else {
      fields.back() += line[i];
    }
  }
  return fields;
}

}  // namespace

std::vector<FieldConflict> read_conflicts(const std::string& git_dir) {
  std::vector<FieldConflict> out;
  const std::string path = conflicts_path(git_dir);
  if (path_kind(path) != PathKind::kFile) return out;
  const std::string text = read_file(path, 64u << 20);
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t nl = text.find('\n', at);
    if (nl == std::string::npos) nl = text.size();
    const auto f = split_escaped(text.substr(at, nl - at));
    at = nl + 1;
    if (f.size() != 9) continue;
    out.push_back({f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8] == "ours"});
  }
  return out;
}

void keep_conflicts(const std::string& git_dir, const std::vector<FieldConflict>& found) {
  if (found.empty()) return;
  std::string text;
  const std::string path = conflicts_path(git_dir);
  if (path_kind(path) == PathKind::kFile) text = read_file(path, 64u << 20);
  // One conflict found twice (by a merge here and again as it came back, by a push retried, or
  // by a sync killed after keeping it) is kept once; which side took it does not make it
  // another.
  const auto key = [](const FieldConflict& c) {
    return std::vector{c.uuid, c.field, c.taken, c.taken_updated, c.other, c.other_updated};
  };
  std::set<std::vector<std::string>> kept;
  for (const FieldConflict& c : read_conflicts(git_dir)) kept.insert(key(c));
  bool added = false;
  for (const FieldConflict& c : found) {
    if (!kept.insert(key(c)).second) continue;
    added = true;
    for (const std::string* f : {&c.uuid, &c.kind, &c.parent, &c.field, &c.taken, &c.taken_updated,
                                 &c.other, &c.other_updated})
      text += escape(*f) + "\t";
    text += c.taken_is_ours ? "ours\n" : "theirs\n";
  }
  if (added) write_file_atomically(path, text);
}

}  // namespace leadlab::sync
