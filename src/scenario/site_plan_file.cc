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

bool is_epw_path(const std::string& climate) {
  return climate.size() > 4 && climate.substr(climate.size() - 4) == ".epw";
}

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
      .field("site", &SitePlanFile::site, "catalog site (phases, rack limit, cooling, chain)",
             {.name_check = [&catalog](const std::string& n) { return catalog.check_site(n); }})
      .field("system", &SitePlanFile::system, "catalog system filling the site",
             {.name_check = [&catalog](const std::string& n) { return catalog.check_system(n); }})
      .field("cooling", &SitePlanFile::cooling,
             "catalog cooling design replacing the site's (absent: the site's)",
             {.name_check =
                  [&catalog](const std::string& n) { return catalog.check_cooling_design(n); }})
      .field("electrical", &SitePlanFile::electrical,
             "catalog electrical chain replacing the site's (absent: the site's)",
             {.name_check =
                  [&catalog](const std::string& n) { return catalog.check_electrical_chain(n); }})
      .field("climate", &SitePlanFile::climate,
             "outdoor weather: a shipped climate (paris-orly, frankfurt, philadelphia, london) "
             "or the path of an EnergyPlus .epw file, relative to this file",
             {.name_check = [&grid](const std::string& n) -> std::string {
               if (is_epw_path(n)) return "";
               const std::string error = grid.check_climate(n);
               return error.empty() ? "" : error + ", or the path of an .epw file";
             }})
      .field("grid_zone", &SitePlanFile::grid_zone,
             "grid zone of the carbon intensity and price series (FR, DE, GB, PJM)",
             {.name_check = [&grid](const std::string& n) { return grid.check_zone(n); }})
      .field("carbon_accounting", &SitePlanFile::carbon_accounting,
             "carbon intensity counted at the plant (direct) or over the life cycle",
             {.default_text = "direct", .choices = {"direct", "lifecycle"}})
      .field("year", &SitePlanFile::year,
             "calendar year of the 8,760-hour sweep (the shipped month x hour profiles are "
             "expanded over it)",
             {.default_text = "2023", .min = 1971, .max = 2100})
      .field("utilisation", &SitePlanFile::utilisation,
             "accelerator load all year: each accelerator draws idle + utilisation x (TDP - "
             "idle); hosts at their maximum",
             {.min = 0.0, .max = 1.0})
      .field("design_outdoor", &SitePlanFile::design_outdoor,
             "design-day outdoor dry bulb for the capacity check (absent: the site's catalog "
             "value)",
             {.min = -60.0, .max = 60.0, .allow_negative = true})
      .field(
          "cost_model", &SitePlanFile::cost_model, "catalog cost model (capex, lives, EUR per USD)",
          {.default_text = "default",
           .name_check = [&catalog](const std::string& n) { return catalog.check_cost_model(n); }})
      .field("energy_price", &SitePlanFile::energy_price,
             "fixed energy price replacing the zone's hourly price series (required for a zone "
             "that ships none, e.g. GB)",
             {.allow_negative = false})
      .list("phases", &SitePlanFile::phases, phase,
            "explicit system counts per phase (absent phases: the most that fit)");
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
  loaded.site = *cat.find_site(plan.site);
  if (plan.cooling) loaded.site.cooling_design = *plan.cooling;
  if (plan.electrical) loaded.site.electrical_chain = *plan.electrical;
  const SystemSpec& system = *cat.find_system(plan.system);

  if (is_epw_path(plan.climate)) {
    const std::filesystem::path base = std::filesystem::path(file).parent_path();
    loaded.climate_path = (base / plan.climate).string();
    if (!std::ifstream(loaded.climate_path)) {
      ctx.error(root["climate"], "climate", fmt::format("cannot open {}", loaded.climate_path));
    }
  }
  const grid::GridZone& zone = *grid.find_zone(plan.grid_zone);
  if (!zone.price && !plan.energy_price) {
    ctx.error(root["grid_zone"], "grid_zone",
              fmt::format("grid zone {} ships no price series; give energy_price (e.g. \"42 "
                          "EUR/MWh\")",
                          zone.name));
  }
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

namespace {

// Hourly outdoor dry bulb of `year` (°C), from a shipped climate or an EPW file.
std::vector<double> outdoor_year(const LoadedSitePlan& loaded, const grid::GridCatalog& grid,
                                 int year) {
  const int hours = grid::hours_in_year(year);
  std::vector<double> out(static_cast<size_t>(hours));
  if (loaded.climate_path.empty()) {
    const grid::TemperatureSeries s =
        grid::dry_bulb_year(*grid.find_climate(loaded.plan.climate), year);
    const auto v = s.base_values();
    assert(v.size() == out.size());
    out.assign(v.begin(), v.end());
    return out;
  }
  std::ifstream in(loaded.climate_path, std::ios::binary);
  const grid::WeatherSeries w = grid::read_epw(in, loaded.climate_path);
  // A typical-year EPW stands for any year: its hours are re-dated onto `year` from
  // 1 January 00:00 UTC of the year it carries (wrapping at its end, so a leap year repeats).
  const int epw_year = grid::civil_from_unix(w.dry_bulb.start_unix_s() + 12 * 3600).year;
  const int64_t from = grid::unix_seconds(epw_year, 1, 1);
  for (int h = 0; h < hours; ++h) {
    out[static_cast<size_t>(h)] =
        w.dry_bulb.at_unix(from + static_cast<int64_t>(h) * grid::kSecondsPerHour).base;
  }
  return out;
}

}  // namespace

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
  const std::vector<double> outdoor = outdoor_year(loaded, grid, r.year);
  const auto accounting = plan.carbon_accounting == "lifecycle" ? grid::CarbonAccounting::kLifecycle
                                                                : grid::CarbonAccounting::kDirect;
  const grid::CarbonSeries carbon = grid::carbon_intensity_year(zone, accounting, r.year);
  std::vector<double> price_kwh(static_cast<size_t>(r.hours));
  if (plan.energy_price) {
    std::fill(price_kwh.begin(), price_kwh.end(), plan.energy_price->base * kJoulesPerKwh);
    r.price_source = fmt::format("fixed {:.2f} EUR/MWh (plan file)",
                                 plan.energy_price->base * kJoulesPerKwh * 1e3);
  } else {
    std::optional<double> usd_per_eur;
    if (zone.price_currency == "USD") {
      // The grid layer does not convert: the rate is the cost model's (data/SOURCES.md
      // ecb-eur-usd-2024), inverted.
      usd_per_eur = 1.0 / cost_model.eur_per_usd;
      r.usd_per_eur = *usd_per_eur;
    }
    const grid::PriceSeries price = grid::price_year_eur(zone, r.year, usd_per_eur);
    const auto v = price.base_values();
    for (size_t h = 0; h < price_kwh.size(); ++h) price_kwh[h] = v[h] * kJoulesPerKwh;
    r.price_source = usd_per_eur
                         ? fmt::format("{} hourly profile in USD at {:.4f} USD/EUR (cost model {})",
                                       zone.price_area, *usd_per_eur, cost_model.name)
                         : fmt::format("{} hourly profile", zone.price_area);
  }
  const auto carbon_g_per_j = carbon.base_values();
  assert(carbon_g_per_j.size() == outdoor.size() && price_kwh.size() == outdoor.size());

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
      }
    }
    r.phases.push_back(std::move(f));
  }
  return r;
}

}  // namespace aidcsim
