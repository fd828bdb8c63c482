#include "input/bundle_events.hpp"

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
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <set>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "input/bundle_fields.hpp"
#include "input/bundle_node.hpp"
#include "input/bundle_records.hpp"
#include "input/bundle_text.hpp"
#include "leadlab/model/error.hpp"
#include "leadlab/model/text.hpp"

namespace leadlab::bundle_input {
namespace {

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
      on_.on_experiment(read_experiment(r_, doc_, {key_, index_++}, comments_only_, version_));
    } else {
      on_.on_tombstone(read_tombstone(r_, doc_, {key_, index_++}));
    }
  }

  void key(std::string_view k) {
    if (depth_ > 1) {
      if (stack_.back()->contains(k)) {
        Path at = open_path();
        at.emplace_back(std::string(k));
        r_.fail(at, "is a key given twice in its object");
      }
      slot_ = &stack_.back()->member(k);
      return;
    }
    if (seen_.count(k) != 0) r_.fail({std::string(k)}, "is a key given twice in its object");
    static const std::set<std::string, std::less<>> kKeys = {
        "format", "version", "kind", "owner", "without", "experiments", "tombstones"};
    if (kKeys.count(k) == 0)
      r_.fail({std::string(k)},
              "is not a field leadlab knows here (a bundle from a newer leadlab, or edited)");
    // What a partial bundle leaves out must be known before its first record is merged.
    if (k == "without" && header_done_)
      r_.fail({std::string(k)}, "must come before \"experiments\" and \"tombstones\"");
    key_ = k;
    seen_.insert(key_);
    index_ = 0;
  }

  // The path of the innermost container open: found from the containers themselves, only
  // when a problem needs it.
  Path open_path() const {
    Path at{key_};
    if (records()) at.emplace_back(index_);
    for (std::size_t i = 1; i < stack_.size(); ++i) {
      const Node& parent = *stack_[i - 1];
      const std::size_t n = parent.index_of(stack_[i]);
      if (parent.is_array()) {
        at.emplace_back(n);
      } else {
        at.emplace_back(parent.key(n));
      }
    }
    return at;
  }

  void finish_header() {
    if (header_done_) return;
    for (const char* k : {"format", "version", "kind", "owner"}) {
      if (!header_.contains(k)) r_.fail({}, std::string("has no \"") + k + "\" before its records");
    }
    if (!header_.at("format").is_string() ||
        header_.at("format").get<std::string>() != kBundleFormatName)
      r_.fail({"format"}, std::string("must be \"") + kBundleFormatName + "\"");
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
    if (header_.contains("without")) {
      const Node& without = r_.array(header_.at("without"), {"without"});
      for (std::size_t i = 0; i < without.size(); ++i) {
        const Node& item = without[i];
        const std::string what = item.is_string() ? item.get<std::string>() : "";
        if (what == "notes") {
          h.without.notes = true;
        } else if (what == "comments") {
          h.without.comments = true;
        } else {
          r_.fail({"without", i}, "must be \"notes\" or \"comments\"");
        }
      }
    }
    comments_only_ = h.kind == "comments";
    version_ = h.version;
    header_done_ = true;
    on_.on_header(h);
  }

  Reader& r_;
  const std::string& file_;
  const StreamHandlers& on_;
  int depth_ = 0;          // containers open
  std::string key_;        // the top-level field being read
  std::size_t index_ = 0;  // the record's index in it
  std::set<std::string, std::less<>> seen_;
  Node header_{Node::Kind::kObject};
  bool header_done_ = false;
  bool comments_only_ = false;
  int version_ = kBundleVersion;
  Node doc_;                  // the header field's value or the record being built
  std::vector<Node*> stack_;  // its containers still open
  Node* slot_ = nullptr;      // where an object's next value goes
};

// Reads a bundle of `size` bytes from `in` (a rapidjson stream) one record at a time: the
// header first (it must come before the records, as leadlab writes it), then each record,
// handed to the handlers. `whole_text` gives the file's text, read only when an error needs
// its line and column.
template <typename Stream>
void stream_bundle(Stream& in, std::size_t size, const std::string& file, Day latest,
                   const std::function<std::string()>& whole_text, const StreamHandlers& on) {
  Reader r(latest);
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
    throw UsageError(
        file + ":" + path_position(whole_text(), e.path) + ": " + path_text(e.path) + " " + e.what,
        bundle_hint());
  } catch (const DepthError&) {
    check_depth(whole_text(), file);
    throw UsageError(
        file + ": nested more than " + std::to_string(kMaxBundleDepth) + " levels deep",
        bundle_hint());
  }
}

}  // namespace

void stream_bundle_text(std::string_view text, const std::string& file, Day latest,
                        const StreamHandlers& on) {
  rapidjson::MemoryStream in(text.data(), text.size());
  stream_bundle(
      in, text.size(), file, latest, [&] { return std::string(text); }, on);
}

void stream_bundle_file(std::FILE* file, std::size_t size, const std::string& path, Day latest,
                        const std::function<std::string()>& whole_text, const StreamHandlers& on) {
  std::vector<char> buffer(1 << 16);
  rapidjson::FileReadStream in(file, buffer.data(), buffer.size());
  stream_bundle(in, size, path, latest, whole_text, on);
}

}  // namespace leadlab::bundle_input
