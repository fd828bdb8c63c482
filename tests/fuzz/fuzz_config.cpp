// libFuzzer target: the configuration file (TOML). Any input ends in a configuration or a
// UsageError "fuzz.toml:line:column: ..."; never a crash, an abort inside toml++ or a hang.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_support.hpp"
#include "leadlab/input/config.hpp"
#include "leadlab/model/error.hpp"

using leadlab::fuzz::require;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const leadlab::Config config = leadlab::parse_config(text, "fuzz.toml", "/home/ana");
    require(config.path == "fuzz.toml", "the configuration knows its file");
    if (config.journal) require(!config.journal->empty(), "a journal path is never empty");
    if (config.color)
      require(*config.color == "auto" || *config.color == "always" || *config.color == "never",
              "color is auto, always or never");
  } catch (const leadlab::UsageError& e) {
    require(std::string_view(e.what()).substr(0, 10) == "fuzz.toml:", "errors name the file");
  }
  return 0;
}
