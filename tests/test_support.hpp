// Helpers for unit tests: a temporary folder for a journal on disk (temp_dir.hpp), the
// fixed dates the tests share, and a variable of the environment set for one test.
#pragma once

#include <cstdlib>
#include <optional>
#include <string>

#include "leadlab/model/dates.hpp"
#include "temp_dir.hpp"

namespace leadlab::testing {

// The day written `iso` (YYYY-MM-DD), which must be a real date.
inline Day day(const char* iso) { return *parse_iso_date(iso); }

// "Today" for the unit tests that need one: a Sunday, after every date of the demo.
inline constexpr Day kToday = std::chrono::year{2026} / std::chrono::November / 22;

// Sets (or, given nullptr, unsets) an environment variable for one test and puts the old
// value back afterwards, so that the rest of the suite sees the real clock (LEADLAB_TODAY,
// LEADLAB_NOW).
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value) {
      ::setenv(name, value, 1);
    } else {
      ::unsetenv(name);
    }
  }
  ~ScopedEnv() {
    if (old_) {
      ::setenv(name_, old_->c_str(), 1);
    } else {
      ::unsetenv(name_);
    }
  }
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  const char* name_;
  std::optional<std::string> old_;
};

}  // namespace leadlab::testing
