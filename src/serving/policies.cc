#include "serving/policies.h"

#include <algorithm>
#include <list>
#include <unordered_map>
#include <vector>

namespace aidcsim {
namespace {

// Index of the replica with the fewest outstanding requests (ties: the lowest index).
size_t least_outstanding(std::span<const ReplicaLoad> loads) {
  size_t best = 0;
  for (size_t i = 1; i < loads.size(); ++i) {
    if (loads[i].outstanding_requests < loads[best].outstanding_requests) best = i;
  }
  return best;
}

class RoundRobinRouter final : public Router {
 public:
  size_t pick(std::span<const ReplicaLoad> loads, const RouteRequest&, RngStream&) override {
    const size_t chosen = next_ % loads.size();
    ++next_;
    return chosen;
  }

 private:
  size_t next_ = 0;
};

class LeastOutstandingRouter final : public Router {
 public:
  size_t pick(std::span<const ReplicaLoad> loads, const RouteRequest&, RngStream&) override {
    return least_outstanding(loads);
  }
};

// Cache-aware routing after SGLang's router (cache_aware policy): while the replicas are
// balanced, a request goes to the replica that last received the longest run of its leading
// prefix blocks, if that run covers at least kCacheThreshold of its blocks; otherwise, and
// whenever the load is imbalanced (max - min outstanding > kBalanceAbs and max > kBalanceRel x
// min), to the least-outstanding replica. The router's memory of which replica holds which
// prefix stands in for the replica's radix tree: per replica it keeps at most the prefix blocks
// the replica's KV cache could hold (ReplicaLoad::prefix_capacity_blocks), forgetting the least
// recently routed first and a prefix's tail before its head, as the replica's LRU cache
// evicts. It still overstates what a replica caches while running requests fill its memory.
// Memory: one entry per remembered prefix block.
class CacheAwareRouter final : public Router {
 public:
  // SGLang model gateway defaults (data/SOURCES.md smg-cache-aware-router).
  static constexpr double kCacheThreshold = 0.3;
  static constexpr int64_t kBalanceAbs = 64;
  static constexpr double kBalanceRel = 1.5;

  size_t pick(std::span<const ReplicaLoad> loads, const RouteRequest& request,
              RngStream&) override {
    const size_t least = least_outstanding(loads);
    int64_t max_load = 0;
    for (const ReplicaLoad& l : loads) max_load = std::max(max_load, l.outstanding_requests);
    const int64_t min_load = loads[least].outstanding_requests;
    const bool imbalanced =
        max_load - min_load > kBalanceAbs &&
        static_cast<double>(max_load) > kBalanceRel * static_cast<double>(min_load);
    const std::span<const uint64_t> blocks = request.prefix_blocks;
    if (blocks.empty()) return least;
    // The rolling hash of every leading run of blocks.
    hashes_.resize(blocks.size());
    uint64_t h = 0;
    for (size_t k = 0; k < blocks.size(); ++k) hashes_[k] = h = mix(h, blocks[k]);
    size_t chosen = least;
    if (!imbalanced) {
      // The deepest leading run some replica is remembered to hold.
      size_t matched = 0;
      size_t owner = least;
      for (; matched < hashes_.size(); ++matched) {
        const auto it = owners_.find(hashes_[matched]);
        if (it == owners_.end()) break;
        owner = it->second.replica;
      }
      if (matched > 0 &&
          static_cast<double>(matched) >= kCacheThreshold * static_cast<double>(blocks.size())) {
        chosen = owner;
      }
    }
    remember(chosen, loads[chosen].prefix_capacity_blocks);
    return chosen;
  }

