// What the serving simulation needs from the performance model: how long one iteration of
// a replica takes, the KV-cache capacity of a replica, and the model's attention window.
//
// Steps that prefill anything are timed from their full batch description (perf::StepBatch,
// O(1) running sums). Decode-only steps — the vast majority — are timed by an affine
// function of the attended context summed over the batch, in integer nanoseconds. That form
// is what lets the simulator add up a run of identical decode steps in closed form and
// still get, to the nanosecond, what stepping one by one gives (DESIGN.md §5).
#pragma once

#include <cstdint>

#include "core/sim_time.h"
#include "perf/step.h"

namespace aidcsim {

// Decode step duration: base_ns + floor(per_token_q32 * attended_context_sum / 2^32) ns.
struct DecodeStepCost {
  int64_t base_ns = 0;
  uint64_t per_token_q32 = 0;  // nanoseconds per attended context token, times 2^32

  SimTime step(int64_t context_sum) const;
  // Total duration of `steps` consecutive decode steps whose first step attends to
  // `first_context_sum` tokens and each later one to `growth` more.
  SimTime run(int64_t steps, int64_t first_context_sum, int64_t growth) const;
  // The smallest step count k in [1, max_steps] whose run(k, ...) >= `elapsed`; max_steps
  // when even the whole run is shorter.
  int64_t steps_to_reach(SimTime elapsed, int64_t max_steps, int64_t first_context_sum,
                         int64_t growth) const;
};

class StepTimeModel {
 public:
  virtual ~StepTimeModel() = default;
  // A step with prefill tokens (and possibly decode tokens too).
  virtual SimTime step_time(const perf::StepBatch& batch) const = 0;
  // Decode-only steps of `sequences` requests (1 <= sequences <= the replica's batch limit).
  virtual DecodeStepCost decode_cost(int64_t sequences) const = 0;
  virtual int64_t kv_capacity_tokens() const = 0;
  // Attention window of the model in tokens; 0 when attention is global.
  virtual int64_t sliding_window() const = 0;
  // Draw of one GPU of the replica (W): while it runs steps of `batch_size` requests
  // (prefill steps, or decode-only steps), and while it is idle. 0 when the model has no
  // power figures (test models).
  virtual double busy_power_w(int64_t batch_size, bool prefill) const {
    (void)batch_size;
    (void)prefill;
    return 0.0;
  }
  virtual double idle_power_w() const { return 0.0; }
  // Bytes of KV cache one token occupies across all the replica's GPUs (what a prefill/decode
  // hand-off sends per prompt token). 0 when the model does not say (test models).
  virtual double kv_bytes_per_token() const { return 0.0; }
};

}  // namespace aidcsim
