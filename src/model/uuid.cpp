#include "leadlab/model/uuid.hpp"

#include <cctype>
#include <cstdint>
#include <random>

namespace leadlab {

std::string new_uuid() {
  // One generator per process, seeded from the OS: ids must not repeat across processes
  // that start in the same instant.
  static thread_local std::mt19937_64 generator{[] {
    std::random_device device;
    std::seed_seq seed{device(), device(), device(), device()};
    return std::mt19937_64(seed);
  }()};
  std::uint64_t hi = generator();
  std::uint64_t lo = generator();
  hi = (hi & ~0xF000ULL) | 0x4000ULL;                  // version 4
  lo = (lo & ~(0xC000ULL << 48)) | (0x8000ULL << 48);  // variant 10xx
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  auto put = [&](std::uint64_t bits, int from, int to) {
    for (int shift = from; shift >= to; shift -= 4) out += kHex[(bits >> shift) & 0xF];
  };
  put(hi, 60, 32);
  out += '-';
  put(hi, 28, 16);
  out += '-';
  put(hi, 12, 0);
  out += '-';
  put(lo, 60, 48);
  out += '-';
  put(lo, 44, 0);
  return out;
}

bool is_uuid(std::string_view text) {
  if (text.size() != 36) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? text[i] != '-' : !std::isxdigit(static_cast<unsigned char>(text[i]))) return false;
  }
  return true;
}

}  // namespace leadlab
