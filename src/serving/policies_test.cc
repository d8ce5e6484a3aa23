// Checks the routers that decide on more than one number: the cache-aware router keeps
// requests sharing a prefix on one replica while loads are balanced, and falls back to the
// least-outstanding replica when they are not or when too little of the prefix matches.
#include "serving/policies.h"

#include <gtest/gtest.h>

#include <vector>

namespace aidcsim {
namespace {

size_t pick(Router& router, const std::vector<int64_t>& outstanding,
            const std::vector<uint64_t>& blocks) {
  std::vector<ReplicaLoad> loads;
  for (int64_t o : outstanding) loads.push_back(ReplicaLoad{o, 0});
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

}  // namespace
}  // namespace aidcsim
