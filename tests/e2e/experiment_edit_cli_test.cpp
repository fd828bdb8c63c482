// End-to-end: `edit` changes an experiment's definition, `delete` removes an experiment
// (asking first when that loses entries), and an export carries the deletion to another
// journal.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "e2e/cli_runner.hpp"

using leadlab::testing::kToday;
using leadlab::testing::RunResult;
using leadlab::testing::Sandbox;
using nlohmann::json;

namespace {

const std::vector<std::string> kNew = {"new",
                                       "--title",
                                       "Ask before telling",
                                       "--hypothesis",
                                       "If I ask, they propose",
                                       "--change",
                                       "Ask first",
                                       "--metric",
                                       "questions:count:up",
                                       "--metric",
                                       "statements:count:down",
                                       "--tag",
                                       "meetings"};

json show(const Sandbox& s, const std::string& id) {
  const RunResult r = s.run({"show", id, "--json"}, kToday);
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
  return json::parse(r.out);
}

void ok(const Sandbox& s, const std::vector<std::string>& args) {
  const RunResult r = s.run(args, kToday);
  REQUIRE_MESSAGE(r.exit_code == 0, r.err);
}

}  // namespace

TEST_CASE("edit changes each definition field, and an edit that changes nothing writes nothing") {
  Sandbox s;
  ok(s, kNew);
  ok(s, {"edit",
         "1",
         "--title",
         "Questions first",
         "--hypothesis",
         "H2",
         "--change",
         "C2",
         "--prediction",
         "P2",
         "--why",
         "W2",
         "--occasion",
         "1:1",
         "--baseline-points",
         "3",
         "--test-points",
         "4",
         "--tag",
         "one-on-ones",
         "--tag",
         "questions",
         "--success",
         "shift(questions)"});
  json e = show(s, "1");
  CHECK(e["title"] == "Questions first");
  CHECK(e["hypothesis"] == "H2");
  CHECK(e["change"] == "C2");
  CHECK(e["prediction"] == "P2");
  CHECK(e["prediction_why"] == "W2");
  CHECK(e["occasion"] == "1:1");
  CHECK(e["planned"]["baseline"] == 3);
  CHECK(e["planned"]["test"] == 4);
  CHECK(e["tags"] == json::array({"one-on-ones", "questions"}));
  CHECK(e["success_rule"] == "shift(questions)");

  ok(s, {"edit", "1", "--metric", "questions:count:up", "--metric", "minutes:minutes:down",
         "--success", ""});
  e = show(s, "1");
  REQUIRE(e["metrics"].size() == 2);
  CHECK(e["metrics"][1]["name"] == "minutes");
  ok(s, {"edit", "1", "--no-tags"});
  CHECK(show(s, "1")["tags"].empty());

  const std::string before = show(s, "1").dump();
  const RunResult same = s.run({"edit", "1", "--title", "Questions first"}, kToday);
  CHECK(same.exit_code == 0);
  CHECK(same.out.find("unchanged") != std::string::npos);
  CHECK(same.out.find("nothing was written") != std::string::npos);
  CHECK(show(s, "1").dump() == before);  // not even its `updated`

  const RunResult bad = s.run({"edit", "1", "--occasion", "lunch"}, kToday);
  CHECK(bad.exit_code == 2);
  const RunResult bad_tag = s.run({"edit", "1", "--tag", "two words"}, kToday);
  CHECK(bad_tag.exit_code == 2);
  CHECK(bad_tag.err.find("hint:") != std::string::npos);
  CHECK(show(s, "1").dump() == before);
  CHECK(s.run({"edit", "9", "--title", "x"}, kToday).exit_code == 2);
}

TEST_CASE("edit refuses new metrics once an entry holds values, with a hint") {
  Sandbox s;
  ok(s, kNew);
  ok(s, {"baseline", "1"});
  ok(s, {"log", "1", "questions=3", "statements=5"});
  const RunResult r = s.run({"edit", "1", "--metric", "ideas:count:up"}, kToday);
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("metrics cannot change") != std::string::npos);
  CHECK(r.err.find("leadlab new --follows 1") != std::string::npos);
  CHECK(show(s, "1")["metrics"].size() == 2);
  // The rest of the definition can still change.
  ok(s, {"edit", "1", "--title", "Renamed"});
  CHECK(show(s, "1")["title"] == "Renamed");
}

