#include "scenario/run.h"

#include "perf/calibration.h"

namespace aidcsim {

RunResult run_scenario(const LoadedScenario& loaded, const ProgressCallback& progress,
                       bool step_mode) {
  return run_scenario(loaded, RunControls{progress, step_mode, nullptr});
}

RunResult run_scenario(const LoadedScenario& loaded, const RunControls& controls) {
  const Scenario& sc = loaded.scenario;
  RunResult result;
  std::optional<SiteLayout> layout;
  if (loaded.site) layout = plan_site_layout(loaded);
  std::vector<ServiceSetup> setups;
  for (const ServiceSpec& svc : sc.services) {
    ServiceDeployment deployment;
    deployment.name = svc.name;
    ServiceSetup setup;
    setup.name = svc.name;
    setup.workload = svc.workload;
    setup.router = svc.router;
    setup.decode_router = svc.decode_router;
    setup.batching = svc.batching;
    setup.prefix_caching = svc.prefix_caching;
    setup.beam_width = svc.beam_width;
    setup.reserve_full_length = svc.kv_admission == "reserve-full";
    setup.ttft_slo = svc.slo.ttft.value_or(SimTime::zero());
    setup.tpot_slo = svc.slo.tpot.value_or(SimTime::zero());
    const std::vector<ServiceSpec> pools = pool_deployments(svc);
    for (size_t p = 0; p < pools.size(); ++p) {
      const ServiceSpec& d = pools[p];
      const SystemSpec& system = *loaded.catalog.find_system(d.system);
      const AcceleratorSpec& gpu = *loaded.catalog.find_accelerator(system.accelerator);
      const double cap_w = layout ? accelerator_cap_w(*layout, gpu) : 0.0;
      ServiceDeployment part;
      part.name = svc.name;
      PoolSetup pool;
      pool.name = svc.pools.empty() ? svc.name : svc.pools[p].name;
      if (!svc.pools.empty()) {
        pool.role = svc.pools[p].role == "prefill"  ? PoolRole::kPrefill
                    : svc.pools[p].role == "decode" ? PoolRole::kDecode
                                                    : PoolRole::kBoth;
      }
      pool.replicas = d.replicas;
      pool.max_batch_size = d.max_batch_size;
      pool.max_batch_tokens = d.max_batch_tokens;
      pool.step_model = make_step_model(d, loaded.catalog, part, cap_w);
      const int64_t gpus_per_replica = d.tensor_parallel * d.pipeline_parallel;
      pool.gpus_per_replica = gpus_per_replica;
      pool.engines_per_replica = d.pipeline_parallel;  // one batch in flight per stage
      const KvTransferSpec transfer = svc.kv_transfer.value_or(KvTransferSpec{});
      const perf::LinkCalibration& link = perf::collective_calibration_for(gpu.name).send_recv;
      pool.kv_link_bytes_per_s = transfer.bandwidth ? transfer.bandwidth->base
                                 : gpu.scale_out_bandwidth
                                     ? static_cast<double>(gpus_per_replica) *
                                           gpu.scale_out_bandwidth->base * link.bandwidth_efficiency
                                     : 0.0;
      pool.kv_link_latency = transfer.latency.value_or(SimTime::from_seconds(link.latency_s));
      deployment.gpus += d.replicas * gpus_per_replica;
      if (p == 0) {
        deployment.kv_capacity_tokens = pool.step_model->kv_capacity_tokens();
        deployment.weights_bytes_per_gpu = part.weights_bytes_per_gpu;
      }
      if (!svc.pools.empty()) {
        deployment.pools.push_back(ServiceDeployment::Pool{
            d.replicas * gpus_per_replica, pool.step_model->kv_capacity_tokens(),
            part.weights_bytes_per_gpu, pool.kv_link_bytes_per_s, pool.kv_link_latency.seconds()});
      }
      setup.pools.push_back(std::move(pool));
    }
    result.deployments.push_back(deployment);
    setups.push_back(std::move(setup));
  }
  ServingOptions options;
  options.horizon = sc.duration;
  options.drain_limit = sc.drain_limit;
  options.interval = sc.output.interval;
  options.progress = controls.progress;
  options.step_mode = controls.step_mode;
  if (controls.on_request) {
    options.on_request = [&](uint32_t service, const Sequence& request, SimTime completed) {
      controls.on_request(sc.services[service].name, request, completed);
    };
  }
  result.serving = simulate_serving(setups, RngFactory(static_cast<uint64_t>(sc.seed)), options);
  if (layout) result.site = evaluate_site(loaded, *layout, result.serving);
  return result;
}

}  // namespace aidcsim
