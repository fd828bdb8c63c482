// Errors the engine reports: bad input from the user, and failures of the journal's storage.
// Each carries a message that says what went wrong and, where it helps, how to fix it; the
// command line catches them once and turns them into a message and an exit code.
#pragma once

#include <stdexcept>
#include <string>

namespace leadlab {

// Something the user gave us is wrong (an argument, a date, a value, a formula, a file's
// contents). Nothing has been written. The command line exits with code 2.
class UsageError : public std::runtime_error {
 public:
  explicit UsageError(const std::string& what, std::string hint = {})
      : std::runtime_error(what), hint_(std::move(hint)) {}
  // How to fix it, one sentence, or empty.
  const std::string& hint() const { return hint_; }

 private:
  std::string hint_;
};

// The journal could not be read or written (I/O error, locked past the busy timeout, a
// damaged file). The message names the journal's path. The command line exits with code 1.
class StorageError : public std::runtime_error {
 public:
  StorageError(const std::string& path, const std::string& what, std::string hint = {})
      : std::runtime_error(path + ": " + what), path_(path), hint_(std::move(hint)) {}
  const std::string& path() const { return path_; }
  const std::string& hint() const { return hint_; }

 private:
  std::string path_;
  std::string hint_;
};

}  // namespace leadlab
