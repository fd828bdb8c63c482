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
// UTF-8, and as bare bytes), bidi controls; or bytes that are not UTF-8.
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
// control byte either: it is printed on the terminal when no --output is given.
void check_report(const Sandbox& s) {
  const RunResult r = shown(s, {"export"});
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  CHECK(r.out.find('<') == std::string::npos);
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
  }
  check_report(s);
}
