// `leadlab sync [init REMOTE | clone REMOTE | status]`: one journal on every device, and a
// coach's mirror, through a git remote (docs/sync.md). The engine is actions/sync.hpp; this
// file reads the options and prints what it did.
#include <cstdio>
#include <cstdlib>
#include <sstream>

#include "cli/context.hpp"
#include "leadlab/actions/sync.hpp"
#include "leadlab/model/error.hpp"
#include "leadlab/model/text.hpp"
#include "leadlab/report/bundle_writer.hpp"
#include "leadlab/report/sync_view.hpp"
#include "leadlab/storage/files.hpp"
#include "leadlab/storage/git.hpp"

namespace leadlab::cli {
namespace {

std::string bundle_text(const Bundle& bundle) {
  std::ostringstream out;
  BundleWriter writer(out);
  writer.header(bundle.kind, bundle.owner, bundle.without);
  for (const auto& e : bundle.experiments) writer.experiment(e);
  writer.tombstones(bundle.tombstones);
  return out.str();
}

// With LEADLAB_SYNC_TIMES set, says on leaving how long git ran: bench/run's share of git.
struct GitTimesAtExit {
  ~GitTimesAtExit() {
    if (std::getenv("LEADLAB_SYNC_TIMES") == nullptr) return;
    const GitTime git = git_time_spent();
    std::fprintf(stderr, "leadlab-sync-times: git %d runs %.1f ms\n", git.runs, git.seconds * 1000);
  }
};

// `journal`: where the records of the conflicts and kept deletions are named by number.
void print_report(const Context& ctx, const SyncReport& r, const std::string& what,
                  const Journal* journal = nullptr) {
  if (ctx.options.json) {
    nlohmann::json conflicts = nlohmann::json::array(), kept = nlohmann::json::array();
    for (const auto& c : r.conflicts) conflicts.push_back(conflict_json(c));
    for (const auto& k : r.kept) kept.push_back(kept_json(k));
    ctx.print_json({{"remote", r.remote},
                    {"commit", r.commit},
                    {"in", changes_json(r.in)},
                    {"out", changes_json(r.out)},
                    {"pushed", r.pushed},
                    {"attempts", r.attempts},
                    {"conflicts", conflicts},
                    {"kept", kept},
                    {"written_meanwhile", r.written_meanwhile}});
    return;
  }
  const ExperimentsByUuid experiments = journal != nullptr
                                            ? sync_record_experiments(*journal, r.conflicts, r.kept)
                                            : ExperimentsByUuid{};
  ctx.out() << what << " " << terminal_safe(r.remote) << ": " << changes_words(r.in) << " in, "
            << changes_words(r.out) << " out.\n";
  for (const auto& k : r.kept) ctx.out() << "Kept: " << kept_words(k, experiments) << ".\n";
  if (!r.conflicts.empty()) {
    ctx.out() << r.conflicts.size() << (r.conflicts.size() == 1 ? " field was" : " fields were")
              << " edited on both sides; the later edit was taken and the other kept:\n";
    for (const auto& c : r.conflicts)
      ctx.out() << conflict_item(conflict_words(c, experiments), ctx.render_options().width);
    ctx.out() << "`leadlab sync status` lists every conflict kept.\n";
  }
  if (r.written_meanwhile)
    ctx.out() << "The journal changed during the sync; that goes out with the next sync.\n";
}

void waiting(const Context& ctx) {
  ctx.note("Waiting for another sync of this journal to finish...");
}

}  // namespace

Command add_sync(CLI::App& app, Context& ctx) {
  auto* cmd = app.add_subcommand(
      "sync", "Sync the journal with a git remote: fetch, merge, push (docs/sync.md)");
  cmd->require_subcommand(0, 1);
  auto remote = std::make_shared<std::string>();
  auto coach = std::make_shared<std::string>();
  auto* init = cmd->add_subcommand("init", "Connect this journal to an empty git remote");
  init->add_option("REMOTE", *remote, "A git remote: a URL or a path to a bare repository")
      ->required();
  auto* clone = cmd->add_subcommand("clone", "Make a journal (--journal PATH) from a remote");
  clone->add_option("REMOTE", *remote, "The remote another device or a client set up")->required();
  clone->add_option("--coach", *coach,
                    "You are this coach: the journal mirrors the client's, and takes only your "
                    "comments");
  init->footer("Example:\n  leadlab sync init ~/leadlab-remote.git");
  clone->footer(
      "Examples:\n  leadlab sync clone ~/leadlab-remote.git --journal ~/laptop.db\n"
      "  leadlab sync clone git@host:ana/journal.git --journal ~/ana.db --coach \"Ben (coach)\"");
  auto* status = cmd->add_subcommand("status", "The remote, the last sync, what waits to go out");
  status->footer("Examples:\n  leadlab sync status\n  leadlab sync status --json");
  cmd->footer(
      "Examples:\n"
      "  git init --bare ~/leadlab-remote.git\n"
      "  leadlab sync init ~/leadlab-remote.git\n"
      "  leadlab sync clone ~/leadlab-remote.git --journal ~/laptop.db\n"
      "  leadlab sync\n"
      "  leadlab sync status\n"
      "git runs as you (your SSH keys and credentials); the remote holds the whole journal as\n"
      "text, so choose a private one.");
  return {cmd, [&ctx, init, clone, status, remote, coach] {
            reuse_large_blocks();  // each experiment's file is written and read in turn
            const GitTimesAtExit times;
            if (clone->parsed()) {
              if (ctx.options.read_only)
                throw UsageError("sync clone makes a journal, and --read-only was given");
              const std::string path = ctx.journal_path();
              const SyncReport r = sync_clone(*remote, path, *coach, bundle_text, ctx.today());
              if (ctx.options.json) {
                print_report(ctx, r, "");
                return 0;
              }
              ctx.out() << "Made the journal " << terminal_safe(path) << " from "
                        << terminal_safe(r.remote) << ": " << changes_words(r.in) << ".\n";
              if (!coach->empty())
                ctx.out() << "It mirrors the client's journal for " << terminal_safe(*coach)
                          << ": read it, run any report, and `leadlab comment`; `leadlab sync` "
                             "sends your comments back.\n";
              return 0;
            }
            if (status->parsed()) {
              const Journal journal = ctx.open_journal();
              const SyncStatus s = sync_status(journal, bundle_text);
              if (ctx.options.json) {
                nlohmann::json conflicts = nlohmann::json::array();
                for (const auto& c : s.conflicts) conflicts.push_back(conflict_json(c));
                ctx.print_json({{"connected", s.connected},
                                {"remote", s.remote},
                                {"last_sync", s.last_sync.empty() ? nlohmann::json(nullptr)
                                                                  : nlohmann::json(s.last_sync)},
                                {"commit", s.commit},
                                {"coach", s.coach ? nlohmann::json(*s.coach) : nullptr},
                                {"waiting", changes_json(s.waiting)},
                                {"conflicts", conflicts}});
                return 0;
              }
              if (!s.connected) {
                ctx.out() << "This journal is not synced. Connect it with `leadlab sync init "
                             "REMOTE` (an empty git repository).\n";
                return 0;
              }
              ctx.out() << "Remote: " << terminal_safe(s.remote) << "\n"
                        << "Last sync: " << (s.last_sync.empty() ? "never" : s.last_sync) << "\n";
              if (s.coach)
                ctx.out() << "A mirror for the coach " << terminal_safe(*s.coach) << "\n";
              ctx.out() << "Waiting to go out: " << changes_words(s.waiting) << "\n";
              if (s.conflicts.empty()) {
                ctx.out() << "Conflicts kept: none\n";
              } else {
                ctx.out() << "Conflicts kept (" << s.conflicts.size() << "):\n";
                const auto named = sync_record_experiments(journal, s.conflicts);
                for (const auto& c : s.conflicts)
                  ctx.out() << conflict_item(conflict_words(c, named), ctx.render_options().width);
              }
              return 0;
            }
            ctx.refuse_if_read_only("sync");
            Journal journal = ctx.open_journal();
            if (init->parsed()) {
              const SyncReport r =
                  sync_init(journal, *remote, bundle_text, ctx.today(), [&ctx] { waiting(ctx); });
              print_report(ctx, r, "Connected to", &journal);
              return 0;
            }
            const SyncReport r =
                sync_now(journal, bundle_text, ctx.today(), [&ctx] { waiting(ctx); });
            print_report(ctx, r, "Synced with", &journal);
            return 0;
          }};
}

}  // namespace leadlab::cli
