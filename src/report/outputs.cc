#include "report/outputs.h"

#include <fmt/format.h>

#include <charconv>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/rng.h"
#include "economics/costs.h"

namespace aidcsim {
namespace {

using Json = nlohmann::ordered_json;

// Count, mean, p50/p90/p99, max; with `with_cdf`, the quantile function at q = 0.01 ... 0.99
// and 0.999 as [value, q] pairs (the report draws CDFs from them).
Json distribution(const QuantileSketch& s, bool with_cdf = false) {
  Json j;
  j["count"] = s.count();
  j["mean"] = canonical(s.mean());
  j["p50"] = canonical(s.quantile(0.50));
  j["p90"] = canonical(s.quantile(0.90));
  j["p99"] = canonical(s.quantile(0.99));
  j["max"] = canonical(s.max());
  if (with_cdf && s.count() > 0) {
    Json cdf = Json::array();
    for (int k = 1; k <= 99; ++k) {
      const double q = k / 100.0;
      cdf.push_back({canonical(s.quantile(q)), q});
    }
    cdf.push_back({canonical(s.quantile(0.999)), 0.999});
    j["cdf"] = std::move(cdf);
  }
  return j;
}

constexpr double kJoulesPerKwh = 3.6e6;

// Per million tokens: `amount` spread over `tokens`; null without tokens.
Json per_mtok(double amount, double tokens) {
  return tokens > 0.0 ? Json(canonical(amount / tokens * 1e6)) : Json(nullptr);
}

// The service's € and gCO2e per million input and output tokens: its share of the site's
// energy cost and emissions plus its systems' fixed costs, split between prompt (input) and
// generated (output) tokens by the share of its busy GPU time spent in prefill steps.
Json service_cost(const LoadedScenario& loaded, size_t index, const ServiceResult& r,
                  const ServiceSiteShare& share) {
  Json j;
  const double prefill = r.busy_replica_ns > 0 ? static_cast<double>(r.prefill_busy_ns) /
                                                     static_cast<double>(r.busy_replica_ns)
                                               : 0.0;
  const auto input = static_cast<double>(r.input_tokens);
  const auto output = static_cast<double>(r.output_tokens);
  j["prefill_share_of_busy_time"] = canonical(prefill);
  j["energy_cost_eur"] = canonical(share.energy_cost_eur);
  if (share.fixed_cost_eur) {
    const double total = *share.fixed_cost_eur + share.energy_cost_eur;
    j["fixed_cost_eur"] = canonical(*share.fixed_cost_eur);
    j["eur_per_mtok_input"] = per_mtok(total * prefill, input);
    j["eur_per_mtok_output"] = per_mtok(total * (1.0 - prefill), output);
  } else {
    j["fixed_cost_eur"] = nullptr;  // no catalogued price for the system
  }
  j["gco2e_per_mtok_input"] = per_mtok(share.emissions_g * prefill, input);
  j["gco2e_per_mtok_output"] = per_mtok(share.emissions_g * (1.0 - prefill), output);
  const ServiceSpec& spec = loaded.scenario.services[index];
  const auto prices = loaded.catalog.api_prices_for(spec.model);
  if (!prices.empty()) {
    const std::string& cost_model =
        loaded.scenario.site ? loaded.scenario.site->cost_model : std::string("default");
    const economics::ApiPriceEur list =
        economics::api_price_eur(*prices.front(), *loaded.catalog.find_cost_model(cost_model));
    j["list_price"] = {{"api_model", prices.front()->name},
                       {"eur_per_mtok_input", canonical(list.input_eur_per_mtok)},
                       {"eur_per_mtok_output", canonical(list.output_eur_per_mtok)}};
  }
  return j;
}

Json site_block(const LoadedScenario& loaded, const SiteRunResult& site) {
  const ScenarioSite& block = *loaded.scenario.site;
  const SiteSpec& spec = loaded.site->spec;
  Json j;
  j["site"] = spec.name;
  j["phase"] = spec.phases[loaded.site->phase_index].name;
  j["climate"] = block.climate;
  j["grid_zone"] = block.grid_zone;
  j["carbon_accounting"] = block.carbon_accounting;
  j["cooling"] = spec.cooling_design;
  j["electrical"] = spec.electrical_chain;
  j["start"] = block.start;
  j["accounted_s"] = canonical(site.seconds);
  int64_t systems = 0, gpus = 0;
  Json loads = Json::array();
  for (const SiteLoad& l : site.layout.loads) {
    systems += l.systems;
    gpus += l.systems * l.system->accelerators_per_system;
    loads.push_back({{"name", l.name},
                     {"kind", l.is_service ? "service" : "other"},
                     {"system", l.system->name},
                     {"systems", l.systems},
                     {"accelerators", l.systems * l.system->accelerators_per_system}});
  }
  j["systems"] = systems;
  j["gpus"] = gpus;
  j["loads"] = std::move(loads);
  j["grid_capacity_mw"] = canonical(site.layout.grid_capacity_w / 1e6);
  j["design_outdoor_c"] = canonical(site.layout.design_outdoor_c);
  j["design_it_mw"] = canonical(site.layout.design_it_w / 1e6);
  j["design_facility_mw"] = canonical(site.layout.design_facility_w / 1e6);
  if (site.layout.power_cap_fraction < 1.0) {
    j["power_cap_fraction_of_tdp"] = canonical(site.layout.power_cap_fraction);
    j["uncapped_design_facility_mw"] = canonical(site.layout.uncapped_design_facility_w / 1e6);
  }
  j["it_energy_mwh"] = canonical(site.it_energy_j / kJoulesPerKwh / 1e3);
  j["electrical_loss_mwh"] = canonical(site.electrical_loss_j / kJoulesPerKwh / 1e3);
  j["cooling_mwh"] = canonical(site.cooling_j / kJoulesPerKwh / 1e3);
  j["facility_energy_mwh"] = canonical(site.facility_energy_j / kJoulesPerKwh / 1e3);
  j["peak_it_mw"] = canonical(site.peak_it_w / 1e6);
  j["peak_facility_mw"] = canonical(site.peak_facility_w / 1e6);
  j["mean_pue"] = canonical(site.mean_pue());
  j["emissions_tco2e"] = canonical(site.emissions_g / 1e6);
  j["energy_cost_eur"] = canonical(site.energy_cost_eur);
  j["water_m3"] = canonical(site.water_l / 1e3);
  j["wue_l_per_kwh"] = canonical(site.wue_l_per_kwh());
  j["price_source"] = site.price_source;
  if (site.cost_breakdown_eur) {
    const economics::AnnualCost& c = *site.cost_breakdown_eur;
    j["cost_breakdown_eur"] = {{"systems", canonical(c.systems_eur)},
                               {"facility", canonical(c.facility_eur)},
                               {"energy", canonical(c.energy_eur)},
                               {"other_opex", canonical(c.other_opex_eur)},
                               {"total", canonical(c.total_eur())}};
  } else {
    j["cost_breakdown_eur"] = nullptr;
  }
  return j;
}

double per_second(double count, SimTime over) {
  return over > SimTime::zero() ? count / over.seconds() : 0.0;
}

void write_atomically_staged(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) {
    throw InputError(SourceLocation{path.string(), 0, 0}, "cannot write the output file");
  }
}

}  // namespace