 private:
  struct Owner {
    uint32_t replica = 0;
    std::list<uint64_t>::iterator lru;  // in recency_[replica]
  };
  // The request's blocks (hashes_) now belong to `replica`, most recently its head (so the
  // tail is forgotten first); beyond `capacity` blocks the least recent are forgotten.
  void remember(size_t replica, int64_t capacity) {
    if (recency_.size() <= replica) recency_.resize(replica + 1);
    std::list<uint64_t>& mine = recency_[replica];
    for (auto k = hashes_.rbegin(); k != hashes_.rend(); ++k) {
      const auto [it, inserted] = owners_.try_emplace(*k);
      Owner& o = it->second;
      if (inserted) {
        o.lru = mine.insert(mine.end(), *k);
      } else {
        mine.splice(mine.end(), recency_[o.replica], o.lru);
      }
      o.replica = static_cast<uint32_t>(replica);
    }
    while (capacity > 0 && static_cast<int64_t>(mine.size()) > capacity) {
      owners_.erase(mine.front());
      mine.pop_front();
    }
  }
  // A prefix's hash from its parent's and its last block id (SplitMix64's finaliser).
  static uint64_t mix(uint64_t parent, uint64_t id) {
    uint64_t z = parent ^ (id + 0x9e3779b97f4a7c15u + (parent << 6) + (parent >> 2));
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
  }
  std::unordered_map<uint64_t, Owner> owners_;  // prefix hash -> replica that last got it
  std::vector<std::list<uint64_t>> recency_;    // per replica, least recently routed first
  std::vector<uint64_t> hashes_;                // scratch: the request's prefix hashes
};

class LeastKvRouter final : public Router {
 public:
  bool reads_kv_load() const override { return true; }
  size_t pick(std::span<const ReplicaLoad> loads, const RouteRequest&, RngStream&) override {
    size_t best = 0;
    for (size_t i = 1; i < loads.size(); ++i) {
      if (loads[i].kv_tokens_reserved < loads[best].kv_tokens_reserved) best = i;
    }
    return best;
  }
};

class PowerOfTwoRouter final : public Router {
 public:
  size_t pick(std::span<const ReplicaLoad> loads, const RouteRequest&, RngStream& rng) override {
    const size_t a = rng.below(loads.size());
    const size_t b = rng.below(loads.size());
    return loads[b].outstanding_requests < loads[a].outstanding_requests ? b : a;
  }
};

class RuleBatching final : public BatchingPolicy {
 public:
  explicit RuleBatching(BatchingRules rules) : rules_(rules) {}
  BatchingRules rules() const override { return rules_; }

 private:
  BatchingRules rules_;
};

}  // namespace

const RouterRegistry& router_registry() {
  static const RouterRegistry registry = [] {
    RouterRegistry r("router");
    r.add("round-robin", "sends requests to the replicas in turn",
          [] { return std::make_unique<RoundRobinRouter>(); });
    r.add("least-outstanding", "sends each request to the replica with the fewest outstanding",
          [] { return std::make_unique<LeastOutstandingRouter>(); });
    r.add("least-kv", "sends each request to the replica with the least KV cache in use",
          [] { return std::make_unique<LeastKvRouter>(); });
    r.add("power-of-two", "samples two replicas at random and picks the less loaded",
          [] { return std::make_unique<PowerOfTwoRouter>(); });
    r.add("cache-aware",
          "prefix-cache affinity (SGLang's cache-aware router): sends a request to the replica "
          "that last received its longest leading run of prefix blocks (at least 30% of them) "
          "while loads are balanced, else to the least-outstanding replica; it remembers per "
          "replica no more prefix blocks than that replica's KV cache could hold",
          [] { return std::make_unique<CacheAwareRouter>(); });
    return r;
  }();
  return registry;
}

const BatchingRegistry& batching_registry() {
  static const BatchingRegistry registry = [] {
    BatchingRegistry r("batching");
    const auto with = [](BatchingRules rules) {
      return [rules] { return std::make_unique<RuleBatching>(rules); };
    };
    r.add("continuous",
          "vLLM-style continuous batching: requests join at any step; a step that admits "
          "requests prefills their whole prompts, other steps decode",
          with({.mixed_steps = false, .chunked_prefill = false, .admit_only_when_idle = false}));
    r.add("chunked",
          "chunked prefill (Sarathi-Serve): every step decodes all running requests and fills "
          "the rest of its token budget with prompt chunks",
          with({.mixed_steps = true, .chunked_prefill = true, .admit_only_when_idle = false}));
    r.add("orca",
          "iteration-level batching (Orca): every step decodes all running requests and "
          "prefills whole prompts of newly admitted ones",
          with({.mixed_steps = true, .chunked_prefill = false, .admit_only_when_idle = false}));
    r.add("static",
          "static batching baseline: a new batch starts only when the last one has finished",
          with({.mixed_steps = false, .chunked_prefill = false, .admit_only_when_idle = true}));
    return r;
  }();
  return registry;
}

}  // namespace aidcsim
