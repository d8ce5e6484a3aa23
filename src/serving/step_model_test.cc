// Checks the closed-form decode runs against adding steps one by one: the duration of a run
// equals the sum of its steps' integer durations exactly, and steps_to_reach finds the first
// step boundary at or after a given time.
#include "serving/step_model.h"

#include <gtest/gtest.h>

#include "core/rng.h"

namespace aidcsim {
namespace {

TEST(DecodeStepCost, RunEqualsTheSumOfItsSteps) {
  RngStream rng(8);
  for (int trial = 0; trial < 300; ++trial) {
    // Per-token slopes of 0.01-50 ns (q32 fixed point), bases of 1-30 ms: the range of real
    // decode steps.
    const DecodeStepCost cost{static_cast<int64_t>(1'000'000 + rng.below(29'000'000)),
                              rng.below(uint64_t{50} << 32)};
    const auto first = static_cast<int64_t>(rng.below(2'000'000));
    const auto growth = static_cast<int64_t>(rng.below(257));
    const auto steps = static_cast<int64_t>(rng.below(3000));
    SimTime sum;
    for (int64_t i = 0; i < steps; ++i) sum += cost.step(first + growth * i);
    ASSERT_EQ(cost.run(steps, first, growth), sum);
    // Short runs are summed directly and longer ones by floor_sum: both sides of the switch.
    SimTime partial;
    for (int64_t k = 0; k <= 20; ++k) {
      ASSERT_EQ(cost.run(k, first, growth), partial) << k;
      partial += cost.step(first + growth * k);
    }
  }
}

TEST(DecodeStepCost, StepsToReachFindsTheFirstBoundaryAtOrAfterATime) {
  const DecodeStepCost cost{10'000'000, 0};  // 10 ms per step
  EXPECT_EQ(cost.steps_to_reach(SimTime::zero(), 100, 0, 0), 1);
  EXPECT_EQ(cost.steps_to_reach(SimTime::from_ms(10), 100, 0, 0), 1);
  EXPECT_EQ(cost.steps_to_reach(SimTime::from_ms(11), 100, 0, 0), 2);
  EXPECT_EQ(cost.steps_to_reach(SimTime::from_s(5), 100, 0, 0), 100);  // capped at the run
}

// Growing steps (the bracket by the first and the longest step) and zero-length ones, at
// times on, just before and just after boundaries, against walking the steps one by one.
TEST(DecodeStepCost, StepsToReachMatchesWalkingTheSteps) {
  RngStream rng(9);
  for (int trial = 0; trial < 300; ++trial) {
    const bool zero_steps = trial % 10 == 0;
    const DecodeStepCost cost{zero_steps ? 0 : static_cast<int64_t>(rng.below(30'000'000)),
                              zero_steps ? 0 : rng.below(uint64_t{50} << 32)};
    const auto first = static_cast<int64_t>(rng.below(2'000'000));
    const auto growth = static_cast<int64_t>(rng.below(257));
    const auto max_steps = static_cast<int64_t>(1 + rng.below(400));
    const SimTime whole = cost.run(max_steps, first, growth);
    for (int probe = 0; probe < 20; ++probe) {
      // Every other probe is a step boundary.
      const SimTime at =
          probe % 2 == 0
              ? cost.run(static_cast<int64_t>(rng.below(static_cast<uint64_t>(max_steps) + 1)),
                         first, growth)
              : SimTime::from_ns(
                    static_cast<int64_t>(rng.below(static_cast<uint64_t>(whole.ns()) + 3)) - 1);
      for (const SimTime elapsed : {at, at + SimTime::from_ns(1), at - SimTime::from_ns(1)}) {
        int64_t expected = 1;
        while (expected < max_steps && cost.run(expected, first, growth) < elapsed) ++expected;
        ASSERT_EQ(cost.steps_to_reach(elapsed, max_steps, first, growth), expected)
            << trial << " " << elapsed.ns();
      }
    }
  }
}

}  // namespace
}  // namespace aidcsim
