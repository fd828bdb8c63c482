#include "input/bundle_text.hpp"

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <variant>

#include "leadlab/model/bundle.hpp"
#include "leadlab/model/error.hpp"
#include "leadlab/model/text.hpp"

namespace leadlab::bundle_input {
namespace {

using nlohmann::json;

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

}  // namespace

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

std::string path_position(std::string_view text, const Path& path) {
  const Locator locator(text);
  return locator.position(locator.find(path));
}

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

std::string bundle_hint() {
  return "a bundle must be written by `leadlab export --format json` and not edited; export it "
         "again";
}

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

}  // namespace leadlab::bundle_input