double canonical(double value) {
  if (!std::isfinite(value)) return 0.0;
  char buffer[64];
  const auto text = fmt::format_to_n(buffer, sizeof buffer - 1, "{:.9g}", value);
  double rounded = 0.0;
  std::from_chars(buffer, text.out, rounded);
  return rounded == 0.0 ? 0.0 : rounded;  // no "-0"
}

// The pools of a service that lists them: each one's deployment and what it did.
Json pools_json(const ServiceSpec& spec, const std::vector<ServiceSpec>& pools,
                const ServiceDeployment& d, const ServiceResult& r, SimTime end) {
  Json out = Json::array();
  for (size_t p = 0; p < pools.size(); ++p) {
    const ServiceSpec& pool = pools[p];
    const ServiceDeployment::Pool& dep = d.pools[p];
    const ServiceResult::Pool& res = r.pools[p];
    Json j;
    j["name"] = spec.pools[p].name;
    j["role"] = spec.pools[p].role;
    j["model"] = pool.model;
    j["system"] = pool.system;
    j["replicas"] = pool.replicas;
    j["tensor_parallel"] = pool.tensor_parallel;
    j["pipeline_parallel"] = pool.pipeline_parallel;
    j["gpus"] = dep.gpus;
    j["kv_capacity_tokens_per_replica"] = dep.kv_capacity_tokens;
    j["weights_gb_per_gpu"] = canonical(dep.weights_bytes_per_gpu / 1e9);
    if (is_disaggregated(spec)) {
      j["kv_link_gb_per_s"] = canonical(dep.kv_link_bytes_per_s / 1e9);
      j["kv_link_latency_s"] = canonical(dep.kv_link_latency_s);
    }
    j["replica_busy_fraction"] = canonical(res.busy_fraction(end));
    j["gpu_energy_kwh"] = canonical(res.gpu_energy_j / kJoulesPerKwh);
    j["completed"] = res.completed;
    j["output_tokens"] = res.output_tokens;
    out.push_back(std::move(j));
  }
  return out;
}

