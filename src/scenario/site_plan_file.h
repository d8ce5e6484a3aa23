// A site plan file (`aidcsim plan SITE.yaml`): a catalog site, the system to fill it with, the
// climate and grid zone it sits in, and the utilisation of the annual sweep. The schema below is
// the single source of truth for its keys (`aidcsim plan --explain`). load_site_plan checks the
// names against the catalog and the grid data and refuses, located at the line of the count, an
// explicit systems count over a phase's capacity at the design-day temperature.
// compute_site_plan gives the per-phase figures the command prints (docs/plan.md).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "core/diagnostics.h"
#include "core/units.h"
#include "economics/costs.h"
#include "facility/site_plan.h"
#include "scenario/site_environment.h"

namespace aidcsim {

struct PlannedPhase {
  std::string phase;               // a phase name of the site
  std::optional<int64_t> systems;  // explicit count, checked against the phase's capacity
};

struct SitePlanFile : SiteLocation {
  std::string name;
  std::string description;
  std::string system;    // catalog system
  int64_t year = 2023;   // calendar year of the hourly sweep
  Fraction utilisation;  // accelerator load over the year, idle..TDP
  std::vector<PlannedPhase> phases;
};

struct LoadedSitePlan {
  SitePlanFile plan;
  Catalog catalog;
  std::string file;
  SiteSpec site;  // the catalog site with the plan's cooling / electrical overrides applied
  std::string climate_path;  // resolved EPW path; "" for a shipped climate
  // Explicit counts by site phase index (nullopt: the most that fit).
  std::vector<std::optional<int64_t>> systems_by_phase;
};

// Throws InputError with every problem of the file, located at file:line.
LoadedSitePlan load_site_plan(const std::string& text, const std::string& file, Catalog catalog);

// The key reference of plan files.
std::string explain_site_plan_keys();

struct PhaseFigures {
  std::string phase;
  std::string start;
  double grid_capacity_w = 0.0;
  int64_t max_systems = 0;  // the most systems that fit (facility::plan_phases)
  bool explicit_count = false;
  facility::LayoutPoint design;  // the planned layout at the design day (TDP, design outdoor)
  // The annual sweep of the planned layout at the plan's utilisation.
  double it_w_at_utilisation = 0.0;
  double annual_pue = 0.0;
  double it_mwh = 0.0;
  double facility_mwh = 0.0;
  double peak_facility_w = 0.0;
  int hours_supply_exceeded = 0;
  double tco2e = 0.0;
  double energy_eur = 0.0;
  std::optional<economics::AnnualCost> per_gpu_hour;  // nullopt: no system price catalogued
  std::optional<double> eur_per_training_day;         // every GPU of the phase for 24 h, all costs
};

struct SitePlanResult {
  std::string name;
  std::string site;
  std::string system;
  std::string cooling;
  std::string electrical;
  std::string climate;
  std::string grid_zone;
  std::string carbon_accounting;
  int year = 0;
  int hours = 0;
  double utilisation = 0.0;
  double accelerator_w = 0.0;  // one accelerator's draw at the utilisation
  double design_outdoor_c = 0.0;
  std::string design_outdoor_source;  // "plan file" or "site <name> catalog"
  std::string price_source;           // where the € of energy come from
  double usd_per_eur = 0.0;           // applied to a USD price series; 0 when none was needed
  std::vector<PhaseFigures> phases;
};

SitePlanResult compute_site_plan(const LoadedSitePlan& loaded);

}  // namespace aidcsim
