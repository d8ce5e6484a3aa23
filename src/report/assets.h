// Files compiled into the binary for the HTML reports, so that a report is one
// self-contained file wherever aidcsim runs: the charting library (uPlot, from npm, pinned in
// tools/report/package.json), the report's own script and style (src/report/assets/), and
// data/SOURCES.md, whose rows the report quotes for the catalog entries a run used.
#pragma once

#include <string_view>

namespace aidcsim::report_assets {

std::string_view uplot_js();
std::string_view uplot_css();
std::string_view uplot_version();
std::string_view report_js();
std::string_view report_css();
std::string_view sources_md();

}  // namespace aidcsim::report_assets
