// Where a site stands and how its energy is counted — the keys shared by site plan files
// (`aidcsim plan`) and the `site:` block of scenarios — and the hourly series of one calendar
// year there: outdoor dry bulb, grid carbon intensity, energy price.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "core/schema.h"
#include "core/units.h"
#include "grid/zones.h"

namespace aidcsim {

struct SiteLocation {
  std::string site;                       // catalog site
  std::optional<std::string> cooling;     // catalog cooling design; default: the site's
  std::optional<std::string> electrical;  // catalog electrical chain; default: the site's
  std::string climate;    // grid climate name, or a path to an EPW file (relative to the file)
  std::string grid_zone;  // grid zone for carbon and price
  std::string carbon_accounting = "direct";   // "direct" or "lifecycle"
  std::optional<Temperature> design_outdoor;  // default: the site's catalog value
  std::string cost_model = "default";
  std::optional<EnergyPrice> energy_price;  // a fixed contract price instead of the zone's series
};

bool is_epw_path(const std::string& climate);

// Adds the SiteLocation keys to the schema of T (a type derived from SiteLocation).
template <class T>
void add_site_location_fields(schema::ObjectSchema<T>& s, const Catalog& catalog,
                              const grid::GridCatalog& grid) {
  using L = SiteLocation;
  s.field("site", static_cast<std::string T::*>(&L::site),
          "catalog site (phases, rack limit, cooling, chain)",
          {.name_check = [&catalog](const std::string& n) { return catalog.check_site(n); }})
      .field("cooling", static_cast<std::optional<std::string> T::*>(&L::cooling),
             "catalog cooling design replacing the site's (absent: the site's)",
             {.name_check =
                  [&catalog](const std::string& n) { return catalog.check_cooling_design(n); }})
      .field("electrical", static_cast<std::optional<std::string> T::*>(&L::electrical),
             "catalog electrical chain replacing the site's (absent: the site's)",
             {.name_check =
                  [&catalog](const std::string& n) { return catalog.check_electrical_chain(n); }})
      .field("climate", static_cast<std::string T::*>(&L::climate),
             "outdoor weather: a shipped climate (paris-orly, frankfurt, philadelphia, london) "
             "or the path of an EnergyPlus .epw file, relative to this file",
             {.name_check = [&grid](const std::string& n) -> std::string {
               if (is_epw_path(n)) return "";
               const std::string error = grid.check_climate(n);
               return error.empty() ? "" : error + ", or the path of an .epw file";
             }})
      .field("grid_zone", static_cast<std::string T::*>(&L::grid_zone),
             "grid zone of the carbon intensity and price series (FR, DE, GB, PJM)",
             {.name_check = [&grid](const std::string& n) { return grid.check_zone(n); }})
      .field("carbon_accounting", static_cast<std::string T::*>(&L::carbon_accounting),
             "carbon intensity counted at the plant (direct) or over the life cycle",
             {.default_text = "direct", .choices = {"direct", "lifecycle"}})
      .field("design_outdoor", static_cast<std::optional<Temperature> T::*>(&L::design_outdoor),
             "design-day outdoor dry bulb for the capacity check (absent: the site's catalog "
             "value)",
             {.min = -60.0, .max = 60.0, .allow_negative = true})
      .field(
          "cost_model", static_cast<std::string T::*>(&L::cost_model),
          "catalog cost model (capex, lives, EUR per USD)",
          {.default_text = "default",
           .name_check = [&catalog](const std::string& n) { return catalog.check_cost_model(n); }})
      .field("energy_price", static_cast<std::optional<EnergyPrice> T::*>(&L::energy_price),
             "fixed energy price replacing the zone's hourly price series (required for a zone "
             "that ships none, e.g. GB)",
             {.allow_negative = false});
}

// The checks across keys, reported at `node`'s lines (the mapping holding the keys): an EPW
// file that cannot be opened, a zone without prices and no energy_price. Returns the catalog
// site with the cooling / electrical overrides applied, and sets `climate_path` to the
// resolved EPW path ("" for a shipped climate). `file` is the file being read (paths are
// relative to its folder).
SiteSpec resolve_site_location(const SiteLocation& location, const Catalog& catalog,
                               const YAML::Node& node, const std::string& key_prefix,
                               const schema::Context& ctx, std::string& climate_path);

// One calendar year of hourly series at the site (8,760 or 8,784 values each).
struct SiteYear {
  int year = 0;
  std::vector<double> outdoor_c;
  std::vector<double> carbon_g_per_j;
  std::vector<double> price_eur_per_kwh;
  std::string price_source;  // where the € of energy come from, for the reader
  double usd_per_eur = 0.0;  // applied to a USD price series; 0 when none was needed
};
SiteYear load_site_year(const SiteLocation& location, const std::string& climate_path,
                        const Catalog& catalog, int year);

}  // namespace aidcsim
