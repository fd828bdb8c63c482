#include "leadlab/actions/bundle.hpp"

// RapidJSON 1.1.0 (Debian 12's) computes `stackTop_ + n` while its parse stack is still
// null, before the first allocation: undefined behaviour that UBSan reports, harmless in
// practice, fixed upstream after 1.1.0 (Stack::Reserve compares stackEnd_ - stackTop_).
// Clang's sanitizer build skips that one check inside RapidJSON's own functions only;
// leadlab's code stays fully checked.
#if defined(__clang__)
#pragma clang attribute push(__attribute__((no_sanitize("pointer-overflow"))), apply_to = function)
#endif
#include <rapidjson/error/en.h>
#include <rapidjson/filereadstream.h>
#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>
#if defined(__clang__)
#pragma clang attribute pop
#endif

#include <algorithm>
#include <charconv>
#include <clocale>
#include <cmath>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "leadlab/model/dates.hpp"
#include "leadlab/actions/entries.hpp"
#include "leadlab/model/error.hpp"
#include "leadlab/actions/experiments.hpp"
#include "leadlab/storage/files.hpp"
#include "leadlab/model/formula.hpp"
#include "leadlab/model/text.hpp"

namespace leadlab {
namespace {

using nlohmann::json;

constexpr const char* kFormatName = "leadlab bundle";

// ---------------------------------------------------------------------------------------
// Writing

json optional_text(const std::string& text) { return text.empty() ? json(nullptr) : json(text); }

json optional_day(const std::optional<Day>& day) {
  return day ? json(format_date(*day)) : json(nullptr);
}

json optional_number(const std::optional<double>& value) {
  return value ? json(*value) : json(nullptr);
}

// Counts and yes/no answers print as whole numbers; other values as they are.
json stored_value(const Metric& metric, double value) {
  const bool whole = metric.kind == MetricKind::kCount || metric.kind == MetricKind::kYesNo;
  if (whole && value == std::floor(value) && std::abs(value) < 9e15)
    return static_cast<std::int64_t>(value);
  return value;
}

json metric_record(const Metric& m) {
  return {{"uuid", m.uuid},
          {"name", m.name},
          {"label", m.label},
          {"kind", to_string(m.kind)},
          {"direction", to_string(m.direction)},
          {"min", optional_number(m.scale_min)},
          {"max", optional_number(m.scale_max)},
          {"instructions", m.instructions},
          {"formula", m.formula},
          {"created", m.created},
          {"updated", m.updated}};
}

json entry_record(const Experiment& e, const Entry& entry) {
  json values = json::object();
  for (const auto& [name, value] : entry.values) {
    const Metric* metric = e.find_metric(name);
    if (metric == nullptr || metric->kind == MetricKind::kDerived) continue;
    values[name] = stored_value(*metric, value);
  }
  return {
      {"uuid", entry.uuid}, {"date", format_date(entry.date)}, {"time", optional_text(entry.time)},
      {"note", entry.note}, {"as_planned", entry.as_planned},  {"deviation", entry.deviation},
      {"values", values},   {"created", entry.created},        {"updated", entry.updated}};
}

json review_record(const Review& r) {
  return {{"uuid", r.uuid},
          {"author", r.author},
          {"prediction_met", r.prediction_met},
          {"observed", r.observed},
          {"difference", r.difference},
          {"surprised", r.surprised},
          {"as_planned", r.as_planned},
          {"learned", r.learned},
          {"decision", r.decision},
          {"next_step", r.next_step},
          {"next_by", optional_day(r.next_by)},
          {"commitment", r.commitment ? json(*r.commitment) : json(nullptr)},
          {"created", r.created},
          {"updated", r.updated}};
}

json comment_record(const Comment& c) {
  return {{"uuid", c.uuid},
          {"author", c.author},
          {"text", c.text},
          {"created", c.created},
          {"updated", c.updated}};
}

json experiment_record(const BundleExperiment& b, bool comments_only) {
  const Experiment& e = b.experiment;
  json comments = json::array();
  for (const auto& c : b.comments) comments.push_back(comment_record(c));
  if (comments_only) return {{"uuid", e.uuid}, {"title", e.title}, {"comments", comments}};
  json metrics = json::array();
  for (const auto& m : e.metrics) metrics.push_back(metric_record(m));
  json entries = json::array();
  for (const auto& entry : b.entries) entries.push_back(entry_record(e, entry));
  json reviews = json::array();
  for (const auto& r : b.reviews) reviews.push_back(review_record(r));
  return {{"uuid", e.uuid},
          {"title", e.title},
          {"hypothesis", e.hypothesis},
          {"change", e.change},
          {"prediction", e.prediction},
          {"prediction_why", e.prediction_why},
          {"occasion", e.occasion},
          {"success_rule", e.success_rule},
          {"baseline_points", e.baseline_points},
          {"test_points", e.test_points},
          {"template", optional_text(e.template_name)},
          {"follows", optional_text(b.follows_uuid)},
          {"cycle", e.cycle},
          {"status", to_string(e.status)},
          {"baseline_start", optional_day(e.baseline_start)},
          {"test_start", optional_day(e.test_start)},
          {"closed", optional_text(e.closed)},
          {"tags", e.tags},
          {"created", e.created},
          {"updated", e.updated},
          {"metrics", metrics},
          {"entries", entries},
          {"reviews", reviews},
          {"comments", comments}};
}

bool since_day(const std::optional<Day>& since, const std::string& timestamp) {
  if (!since) return true;
  const auto day = parse_iso_date(std::string_view(timestamp).substr(0, 10));
  return !day || *day >= *since;
}

std::vector<Experiment> selected_experiments(const Journal& journal,
                                             const BundleSelection& selection) {
  if (selection.ids.empty()) return journal.list_experiments();
  std::vector<Experiment> out;
  std::set<std::int64_t> seen;
  for (const auto id : selection.ids)
    if (seen.insert(id).second) out.push_back(require_experiment(journal, id));
  return out;
}

// ---------------------------------------------------------------------------------------
// Reading: positions

// A step into a JSON document: an object key or an array index.
using Step = std::variant<std::string, std::size_t>;
using Path = std::vector<Step>;

std::string path_text(const Path& path) {
  std::string out;
  for (const auto& step : path) {
    if (const auto* key = std::get_if<std::string>(&step)) {
      out += (out.empty() ? "" : ".") + *key;
    } else {
      out += "[" + std::to_string(std::get<std::size_t>(step)) + "]";
    }
  }
  return out.empty() ? "the bundle" : out;
}

// A minimal walker over text that is known to be valid JSON, to find where a value begins.
class Locator {
 public:
  explicit Locator(std::string_view text) : t_(text) {}

  // The offset of the value at `path`, or of the deepest part of it that exists.
  std::size_t find(const Path& path) const {
    std::size_t i = ws(0);
    for (const auto& step : path) {
      if (i >= t_.size()) return i;
      const std::size_t inside = ws(i + 1);
      if (t_[i] == '{' && std::holds_alternative<std::string>(step)) {
        std::size_t at = inside;
        bool found = false;
        while (at < t_.size() && t_[at] == '"') {
          const std::size_t key_end = string_end(at);
          const bool match = t_.substr(at + 1, key_end - at - 2) == std::get<std::string>(step);
          at = ws(ws(key_end) + 1);  // past ':'
          if (match) {
            i = at;
            found = true;
            break;
          }
          at = ws(value_end(at));
          if (at < t_.size() && t_[at] == ',') at = ws(at + 1);
        }
        if (!found) return i;
      } else if (t_[i] == '[' && std::holds_alternative<std::size_t>(step)) {
        std::size_t at = inside;
        for (std::size_t n = std::get<std::size_t>(step); n > 0 && at < t_.size(); --n) {
          at = ws(value_end(at));
          if (at < t_.size() && t_[at] == ',') at = ws(at + 1);
        }
        i = at;
      } else {
        return i;
      }
    }
    return i;
  }

