#include "leadlab/report/json_text.hpp"

#include "leadlab/model/text.hpp"

namespace leadlab {

std::string dump_json(const nlohmann::json& value, int indent) {
  // Outside strings JSON text is ASCII without DEL, so whatever is escaped here was in a
  // string, where "\uXXXX" reads back as the code point it replaces.
  return escape_invisible_controls(
      value.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace));
}

}  // namespace leadlab
