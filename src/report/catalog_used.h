// What the report takes from the scenario besides the run's outputs: the catalog entries it
// used (for the table of sources) and its services' latency targets.
#pragma once

#include <string>
#include <vector>

#include "report/html_report.h"
#include "scenario/scenario.h"

namespace aidcsim {

// The models, systems, accelerators, system prices and API prices of the scenario's
// services, and the site named in the summary (with its cooling design and electrical chain)
// when there is one; each once, in that order.
std::vector<CatalogEntryUsed> catalog_entries_used(const LoadedScenario& loaded,
                                                   const std::string& summary_json);

// The latency targets of the scenario's services (those with none are left out).
std::vector<ServiceSlo> service_slos(const LoadedScenario& loaded);

}  // namespace aidcsim
