// The journal's owner: `init` sets it once; `leadlab owner NAME` is the one way to change it.
#pragma once

#include <string>
#include <string_view>

#include "leadlab/storage/journal.hpp"

namespace leadlab {

// Makes `owner` (one line of text; empty clears it) the journal's owner, in one transaction,
// and returns the owner it had. Writes nothing when it is the owner already.
std::string change_owner(Journal& journal, std::string_view owner);

}  // namespace leadlab
