// End-to-end: a month in a leader's and a coach's life (issue 22's "Done when"), through the
// real binary. Ana runs the question-ratio experiment from a template — a guided `new` at a
// terminal, a baseline and a test dated across four weeks, a tally, a correction, an edit —
// reads status and summary, reviews with the template's questions and goes into a second
// cycle with `next`; then her coach Ben imports her bundle, comments, and his comments
// travel back. Every command leadlab prints as advice on the way is run as printed, in the
// state it was printed in (e2e/suggestions.hpp). The month is lived twice: piped (80
// columns) and in a 200-column terminal, and no note is ever cut.
#include <doctest/doctest.h>

#include <array>
#include <functional>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "e2e/cli_runner.hpp"
#include "e2e/suggestions.hpp"
#include "flat_text.hpp"

using leadlab::testing::Exchange;
using leadlab::testing::flat;
using leadlab::testing::read_file;
using leadlab::testing::RunResult;
using leadlab::testing::Sandbox;
using leadlab::testing::TerminalSession;
using nlohmann::json;

namespace {

using Env = std::map<std::string, std::string>;

const std::string kTitle = "Ask before telling in the team sync";
const std::string kNote =
    "Budget review; I explained the numbers for twenty minutes before anyone spoke, then "
    "answered every question about the hiring freeze myself";
const std::string kCoach = "Ben Okafor";

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// One person's journal, lived day by day at a given width.
class Life {
 public:
  Life(unsigned short columns, bool run_advice) : columns_(columns), run_advice_(run_advice) {}

  // The environment of `day`: that date and a fixed time on it, and the width (COLUMNS
  // only when it is not the default, as a user would have it).
  Env on(const std::string& day) const {
    Env env = {{"LEADLAB_TODAY", day}, {"LEADLAB_NOW", day + "T17:00:00.000Z"}};
    if (columns_ != 80) env["COLUMNS"] = std::to_string(columns_);
    return env;
  }

  // Runs a step that must succeed and runs every command it advises.
  RunResult run(const std::string& day, const std::vector<std::string>& args) {
    const RunResult r = s_.run(args, on(day));
    REQUIRE_MESSAGE(r.exit_code == 0, "leadlab " << args.front() << ": " << r.err);
    advice(day, r.out + r.err, "leadlab " + args.front());
    return r;
  }

  // The same without running its advice or requiring success: a step expected to refuse.
  RunResult attempt(const std::string& day, const std::vector<std::string>& args) const {
    return s_.run(args, on(day));
  }

  json run_json(const std::string& day, std::vector<std::string> args) const {
    args.push_back("--json");
    const RunResult r = s_.run(args, on(day));
    REQUIRE_MESSAGE(r.exit_code == 0, r.err);
    return json::parse(r.out);
  }

  // Runs a step at a terminal of this width, answering each prompt in turn.
  RunResult at_terminal(const std::string& day, const std::vector<std::string>& args,
                        const std::vector<Exchange>& script) {
    Env env = on(day);
    env["NO_COLOR"] = "1";
    TerminalSession t(args, s_.environment(env), columns_);
    for (const Exchange& step : script) {  // no structured binding: clang 14 cannot capture it
      const std::string& prompt = step.prompt;
      REQUIRE_MESSAGE(t.wait_for(prompt), "no \"" << prompt << "\" in:\n" << t.output());
      t.type(step.answer + "\r");
    }
    const RunResult r = t.finish();
    REQUIRE_MESSAGE(r.exit_code == 0, r.out);
    advice(day, r.out, "leadlab " + args.front() + " at a terminal");
    return r;
  }

  // What the leader looks at: status, next, list, and each experiment's show and entries.
  // Each must work, and what they advise must run.
  void look(const std::string& day, int experiments) {
    std::vector<std::vector<std::string>> views = {{"status"}, {"next"}, {"list"}};
    for (int id = 1; id <= experiments; ++id) {
      views.push_back({"show", std::to_string(id)});
      views.push_back({"entries", std::to_string(id)});
    }
    for (const auto& view : views) run(day, view);
  }

  // Runs the advice in `text` on a copy of the journal as it stands on `day`: each command
  // once per state (the same day and the same journal).
  void advice(const std::string& day, const std::string& text, const std::string& where) {
    if (!run_advice_) return;
    const std::string state =
        day + std::to_string(std::hash<std::string>{}(read_file(s_.journal())));
    for (const std::string& command : leadlab::testing::suggestions_in(text)) {
      advised_.insert(command);
      if (ran_.insert(state + command).second)
        leadlab::testing::run_suggestion(s_, command, where + " on " + day, on(day));
    }
  }

