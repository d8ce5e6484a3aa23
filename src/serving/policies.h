// Serving policies, registered by name (see core/policy_registry.h):
//  - routers choose the replica of a service that receives an arriving request;
//  - batching policies choose which waiting requests join a replica's next step.
#pragma once

#include <cstdint>
#include <memory>
#include <span>

#include "core/policy_registry.h"
#include "core/rng.h"

namespace aidcsim {

// What a router may look at for each replica of a service.
struct ReplicaLoad {
  int64_t outstanding_requests = 0;  // waiting + running
  int64_t kv_tokens_reserved = 0;    // KV cache in use, in tokens (whole blocks)
  // Workload prefix blocks (RouteRequest::prefix_blocks entries) the replica's whole KV cache
  // could hold: the most a prefix-aware router should remember for it. 0: no bound known.
  int64_t prefix_capacity_blocks = 0;
};

// What a router may know of the request it places.
struct RouteRequest {
  // Ids of the prompt's leading token blocks (Request::prefix_blocks); empty when the workload
  // carries none, and for a prefilled request sent to a decode replica.
  std::span<const uint64_t> prefix_blocks;
};

class Router {
 public:
  virtual ~Router() = default;
  // Index of the replica that receives the next request; `loads` is never empty, and its size
  // is the same at every call on one router.
  virtual size_t pick(std::span<const ReplicaLoad> loads, const RouteRequest& request,
                      RngStream& rng) = 0;
  // Whether pick() reads kv_tokens_reserved (refreshed before each pick only then: it costs
  // a pass over every replica's batch).
  virtual bool reads_kv_load() const { return false; }
};

// How a replica forms its next step from its running and waiting requests. The policies
// differ only in these rules; the mechanics (token budget, batch-size limit, KV blocks,
// preemption) are the replica's (replica.cc).
struct BatchingRules {
  // Decode tokens of running requests share steps with prefill work; when false, a step
  // that admits new requests prefills only (vLLM's default scheduler).
  bool mixed_steps = false;
  // Prompts may be split into chunks that fill the step's token budget (Sarathi-Serve).
  bool chunked_prefill = false;
  // New requests join only when the replica has no running request (static batching).
  bool admit_only_when_idle = false;
};

class BatchingPolicy {
 public:
  virtual ~BatchingPolicy() = default;
  virtual BatchingRules rules() const = 0;
};

using RouterRegistry = PolicyRegistry<Router>;
using BatchingRegistry = PolicyRegistry<BatchingPolicy>;

const RouterRegistry& router_registry();
const BatchingRegistry& batching_registry();

}  // namespace aidcsim
