#include "scenario/run.h"

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
    deployment.gpus = svc.replicas * svc.tensor_parallel;
    ServiceSetup setup;
    setup.name = svc.name;
    setup.workload = svc.workload;
    setup.replicas = svc.replicas;
    setup.router = svc.router;
    setup.batching = svc.batching;
    setup.max_batch_size = svc.max_batch_size;
    setup.max_batch_tokens = svc.max_batch_tokens;
    setup.prefix_caching = svc.prefix_caching;
    double cap_w = 0.0;
    if (layout) {
      const SystemSpec& system = *loaded.catalog.find_system(svc.system);
      cap_w = accelerator_cap_w(*layout, *loaded.catalog.find_accelerator(system.accelerator));
    }
    setup.step_model = make_step_model(svc, loaded.catalog, deployment, cap_w);
    setup.gpus_per_replica = svc.tensor_parallel;
    setup.ttft_slo = svc.slo.ttft.value_or(SimTime::zero());
    setup.tpot_slo = svc.slo.tpot.value_or(SimTime::zero());
    deployment.kv_capacity_tokens = setup.step_model->kv_capacity_tokens();
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
