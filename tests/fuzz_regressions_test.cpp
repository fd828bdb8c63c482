// Inputs that the fuzz targets in tests/fuzz found to break a parser, kept as ordinary tests
// so that the fix stays (scripts/fuzz runs the fuzzers themselves). Each case names the
// target that found it.
#include <doctest/doctest.h>

#include <string>

#include "leadlab/input/bundle_reader.hpp"
#include "leadlab/input/config.hpp"
#include "leadlab/input/templates.hpp"
#include "leadlab/model/error.hpp"

TEST_CASE("fuzz_bundle: a number too large for a double is refused with its position") {
  // nlohmann's out_of_range escaped the bundle reader: `import` failed with exit code 1 and
  // "[json.exception.out_of_range.406] number overflow" instead of naming the place.
  for (const std::string text :
       {"2e22222203", "{\"format\": \"leadlab bundle\",\n \"version\": 1e400}",
        "{\"format\": -1e999}"}) {
    CAPTURE(text);
    CHECK_THROWS_WITH_AS(leadlab::parse_bundle(text, "b.json"), doctest::Contains("is too large"),
                         leadlab::UsageError);
  }
  CHECK_THROWS_WITH_AS(
      leadlab::parse_bundle("{\"format\": \"leadlab bundle\",\n \"version\": 1e400}", "b.json"),
      doctest::Contains("b.json:2:13: not valid JSON: the number 1e400 is too large"),
      leadlab::UsageError);
}

TEST_CASE("fuzz_bundle: valid JSON that rapidjson does not read is not called invalid") {
  // rapidjson refuses an exponent above 308 even where a double holds the number ("0e400" is
  // 0; nlohmann reads it): the refusal said "not valid JSON" of valid JSON.
  for (const std::string number : {"0e400", "0e309", "-0E+999"}) {
    CAPTURE(number);
    const std::string text = "{\"format\": \"leadlab bundle\",\n \"version\": " + number + "}";
    CHECK_THROWS_WITH_AS(leadlab::parse_bundle(text, "b.json"),
                         ("b.json:2:13: the number " + number +
                          " has an exponent above 308 or more than 308 digits, which leadlab "
                          "does not read")
                             .c_str(),
                         leadlab::UsageError);
  }
}

TEST_CASE("fuzz_config: non-ASCII text where toml++ looks for whitespace is read safely") {
  // toml++ 3.3.0 reached __builtin_unreachable (undefined behaviour in every build) asking
  // whether a character such as U+01AD or U+033B was whitespace: after a line-ending
  // backslash, and in the text it scans ahead of a bare value. Both inputs were found by
  // fuzz_config; under UBSan each one stopped the process.
  for (const std::string& text :
       {std::string("owner = \"\"\"\\\xc6\xad\"\"\""), std::string("owner = \"\\\xc6\xad\""),
        std::string("owner = \"\"\"\\ \t\xc3\x9e\"\"\""),
        std::string("owner = 2\"\"\"\"\"g\xcc\xbbonetawble/\x01\0\0\0\0\0\0er\0\0\0"
                    "1",
                    40)}) {
    CAPTURE(text);
    CHECK_THROWS_WITH_AS(leadlab::parse_config(text, "c.toml", "/home/ana"),
                         doctest::Contains("c.toml:1:"), leadlab::UsageError);
  }
  // The same characters where TOML allows them come back exactly, in values and in keys.
  CHECK(leadlab::parse_config("owner = \"\"\"\\\n   \xc6\xad Ana\"\"\"", "c.toml", "/h").owner ==
        "\xc6\xad Ana");
  CHECK(leadlab::parse_config("owner = \"Jos\xc3\xa9 \xe4\xb8\xad \xef\xbb\xbe\"", "c.toml", "/h")
            .owner == "Jos\xc3\xa9 \xe4\xb8\xad \xef\xbb\xbe");
  CHECK_THROWS_WITH_AS(leadlab::parse_config("\"t\xc3\xa9st\" = 1", "c.toml", "/h"),
                       doctest::Contains("unknown key \"t\xc3\xa9st\""), leadlab::UsageError);
  // Plane 15, where those characters are moved while toml++ reads, is refused up front.
  CHECK_THROWS_WITH_AS(leadlab::parse_config("owner = \"\xf3\xb0\x80\x80\"", "c.toml", "/h"),
                       doctest::Contains("c.toml:1:10: a private-use character"),
                       leadlab::UsageError);
}

TEST_CASE("fuzz_config: the same in a template file") {
  const auto parsed = leadlab::parse_template("name = \"\"\"\\\xc6\xad\"\"\"\n", "t.toml");
  REQUIRE_FALSE(parsed.problems.empty());
  CHECK(parsed.problems[0].to_string().find("t.toml:1:") == 0);
}
