#include "report/catalog_used.h"

#include <nlohmann/json.hpp>
#include <set>

namespace aidcsim {

std::vector<CatalogEntryUsed> catalog_entries_used(const LoadedScenario& loaded,
                                                   const std::string& summary_json) {
  const Catalog& catalog = loaded.catalog;
  std::vector<CatalogEntryUsed> entries;
  std::set<std::pair<std::string, std::string>> seen;
  const auto add = [&](const std::string& kind, const std::string& name,
                       const std::vector<std::string>& source) {
    if (seen.insert({kind, name}).second) entries.push_back({kind, name, source});
  };
  std::vector<ServiceSpec> deployments;  // one per pool of every service
  for (const ServiceSpec& svc : loaded.scenario.services) {
    for (ServiceSpec& d : pool_deployments(svc)) deployments.push_back(std::move(d));
  }
  for (const ServiceSpec& s : deployments) {
    if (const ModelSpec* m = catalog.find_model(s.model)) add("model", m->name, m->source);
    const SystemSpec* sys = catalog.find_system(s.system);
    if (sys == nullptr) continue;
    add("system", sys->name, sys->source);
    if (const AcceleratorSpec* a = catalog.find_accelerator(sys->accelerator)) {
      add("accelerator", a->name, a->source);
    }
    if (const SystemCostSpec* c = catalog.find_system_cost(sys->name)) {
      add("system price", c->name, c->source);
    }
    for (const ApiPriceSpec* p : catalog.api_prices_for(s.model))
      add("API price", p->name, p->source);
  }
  const auto summary = nlohmann::json::parse(summary_json, nullptr, false);
  if (summary.is_object() && summary.contains("site") && summary["site"].is_object() &&
      summary["site"].contains("site") && summary["site"]["site"].is_string()) {
    if (const SiteSpec* site = catalog.find_site(summary["site"]["site"].get<std::string>())) {
      add("site", site->name, site->source);
      if (const CoolingDesignSpec* c = catalog.find_cooling_design(site->cooling_design)) {
        add("cooling design", c->name, c->source);
      }
      if (const ElectricalChainSpec* e = catalog.find_electrical_chain(site->electrical_chain)) {
        add("electrical chain", e->name, e->source);
      }
    }
  }
  return entries;
}

std::vector<ServiceSlo> service_slos(const LoadedScenario& loaded) {
  std::vector<ServiceSlo> slos;
  for (const ServiceSpec& s : loaded.scenario.services) {
    if (!s.slo.ttft && !s.slo.tpot) continue;
    ServiceSlo slo{s.name, std::nullopt, std::nullopt};
    if (s.slo.ttft) slo.ttft_s = s.slo.ttft->seconds();
    if (s.slo.tpot) slo.tpot_s = s.slo.tpot->seconds();
    slos.push_back(slo);
  }
  return slos;
}

}  // namespace aidcsim
