#include "serving/prefix_cache.h"

namespace aidcsim {

int64_t PrefixCache::match(std::span<const uint64_t> ids, int64_t& evictable) const {
  evictable = 0;
  int64_t hit = 0;
  for (const uint64_t id : ids) {
    const auto it = entries_.find(id);
    if (it == entries_.end()) break;
    if (it->second.refs == 0) evictable += entry_blocks_;
    ++hit;
  }
  return hit;
}

int64_t PrefixCache::add_reference(Entry& e) {
  if (e.refs++ > 0) return 0;
  lru_.erase(e.lru);
  evictable_blocks_ -= entry_blocks_;
  return entry_blocks_;
}

int64_t PrefixCache::acquire(std::span<const uint64_t> ids) {
  int64_t taken = 0;
  for (const uint64_t id : ids) taken += add_reference(entries_.at(id));
  return taken;
}

int64_t PrefixCache::insert(std::span<const uint64_t> ids) {
  int64_t freed = 0;
  for (const uint64_t id : ids) {
    const auto [it, added] = entries_.try_emplace(id);
    if (added) {
      it->second.refs = 1;  // the request's blocks become the entry's
    } else {
      freed += entry_blocks_ - add_reference(it->second);  // its own copy is freed
    }
  }
  return freed;
}

int64_t PrefixCache::release(std::span<const uint64_t> ids) {
  int64_t released = 0;
  for (auto id = ids.rbegin(); id != ids.rend(); ++id) {
    Entry& e = entries_.at(*id);
    if (--e.refs > 0) continue;
    e.lru = lru_.insert(lru_.end(), *id);
    evictable_blocks_ += entry_blocks_;
    released += entry_blocks_;
  }
  return released;
}

void PrefixCache::evict_beyond(int64_t free_blocks) {
  while (evictable_blocks_ > free_blocks) {
    entries_.erase(lru_.front());
    lru_.pop_front();
    evictable_blocks_ -= entry_blocks_;
  }
}

}  // namespace aidcsim
