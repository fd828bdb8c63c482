// End-to-end: hostile text through every way it can enter a journal — `new`, `log --note`,
// `comment`, a template file and an imported bundle. Each string is stored exactly (read
// back with --json) or refused with exit code 2 and a message; what leadlab prints on a
// terminal never carries a byte that the terminal would act on, and the Markdown report
// carries no HTML.
//
// NUL cannot reach leadlab through argv (a C string ends there), so it is tried through the
// channels that can carry it: a bundle ("\u0000") and a template file.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "e2e/cli_runner.hpp"
#include "e2e/html_check.hpp"

using leadlab::testing::read_file;
using leadlab::testing::RunResult;
using leadlab::testing::Sandbox;
using nlohmann::json;

namespace {

namespace fs = std::filesystem;
using Env = std::map<std::string, std::string>;

using leadlab::testing::kToday;
constexpr std::size_t kMaxText = 64 * 1024;  // the most leadlab keeps in one field

struct Hostile {
  std::string name;
  std::string text;
};

std::string every_control() {
  std::string s = "controls:";
  for (char c = 1; c < 0x20; ++c) s += c;
  return s + '\x7f' + ":end";
}

// The corpus. Valid UTF-8 within the size limit is stored exactly; the rest is refused.
std::vector<Hostile> corpus() {
  return {
      {"sql injection", "Robert'); DROP TABLE experiments;--"},
      {"sql quote", "' OR '1'='1' -- \" OR \"\"=\""},
      {"like wildcards", "100% of _the_ time: %s %n %x \\% \\_"},
      {"every control", every_control()},
      {"window title", "title\x1b]0;pwned\x07 after"},
      {"clear screen", "\x1b[2J\x1b[H\x1b[31mred\x1b[0m"},
      {"hyperlink", "\x1b]8;;http://evil.example\x1b\\click\x1b]8;;\x1b\\"},
      {"c1 controls",
       "csi \xc2\x9b"
       "31m nel \xc2\x85 osc \xc2\x9d"
       "0;x\xc2\x9c"},
      {"bidi",
       "\xe2\x80\xae"
       "evil\xe2\x80\xac and \xe2\x81\xa6isolate\xe2\x81\xa9 rlm\xe2\x80\x8f alm\xd8\x9c"},
      {"html", "<script>alert(1)</script><img src=x onerror=alert(2)> &amp;"},
      {"markdown", "# heading\n- item\n| a | b |\n```\ncode\n```"},
      {"unicode", "naïve 中文 👩‍💻 e\xcc\x81"},
      {"just under the limit", std::string(kMaxText - 3, 'x') + "\xe2\x82\xac"},  // 65536 bytes
      {"over the limit", std::string(kMaxText + 1, 'y')},
      {"invalid utf-8", "bad \xff\xfe bytes"},
      {"overlong", "slash \xc0\xaf overlong"},
      {"surrogate", "half \xed\xa0\x80 pair"},
      {"cut sequence", "cut \xe2\x82"},
  };
}

bool valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = 0;
    std::uint32_t cp = 0;
    if (c < 0x80) {
      ++i;
      continue;
    }
    if ((c & 0xE0) == 0xC0)
      n = 1, cp = c & 0x1F;
    else if ((c & 0xF0) == 0xE0)
      n = 2, cp = c & 0x0F;
    else if ((c & 0xF8) == 0xF0)
      n = 3, cp = c & 0x07;
    else
      return false;
    for (std::size_t k = 1; k <= n; ++k) {
      if (i + k >= s.size()) return false;
      const auto d = static_cast<unsigned char>(s[i + k]);
      if ((d & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (d & 0x3F);
    }
    const std::uint32_t least[] = {0, 0x80, 0x800, 0x10000};
    if (cp < least[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += n + 1;
  }
  return true;
}

bool storable(const Hostile& h) { return valid_utf8(h.text) && h.text.size() <= kMaxText; }

// What a terminal would act on: C0 controls but newline and tab, DEL, C1 controls (as
// UTF-8, and as bare bytes), bidi controls, line and paragraph separators; or bytes that
// are not UTF-8.
std::string terminal_problem(const std::string& out) {
  if (!valid_utf8(out)) return "invalid UTF-8";
  for (std::size_t i = 0; i < out.size(); ++i) {
    const auto b = static_cast<unsigned char>(out[i]);
    if ((b < 0x20 && b != '\n' && b != '\t') || b == 0x7f)
      return "raw control byte " + std::to_string(b) + " at " + std::to_string(i);
    if (b == 0xC2 && i + 1 < out.size() && static_cast<unsigned char>(out[i + 1]) <= 0x9F)
      return "C1 control at " + std::to_string(i);
    if (b == 0xD8 && i + 1 < out.size() && static_cast<unsigned char>(out[i + 1]) == 0x9C)
      return "arabic letter mark at " + std::to_string(i);
    if (b == 0xE2 && i + 2 < out.size()) {
      const auto m = static_cast<unsigned char>(out[i + 1]);
      const auto l = static_cast<unsigned char>(out[i + 2]);
      if ((m == 0x80 && ((l >= 0xAA && l <= 0xAE) || l == 0x8E || l == 0x8F)) ||
          (m == 0x81 && l >= 0xA6 && l <= 0xA9))
        return "bidi control at " + std::to_string(i);
      if (m == 0x80 && (l == 0xA8 || l == 0xA9))
        return "line or paragraph separator at " + std::to_string(i);
    }
  }
  return "";
}

// Runs a command whose output goes to a terminal: neither stdout nor stderr may carry a
// byte the terminal would act on.
RunResult shown(const Sandbox& s, const std::vector<std::string>& args) {
  const RunResult r = s.run(args, kToday);
  std::string what;
  for (const auto& a : args) what += (a.size() > 40 ? a.substr(0, 40) + "..." : a) + " ";
  CHECK_MESSAGE(terminal_problem(r.out) == "", what << "(stdout)");
  CHECK_MESSAGE(terminal_problem(r.err) == "", what << "(stderr)");
  return r;
}

// A refusal says what is wrong with the text.
void check_refused(const RunResult& r, const Hostile& h) {
  CHECK(r.exit_code == 2);
  if (!valid_utf8(h.text)) {
    CHECK_MESSAGE(r.err.find("UTF-8") != std::string::npos, r.err);
  } else {
    CHECK_MESSAGE(r.err.find("bytes long") != std::string::npos, r.err);
  }
}

json show_json(const Sandbox& s, int id) {
  const RunResult r = s.run({"show", std::to_string(id), "--json"}, kToday);
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  return json::parse(r.out);
}

// Every reading command a person runs at a terminal, on experiment `id`.
void check_terminal_output(const Sandbox& s, int id) {
  const std::string n = std::to_string(id);
  CHECK(shown(s, {"show", n}).exit_code == 0);
  CHECK(shown(s, {"show", n, "--ascii"}).exit_code == 0);
  CHECK(shown(s, {"entries", n}).exit_code == 0);
  CHECK(shown(s, {"list"}).exit_code == 0);
  CHECK(shown(s, {"status"}).exit_code == 0);
  CHECK(shown(s, {"summary", "--since", "2026-10-01"}).exit_code == 0);
  CHECK(shown(s, {"next"}).exit_code == 0);
}

// The Markdown report carries no HTML at all (leadlab's own Markdown has no '<'), and no
// control byte either: it is printed on the terminal when no --output is given. The HTML
// report and each SVG chart hold only leadlab's own elements, stay valid, and show every
// text as text (with `whole_corpus` stored, its HTML must be there as text).
void check_report(const Sandbox& s, bool whole_corpus = true) {
  const RunResult r = shown(s, {"export"});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  CHECK(r.out.find('<') == std::string::npos);
  const std::string path = s.dir().file("report.html");
  REQUIRE(s.run({"export", "--format", "html", "--output", path}, kToday).exit_code == 0);
  const std::string html = read_file(path);
  leadlab::testing::check_html_is_own(html);
  // The corpus's HTML as the text it is.
  if (whole_corpus)
    CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt; "
                    "&amp;amp;") != std::string::npos);
  const auto errors = leadlab::testing::tidy_errors(s.dir().file("tidy.html"), html);
  if (errors) CHECK_MESSAGE(errors->empty(), *errors);
  for (int id = 1;; ++id) {
    const RunResult chart = s.run({"chart", std::to_string(id)}, kToday);
    if (chart.exit_code != 0) break;
    leadlab::testing::check_html_is_own(chart.out);
  }
}

RunResult ok(const RunResult& r) {
  REQUIRE_MESSAGE(r.exit_code == 0, r.out << r.err);
  return r;
}

// TOML basic string: quotes, backslashes and control characters escaped, the rest as is.
std::string toml_string(const std::string& text) {
  std::string out = "\"";
  for (const char c : text) {
    const auto b = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (b < 0x20 || b == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04X", b);
      out += buf;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

}  // namespace

TEST_CASE("hostile text in new, log --note and comment is stored exactly or refused") {
  Sandbox s;
  ok(s.run({"init", "--owner", "Ana"}, kToday));
  int id = 0;
  for (const Hostile& h : corpus()) {
    CAPTURE(h.name);
    const RunResult created = shown(s, {"new", "--title", h.text, "--hypothesis", h.text,
                                        "--change", "c", "--metric", "q:count"});
    if (!storable(h)) {
      check_refused(created, h);
      // The valid fields are not enough: nothing was created.
      CHECK(json::parse(ok(s.run({"list", "--json"}, kToday)).out).size() ==
            static_cast<std::size_t>(id));
      // Nor is it taken as a note or a comment on an experiment that exists.
      if (id > 0) {
        const std::string n = std::to_string(id);
        check_refused(shown(s, {"log", n, "q=1", "--note", h.text}), h);
        check_refused(shown(s, {"comment", n, h.text}), h);
        check_refused(shown(s, {"comment", n, "text", "--author", h.text}), h);
        CHECK(show_json(s, id)["entries"].size() == 1);
      }
      continue;
    }
    REQUIRE_MESSAGE(created.exit_code == 0, created.err);
    ++id;
    const std::string n = std::to_string(id);
    ok(s.run({"baseline", n, "--date", "2026-10-01"}, kToday));
    ok(shown(s, {"log", n, "q=1", "--date", "2026-10-02", "--note", h.text, "--off-plan", h.text}));
    ok(shown(s, {"comment", n, h.text, "--author", h.text}));
    const json j = show_json(s, id);
    CHECK(j["title"] == h.text);
    CHECK(j["hypothesis"] == h.text);
    REQUIRE(j["entries"].size() == 1);
    CHECK(j["entries"][0]["note"] == h.text);
    CHECK(j["entries"][0]["deviation"] == h.text);
    REQUIRE(j["comments"].size() == 1);
    CHECK(j["comments"][0]["text"] == h.text);
    CHECK(j["comments"][0]["author"] == h.text);
    check_terminal_output(s, id);
  }
  CHECK(id == 13);  // every storable string made an experiment
  check_report(s);
  CHECK(ok(s.run({"check"}, kToday)).out.find("Sound") != std::string::npos);
}

TEST_CASE("hostile text in a template file is stored exactly or refused") {
  Sandbox s;
  ok(s.run({"init", "--owner", "Ana"}, kToday));
  const std::string folder = s.dir().file("home/.config/leadlab/templates");
  fs::create_directories(folder);
  std::string model = read_file(LEADLAB_SOURCE_DIR "/templates/question-ratio.toml");
  int created = 0;
  int k = 0;
  auto hostile = corpus();
  hostile.push_back({"nul", std::string("before\0after", 12)});
  for (const Hostile& h : hostile) {
    CAPTURE(h.name);
    const std::string name = "hostile-" + std::to_string(++k);
    std::string text = model;
    text.replace(text.find("name = \"question-ratio\""), 23, "name = \"" + name + "\"");
    const auto title = text.find("\ntitle = ");
    REQUIRE(title != std::string::npos);
    text.replace(title + 1, text.find('\n', title + 1) - title - 1,
                 "title = " + toml_string(h.text));
    const std::string file = folder + "/" + name + ".toml";
    std::ofstream(file, std::ios::binary) << text;
    const RunResult checked = shown(s, {"templates", "check", file});
    // A NUL (written as \u0000) may be refused like any control character in a template,
    // or stored; the rest of the corpus follows the rule of every other field.
    const bool refused = !storable(h) || (h.name == "nul" && checked.exit_code == 2);
    if (refused) {
      CHECK(checked.exit_code == 2);
      CHECK_MESSAGE(checked.err.find(file + ":") != std::string::npos, checked.err);
      CHECK(shown(s, {"new", "--template", name}).exit_code == 2);
      fs::remove(file);  // a broken template of one's own would stop `templates list`
      continue;
    }
    CHECK_MESSAGE(checked.exit_code == 0, checked.err);
    CHECK(shown(s, {"templates", "show", name}).exit_code == 0);
    CHECK(shown(s, {"templates", "list"}).exit_code == 0);
    ok(shown(s, {"new", "--template", name}));
    ++created;
    CHECK(show_json(s, created)["title"] == h.text);
    CHECK(shown(s, {"show", std::to_string(created)}).exit_code == 0);
  }
  CHECK(created >= 13);
  check_report(s);
}

TEST_CASE("hostile text in an imported bundle is stored exactly or refused, changing nothing") {
  Sandbox s;
  ok(s.run({"init", "--owner", "Ana"}, kToday));
  ok(s.run({"new", "--title", "t", "--hypothesis", "h", "--change", "c", "--metric", "q:count"},
           kToday));
  ok(s.run({"baseline", "1", "--date", "2026-10-01"}, kToday));
  ok(s.run({"log", "1", "q=1", "--date", "2026-10-02", "--note", "plain"}, kToday));
  // Ordered: a bundle's header comes before its records.
  using ordered = nlohmann::ordered_json;
  const ordered model = ordered::parse(ok(s.run({"export", "--format", "json"}, kToday)).out);
  auto hostile = corpus();
  hostile.push_back({"nul", std::string("before\0after", 12)});
  int round = 0;
  for (const Hostile& h : hostile) {
    CAPTURE(h.name);
    // The same entry, edited later elsewhere: its note becomes the hostile text.
    ordered bundle = model;
    ordered& entry = bundle["experiments"][0]["entries"][0];
    ++round;  // at most 59: seconds of a timestamp later than the journal's
    const std::string stamp =
        "2099-01-01T00:00:" + std::string(round < 10 ? "0" : "") + std::to_string(round) + ".000Z";
    entry["updated"] = stamp;
    entry["note"] = "@@NOTE@@";
    std::string text = bundle.dump(2);
    // Written by hand: nlohmann refuses to write invalid UTF-8, which is the point here.
    const std::string note = valid_utf8(h.text) ? json(h.text).dump() : "\"" + h.text + "\"";
    text.replace(text.find("\"@@NOTE@@\""), 10, note);
    const std::string path = s.dir().file("bundle.json");
    std::ofstream(path, std::ios::binary) << text;
    const std::string before = read_file(s.journal());
    const RunResult r = shown(s, {"import", path});
    if (!storable(h)) {
      CHECK(r.exit_code == 2);
      CHECK_MESSAGE(r.err.find(path + ":") != std::string::npos, r.err);
      CHECK(read_file(s.journal()) == before);
      continue;
    }
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    CHECK(show_json(s, 1)["entries"][0]["note"] == h.text);
    check_terminal_output(s, 1);
    check_report(s, false);  // the note is in the entries' table and the chart's titles
  }
}

namespace {

// Each sequence that acts on a terminal or reorders what it shows: an OSC 52 clipboard
// write, SGR colour, BEL, DEL, a C1 CSI, a right-to-left override, a left-to-right isolate,
// a left-to-right mark and a line separator.
const std::string kSequences =
    "osc52 \x1b]52;c;cHduZWQ=\x07 sgr \x1b[31mred\x1b[0m bel \x07 del \x7f csi \xc2\x9b"
    "31m rlo \xe2\x80\xae"
    "txt lri \xe2\x81\xa6 lrm \xe2\x80\x8e ls \xe2\x80\xa8 end";

// The same escaped as leadlab's JSON writes it, every one of them as \uXXXX.
const std::string kSequencesInJson =
    "osc52 \\u001b]52;c;cHduZWQ=\\u0007 sgr \\u001b[31mred\\u001b[0m bel \\u0007 del \\u007f csi "
    "\\u009b31m rlo \\u202etxt lri \\u2066 lrm \\u200e ls \\u2028 end";

// A journal whose owner, experiment title, hypothesis, change, note, deviation, comment and
// comment author, and a template of the user's own, all carry kSequences.
void make_hostile_journal(const Sandbox& s) {
  const std::string& h = kSequences;
  ok(s.run({"init", "--owner", h}, kToday));
  ok(s.run({"new", "--title", h, "--hypothesis", h, "--change", h, "--metric", "q:count"}, kToday));
  ok(s.run({"baseline", "1", "--date", "2026-10-01"}, kToday));
  ok(s.run({"log", "1", "q=1", "--date", "2026-10-02", "--note", h, "--off-plan", h}, kToday));
  ok(s.run({"comment", "1", h, "--author", h}, kToday));
  const std::string folder = s.dir().file("home/.config/leadlab/templates");
  fs::create_directories(folder);
  std::string text = read_file(LEADLAB_SOURCE_DIR "/templates/question-ratio.toml");
  text.replace(text.find("name = \"question-ratio\""), 23, "name = \"hostile\"");
  text.replace(text.find("title = \"Ask before telling\""), 28, "title = " + toml_string(h));
  std::ofstream(folder + "/hostile.toml", std::ios::binary) << text;
}

}  // namespace

TEST_CASE("at a terminal no output of any command carries a control sequence from user text") {
  Sandbox s;
  make_hostile_journal(s);
  Sandbox sender;  // a bundle with the same text, from someone else
  make_hostile_journal(sender);
  const std::string bundle = s.dir().file("theirs.json");
  ok(sender.run({"export", "--format", "json", "--output", bundle}, kToday));
  const std::string& h = kSequences;
  const std::vector<std::vector<std::string>> commands = {
      {"show", "1"},
      {"list"},
      {"entries", "1"},
      {"status"},
      {"summary", "--since", "2026-10-01"},
      {"next"},
      {"export"},
      {"export", "1", "--format", "markdown"},
      {"export", "--format", "csv"},
      {"templates", "show", "hostile"},
      {"templates", "list"},
      {"overview", s.journal()},
      {"check"},
      {"import", bundle, "--dry-run"},
      {"comment", "1", h, "--author", h},
      {"log", "1", "q=2", "--date", "2026-10-03", "--note", h, "--off-plan", h},
      {"entry", "edit", "1", "--note", h},
      {"entry", "edit", "2", "--note", h + "!"},
      // Errors that echo what was typed.
      {"show", h},
      {"log", "1", h + "=3"},
      {"templates", "show", h},
      {"import", h},
      {"export", "--format", "csv", h},
      {"entry", "edit", h},
      {"new", "--template", h},
      {"new", "--title", h, "--hypothesis", h, "--change", h, "--metric", h},
      {"summary", "--since", h},
      // A review and what shows it; the next cycle from the template.
      {"review",
       "1",
       "--prediction-met",
       "partly",
       "--observed",
       h,
       "--difference",
       h,
       "--surprised",
       h,
       "--as-planned",
       h,
       "--learned",
       h,
       "--decision",
       "adapt",
       "--next-step",
       h,
       "--by",
       "2026-11-20",
       "--commitment",
       "7",
       "--author",
       h},
      {"show", "1"},
      {"next"},
      {"summary", "--since", "2026-10-01"},
      {"export"},
      {"reopen", "1"},
      {"baseline", "2"},
      {"start", "2"},
      {"list"},
      {"backup", s.dir().file("copy.db")}};
  // The same reading commands as JSON, which also shows them escaped.
  const std::vector<std::vector<std::string>> json_commands = {{"show", "1"},
                                                               {"list"},
                                                               {"entries", "1"},
                                                               {"status"},
                                                               {"templates", "show", "hostile"},
                                                               {"overview", s.journal()},
                                                               {"check"},
                                                               {"comment", "1", h},
                                                               {"log", "1", "q=3", "--note", h}};
  const auto at_terminal = [&](std::vector<std::string> args,
                               const std::vector<leadlab::testing::Exchange>& script = {}) {
    const RunResult r =
        s.run_in_terminal(args, script, {{"LEADLAB_TODAY", "2026-11-08"}, {"NO_COLOR", "1"}});
    // The terminal ends lines in "\r\n" (CSV's own "\r\n" in "\r\r\n"): harmless returns.
    std::string out;
    for (const char c : r.out) {
      if (c == '\n')
        while (!out.empty() && out.back() == '\r') out.pop_back();
      out += c;
    }
    std::string what;
    for (const auto& a : args) what += (a == h ? "HOSTILE" : a) + " ";
    CHECK_MESSAGE(terminal_problem(out) == "", what << "\n" << out);
    CHECK_MESSAGE(r.exit_code >= 0, what);
    return out;
  };
  for (const auto& args : commands) {
    // `new` asks at a terminal, offering the template's hostile title as the default.
    if (args[0] == "baseline") {
      std::vector<leadlab::testing::Exchange> enter;
      for (const char* prompt :
           {"Title [", "Hypothesis", "Change", "Prediction", "Why you", "Occasion",
            "Keep these metrics", "Baseline points", "Test points", "Success rule"})
        enter.push_back({prompt, ""});
      at_terminal({"new", "--template", "hostile"}, enter);
    }
    // `start` before the planned baseline points are in asks first.
    if (args[0] == "start") {
      at_terminal(args, {{"Start the test anyway?", "y"}});
      continue;
    }
    at_terminal(args);
  }
  // The writing commands among them did their work.
  CHECK(show_json(s, 1)["reviews"][0]["learned"] == h);
  CHECK(show_json(s, 1)["entries"].size() == 2);
  CHECK(show_json(s, 2)["status"] == "testing");
  CHECK(fs::exists(s.dir().file("copy.db")));
  for (auto args : json_commands) {
    args.push_back("--json");
    const std::string out = at_terminal(args);
    CHECK_MESSAGE(out.find(kSequencesInJson) != std::string::npos, args[0] << "\n" << out);
  }
  const std::string exported = at_terminal({"export", "--format", "json"});
  CHECK(exported.find(kSequencesInJson) != std::string::npos);
  CHECK(json::parse(exported)["owner"] == h);
  // The CSV a person sees shows the sequences; the CSV a program or a file gets keeps them.
  CHECK(at_terminal({"export", "--format", "csv"}).find("osc52 \\x1b]52;c;cHduZWQ=\\x07") !=
        std::string::npos);
  CHECK(ok(s.run({"export", "--format", "csv"}, kToday)).out.find(h) != std::string::npos);
  const std::string csv = s.dir().file("entries.csv");
  ok(s.run({"export", "--format", "csv", "--output", csv}, kToday));
  CHECK(read_file(csv).find(h) != std::string::npos);
}

TEST_CASE("JSON always escapes control sequences, and a bundle carries them back exactly") {
  Sandbox s;
  make_hostile_journal(s);
  // Not at a terminal either: --json and bundles hold no raw sequence anywhere.
  for (const std::vector<std::string>& args : {std::vector<std::string>{"show", "1", "--json"},
                                               {"list", "--json"},
                                               {"entries", "1", "--json"},
                                               {"check", "--json"},
                                               {"export", "--format", "json"},
                                               {"templates", "show", "hostile", "--json"},
                                               {"overview", s.journal(), "--json"}}) {
    const RunResult r = ok(s.run(args, kToday));
    CHECK_MESSAGE(terminal_problem(r.out) == "", args[0]);
    CHECK_MESSAGE(r.out.find(kSequencesInJson) != std::string::npos, args[0]);
  }
  const json shown = show_json(s, 1);
  CHECK(shown["title"] == kSequences);
  CHECK(shown["entries"][0]["note"] == kSequences);
  CHECK(shown["comments"][0]["author"] == kSequences);

  // Exported, imported into an empty journal and exported again: the same bytes, the same
  // text.
  const std::string bundle = s.dir().file("ana.json");
  ok(s.run({"export", "--format", "json", "--output", bundle}, kToday));
  Sandbox other;  // the same owner's journal elsewhere (an import never sets the owner)
  ok(other.run({"init", "--owner", kSequences}, kToday));
  ok(other.run({"import", bundle}, kToday));
  CHECK(ok(other.run({"export", "--format", "json"}, kToday)).out == read_file(bundle));
  const json there = show_json(other, 1);
  CHECK(there["title"] == kSequences);
  CHECK(there["hypothesis"] == kSequences);
  CHECK(there["entries"][0]["note"] == kSequences);
  CHECK(there["entries"][0]["deviation"] == kSequences);
  CHECK(there["comments"][0]["text"] == kSequences);
  CHECK(json::parse(ok(other.run({"export", "--format", "json"}, kToday)).out)["owner"] ==
        kSequences);
}
