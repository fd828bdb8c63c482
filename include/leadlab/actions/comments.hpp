// Comments: notes on an experiment by the leader or a coach, with their author and time.
// A coach's comments travel back to the leader in a bundle (see docs/bundle.md).
#pragma once

#include <cstdint>
#include <string>

#include "leadlab/model/model.hpp"
#include "leadlab/storage/journal.hpp"

namespace leadlab {

// Adds a comment on the experiment in one transaction. `author` empty means the journal's
// owner. UsageError for empty or invalid text, or an unknown experiment.
Comment add_comment(Journal& journal, std::int64_t experiment_id, const std::string& text,
                    const std::string& author);

}  // namespace leadlab
