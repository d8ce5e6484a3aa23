#include "serving/step_model.h"

#include <algorithm>
#include <cassert>

#include "core/floor_sum.h"

namespace aidcsim {
namespace {
constexpr Int128 kQ32 = Int128{1} << 32;
constexpr Int128 kLow32 = kQ32 - 1;
constexpr int64_t kDirectSumSteps = 8;
constexpr int64_t kSmallSteps = int64_t{1} << 31;  // floor_sum_small's limit on n
// ceil(x / y) for x >= 0, y > 0.
int64_t ceil_div(int64_t x, int64_t y) {
  return x / y + (x % y != 0 ? 1 : 0);
}
}  // namespace

SimTime DecodeStepCost::step(int64_t context_sum) const {
  const Int128 scaled = static_cast<Int128>(per_token_q32) * context_sum;
  return SimTime::from_ns(base_ns + static_cast<int64_t>(scaled / kQ32));
}

SimTime DecodeStepCost::run(int64_t steps, int64_t first_context_sum, int64_t growth) const {
  // Step i (0-based) attends to first_context_sum + growth*i tokens.
  if (steps <= kDirectSumSteps) {
    // Short runs (most end at the next arrival): the floors one by one are cheaper than the
    // divisions of floor_sum, and equal to them by definition.
    __extension__ using Uint128 = unsigned __int128;
    int64_t total = 0;
    for (int64_t i = 0; i < steps; ++i) {
      const Uint128 scaled = static_cast<Uint128>(per_token_q32) *
                             static_cast<uint64_t>(first_context_sum + growth * i);
      total += base_ns + static_cast<int64_t>(scaled >> 32);
    }
    return SimTime::from_ns(total);
  }
  const Int128 q = per_token_q32;
  const Int128 a = q * growth;
  const Int128 b = q * first_context_sum;
  Int128 floors = 0;
  if (steps <= kSmallSteps) {
    // floor_sum's first reduction by shifts (m = 2^32), its remainder in 64-bit arithmetic.
    const Int128 n = steps;
    floors = (n * (n - 1) / 2) * (a >> 32) + n * (b >> 32) +
             static_cast<Int128>(floor_sum_small(static_cast<uint64_t>(steps), uint64_t{1} << 32,
                                                 static_cast<uint64_t>(a & kLow32),
                                                 static_cast<uint64_t>(b & kLow32)));
  } else {
    floors = floor_sum(steps, kQ32, a, b);
  }
  return SimTime::from_ns(static_cast<int64_t>(Int128{base_ns} * steps + floors));
}

int64_t DecodeStepCost::steps_to_reach(SimTime elapsed, int64_t max_steps,
                                       int64_t first_context_sum, int64_t growth) const {
  assert(growth >= 0 && first_context_sum >= 0);
  int64_t low = 1;
  int64_t high = max_steps;
  // Step durations never shrink along a run (growth >= 0), so the first k steps last at
  // least k times the first one and, for k <= high, at most k times step `high`: that
  // brackets the answer, usually to one or two candidates, before bisecting on exact sums.
  const int64_t first = step(first_context_sum).ns();
  if (first > 0 && elapsed.ns() > 0) {
    // run(high) >= high * first >= elapsed, or high is max_steps.
    high = std::min(high, ceil_div(elapsed.ns(), first));
    // Below `low`, run(k) <= k * longest < elapsed (when even run(high) falls short, the
    // answer is high = max_steps, hence the cap).
    const int64_t longest = step(first_context_sum + growth * (high - 1)).ns();
    low = std::min(high, ceil_div(elapsed.ns(), longest));
  }
  while (low < high) {
    const int64_t mid = low + (high - low) / 2;
    if (run(mid, first_context_sum, growth) >= elapsed) {
      high = mid;
    } else {
      low = mid + 1;
    }
  }
  return low;
}

}  // namespace aidcsim
