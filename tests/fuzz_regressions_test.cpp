// Inputs that the fuzz targets in tests/fuzz found to break a parser, kept as ordinary tests
// so that the fix stays (scripts/fuzz runs the fuzzers themselves). Each case names the
// target that found it.
#include <doctest/doctest.h>

#include <string>

#include "leadlab/bundle.hpp"
#include "leadlab/error.hpp"

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
