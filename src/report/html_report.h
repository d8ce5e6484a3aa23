// The self-contained HTML reports: `report.html` of a run and `compare.html` of
// `aidcsim compare`. One file each, with the charting library, the report's script and style
// and every figure inlined, so that it opens in any browser with no network. The page builds
// its charts from the inlined text of the run's own outputs (summary.json, timeseries.csv),
// showing each chart only when its figures are there.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace aidcsim {

// One catalog entry that a run used, with the ids of the data/SOURCES.md rows it names.
struct CatalogEntryUsed {
  std::string kind;  // "model", "system", "accelerator", "site", ...
  std::string name;
  std::vector<std::string> source;
};

// A service's latency targets from the scenario, drawn on its CDFs when summary.json does not
// carry them itself.
struct ServiceSlo {
  std::string service;
  std::optional<double> ttft_s;
  std::optional<double> tpot_s;
};

struct RunReportInput {
  std::string title;           // the scenario's name
  std::string summary_json;    // text of summary.json (must be JSON)
  std::string timeseries_csv;  // text of timeseries.csv (wide or long layout)
  std::string resolved_yaml;   // text of scenario.resolved.yaml
  std::vector<CatalogEntryUsed> catalog_entries;
  std::vector<ServiceSlo> slos;
};

std::string run_report_html(const RunReportInput& input);

// One side of a comparison: a run folder's label and outputs.
struct CompareSide {
  std::string label;           // the folder as given on the command line
  std::string summary_json;    // text of its summary.json (must be JSON)
  std::string timeseries_csv;  // text of its timeseries.csv ("" when absent)
};

// `diff_json`: the figure table as JSON (see compare.h: figure_diffs_json).
std::string compare_report_html(const CompareSide& a, const CompareSide& b,
                                const std::string& diff_json);

// Text made safe for HTML element content and attribute values (& < > " ').
std::string escape_html(std::string_view text);
// JSON text made safe inside <script type="application/json">: `<`, `>` and `&` become \u
// escapes (they can only occur inside JSON strings, where the escape means the same).
std::string json_for_script(std::string_view json);

// The rows of data/SOURCES.md (compiled in) for the given ids, as a JSON object
// {id: {column title: cell}}; ids without a row are left out.
std::string source_rows_json(const std::vector<std::string>& ids);

}  // namespace aidcsim
