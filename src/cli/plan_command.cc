// `aidcsim plan SITE.yaml [--json]`: the capacity plan of a site, per phase (docs/plan.md).
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cstdio>

#include "cli/command.h"
#include "core/schema.h"
#include "scenario/site_plan_file.h"

namespace aidcsim::cli {
namespace {

std::string with_thousands(double value) {
  const auto v = static_cast<long long>(value < 0 ? value - 0.5 : value + 0.5);
  std::string digits = std::to_string(v < 0 ? -v : v);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return v < 0 ? "-" + out : out;
}

void print_table(const SitePlanResult& r) {
  fmt::print("{}: {} x {} ({} cooling, {} chain)\n", r.name, r.site, r.system, r.cooling,
             r.electrical);
  fmt::print("design day: {:.1f} °C outdoor ({}), accelerators at TDP\n", r.design_outdoor_c,
             r.design_outdoor_source);
  fmt::print(
      "year {}: {} hours of {} weather, {} carbon ({}), energy at {}; utilisation {:.2f} "
      "({:.0f} W per accelerator)\n",
      r.year, r.hours, r.climate, r.grid_zone, r.carbon_accounting, r.price_source, r.utilisation,
      r.accelerator_w);
  fmt::print("{:<8} {:>7} {:>8} {:>8} {:>6} {:>6} {:>6} {:>6} {:>9} {:>7} {:>7} {:>8}\n", "phase",
             "grid", "systems", "GPUs", "IT", "fac.", "PUE", "PUE", "energy", "CO2e", "energy",
             "cost");
  fmt::print("{:<8} {:>7} {:>8} {:>8} {:>6} {:>6} {:>6} {:>6} {:>9} {:>7} {:>7} {:>8}\n", "", "MW",
             "", "", "MW", "MW", "design", "annual", "MWh/yr", "t/yr", "M€/yr", "€/GPU-h");
  for (const PhaseFigures& f : r.phases) {
    const std::string systems = fmt::format("{}{}", f.design.systems, f.explicit_count ? "*" : "");
    fmt::print(
        "{:<8} {:>7.1f} {:>8} {:>8} {:>6.1f} {:>6.1f} {:>6.3f} {:>6.3f} {:>9} {:>7} {:>7.2f} "
        "{:>8}\n",
        f.phase, f.grid_capacity_w / 1e6, systems,
        with_thousands(static_cast<double>(f.design.accelerators)), f.design.it_w / 1e6,
        f.design.facility_w / 1e6, f.design.pue, f.annual_pue, with_thousands(f.facility_mwh),
        with_thousands(f.tco2e), f.energy_eur / 1e6,
        f.per_gpu_hour ? fmt::format("{:.3f}", f.per_gpu_hour->total_eur()) : "-");
  }
  bool any_explicit = false;
  for (const PhaseFigures& f : r.phases) {
    if (f.explicit_count) {
      any_explicit = true;
      fmt::print("* {}: {} systems as planned (at most {} fit)\n", f.phase, f.design.systems,
                 f.max_systems);
    }
    if (f.eur_per_training_day) {
      fmt::print("{}: a training day on all {} GPUs costs {:.0f} k€ (every cost included)\n",
                 f.phase, with_thousands(static_cast<double>(f.design.accelerators)),
                 *f.eur_per_training_day / 1e3);
    }
    if (f.hours_supply_exceeded > 0) {
      fmt::print("warning: {}: the cooling misses its supply temperature {} hour(s) of the year\n",
                 f.phase, f.hours_supply_exceeded);
    }
  }
  if (!any_explicit) fmt::print("systems: the most that fit each phase's grid connection\n");
}

nlohmann::ordered_json to_json(const SitePlanResult& r) {
  nlohmann::ordered_json j;
  j["name"] = r.name;
  j["site"] = r.site;
  j["system"] = r.system;
  j["cooling"] = r.cooling;
  j["electrical"] = r.electrical;
  j["climate"] = r.climate;
  j["grid_zone"] = r.grid_zone;
  j["carbon_accounting"] = r.carbon_accounting;
  j["year"] = r.year;
  j["hours"] = r.hours;
  j["utilisation"] = r.utilisation;
  j["accelerator_w"] = r.accelerator_w;
  j["design_outdoor_c"] = r.design_outdoor_c;
  j["design_outdoor_source"] = r.design_outdoor_source;
  j["price_source"] = r.price_source;
  if (r.usd_per_eur > 0.0) j["usd_per_eur"] = r.usd_per_eur;
  j["phases"] = nlohmann::ordered_json::array();
  for (const PhaseFigures& f : r.phases) {
    nlohmann::ordered_json p;
    p["phase"] = f.phase;
    p["start"] = f.start;
    p["grid_capacity_mw"] = f.grid_capacity_w / 1e6;
    p["max_systems"] = f.max_systems;
    p["explicit_count"] = f.explicit_count;
    p["systems"] = f.design.systems;
    p["gpus"] = f.design.accelerators;
    p["racks"] = f.design.racks;
    p["design_it_mw"] = f.design.it_w / 1e6;
    p["design_facility_mw"] = f.design.facility_w / 1e6;
    p["design_pue"] = f.design.pue;
    p["it_mw_at_utilisation"] = f.it_w_at_utilisation / 1e6;
    p["annual_pue"] = f.annual_pue;
    p["annual_it_mwh"] = f.it_mwh;
    p["annual_facility_mwh"] = f.facility_mwh;
    p["peak_facility_mw"] = f.peak_facility_w / 1e6;
    p["hours_supply_exceeded"] = f.hours_supply_exceeded;
    p["annual_tco2e"] = f.tco2e;
    p["annual_energy_eur"] = f.energy_eur;
    if (f.per_gpu_hour) {
      p["eur_per_gpu_hour"] = {{"systems", f.per_gpu_hour->systems_eur},
                               {"facility", f.per_gpu_hour->facility_eur},
                               {"energy", f.per_gpu_hour->energy_eur},
                               {"other_opex", f.per_gpu_hour->other_opex_eur},
                               {"total", f.per_gpu_hour->total_eur()}};
      p["eur_per_training_day"] = *f.eur_per_training_day;
    } else {
      p["eur_per_gpu_hour"] = nullptr;
      p["eur_per_training_day"] = nullptr;
    }
    j["phases"].push_back(std::move(p));
  }
  return j;
}

}  // namespace

void add_plan_command(CLI::App& app, CommandContext& ctx) {
  auto* sub = app.add_subcommand(
      "plan",
      "Capacity plan of a site (SITE.yaml): per phase, the systems and GPUs that fit, IT and "
      "facility MW at the design day, annual PUE, MWh, tCO2e, € of energy and €/GPU-hour. A "
      "systems count over a phase's capacity is refused with the numbers (exit 2).");
  auto file = std::make_shared<std::string>();
  auto json = std::make_shared<bool>(false);
  auto explain = std::make_shared<bool>(false);
  sub->add_option("site_plan", *file, "site plan file (YAML)");
  sub->add_flag("--json", *json, "print the figures as JSON instead of a table");
  sub->add_flag("--explain", *explain, "print the reference of every plan file key");
  add_catalog_option(*sub, ctx);
  sub->callback([&ctx, file, json, explain] {
    ctx.action = [&ctx, file, json, explain]() -> int {
      if (*explain) {
        std::fputs(explain_site_plan_keys().c_str(), stdout);
        return 0;
      }
      if (file->empty()) {
        throw InputError(SourceLocation{"aidcsim plan", 0, 0},
                         "no site plan file given; usage: aidcsim plan SITE.yaml [--json] (or "
                         "--explain for the key reference)");
      }
      const LoadedSitePlan loaded =
          load_site_plan(schema::read_input_file(*file), *file, ctx.load_catalog());
      const SitePlanResult result = compute_site_plan(loaded);
      if (*json) {
        fmt::print("{}\n", to_json(result).dump(2));
      } else {
        print_table(result);
      }
      return 0;
    };
  });
}

}  // namespace aidcsim::cli
