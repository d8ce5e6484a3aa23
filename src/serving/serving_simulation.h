// Request-level serving simulation (DESIGN.md §5): arrivals -> router -> replica queue ->
// batching policy -> steps timed by the performance model -> completion.
//
// Replicas (replica.h) form steps by their batching policy, hold a paged KV cache with
// preemption, and run identical decode steps as one closed-form run, so the event count
// grows with batch changes, not with tokens. `ServingOptions::step_mode` plans every step
// alone instead; per-request results are identical either way (serving_exactness_test).
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "core/quantile_sketch.h"
#include "core/rng.h"
#include "core/sim_time.h"
#include "serving/replica.h"
#include "serving/step_model.h"
#include "workload/workload_spec.h"

namespace aidcsim {

// What a pool of replicas does for its service.
enum class PoolRole : uint8_t {
  kBoth,     // prefills and decodes its requests (every pool of a colocated service)
  kPrefill,  // prefills, then hands each request to a decode pool (disaggregated service)
  kDecode,   // decodes requests prefilled by a prefill pool, their KV sent over the network
};

// Identical replicas of one deployment (model, system, parallelism) inside a service.
struct PoolSetup {
  std::string name;
  PoolRole role = PoolRole::kBoth;
  int64_t replicas = 1;
  int64_t max_batch_size = 256;     // running requests per replica
  int64_t max_batch_tokens = 8192;  // tokens (prefill + decode) in one step
  std::shared_ptr<const StepTimeModel> step_model;
  int64_t gpus_per_replica = 1;  // GPUs drawing the step model's per-GPU power
  // Disaggregated services: KV-cache transfers to or from one replica of this pool move at
  // this rate (all its GPUs' links together; 0: no bytes term) after a fixed latency. A
  // transfer holds the links of both its ends for bytes / min(rate of both ends), one
  // transfer at a time per replica (first come, first served), and lands max(latency of both
  // ends) after that. A pipelined replica's engines each have the whole rate (not shared:
  // an approximation).
  double kv_link_bytes_per_s = 0.0;
  SimTime kv_link_latency;
  // Batches in flight per replica. A replica of several pipeline stages runs one batch per
  // stage at once (vLLM's virtual engines): each batch is an engine of its own, scheduled
  // alone with 1/engines of the replica's KV blocks and the pool's batch limits, and its
  // steps take the step model's whole-pipeline time; its GPU draw counts 1/engines of the
  // replica's GPUs. The router sees every engine.
  int64_t engines_per_replica = 1;
};

// A service's replicas, in one or more pools (at least one): either all of role kBoth (the
// router chooses among all their replicas; pools may differ in model or GPU), or kPrefill and
// kDecode pools (disaggregated: the router chooses a prefill replica at arrival, the decode
// router a decode replica when the prefill completes; the request's KV then travels to it).
struct ServiceSetup {
  std::string name;
  WorkloadSpec workload;
  std::vector<PoolSetup> pools;
  std::string router = "round-robin";
  std::string decode_router = "round-robin";
  std::string batching = "continuous";
  int64_t kv_block_tokens = 16;  // paged KV-cache block size
  double kv_watermark = 0.01;    // share of KV blocks admissions leave free
  SimTime ttft_slo;              // zero: no target
  SimTime tpot_slo;              // zero: no target
  // Automatic prefix caching per replica (replica.h), when the workload's requests carry
  // prefix block ids (Mooncake `hash_ids`).
  bool prefix_caching = false;
  // Beam search: sequences decoded per request; their generated tokens' KV is stored per beam
  // (replica.h). The step models time the beams (scenario/step_models.cc).
  int64_t beam_width = 1;
  // Admission reserves each request's whole prompt + output length of KV (TensorRT-LLM's
  // GUARANTEED_NO_EVICT; ReplicaConfig::reserve_full_length); false: on demand (vLLM).
  bool reserve_full_length = false;
};

struct ServiceResult {
  std::string name;
  uint64_t arrived = 0;
  uint64_t completed = 0;
  uint64_t unfinished = 0;  // still queued or running when the run ended
  uint64_t rejected = 0;    // could never run: longer than a replica's KV cache (or, without
                            // chunked prefill, a prompt longer than the step token budget)
  uint64_t preemptions = 0;
  uint64_t met_slo = 0;        // completed within every SLO given
  uint64_t input_tokens = 0;   // prompt tokens of completed requests
  uint64_t output_tokens = 0;  // tokens generated, completed requests or not
  uint64_t steps = 0;
  SimTime last_completion;  // of the last completed request (zero: none)
  // The span rates are given over: from t = 0 to the end of arrivals or the last completion,
  // whichever is later (an offline run's span is its makespan; a saturated run's includes
  // the drain).
  SimTime served_span(SimTime horizon) const { return std::max(horizon, last_completion); }
  int64_t busy_replica_ns = 0;  // integer, so it sums the same however steps are grouped;
                                // summed over engines (PoolSetup::engines_per_replica)
  int64_t prefill_busy_ns = 0;  // busy time in steps that prefill (the rest decode only)
  double gpu_energy_j = 0.0;    // every GPU of the service, busy and idle, until the run's end
  QuantileSketch ttft_s, tpot_s, e2e_s, queueing_s, batch_size;
  QuantileSketch kv_occupancy;  // share of KV blocks in use, one value per replica and sample
  // Prefix caching: prompt tokens looked up at admissions (readmissions after preemption
  // included, with their generated tokens) and those found cached (not prefilled).
  uint64_t prefix_query_tokens = 0;
  uint64_t prefix_hit_tokens = 0;
  // Corrupt trace rows skipped (`skip_bad_rows: true`).
  uint64_t skipped_rows = 0;
  // Disaggregated services: KV transfers from prefill to decode replicas, and their durations
  // (from the decode replica's reservation of the blocks to the landing, link queueing
  // included).
  uint64_t kv_transfers = 0;
  double kv_transfer_bytes = 0.0;
  QuantileSketch kv_transfer_s;
  // Per completed request that was handed over: from its first token at the prefill replica
  // to its KV landing at the decode replica (waiting for room there, then the transfer).
  QuantileSketch kv_handoff_s;
  // Per pool, in the order of ServiceSetup::pools.
  struct Pool {
    std::string name;
    int64_t replicas = 0;
    int64_t engines = 0;          // replicas x PoolSetup::engines_per_replica
    int64_t busy_replica_ns = 0;  // summed over the engines
    double gpu_energy_j = 0.0;    // busy and idle, until the run's end
    uint64_t completed = 0;       // requests that completed on the pool's replicas
    uint64_t output_tokens = 0;   // tokens its replicas generated (a prefill pool: the first)
    // Share of the pool's engine time spent running steps, over a run that ended at `end`.
    double busy_fraction(SimTime end) const {
      const double replica_s = static_cast<double>(engines) * end.seconds();
      return replica_s > 0.0 ? static_cast<double>(busy_replica_ns) * 1e-9 / replica_s : 0.0;
    }
  };
  std::vector<Pool> pools;
};

// One row of the time series: counts over [start, start + interval).
struct IntervalSample {
  SimTime start;
  uint32_t service = 0;
  uint64_t arrived = 0;
  uint64_t completed = 0;
  uint64_t output_tokens = 0;
  int64_t waiting = 0;          // at the end of the interval
  int64_t running = 0;          // at the end of the interval
  int64_t busy_replica_ns = 0;  // replica time spent running steps in the interval
  double batch_busy_ns = 0.0;   // sum of batch size x busy time (time-weighted batch size)
  double gpu_energy_j = 0.0;    // every GPU of the service over the interval, busy and idle
  double kv_occupancy = 0.0;    // share of the service's KV blocks in use at the end
  std::vector<double> pool_gpu_energy_j;  // the same per pool (ServiceResult::pools order)
};

struct ServingResult {
  std::vector<ServiceResult> services;
  std::vector<IntervalSample> timeseries;
  SimTime horizon;   // end of arrivals
  SimTime end_time;  // when the last event ran
  uint64_t events = 0;
};

struct ServingOptions {
  SimTime horizon;         // arrivals stop here
  SimTime drain_limit;     // how long after the horizon in-flight requests may finish
  SimTime interval;        // time-series resolution
  bool step_mode = false;  // plan every decode step alone (for testing the closed-form runs)
  // Called now and then with the simulated time reached (for a progress line).
  std::function<void(SimTime now, uint64_t events)> progress;
  // Called for every completed request (per-request output, exactness tests).
  std::function<void(uint32_t service, const Sequence& request, SimTime completed)> on_request;
};

ServingResult simulate_serving(const std::vector<ServiceSetup>& services, const RngFactory& rngs,
                               const ServingOptions& options);

}  // namespace aidcsim
