#include "input/bundle_node.hpp"

#include <utility>

namespace leadlab::bundle_input {

Node::Node(Node&& other) noexcept { *this = std::move(other); }

Node& Node::operator=(Node&& other) noexcept {
  kind_ = std::exchange(other.kind_, Kind::kNull);
  number_ = other.number_;
  text_ = std::move(other.text_);
  keys_ = std::move(other.keys_);
  values_ = std::move(other.values_);
  size_ = std::exchange(other.size_, 0);
  return *this;
}

bool Node::contains(std::string_view key) const { return find(key) != nullptr; }

std::size_t Node::index_of(const Node* child) const {
  for (std::size_t i = 0; i < size_; ++i)
    if (&values_[i] == child) return i;
  return size_;
}

const Node& Node::at(std::string_view key) const {
  static const Node kNone{};
  const Node* found = find(key);
  return found != nullptr ? *found : kNone;
}

Node& Node::append() { return next(); }

Node& Node::member(std::string_view key) {
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

Node& Node::next() {
  if (size_ == values_.size()) values_.emplace_back();
  Node& n = values_[size_++];
  n.reset(Kind::kNull);
  return n;
}

const Node* Node::find(std::string_view key) const {
  for (std::size_t i = 0; i < size_; ++i)
    if (keys_[i] == key) return &values_[i];
  return nullptr;
}

}  // namespace leadlab::bundle_input