std::string summary_json(const LoadedScenario& loaded, const RunResult& result) {
  const Scenario& sc = loaded.scenario;
  const SimTime horizon = result.serving.horizon;
  Json root;
  root["scenario"] = {
      {"name", sc.name}, {"seed", sc.seed}, {"duration_s", canonical(horizon.seconds())}};
  root["simulated_end_s"] = canonical(result.serving.end_time.seconds());
  Json services = Json::array();
  for (size_t i = 0; i < sc.services.size(); ++i) {
    const ServiceSpec& spec = sc.services[i];
    const ServiceResult& r = result.serving.services[i];
    const ServiceDeployment& d = result.deployments[i];
    Json s;
    s["name"] = spec.name;
    s["model"] = spec.model;
    s["system"] = spec.system;
    const std::vector<ServiceSpec> pools = pool_deployments(spec);
    int64_t replicas = 0, engines = 0;
    for (const ServiceSpec& p : pools) {
      replicas += p.replicas;
      // A replica runs one batch per pipeline stage (PoolSetup::engines_per_replica).
      engines += p.replicas * p.pipeline_parallel;
    }
    s["replicas"] = replicas;
    s["tensor_parallel"] = spec.tensor_parallel;
    s["pipeline_parallel"] = spec.pipeline_parallel;
    s["gpus"] = d.gpus;
    s["kv_capacity_tokens_per_replica"] = d.kv_capacity_tokens;
    s["weights_gb_per_gpu"] = canonical(d.weights_bytes_per_gpu / 1e9);
    s["requests"] = {{"arrived", r.arrived},
                     {"completed", r.completed},
                     {"unfinished", r.unfinished},
                     {"rejected_too_long", r.rejected}};
    const SimTime span = r.served_span(horizon);
    s["throughput"] = {
        {"span_s", canonical(span.seconds())},
        {"requests_per_s", canonical(per_second(static_cast<double>(r.completed), span))},
        {"input_tokens_per_s", canonical(per_second(static_cast<double>(r.input_tokens), span))},
        {"output_tokens_per_s", canonical(per_second(static_cast<double>(r.output_tokens), span))}};
    s["slo_attainment"] = canonical(
        r.completed > 0 ? static_cast<double>(r.met_slo) / static_cast<double>(r.arrived) : 0.0);
    s["goodput_requests_per_s"] = canonical(per_second(static_cast<double>(r.met_slo), span));
    if (spec.slo.ttft || spec.slo.tpot) {
      Json slo;
      if (spec.slo.ttft) slo["ttft_s"] = canonical(spec.slo.ttft->seconds());
      if (spec.slo.tpot) slo["tpot_s"] = canonical(spec.slo.tpot->seconds());
      s["slo"] = std::move(slo);
    }
    s["ttft_s"] = distribution(r.ttft_s, true);
    s["tpot_s"] = distribution(r.tpot_s, true);
    s["e2e_s"] = distribution(r.e2e_s, true);
    s["queueing_s"] = distribution(r.queueing_s, true);
    s["batch_size"] = distribution(r.batch_size);
    s["kv_occupancy"] = distribution(r.kv_occupancy);
    if (spec.prefix_caching) {  // prompt tokens looked up at admissions and found cached
      s["prefix_cache"] = {
          {"queried_tokens", r.prefix_query_tokens},
          {"hit_tokens", r.prefix_hit_tokens},
          {"hit_rate",
           canonical(r.prefix_query_tokens > 0 ? static_cast<double>(r.prefix_hit_tokens) /
                                                     static_cast<double>(r.prefix_query_tokens)
                                               : 0.0)}};
    }
    if (spec.workload.trace.skip_bad_rows) s["requests"]["skipped_trace_rows"] = r.skipped_rows;
    s["energy"] = {{"gpu_energy_kwh", canonical(r.gpu_energy_j / kJoulesPerKwh)},
                   {"gpu_j_per_output_token",
                    r.output_tokens > 0
                        ? Json(canonical(r.gpu_energy_j / static_cast<double>(r.output_tokens)))
                        : Json(nullptr)}};
    if (result.site) {
      const ServiceSiteShare& share = result.site->services[i];
      s["energy"]["facility_energy_kwh"] = canonical(share.facility_energy_j / kJoulesPerKwh);
      s["energy"]["facility_j_per_output_token"] =
          r.output_tokens > 0
              ? Json(canonical(share.facility_energy_j / static_cast<double>(r.output_tokens)))
              : Json(nullptr);
      s["cost"] = service_cost(loaded, i, r, share);
    }
    if (!spec.pools.empty()) s["pools"] = pools_json(spec, pools, d, r, result.serving.end_time);
    if (is_disaggregated(spec)) {
      s["kv_transfer"] = {{"transfers", r.kv_transfers},
                          {"gb", canonical(r.kv_transfer_bytes / 1e9)},
                          {"seconds", distribution(r.kv_transfer_s)},
                          {"handoff_seconds", distribution(r.kv_handoff_s)}};
    }
    s["steps"] = r.steps;
    const double replica_seconds = static_cast<double>(engines) * result.serving.end_time.seconds();
    s["replica_busy_fraction"] = canonical(
        replica_seconds > 0 ? SimTime::from_ns(r.busy_replica_ns).seconds() / replica_seconds
                            : 0.0);
    services.push_back(std::move(s));
  }
  root["services"] = std::move(services);
  if (result.site) root["site"] = site_block(loaded, *result.site);
  return root.dump(2) + "\n";
}

