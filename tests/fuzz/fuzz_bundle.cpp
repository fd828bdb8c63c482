// libFuzzer target: JSON import. Any input ends in a bundle or a UsageError naming the file
// (never another exception, a crash or a hang); a bundle that parses also goes through a dry
// run of the merge into no journal, which reads every record. Bundles are read with
// rapidjson and refused in nlohmann's words: the two must agree on what is valid JSON.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string_view>

#include "fuzz_support.hpp"
#include "leadlab/actions/import.hpp"
#include "leadlab/input/bundle_reader.hpp"
#include "leadlab/model/error.hpp"
#include "leadlab/model/text.hpp"

using leadlab::fuzz::require;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const leadlab::Bundle bundle = leadlab::parse_bundle(text, "fuzz.json");
    require(nlohmann::json::accept(text), "what is read as a bundle is valid JSON");
    require(bundle.version >= 1 && bundle.version <= leadlab::kBundleVersion,
            "a bundle read has a version this leadlab reads (older ones too)");
    require(bundle.kind == "full" || bundle.kind == "comments", "a bundle's kind is known");
    for (const auto& e : bundle.experiments) {
      require(leadlab::is_valid_utf8(e.experiment.title), "titles are UTF-8");
      for (const auto& entry : e.entries) require(leadlab::is_valid_utf8(entry.note), "notes too");
    }
    try {
      (void)leadlab::merge_bundle(nullptr, bundle, true, leadlab::kLastDay);
    } catch (const leadlab::UsageError&) {
    }
  } catch (const leadlab::UsageError& e) {
    require(std::string_view(e.what()).substr(0, 10) == "fuzz.json:", "errors name the file");
    // (nlohmann stops at a NUL byte, which leadlab refuses with what follows it.) The
    // verdict follows the position, "fuzz.json:LINE:COLUMN: not valid JSON: ..."; the same
    // words elsewhere, or from a bundle that has them in a key, are its own text, quoted.
    std::string_view what(e.what());
    what.remove_prefix(10);
    for (int field = 0; field < 2; ++field) {
      const std::size_t digits = what.find_first_not_of("0123456789");
      if (digits == 0 || digits == std::string_view::npos || what[digits] != ':') break;
      what.remove_prefix(digits + 1);
    }
    if (what.starts_with(" not valid JSON: ") &&
        text.find("not valid JSON") == std::string_view::npos)
      require(!nlohmann::json::accept(text) || text.find('\0') != std::string_view::npos,
              "what is refused as not JSON is not JSON");
  }
  return 0;
}
