#include "leadlab/input/bundle_stream.hpp"

#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>

#include "input/bundle_events.hpp"

namespace leadlab {
namespace {

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

}  // namespace

void read_bundle_alongside(std::FILE* file, std::size_t size, const std::string& path, Day latest,
                           const std::function<std::string()>& whole_text,
                           const std::function<void(BundleItem&&)>& take) {
  RecordQueue queue;
  std::thread reader([&] {
    std::exception_ptr problem;
    try {
      bundle_input::StreamHandlers on;
      on.on_header = [&](const BundleHeader& h) { queue.push(h); };
      on.on_experiment = [&](BundleExperiment&& e) { queue.push(std::move(e)); };
      on.on_tombstone = [&](Tombstone&& t) { queue.push(std::move(t)); };
      bundle_input::stream_bundle_file(file, size, path, latest, whole_text, on);
    } catch (const RecordQueue::Cancelled&) {
      // The merge stopped first and throws its own exception.
    } catch (...) {
      problem = std::current_exception();
    }
    queue.finish(std::move(problem));
  });
  try {
    while (auto item = queue.pop()) take(std::move(*item));
  } catch (...) {
    queue.cancel();
    reader.join();
    throw;
  }
  reader.join();
}

}  // namespace leadlab
