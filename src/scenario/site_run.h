// The site side of a run (DESIGN.md §6, docs/site-run.md): which systems the services and the
// other tenants occupy, the power cap when their design-day draw exceeds the phase's grid
// connection, and — from the serving simulation's per-interval GPU energy — IT power, facility
// power, PUE, outdoor temperature, carbon and energy cost per interval, with totals and each
// service's share (€ and gCO2e per million tokens).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "economics/costs.h"
#include "scenario/scenario.h"
#include "scenario/site_environment.h"
#include "serving/serving_simulation.h"

namespace aidcsim {

// Systems of one kind on the site, for a service or another tenant.
struct SiteLoad {
  std::string name;  // service (or service/pool) or other-load name
  const SystemSpec* system = nullptr;
  const AcceleratorSpec* accelerator = nullptr;
  int64_t systems = 0;
  int64_t used_accelerators = 0;  // replicas x tensor_parallel x pipeline_parallel (the rest idle)
  double utilisation = 0.0;       // other loads: steady utilisation; services: unused
  bool is_service = false;
  size_t service_index = 0;  // in the scenario's services when is_service
  size_t pool_index = 0;     // in the service's pools (0 for a service without pools)
};

// The installed layout and its design point, decided before the serving simulation.
struct SiteLayout {
  std::vector<SiteLoad> loads;
  double grid_capacity_w = 0.0;
  double design_outdoor_c = 0.0;
  double design_it_w = 0.0;        // every accelerator at its TDP (or at the cap)
  double design_facility_w = 0.0;  // at the design outdoor temperature
  double liquid_share = 0.0;       // share of IT heat to the liquid loop
  // Fraction of TDP every accelerator is capped at so the design-day facility power fits the
  // grid connection; 1 when it fits uncapped.
  double power_cap_fraction = 1.0;
  double uncapped_design_facility_w = 0.0;
};

// Throws InputError when even idle accelerators would exceed the grid connection.
SiteLayout plan_site_layout(const LoadedScenario& loaded);

// The cap of one accelerator (W) under the layout's cap fraction; 0 when uncapped.
double accelerator_cap_w(const SiteLayout& layout, const AcceleratorSpec& accelerator);

struct SiteInterval {
  double start_s = 0.0;
  double it_w = 0.0;
  double facility_w = 0.0;
  double outdoor_c = 0.0;
  double carbon_g_per_kwh = 0.0;
  double emissions_kg = 0.0;
  double price_eur_per_mwh = 0.0;
  double energy_cost_eur = 0.0;
  double pue() const { return it_w > 0.0 ? facility_w / it_w : 0.0; }
};

// A service's share of the site over the run.
struct ServiceSiteShare {
  double it_energy_j = 0.0;
  double facility_energy_j = 0.0;
  double emissions_g = 0.0;
  double energy_cost_eur = 0.0;
  std::optional<double> fixed_cost_eur;  // capex + other opex of its systems; none unpriced
};

struct SiteRunResult {
  SiteLayout layout;
  std::string price_source;
  double seconds = 0.0;  // accounted time: the intervals of the time series
  double it_energy_j = 0.0;
  double electrical_loss_j = 0.0;
  double cooling_j = 0.0;
  double facility_energy_j = 0.0;
  double peak_it_w = 0.0;
  double peak_facility_w = 0.0;
  double emissions_g = 0.0;
  double energy_cost_eur = 0.0;
  double water_l = 0.0;  // evaporated by the cooling plant (0 for dry designs)
  // Costs over the accounted time (depreciation, other opex, energy); absent when a system
  // has no catalogued price.
  std::optional<economics::AnnualCost> cost_breakdown_eur;
  std::vector<SiteInterval> intervals;
  std::vector<ServiceSiteShare> services;  // by scenario service index
  double mean_pue() const { return it_energy_j > 0.0 ? facility_energy_j / it_energy_j : 0.0; }
  // Water usage effectiveness, litres per kWh of IT energy (The Green Grid's WUE).
  double wue_l_per_kwh() const { return it_energy_j > 0.0 ? water_l / (it_energy_j / 3.6e6) : 0.0; }
  // facility − (IT + losses + cooling): zero up to rounding.
  double balance_residual_j() const {
    return facility_energy_j - (it_energy_j + electrical_loss_j + cooling_j);
  }
};

// Evaluates the site over the serving result's time series (one row per interval and service).
SiteRunResult evaluate_site(const LoadedScenario& loaded, const SiteLayout& layout,
                            const ServingResult& serving);

}  // namespace aidcsim
