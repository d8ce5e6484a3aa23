#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "core/policy_registry.h"
#include "facility/site_plan.h"
#include "grid/calendar.h"
#include "scenario/run.h"
#include "scenario/scenario.h"
#include "scenario/section_schemas.h"
#include "scenario/site_run.h"
#include "serving/policies.h"

namespace aidcsim {
namespace {

using schema::FieldOptions;
using schema::ObjectSchema;

template <class Registry>
std::function<std::string(const std::string&)> policy_check(const Registry& registry) {
  return [&registry](const std::string& name) -> std::string {
    if (registry.contains(name)) return "";
    const std::string guess = nearest(name, registry.names());
    return fmt::format("unknown {} policy \"{}\"{}; valid: {} (see `aidcsim catalog policies`)",
                       registry.kind(), name,
                       guess.empty() ? "" : fmt::format(" (did you mean \"{}\"?)", guess),
                       join(registry.names()));
  };
}

// What is wrong with a service's expert_parallel, or "" (also "" when the model is unknown:
// that is reported at `model`).
std::string expert_parallel_problem(const ServiceSpec& s, const Catalog& catalog) {
  const ModelSpec* model = catalog.find_model(s.model);
  if (s.expert_parallel == 1 || model == nullptr) return "";
  if (!model->is_moe()) {
    return fmt::format("expert_parallel {} needs a mixture-of-experts model; {} is dense",
                       s.expert_parallel, s.model);
  }
  if (model->experts % s.expert_parallel != 0 || s.tensor_parallel % s.expert_parallel != 0) {
    return fmt::format(
        "expert_parallel {} must divide both tensor_parallel ({}) and the {} experts of {}",
        s.expert_parallel, s.tensor_parallel, model->experts, s.model);
  }
  return "";
}

// What is wrong with one deployment (a service without pools, or one pool's deployment) at
// `key` (tensor_parallel, expert_parallel, pipeline_parallel, dtype or model), or "".
std::string deployment_problem(const ServiceSpec& s, const Catalog& catalog,
                               const std::string& key) {
  const SystemSpec* sys = catalog.find_system(s.system);
  if (key == "tensor_parallel") {
    if (sys == nullptr || s.tensor_parallel <= sys->scale_up_domain) return "";
    return fmt::format("tensor_parallel {} exceeds the {} GPUs of one scale-up domain of {}",
                       s.tensor_parallel, sys->scale_up_domain, s.system);
  }
  if (key == "expert_parallel") return expert_parallel_problem(s, catalog);
  if (key == "pipeline_parallel") {
    const ModelSpec* model = catalog.find_model(s.model);
    if (model == nullptr || s.pipeline_parallel <= model->layers) return "";
    return fmt::format("pipeline_parallel {} exceeds the {} layers of {}", s.pipeline_parallel,
                       model->layers, s.model);
  }
  if (key == "dtype") {
    const AcceleratorSpec* acc = sys ? catalog.find_accelerator(sys->accelerator) : nullptr;
    if (acc == nullptr || acc->peak_dense.of(*parse_dtype(s.dtype))) return "";
    return fmt::format("{} has no {} support in the catalog", acc->display_name, s.dtype);
  }
  // model: whether one replica holds the model, by the performance model's memory estimate
  // (not evaluated when expert_parallel or pipeline_parallel is wrong: those errors are
  // reported at their own keys).
  const ModelSpec* model = catalog.find_model(s.model);
  if (!expert_parallel_problem(s, catalog).empty() || sys == nullptr || model == nullptr ||
      s.pipeline_parallel > model->layers) {
    return "";
  }
  ServiceDeployment unused;
  try {
    make_step_model(s, catalog, unused);
  } catch (const InputError& e) {
    return e.diagnostics().front().message;
  }
  return "";
}

// What is wrong with a service's pools, or "": names, roles, and each pool's deployment.
std::string pools_problem(const ServiceSpec& s, const Catalog& catalog) {
  if (s.pools.empty()) return "";
  std::set<std::string> names;
  bool both = false, prefill = false, decode = false;
  for (const PoolSpec& p : s.pools) {
    if (!names.insert(p.name).second) {
      return fmt::format("pool name \"{}\" is used twice in service {}", p.name, s.name);
    }
    both = both || p.role == "both";
    prefill = prefill || p.role == "prefill";
    decode = decode || p.role == "decode";
  }
  if (both && (prefill || decode)) {
    return "a service's pools are either all of role both, or prefill and decode pools "
           "(disaggregation); split the service in two";
  }
  if (prefill != decode) {
    return fmt::format("a disaggregated service needs a {} pool too (role: {})",
                       prefill ? "decode" : "prefill", prefill ? "decode" : "prefill");
  }
  const std::vector<ServiceSpec> deployments = pool_deployments(s);
  for (size_t i = 0; i < deployments.size(); ++i) {
    const ServiceSpec& d = deployments[i];
    if (prefill && (d.model != deployments[0].model || d.kv_dtype != deployments[0].kv_dtype)) {
      return fmt::format(
          "pool {} serves {} with a {} KV cache, pool {} {} with {}: the KV "
          "cache of a prefill pool must suit its decode pools (same model and "
          "kv_dtype)",
          s.pools[0].name, deployments[0].model, deployments[0].kv_dtype, s.pools[i].name, d.model,
          d.kv_dtype);
    }
    for (const char* key :
         {"tensor_parallel", "expert_parallel", "pipeline_parallel", "dtype", "model"}) {
      const std::string problem = deployment_problem(d, catalog, key);
      if (!problem.empty()) {
        return fmt::format("pool {} ({}): {}: {}", s.pools[i].name, i, key, problem);
      }
    }
    if (prefill && !s.kv_transfer.value_or(KvTransferSpec{}).bandwidth) {
      const SystemSpec* sys = catalog.find_system(d.system);
      const AcceleratorSpec* acc = sys ? catalog.find_accelerator(sys->accelerator) : nullptr;
      if (acc != nullptr && !acc->scale_out_bandwidth) {
        return fmt::format(
            "pool {}: the catalog gives {} no scale-out bandwidth to send KV "
            "caches over; set kv_transfer: {{bandwidth: ...}}",
            s.pools[i].name, acc->display_name);
      }
    }
  }
  return "";
}

std::shared_ptr<const ObjectSchema<Scenario>> make_scenario_schema(const Catalog& catalog,
                                                                   const grid::GridCatalog& grid) {
  auto slo = std::make_shared<ObjectSchema<SloSpec>>("service-level objectives");
  slo->field("ttft", &SloSpec::ttft, "time-to-first-token target of each request")
      .field("tpot", &SloSpec::tpot, "time-per-output-token target of each request");

  // The deployment keys a service and its pools share: the same help and ranges; a service
  // gives defaults, a pool none (absent: the service's value).
  const FieldOptions model_names = {
      .name_check = [&catalog](const std::string& n) { return catalog.check_model(n); }};
  const FieldOptions system_names = {
      .name_check = [&catalog](const std::string& n) { return catalog.check_system(n); }};
  const FieldOptions replicas_range = {.min = 1, .max = 1'000'000};
  const FieldOptions parallel_range = {.min = 1, .max = 72};
  const FieldOptions dtypes = {.choices = dtype_names()};
  const FieldOptions memory_share = {.min = 0.0, .max = 1.0, .min_exclusive = true};
  const FieldOptions batch_size_range = {.min = 1, .max = 65536};
  const FieldOptions batch_tokens_range = {.min = 1, .max = 10'000'000};
  const auto defaulted = [](FieldOptions options, std::string text) {
    options.default_text = std::move(text);
    return options;
  };
  const std::string model_help = "catalog model served";
  const std::string system_help = "catalog system hosting the replicas";
  const std::string tensor_help = "GPUs per replica (tensor parallel)";
  const std::string pipeline_help =
      "pipeline stages per replica, each of tensor_parallel GPUs holding a contiguous share of "
      "the layers (a replica uses tensor_parallel x pipeline_parallel GPUs); a replica keeps "
      "one batch per stage in flight (vLLM's virtual engines): each is scheduled alone with "
      "1/pipeline_parallel of the replica's KV cache (and the batch limits), and its steps take "
      "every stage in turn plus the activation transfers between them";
  const std::string expert_help =
      "mixture-of-experts models: GPUs of the tensor_parallel group the experts are split over "
      "(the rest split each expert's FFN); divides tensor_parallel and the model's experts";
  const std::string dtype_help = "number format of weights and activations";
  const std::string kv_dtype_help = "number format of the KV cache";
  const std::string memory_help = "share of device memory for weights and KV cache";
  const std::string batch_size_help = "running requests per replica";
  const std::string batch_tokens_help =
      "tokens one step may process: prompt tokens, and one per decoding request and beam (so "
      "at most max_batch_tokens / beam_width requests run at once, as in TensorRT-LLM and "
      "vLLM V1)";
  const std::string profile_help =
      "measured operator profile in Vidur's mlp.csv layout (path relative to this file): its "
      "medians replace the model's op times where it covers the layer shape, tensor_parallel "
      "and token count";
  const std::string inherited = " (absent: the service's)";

  auto pool = std::make_shared<ObjectSchema<PoolSpec>>("a pool of replicas of a service");
  pool->field("name", &PoolSpec::name, "pool name, unique in the service")
      .field("role", &PoolSpec::role,
             "both: prefills and decodes; prefill / decode: a disaggregated service's prefill "
             "and decode pools (a service has both kinds or neither)",
             {.default_text = "both", .choices = {"both", "prefill", "decode"}})
      .field("model", &PoolSpec::model, model_help + inherited, model_names)
      .field("system", &PoolSpec::system, system_help + inherited, system_names)
      .field("replicas", &PoolSpec::replicas, "replicas in the pool" + inherited, replicas_range)
      .field("tensor_parallel", &PoolSpec::tensor_parallel, tensor_help + inherited, parallel_range)
      .field("expert_parallel", &PoolSpec::expert_parallel, expert_help + inherited, parallel_range)
      .field("pipeline_parallel", &PoolSpec::pipeline_parallel, pipeline_help + inherited,
             parallel_range)
      .field("dtype", &PoolSpec::dtype, dtype_help + inherited, dtypes)
      .field("kv_dtype", &PoolSpec::kv_dtype, kv_dtype_help + inherited, dtypes)
      .field("memory_utilization", &PoolSpec::memory_utilization, memory_help + inherited,
             memory_share)
      .field("max_batch_size", &PoolSpec::max_batch_size, batch_size_help + inherited,
             batch_size_range)
      .field("max_batch_tokens", &PoolSpec::max_batch_tokens, batch_tokens_help + inherited,
             batch_tokens_range)
      .field("profile", &PoolSpec::profile, profile_help + inherited);

  auto kv_transfer = std::make_shared<ObjectSchema<KvTransferSpec>>("KV-cache transfers");
  kv_transfer
      ->field("bandwidth", &KvTransferSpec::bandwidth,
              "rate of one replica's transfers, all its GPUs' links together (absent: GPUs x "
              "the accelerator's scale-out bandwidth x the fitted send/recv efficiency; the "
              "slower end of each transfer applies)",
              {.min = 0.0, .min_exclusive = true})
      .field("latency", &KvTransferSpec::latency,
             "fixed cost of each transfer (absent: the fitted send/recv latency of the "
             "accelerators)");

  auto service = std::make_shared<ObjectSchema<ServiceSpec>>("an inference service");
  service->field("name", &ServiceSpec::name, "service name, unique in the scenario")
      .field("model", &ServiceSpec::model, model_help, model_names)
      .field("system", &ServiceSpec::system, system_help, system_names)
      .field("replicas", &ServiceSpec::replicas, "model replicas serving the service",
             defaulted(replicas_range, "1"))
      .field("tensor_parallel", &ServiceSpec::tensor_parallel, tensor_help,
             defaulted(parallel_range, "1"))
      .field("expert_parallel", &ServiceSpec::expert_parallel, expert_help,
             defaulted(parallel_range, "1"))
      .field("pipeline_parallel", &ServiceSpec::pipeline_parallel, pipeline_help,
             defaulted(parallel_range, "1"))
      .field("dtype", &ServiceSpec::dtype, dtype_help, defaulted(dtypes, "bf16"))
      .field("kv_dtype", &ServiceSpec::kv_dtype, kv_dtype_help, defaulted(dtypes, "bf16"))
      .field("memory_utilization", &ServiceSpec::memory_utilization, memory_help,
             defaulted(memory_share, "0.9"))
      .field("batching", &ServiceSpec::batching, "batching policy",
             {.default_text = "continuous", .name_check = policy_check(batching_registry())})
      .field("router", &ServiceSpec::router, "router policy",
             {.default_text = "round-robin", .name_check = policy_check(router_registry())})
      .field("max_batch_size", &ServiceSpec::max_batch_size, batch_size_help,
             defaulted(batch_size_range, "256"))
      .field("max_batch_tokens", &ServiceSpec::max_batch_tokens, batch_tokens_help,
             defaulted(batch_tokens_range, "8192"))
      .field("prefix_caching", &ServiceSpec::prefix_caching,
             "keep the KV blocks of prompts in a per-replica cache and reuse them for requests "
             "whose leading prefix blocks match (the workload's hash ids, e.g. Mooncake traces)",
             {.default_text = "false"})
      .field("beam_width", &ServiceSpec::beam_width,
             "beam search: sequences decoded per request (MLPerf GPT-J: 4); the prompt is "
             "prefilled once and its KV shared, every decode step runs all beams, each "
             "attending to the whole context; each beam stores its own generated tokens' KV",
             {.default_text = "1", .min = 1, .max = 16})
      .field("kv_admission", &ServiceSpec::kv_admission,
             "when KV blocks are taken: on-demand (as tokens are stored; when a decode step "
             "finds none free, the latest admitted request is preempted and recomputed later, "
             "as vLLM does) or reserve-full (a request is admitted only when its whole prompt + "
             "output length fits beside the reservations of those running, so none is ever "
             "preempted: TensorRT-LLM's default GUARANTEED_NO_EVICT scheduler)",
             {.default_text = "on-demand", .choices = {"on-demand", "reserve-full"}})
      .field("step_overhead", &ServiceSpec::step_overhead,
             "serving-engine time added to every step outside the GPU kernels (scheduling, "
             "input preparation, sampling): the default is as measured for vLLM's scheduler; "
             "engines that overlap this CPU work with the GPU's (vLLM's multi-step and V1 "
             "scheduling, TensorRT-LLM's overlap scheduler) hide it: see overlap_scheduling",
             {.default_text = fmt::format("{} ms", perf::kDefaultStepOverheadS * 1e3), .max = 1.0})
      .field("step_overhead_per_sequence", &ServiceSpec::step_overhead_per_sequence,
             "serving-engine time added to a step per sequence in its batch (each beam of a beam "
             "search counts), on top of step_overhead: host work that grows with the batch "
             "(bookkeeping of each running request, sampling, detokenization, responses); vLLM "
             "0.5's scheduler was measured at ~35 us per running request (data/SOURCES.md "
             "perf-step-overhead-per-sequence); overlapped like step_overhead under "
             "overlap_scheduling",
             {.default_text = "0 ms", .max = 0.01})
      .field("overlap_scheduling", &ServiceSpec::overlap_scheduling,
             "the engine prepares each step on the CPU while the GPU runs the previous one "
             "(TensorRT-LLM's overlap scheduler, on by default in its PyTorch backend; SGLang's "
             "zero-overhead scheduler): a step takes the longer of its kernels and "
             "step_overhead instead of their sum",
             {.default_text = "false"})
      .field("profile", &ServiceSpec::profile, profile_help, {.default_text = "\"\""})
      .object("workload", &ServiceSpec::workload, workload_schema(), "request stream")
      .object("slo", &ServiceSpec::slo, slo,
              "latency targets (goodput counts requests meeting all)")
      .list("pools", &ServiceSpec::pools, pool,
            "replica pools (absent: one pool made of the keys above); each pool takes the "
            "service's value of every key it does not set")
      .field("decode_router", &ServiceSpec::decode_router,
             "prefill/decode disaggregation: router choosing the decode replica of each "
             "prefilled request",
             {.default_text = "round-robin", .name_check = policy_check(router_registry())})
      .optional_object("kv_transfer", &ServiceSpec::kv_transfer, kv_transfer,
                       "prefill/decode disaggregation: how a prefilled request's KV cache "
                       "reaches its decode replica (absent: the GPUs' scale-out links)");
  for (const char* key :
       {"tensor_parallel", "expert_parallel", "pipeline_parallel", "dtype", "model"}) {
    // With pools, these are checked per pool (the service's values may be defaults only).
    service->check(key, [&catalog, key = std::string(key)](const ServiceSpec& s) {
      if (!s.pools.empty()) return std::string();
      return deployment_problem(s, catalog, key);
    });
  }
  service->check("prefix_caching", [](const ServiceSpec& s) -> std::string {
    // Only traces carry prefix block ids; caching anything else would silently find nothing.
    const TraceSpec& t = s.workload.trace;
    if (!s.prefix_caching ||
        (s.workload.arrival == "trace" && (t.format == "mooncake" || t.format == "auto")))
      return "";
    return "prefix_caching needs requests that carry prefix block ids: a mooncake trace "
           "(workload arrival: trace, trace format: mooncake)";
  });
  service->check("pools", [&catalog](const ServiceSpec& s) { return pools_problem(s, catalog); });
  service->check("beam_width", [](const ServiceSpec& s) -> std::string {
    if (s.beam_width == 1 || !s.prefix_caching) return "";
    return "beam search with prefix caching is not modelled; set beam_width: 1 or "
           "prefix_caching: false";
  });
  service->check("kv_transfer", [](const ServiceSpec& s) -> std::string {
    if (!s.kv_transfer || is_disaggregated(s)) return "";
    return "kv_transfer applies to services with prefill and decode pools (pools: ... role: "
           "prefill / role: decode); remove it or split the service's pools";
  });

  auto other_load = std::make_shared<ObjectSchema<OtherLoadSpec>>("systems of other tenants");
  other_load->field("name", &OtherLoadSpec::name, "label of the load (e.g. training)")
      .field("system", &OtherLoadSpec::system, "catalog system",
             {.name_check = [&catalog](const std::string& n) { return catalog.check_system(n); }})
      .field("systems", &OtherLoadSpec::systems, "systems installed", {.min = 0, .max = 10'000'000})
      .field("utilisation", &OtherLoadSpec::utilisation,
             "steady accelerator load: each draws idle + utilisation x (TDP - idle)",
             {.min = 0.0, .max = 1.0});
  auto site = std::make_shared<ObjectSchema<ScenarioSite>>("the site hosting the services");
  add_site_location_fields(*site, catalog, grid);
  site->field("phase", &ScenarioSite::phase,
              "site phase whose grid connection applies (absent: the first)",
              {.default_text = "\"\""})
      .field("start", &ScenarioSite::start,
             "UTC date and time of simulated time 0 (YYYY-MM-DDTHH:MM[:SS][Z|+HH:MM]): picks the "
             "hours of weather, carbon intensity and price",
             {.default_text = "2023-07-01T00:00Z"})
      .list("other_loads", &ScenarioSite::other_loads, other_load,
            "systems of other tenants at a steady load (power and cost, no requests)");

  auto output = std::make_shared<ObjectSchema<OutputSpec>>("what the run writes");
  output->field("interval", &OutputSpec::interval, "time-series resolution (timeseries.csv)",
                {.default_text = "1 min", .min = 1e-3, .min_exclusive = false});

  auto root = std::make_shared<ObjectSchema<Scenario>>("a scenario");
  root->field("name", &Scenario::name, "short name of the scenario", {.default_text = "scenario"})
      .field("description", &Scenario::description, "what the scenario is about",
             {.default_text = "\"\""})
      .field("seed", &Scenario::seed, "master seed of every random stream",
             {.default_text = "1", .min = 0})
      .field("duration", &Scenario::duration, "simulated time during which requests arrive",
             {.default_text = "10 min", .min = 1e-3, .max = 366.0 * 86400})
      .field("drain_limit", &Scenario::drain_limit,
             "time after `duration` for requests in flight to finish",
             {.default_text = "10 min", .max = 366.0 * 86400})
      .field("catalog", &Scenario::catalog,
             "extra catalog files (paths relative to this file) adding or replacing entries",
             {.default_text = "[]"})
      .list("services", &Scenario::services, service, "inference services", 1)
      .optional_object("site", &Scenario::site, site,
                       "the site hosting the services: power, cooling, PUE, carbon, costs "
                       "(absent: serving results only)")
      .object("output", &Scenario::output, output, "output options")
      .check("services", [](const Scenario& s) -> std::string {
        std::set<std::string> names;
        for (const ServiceSpec& svc : s.services) {
          if (!names.insert(svc.name).second) {
            return fmt::format("service name \"{}\" is used twice", svc.name);
          }
        }
        return "";
      });
  return root;
}

// The site block's checks across keys and against the catalog: the phase, the start instant,
// every system (services' and other loads') compatible with the site's racks and cooling.
ResolvedSite resolve_scenario_site(const LoadedScenario& loaded, const YAML::Node& root,
                                   const schema::Context& ctx) {
  const YAML::Node node = root["site"];
  const ScenarioSite& site = *loaded.scenario.site;
  const Catalog& cat = loaded.catalog;
  ResolvedSite r;
  r.spec = resolve_site_location(site, cat, node, "site.", ctx, r.climate_path);
  std::vector<std::string> phases;
  for (const SitePhaseSpec& p : r.spec.phases) phases.push_back(p.name);
  if (!site.phase.empty()) {
    const auto it = std::find(phases.begin(), phases.end(), site.phase);
    if (it == phases.end()) {
      const std::string guess = nearest(site.phase, phases);
      ctx.error(node["phase"], "site.phase",
                fmt::format("site {} has no phase \"{}\"{}; valid: {}", r.spec.name, site.phase,
                            guess.empty() ? "" : fmt::format(" (did you mean \"{}\"?)", guess),
                            join(phases)));
    } else {
      r.phase_index = static_cast<size_t>(it - phases.begin());
    }
  }
  if (const auto start = grid::parse_utc_timestamp(site.start)) {
    r.start_unix_s = *start;
  } else {
    ctx.error(node["start"] ? node["start"] : node, "site.start",
              fmt::format("\"{}\" is not a UTC date and time; expected YYYY-MM-DDTHH:MM[:SS] "
                          "with an optional Z or +HH:MM (e.g. 2023-07-01T00:00Z)",
                          site.start));
  }
  const auto check_system = [&](const std::string& name, const YAML::Node& at,
                                const std::string& path) {
    const std::string problem = facility::system_compatibility(cat, r.spec, *cat.find_system(name));
    if (!problem.empty()) ctx.error(at, path, problem);
  };
  for (size_t i = 0; i < site.other_loads.size(); ++i) {
    check_system(site.other_loads[i].system, node["other_loads"][i]["system"],
                 fmt::format("site.other_loads[{}].system", i));
  }
  for (size_t i = 0; i < loaded.scenario.services.size(); ++i) {
    const ServiceSpec& svc = loaded.scenario.services[i];
    if (svc.pools.empty()) {
      check_system(svc.system, root["services"][i]["system"],
                   fmt::format("services[{}].system", i));
    }
    for (size_t k = 0; k < svc.pools.size(); ++k) {
      const YAML::Node pool = root["services"][i]["pools"][k];
      check_system(svc.pools[k].system.value_or(svc.system),
                   pool["system"] ? pool["system"] : root["services"][i]["system"],
                   fmt::format("services[{}].pools[{}].system", i, k));
    }
  }
  return r;
}

}  // namespace

std::vector<ServiceSpec> pool_deployments(const ServiceSpec& service) {
  if (service.pools.empty()) return {service};
  std::vector<ServiceSpec> out;
  for (const PoolSpec& p : service.pools) {
    ServiceSpec d = service;
    d.pools.clear();
    d.model = p.model.value_or(service.model);
    d.system = p.system.value_or(service.system);
    d.dtype = p.dtype.value_or(service.dtype);
    d.kv_dtype = p.kv_dtype.value_or(service.kv_dtype);
    d.profile = p.profile.value_or(service.profile);
    d.replicas = p.replicas.value_or(service.replicas);
    d.tensor_parallel = p.tensor_parallel.value_or(service.tensor_parallel);
    d.expert_parallel = p.expert_parallel.value_or(service.expert_parallel);
    d.pipeline_parallel = p.pipeline_parallel.value_or(service.pipeline_parallel);
    d.max_batch_size = p.max_batch_size.value_or(service.max_batch_size);
    d.max_batch_tokens = p.max_batch_tokens.value_or(service.max_batch_tokens);
    d.memory_utilization = p.memory_utilization.value_or(service.memory_utilization);
    out.push_back(std::move(d));
  }
  return out;
}

bool is_disaggregated(const ServiceSpec& service) {
  return std::any_of(service.pools.begin(), service.pools.end(),
                     [](const PoolSpec& p) { return p.role != "both"; });
}

LoadedScenario load_scenario(const std::string& text, const std::string& file, Catalog catalog) {
  const YAML::Node root = schema::load_document(text, file);
  // The scenario's own catalog files come first, so that its names can be checked.
  if (root.IsMap() && root["catalog"] && root["catalog"].IsSequence()) {
    const std::filesystem::path base = std::filesystem::path(file).parent_path();
    size_t index = 0;
    for (const YAML::Node& entry : root["catalog"]) {
      const std::string key_path = fmt::format("catalog[{}]", index++);
      if (!entry.IsScalar()) continue;  // reported by the schema below
      const std::string path = (base / entry.Scalar()).string();
      std::string catalog_text;
      try {
        catalog_text = schema::read_input_file(path);
      } catch (const InputError& e) {
        // Located at the scenario line that names the file.
        Diagnostics d;
        schema::Context{file, &d}.error(entry, key_path,
                                        fmt::format("{}: {}", path, e.diagnostics()[0].message));
        d.throw_if_any();
      }
      catalog.add_file(catalog_text, path);
    }
  }
  Diagnostics diagnostics;
  schema::Context ctx{file, &diagnostics};
  LoadedScenario loaded{Scenario{}, std::move(catalog), file, ""};
  const grid::GridCatalog grid = grid::GridCatalog::built_in();
  const auto scenario_schema = make_scenario_schema(loaded.catalog, grid);
  scenario_schema->parse_into(root, loaded.scenario, "", ctx);
  diagnostics.throw_if_any();
  for (size_t i = 0; i < loaded.scenario.services.size(); ++i) {
    check_workload_files(loaded.scenario.services[i].workload, root["services"][i]["workload"],
                         fmt::format("services[{}].workload", i), ctx);
  }
  diagnostics.throw_if_any();
  if (loaded.scenario.site) {
    loaded.site = resolve_scenario_site(loaded, root, ctx);
    diagnostics.throw_if_any();
    try {
      plan_site_layout(loaded);  // refuses a layout over the grid connection even when idle
    } catch (const InputError& e) {
      const YAML::Node site = root["site"];
      ctx.error(site["other_loads"] ? site["other_loads"] : site, "site",
                e.diagnostics().front().message);
    }
  }
  diagnostics.throw_if_any();
  YAML::Emitter out;
  scenario_schema->emit_value(loaded.scenario, out);
  loaded.resolved_yaml = std::string(out.c_str()) + "\n";
  return loaded;
}

std::string explain_scenario_keys() {
  const Catalog catalog = Catalog::built_in();
  std::string out =
      "Scenario file keys. Quantities are strings with units (\"40 MW\", \"150 ms\", \"5 "
      "/s\").\n\n";
  const grid::GridCatalog grid = grid::GridCatalog::built_in();
  make_scenario_schema(catalog, grid)->explain(out, "");
  return out;
}

}  // namespace aidcsim
