// Where a bundle's problem is, in the user's terms: a path into the JSON document
// (experiments[0].entries[3].uuid) and its line and column in the file's text, found only
// once a problem needs them, so that reading never has to keep the whole text.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace leadlab::bundle_input {

// A step into a JSON document: an object key or an array index.
using Step = std::variant<std::string, std::size_t>;
using Path = std::vector<Step>;

// "experiments[0].entries[3].uuid"; "the bundle" for the empty path.
std::string path_text(const Path& path);

// "line:column" (both from 1, the column in code points) of the value at `path` in `text`,
// which is valid JSON, or of the deepest part of the path that exists.
std::string path_position(std::string_view text, const Path& path);

// Throws UsageError "file:line:column: nested more than 16 levels deep" when `text` nests
// deeper than kMaxBundleDepth; returns otherwise.
void check_depth(std::string_view text, const std::string& file);

// The hint given with every refused bundle.
std::string bundle_hint();

// Refuses `text`, which rapidjson refused at `offset` (saying `fallback`): if it is not valid
// JSON, in nlohmann's words at nlohmann's position (the messages leadlab has always given);
// if it is, saying what leadlab does not read. Always throws UsageError.
[[noreturn]] void refuse_json(const std::string& text, const std::string& file, std::size_t offset,
                              const std::string& fallback);

}  // namespace leadlab::bundle_input