  // "line:column" of an offset, both from 1; the column counts code points.
  std::string position(std::size_t offset) const {
    int line = 1;
    int column = 1;
    for (std::size_t i = 0; i < offset && i < t_.size(); ++i) {
      if (t_[i] == '\n') {
        ++line;
        column = 1;
      } else if ((static_cast<unsigned char>(t_[i]) & 0xC0) != 0x80) {
        ++column;
      }
    }
    return std::to_string(line) + ":" + std::to_string(column);
  }

 private:
  std::size_t ws(std::size_t i) const {
    while (i < t_.size() && (t_[i] == ' ' || t_[i] == '\t' || t_[i] == '\n' || t_[i] == '\r')) ++i;
    return i;
  }
  // `i` at the opening quote; returns the offset just past the closing one.
  std::size_t string_end(std::size_t i) const {
    for (++i; i < t_.size(); ++i) {
      if (t_[i] == '\\') {
        ++i;
      } else if (t_[i] == '"') {
        return i + 1;
      }
    }
    return i;
  }
  std::size_t value_end(std::size_t i) const {
    if (i >= t_.size()) return i;
    if (t_[i] == '"') return string_end(i);
    if (t_[i] == '{' || t_[i] == '[') {
      int depth = 0;
      for (; i < t_.size(); ++i) {
        const char c = t_[i];
        if (c == '"') {
          i = string_end(i) - 1;
        } else if (c == '{' || c == '[') {
          ++depth;
        } else if (c == '}' || c == ']') {
          if (--depth == 0) return i + 1;
        }
      }
      return i;
    }
    while (i < t_.size() && t_[i] != ',' && t_[i] != '}' && t_[i] != ']' && t_[i] != ' ' &&
           t_[i] != '\n' && t_[i] != '\r' && t_[i] != '\t')
      ++i;
    return i;
  }

  std::string_view t_;
};

// Checks the nesting depth before parsing, so that hostile input is refused early.
void check_depth(std::string_view text, const std::string& file) {
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > kMaxBundleDepth) {
        throw UsageError(file + ":" + Locator(text).position(i) + ": nested more than " +
                             std::to_string(kMaxBundleDepth) + " levels deep",
                         "this is not a bundle leadlab wrote; export it again with "
                         "`leadlab export --format json`");
      }
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
}

// ---------------------------------------------------------------------------------------
// Reading: the records

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

// 2026-11-22T19:02:03.123Z (the milliseconds are optional): the form leadlab writes, which
// sorts as text.
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

// The UUIDs a bundle has used so far: an open-addressing table of keys, at most half full
// (a node-based set allocated a node per UUID, a tenth of an import's time).
class UuidSet {
 public:
  // False if `key` was there already.
  bool insert(const UuidKey& key) {
    if (key == UuidKey{}) return !std::exchange(has_zero_, true);  // the empty slot's value
    if (2 * (size_ + 1) > slots_.size()) grow();
    if (!place(key)) return false;
    ++size_;
    return true;
  }

 private:
  bool place(const UuidKey& key) {
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = (key.high ^ (key.low * 0x9E3779B97F4A7C15ULL)) & mask;;
         i = (i + 1) & mask) {
      if (slots_[i] == key) return false;
      if (slots_[i] == UuidKey{}) {
        slots_[i] = key;
        return true;
      }
    }
  }
  void grow() {
    std::vector<UuidKey> old =
        std::exchange(slots_, std::vector<UuidKey>(std::max<std::size_t>(64, 2 * slots_.size())));
    for (const UuidKey& key : old)
      if (!(key == UuidKey{})) place(key);
  }

  std::vector<UuidKey> slots_;
  std::size_t size_ = 0;
  bool has_zero_ = false;
};

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

// A JSON value as the bundle reader builds it, one record at a time: text inline and an
// object's keys and values in two vectors, in the order read. (nlohmann's DOM allocates a
// tree node per member and a box per text; building and freeing it was a quarter of the
// time of an import.) A key read twice keeps its last value, as in nlohmann's DOM.
// A node is reused for the next record: reset() forgets its value but keeps its children
// and the capacity of its texts and vectors, so that reading the 200th entry of a bundle
// allocates nothing the first did not.
class Node {
 public:
  enum class Kind : std::uint8_t { kNull, kBool, kInt, kUint, kDouble, kString, kArray, kObject };

  Node() = default;
  explicit Node(Kind kind) : kind_(kind) {}
  Node(Node&& other) noexcept { *this = std::move(other); }
  Node& operator=(Node&& other) noexcept {
    kind_ = std::exchange(other.kind_, Kind::kNull);
    number_ = other.number_;
    text_ = std::move(other.text_);
    keys_ = std::move(other.keys_);
    values_ = std::move(other.values_);
    size_ = std::exchange(other.size_, 0);
    return *this;
  }

  // Makes this an empty value of `kind` (null, an empty text, array or object).
  void reset(Kind kind) {
    kind_ = kind;
    number_ = {};
    text_.clear();
    size_ = 0;
  }
  void set(bool b) {
    reset(Kind::kBool);
    number_.i = b ? 1 : 0;
  }
  void set(std::int64_t i) {
    reset(Kind::kInt);
    number_.i = i;
  }
  void set(std::uint64_t u) {
    reset(Kind::kUint);
    number_.u = u;
  }
  void set(double d) {
    reset(Kind::kDouble);
    number_.d = d;
  }
  void set(std::string_view text) {
    reset(Kind::kString);
    text_.assign(text);
  }

  bool is_null() const { return kind_ == Kind::kNull; }
  bool is_boolean() const { return kind_ == Kind::kBool; }
  bool is_number_integer() const { return kind_ == Kind::kInt || kind_ == Kind::kUint; }
  bool is_number() const { return is_number_integer() || kind_ == Kind::kDouble; }
  bool is_string() const { return kind_ == Kind::kString; }
  bool is_array() const { return kind_ == Kind::kArray; }
  bool is_object() const { return kind_ == Kind::kObject; }

  // The value as a T, the way nlohmann's get<T>() converts numbers.
  template <typename T>
  T get() const {
    if constexpr (std::is_same_v<T, std::string>) {
      return text_;
    } else if constexpr (std::is_same_v<T, bool>) {
      return number_.i != 0;
    } else {
      switch (kind_) {
        case Kind::kInt:
          return static_cast<T>(number_.i);
        case Kind::kUint:
          return static_cast<T>(number_.u);
        case Kind::kDouble:
          return static_cast<T>(number_.d);
        default:
          return T{};
      }
    }
  }

  // An array's elements or an object's values, and an object's keys.
  std::size_t size() const { return size_; }
  const Node& operator[](std::size_t i) const { return values_[i]; }
  const std::string& key(std::size_t i) const { return keys_[i]; }

  bool contains(std::string_view key) const { return find(key) != nullptr; }
  // The value of `key`; null when there is none.
  const Node& at(std::string_view key) const {
    static const Node kNone{};
    const Node* found = find(key);
    return found != nullptr ? *found : kNone;
  }

  // Building: the new last element of an array, or the value of `key` in an object, each
  // null until set.
  Node& append() { return next(); }
  Node& member(std::string_view key) {
    for (std::size_t i = 0; i < size_; ++i) {
      if (keys_[i] == key) {
        values_[i].reset(Kind::kNull);
        return values_[i];
      }
    }
    if (size_ < keys_.size()) {
      keys_[size_].assign(key);
    } else {
      keys_.emplace_back(key);
    }
    return next();
  }

 private:
  Node& next() {
    if (size_ == values_.size()) values_.emplace_back();
    Node& n = values_[size_++];
    n.reset(Kind::kNull);
    return n;
  }
  const Node* find(std::string_view key) const {
    for (std::size_t i = 0; i < size_; ++i)
      if (keys_[i] == key) return &values_[i];
    return nullptr;
  }

