// Checks the site side of a run: the energy balance closes in every interval and in total; the
// IT power of a steady other-tenant load is what the catalog figures give by hand; a layout
// over the grid connection is capped to fit it and its compute-bound steps slow down; a layout that
// cannot fit even idle is refused; the hour of weather, carbon and price follows `site.start`.
#include "scenario/site_run.h"

#include <gtest/gtest.h>

#include <cmath>

#include "perf/power.h"
#include "scenario/run.h"

namespace aidcsim {
namespace {

LoadedScenario load(const std::string& text) {
  return load_scenario(text, "test.yaml", Catalog::built_in());
}

// One Llama-3-8B replica on an 8-GPU H100 system (air-cooled) at 2 requests/s for `minutes`,
// on the essonne site (liquid loop + air share), plus `other` line.
std::string scenario(int minutes, const std::string& site_extra, double rate = 2.0) {
  return "name: site-test\n"
         "seed: 7\n"
         "duration: " +
         std::to_string(minutes) +
         " min\n"
         "services:\n"
         "  - name: chat\n"
         "    model: llama-3-8b\n"
         "    system: hgx-h100-8\n"
         "    replicas: 2\n"
         "    workload:\n"
         "      arrival: poisson\n"
         "      rate: " +
         std::to_string(rate) +
         " /s\n"
         "      prompt_tokens: {distribution: fixed, mean: 512}\n"
         "      output_tokens: {distribution: fixed, mean: 64}\n"
         "site:\n"
         "  site: essonne\n"
         "  climate: paris-orly\n"
         "  grid_zone: FR\n"
         "  start: \"2023-01-10T06:00Z\"\n" +
         site_extra +
         "output:\n"
         "  interval: 5 min\n";
}

TEST(SiteRun, EnergyBalanceClosesInEveryIntervalAndInTotal) {
  const LoadedScenario loaded = load(scenario(
      60,
      "  other_loads:\n    - {name: training, system: gb200-nvl72, systems: 10, utilisation: "
      "0.7}\n"));
  const RunResult r = run_scenario(loaded, RunControls{});
  ASSERT_TRUE(r.site.has_value());
  const SiteRunResult& site = *r.site;
  ASSERT_EQ(site.intervals.size(), 12u);  // 60 min / 5 min
  // facility = IT + electrical losses + cooling (no other loads in the catalog site), to
  // rounding of doubles.
  EXPECT_NEAR(site.balance_residual_j(), 0.0, 1e-9 * site.facility_energy_j);
  double facility_j = 0.0, it_j = 0.0;
  for (const SiteInterval& iv : site.intervals) {
    EXPECT_GT(iv.facility_w, iv.it_w);
    facility_j += iv.facility_w * 300.0;
    it_j += iv.it_w * 300.0;
  }
  EXPECT_NEAR(facility_j, site.facility_energy_j, 1e-9 * facility_j);
  EXPECT_NEAR(it_j, site.it_energy_j, 1e-9 * it_j);
  // The service's share is part of the whole.
  EXPECT_GT(site.services[0].facility_energy_j, 0.0);
  EXPECT_LT(site.services[0].facility_energy_j, site.facility_energy_j);
  // Emissions are energy times the hourly intensity: between the extremes of the hours used.
  double lo = 1e9, hi = 0.0;
  for (const SiteInterval& iv : site.intervals) {
    lo = std::min(lo, iv.carbon_g_per_kwh);
    hi = std::max(hi, iv.carbon_g_per_kwh);
  }
  const double kwh = site.facility_energy_j / 3.6e6;
  EXPECT_GE(site.emissions_g, lo * kwh * (1 - 1e-9));
  EXPECT_LE(site.emissions_g, hi * kwh * (1 + 1e-9));
}

TEST(SiteRun, SteadyLoadItPowerIsTheCatalogFiguresByHand) {
  const LoadedScenario loaded = load(scenario(
      10,
      "  other_loads:\n    - {name: training, system: gb200-nvl72, systems: 10, utilisation: "
      "0.5}\n"));
  const SiteLayout layout = plan_site_layout(loaded);
  ASSERT_EQ(layout.loads.size(), 2u);
  EXPECT_EQ(layout.loads[0].systems, 1);  // 2 replicas x TP1 on one 8-GPU system
  EXPECT_DOUBLE_EQ(layout.power_cap_fraction, 1.0);
  const RunResult r = run_scenario(loaded, RunControls{});
  const Catalog& cat = loaded.catalog;
  // By hand: 10 racks x (72 GPUs x (idle + 0.5 (TDP - idle)) + host) x (1 + network share),
  // plus the service's system: its GPU power from the run (timeseries), 6 idle GPU slots and
  // its host, times (1 + share).
  const SystemSpec& rack = *cat.find_system("gb200-nvl72");
  const AcceleratorSpec& gb200 = *cat.find_accelerator(rack.accelerator);
  const double idle = perf::idle_power_w(gb200);
  const double share = cat.find_site("essonne")->network_storage_share.base;
  const double training_w =
      10.0 * (72.0 * (idle + 0.5 * (gb200.tdp.base - idle)) + rack.host_power.base) * (1 + share);
  const SystemSpec& hgx = *cat.find_system("hgx-h100-8");
  const AcceleratorSpec& h100 = *cat.find_accelerator(hgx.accelerator);
  const IntervalSample& first = r.serving.timeseries.at(0);
  const double service_w =
      (first.gpu_energy_j / 300.0 + 6.0 * perf::idle_power_w(h100) + hgx.host_power.base) *
      (1 + share);
  EXPECT_NEAR(r.site->intervals.at(0).it_w, training_w + service_w, 1e-6 * training_w);
}

TEST(SiteRun, OverCapacityLayoutIsCappedToFitAndStepsSlowDown) {
  // 340 GB200 racks at TDP need ~49 MW of facility power at the 31.4 °C design day, over the
  // 40 MW of phase 1 (277 fit: docs/facility.md), so every accelerator is capped.
  const std::string over =
      "  other_loads:\n    - {name: training, system: gb200-nvl72, systems: 340, utilisation: "
      "1.0}\n";
  const LoadedScenario capped = load(scenario(10, over));
  const SiteLayout layout = plan_site_layout(capped);
  EXPECT_LT(layout.power_cap_fraction, 1.0);
  EXPECT_GT(layout.uncapped_design_facility_w, layout.grid_capacity_w);
  EXPECT_LE(layout.design_facility_w, layout.grid_capacity_w);
  EXPECT_GT(layout.design_facility_w, 0.99 * layout.grid_capacity_w);  // the largest cap
  const LoadedScenario free = load(scenario(10, ""));
  EXPECT_DOUBLE_EQ(plan_site_layout(free).power_cap_fraction, 1.0);
  // The service's GPUs get the cap: a compute-bound step (an 8,192-token prefill) at the
  // capped clock takes longer than uncapped (perf::predict_step_under_cap).
  const double h100_cap_w = accelerator_cap_w(layout, *capped.catalog.find_accelerator("h100-sxm"));
  ASSERT_GT(h100_cap_w, 0.0);
  ServiceDeployment unused;
  const auto capped_model =
      make_step_model(capped.scenario.services[0], capped.catalog, unused, h100_cap_w);
  const auto free_model = make_step_model(free.scenario.services[0], free.catalog, unused);
  perf::StepBatch prefill;
  prefill.add_prefill(8192, 0);
  EXPECT_GT(capped_model->step_time(prefill), free_model->step_time(prefill));
  EXPECT_LE(capped_model->busy_power_w(1, true), h100_cap_w * (1 + 1e-9));
  // The steady load draws at most the cap.
  const double cap_w = accelerator_cap_w(layout, *capped.catalog.find_accelerator("gb200"));
  EXPECT_GT(cap_w, 0.0);
  EXPECT_LT(cap_w, capped.catalog.find_accelerator("gb200")->tdp.base);
}

TEST(SiteRun, LayoutOverCapacityEvenIdleIsRefused) {
  // 2,000 GB200 racks draw ~106 MW even idle, over the 40 MW of phase 1: refused when the
  // scenario loads (so `validate` says it), located at the other_loads list (line 20).
  try {
    load(scenario(10,
                  "  other_loads:\n    - {name: training, system: gb200-nvl72, systems: 2000, "
                  "utilisation: 0.1}\n"));
    FAIL() << "expected a refusal";
  } catch (const InputError& e) {
    EXPECT_EQ(e.diagnostics().front().where.line, 20);
    EXPECT_NE(e.diagnostics().front().message.find("even with idle accelerators"),
              std::string::npos);
  }
}

TEST(SiteRun, StartPicksTheHourOfTheSeries) {
  // Same scenario at 06:00 and 14:00 UTC on 10 January: Paris-Orly is warmer in the afternoon
  // (month x hour profile), so the first interval's outdoor temperature differs.
  const LoadedScenario morning = load(scenario(10, ""));
  std::string text = scenario(10, "");
  text.replace(text.find("06:00Z"), 6, "14:00Z");
  const LoadedScenario afternoon = load(text);
  const RunResult a = run_scenario(morning, RunControls{});
  const RunResult b = run_scenario(afternoon, RunControls{});
  EXPECT_GT(b.site->intervals.at(0).outdoor_c, a.site->intervals.at(0).outdoor_c);
}

// A disaggregated service whose pools sit on different systems: each pool is a load of its
// own (6 prefill replicas x TP4 = 24 GPUs -> 3 systems of 8 H100; 2 decode replicas x TP4
// = 8 GPUs -> 1 system of 8 B200), its GPU energy comes from its own pool, and the energy
// balance still closes.
TEST(SiteRun, PoolsOnDifferentSystemsAreLoadsOfTheirOwn) {
  std::string text = scenario(30, "");
  const std::string pools =
      "    tensor_parallel: 4\n"
      "    pools:\n"
      "      - {name: prefill, role: prefill, replicas: 6}\n"
      "      - {name: decode, role: decode, replicas: 2, system: hgx-b200-8}\n";
  text.replace(text.find("    replicas: 2\n"), 16, pools);
  const LoadedScenario loaded = load(text);
  const SiteLayout layout = plan_site_layout(loaded);
  ASSERT_EQ(layout.loads.size(), 2u);
  EXPECT_EQ(layout.loads[0].name, "chat/prefill");
  EXPECT_EQ(layout.loads[0].systems, 3);
  EXPECT_EQ(layout.loads[1].name, "chat/decode");
  EXPECT_EQ(layout.loads[1].system->name, "hgx-b200-8");
  EXPECT_EQ(layout.loads[1].systems, 1);
  const RunResult r = run_scenario(loaded, RunControls{});
  ASSERT_TRUE(r.site.has_value());
  EXPECT_NEAR(r.site->balance_residual_j(), 0.0, 1e-9 * r.site->facility_energy_j);
  const ServiceResult& svc = r.serving.services[0];
  ASSERT_EQ(svc.pools.size(), 2u);
  EXPECT_GT(svc.kv_transfers, 0u);
  // Each pool's column in the intervals (idle included) covers the 30 minutes of arrivals;
  // its run total also counts the drain after them, when its GPUs draw at most their TDP. So
  // 0 <= total - column <= GPUs x TDP x drain.
  double prefill_j = 0.0, decode_j = 0.0;
  for (const IntervalSample& row : r.serving.timeseries) {
    prefill_j += row.pool_gpu_energy_j[0];
    decode_j += row.pool_gpu_energy_j[1];
  }
  EXPECT_GT(prefill_j, 0.0);
  EXPECT_GT(decode_j, 0.0);
  const double drain_s = (r.serving.end_time - r.serving.horizon).seconds();
  const auto tdp_w = [&](const char* system) {
    const SystemSpec& sys = *loaded.catalog.find_system(system);
    return loaded.catalog.find_accelerator(sys.accelerator)->tdp.base;
  };
  const double prefill_extra = svc.pools[0].gpu_energy_j - prefill_j;
  const double decode_extra = svc.pools[1].gpu_energy_j - decode_j;
  EXPECT_GE(prefill_extra, -1e-6 * prefill_j);
  EXPECT_LE(prefill_extra, 24 * tdp_w("hgx-h100-8") * drain_s + 1e-6 * prefill_j);
  EXPECT_GE(decode_extra, -1e-6 * decode_j);
  EXPECT_LE(decode_extra, 8 * tdp_w("hgx-b200-8") * drain_s + 1e-6 * decode_j);
  EXPECT_DOUBLE_EQ(svc.pools[0].gpu_energy_j + svc.pools[1].gpu_energy_j, svc.gpu_energy_j);
}

}  // namespace
}  // namespace aidcsim
