#include "scenario/site_run.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "facility/facility.h"
#include "facility/it_power.h"
#include "grid/calendar.h"
#include "perf/power.h"

namespace aidcsim {
namespace {

constexpr double kJoulesPerKwh = 3.6e6;
constexpr double kSecondsPerYear = 8760.0 * 3600.0;  // economics' year of GPU-hours

struct Plant {
  const CoolingDesignSpec* cooling = nullptr;
  const ElectricalChainSpec* chain = nullptr;
};

Plant plant_of(const LoadedScenario& loaded) {
  const SiteSpec& site = loaded.site->spec;
  return {loaded.catalog.find_cooling_design(site.cooling_design),
          loaded.catalog.find_electrical_chain(site.electrical_chain)};
}

double design_outdoor_c(const LoadedScenario& loaded) {
  const auto& override_c = loaded.scenario.site->design_outdoor;
  return override_c ? override_c->base : loaded.site->spec.design_outdoor.base;
}

// Draw of one accelerator of an other-tenant load, under the cap fraction.
double steady_accelerator_w(const SiteLoad& load, double cap_fraction) {
  const double idle = perf::idle_power_w(*load.accelerator);
  const double w = idle + load.utilisation * (load.accelerator->tdp.base - idle);
  return std::min(w, std::max(idle, cap_fraction * load.accelerator->tdp.base));
}

// IT power of the layout with every accelerator at max(idle, fraction x TDP), and the share of
// its heat the liquid loop takes.
struct DesignPoint {
  double it_w = 0.0;
  double liquid_share = 0.0;
  double facility_w = 0.0;
};
DesignPoint design_point(const std::vector<SiteLoad>& loads, const Plant& plant,
                         double network_share, double outdoor_c, double fraction) {
  double it_w = 0.0, liquid_w = 0.0;
  for (const SiteLoad& l : loads) {
    const double accelerator_w =
        std::max(perf::idle_power_w(*l.accelerator), fraction * l.accelerator->tdp.base);
    const facility::ItPower p =
        facility::systems_it_power(*l.system, l.systems, accelerator_w, network_share);
    it_w += p.total_w();
    if (l.system->cooling == "liquid") liquid_w += p.accelerators_w + p.hosts_w;
  }
  DesignPoint d;
  d.it_w = it_w;
  if (it_w <= 0.0) return d;
  d.liquid_share = facility::liquid_heat_share(*plant.cooling, liquid_w, it_w);
  const facility::SiteDesign design =
      facility::design_site(*plant.cooling, *plant.chain, it_w, d.liquid_share, outdoor_c);
  d.facility_w = facility::power_balance(design, it_w, d.liquid_share, outdoor_c).facility_w;
  return d;
}

}  // namespace

SiteLayout plan_site_layout(const LoadedScenario& loaded) {
  const Scenario& sc = loaded.scenario;
  const Catalog& cat = loaded.catalog;
  const SiteSpec& site = loaded.site->spec;
  SiteLayout layout;
  layout.grid_capacity_w = site.phases[loaded.site->phase_index].grid_capacity.base;
  layout.design_outdoor_c = design_outdoor_c(loaded);
  for (size_t i = 0; i < sc.services.size(); ++i) {
    const ServiceSpec& svc = sc.services[i];
    const std::vector<ServiceSpec> pools = pool_deployments(svc);
    for (size_t p = 0; p < pools.size(); ++p) {
      // Each pool occupies whole systems of its own.
      SiteLoad l;
      l.name = svc.pools.empty() ? svc.name : svc.name + "/" + svc.pools[p].name;
      l.system = cat.find_system(pools[p].system);
      l.accelerator = cat.find_accelerator(l.system->accelerator);
      l.used_accelerators =
          pools[p].replicas * pools[p].tensor_parallel * pools[p].pipeline_parallel;
      l.systems = (l.used_accelerators + l.system->accelerators_per_system - 1) /
                  l.system->accelerators_per_system;
      l.is_service = true;
      l.service_index = i;
      l.pool_index = p;
      layout.loads.push_back(l);
    }
  }
  for (const OtherLoadSpec& o : sc.site->other_loads) {
    SiteLoad l;
    l.name = o.name;
    l.system = cat.find_system(o.system);
    l.accelerator = cat.find_accelerator(l.system->accelerator);
    l.systems = o.systems;
    l.used_accelerators = o.systems * l.system->accelerators_per_system;
    l.utilisation = o.utilisation.base;
    layout.loads.push_back(l);
  }
  const Plant plant = plant_of(loaded);
  const double network = site.network_storage_share.base;
  const auto at = [&](double fraction) {
    return design_point(layout.loads, plant, network, layout.design_outdoor_c, fraction);
  };
  DesignPoint point = at(1.0);
  layout.uncapped_design_facility_w = point.facility_w;
  if (point.facility_w > layout.grid_capacity_w) {
    const DesignPoint idle = at(0.0);
    if (idle.facility_w > layout.grid_capacity_w) {
      throw InputError(
          SourceLocation{loaded.file, 0, 0},
          fmt::format("the services and other loads draw {:.2f} MW at the {:.1f} °C "
                      "design day even with idle accelerators, over the {:.2f} MW grid "
                      "connection of {} {}; use fewer replicas or other_loads systems, or a "
                      "later phase",
                      idle.facility_w / 1e6, layout.design_outdoor_c, layout.grid_capacity_w / 1e6,
                      site.name, site.phases[loaded.site->phase_index].name));
    }
    // The largest cap fraction that fits (facility power grows with it): bisection.
    double low = 0.0, high = 1.0;
    for (int i = 0; i < 60; ++i) {
      const double mid = 0.5 * (low + high);
      (at(mid).facility_w <= layout.grid_capacity_w ? low : high) = mid;
    }
    layout.power_cap_fraction = low;
    point = at(low);
  }
  layout.design_it_w = point.it_w;
  layout.design_facility_w = point.facility_w;
  layout.liquid_share = point.liquid_share;
  return layout;
}

double accelerator_cap_w(const SiteLayout& layout, const AcceleratorSpec& accelerator) {
  if (layout.power_cap_fraction >= 1.0) return 0.0;
  return std::max(perf::idle_power_w(accelerator),
                  layout.power_cap_fraction * accelerator.tdp.base);
}

SiteRunResult evaluate_site(const LoadedScenario& loaded, const SiteLayout& layout,
                            const ServingResult& serving) {
  const Scenario& sc = loaded.scenario;
  const ScenarioSite& site_block = *sc.site;
  const SiteSpec& site = loaded.site->spec;
  const Catalog& cat = loaded.catalog;
  const double network = site.network_storage_share.base;
  const Plant plant = plant_of(loaded);
  const facility::SiteDesign design =
      facility::design_site(*plant.cooling, *plant.chain, layout.design_it_w, layout.liquid_share,
                            layout.design_outdoor_c);

  const int64_t start_unix = loaded.site->start_unix_s;
  const int year = grid::civil_from_unix(start_unix).year;
  const SiteYear series = load_site_year(site_block, loaded.site->climate_path, cat, year);
  const int64_t year_start = grid::unix_seconds(year, 1, 1);
  const int64_t hours = static_cast<int64_t>(series.outdoor_c.size());

  SiteRunResult r;
  r.layout = layout;
  r.price_source = series.price_source;
  r.services.resize(sc.services.size());
  const double interval_s = sc.output.interval.seconds();
  const auto& rows = serving.timeseries;
  std::vector<double> service_it_w(sc.services.size());
  for (size_t begin = 0; begin < rows.size();) {
    size_t end = begin;
    while (end < rows.size() && rows[end].start == rows[begin].start) ++end;
    std::fill(service_it_w.begin(), service_it_w.end(), 0.0);
    SiteInterval iv;
    iv.start_s = rows[begin].start.seconds();
    for (const SiteLoad& l : layout.loads) {
      const double slots = static_cast<double>(l.systems * l.system->accelerators_per_system);
      if (slots <= 0.0) continue;
      double accelerator_w = 0.0;
      if (l.is_service) {
        double gpu_energy_j = 0.0;
        for (size_t k = begin; k < end; ++k) {
          if (rows[k].service == l.service_index) {
            gpu_energy_j += rows[k].pool_gpu_energy_j[l.pool_index];
          }
        }
        const double unused = slots - static_cast<double>(l.used_accelerators);
        accelerator_w =
            (gpu_energy_j / interval_s + unused * perf::idle_power_w(*l.accelerator)) / slots;
      } else {
        accelerator_w = steady_accelerator_w(l, layout.power_cap_fraction);
      }
      const double w =
          facility::systems_it_power(*l.system, l.systems, accelerator_w, network).total_w();
      iv.it_w += w;
      if (l.is_service) service_it_w[l.service_index] += w;
    }
    // The hour of the year holding the middle of the interval (a run past 31 December wraps
    // onto the same year's series).
    const double mid_unix = static_cast<double>(start_unix) + iv.start_s + 0.5 * interval_s;
    int64_t hour =
        static_cast<int64_t>(std::floor((mid_unix - static_cast<double>(year_start)) / 3600.0));
    hour = ((hour % hours) + hours) % hours;
    const auto h = static_cast<size_t>(hour);
    iv.outdoor_c = series.outdoor_c[h];
    const facility::PowerBalance b =
        facility::power_balance(design, iv.it_w, layout.liquid_share, iv.outdoor_c);
    iv.facility_w = b.facility_w;
    const double facility_j = b.facility_w * interval_s;
    iv.carbon_g_per_kwh = series.carbon_g_per_j[h] * kJoulesPerKwh;
    iv.emissions_kg = facility_j * series.carbon_g_per_j[h] / 1e3;
    iv.price_eur_per_mwh = series.price_eur_per_kwh[h] * 1e3;
    iv.energy_cost_eur = facility_j / kJoulesPerKwh * series.price_eur_per_kwh[h];

    r.seconds += interval_s;
    r.it_energy_j += iv.it_w * interval_s;
    r.electrical_loss_j += b.electrical_loss_w() * interval_s;
    r.cooling_j += b.cooling.total_w() * interval_s;
    r.facility_energy_j += facility_j;
    r.peak_it_w = std::max(r.peak_it_w, iv.it_w);
    r.peak_facility_w = std::max(r.peak_facility_w, iv.facility_w);
    r.emissions_g += iv.emissions_kg * 1e3;
    r.energy_cost_eur += iv.energy_cost_eur;
    r.water_l += b.cooling.water_l_per_h * interval_s / 3600.0;
    for (size_t s = 0; s < service_it_w.size(); ++s) {
      if (iv.it_w <= 0.0) break;
      const double share = service_it_w[s] / iv.it_w;
      ServiceSiteShare& out = r.services[s];
      out.it_energy_j += service_it_w[s] * interval_s;
      out.facility_energy_j += share * facility_j;
      out.emissions_g += share * iv.emissions_kg * 1e3;
      out.energy_cost_eur += share * iv.energy_cost_eur;
    }
    r.intervals.push_back(iv);
    begin = end;
  }

  // Fixed costs (depreciation, other opex) of every load's systems over the accounted time.
  const CostModelSpec& cost_model = *cat.find_cost_model(site_block.cost_model);
  const double year_fraction = r.seconds / kSecondsPerYear;
  economics::AnnualCost site_fixed;
  bool all_priced = true;
  for (const SiteLoad& l : layout.loads) {
    const SystemCostSpec* price = cat.find_system_cost(l.system->name);
    if (price == nullptr || l.systems == 0) {
      all_priced = all_priced && l.systems == 0;
      continue;
    }
    const double critical_w =
        facility::systems_design_power(*l.system, *l.accelerator, l.systems, network).total_w();
    const economics::AnnualCost a =
        economics::annual_cost(cost_model, {l.system, price, l.systems, critical_w}, 0.0);
    site_fixed.systems_eur += a.systems_eur * year_fraction;
    site_fixed.facility_eur += a.facility_eur * year_fraction;
    site_fixed.other_opex_eur += a.other_opex_eur * year_fraction;
    if (l.is_service) {
      std::optional<double>& fixed = r.services[l.service_index].fixed_cost_eur;
      fixed =
          fixed.value_or(0.0) + (a.systems_eur + a.facility_eur + a.other_opex_eur) * year_fraction;
    }
  }
  site_fixed.energy_eur = r.energy_cost_eur;
  if (all_priced) r.cost_breakdown_eur = site_fixed;
  return r;
}

}  // namespace aidcsim
