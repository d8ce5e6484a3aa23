// The scenario file: what to simulate. The schema in scenario_schema.cc is the single source
// of truth for its keys (types, units, defaults, ranges, help); `aidcsim validate --explain`
// prints it and every output echoes the resolved values in `scenario.resolved.yaml`.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "core/sim_time.h"
#include "core/units.h"
#include "perf/calibration.h"
#include "scenario/site_environment.h"
#include "workload/workload_spec.h"

namespace aidcsim {

struct SloSpec {
  std::optional<SimTime> ttft;  // target for every request's time to first token
  std::optional<SimTime> tpot;  // target for every request's mean time per output token
};

// A pool of identical replicas inside a service. Every key left out takes the service's
// value of the same key (see ServiceSpec::pools).
struct PoolSpec {
  std::string name;
  std::string role = "both";  // both | prefill | decode
  std::optional<std::string> model, system, dtype, kv_dtype, profile;
  std::optional<int64_t> replicas, tensor_parallel, expert_parallel, pipeline_parallel,
      max_batch_size, max_batch_tokens;
  std::optional<Fraction> memory_utilization;
};

// How the KV cache of a prefilled request travels to its decode replica (disaggregated
// services). Left out: each end's GPUs' scale-out links at the fitted send/recv efficiency
// and latency of the performance model.
struct KvTransferSpec {
  std::optional<Bandwidth> bandwidth;  // per replica (all its GPUs' links together)
  std::optional<SimTime> latency;      // fixed cost of each transfer
};

struct ServiceSpec {
  std::string name;
  std::string model;   // catalog model
  std::string system;  // catalog system that hosts the replicas
  int64_t replicas = 1;
  int64_t tensor_parallel = 1;
  int64_t expert_parallel = 1;  // MoE: experts split over this many of the tensor_parallel GPUs
  // Pipeline stages per replica, each of tensor_parallel GPUs holding a contiguous share of
  // the layers; a replica keeps one batch per stage in flight (vLLM's virtual engines:
  // serving::PoolSetup::engines_per_replica).
  int64_t pipeline_parallel = 1;
  std::string dtype = "bf16";  // weights and activations
  std::string kv_dtype = "bf16";
  Fraction memory_utilization{0.9};  // share of device memory given to weights + KV cache
  std::string batching = "continuous";
  std::string router = "round-robin";
  int64_t max_batch_size = 256;
  int64_t max_batch_tokens = 8192;
  bool prefix_caching = false;  // reuse cached KV of shared prompt prefixes (trace hash ids)
  // Beam search: sequences decoded per request (1: greedy or sampling). The prompt is
  // prefilled once and its KV shared; every decode step runs and attends all beams.
  int64_t beam_width = 1;
  // KV admission: "on-demand" (blocks as tokens are stored, preemption when they run out;
  // vLLM) or "reserve-full" (a request's whole length reserved at admission; TensorRT-LLM).
  std::string kv_admission = "on-demand";
  // Serving-engine time per step outside the GPU kernels (scheduling, input preparation,
  // sampling); engines that overlap it with the GPU's work hide most of it.
  SimTime step_overhead = SimTime::from_seconds(perf::kDefaultStepOverheadS);
  // Added to step_overhead per sequence in the step's batch (host work that grows with it).
  SimTime step_overhead_per_sequence;
  // The engine prepares each step while the GPU runs the previous one: the overhead shows only
  // where it exceeds a step's kernel time (perf::Deployment::overlap_overhead).
  bool overlap_scheduling = false;
  std::string profile;  // perf: measured profile (Vidur mlp.csv layout), relative to the scenario
  WorkloadSpec workload;
  SloSpec slo;
  // Replica pools. Empty: one pool made of the keys above. Else every pool listed, each
  // taking the service's model, system, replicas, parallelism, dtypes, memory and batch keys
  // unless it sets its own: all of role `both` (a heterogeneous service), or `prefill` and
  // `decode` pools (prefill/decode disaggregation).
  std::vector<PoolSpec> pools;
  std::string decode_router = "round-robin";  // disaggregated: picks the decode replica
  std::optional<KvTransferSpec> kv_transfer;
};

// The deployments of a service, one per pool (the service itself when it lists none): the
// service's keys with the pool's own values in place, `pools` empty.
std::vector<ServiceSpec> pool_deployments(const ServiceSpec& service);
// Whether the service's pools split prefill from decode.
bool is_disaggregated(const ServiceSpec& service);

// Systems of other tenants on the site (training, batch jobs) at a steady load: they draw
// power and cost money but serve none of the scenario's requests.
struct OtherLoadSpec {
  std::string name;
  std::string system;  // catalog system
  int64_t systems = 0;
  Fraction utilisation;  // accelerators at idle + utilisation x (TDP - idle)
};

// The site hosting the services (optional): its power chain and cooling in its climate, its
// grid's carbon and prices, its costs. DESIGN.md §6, docs/site-run.md.
struct ScenarioSite : SiteLocation {
  std::string phase;  // site phase whose grid connection applies ("" : the first)
  std::string start;  // UTC instant of simulated time 0
  std::vector<OtherLoadSpec> other_loads;
};

struct OutputSpec {
  SimTime interval;  // time-series resolution
};

struct Scenario {
  std::string name;
  std::string description;
  int64_t seed = 0;
  SimTime duration;                  // arrivals stop here
  SimTime drain_limit;               // how long requests in flight may still finish afterwards
  std::vector<std::string> catalog;  // extra catalog files, relative to the scenario file
  std::vector<ServiceSpec> services;
  std::optional<ScenarioSite> site;
  OutputSpec output;
};

// The site block checked against the catalog and the grid data.
struct ResolvedSite {
  SiteSpec spec;             // catalog site with the scenario's cooling / electrical overrides
  size_t phase_index = 0;    // in spec.phases
  int64_t start_unix_s = 0;  // simulated time 0
  std::string climate_path;  // resolved EPW path; "" for a shipped climate
};

// Everything a run needs: the scenario with defaults resolved and the catalog it names
// (built-in entries plus the scenario's and the command line's catalog files).
struct LoadedScenario {
  Scenario scenario;
  Catalog catalog;
  std::string file;                  // as named by the user (or "<built-in example>")
  std::string resolved_yaml;         // the echo: every key with its resolved value
  std::optional<ResolvedSite> site;  // set when the scenario has a site block
};

// Parses and validates scenario text. `catalog` already holds the built-in entries and any
// --catalog files; the scenario's own `catalog:` files are resolved relative to `file`'s
// folder. Throws InputError with every problem found.
LoadedScenario load_scenario(const std::string& text, const std::string& file, Catalog catalog);

// The key reference of scenario files (for `aidcsim validate --explain`).
std::string explain_scenario_keys();

// The built-in example run by `aidcsim run` with no scenario file.
std::string_view built_in_example_scenario();

}  // namespace aidcsim