std::string runinfo_json(const LoadedScenario& loaded, const RunInfo& info) {
  Json root;
  root["version"] = info.version;
  root["scenario_file"] = loaded.file;
  root["resolved_scenario_fnv1a64"] = fmt::format("{:016x}", fnv1a64(loaded.resolved_yaml));
  root["wall_seconds"] = info.wall_seconds;
  root["events"] = info.events;
  root["events_per_second"] =
      info.wall_seconds > 0 ? static_cast<double>(info.events) / info.wall_seconds : 0.0;
  return root.dump(2) + "\n";
}

std::string timeseries_csv(const LoadedScenario& loaded, const RunResult& result) {
  // One row per interval: the site's figures (with a site block), then each service's.
  const auto& services = loaded.scenario.services;
  std::string out = "time_s";
  if (result.site) {
    out +=
        ",it_mw,facility_mw,pue,outdoor_c,carbon_g_per_kwh,emissions_kg,price_eur_per_mwh,"
        "energy_cost_eur";
  }
  for (const ServiceSpec& svc : services) {
    for (const char* column : {"arrived", "completed", "output_tokens_per_s", "waiting", "running",
                               "batch_mean", "kv_occupancy", "gpu_power_kw"}) {
      out += fmt::format(",{}.{}", svc.name, column);
    }
  }
  out += '\n';
  const SimTime interval = loaded.scenario.output.interval;
  const auto& rows = result.serving.timeseries;
  size_t site_row = 0;
  for (size_t begin = 0; begin < rows.size(); begin += services.size()) {
    out += fmt::format("{}", canonical(rows[begin].start.seconds()));
    if (result.site) {
      const SiteInterval& iv = result.site->intervals.at(site_row++);
      out +=
          fmt::format(",{},{},{},{},{},{},{},{}", canonical(iv.it_w / 1e6),
                      canonical(iv.facility_w / 1e6), canonical(iv.pue()), canonical(iv.outdoor_c),
                      canonical(iv.carbon_g_per_kwh), canonical(iv.emissions_kg),
                      canonical(iv.price_eur_per_mwh), canonical(iv.energy_cost_eur));
    }
    for (size_t k = begin; k < begin + services.size() && k < rows.size(); ++k) {
      const IntervalSample& row = rows[k];
      const double batch_mean = row.busy_replica_ns > 0
                                    ? row.batch_busy_ns / static_cast<double>(row.busy_replica_ns)
                                    : 0.0;
      out +=
          fmt::format(",{},{},{},{},{},{},{},{}", row.arrived, row.completed,
                      canonical(per_second(static_cast<double>(row.output_tokens), interval)),
                      row.waiting, row.running, canonical(batch_mean), canonical(row.kv_occupancy),
                      canonical(row.gpu_energy_j / interval.seconds() / 1e3));
    }
    out += '\n';
  }
  return out;
}

