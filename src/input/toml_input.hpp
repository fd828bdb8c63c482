// toml++ configured the one way leadlab uses it, and TOML text checked before toml++ sees
// it. Every translation unit that parses TOML includes this header instead of toml++.
//
// Why: toml++ 3.3.0 (Debian 12) fails on some input with an assertion (an abort in a build
// without NDEBUG) or with __builtin_unreachable (undefined behaviour in any build): it asks
// is_non_ascii_horizontal_whitespace about characters such as "\xc3\x9e" (valid in strings),
// which reaches unreachable code; "[&" trips an over-strict assertion that the parser then
// reports properly. So leadlab compiles toml++ header-only here with its assertions off,
// moves the characters that function cannot answer for out of its way and back (see
// toml_input.cpp), and refuses up front invalid UTF-8, non-ASCII text outside strings and
// comments, deep nesting and huge files. Bad input then always gets a message with
// file:line:column, never an abort.
#pragma once

#undef TOML_HEADER_ONLY
#undef TOML_SHARED_LIB
#define TOML_HEADER_ONLY 1
#define TOML_SHARED_LIB 0
#define TOML_EXCEPTIONS 1
#pragma push_macro("NDEBUG")
#undef NDEBUG
#define TOML_ASSERT(expr) static_cast<void>(0)
#include <toml++/toml.h>
#pragma pop_macro("NDEBUG")

#include <string>
#include <string_view>

namespace leadlab {

// The largest TOML file leadlab reads (templates and configuration are small).
inline constexpr std::size_t kMaxTomlBytes = 1024 * 1024;
// The deepest nesting of arrays and inline tables leadlab accepts.
inline constexpr int kMaxTomlDepth = 32;

// Parses `text` (read from `path`) into a table. Throws UsageError with the message
// "path:line:column: what is wrong" for anything that is not valid TOML or that leadlab
// refuses to hand to toml++ (see above).
toml::table parse_toml(std::string_view text, const std::string& path);

// Reads the file at `path` and parses it; a missing or unreadable file is a UsageError.
toml::table parse_toml_file(const std::string& path);

// "path:line:column: message" for a node's position.
std::string toml_where(const std::string& path, const toml::source_region& region);

}  // namespace leadlab
