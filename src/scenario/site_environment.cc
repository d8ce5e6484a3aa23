#include "scenario/site_environment.h"

#include <fmt/format.h>

#include <algorithm>
#include <cassert>
#include <filesystem>
#include <fstream>

#include "grid/calendar.h"
#include "grid/weather.h"

namespace aidcsim {
namespace {

constexpr double kJoulesPerKwh = 3.6e6;

// Hourly outdoor dry bulb of `year` (°C), from a shipped climate or an EPW file.
std::vector<double> outdoor_year(const SiteLocation& location, const std::string& climate_path,
                                 const grid::GridCatalog& grid, int year) {
  const int hours = grid::hours_in_year(year);
  std::vector<double> out(static_cast<size_t>(hours));
  if (climate_path.empty()) {
    const grid::TemperatureSeries s =
        grid::dry_bulb_year(*grid.find_climate(location.climate), year);
    const auto v = s.base_values();
    assert(v.size() == out.size());
    out.assign(v.begin(), v.end());
    return out;
  }
  std::ifstream in(climate_path, std::ios::binary);
  const grid::WeatherSeries w = grid::read_epw(in, climate_path);
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

bool is_epw_path(const std::string& climate) {
  return climate.size() > 4 && climate.substr(climate.size() - 4) == ".epw";
}

SiteSpec resolve_site_location(const SiteLocation& location, const Catalog& catalog,
                               const YAML::Node& node, const std::string& key_prefix,
                               const schema::Context& ctx, std::string& climate_path) {
  SiteSpec site = *catalog.find_site(location.site);
  if (location.cooling) site.cooling_design = *location.cooling;
  if (location.electrical) site.electrical_chain = *location.electrical;
  climate_path.clear();
  if (is_epw_path(location.climate)) {
    const std::filesystem::path base = std::filesystem::path(ctx.file).parent_path();
    climate_path = (base / location.climate).string();
    std::ifstream in(climate_path, std::ios::binary);
    if (!in) {
      ctx.error(node["climate"], key_prefix + "climate",
                fmt::format("cannot open {}", climate_path));
    } else {
      try {
        grid::read_epw(in, climate_path);  // read now, so a bad file is refused before a run
      } catch (const InputError& e) {
        ctx.error(node["climate"], key_prefix + "climate", e.diagnostics().front().format());
      }
    }
  }
  const grid::GridCatalog grid = grid::GridCatalog::built_in();
  const grid::GridZone& zone = *grid.find_zone(location.grid_zone);
  if (!zone.price && !location.energy_price) {
    ctx.error(node["grid_zone"], key_prefix + "grid_zone",
              fmt::format("grid zone {} ships no price series; give energy_price (e.g. \"42 "
                          "EUR/MWh\")",
                          zone.name));
  }
  return site;
}

SiteYear load_site_year(const SiteLocation& location, const std::string& climate_path,
                        const Catalog& catalog, int year) {
  const grid::GridCatalog grid = grid::GridCatalog::built_in();
  const grid::GridZone& zone = *grid.find_zone(location.grid_zone);
  const CostModelSpec& cost_model = *catalog.find_cost_model(location.cost_model);
  SiteYear y;
  y.year = year;
  y.outdoor_c = outdoor_year(location, climate_path, grid, year);
  const auto accounting = location.carbon_accounting == "lifecycle"
                              ? grid::CarbonAccounting::kLifecycle
                              : grid::CarbonAccounting::kDirect;
  const grid::CarbonSeries carbon = grid::carbon_intensity_year(zone, accounting, year);
  y.carbon_g_per_j.assign(carbon.base_values().begin(), carbon.base_values().end());
  y.price_eur_per_kwh.resize(y.outdoor_c.size());
  if (location.energy_price) {
    std::fill(y.price_eur_per_kwh.begin(), y.price_eur_per_kwh.end(),
              location.energy_price->base * kJoulesPerKwh);
    y.price_source =
        fmt::format("fixed {:.2f} EUR/MWh", location.energy_price->base * kJoulesPerKwh * 1e3);
  } else {
    std::optional<double> usd_per_eur;
    if (zone.price_currency == "USD") {
      // The grid layer does not convert: the rate is the cost model's (data/SOURCES.md
      // ecb-eur-usd-2024), inverted.
      usd_per_eur = 1.0 / cost_model.eur_per_usd;
      y.usd_per_eur = *usd_per_eur;
    }
    const grid::PriceSeries price = grid::price_year_eur(zone, year, usd_per_eur);
    const auto v = price.base_values();
    for (size_t h = 0; h < y.price_eur_per_kwh.size(); ++h) {
      y.price_eur_per_kwh[h] = v[h] * kJoulesPerKwh;
    }
    y.price_source = usd_per_eur
                         ? fmt::format("{} hourly profile in USD at {:.4f} USD/EUR (cost model {})",
                                       zone.price_area, *usd_per_eur, cost_model.name)
                         : fmt::format("{} hourly profile", zone.price_area);
  }
  assert(y.carbon_g_per_j.size() == y.outdoor_c.size());
  return y;
}

}  // namespace aidcsim