  Kind kind_ = Kind::kNull;
  union Number {
    std::int64_t i;
    std::uint64_t u;
    double d;
  } number_{};
  std::string text_;
  std::vector<std::string> keys_;  // an object's (the first size_ are in use)
  std::vector<Node> values_;       // an array's elements or an object's values (likewise)
  std::size_t size_ = 0;
};

class Reader {
 public:
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
};

Metric read_metric(Reader& r, const Node& j, const Path& p) {
  r.object(j, p,
           {"uuid", "name", "label", "kind", "direction", "min", "max", "instructions", "formula",
            "created", "updated"});
  Metric m;
  m.uuid = r.uuid(j, p);
  m.name = r.text(j, p, "name");
  if (!is_metric_name(m.name)) r.fail(Reader::with(p, "name"), "is not a metric name");
  m.label = r.text(j, p, "label");
  const auto kind = parse_metric_kind(r.text(j, p, "kind"));
  if (!kind)
    r.fail(Reader::with(p, "kind"), "must be count, scale, minutes, yesno, percent or derived");
  m.kind = *kind;
  const auto direction = parse_direction(r.text(j, p, "direction"));
  if (!direction) r.fail(Reader::with(p, "direction"), "must be up or down");
  m.direction = *direction;
  m.scale_min = r.optional_number(j, p, "min");
  m.scale_max = r.optional_number(j, p, "max");
  if (m.kind == MetricKind::kScale &&
      (!m.scale_min || !m.scale_max || *m.scale_min >= *m.scale_max))
    r.fail(p, "is a scale without a range (min below max)");
  m.instructions = r.text(j, p, "instructions");
  m.formula = r.text(j, p, "formula");
  if (m.kind == MetricKind::kDerived) {
    try {
      (void)Formula::parse(m.formula);
    } catch (const FormulaError& e) {
      r.fail(Reader::with(p, "formula"), std::string("does not parse: ") + e.what());
    }
  }
  m.created = r.timestamp(j, p, "created");
  m.updated = r.timestamp(j, p, "updated");
  return m;
}

// Whether a stored value is one the metric's kind allows (as `log` would check it).
bool allowed_value(const Metric& m, double v) {
  switch (m.kind) {
    case MetricKind::kCount:
      return v >= 0 && v == std::floor(v);
    case MetricKind::kYesNo:
      return v == 0 || v == 1;
    case MetricKind::kPercent:
      return v >= 0 && v <= 100;
    case MetricKind::kMinutes:
      return v >= 0;
    case MetricKind::kScale:
      return m.scale_min && m.scale_max && v >= *m.scale_min && v <= *m.scale_max;
    case MetricKind::kDerived:
      return false;
  }
  return false;
}

Entry read_entry(Reader& r, const Node& j, const Path& p, const Experiment& e) {
  r.object(
      j, p,
      {"uuid", "date", "time", "note", "as_planned", "deviation", "values", "created", "updated"});
  Entry entry;
  entry.uuid = r.uuid(j, p);
  entry.date = r.date(j, p, "date");
  entry.time = r.optional_text(j, p, "time");
  if (!entry.time.empty() && !is_clock(entry.time))
    r.fail(Reader::with(p, "time"), "is not a time (HH:MM)");
  entry.note = r.text(j, p, "note");
  entry.as_planned = r.boolean(j, p, "as_planned");
  entry.deviation = r.text(j, p, "deviation");
  const Node& values = j.at("values");
  if (!values.is_object())
    r.fail(Reader::with(p, "values"), "must be an object of metric names and numbers");
  for (std::size_t i = 0; i < values.size(); ++i) {
    const std::string& name = values.key(i);
    const Node& value = values[i];
    // The path is made only for a message: on every good value it would cost an allocation.
    const auto at = [&] { return Reader::with(Reader::with(p, "values"), name); };
    const Metric* metric = e.find_metric(name);
    if (metric == nullptr || metric->kind == MetricKind::kDerived)
      r.fail(at(), "is not a metric of this experiment that takes values");
    if (!value.is_number() || !std::isfinite(value.get<double>())) r.fail(at(), "must be a number");
    if (!allowed_value(*metric, value.get<double>()))
      r.fail(at(), "is not a value a " + std::string(to_string(metric->kind)) + " metric takes");
    entry.values[name] = value.get<double>();
  }
  entry.created = r.timestamp(j, p, "created");
  entry.updated = r.timestamp(j, p, "updated");
  return entry;
}

Review read_review(Reader& r, const Node& j, const Path& p) {
  r.object(j, p,
           {"uuid", "author", "prediction_met", "observed", "difference", "surprised", "as_planned",
            "learned", "decision", "next_step", "next_by", "commitment", "created", "updated"});
  Review v;
  v.uuid = r.uuid(j, p);
  v.author = r.text(j, p, "author");
  v.prediction_met = r.one_of(j, p, "prediction_met", {"", "yes", "partly", "no"});
  v.observed = r.text(j, p, "observed");
  v.difference = r.text(j, p, "difference");
  v.surprised = r.text(j, p, "surprised");
  v.as_planned = r.text(j, p, "as_planned");
  v.learned = r.text(j, p, "learned");
  v.decision = r.one_of(j, p, "decision", {"", "adopt", "adapt", "abandon"});
  v.next_step = r.text(j, p, "next_step");
  v.next_by = r.optional_date(j, p, "next_by");
  if (!j.at("commitment").is_null())
    v.commitment = static_cast<int>(r.integer(j, p, "commitment", 1, 10));
  v.created = r.timestamp(j, p, "created");
  v.updated = r.timestamp(j, p, "updated");
  return v;
}

Comment read_comment(Reader& r, const Node& j, const Path& p) {
  r.object(j, p, {"uuid", "author", "text", "created", "updated"});
  Comment c;
  c.uuid = r.uuid(j, p);
  c.author = r.text(j, p, "author");
  c.text = r.text(j, p, "text");
  c.created = r.timestamp(j, p, "created");
  c.updated = r.timestamp(j, p, "updated");
  return c;
}

std::vector<Comment> read_comments(Reader& r, const Node& j, const Path& p) {
  std::vector<Comment> out;
  const Path cp = Reader::with(p, "comments");
  const Node& list = r.array(j.at("comments"), cp);
  for (std::size_t i = 0; i < list.size(); ++i)
    out.push_back(read_comment(r, list[i], Reader::with(cp, i)));
  return out;
}