std::string per_request_csv_header() {
  return "service,id,arrival_s,prompt_tokens,output_tokens,queueing_s,ttft_s,tpot_s,e2e_s,"
         "preemptions,kv_handoff_s\n";
}

std::string per_request_csv_row(const std::string& service, const Sequence& s, SimTime completed) {
  const Request& r = s.request;
  const double tpot = r.output_tokens > 1 ? (completed - s.first_token).seconds() /
                                                static_cast<double>(r.output_tokens - 1)
                                          : 0.0;
  // kv_handoff_s: first token to KV landed at the decode replica; empty unless handed over.
  const std::string handoff =
      s.handed_over ? fmt::format("{}", canonical((s.kv_arrived - s.first_token).seconds()))
                    : std::string();
  return fmt::format("{},{},{},{},{},{},{},{},{},{},{}\n", service, r.id,
                     canonical(r.arrival.seconds()), r.prompt_tokens, r.output_tokens,
                     canonical((s.first_admitted - r.arrival).seconds()),
                     canonical((s.first_token - r.arrival).seconds()), canonical(tpot),
                     canonical((completed - r.arrival).seconds()), s.preemptions, handoff);
}

std::string staged_path(const std::string& dir, const std::string& name) {
  return (std::filesystem::path(dir) / (name + ".partial")).string();
}

void make_output_dir(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    throw InputError(SourceLocation{dir, 0, 0}, "cannot create the output folder: " + ec.message() +
                                                    "; choose another with -o DIR");
  }
}

void write_run_outputs(const std::string& dir, const LoadedScenario& loaded,
                       const RunResult& result, const RunInfo& info,
                       const std::vector<std::string>& already_staged) {
  namespace fs = std::filesystem;
  std::error_code ec;
  make_output_dir(dir);
  // summary.json comes last: its presence marks a complete result.
  const std::vector<std::pair<std::string, std::string>> files = {
      {"scenario.resolved.yaml", loaded.resolved_yaml},
      {"timeseries.csv", timeseries_csv(loaded, result)},
      {"runinfo.json", runinfo_json(loaded, info)},
      {"summary.json", summary_json(loaded, result)},
  };
  for (const auto& [name, text] : files) {
    write_atomically_staged(fs::path(dir) / (name + ".partial"), text);
  }
  std::vector<std::string> names = already_staged;
  for (const auto& [name, text] : files) names.push_back(name);
  for (const std::string& name : names) {
    fs::rename(fs::path(dir) / (name + ".partial"), fs::path(dir) / name, ec);
    if (ec) {
      throw InputError(SourceLocation{dir, 0, 0}, "cannot rename " + name + ": " + ec.message());
    }
  }
}

}  // namespace aidcsim