  const Sandbox& sandbox() const { return s_; }
  const std::set<std::string>& advised() const { return advised_; }
  unsigned short columns() const { return columns_; }

 private:
  Sandbox s_;
  unsigned short columns_;
  bool run_advice_;
  std::set<std::string> advised_;
  std::set<std::string> ran_;  // each command in each state it was advised in
};

// The notes are whole in what shows them: never cut with an ellipsis, and within the width.
void check_notes_whole(const Life& ana, const std::string& day) {
  for (const std::vector<std::string>& view :
       {std::vector<std::string>{"entries", "1"}, {"show", "1"}, {"entries", "1", "--wide"}}) {
    CAPTURE(view[0]);
    const RunResult r = ana.attempt(day, view);
    REQUIRE(r.exit_code == 0);
    CHECK(has(flat(r.out), kNote));
    CHECK(has(flat(r.out), "Quarterly planning; counted again from my notes"));
    CHECK_FALSE(has(r.out, "\u2026"));
    if (view.size() == 2) CHECK(leadlab::testing::widest_line(r.out) <= ana.columns());
  }
  if (ana.columns() >= 200) {  // room for the note on one line below its row
    CHECK(has(ana.attempt(day, {"show", "1"}).out, "   " + kNote + "\n"));
  }
}

// The leader's month, 2026-10-05 (a Monday) to 2026-11-02: meetings on Monday, Wednesday
// and Friday.
void leaders_month(Life& ana) {
  const Sandbox& s = ana.sandbox();
  // Week 1: a journal, a template, a guided `new`.
  ana.run("2026-10-05", {"init", "--owner", "Ana Lima"});
  const RunResult tmpl = ana.run("2026-10-05", {"templates", "show", "question-ratio"});
  CHECK(has(tmpl.out, "Did my question share move the way I predicted"));
  const RunResult created =
      ana.at_terminal("2026-10-05", {"new", "--template", "question-ratio"},
                      {{"Title [Ask before telling]", kTitle},
                       {"Hypothesis", ""},
                       {"Change", ""},
                       {"Prediction", ""},
                       {"Why you expect it", ""},
                       {"Occasion (meeting, 1:1, day, week) [meeting]", ""},
                       {"Keep these metrics? (Y/n)", ""},
                       {"Baseline points (occasions before the change) [5]", ""},
                       {"Test points (occasions with the change) [6]", "5"},
                       {"Success rule", ""}});
  CHECK(has(created.out, "Created experiment 1: " + kTitle));
  json e = ana.run_json("2026-10-05", {"show", "1"});
  CHECK(e["title"] == kTitle);
  CHECK(e["template"] == "question-ratio");
  CHECK(e["planned"]["baseline"] == 5);
  CHECK(e["planned"]["test"] == 5);
  CHECK(e["success_rule"] == "nap(share) >= 0.66");
  CHECK(e["metrics"].size() == 4);
  ana.look("2026-10-05", 1);  // a draft

  ana.run("2026-10-05", {"baseline", "1"});
  // Metric names abbreviated; the echo shows them whole.
  const RunResult first = ana.run(
      "2026-10-05", {"log", "1", "q=2", "s=11", "i=1", "--date", "2026-10-05", "--note", kNote});
  CHECK(has(first.out, "baseline point 1 of 5"));
  CHECK(has(first.out, "questions=2 statements=11 ideas_from_others=1"));

  // Wednesday's meeting tallied at a terminal; ideas were not counted and are left out.
  {
    Env env = ana.on("2026-10-07");
    env["NO_COLOR"] = "1";
    TerminalSession t({"tally", "1", "--note", "Roadmap sync"}, s.environment(env), ana.columns());
    REQUIRE(t.wait_for("[q] questions 0"));
    t.type("qsqssqsssssss");  // 3 questions, 10 statements
    REQUIRE(t.wait_for("[q] questions 3  [s] statements 10"));
    t.type("u");  // one statement too many
    REQUIRE(t.wait_for("[s] statements 9"));
    t.type("\r");
    REQUIRE(t.wait_for("Nothing was counted for ideas_from_others"));
    t.type("\r");  // the default: leave it out
    REQUIRE(t.wait_for("Logged entry 2"));
    const RunResult tallied = t.finish();
    CHECK(tallied.exit_code == 0);
    CHECK(has(tallied.out, "baseline point 2 of 5"));
    ana.advice("2026-10-07", tallied.out, "leadlab tally");
  }
  json entries = ana.run_json("2026-10-07", {"entries", "1"});
  REQUIRE(entries.size() == 2);
  CHECK(entries[1]["values"]["questions"] == 3);
  CHECK(entries[1]["values"]["statements"] == 9);
  CHECK(entries[1]["values"]["ideas_from_others"].is_null());

  // Friday's meeting logged on Saturday, with its date.
  ana.run("2026-10-10", {"log", "1", "questions=1", "statements=12", "ideas_from_others=1",
                         "--date", "yesterday"});
  // During the baseline there is nothing to be better or worse than.
  const RunResult baseline_status = ana.run("2026-10-10", {"status"});
  CHECK(has(baseline_status.out, "baseline 3/5"));
  CHECK(has(baseline_status.out, "baseline median so far"));
  CHECK_FALSE(has(baseline_status.out, "worse"));
  CHECK_FALSE(has(baseline_status.out, "better"));
  ana.look("2026-10-10", 1);  // a baseline under way

  // Week 2: the baseline completes; a mistyped count is corrected; the change is sharpened.
  ana.run("2026-10-12", {"log", "1", "q=2", "s=10", "i=1", "--date", "2026-10-12"});
  ana.run("2026-10-14", {"log", "1", "q=2", "s=19", "i=1", "--date", "2026-10-14", "--note",
                         "Quarterly planning"});
  const RunResult corrected =
      ana.run("2026-10-14", {"entry", "edit", "5", "statements=9", "--note",
                             "Quarterly planning; counted again from my notes"});
  CHECK(has(corrected.out, "statements=9"));
  CHECK(ana.run_json("2026-10-14", {"entries", "1"})[4]["values"]["statements"] == 9);
  const std::string sharper =
      "Open every agenda item with one open question and give my view only after two others "
      "have spoken";
  ana.run("2026-10-14", {"edit", "1", "--change", sharper});
  CHECK(ana.run_json("2026-10-14", {"show", "1"})["change"] == sharper);
  ana.look("2026-10-14", 1);  // a complete baseline

  ana.run("2026-10-16", {"start", "1", "--date", "2026-10-16"});
  ana.run("2026-10-16",
          {"log", "1", "q=6", "s=5", "i=3", "--date", "2026-10-16", "--note", "Sprint planning"});
  // A review after one test point: too little data to adopt on, and nothing is written.
  const RunResult early =
      ana.attempt("2026-10-16", {"review", "1", "--prediction-met", "yes", "--observed", "o",
                                 "--learned", "l", "--decision", "adopt", "--next-step", "n"});
  CHECK(early.exit_code == 2);
  CHECK(has(flat(early.err), "5 baseline points and 1 test point cannot support a decision"));
  e = ana.run_json("2026-10-16", {"show", "1"});
  CHECK(e["status"] == "testing");
  CHECK(e["reviews"].empty());

  // Weeks 3 and 4: three meetings (one where she slipped back), then a week with one.
  for (const auto& [day, q, st, i, note] : std::vector<std::array<std::string, 5>>{
           {"2026-10-19", "2", "8", "2", "Hiring freeze again: I slipped back into telling"},
           {"2026-10-21", "9", "2", "5", ""},
           {"2026-10-23", "10", "1", "3", ""},
           {"2026-10-28", "9", "3", "4", ""}})
    ana.run(day, {"log", "1", "questions=" + q, "statements=" + st, "ideas_from_others=" + i,
                  "--date", day, "--note", note});
  const RunResult due = ana.run("2026-10-30", {"status"});
  CHECK(has(due.out, "review due"));
  CHECK(has(flat(due.out), "against the baseline median 0.17 (+0.58, better)"));
  // A week's value is the mean per meeting with the week's total beside it: the week with
  // one meeting does not look like a collapse (9 questions a meeting, more than the 7 of the
  // week before). The share stays the ratio of the week's sums: 21 / 32 = 0.66, not the
  // mean of the meetings' shares (0.64).
  const std::string summary = ana.run("2026-10-30", {"summary"}).out;
  const std::regex week43(
      R"(2026-W43\s+testing\s+3\s+7 \(21\)\s+3\.67 \(11\)\s+3\.33 \(10\)\s+0\.66)");
  const std::regex week44(R"(2026-W44\s+testing\s+1\s+9 \(9\)\s+3 \(3\)\s+4 \(4\)\s+0\.75)");
  CHECK_MESSAGE(std::regex_search(summary, week43), summary);
  CHECK_MESSAGE(std::regex_search(summary, week44), summary);
  CHECK(has(flat(summary), "mean per occasion, the week's total in brackets"));
  ana.look("2026-10-30", 1);  // testing with a review due

  // The review, with the template's own questions.
  const RunResult reviewed = ana.at_terminal(
      "2026-10-30", {"review", "1"},
      {{"Did the result match your prediction?", "yes"},
       {"What happened?", "Ideas came from the team, not from me"},
       {"Why was there a difference", ""},
       {"What surprised you", ""},
       {"Was the change carried out as planned", ""},
       {"What did you learn", "I talk to fill silences"},
       {"Did my question share move the way I predicted", "It moved, and ideas followed"},
       {"In which meetings did I slip back", ""},
       {"Which of my questions drew the best contribution", ""},
       {"What did holding back my view cost", ""},
       {"what exactly will I do in the next meeting", ""},
       {"Decision: adopt, adapt or abandon", "adopt"},
       {"Next step", "try it in my 1:1s"},
       {"By when", "2026-12-11"},
       {"Commitment", "8"}});
  CHECK_FALSE(has(reviewed.out, "cannot support a decision"));
  e = ana.run_json("2026-10-30", {"show", "1"});
  CHECK(e["status"] == "closed");
  REQUIRE(e["reviews"].size() == 1);
  CHECK(e["reviews"][0]["decision"] == "adopt");
  const std::string learned = e["reviews"][0]["learned"];
  CHECK(has(learned, "Did my question share move the way I predicted"));
  CHECK(has(learned, "It moved, and ideas followed"));
  CHECK_FALSE(has(learned, "In which meetings"));  // skipped, so not kept
  for (const char* view : {"status", "next"}) {
    const std::string out = flat(ana.run("2026-11-02", {view}).out);
    CHECK(has(out, "Your next step from the review of experiment 1: try it in my 1:1s"));
    CHECK(has(out, "2026-12-11"));
    CHECK(has(out, "commitment 8/10"));
  }
  ana.look("2026-11-02", 1);  // reviewed

  // Cycle 2: `next` offers the same change in 1:1s and walks through the inherited fields.
  const json before = ana.run_json("2026-11-02", {"next"});
  std::size_t in_one_on_ones = 0;  // its number in the list
  for (std::size_t i = 0; i < before["items"].size(); ++i)
    if (before["items"][i]["kind"] == "new-context") in_one_on_ones = i + 1;
  REQUIRE(in_one_on_ones > 0);
  const RunResult cycle2 =
      ana.at_terminal("2026-11-02", {"next", "--create"},
                      {{"Create which one?", std::to_string(in_one_on_ones)},
                       {"Title [Ask before telling in 1:1s]", "Questions first in my 1:1s"},
                       {"Hypothesis", ""},
                       {"Change", "Open each 1:1 with a question about their week"},
                       {"Prediction", ""},
                       {"Why you expect it", ""},
                       {"Occasion (meeting, 1:1, day, week) [1:1]", ""},
                       {"Keep these metrics?", ""},
                       {"Baseline points", ""},
                       {"Test points", ""},
                       {"Success rule", ""},
                       {"Tags", ""}});
  CHECK(has(cycle2.out, "Created experiment 2"));
  e = ana.run_json("2026-11-02", {"show", "2"});
  CHECK(e["title"] == "Questions first in my 1:1s");
  CHECK(e["change"] == "Open each 1:1 with a question about their week");
  CHECK(e["follows"] == 1);
  CHECK(e["occasion"] == "1:1");
  CHECK_FALSE(has(e["tags"].dump(), "meetings"));
  // The suggestion taken up is not offered again, and the review's next step is done.
  const json next = ana.run_json("2026-11-02", {"next"});
  for (const auto& item : next["items"]) CHECK(item["kind"] != "new-context");
  CHECK_FALSE(has(ana.run("2026-11-02", {"status"}).out, "Your next step"));
  CHECK(ana.run_json("2026-11-02", {"list"}).size() == 2);
  ana.look("2026-11-02", 2);  // cycle 2 as a draft
  check_notes_whole(ana, "2026-11-02");
}

// The coach's round trip on the leader's month.
void coachs_round_trip(Life& ana, Life& ben) {
  const std::string day = "2026-11-03";
  const std::string bundle = ana.sandbox().dir().file("ana.json");
  ana.run(day, {"export", "--format", "json", "--output", bundle});

  ben.run(day, {"init", "--owner", kCoach});
  const RunResult dry = ben.run(day, {"import", bundle, "--dry-run"});
  CHECK(has(dry.out, "experiment added: \"" + kTitle + "\""));
  CHECK(has(dry.out, "entry added: of 2026-10-05 in \"" + kTitle + "\""));
  CHECK(has(dry.out, "Nothing was written"));
  CHECK(ben.run_json(day, {"list"}).empty());
  const RunResult imported = ben.run(day, {"import", bundle});
  CHECK(has(imported.out, "the bundle is Ana Lima's; this journal stays Ben Okafor's"));
  CHECK(ben.run_json(day, {"check"})["owner"] == kCoach);
  CHECK(ben.run_json(day, {"list"}).size() == 2);
  const std::string journal = ben.sandbox().journal();
  CHECK(ben.run_json(day, {"overview", journal})["journals"][0]["client"] == "Ana Lima");
  CHECK(has(ben.run(day, {"overview", journal}).out, "Ana Lima"));
  ben.look(day, 2);  // the coach reads the client's journal

  const RunResult commented =
      ben.run(day, {"comment", "1", "Your share tripled; what did the silences feel like?"});
  CHECK(has(commented.out, "by " + kCoach));
  const json second = ben.run_json(day, {"comment", "1", "Count only new ideas"});
  const std::string second_id = std::to_string(second["id"].get<int>());
  const std::string comments = ben.sandbox().dir().file("ben.json");
  ben.run(day, {"export", "--format", "json", "--comments-only", "--output", comments});

  // Back at the leader's: what is new, once.
  const std::string later = "2026-11-04";
  const RunResult preview = ana.run(later, {"import", comments, "--dry-run"});
  CHECK(has(preview.out, "comment added: by Ben Okafor on experiment 1 \"" + kTitle + "\""));
  ana.run(later, {"import", comments});
  const RunResult status = ana.run(later, {"status"});
  CHECK(has(status.out, "2 new comments from Ben Okafor on experiment 1"));
  CHECK(has(ana.run(later, {"next"}).out, "2 new comments from Ben Okafor on experiment 1"));
  // The line names the command that shows them: it runs as printed and marks them.
  REQUIRE(leadlab::testing::suggestions_in(status.out).count("leadlab show 1") == 1);
  const RunResult shown = ana.sandbox().shell("leadlab show 1", ana.on(later));
  REQUIRE(shown.exit_code == 0);
  CHECK(has(flat(shown.out), "NEW Ben Okafor: Your share tripled"));
  CHECK_FALSE(has(ana.run(later, {"show", "1"}).out, "NEW "));
  CHECK_FALSE(has(ana.run(later, {"status"}).out, "new comment"));

  // The coach takes one back, and the deletion travels.
  ben.run(later, {"comment", "delete", second_id});
  ben.run(later, {"export", "--format", "json", "--comments-only", "--output", comments});
  CHECK(has(ana.run(later, {"import", comments}).out, "removed (deleted by its author)"));
  const json after = ana.run_json(later, {"show", "1"})["comments"];
  REQUIRE(after.size() == 1);
  CHECK(after[0]["text"] == "Your share tripled; what did the silences feel like?");
  CHECK(after[0]["author"] == kCoach);

  // Sharing without her notes: they stay hers, and the coach's copies are not erased.
  const std::string partial = ana.sandbox().dir().file("partial.json");
  ana.run(later, {"export", "--format", "json", "--without", "notes", "--output", partial});
  CHECK_FALSE(has(read_file(partial), "twenty minutes"));
  CHECK(json::parse(read_file(partial))["without"] == json::array({"notes"}));
  CHECK_FALSE(has(ana.run(later, {"export", "--format", "markdown", "--without", "notes"}).out,
                  "twenty minutes"));
  ben.run(later, {"import", partial});
  CHECK(ben.run_json(later, {"entries", "1"})[0]["note"] == kNote);
  CHECK(ana.run_json(later, {"entries", "1"})[0]["note"] == kNote);
}

}  // namespace

TEST_CASE("a month in a leader's and a coach's life, and every command advised runs") {
  Life ana(80, true);
  leaders_month(ana);
  Life ben(80, true);
  coachs_round_trip(ana, ben);
  // On the way leadlab advised at least these, and each ran.
  for (const char* expected :
       {"leadlab new", "leadlab baseline 1", "leadlab log 1", "leadlab start 1", "leadlab review 1",
        "leadlab show 1", "leadlab baseline 2"})
    CHECK_MESSAGE(ana.advised().count(expected) == 1, expected << " was never advised");
}

TEST_CASE("the same month in a 200-column terminal: nothing is cut") {
  Life ana(200, false);
  leaders_month(ana);
  const RunResult entries = ana.attempt("2026-11-02", {"entries", "1"});
  CHECK(has(entries.out, kNote.substr(0, 120)));  // on the entry's row
  Life ben(200, false);
  coachs_round_trip(ana, ben);
}