BundleExperiment read_experiment(Reader& r, const Node& j, const Path& p, bool comments_only) {
  BundleExperiment b;
  Experiment& e = b.experiment;
  if (comments_only) {
    r.object(j, p, {"uuid", "title", "comments"});
    e.uuid = r.uuid(j, p);
    e.title = r.text(j, p, "title");
    b.comments = read_comments(r, j, p);
    return b;
  }
  r.object(j, p, {"uuid",           "title",    "hypothesis",   "change",          "prediction",
                  "prediction_why", "occasion", "success_rule", "baseline_points", "test_points",
                  "template",       "follows",  "cycle",        "status",          "baseline_start",
                  "test_start",     "closed",   "tags",         "created",         "updated",
                  "metrics",        "entries",  "reviews",      "comments"});
  e.uuid = r.uuid(j, p);
  e.title = r.text(j, p, "title");
  e.hypothesis = r.text(j, p, "hypothesis");
  e.change = r.text(j, p, "change");
  e.prediction = r.text(j, p, "prediction");
  e.prediction_why = r.text(j, p, "prediction_why");
  e.occasion = r.text(j, p, "occasion");
  e.success_rule = r.text(j, p, "success_rule");
  e.baseline_points = static_cast<int>(r.integer(j, p, "baseline_points", 0, 1000));
  e.test_points = static_cast<int>(r.integer(j, p, "test_points", 0, 1000));
  e.template_name = r.optional_text(j, p, "template");
  if (!j.at("follows").is_null()) {
    b.follows_uuid = r.text(j, p, "follows");
    if (!is_uuid(b.follows_uuid)) r.fail(Reader::with(p, "follows"), "is not a UUID");
  }
  e.cycle = static_cast<int>(r.integer(j, p, "cycle", 1, 1000000));
  const auto status = parse_status(r.text(j, p, "status"));
  if (!status) r.fail(Reader::with(p, "status"), "must be draft, baseline, testing or closed");
  e.status = *status;
  e.baseline_start = r.optional_date(j, p, "baseline_start");
  e.test_start = r.optional_date(j, p, "test_start");
  e.closed = r.optional_text(j, p, "closed");
  if (!e.closed.empty() && !is_timestamp(e.closed))
    r.fail(Reader::with(p, "closed"), "is not a timestamp (2026-11-22T19:02:03.123Z)");
  const Path tp = Reader::with(p, "tags");
  const Node& tags = r.array(j.at("tags"), tp);
  for (std::size_t i = 0; i < tags.size(); ++i) {
    if (!tags[i].is_string() || tags[i].get<std::string>().size() > 200)
      r.fail(Reader::with(tp, i), "must be a short text");
    e.tags.push_back(tags[i].get<std::string>());
  }
  e.created = r.timestamp(j, p, "created");
  e.updated = r.timestamp(j, p, "updated");

  const Path mp = Reader::with(p, "metrics");
  const Node& metrics = r.array(j.at("metrics"), mp);
  std::set<std::string> names;
  for (std::size_t i = 0; i < metrics.size(); ++i) {
    Metric m = read_metric(r, metrics[i], Reader::with(mp, i));
    if (!names.insert(m.name).second)
      r.fail(Reader::with(Reader::with(mp, i), "name"), "names a metric twice");
    e.metrics.push_back(std::move(m));
  }
  for (std::size_t i = 0; i < e.metrics.size(); ++i) {
    if (e.metrics[i].kind != MetricKind::kDerived) continue;
    const Formula formula = Formula::parse(e.metrics[i].formula);
    for (const auto& name : formula.names()) {
      const Metric* used = e.find_metric(name);
      if (used == nullptr || used->kind == MetricKind::kDerived)
        r.fail(Reader::with(Reader::with(mp, i), "formula"),
               "uses " + name + ", which is not a metric of this experiment");
    }
  }
  const Path ep = Reader::with(p, "entries");
  const Node& entries = r.array(j.at("entries"), ep);
  for (std::size_t i = 0; i < entries.size(); ++i)
    b.entries.push_back(read_entry(r, entries[i], Reader::with(ep, i), e));
  const Path rp = Reader::with(p, "reviews");
  const Node& reviews = r.array(j.at("reviews"), rp);
  for (std::size_t i = 0; i < reviews.size(); ++i)
    b.reviews.push_back(read_review(r, reviews[i], Reader::with(rp, i)));
  b.comments = read_comments(r, j, p);
  return b;
}

// ---------------------------------------------------------------------------------------
// Merging

class Merger {
 public:
  Merger(Journal* journal, bool dry_run) : j_(journal), write_(!dry_run && journal != nullptr) {}

  MergeReport report;

  // Takes the experiment's records: a new entry goes into the journal as it was read.
  void experiment(BundleExperiment&& b, bool only_comments) {
    const Experiment& incoming = b.experiment;
    auto local =
        j_ ? j_->find_record(Journal::RecordKind::kExperiment, incoming.uuid) : std::nullopt;
    if (only_comments && !local) {
      throw UsageError("the bundle has comments on \"" + terminal_safe(incoming.title) + "\" (" +
                           incoming.uuid + "), an experiment this journal does not have",
                       "import comments into the journal the experiment was exported from");
    }
    std::optional<Experiment> here;
    fresh_ = false;
    if (only_comments) {
      here = j_->find_experiment(local->id);
    } else if (!local) {
      fresh_ = true;
      count("experiments").added++;
      count("metrics").added += static_cast<int>(incoming.metrics.size());
      for (const auto& m : incoming.metrics)
        refuse_taken_uuid(Journal::RecordKind::kMetric, m.uuid, "metric");
      if (write_) {
        Experiment e = incoming;
        e.follows.reset();
        j_->insert_experiment(e);
        j_->set_follows_uuid(e.id, b.follows_uuid);
        here = j_->find_experiment(e.id);
      }
    } else {
      here = j_->find_experiment(local->id);
      if (incoming.updated > local->updated) {
        count("experiments").updated++;
        if (write_) {
          Experiment e = incoming;
          e.id = local->id;
          j_->update_experiment(e, incoming.updated);
          j_->set_tags(e.id, incoming.tags);
          j_->set_follows_uuid(e.id, b.follows_uuid);
        }
      } else {
        count("experiments").unchanged++;
      }
      for (const auto& m : incoming.metrics) metric(*here, m);
      if (write_) here = j_->find_experiment(local->id);
    }
    if (!only_comments) {
      for (auto& e : b.entries) entry(here, incoming, e);
      for (const auto& r : b.reviews) review(here, r);
    }
    for (const auto& c : b.comments) comment(here, c);
  }

  // The bundle's owner: taken by a journal without one; noted when it differs.
  void header(const std::string& kind, const std::string& owner) {
    comments_only = kind == "comments";
    for (const char* k : {"experiments", "metrics", "entries", "reviews", "comments"})
      report.counts[k];
    if (!comments_only) report.counts["tombstones"];
    const std::string here = j_ ? j_->info().owner : "";
    if (owner.empty() || comments_only) return;
    if (here.empty()) {
      report.owner_set = true;
      if (write_) j_->set_owner(owner);
    } else if (here != owner) {
      report.notes.push_back("the bundle is " + terminal_safe(owner) + "'s; this journal stays " +
                             terminal_safe(here) + "'s");
    }
  }

  bool comments_only = false;  // set by header()

  void tombstone(const Tombstone& t) {
    if (j_ && j_->is_tombstoned(t.uuid)) {
      count("tombstones").unchanged++;
      return;
    }
    count("tombstones").added++;
    if (write_) j_->insert_tombstone(t);
  }

 private:
  MergeCounts& count(const char* kind) { return report.counts[kind]; }

  // A UUID the bundle adds must not belong to another record here.
  void refuse_taken_uuid(Journal::RecordKind kind, const std::string& uuid, const char* what) {
    if (j_ && j_->find_record(kind, uuid)) {
      throw UsageError(std::string("the bundle's new ") + what + " " + uuid +
                           " is already in this journal under another experiment",
                       "the bundle and the journal disagree; nothing was imported");
    }
  }

  // The local record with this UUID, checked to belong to experiment `owner`.
  std::optional<Journal::RecordRef> find_own(Journal::RecordKind kind, const std::string& uuid,
                                             const std::optional<Experiment>& owner,
                                             const char* what) {
    // The records of an experiment new to this journal are new too (experiments are never
    // deleted, so none of them can have a tombstone here; a UUID that is already here
    // anyway breaks a UNIQUE constraint, and the whole import is refused).
    if (!j_ || fresh_) return std::nullopt;
    auto found = j_->find_record(kind, uuid);
    if (found && owner && found->experiment_id != owner->id) {
      throw UsageError(std::string("the bundle's ") + what + " " + uuid +
                           " belongs to another experiment in this journal",
                       "the bundle and the journal disagree; nothing was imported");
    }
    return found;
  }

