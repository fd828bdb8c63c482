#include "leadlab/model/bundle.hpp"

namespace leadlab {

bool MergeReport::changes() const {
  for (const auto& [kind, c] : counts)
    if (c.added > 0 || c.updated > 0 || c.removed > 0) return true;
  return false;
}

bool MergeReport::differs() const {
  for (const auto& [kind, c] : counts)
    if (c.kept > 0 || c.skipped > 0) return true;
  return false;
}

}  // namespace leadlab
