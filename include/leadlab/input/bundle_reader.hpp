// Reading a bundle (the format is docs/bundle.md): its JSON parsed and every record checked,
// a problem refused in the user's terms, where it is. RapidJSON reads the text.
#pragma once

#include <string>
#include <string_view>

#include "leadlab/model/bundle.hpp"
#include "leadlab/model/dates.hpp"

namespace leadlab {

// Parses and checks a bundle read from `file` (named in errors). Anything wrong — not JSON,
// truncated, too large or too deep, a newer version, an unknown key, a missing field, a bad
// UUID, date, timestamp, kind or value — throws UsageError "file:line:column: what", naming
// the record's path (experiments[0].entries[3].uuid). So does a record that breaks a rule
// of model/rules.hpp, an object with a key given twice, and an entry dated after `latest`.
Bundle parse_bundle(std::string_view text, const std::string& file, Day latest = kLastDay);

}  // namespace leadlab
