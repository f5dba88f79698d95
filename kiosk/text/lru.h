// lru.h — a bounded least-recently-used map, the engine's cache for shaped runs and layouts.
//
// Input: key → shared_ptr<const V>. Output: the value while it is cached. Invariants: size() never
// exceeds capacity(); a get() hit makes the entry most recent; evicting only drops the cache's
// reference, so values handed out stay valid (shared ownership).
#pragma once

#include <cstddef>
#include <list>
#include <memory>
#include <unordered_map>
#include <utility>

namespace gongkai::text {

template <typename K, typename V, typename Hash = std::hash<K>>
class LruCache {
 public:
  explicit LruCache(size_t capacity) : capacity_(capacity ? capacity : 1) {}

  std::shared_ptr<const V> get(const K& key) {
    auto it = map_.find(key);
    if (it == map_.end()) {
      ++misses_;
      return nullptr;
    }
    ++hits_;
    order_.splice(order_.begin(), order_, it->second);
    return it->second->second;
  }

  void put(K key, std::shared_ptr<const V> value) {
    if (auto it = map_.find(key); it != map_.end()) {
      it->second->second = std::move(value);
      order_.splice(order_.begin(), order_, it->second);
      return;
    }
    order_.emplace_front(std::move(key), std::move(value));
    map_.emplace(order_.front().first, order_.begin());
    while (map_.size() > capacity_) {
      map_.erase(order_.back().first);
      order_.pop_back();
    }
  }

  void clear() {
    map_.clear();
    order_.clear();
  }
  size_t size() const { return map_.size(); }
  size_t capacity() const { return capacity_; }
  size_t hits() const { return hits_; }
  size_t misses() const { return misses_; }

 private:
  using Entry = std::pair<K, std::shared_ptr<const V>>;
  size_t capacity_;
  std::list<Entry> order_;
  std::unordered_map<K, typename std::list<Entry>::iterator, Hash> map_;
  size_t hits_ = 0, misses_ = 0;
};

}  // namespace gongkai::text
