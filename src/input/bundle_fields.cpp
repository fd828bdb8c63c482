#include "input/bundle_fields.hpp"

#include <algorithm>
#include <utility>

#include "leadlab/model/dates.hpp"

namespace leadlab::bundle_input {

bool is_uuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return false;
    }
  }
  return true;
}

bool is_timestamp(std::string_view s) {
  if (s.size() != 20 && s.size() != 24) return false;
  if (!parse_iso_date(s.substr(0, 10)) || s[10] != 'T' || s.back() != 'Z') return false;
  const std::string_view clock = s.substr(11, 8);
  auto two = [&](std::size_t at, int max) {
    const char a = clock[at];
    const char b = clock[at + 1];
    return a >= '0' && a <= '9' && b >= '0' && b <= '9' && (a - '0') * 10 + (b - '0') <= max;
  };
  if (!two(0, 23) || clock[2] != ':' || !two(3, 59) || clock[5] != ':' || !two(6, 60)) return false;
  if (s.size() == 24) {
    if (s[19] != '.') return false;
    for (std::size_t i = 20; i < 23; ++i)
      if (s[i] < '0' || s[i] > '9') return false;
  }
  return true;
}

bool is_clock(std::string_view s) {
  return s.size() == 5 && s[2] == ':' && s[0] >= '0' && s[0] <= '2' && s[1] >= '0' && s[1] <= '9' &&
         (s[0] - '0') * 10 + (s[1] - '0') <= 23 && s[3] >= '0' && s[3] <= '5' && s[4] >= '0' &&
         s[4] <= '9';
}

bool UuidSet::insert(const UuidKey& key) {
  if (key == UuidKey{}) return !std::exchange(has_zero_, true);  // the empty slot's value
  if (2 * (size_ + 1) > slots_.size()) grow();
  if (!place(key)) return false;
  ++size_;
  return true;
}

bool UuidSet::place(const UuidKey& key) {
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = (key.high ^ (key.low * 0x9E3779B97F4A7C15ULL)) & mask;; i = (i + 1) & mask) {
    if (slots_[i] == key) return false;
    if (slots_[i] == UuidKey{}) {
      slots_[i] = key;
      return true;
    }
  }
}

void UuidSet::grow() {
  std::vector<UuidKey> old =
      std::exchange(slots_, std::vector<UuidKey>(std::max<std::size_t>(64, 2 * slots_.size())));
  for (const UuidKey& key : old)
    if (!(key == UuidKey{})) place(key);
}

UuidKey uuid_key(std::string_view s) {
  UuidKey k;
  int n = 0;
  for (const char c : s) {
    if (c == '-') continue;
    const std::uint64_t digit =
        c <= '9' ? static_cast<std::uint64_t>(c - '0') : static_cast<std::uint64_t>(c - 'a' + 10);
    std::uint64_t& half = n < 16 ? k.high : k.low;
    half = (half << 4) | digit;
    ++n;
  }
  return k;
}

}  // namespace leadlab::bundle_input
