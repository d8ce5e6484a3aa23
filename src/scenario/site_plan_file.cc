#include "scenario/site_plan_file.h"

#include <fmt/format.h>

#include <cassert>
#include <filesystem>
#include <fstream>
#include <set>

#include "core/schema.h"
#include "facility/facility.h"
#include "facility/it_power.h"
#include "grid/calendar.h"
#include "grid/weather.h"
#include "grid/zones.h"
#include "perf/power.h"

namespace aidcsim {
namespace {

using schema::FieldOptions;
using schema::ObjectSchema;

constexpr double kJoulesPerKwh = 3.6e6;
constexpr double kSecondsPerHour = 3600.0;

std::shared_ptr<const ObjectSchema<SitePlanFile>> make_plan_schema(const Catalog& catalog,
                                                                   const grid::GridCatalog& grid) {
  auto phase = std::make_shared<ObjectSchema<PlannedPhase>>("a phase of the site");
  phase->field("phase", &PlannedPhase::phase, "phase name of the catalog site (e.g. phase-1)")
      .field("systems", &PlannedPhase::systems,
             "systems to install; refused when over the phase's grid capacity at the design "
             "day (absent: the most that fit)",
             {.min = 0, .max = 10'000'000});

  auto root = std::make_shared<ObjectSchema<SitePlanFile>>("a site plan");
  root->field("name", &SitePlanFile::name, "short name of the plan", {.default_text = "plan"})
      .field("description", &SitePlanFile::description, "what the plan is about",
             {.default_text = "\"\""})
      .field("system", &SitePlanFile::system, "catalog system filling the site",
             {.name_check = [&catalog](const std::string& n) { return catalog.check_system(n); }})
      .field("year", &SitePlanFile::year,
             "calendar year of the 8,760-hour sweep (the shipped month x hour profiles are "
             "expanded over it)",
             {.default_text = "2023", .min = 1971, .max = 2100})
      .field("utilisation", &SitePlanFile::utilisation,
             "accelerator load all year: each accelerator draws idle + utilisation x (TDP - "
             "idle); hosts at their maximum",
             {.min = 0.0, .max = 1.0})
      .list("phases", &SitePlanFile::phases, phase,
            "explicit system counts per phase (absent phases: the most that fit)");
  add_site_location_fields(*root, catalog, grid);
  return root;
}

}  // namespace

LoadedSitePlan load_site_plan(const std::string& text, const std::string& file, Catalog catalog) {
  const YAML::Node root = schema::load_document(text, file);
  const grid::GridCatalog grid = grid::GridCatalog::built_in();
  Diagnostics diagnostics;
  schema::Context ctx{file, &diagnostics};
  LoadedSitePlan loaded{SitePlanFile{}, std::move(catalog), file, SiteSpec{}, "", {}};
  make_plan_schema(loaded.catalog, grid)->parse_into(root, loaded.plan, "", ctx);
  diagnostics.throw_if_any();

  const SitePlanFile& plan = loaded.plan;
  const Catalog& cat = loaded.catalog;
  loaded.site = resolve_site_location(plan, cat, root, "", ctx, loaded.climate_path);
  const SystemSpec& system = *cat.find_system(plan.system);
  const std::string incompatible = facility::system_compatibility(cat, loaded.site, system);
  if (!incompatible.empty()) ctx.error(root["system"], "system", incompatible);
  diagnostics.throw_if_any();

  // Phases: names of the site, each once; explicit counts within capacity.
  loaded.systems_by_phase.assign(loaded.site.phases.size(), std::nullopt);
  std::set<std::string> seen;
  const std::optional<double> design_c =
      plan.design_outdoor ? std::optional<double>(plan.design_outdoor->base) : std::nullopt;
  for (size_t i = 0; i < plan.phases.size(); ++i) {
    const PlannedPhase& p = plan.phases[i];
    const YAML::Node node = root["phases"][i];
    const std::string path = fmt::format("phases[{}]", i);
    size_t index = loaded.site.phases.size();
    std::vector<std::string> names;
    for (size_t k = 0; k < loaded.site.phases.size(); ++k) {
      names.push_back(loaded.site.phases[k].name);
      if (loaded.site.phases[k].name == p.phase) index = k;
    }
    if (index == loaded.site.phases.size()) {
      const std::string guess = nearest(p.phase, names);
      ctx.error(node["phase"], path + ".phase",
                fmt::format("site {} has no phase \"{}\"{}; valid: {}", loaded.site.name, p.phase,
                            guess.empty() ? "" : fmt::format(" (did you mean \"{}\"?)", guess),
                            join(names)));
      continue;
    }
    if (!seen.insert(p.phase).second) {
      ctx.error(node["phase"], path + ".phase",
                fmt::format("phase \"{}\" is listed twice", p.phase));
      continue;
    }
    if (!p.systems) continue;
    const std::string refusal =
        facility::check_layout(cat, loaded.site, system, index, *p.systems, design_c);
    if (!refusal.empty()) {
      ctx.error(node["systems"], path + ".systems", refusal);
      continue;
    }
    loaded.systems_by_phase[index] = p.systems;
  }
  diagnostics.throw_if_any();
  return loaded;
}

std::string explain_site_plan_keys() {
  const Catalog catalog = Catalog::built_in();
  const grid::GridCatalog grid = grid::GridCatalog::built_in();
  std::string out =
      "Site plan file keys (aidcsim plan SITE.yaml). Quantities are strings with units "
      "(\"31.4 C\", \"42 EUR/MWh\").\n\n";
  make_plan_schema(catalog, grid)->explain(out, "");
  return out;
}

SitePlanResult compute_site_plan(const LoadedSitePlan& loaded) {
  const SitePlanFile& plan = loaded.plan;
  const Catalog& cat = loaded.catalog;
  const SiteSpec& site = loaded.site;
  const SystemSpec& system = *cat.find_system(plan.system);
  const AcceleratorSpec& accelerator = *cat.find_accelerator(system.accelerator);
  const CoolingDesignSpec& cooling = *cat.find_cooling_design(site.cooling_design);
  const ElectricalChainSpec& chain = *cat.find_electrical_chain(site.electrical_chain);
  const CostModelSpec& cost_model = *cat.find_cost_model(plan.cost_model);
  const grid::GridCatalog grid = grid::GridCatalog::built_in();
  const grid::GridZone& zone = *grid.find_zone(plan.grid_zone);

  SitePlanResult r;
  r.name = plan.name;
  r.site = site.name;
  r.system = system.name;
  r.cooling = cooling.name;
  r.electrical = chain.name;
  r.climate = plan.climate;
  r.grid_zone = zone.name;
  r.carbon_accounting = plan.carbon_accounting;
  r.year = static_cast<int>(plan.year);
  r.hours = grid::hours_in_year(r.year);
  r.utilisation = plan.utilisation.base;
  r.design_outdoor_c = plan.design_outdoor ? plan.design_outdoor->base : site.design_outdoor.base;
  r.design_outdoor_source =
      plan.design_outdoor ? "plan file" : fmt::format("site {} catalog value", site.name);

  // The year's hourly series: outdoor °C, carbon g/J, price EUR/kWh.
  const SiteYear year = load_site_year(plan, loaded.climate_path, cat, r.year);
  const std::vector<double>& outdoor = year.outdoor_c;
  const std::vector<double>& carbon_g_per_j = year.carbon_g_per_j;
  const std::vector<double>& price_kwh = year.price_eur_per_kwh;
  r.price_source = year.price_source;
  r.usd_per_eur = year.usd_per_eur;

  // One accelerator at the utilisation: the power model's load term set to `utilisation`.
  const double idle_w = perf::idle_power_w(accelerator);
  r.accelerator_w = idle_w + r.utilisation * (accelerator.tdp.base - idle_w);
  const double network = site.network_storage_share.base;
  const SystemCostSpec* system_price = cat.find_system_cost(system.name);

  const std::vector<facility::PhasePlan> fits =
      facility::plan_phases(cat, site, system, r.design_outdoor_c);
  for (size_t i = 0; i < site.phases.size(); ++i) {
    PhaseFigures f;
    f.phase = site.phases[i].name;
    f.start = site.phases[i].start;
    f.grid_capacity_w = site.phases[i].grid_capacity.base;
    f.max_systems = fits[i].fit.systems;
    f.explicit_count = loaded.systems_by_phase[i].has_value();
    const int64_t n = loaded.systems_by_phase[i].value_or(f.max_systems);
    f.design = facility::evaluate_layout(cat, site, system, n, r.design_outdoor_c);
    if (n > 0) {
      // The chain sized for the layout at the design day, as evaluate_layout sizes it.
      const facility::ItPower design_it =
          facility::systems_design_power(system, accelerator, n, network);
      const double liquid_it_w =
          system.cooling == "liquid" ? design_it.accelerators_w + design_it.hosts_w : 0.0;
      const double share = facility::liquid_heat_share(cooling, liquid_it_w, design_it.total_w());
      const facility::SiteDesign design =
          facility::design_site(cooling, chain, design_it.total_w(), share, r.design_outdoor_c);
      f.it_w_at_utilisation =
          facility::systems_it_power(system, n, r.accelerator_w, network).total_w();
      const double it[] = {f.it_w_at_utilisation};
      const facility::PeriodTotals totals = facility::sweep_hours(design, it, share, outdoor);
      f.annual_pue = totals.pue();
      f.it_mwh = totals.it_j / kJoulesPerKwh / 1e3;
      f.facility_mwh = totals.facility_j / kJoulesPerKwh / 1e3;
      f.peak_facility_w = totals.peak_facility_w;
      f.hours_supply_exceeded = totals.hours_supply_exceeded;
      std::vector<double> facility_w(outdoor.size());
      double carbon_g = 0.0;
      for (size_t h = 0; h < outdoor.size(); ++h) {
        facility_w[h] =
            facility::power_balance(design, f.it_w_at_utilisation, share, outdoor[h]).facility_w;
        carbon_g += facility_w[h] * kSecondsPerHour * carbon_g_per_j[h];
      }
      f.tco2e = carbon_g / 1e6;
      f.energy_eur = economics::energy_cost_eur(facility_w, price_kwh);
      if (system_price != nullptr) {
        const economics::Fleet fleet{&system, system_price, n, design_it.total_w()};
        const economics::AnnualCost annual =
            economics::annual_cost(cost_model, fleet, f.energy_eur);
        f.per_gpu_hour = economics::per_gpu_hour(annual, f.design.accelerators);
        f.eur_per_training_day =
            economics::eur_per_training_day(*f.per_gpu_hour, f.design.accelerators);
      }
    }
    r.phases.push_back(std::move(f));
  }
  return r;
}

}  // namespace aidcsim
