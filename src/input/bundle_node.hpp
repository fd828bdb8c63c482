// The JSON value the bundle reader builds one record at a time, in place of a DOM.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace leadlab::bundle_input {

// A JSON value as the bundle reader builds it, one record at a time: text inline and an
// object's keys and values in two vectors, in the order read. (nlohmann's DOM allocates a
// tree node per member and a box per text; building and freeing it was a quarter of the
// time of an import.) The reader refuses a key given twice in one object.
// A node is reused for the next record: reset() forgets its value but keeps its children
// and the capacity of its texts and vectors, so that reading the 200th entry of a bundle
// allocates nothing the first did not.
class Node {
 public:
  enum class Kind : std::uint8_t { kNull, kBool, kInt, kUint, kDouble, kString, kArray, kObject };

  Node() = default;
  explicit Node(Kind kind) : kind_(kind) {}
  Node(Node&& other) noexcept;
  Node& operator=(Node&& other) noexcept;

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

  bool contains(std::string_view key) const;
  // The position of `child` among this node's elements or values (size() if it is not one).
  std::size_t index_of(const Node* child) const;
  // The value of `key`; null when there is none.
  const Node& at(std::string_view key) const;

  // Building: the new last element of an array, or the value of `key` in an object, each
  // null until set.
  Node& append();
  Node& member(std::string_view key);

 private:
  Node& next();
  const Node* find(std::string_view key) const;

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

}  // namespace leadlab::bundle_input
