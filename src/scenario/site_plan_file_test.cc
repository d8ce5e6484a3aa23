// Checks site plan files: the shipped examples load; the essonne example's figures are those
// the facility, grid and economics functions give (recomputed here through them, or by hand
// from the catalog figures, never copied from the plan's output); a count over capacity, an
// unknown phase and a zone without prices are refused at their line.
#include "scenario/site_plan_file.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "facility/facility.h"
#include "facility/it_power.h"
#include "grid/zones.h"

namespace aidcsim {
namespace {

std::string source_dir() {
  const char* dir = std::getenv("AIDCSIM_SOURCE_DIR");
  return dir ? dir : ".";
}

LoadedSitePlan load_example(const std::string& name) {
  const std::string path = source_dir() + "/examples/" + name;
  std::ifstream in(path);
  EXPECT_TRUE(in) << path;
  std::stringstream text;
  text << in.rdbuf();
  return load_site_plan(text.str(), path, Catalog::built_in());
}

std::vector<Diagnostic> errors_of(const std::string& text) {
  try {
    load_site_plan(text, "plan.yaml", Catalog::built_in());
  } catch (const InputError& e) {
    return e.diagnostics();
  }
  return {};
}

constexpr double kHourS = 3600.0;

TEST(SitePlan, EssonneExampleHoldsTheFacilityFigures) {
  const LoadedSitePlan loaded = load_example("essonne-plan.yaml");
  const SitePlanResult r = compute_site_plan(loaded);
  const Catalog& cat = loaded.catalog;
  const SiteSpec& site = *cat.find_site("essonne");
  const SystemSpec& system = *cat.find_system("gb200-nvl72");
  ASSERT_EQ(r.phases.size(), 3u);
  EXPECT_DOUBLE_EQ(r.design_outdoor_c, 31.4);  // the site's catalog value (no design_outdoor)

  // The fits and design-day figures are facility's own.
  const auto fits = facility::plan_phases(cat, site, system);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(r.phases[i].max_systems, fits[i].fit.systems) << i;
  }
  EXPECT_TRUE(r.phases[0].explicit_count);
  EXPECT_EQ(r.phases[0].design.systems, 270);  // the count in the example
  EXPECT_FALSE(r.phases[1].explicit_count);
  EXPECT_EQ(r.phases[1].design.systems, fits[1].fit.systems);
  for (const PhaseFigures& f : r.phases) {
    const facility::LayoutPoint p =
        facility::evaluate_layout(cat, site, system, f.design.systems, 31.4);
    EXPECT_DOUBLE_EQ(f.design.it_w, p.it_w);
    EXPECT_DOUBLE_EQ(f.design.facility_w, p.facility_w);
    EXPECT_EQ(f.design.accelerators, 72 * f.design.systems);
    EXPECT_LE(f.design.facility_w, f.grid_capacity_w);
  }

