// `aidcsim report DIR`: builds DIR/report.html again from the files of a run folder
// (summary.json, timeseries.csv, scenario.resolved.yaml), e.g. after an upgrade of aidcsim.
#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "cli/report_files.h"
#include "report/catalog_used.h"
#include "report/html_report.h"

namespace aidcsim::cli {
namespace {

struct ReportOptions {
  std::string dir;
  std::string output;
};

int report(const CommandContext& ctx, const ReportOptions& opts) {
  namespace fs = std::filesystem;
  RunReportInput input;
  input.summary_json = read_summary(opts.dir);
  input.timeseries_csv = read_run_file(opts.dir, "timeseries.csv").value_or("");
  input.resolved_yaml = read_run_file(opts.dir, "scenario.resolved.yaml").value_or("");
  const auto summary = nlohmann::json::parse(input.summary_json);
  input.title = summary.contains("scenario") && summary["scenario"].contains("name") &&
                        summary["scenario"]["name"].is_string()
                    ? summary["scenario"]["name"].get<std::string>()
                    : fs::path(opts.dir).lexically_normal().string();
  if (!input.resolved_yaml.empty()) {
    // The catalog entries used, from the resolved scenario; the report goes without them
    // when it no longer loads (a catalog file it names has moved, say).
    try {
      const LoadedScenario loaded = load_scenario(
          input.resolved_yaml, (fs::path(opts.dir) / "scenario.resolved.yaml").string(),
          ctx.load_catalog());
      input.catalog_entries = catalog_entries_used(loaded, input.summary_json);
      input.slos = service_slos(loaded);
    } catch (const InputError& e) {
      std::fprintf(stderr, "note: the report lists no catalog sources: %s\n",
                   e.diagnostics().empty() ? "" : e.diagnostics().front().format().c_str());
    }
  }
  const std::string path =
      opts.output.empty() ? (fs::path(opts.dir) / "report.html").string() : opts.output;
  write_file_atomically(path, run_report_html(input));
  fmt::print("report: {}\n", path);
  return 0;
}

}  // namespace

void add_report_command(CLI::App& app, CommandContext& ctx) {
  auto* sub = app.add_subcommand(
      "report",
      "Build the HTML report of a run folder again from its summary.json, timeseries.csv and "
      "scenario.resolved.yaml (`aidcsim run` already writes DIR/report.html).");
  auto opts = std::make_shared<ReportOptions>();
  sub->add_option("dir", opts->dir, "output folder of a run")->required();
  sub->add_option("-o,--output", opts->output, "file to write (default: DIR/report.html)");
  add_catalog_option(*sub, ctx);
  sub->callback([&ctx, opts] { ctx.action = [&ctx, opts] { return report(ctx, *opts); }; });
}

}  // namespace aidcsim::cli