  void metric(const Experiment& here, const Metric& m) {
    const auto local = find_own(Journal::RecordKind::kMetric, m.uuid, here, "metric");
    const Metric* same_name = here.find_metric(m.name);
    if (!local) {
      if (same_name != nullptr) {
        throw UsageError("the bundle adds a metric \"" + m.name + "\" to \"" +
                             terminal_safe(here.title) +
                             "\", which has another metric of that name",
                         "the bundle and the journal disagree; nothing was imported");
      }
      count("metrics").added++;
      if (write_) {
        Metric copy = m;
        j_->insert_metric(here.id, copy);
      }
    } else if (m.updated > local->updated) {
      if (same_name != nullptr && same_name->uuid != m.uuid) {
        throw UsageError("the bundle renames a metric of \"" + terminal_safe(here.title) +
                             "\" to \"" + m.name + "\", a name another metric has",
                         "the bundle and the journal disagree; nothing was imported");
      }
      count("metrics").updated++;
      if (write_) j_->update_metric(m);
    } else {
      count("metrics").unchanged++;
    }
  }

  // The entry's values keyed by this journal's metric names (matched by metric UUID).
  static Entry localised(const Entry& e, const Experiment& incoming, const Experiment& here) {
    Entry out = e;
    out.values.clear();
    for (const auto& [name, value] : e.values) {
      const Metric* theirs = incoming.find_metric(name);
      if (theirs == nullptr) continue;
      for (const auto& m : here.metrics)
        if (m.uuid == theirs->uuid) out.values[m.name] = value;
    }
    return out;
  }

  void entry(const std::optional<Experiment>& here, const Experiment& incoming, Entry& e) {
    if (j_ && !fresh_ && j_->is_tombstoned(e.uuid)) {
      count("entries").skipped++;
      return;
    }
    const auto local = find_own(Journal::RecordKind::kEntry, e.uuid, here, "entry");
    if (!local) {
      count("entries").added++;
      if (write_) {
        // An experiment new here has the bundle's metric names.
        if (fresh_) {
          j_->insert_entry(e, *here);
        } else {
          Entry copy = localised(e, incoming, *here);
          j_->insert_entry(copy, *here);
        }
      }
    } else if (e.updated > local->updated) {
      count("entries").updated++;
      if (write_) {
        Entry copy = localised(e, incoming, *here);
        copy.id = local->id;
        copy.experiment_id = here->id;
        j_->update_entry(copy, *here, e.updated);
      }
    } else {
      count("entries").unchanged++;
    }
  }

  void review(const std::optional<Experiment>& here, const Review& r) {
    const auto local = find_own(Journal::RecordKind::kReview, r.uuid, here, "review");
    if (!local) {
      count("reviews").added++;
      if (write_) {
        Review copy = r;
        copy.experiment_id = here->id;
        j_->insert_review(copy);
      }
    } else if (r.updated > local->updated) {
      count("reviews").updated++;
      if (write_) j_->update_review(r);
    } else {
      count("reviews").unchanged++;
    }
  }

  void comment(const std::optional<Experiment>& here, const Comment& c) {
    const auto local = find_own(Journal::RecordKind::kComment, c.uuid, here, "comment");
    if (!local) {
      count("comments").added++;
      if (write_) {
        Comment copy = c;
        copy.experiment_id = here->id;
        j_->insert_comment(copy);
      }
    } else if (c.updated > local->updated) {
      count("comments").updated++;
      if (write_) j_->update_comment(c);
    } else {
      count("comments").unchanged++;
    }
  }

  Journal* j_;
  bool write_;
  bool fresh_ = false;  // the experiment being merged is new to this journal
};

