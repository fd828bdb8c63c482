// The checks of a bundle's single fields (UUIDs, timestamps, times of day), the UUIDs a
// bundle has used so far, and the problems that end a reading before they are located.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "input/bundle_text.hpp"

namespace leadlab::bundle_input {

// A UUID as leadlab writes it: 8-4-4-4-12 lower-case hex digits.
bool is_uuid(std::string_view s);

// 2026-11-22T19:02:03.123Z (the milliseconds are optional): the form leadlab writes, which
// sorts as text.
bool is_timestamp(std::string_view s);

// A time of day, "HH:MM".
bool is_clock(std::string_view s);

// A problem at a path in the bundle; its line and column are found afterwards, in the
// file's text, so that reading never has to keep the whole text.
struct PathError {
  Path path;
  std::string what;
};

// The nesting was too deep: located afterwards by check_depth.
struct DepthError {};

// A UUID as two numbers, so that remembering 200,000 of them stays small.
struct UuidKey {
  std::uint64_t high = 0;
  std::uint64_t low = 0;
  bool operator==(const UuidKey&) const = default;
};

// The key of a UUID that is_uuid() accepted.
UuidKey uuid_key(std::string_view s);

// The UUIDs a bundle has used so far: an open-addressing table of keys, at most half full
// (a node-based set allocated a node per UUID, a tenth of an import's time).
class UuidSet {
 public:
  // False if `key` was there already.
  bool insert(const UuidKey& key);

 private:
  bool place(const UuidKey& key);
  void grow();

  std::vector<UuidKey> slots_;
  std::size_t size_ = 0;
  bool has_zero_ = false;
};

}  // namespace leadlab::bundle_input
