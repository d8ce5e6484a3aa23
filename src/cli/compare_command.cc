// `aidcsim compare DIR_A DIR_B`: every numeric figure of two runs' summary.json side by side,
// and a comparison report (compare.html) with both runs' latency curves and time series.
#include <fmt/format.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "cli/report_files.h"
#include "report/compare.h"
#include "report/html_report.h"

namespace aidcsim::cli {
namespace {

struct CompareOptions {
  std::string a;
  std::string b;
  std::string output;
};

// The last component of a folder as given ("out/run-a/" -> "run-a").
std::string folder_name(const std::string& dir) {
  std::filesystem::path p = std::filesystem::path(dir).lexically_normal();
  if (p.filename().empty()) p = p.parent_path();
  std::string name = p.filename().string();
  if (name.empty() || name == "." || name == "..") {
    name = std::filesystem::absolute(p).lexically_normal().filename().string();
  }
  return name.empty() ? "run" : name;
}

int compare(const CompareOptions& opts) {
  const std::string text_a = read_summary(opts.a);
  const std::string text_b = read_summary(opts.b);
  using Json = nlohmann::ordered_json;
  const std::vector<FigureDiff> diffs =
      diff_numeric_leaves(Json::parse(text_a), Json::parse(text_b));
  fmt::print("{}", format_diff_table(diffs, opts.a, opts.b));
  const std::string dir = opts.output.empty()
                              ? "out/compare-" + folder_name(opts.a) + "-vs-" + folder_name(opts.b)
                              : opts.output;
  const std::string path = (std::filesystem::path(dir) / "compare.html").string();
  write_file_atomically(
      path, compare_report_html(
                CompareSide{opts.a, text_a, read_run_file(opts.a, "timeseries.csv").value_or("")},
                CompareSide{opts.b, text_b, read_run_file(opts.b, "timeseries.csv").value_or("")},
                figure_diffs_json(diffs)));
  fmt::print("comparison report: {}\n", path);
  return 0;
}

}  // namespace

void add_compare_command(CLI::App& app, CommandContext& ctx) {
  auto* sub = app.add_subcommand(
      "compare",
      "Compare two runs: prints every numeric figure of DIR_A/summary.json and "
      "DIR_B/summary.json with B-A and the relative change, and writes OUT/compare.html (one "
      "self-contained file: the figure table, both runs' latency CDFs and time series). "
      "Exit 2 when a folder has no summary.json.");
  auto opts = std::make_shared<CompareOptions>();
  sub->add_option("dir_a", opts->a, "output folder of the first run (A)")->required();
  sub->add_option("dir_b", opts->b, "output folder of the second run (B)")->required();
  sub->add_option("-o,--output", opts->output,
                  "folder for compare.html (default: out/compare-<A folder name>-vs-<B folder "
                  "name>)");
  sub->callback([&ctx, opts] { ctx.action = [opts] { return compare(*opts); }; });
}

}  // namespace aidcsim::cli
