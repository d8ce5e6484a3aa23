// Runs a loaded scenario: builds each service's replicas from the catalog and the
// performance model, simulates, and returns the results (no I/O: see report/).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "scenario/scenario.h"
#include "scenario/site_run.h"
#include "serving/serving_simulation.h"

namespace aidcsim {

// What the performance model says about one service's replicas (echoed in summary.json).
struct ServiceDeployment {
  std::string name;
  int64_t gpus = 0;                // replicas x tensor_parallel x pipeline_parallel (all pools)
  int64_t kv_capacity_tokens = 0;  // per replica (of the first pool)
  double weights_bytes_per_gpu = 0.0;
  // Per pool (ServiceSpec::pools) of a service that lists pools; empty otherwise.
  struct Pool {
    int64_t gpus = 0;
    int64_t kv_capacity_tokens = 0;  // per replica
    double weights_bytes_per_gpu = 0.0;
    double kv_link_bytes_per_s = 0.0;  // disaggregated services: KV transfer rate per replica
    double kv_link_latency_s = 0.0;
  };
  std::vector<Pool> pools;
};

struct RunResult {
  std::vector<ServiceDeployment> deployments;
  ServingResult serving;
  std::optional<SiteRunResult> site;  // when the scenario has a site block
};

using ProgressCallback = std::function<void(SimTime now, uint64_t events)>;

// How a run is driven and observed (none of it changes the results).
struct RunControls {
  ProgressCallback progress;
  // Simulate every decode step as its own event (slower; a check of the closed-form runs).
  bool step_mode = false;
  // Called for every completed request, in completion order.
  std::function<void(const std::string& service, const Sequence& request, SimTime completed)>
      on_request;
};

// Throws InputError when a service cannot be deployed as described (e.g. the model's
// weights do not fit in the memory of its tensor-parallel group). `step_mode` simulates
// every decode step as its own event (slower; the results are the same).
RunResult run_scenario(const LoadedScenario& loaded, const RunControls& controls);
RunResult run_scenario(const LoadedScenario& loaded, const ProgressCallback& progress,
                       bool step_mode = false);

// The step-time model of one replica of a service (performance model; step_models.cc).
// `power_cap_w` > 0 caps each GPU's draw (steps slow down by the performance model's clock
// scaling). Throws InputError if the replica cannot hold the model.
std::shared_ptr<const StepTimeModel> make_step_model(const ServiceSpec& service,
                                                     const Catalog& catalog,
                                                     ServiceDeployment& deployment,
                                                     double power_cap_w = 0.0);

}  // namespace aidcsim
