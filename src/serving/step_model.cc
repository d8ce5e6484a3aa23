#include "serving/step_model.h"

#include "core/floor_sum.h"

namespace aidcsim {
namespace {
constexpr Int128 kQ32 = Int128{1} << 32;
constexpr int64_t kDirectSumSteps = 8;
}  // namespace

SimTime DecodeStepCost::step(int64_t context_sum) const {
  const Int128 scaled = static_cast<Int128>(per_token_q32) * context_sum;
  return SimTime::from_ns(base_ns + static_cast<int64_t>(scaled / kQ32));
}

SimTime DecodeStepCost::run(int64_t steps, int64_t first_context_sum, int64_t growth) const {
  // Step i (0-based) attends to first_context_sum + growth*i tokens.
  if (steps <= kDirectSumSteps) {
    // Short runs (most end at the next arrival): the floors one by one are cheaper than the
    // 128-bit divisions of floor_sum, and equal to them by definition.
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
  const Int128 floors = floor_sum(steps, kQ32, q * growth, q * first_context_sum);
  return SimTime::from_ns(static_cast<int64_t>(Int128{base_ns} * steps + floors));
}

int64_t DecodeStepCost::steps_to_reach(SimTime elapsed, int64_t max_steps,
                                       int64_t first_context_sum, int64_t growth) const {
  int64_t low = 1;
  int64_t high = max_steps;
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
