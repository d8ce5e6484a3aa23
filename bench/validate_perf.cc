// Compares the performance model with every measured row of Vidur's profiles
// (../shared/data/profiles/vidur/profiling: per-operator times on H100, A100, A40 and
// all-reduce / send-recv latencies) and prints median and 90th-percentile absolute
// percentage errors per GPU x operator family x TP degree, plus the collectives.
//
// Options: `--help` prints them with what each changes (main() declares them).
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "bench_cli.h"
#include "catalog/catalog.h"
#include "perf/fit.h"
#include "perf/validation.h"
#include "perf/vidur_profile.h"

using namespace aidcsim;
using namespace aidcsim::perf;

namespace {

using Key = std::tuple<std::string, std::string, int64_t>;  // device, group, tp

std::map<Key, std::vector<double>> group_errors(const std::vector<Comparison>& rows) {
  std::map<Key, std::vector<double>> g;
  for (const Comparison& c : rows) g[{c.device, c.group, c.tp}].push_back(c.abs_pct_error());
  return g;
}

void print_table(const std::string& title, const std::vector<const char*>& columns,
                 const std::vector<std::map<Key, std::vector<double>>>& sets) {
  std::printf("\n%s\n\n| GPU | family | TP | rows |", title.c_str());
  for (const char* c : columns) std::printf(" %s median %% | %s p90 %% |", c, c);
  std::printf("\n|---|---|---|---|");
  for (size_t i = 0; i < columns.size(); ++i) std::printf("---|---|");
  std::printf("\n");
  for (const auto& [key, errors] : sets[0]) {
    const auto& [device, group, tp] = key;
    std::printf("| %s | %s | %lld | %zu |", device.c_str(), group.c_str(),
                static_cast<long long>(tp), errors.size());
    for (const auto& set : sets) {
      const auto it = set.find(key);
      if (it == set.end()) {
        std::printf(" - | - |");
        continue;
      }
      const ErrorStats s = error_stats(it->second);
      std::printf(" %.1f | %.1f |", s.median_pct, s.p90_pct);
    }
    std::printf("\n");
  }
}

void print_family_summary(const char* title, const std::vector<Comparison>& rows) {
  std::map<std::pair<std::string, std::string>, std::vector<double>> g;
  for (const Comparison& c : rows) g[{c.device, c.group}].push_back(c.abs_pct_error());
  std::printf("\n%s\n\n| GPU | family | rows | median %% | p90 %% |\n|---|---|---|---|---|\n",
              title);
  for (const auto& [key, errors] : g) {
    const ErrorStats s = error_stats(errors);
    std::printf("| %s | %s | %zu | %.1f | %.1f |\n", key.first.c_str(), key.second.c_str(), s.count,
                s.median_pct, s.p90_pct);
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::string data_dir = shared_data_dir();
  bool fit = false, transfer = false;
  CLI::App app(
      "Compares the performance model with every measured row of the Vidur operator profiles "
      "and prints the error table (docs/perf-model.md).",
      "validate_perf");
  app.add_option("--data", data_dir,
                 "the shared data folder, holding profiles/vidur/profiling (default: "
                 "$AIDCSIM_SHARED_DATA, else $AIDCSIM_SOURCE_DIR/../shared/data, else "
                 "../shared/data)")
      ->type_name("DIR");
  app.add_flag("--fit", fit, "refit the constants and print them as calibration.cc initialisers");
  app.add_flag("--transfer", transfer,
               "also refit the global constants without each GPU in turn and report the error "
               "on the left-out GPU (how the model does on hardware it never saw)");
  if (const auto code = bench::parse_command_line(app, argc, argv)) return *code;
  if (data_dir.empty()) data_dir = "../shared/data";
  const std::string profiling = data_dir + "/profiles/vidur/profiling";
  if (!std::filesystem::is_directory(profiling)) {
    std::fprintf(stderr, "validate_perf: no Vidur profiles at %s (set AIDCSIM_SHARED_DATA)\n",
                 profiling.c_str());
    return 2;
  }
  const Catalog catalog = Catalog::built_in();
  const VidurDataset data = load_vidur_dataset(profiling);
  std::printf("Vidur profiles: %zu compute rows, %zu collective rows, from %s\n", data.mlp.size(),
              data.collectives.size(), profiling.c_str());

  if (fit) {
    const FittedConstants c = fit_constants(data, catalog);
    std::printf("\nFitted on %zu operator samples and %zu collective samples:\n\n%s",
                c.compute_samples, c.collective_samples, format_constants(c).c_str());
    return 0;
  }

  const auto device = [](std::string_view a) -> const KernelCalibration& {
    return kernel_calibration_for(a);
  };
  const auto global = [](std::string_view) -> const KernelCalibration& {
    return global_kernel_calibration();
  };
  const std::vector<Comparison> calibrated = compare_mlp(data.mlp, catalog, device);
  const std::vector<Comparison> with_global = compare_mlp(data.mlp, catalog, global);
  std::vector<const char*> columns = {"per-GPU", "global"};
  std::vector<std::map<Key, std::vector<double>>> sets = {group_errors(calibrated),
                                                          group_errors(with_global)};
  std::vector<Comparison> left_out;
  if (transfer) {
    for (const char* gpu : {"a100", "a40", "h100"}) {
      std::vector<std::string> others;
      for (const char* g : {"a100", "a40", "h100"}) {
        if (std::string(g) != gpu) others.push_back(g);
      }
      const FittedConstants c = fit_constants(data, catalog, others);
      std::vector<VidurMlpRow> rows;
      for (const auto& r : data.mlp) {
        if (r.gpu == gpu) rows.push_back(r);
      }
      const KernelCalibration k = c.global_kernels;
      auto cmp = compare_mlp(rows, catalog,
                             [&](std::string_view) -> const KernelCalibration& { return k; });
      left_out.insert(left_out.end(), cmp.begin(), cmp.end());
    }
    columns.push_back("left-out");
    sets.push_back(group_errors(left_out));
  }
  print_table(
      "Operators: absolute % error per GPU x family x TP, with each GPU's fitted constants "
      "(per-GPU), the global constants (global)" +
          std::string(transfer ? ", and global constants refitted without that GPU (left-out)"
                               : ""),
      columns, sets);
  print_family_summary("Operators, all TP degrees, per-GPU constants:", calibrated);
  print_family_summary("Operators, all TP degrees, global constants:", with_global);
  if (transfer) print_family_summary("Operators, GPU left out of the fit:", left_out);

  const auto dev_c = [](std::string_view a) -> const CollectiveCalibration& {
    return collective_calibration_for(a);
  };
  const auto glob_c = [](std::string_view) -> const CollectiveCalibration& {
    return global_collective_calibration();
  };
  const CollectiveComparisons cc = compare_collectives(data.collectives, catalog, dev_c);
  const CollectiveComparisons cg = compare_collectives(data.collectives, catalog, glob_c);
  print_table("Collectives: absolute % error per environment x collective x ranks",
              {"per-GPU", "global"}, {group_errors(cc.rows), group_errors(cg.rows)});
  std::printf("\nCollective rows not modelled:\n");
  for (const auto& [reason, n] : cc.skipped) std::printf("- %s: %zu rows\n", reason.c_str(), n);
  return 0;
}