  // By hand: GB200 TDP 1200 W, no idle figure so 12 % of TDP = 144 W; at utilisation 0.8 one
  // GPU draws 144 + 0.8 x 1056 = 988.8 W. A rack: (72 x 988.8 + 33,600 host) x 1.05 network
  // = 110,033.28 W; at the design point (72 x 1200 + 33,600) x 1.05 = 126,000 W.
  EXPECT_NEAR(r.accelerator_w, 988.8, 1e-9);
  const PhaseFigures& p1 = r.phases[0];
  EXPECT_NEAR(p1.it_w_at_utilisation, 270 * 110'033.28, 1e-3);
  EXPECT_NEAR(p1.design.it_w, 270 * 126'000.0, 1e-3);
  // 8,760 hours at constant IT power: 29.709 MW x 8,760 h.
  EXPECT_EQ(r.hours, 8760);
  EXPECT_NEAR(p1.it_mwh, 270 * 110'033.28 * 8760 / 1e6, 1e-6);

  // Annual PUE: facility's own sweep over the shipped Paris-Orly year, chain sized at 31.4 °C.
  const grid::GridCatalog grid = grid::GridCatalog::built_in();
  const auto outdoor = grid::dry_bulb_year(*grid.find_climate("paris-orly"), 2023);
  const CoolingDesignSpec& cooling = *cat.find_cooling_design("dlc-drycooler");
  const ElectricalChainSpec& chain = *cat.find_electrical_chain("tier2-2n-ups");
  // Liquid share: 0.85 of the rack power (GPUs + hosts), the network 0.05 share on air.
  const double share = 0.85 / 1.05;
  const facility::SiteDesign design =
      facility::design_site(cooling, chain, 270 * 126'000.0, share, 31.4);
  const double it[] = {270 * 110'033.28};
  const facility::PeriodTotals totals =
      facility::sweep_hours(design, it, share, outdoor.base_values());
  EXPECT_NEAR(p1.annual_pue, totals.pue(), 1e-12);
  EXPECT_NEAR(p1.facility_mwh, totals.facility_j / 3.6e9, 1e-6);
  EXPECT_EQ(p1.hours_supply_exceeded, 0);
  // Inside the published range of modern liquid-cooled sites (docs/facility.md: Google
  // 1.04-1.15 TTM), above the design-day PUE's cooling-free floor of 1.0.
  EXPECT_GT(p1.annual_pue, 1.04);
  EXPECT_LT(p1.annual_pue, 1.15);
  EXPECT_LT(p1.annual_pue, p1.design.pue);  // the design day is the hottest hour

  // Carbon and energy cost: bounded by the facility energy times the series' extremes, and
  // near the energy times the series' means (the facility power varies by a few % only).
  const auto& zone = *grid.find_zone("FR");
  const auto carbon = grid::carbon_intensity_year(zone, grid::CarbonAccounting::kDirect, 2023);
  const double facility_j = p1.facility_mwh * 3.6e9;
  EXPECT_GE(p1.tco2e, facility_j * carbon.min().base / 1e6);
  EXPECT_LE(p1.tco2e, facility_j * carbon.max().base / 1e6);
  EXPECT_NEAR(p1.tco2e, facility_j * carbon.mean().base / 1e6, 0.02 * p1.tco2e);
  const auto price = grid::price_year_eur(zone, 2023, std::nullopt);
  EXPECT_NEAR(p1.energy_eur, facility_j * price.mean().base, 0.02 * p1.energy_eur);
  // A constant-power check of the hourly sum: the hottest hour's facility power bounds it.
  EXPECT_LE(p1.peak_facility_w * kHourS * 8760, facility_j * 1.05);

  // €/GPU-hour by hand: 2.5 M USD x 0.924 / 6 years / (72 x 8,760 GPU-h) = 0.61035 for the
  // systems; 0.126 MW x 11.7 M USD x 0.924 / 20 years / (72 x 8,760) = 0.10798 for the
  // facility; energy € / (270 x 72 x 8,760).
  ASSERT_TRUE(p1.per_gpu_hour.has_value());
  EXPECT_NEAR(p1.per_gpu_hour->systems_eur, 2.5e6 * 0.924 / 6 / (72 * 8760.0), 1e-9);
  EXPECT_NEAR(p1.per_gpu_hour->facility_eur, 0.126 * 11.7e6 * 0.924 / 20 / (72 * 8760.0), 1e-9);
  EXPECT_NEAR(p1.per_gpu_hour->energy_eur, p1.energy_eur / (270 * 72 * 8760.0), 1e-12);
  // A training day: every GPU-hour cost of the 19,440 GPUs for 24 hours.
  ASSERT_TRUE(p1.eur_per_training_day.has_value());
  EXPECT_NEAR(*p1.eur_per_training_day, p1.per_gpu_hour->total_eur() * 270 * 72 * 24.0, 1e-6);
}

TEST(SitePlan, ComparisonExamplesLoad) {
  const SitePlanResult de = compute_site_plan(load_example("frankfurt-plan.yaml"));
  const SitePlanResult us = compute_site_plan(load_example("virginia-plan.yaml"));
  EXPECT_EQ(de.usd_per_eur, 0.0);  // DE-LU prices are in EUR
  // PJM prices are in USD: converted at the default cost model's 0.924 EUR per USD.
  EXPECT_NEAR(us.usd_per_eur, 1.0 / 0.924, 1e-12);
  const grid::GridCatalog grid = grid::GridCatalog::built_in();
  const auto usd = grid::price_year_eur(*grid.find_zone("PJM"), 2023, 1.0);  // "1 USD per EUR"
  const PhaseFigures& p = us.phases[0];
  EXPECT_NEAR(p.energy_eur, p.facility_mwh * 3.6e9 * usd.mean().base * 0.924, 0.02 * p.energy_eur);
  // A hotter design day fits fewer racks on the same 40 MW.
  EXPECT_LE(us.phases[0].max_systems, de.phases[0].max_systems);
  // Hotter climate, higher annual PUE.
  EXPECT_GT(us.phases[0].annual_pue, de.phases[0].annual_pue);
}

const char* kBase =
    "site: essonne\n"
    "system: gb200-nvl72\n"
    "climate: paris-orly\n"
    "utilisation: 0.8\n";

TEST(SitePlan, OverCapacityIsRefusedAtTheCountWithTheNumbers) {
  const auto errors = errors_of(std::string(kBase) +
                                "grid_zone: FR\n"
                                "phases:\n"
                                "  - phase: phase-1\n"
                                "    systems: 300\n");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].where.line, 8);
  EXPECT_EQ(errors[0].key_path, "phases[0].systems");
  EXPECT_NE(errors[0].message.find("the grid connection is 40.0 MW: at most"), std::string::npos)
      << errors[0].message;
}

TEST(SitePlan, EveryNameErrorIsReported) {
  const auto errors = errors_of(
      "site: essone\n"
      "system: gb200-nvl72\n"
      "climate: pariss-orly\n"
      "grid_zone: XX\n"
      "utilisation: 1.5\n");
  EXPECT_EQ(errors.size(), 4u);
  const auto unknown_phase = errors_of(std::string(kBase) +
                                       "grid_zone: FR\n"
                                       "phases:\n"
                                       "  - phase: phase-4\n");
  ASSERT_EQ(unknown_phase.size(), 1u);
  EXPECT_EQ(unknown_phase[0].where.line, 7);
  const auto gb = errors_of(std::string(kBase) + "grid_zone: GB\n");
  ASSERT_EQ(gb.size(), 1u);
  EXPECT_NE(gb[0].message.find("energy_price"), std::string::npos);
  EXPECT_TRUE(errors_of(std::string(kBase) + "grid_zone: GB\nenergy_price: 60 EUR/MWh\n").empty());
}

TEST(SitePlan, ExplainCoversEveryKey) {
  const std::string text = explain_site_plan_keys();
  for (const char* key : {"site", "system", "climate", "grid_zone", "utilisation", "design_outdoor",
                          "energy_price", "phases", "systems"}) {
    EXPECT_NE(text.find(key), std::string::npos) << key;
  }
}

}  // namespace
}  // namespace aidcsim
