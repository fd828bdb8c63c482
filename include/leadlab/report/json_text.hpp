// The one way leadlab writes JSON text: every --json output and every bundle.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace leadlab {

// `value` as JSON text (with `indent` spaces a level, on one line when -1), safe to show on
// a terminal and in any viewer: besides the C0 controls that JSON always escapes, DEL, the C1
// controls, the bidi controls and U+2028/U+2029 in strings are written as "\u007f",
// "\u009b", "\u202e", ..., so that no byte of it steers a terminal or reorders what is shown;
// a JSON reader gets the same strings back. Invalid UTF-8 (which leadlab refuses on input,
// but an old or foreign record may carry) becomes U+FFFD rather than an error.
std::string dump_json(const nlohmann::json& value, int indent = 2);

}  // namespace leadlab