std::string csv_field(std::string_view s) {
  if (s.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

// ---------------------------------------------------------------------------------------

namespace {

// One experiment's records as the selection asks; nullopt when a comments bundle has none.
std::optional<BundleExperiment> bundle_experiment(const Journal& journal, Experiment e,
                                                  const BundleSelection& selection) {
  BundleExperiment be;
  be.comments = journal.comments(e.id);
  std::erase_if(be.comments,
                [&](const Comment& c) { return !since_day(selection.since, c.created); });
  if (selection.comments_only) {
    if (be.comments.empty()) return std::nullopt;
  } else {
    be.follows_uuid = journal.follows_uuid(e.id);
    be.entries = journal.entries(e.id);
    std::erase_if(be.entries,
                  [&](const Entry& x) { return selection.since && x.date < *selection.since; });
    be.reviews = journal.reviews(e.id);
    std::erase_if(be.reviews,
                  [&](const Review& r) { return !since_day(selection.since, r.created); });
  }
  be.experiment = std::move(e);
  return be;
}

// `value` as dump(2) prints it, each line after the first indented by `indent` more.
void write_indented(std::ostream& out, const json& value, const std::string& indent) {
  const std::string text = value.dump(2);
  std::size_t from = 0;
  for (std::size_t nl = text.find('\n'); nl != std::string::npos; nl = text.find('\n', from)) {
    out.write(text.data() + from, static_cast<std::streamsize>(nl + 1 - from));
    out << indent;
    from = nl + 1;
  }
  out.write(text.data() + from, static_cast<std::streamsize>(text.size() - from));
}

}  // namespace

Bundle read_bundle(const Journal& journal, const BundleSelection& selection) {
  const auto snapshot = journal.begin_read();
  Bundle b;
  b.kind = selection.comments_only ? "comments" : "full";
  b.owner = journal.info().owner;
  for (auto& e : selected_experiments(journal, selection))
    if (auto be = bundle_experiment(journal, std::move(e), selection))
      b.experiments.push_back(std::move(*be));
  if (!selection.comments_only) b.tombstones = journal.tombstones();
  return b;
}

void write_bundle(const Journal& journal, const BundleSelection& selection, std::ostream& out) {
  const auto snapshot = journal.begin_read();
  const bool comments_only = selection.comments_only;
  // The header first, so that a reader knows the version before any record.
  out << "{\n  \"format\": " << json(kFormatName).dump() << ",\n  \"version\": " << kBundleVersion
      << ",\n  \"kind\": " << json(comments_only ? "comments" : "full").dump()
      << ",\n  \"owner\": " << json(journal.info().owner).dump() << ",\n  \"experiments\": [";
  // The experiments without their definitions first; then one at a time is read in full,
  // written and forgotten.
  std::vector<Experiment> experiments;
  if (selection.ids.empty()) {
    experiments = journal.list_experiments({.definitions = false});
  } else {
    experiments = selected_experiments(journal, selection);
  }
  bool first = true;
  for (const auto& brief : experiments) {
    auto full = journal.find_experiment(brief.id);
    if (!full) continue;
    const auto be = bundle_experiment(journal, std::move(*full), selection);
    if (!be) continue;
    out << (first ? "\n    " : ",\n    ");
    write_indented(out, experiment_record(*be, comments_only), "    ");
    first = false;
  }
  out << (first ? "]" : "\n  ]") << ",\n  \"tombstones\": [";
  first = true;
  if (!comments_only) {
    for (const auto& t : journal.tombstones()) {
      out << (first ? "\n    " : ",\n    ");
      write_indented(out, {{"uuid", t.uuid}, {"kind", t.kind}, {"deleted", t.deleted}}, "    ");
      first = false;
    }
  }
  out << (first ? "]" : "\n  ]") << "\n}\n";
}

namespace {

std::string bundle_hint() {
  return "a bundle must be written by `leadlab export --format json` and not edited; export it "
         "again";
}

Tombstone read_tombstone(Reader& r, const Node& j, const Path& p) {
  r.object(j, p, {"uuid", "kind", "deleted"});
  Tombstone t;
  t.uuid = r.text(j, p, "uuid");
  if (!is_uuid(t.uuid)) r.fail(Reader::with(p, "uuid"), "is not a UUID");
  t.kind = r.one_of(j, p, "kind", {"entry"});
  t.deleted = r.timestamp(j, p, "deleted");
  return t;
}

// What a bundle says before its records.
struct BundleHeader {
  int version = 0;
  std::string kind;
  std::string owner;
};

struct StreamHandlers {
  std::function<void(const BundleHeader&)> on_header;
  std::function<void(BundleExperiment&&)> on_experiment;
  std::function<void(Tombstone&&)> on_tombstone;
};

// Turns the parser's events into the bundle's header and records. The header's fields are
// kept as they come; each record (an element of "experiments" or "tombstones") is built as a
// JSON value, handed to the handlers as soon as it is complete and forgotten, so that memory
// holds one experiment, not the bundle. A problem ends the parse: it is kept in `problem`
// (rapidjson is not unwound by exceptions), or, for text that is not valid JSON, left for
// nlohmann's parser to describe (`bad_text`).
class BundleEvents {
 public:
  BundleEvents(Reader& r, const std::string& file, const StreamHandlers& on)
      : r_(r), file_(file), on_(on) {}

  std::exception_ptr problem;
  bool bad_text = false;  // rapidjson passed on what nlohmann refuses: bad UTF-8, 1e400

  bool Null() { return scalar(nullptr); }
  bool Bool(bool b) { return scalar(b); }
  // rapidjson's handler must have these five; asked for numbers as text, it calls RawNumber.
  bool Int(int i) { return scalar(static_cast<std::int64_t>(i)); }
  bool Uint(unsigned u) { return scalar(static_cast<std::uint64_t>(u)); }
  bool Int64(std::int64_t i) { return scalar(i); }
  bool Uint64(std::uint64_t u) { return scalar(u); }
  bool Double(double d) { return scalar(d); }
  // Numbers come as text (kParseNumbersAsStringsFlag, NUL-terminated) and are converted here,
  // exactly, by std::from_chars: rapidjson's own conversion reaches undefined behaviour on
  // some zeros ("0e40"). Whole numbers that fit stay whole, as rapidjson would give them.
  bool RawNumber(const char* s, rapidjson::SizeType n, bool) {
    const char* end = s + n;
    if (std::none_of(s, end, [](char c) { return c == '.' || c == 'e' || c == 'E'; })) {
      if (*s == '-') {
        std::int64_t i = 0;
        if (const auto [at, ec] = std::from_chars(s, end, i); ec == std::errc() && at == end)
          return scalar(i);
      } else {
        std::uint64_t u = 0;
        if (const auto [at, ec] = std::from_chars(s, end, u); ec == std::errc() && at == end)
          return scalar(u);
      }
    }
    double d = 0;
    if (const auto [at, ec] = std::from_chars(s, end, d); ec == std::errc() && at == end)
      return scalar(d);
    // Beyond a double's range. Too small reads as the nearest double (zero or a subnormal),
    // as strtod gives it and nlohmann reads it; too large is not JSON to nlohmann, which
    // words the refusal.
    static const locale_t c_locale = newlocale(LC_ALL_MASK, "C", locale_t{});
    d = strtod_l(s, nullptr, c_locale);
    if (std::isinf(d)) {
      bad_text = true;
      return false;
    }
    return scalar(d);
  }
  bool String(const char* s, rapidjson::SizeType n, bool) {
    if (!utf8(s, n)) return false;
    return scalar(std::string_view(s, n));
  }
  bool Key(const char* s, rapidjson::SizeType n, bool) {
    if (!utf8(s, n)) return false;
    return guard([&] { key(std::string_view(s, n)); });
  }
  bool StartObject() {
    return guard([&] { open(Node::Kind::kObject); });
  }
  bool StartArray() {
    return guard([&] { open(Node::Kind::kArray); });
  }
  bool EndObject(rapidjson::SizeType) {
    return guard([&] { close(); });
  }
  bool EndArray(rapidjson::SizeType) {
    return guard([&] { close(); });
  }

  // After the whole text was read: what must have been in it.
  void finish() {
    for (const char* k : {"experiments", "tombstones"})
      if (seen_.count(k) == 0) r_.fail({}, std::string("has no \"") + k + "\"");
    finish_header();
  }

 private:
  template <typename F>
  bool guard(F&& f) {
    try {
      f();
      return true;
    } catch (...) {
      problem = std::current_exception();
      return false;
    }
  }

  // Text that rapidjson passes on without checking its encoding (it is asked not to: a lone
  // "\udc00" escape gets through its check) is checked here.
  bool utf8(const char* s, rapidjson::SizeType n) {
    for (rapidjson::SizeType i = 0; i < n; ++i) {
      if (static_cast<unsigned char>(s[i]) >= 0x80) {
        bad_text = !is_valid_utf8(std::string_view(s, n));
        return !bad_text;
      }
    }
    return true;
  }

  bool records() const { return key_ == "experiments" || key_ == "tombstones"; }

  // A null (nullptr), true or false, number or text.
  template <typename T>
  bool scalar(T value) {
    return guard([&] {
      if (depth_ == 0) r_.fail({}, "must be an object");
      if (depth_ == 1) {
        if (records()) r_.fail({key_}, "must be an array");
        set(header_.member(key_), value);
      } else if (depth_ == 2 && records()) {
        r_.fail({key_, index_}, "must be an object");
      } else {
        set(place(), value);
      }
    });
  }
  template <typename T>
  static void set(Node& node, T value) {
    if constexpr (std::is_same_v<T, std::nullptr_t>) {
      node.reset(Node::Kind::kNull);
    } else {
      node.set(value);
    }
  }

  // Where the next value in the container being built goes (null until set).
  Node& place() {
    Node* top = stack_.back();
    if (top->is_array()) return top->append();
    return *slot_;
  }

  void open(Node::Kind kind) {
    if (depth_ >= kMaxBundleDepth) throw DepthError{};
    const bool array = kind == Node::Kind::kArray;
    if (depth_ == 0) {
      if (array) r_.fail({}, "must be an object");
    } else if (depth_ == 1 && records()) {
      if (!array) r_.fail({key_}, "must be an array");
      finish_header();
    } else if (depth_ == 1 || (depth_ == 2 && records())) {  // a header field's value, or a record
      if (depth_ == 2 && array) r_.fail({key_, index_}, "must be an object");
      doc_.reset(kind);
      stack_.assign(1, &doc_);
    } else {
      Node& container = place();
      container.reset(kind);
      stack_.push_back(&container);
    }
    ++depth_;
  }

  void close() {
    --depth_;
    if (depth_ == 0 || (depth_ == 1 && records())) return;  // the bundle, or its records
    stack_.pop_back();
    if (!stack_.empty()) return;
    if (depth_ == 1) {
      header_.member(key_) = std::move(doc_);
    } else if (key_ == "experiments") {
      on_.on_experiment(read_experiment(r_, doc_, {key_, index_++}, comments_only_));
    } else {
      on_.on_tombstone(read_tombstone(r_, doc_, {key_, index_++}));
    }
  }

  void key(std::string_view k) {
    if (depth_ > 1) {
      slot_ = &stack_.back()->member(k);
      return;
    }
    static const std::set<std::string, std::less<>> kKeys = {"format", "version",     "kind",
                                                             "owner",  "experiments", "tombstones"};
    if (kKeys.count(k) == 0)
      r_.fail({std::string(k)},
              "is not a field leadlab knows here (a bundle from a newer leadlab, or edited)");
    key_ = k;
    seen_.insert(key_);
    index_ = 0;
  }

  void finish_header() {
    if (header_done_) return;
    for (const char* k : {"format", "version", "kind", "owner"}) {
      if (!header_.contains(k)) r_.fail({}, std::string("has no \"") + k + "\" before its records");
    }
    if (!header_.at("format").is_string() || header_.at("format").get<std::string>() != kFormatName)
      r_.fail({"format"}, std::string("must be \"") + kFormatName + "\"");
    const Node& version = header_.at("version");
    if (!version.is_number_integer() || version.get<std::int64_t>() < 1)
      r_.fail({"version"}, "must be a whole number from 1");
    if (version.get<std::int64_t>() > kBundleVersion) {
      throw UsageError(
          file_ + ": the bundle has format version " + std::to_string(version.get<std::int64_t>()) +
              ", from a newer leadlab; this one reads version " + std::to_string(kBundleVersion),
          "update leadlab, or export the bundle again from the same version");
    }
    BundleHeader h;
    h.version = static_cast<int>(version.get<std::int64_t>());
    h.kind = r_.one_of(header_, {}, "kind", {"full", "comments"});
    h.owner = r_.text(header_, {}, "owner");
    comments_only_ = h.kind == "comments";
    header_done_ = true;
    on_.on_header(h);
  }

  Reader& r_;
  const std::string& file_;
  const StreamHandlers& on_;
  int depth_ = 0;          // containers open
  std::string key_;        // the top-level field being read
  std::size_t index_ = 0;  // the record's index in it
  std::set<std::string> seen_;
  Node header_{Node::Kind::kObject};
  bool header_done_ = false;
  bool comments_only_ = false;
  Node doc_;                  // the header field's value or the record being built
  std::vector<Node*> stack_;  // its containers still open
  Node* slot_ = nullptr;      // where an object's next value goes
};

// Text that rapidjson refused: if it is not valid JSON, refused in nlohmann's words at
// nlohmann's position (the messages leadlab has always given); if it is, saying what leadlab
// does not read.
[[noreturn]] void refuse_json(const std::string& text, const std::string& file, std::size_t offset,
                              const std::string& fallback) {
  struct FirstError : nlohmann::json_sax<json> {
    std::size_t byte = 0;
    std::string what;
    bool overflow = false;
    bool null() override { return true; }
    bool boolean(bool) override { return true; }
    bool number_integer(number_integer_t) override { return true; }
    bool number_unsigned(number_unsigned_t) override { return true; }
    bool number_float(number_float_t, const string_t&) override { return true; }
    bool string(string_t&) override { return true; }
    bool binary(binary_t&) override { return true; }
    bool start_object(std::size_t) override { return true; }
    bool key(string_t&) override { return true; }
    bool end_object() override { return true; }
    bool start_array(std::size_t) override { return true; }
    bool end_array() override { return true; }
    bool parse_error(std::size_t at, const std::string&,
                     const nlohmann::detail::exception& e) override {
      byte = at;
      what = e.what();
      overflow = dynamic_cast<const json::out_of_range*>(&e) != nullptr;
      return false;
    }
  } first;
  // (nlohmann stops at a NUL byte as if the text ended there: that is not valid JSON.)
  const bool accepted = json::sax_parse(text, &first);
  if (accepted && !(offset < text.size() && text[offset] == '\0')) {
    // Valid JSON that rapidjson does not read: a number with an exponent above 308 or more
    // than 308 digits, even one a double holds ("0e400"). leadlab's export never writes one.
    std::size_t end = offset;
    while (end < text.size() &&
           std::string_view("+-.0123456789eE").find(text[end]) != std::string_view::npos) {
      ++end;
    }
    const std::string what =
        end > offset && end - offset <= 40
            ? "the number " + text.substr(offset, end - offset) +
                  " has an exponent above 308 or more than 308 digits, which leadlab does not "
                  "read"
            : "leadlab cannot read this JSON (" + fallback + ")";
    throw UsageError(file + ":" + Locator(text).position(offset) + ": " + what, bundle_hint());
  }
  if (first.what.empty()) {
    throw UsageError(file + ":" + Locator(text).position(offset) + ": not valid JSON: " + fallback,
                     bundle_hint());
  }
  if (first.overflow) {
    // A number too large for a double ("1e400"): nlohmann names the number, not where it is.
    const std::size_t open = first.what.find('\'');
    const std::size_t close = open == std::string::npos ? open : first.what.find('\'', open + 1);
    const std::string number =
        close == std::string::npos ? std::string() : first.what.substr(open + 1, close - open - 1);
    const std::size_t at = number.empty() ? std::string::npos : text.find(number);
    throw UsageError(file + ":" + Locator(text).position(at == std::string::npos ? 0 : at) +
                         ": not valid JSON: the number " + terminal_safe(number) + " is too large",
                     bundle_hint());
  }
  // nlohmann names the byte; say where that is, and what it found, in the user's terms.
  const std::size_t at = first.byte > 0 ? first.byte - 1 : 0;
  std::string what = first.what;
  if (const auto colon = what.find("syntax error while parsing value - ");
      colon != std::string::npos) {
    what = what.substr(colon + 35);
  } else if (const auto c2 = what.rfind(": "); c2 != std::string::npos) {
    what = what.substr(c2 + 2);
  }
  throw UsageError(
      file + ":" + Locator(text).position(at) + ": not valid JSON: " + terminal_safe(what),
      text.empty() ? "the file is empty"
                   : "a bundle is written by `leadlab export --format json`; was the file cut "
                     "short or edited?");
}

// Reads a bundle of `size` bytes from `in` (a rapidjson stream) one record at a time: the
// header first (it must come before the records, as leadlab writes it), then each record,
// handed to the handlers. `whole_text` gives the file's text, read only when an error needs
// its line and column.
template <typename Stream>
void stream_bundle(Stream& in, std::size_t size, const std::string& file,
                   const std::function<std::string()>& whole_text, const StreamHandlers& on) {
  Reader r;
  BundleEvents events(r, file, on);
  try {
    rapidjson::Reader parser;
    // Strict RFC 8259 JSON (no comments, NaN or trailing commas); numbers as their text.
    const rapidjson::ParseResult result =
        parser.Parse<rapidjson::kParseNumbersAsStringsFlag | rapidjson::kParseIterativeFlag>(
            in, events);
    if (events.problem) std::rethrow_exception(events.problem);
    // A NUL byte reads as the end of the text to rapidjson; nlohmann refuses what follows it.
    if (!result || events.bad_text || in.Tell() != size) {
      refuse_json(whole_text(), file, result ? in.Tell() : result.Offset(),
                  result ? "a NUL byte" : rapidjson::GetParseError_En(result.Code()));
    }
    events.finish();
  } catch (const PathError& e) {
    const std::string text = whole_text();
    const Locator locator(text);
    throw UsageError(file + ":" + locator.position(locator.find(e.path)) + ": " +
                         path_text(e.path) + " " + e.what,
                     bundle_hint());
  } catch (const DepthError&) {
    check_depth(whole_text(), file);
    throw UsageError(
        file + ": nested more than " + std::to_string(kMaxBundleDepth) + " levels deep",
        bundle_hint());
  }
}

// What the bundle's reader hands to the merge, in the bundle's order: its header or a record.
using BundleItem = std::variant<BundleHeader, BundleExperiment, Tombstone>;

// The records read but not merged yet, between the thread that reads a bundle and the one
// that merges it. Holds a few experiments at most, so that memory still holds a handful of
// experiments, not the bundle.
class RecordQueue {
 public:
  struct Cancelled {};  // thrown to the reader when the merge has stopped

  // Waits while the queue is full; throws Cancelled once the merge has stopped.
  void push(BundleItem&& item) {
    std::unique_lock lock(mutex_);
    room_.wait(lock, [&] { return cancelled_ || items_.size() < kCapacity; });
    if (cancelled_) throw Cancelled{};
    items_.push_back(std::move(item));
    ready_.notify_one();
  }

  // The reader's last word: there are no more items, and `problem` is why it stopped early
  // (null when it read the whole bundle). Allocates nothing, so that a reader out of memory
  // still stops the merge.
  void finish(std::exception_ptr problem) noexcept {
    const std::lock_guard lock(mutex_);
    problem_ = std::move(problem);
    finished_ = true;
    ready_.notify_one();
  }

  // The next item, waiting for it; after the last, nullopt, or the reader's problem thrown.
  std::optional<BundleItem> pop() {
    std::unique_lock lock(mutex_);
    ready_.wait(lock, [&] { return finished_ || !items_.empty(); });
    if (items_.empty()) {
      if (problem_) std::rethrow_exception(std::exchange(problem_, nullptr));
      return std::nullopt;
    }
    BundleItem item = std::move(items_.front());
    items_.pop_front();
    room_.notify_one();
    return item;
  }

  void cancel() noexcept {
    const std::lock_guard lock(mutex_);
    cancelled_ = true;
    room_.notify_one();
  }

 private:
  static constexpr std::size_t kCapacity = 4;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::condition_variable room_;
  std::deque<BundleItem> items_;
  std::exception_ptr problem_;
  bool finished_ = false;
  bool cancelled_ = false;
};

// Reads the bundle at `in` on a second thread while `merge` takes its items on this one, in
// the bundle's order: on two cores, parsing and checking the JSON and writing it to SQLite
// overlap (each is about half of an import). A reading problem reaches `merge`'s caller
// after the records before it, as in a reading on one thread; when `merge` throws, reading
// stops and the exception goes on.
template <typename Stream>
void stream_bundle_alongside(Stream& in, std::size_t size, const std::string& file,
                             const std::function<std::string()>& whole_text,
                             const std::function<void(BundleItem&&)>& merge) {
  RecordQueue queue;
  std::thread reader([&] {
    std::exception_ptr problem;
    try {
      StreamHandlers on;
      on.on_header = [&](const BundleHeader& h) { queue.push(h); };
      on.on_experiment = [&](BundleExperiment&& e) { queue.push(std::move(e)); };
      on.on_tombstone = [&](Tombstone&& t) { queue.push(std::move(t)); };
      stream_bundle(in, size, file, whole_text, on);
    } catch (const RecordQueue::Cancelled&) {
      // The merge stopped first and throws its own exception.
    } catch (...) {
      problem = std::current_exception();
    }
    queue.finish(std::move(problem));
  });
  try {
    while (auto item = queue.pop()) merge(std::move(*item));
  } catch (...) {
    queue.cancel();
    reader.join();
    throw;
  }
  reader.join();
}

}  // namespace

Bundle parse_bundle(std::string_view text, const std::string& file) {
  if (text.size() > kMaxBundleBytes) {
    throw UsageError(file + ": " + std::to_string(text.size()) +
                         " bytes is larger than the largest bundle leadlab reads (" +
                         std::to_string(kMaxBundleBytes / (1024 * 1024)) + " MiB)",
                     "export fewer experiments at a time, e.g. `leadlab export --format json 3`");
  }
  Bundle b;
  rapidjson::MemoryStream in(text.data(), text.size());
  StreamHandlers on;
  on.on_header = [&](const BundleHeader& h) {
    b.version = h.version;
    b.kind = h.kind;
    b.owner = h.owner;
  };
  on.on_experiment = [&](BundleExperiment&& e) { b.experiments.push_back(std::move(e)); };
  on.on_tombstone = [&](Tombstone&& t) { b.tombstones.push_back(std::move(t)); };
  stream_bundle(
      in, text.size(), file, [&] { return std::string(text); }, on);
  return b;
}

bool MergeReport::changes() const {
  if (owner_set) return true;
  for (const auto& [kind, c] : counts)
    if (c.added > 0 || c.updated > 0) return true;
  return false;
}

MergeReport merge_bundle(Journal* journal, const Bundle& bundle, bool dry_run) {
  std::optional<Journal::WriteTransaction> tx;
  if (!dry_run && journal != nullptr) tx.emplace(journal->begin_write());
  Merger merger(journal, dry_run);
  merger.header(bundle.kind, bundle.owner);
  for (const auto& e : bundle.experiments)
    merger.experiment(BundleExperiment(e), merger.comments_only);
  for (const auto& t : bundle.tombstones) merger.tombstone(t);
  if (tx) tx->commit();
  return merger.report;
}

MergeReport import_bundle(Journal* journal, const std::string& path, bool dry_run) {
  // The whole file is checked as it is read and merged; the transaction commits only when
  // all of it was sound, so a problem anywhere leaves the journal as it was.
  const std::size_t size = read_file_size(path);
  if (size > kMaxBundleBytes) (void)read_file(path, kMaxBundleBytes);  // refuses
  const std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"),
                                                             &std::fclose);
  if (!file) throw UsageError("cannot read " + terminal_safe(path), "check its permissions");
  std::vector<char> buffer(1 << 16);
  rapidjson::FileReadStream in(file.get(), buffer.data(), buffer.size());
  std::optional<Journal::WriteTransaction> tx;
  if (!dry_run && journal != nullptr) {
    journal->set_cache_size(24);  // within the 64 MB an import of a whole journal may use
    tx.emplace(journal->begin_bulk_write());
  }
  Merger merger(journal, dry_run);
  stream_bundle_alongside(
      in, size, path, [&] { return read_file(path, kMaxBundleBytes); },
      [&](BundleItem&& item) {
        if (const auto* h = std::get_if<BundleHeader>(&item)) {
          merger.header(h->kind, h->owner);
        } else if (auto* e = std::get_if<BundleExperiment>(&item)) {
          merger.experiment(std::move(*e), merger.comments_only);
        } else {
          merger.tombstone(std::get<Tombstone>(item));
        }
      });
  if (tx) tx->commit();
  return merger.report;
}

MergeReport import_bundle_into_new_journal(const std::string& journal_path, std::string_view owner,
                                           const std::string& path) {
  (void)read_file_size(path);  // a missing file is refused before anything is made
  MergeReport report;
  Journal::create_with(journal_path, owner,
                       [&](Journal& journal) { report = import_bundle(&journal, path, false); });
  return report;
}

std::string describe_merge(const MergeReport& report) {
  std::string out;
  for (const char* kind :
       {"experiments", "metrics", "entries", "reviews", "comments", "tombstones"}) {
    const auto it = report.counts.find(kind);
    if (it == report.counts.end()) continue;
    const MergeCounts& c = it->second;
    std::string parts;
    auto part = [&](int n, const char* what) {
      if (n > 0) parts += (parts.empty() ? "" : ", ") + std::to_string(n) + " " + what;
    };
    part(c.added, "added");
    part(c.updated, "updated (newer in the bundle)");
    part(c.unchanged, "unchanged");
    part(c.skipped, "skipped (deleted here)");
    if (parts.empty()) continue;
    std::string label = kind;
    label.resize(13, ' ');
    out += "  " + label + parts + "\n";
  }
  if (report.owner_set) out += "  owner        taken from the bundle\n";
  for (const auto& note : report.notes) out += "  note         " + note + "\n";
  return out;
}

json merge_json(const MergeReport& report) {
  json counts = json::object();
  for (const auto& [kind, c] : report.counts)
    counts[kind] = {{"added", c.added},
                    {"updated", c.updated},
                    {"unchanged", c.unchanged},
                    {"skipped", c.skipped}};
  return {{"changes", report.changes()},
          {"owner_set", report.owner_set},
          {"counts", counts},
          {"notes", report.notes}};
}

std::string entries_csv(const Journal& journal, const BundleSelection& selection) {
  std::ostringstream out;
  out << "experiment,experiment_title,entry,date,time,phase,metric,kind,value,note,as_planned,"
         "deviation,entry_uuid\r\n";
  for (const auto& e : selected_experiments(journal, selection)) {
    const EntryValues values_of(e);
    for (const auto& entry : journal.entries(e.id)) {
      if (selection.since && entry.date < *selection.since) continue;
      for (const auto& [metric, value] : values_of(entry)) {
        if (!value) continue;
        out << e.id << ',' << csv_field(e.title) << ',' << entry.id << ','
            << format_date(entry.date) << ',' << entry.time << ','
            << to_string(e.phase_of(entry.date)) << ',' << metric->name << ','
            << to_string(metric->kind) << ',' << format_number(*value, 6) << ','
            << csv_field(entry.note) << ',' << (entry.as_planned ? "yes" : "no") << ','
            << csv_field(entry.deviation) << ',' << entry.uuid << "\r\n";
      }
    }
  }
  return out.str();
}

}  // namespace leadlab
