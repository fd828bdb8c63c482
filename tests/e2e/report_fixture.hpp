// The reviewed demo journal the report tests share (Markdown, HTML, SVG, the browser): the
// demo, reviewed, commented on and followed by a second cycle, with a hostile note, on a
// fixed day and clock so that every report of it is the same on every run.
#pragma once

#include <doctest/doctest.h>

#include "e2e/cli_runner.hpp"

namespace leadlab::testing {

inline const std::map<std::string, std::string> kFixed = {
    {"LEADLAB_TODAY", "2026-11-08"}, {"LEADLAB_NOW", "2026-11-08T18:00:00.000Z"}};
inline const char* const kHostileNote = "| <script>alert(1)</script> # heading";

inline RunResult ok(const RunResult& r) {
  REQUIRE_MESSAGE(r.exit_code == 0, r.out << r.err);
  return r;
}

inline void make_reviewed_demo(const Sandbox& s) {
  make_demo(s, kFixed);
  ok(s.run(
      {"log", "1", "questions=7", "statements=5", "--date", "2026-11-05", "--note", kHostileNote},
      kFixed));
  ok(s.run(
      {"comment", "1", "Good start.\n# not a heading\n- not a list", "--author", "Ben (coach)"},
      kFixed));
  ok(s.run({"review", "1", "--prediction-met", "yes", "--observed", "ideas came from the team",
            "--learned", "silence is thinking time", "--decision", "adopt", "--next-step",
            "ask first in 1:1s too", "--by", "2026-11-22", "--commitment", "8"},
           kFixed));
  ok(s.run({"new", "--follows", "1", "--title", "Ask before telling in 1:1s", "--occasion", "1:1"},
           kFixed));
}

}  // namespace leadlab::testing
