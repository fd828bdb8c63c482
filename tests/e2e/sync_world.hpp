// Helpers for sync's randomised and kill -9 end-to-end tests (issue 19): a bare remote and
// journals on several "devices" in one sandbox, each command run by the real binary with a
// logical clock (LEADLAB_NOW advances one second per command), so that which of two edits is
// "the later" never depends on how fast the machine is; and what two journals must agree on.
#pragma once

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "e2e/cli_runner.hpp"

namespace leadlab::testing {

struct SyncWorld {
  Sandbox s;
  std::string remote = s.dir().file("w/remote.git");
  int clock = 0;           // seconds after 2026-11-08T08:00:00Z
  std::string path_first;  // a folder put first in PATH (a wrapper named `git`)
  std::map<std::string, std::string> extra_env;

  std::string journal(const std::string& device) const {
    return s.dir().file("w/" + device + ".db");
  }

  std::string now() const {
    char text[32];
    std::snprintf(text, sizeof text, "2026-11-08T%02d:%02d:%02d.000Z", 8 + clock / 3600,
                  clock / 60 % 60, clock % 60);
    return text;
  }

  std::map<std::string, std::string> env() const {
    std::map<std::string, std::string> e = extra_env;
    e["LEADLAB_TODAY"] = "2026-11-08";
    e["LEADLAB_NOW"] = now();
    if (!path_first.empty()) e["PATH"] = path_first + ":/usr/bin:/bin";
    return e;
  }

  // Runs leadlab on `device`'s journal; the clock moves on one second unless `tick` is false
  // (two devices writing at the same instant).
  RunResult run(const std::string& device, std::vector<std::string> args, bool tick = true) {
    if (tick) ++clock;
    args.insert(args.begin(), {"--journal", journal(device)});
    return s.run(args, env());
  }
  RunResult on(const std::string& device, const std::vector<std::string>& args, int expect = 0,
               bool tick = true) {
    RunResult r = run(device, args, tick);
    REQUIRE_MESSAGE(r.exit_code == expect, device << ": leadlab " << join(args) << "\n"
                                                  << r.err << r.out);
    return r;
  }
  void git(std::vector<std::string> args) const {
    args.insert(args.begin(), {"-c", "user.name=t", "-c", "user.email=t@t"});
    const RunResult r = run_program("/usr/bin/git", args, s.environment({}));
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  }

  // The journal as a bundle, its experiments, entries, reviews and comments in UUID order
  // (a bundle orders them by number, or by date and number, and each journal numbers its own).
  nlohmann::json bundle(const std::string& device) {
    nlohmann::json b = nlohmann::json::parse(on(device, {"export", "--format", "json"}).out);
    const auto by_uuid = [](nlohmann::json& list) {
      std::sort(list.begin(), list.end(), [](const nlohmann::json& x, const nlohmann::json& y) {
        return x["uuid"] < y["uuid"];
      });
    };
    by_uuid(b["experiments"]);
    for (auto& e : b["experiments"])
      for (const char* kind : {"entries", "reviews", "comments"}) by_uuid(e[kind]);
    return b;
  }

  static std::string join(const std::vector<std::string>& args) {
    std::string out;
    for (const auto& a : args) out += (out.empty() ? "" : " ") + a;
    return out;
  }
};

// The first word of each entry's note and each comment's text: the tags the tests write, so
// that a record can be counted however it was edited.
inline std::map<std::string, int> tag_counts(const nlohmann::json& bundle) {
  std::map<std::string, int> out;
  const auto first_word = [](const std::string& text) { return text.substr(0, text.find(' ')); };
  for (const auto& e : bundle["experiments"]) {
    for (const auto& entry : e["entries"]) out[first_word(entry["note"])]++;
    for (const auto& c : e["comments"]) out[first_word(c["text"])]++;
  }
  return out;
}

}  // namespace leadlab::testing
