// The user's editor, for answers longer than a prompt: $VISUAL, else $EDITOR, else vi.
#pragma once

#include <string>

namespace leadlab::cli {

// Opens the editor on a private temporary file holding `text` and returns the text as saved.
// UsageError when the editor does not exit 0 (nothing is changed then).
std::string edit_in_editor(const std::string& text);

}  // namespace leadlab::cli
