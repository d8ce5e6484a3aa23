// The prefix cache of one replica (vLLM-style automatic prefix caching; docs/serving.md).
// Entries are keyed by the workload's prefix block ids (Request::prefix_blocks) and each holds
// `entry_blocks` KV blocks. An entry is referenced by the running requests that share it;
// one no request references is evictable: the replica counts its blocks as free, and they
// are evicted least recently released first when never-used blocks run out. The cache only
// keeps the books: the replica moves the block counts it returns in and out of its free pool.
#pragma once

#include <cstdint>
#include <list>
#include <span>
#include <unordered_map>

namespace aidcsim {

class PrefixCache {
 public:
  PrefixCache() = default;
  // `entry_blocks` KV blocks per prefix block; 0 turns the cache off.
  explicit PrefixCache(int64_t entry_blocks) : entry_blocks_(entry_blocks) {}

  bool enabled() const { return entry_blocks_ > 0; }
  int64_t entry_blocks() const { return entry_blocks_; }
  int64_t evictable_blocks() const { return evictable_blocks_; }

  // How many leading ids are cached; `evictable` gets the KV blocks of those no request
  // references (sharing them takes them out of the free pool).
  int64_t match(std::span<const uint64_t> ids, int64_t& evictable) const;
  // Adds a reference to each id (all cached). Returns the KV blocks that stop being evictable.
  int64_t acquire(std::span<const uint64_t> ids);
  // Moves a request's KV blocks for `ids` into the cache, referenced by it; an id cached
  // meanwhile is shared instead. Returns the change of the free pool: + the request's copies
  // of ids cached already, - the blocks of those that stop being evictable.
  int64_t insert(std::span<const uint64_t> ids);
  // Drops a reference to each id, the last one first (so a prefix's tail is evicted before
  // its head). Returns the KV blocks that become evictable.
  int64_t release(std::span<const uint64_t> ids);
  // Evicts least recently released entries until at most `free_blocks` blocks are evictable.
  void evict_to(int64_t free_blocks) {
    if (evictable_blocks_ > free_blocks) evict_beyond(free_blocks);
  }

 private:
  struct Entry {
    int64_t refs = 0;
    std::list<uint64_t>::iterator lru;  // valid when refs == 0
  };
  void evict_beyond(int64_t free_blocks);  // evict_to when it has something to evict
  // Takes a reference to `e`; returns the blocks that stop being evictable.
  int64_t add_reference(Entry& e);

  int64_t entry_blocks_ = 0;
  std::unordered_map<uint64_t, Entry> entries_;
  std::list<uint64_t> lru_;  // evictable entries, least recently released first
  int64_t evictable_blocks_ = 0;
};

}  // namespace aidcsim
