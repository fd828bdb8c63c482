#include "leadlab/actions/owner.hpp"

#include "leadlab/model/experiment_spec.hpp"

namespace leadlab {

std::string change_owner(Journal& journal, std::string_view owner) {
  check_text("the owner", owner);
  auto tx = journal.begin_write();
  std::string was = journal.info().owner;
  if (was == owner) return was;
  journal.set_owner(owner);
  tx.commit();
  return was;
}

}  // namespace leadlab
