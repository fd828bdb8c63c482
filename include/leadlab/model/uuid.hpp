// Record identities that survive export and import: random (version 4) UUIDs.
#pragma once

#include <string>
#include <string_view>

namespace leadlab {

// A new random UUID in lower-case canonical form, "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".
std::string new_uuid();

// True for a UUID in canonical 8-4-4-4-12 form (hex digits, either case).
bool is_uuid(std::string_view text);

}  // namespace leadlab