TEST_CASE("delete: a draft goes at once, one with entries only with --yes or a confirmation") {
  Sandbox s;
  ok(s, kNew);
  ok(s, kNew);
  ok(s, kNew);
  ok(s, {"baseline", "3"});
  ok(s, {"log", "3", "questions=3", "statements=5"});

  const RunResult draft = s.run({"delete", "1"}, kToday);
  CHECK_MESSAGE(draft.exit_code == 0, draft.err);
  CHECK(s.run({"show", "1"}, kToday).exit_code == 2);
  CHECK(show(s, "2")["id"] == 2);  // the others keep their ids
  CHECK(s.run({"list"}, kToday).out.find("\n1 ") == std::string::npos);

  const RunResult refused = s.run({"delete", "3"}, kToday);
  CHECK(refused.exit_code == 2);
  CHECK(refused.err.find("1 entry") != std::string::npos);
  CHECK(refused.err.find("--yes") != std::string::npos);
  CHECK(show(s, "3")["id"] == 3);

  const RunResult declined = s.run_in_terminal({"delete", "3"}, {{"(y/N)", "n"}}, kToday);
  CHECK(declined.exit_code == 0);
  CHECK(declined.out.find("Nothing was deleted") != std::string::npos);
  CHECK(show(s, "3")["id"] == 3);

  const RunResult confirmed = s.run_in_terminal({"delete", "3"}, {{"(y/N)", "y"}}, kToday);
  CHECK_MESSAGE(confirmed.exit_code == 0, confirmed.out);
  CHECK(s.run({"show", "3"}, kToday).exit_code == 2);
  const RunResult status = s.run({"status"}, kToday);
  CHECK(status.out.find("Ask before telling") == std::string::npos);

  ok(s, {"baseline", "2"});
  ok(s, {"log", "2", "questions=1", "statements=1"});
  ok(s, {"delete", "2", "--yes"});
  CHECK(s.run({"entries", "2"}, kToday).exit_code == 2);
  CHECK(s.run({"check"}, kToday).exit_code == 0);
}

TEST_CASE("an export carries a deletion: the import deletes the experiment and its records") {
  Sandbox ana;
  ok(ana, kNew);
  ok(ana, kNew);
  ok(ana, {"baseline", "1"});
  ok(ana, {"log", "1", "questions=3", "statements=5"});
  const std::string first = (ana.dir().path() / "first.json").string();
  ok(ana, {"export", "--format", "json", "--output", first});

  Sandbox coach;
  ok(coach, {"import", first});
  CHECK(show(coach, "1")["title"] == "Ask before telling");

  ok(ana, {"delete", "1", "--yes"});
  const std::string second = (ana.dir().path() / "second.json").string();
  ok(ana, {"export", "--format", "json", "--output", second});
  const json bundle = json::parse(ana.shell("cat " + second).out);
  REQUIRE(bundle["tombstones"].size() == 1);
  CHECK(bundle["tombstones"][0]["kind"] == "experiment");

  const RunResult dry = coach.run({"import", "--dry-run", second}, kToday);
  CHECK_MESSAGE(dry.exit_code == 0, dry.err);
  CHECK(dry.out.find("deleted") != std::string::npos);
  CHECK(show(coach, "1")["id"] == 1);

  ok(coach, {"import", second});
  CHECK(coach.run({"show", "1"}, kToday).exit_code == 2);
  CHECK(show(coach, "2")["id"] == 2);
  CHECK(coach.run({"check"}, kToday).exit_code == 0);

  // The first bundle, imported again, does not bring it back.
  const RunResult again = coach.run({"import", first}, kToday);
  CHECK_MESSAGE(again.exit_code == 0, again.err);
  CHECK(coach.run({"show", "1"}, kToday).exit_code == 2);
}
