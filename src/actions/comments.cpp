#include "leadlab/actions/comments.hpp"

#include "leadlab/actions/experiments.hpp"
#include "leadlab/model/error.hpp"

namespace leadlab {

Comment add_comment(Journal& journal, std::int64_t experiment_id, const std::string& text,
                    const std::string& author) {
  check_text("the comment", text);
  check_text("--author", author);
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
    throw UsageError("the comment is empty",
                     "write what you want to say after the id, e.g. "
                     "`leadlab comment 1 \"try it in 1:1s too\"`");
  }
  auto tx = journal.begin_write();
  const Experiment e = require_experiment(journal, experiment_id);
  Comment c;
  c.experiment_id = e.id;
  c.author = author.empty() ? journal.info().owner : author;
  c.text = text;
  journal.insert_comment(c);
  tx.commit();
  return c;
}

}  // namespace leadlab
