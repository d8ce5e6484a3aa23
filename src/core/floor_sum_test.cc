// Checks floor_sum against the plain loop it replaces, on many small cases and on the large
// operands the serving simulation uses (32-bit fixed-point slopes times token counts).
#include "core/floor_sum.h"

#include <gtest/gtest.h>

#include "core/rng.h"

namespace aidcsim {
namespace {

Int128 by_loop(int64_t n, int64_t m, Int128 a, Int128 b) {
  Int128 s = 0;
  for (int64_t i = 0; i < n; ++i) s += (a * i + b) / m;
  return s;
}

TEST(FloorSum, MatchesTheLoopOnSmallCases) {
  for (int64_t n = 0; n <= 12; ++n) {
    for (int64_t m = 1; m <= 9; ++m) {
      for (int64_t a = 0; a <= 20; ++a) {
        for (int64_t b = 0; b <= 20; ++b) {
          ASSERT_EQ(floor_sum(n, m, a, b), by_loop(n, m, a, b))
              << n << " " << m << " " << a << " " << b;
        }
      }
    }
  }
}

TEST(FloorSum, MatchesTheLoopOnServingSizedOperands) {
  RngStream rng(3);
  const int64_t m = int64_t{1} << 32;
  for (int trial = 0; trial < 200; ++trial) {
    const int64_t n = static_cast<int64_t>(rng.below(5000));
    const Int128 a = static_cast<Int128>(rng.below(uint64_t{1} << 40));
    const Int128 b = static_cast<Int128>(rng.next_u64() >> 8);
    ASSERT_EQ(floor_sum(n, m, a, b), by_loop(n, m, a, b));
  }
}

// The 64-bit form on its domain's edges (m up to 2^32, n up to 2^31, a and b below m) and at
// random, against the reduction done wholly in 128-bit arithmetic.
Int128 reference(Int128 n, Int128 m, Int128 a, Int128 b) {
  Int128 total = 0;
  while (true) {
    total += (n * (n - 1) / 2) * (a / m) + n * (b / m);
    a %= m;
    b %= m;
    const Int128 y_max = a * n + b;
    if (y_max < m) return total;
    n = y_max / m;
    b = y_max % m;
    const Int128 old_m = m;
    m = a;
    a = old_m;
  }
}

TEST(FloorSum, SmallFormMatchesThe128BitReduction) {
  const uint64_t max_m = uint64_t{1} << 32;
  const uint64_t max_n = uint64_t{1} << 31;
  for (uint64_t n : {uint64_t{0}, uint64_t{1}, uint64_t{2}, uint64_t{1000}, max_n - 1, max_n}) {
    for (uint64_t m : {uint64_t{1}, uint64_t{3}, uint64_t{1} << 20, max_m - 1, max_m}) {
      for (uint64_t a : {uint64_t{0}, uint64_t{1}, m / 3, m - 1}) {
        for (uint64_t b : {uint64_t{0}, m / 2, m - 1}) {
          ASSERT_EQ(static_cast<Int128>(floor_sum_small(n, m, a, b)), reference(n, m, a, b))
              << n << " " << m << " " << a << " " << b;
        }
      }
    }
  }
  RngStream rng(5);
  for (int trial = 0; trial < 2000; ++trial) {
    const uint64_t n = rng.below(max_n + 1);
    const uint64_t m = 1 + rng.below(max_m);
    const uint64_t a = rng.below(m);
    const uint64_t b = rng.below(m);
    ASSERT_EQ(static_cast<Int128>(floor_sum_small(n, m, a, b)), reference(n, m, a, b));
    // floor_sum hands over to the small form once its operands fit; large ones first.
    const Int128 big_a = static_cast<Int128>(rng.next_u64()) << 20;
    const Int128 big_b = static_cast<Int128>(rng.next_u64()) << 30;
    ASSERT_EQ(floor_sum(n, m, big_a, big_b), reference(n, m, big_a, big_b));
  }
}

}  // namespace
}  // namespace aidcsim
