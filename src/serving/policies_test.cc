// Checks the routers that decide on more than one number: the cache-aware router keeps
// requests sharing a prefix on one replica while loads are balanced, and falls back to the
// least-outstanding replica when they are not or when too little of the prefix matches, and
// forgets what a replica's cache could no longer hold.
#include "serving/policies.h"

#include <gtest/gtest.h>

#include <vector>

namespace aidcsim {
namespace {

// `capacity`: prefix blocks each replica's cache could hold (0: no bound).
size_t pick(Router& router, const std::vector<int64_t>& outstanding,
            const std::vector<uint64_t>& blocks, int64_t capacity = 0) {
  std::vector<ReplicaLoad> loads;
  for (int64_t o : outstanding) loads.push_back(ReplicaLoad{o, 0, capacity});
  RngStream rng = RngFactory(1).stream("test");
  return router.pick(loads, RouteRequest{blocks}, rng);
}

TEST(CacheAwareRouter, KeepsSharedPrefixesTogetherWhileBalanced) {
  const auto router = router_registry().create("cache-aware");
  // Nothing cached anywhere: the least-outstanding replica (index 1).
  EXPECT_EQ(pick(*router, {2, 0, 1}, {10, 11, 12}), 1u);
  // 2 of 3 leading blocks (67% >= 30%) were sent to replica 1: it gets the request although
  // replica 2 has fewer outstanding; the loads are balanced (max - min = 5 <= 64).
  EXPECT_EQ(pick(*router, {2, 5, 0}, {10, 11, 99}), 1u);
  // Only the first of 4 blocks matches (25% < 30%): least outstanding (replica 2).
  EXPECT_EQ(pick(*router, {2, 5, 0}, {10, 50, 51, 52}), 2u);
  // Imbalanced (max - min = 90 > 64 and 100 > 1.5 x 10): least outstanding, whatever matches.
  EXPECT_EQ(pick(*router, {30, 100, 10}, {10, 11, 12}), 2u);
  // The last placement owns the prefix now: 10, 11, 12 went to replica 2.
  EXPECT_EQ(pick(*router, {3, 0, 4}, {10, 11, 12}), 2u);
  // A request without prefix ids: least outstanding.
  EXPECT_EQ(pick(*router, {3, 0, 4}, {}), 1u);
}

// The router remembers per replica no more prefix blocks than its cache could hold (here 2),
// forgetting a prefix's tail first and then the least recently routed prefixes.
TEST(CacheAwareRouter, ForgetsWhatAReplicaCouldNoLongerCache) {
  const auto router = router_registry().create("cache-aware");
  // Blocks 1, 2, 3 go to replica 0 (tie: lowest index); only the leading 1, 2 are remembered.
  EXPECT_EQ(pick(*router, {0, 0}, {1, 2, 3}, 2), 0u);
  // 2 of 3 blocks match (67% >= 30%): replica 0, although replica 1 has fewer outstanding.
  EXPECT_EQ(pick(*router, {5, 0}, {1, 2, 3}, 2), 0u);
  // Another prefix (7, 8) goes to replica 0 and pushes 1, 2 out of its two blocks...
  EXPECT_EQ(pick(*router, {0, 5}, {7, 8}, 2), 0u);
  // ...so 1, 2, 3 matches nothing now: least outstanding (replica 1). Without the bound it
  // would have stayed on replica 0.
  EXPECT_EQ(pick(*router, {5, 0}, {1, 2, 3}, 2), 1u);
  const auto unbounded = router_registry().create("cache-aware");
  EXPECT_EQ(pick(*unbounded, {0, 0}, {1, 2, 3}), 0u);
  EXPECT_EQ(pick(*unbounded, {0, 5}, {7, 8}), 0u);
  EXPECT_EQ(pick(*unbounded, {5, 0}, {1, 2, 3}), 0u);
}

}  // namespace
}  // namespace aidcsim
