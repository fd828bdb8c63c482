// Reading a bundle's records from their JSON values: each field checked as `log`, `new` and
// `review` would check it, every problem a PathError naming the field.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>

#include "input/bundle_fields.hpp"
#include "input/bundle_node.hpp"
#include "input/bundle_text.hpp"
#include "leadlab/model/bundle.hpp"
#include "leadlab/model/dates.hpp"
#include "leadlab/model/experiment_spec.hpp"

namespace leadlab::bundle_input {

// Reads the fields of one bundle's records, remembering the UUIDs used so far: every
// problem is thrown as a PathError.
class Reader {
 public:
  explicit Reader(Day latest) : latest_(latest) {}

  // The latest date an entry may have.
  Day latest() const { return latest_; }

  [[noreturn]] void fail(const Path& path, const std::string& what) const {
    throw PathError{path, what};
  }

  // The object at `path`, checked to hold only `keys` (each one required).
  const Node& object(const Node& j, const Path& path, std::initializer_list<const char*> keys) {
    if (!j.is_object()) fail(path, "must be an object");
    for (std::size_t i = 0; i < j.size(); ++i) {
      const std::string& key = j.key(i);
      if (std::find_if(keys.begin(), keys.end(), [&](const char* k) { return key == k; }) ==
          keys.end()) {
        Path at = path;
        at.emplace_back(key);
        fail(at, "is not a field leadlab knows here (a bundle from a newer leadlab, or edited)");
      }
    }
    for (const char* key : keys) {
      if (!j.contains(key)) fail(path, std::string("has no \"") + key + "\"");
    }
    return j;
  }

  const Node& array(const Node& j, const Path& path) {
    if (!j.is_array()) fail(path, "must be an array");
    return j;
  }

  std::string text(const Node& obj, const Path& path, const char* key) {
    const Node& v = obj.at(key);
    if (!v.is_string()) fail(with(path, key), "must be text");
    std::string s = v.get<std::string>();
    if (s.size() > kMaxTextBytes) fail(with(path, key), "is longer than leadlab stores (64 KiB)");
    return s;
  }

  std::string optional_text(const Node& obj, const Path& path, const char* key) {
    if (obj.at(key).is_null()) return {};
    return text(obj, path, key);
  }

  std::string uuid(const Node& obj, const Path& path, const char* key = "uuid") {
    std::string s = text(obj, path, key);
    if (!is_uuid(s)) fail(with(path, key), "is not a UUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)");
    if (!uuids_.insert(uuid_key(s))) fail(with(path, key), "is a UUID used twice in the bundle");
    return s;
  }

  std::string timestamp(const Node& obj, const Path& path, const char* key) {
    std::string s = text(obj, path, key);
    if (!is_timestamp(s)) fail(with(path, key), "is not a timestamp (2026-11-22T19:02:03.123Z)");
    return s;
  }

  std::optional<Day> optional_date(const Node& obj, const Path& path, const char* key) {
    if (obj.at(key).is_null()) return std::nullopt;
    const std::string s = text(obj, path, key);
    const auto day = parse_iso_date(s);
    if (!day) fail(with(path, key), "is not a date (YYYY-MM-DD)");
    return day;
  }

  Day date(const Node& obj, const Path& path, const char* key) {
    const auto day = optional_date(obj, path, key);
    if (!day) fail(with(path, key), "must be a date (YYYY-MM-DD)");
    return *day;
  }

  std::int64_t integer(const Node& obj, const Path& path, const char* key, std::int64_t min,
                       std::int64_t max) {
    const Node& v = obj.at(key);
    if (!v.is_number_integer()) fail(with(path, key), "must be a whole number");
    const auto n = v.get<std::int64_t>();
    if (n < min || n > max) {
      fail(with(path, key), "must be from " + std::to_string(min) + " to " + std::to_string(max));
    }
    return n;
  }

  std::optional<double> optional_number(const Node& obj, const Path& path, const char* key) {
    const Node& v = obj.at(key);
    if (v.is_null()) return std::nullopt;
    if (!v.is_number() || !std::isfinite(v.get<double>()))
      fail(with(path, key), "must be a number");
    return v.get<double>();
  }

  bool boolean(const Node& obj, const Path& path, const char* key) {
    if (!obj.at(key).is_boolean()) fail(with(path, key), "must be true or false");
    return obj.at(key).get<bool>();
  }

  std::string one_of(const Node& obj, const Path& path, const char* key,
                     std::initializer_list<const char*> allowed) {
    std::string s = text(obj, path, key);
    std::string list;
    for (const char* a : allowed) {
      if (s == a) return s;
      list += (list.empty() ? "" : ", ") + std::string(*a == '\0' ? "\"\"" : a);
    }
    fail(with(path, key), "must be one of " + list);
  }

  static Path with(const Path& path, Step step) {
    Path out = path;
    out.push_back(std::move(step));
    return out;
  }

 private:
  UuidSet uuids_;
  Day latest_;
};

// The experiment (an element of "experiments") at `path`, with its records; in a bundle of
// kind "comments" only its uuid, title and comments.
BundleExperiment read_experiment(Reader& r, const Node& j, const Path& p, bool comments_only,
                                 int version = kBundleVersion);

// The tombstone (an element of "tombstones") at `path`.
Tombstone read_tombstone(Reader& r, const Node& j, const Path& p);

}  // namespace leadlab::bundle_input
