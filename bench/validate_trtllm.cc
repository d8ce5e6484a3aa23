// Checks the serving simulation against TensorRT-LLM's published throughput table
// (data/validation/trtllm_perf_overview.csv, source row trtllm-perf-overview): Llama 3.1 8B,
// Llama 3.3 70B and Llama 3.1 405B, each at ten fixed input/output lengths, measured by
// `trtllm-bench throughput` with every request queued at once, on H100 and H200 (FP8
// checkpoints) and on B200 and GB200 (FP4 checkpoints). The H100 rows are a second,
// independent check of the fp8 step times next to MLPerf (bench/validate_serving); the
// other GPUs check how the model transfers to devices it was not fitted on. The same page's
// data of TensorRT-LLM 0.17 (data/validation/trtllm_perf_overview_v017_mixtral.csv, source
// row trtllm-perf-overview-v017-mixtral) adds Mixtral 8x7B in FP8 on H100 and H200 at TP 1 to
// 8: the only check of the MoE step times on an engine's own benchmark; those rows ran
// TensorRT engines, which have no overlap scheduler, and stay outside --check. The engine
// configuration is fully determined by the benchmark's published heuristic:
//   - weights as the checkpoint (fp8 or fp4) and KV cache fp8 (trtllm-bench forces fp8 KV
//     for fp8 and fp4 checkpoints);
//   - the KV cache gets 95% of the memory the weights leave (kv_cache_free_gpu_mem_fraction);
//   - KV admission reserve-full: TensorRT-LLM's default capacity scheduler
//     (GUARANTEED_NO_EVICT) admits a request only when its whole length fits, and
//     trtllm-bench sets each request's max_tokens to its output length;
//   - max batch size and max tokens per step from trtllm-bench's tuning heuristic
//     (`calc_engine_setting` / `finetune_setting`, in trtllm_engine_limits.h);
//   - the overlap scheduler (on by default in the PyTorch backend the table was measured
//     with): the per-step engine overhead runs beside the GPU's kernels;
//   - the listed number of requests per input/output pair.
// Predicted: output tokens / time of the last completion. Nothing is fitted to these rows.
//
// Options: `--help` prints them with what each changes (main() declares them).
// The table is in docs/validation-trtllm.md (scripts/update-docs.sh regenerates it).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#include "bench_cli.h"
#include "catalog/catalog.h"
#include "scenario/run.h"
#include "scenario/scenario.h"
#include "trtllm_engine_limits.h"
#include "validation_table.h"

namespace {

using namespace aidcsim;
using bench::pct_error;
using bench::print_error_summary;

struct Row {
  std::string hf_model, model, gpu, system, dtype;
  int64_t tensor_parallel = 1, input_tokens = 0, output_tokens = 0, requests = 0;
  double output_tokens_per_s = 0;
  // A row of the version 0.17 Mixtral table: TensorRT engines (no overlap scheduler), grouped
  // apart and outside --check.
  bool v017_table = false;
};

// Rows of a committed CSV. A malformed file stops the bench (std::runtime_error).
std::vector<Row> read_rows(const std::string& path, bool v017_table) {
  std::vector<Row> rows;
  for (const bench::CsvRecord& v : bench::read_csv_records(path)) {
    Row r;
    r.v017_table = v017_table;
    r.hf_model = v.text("hf_model");
    r.model = v.text("catalog_model");
    r.gpu = v.text("gpu");
    r.system = v.text("system");
    r.dtype = v.text("dtype");
    r.tensor_parallel = v.count("tp");
    r.input_tokens = v.count("input_tokens");
    r.output_tokens = v.count("output_tokens");
    r.requests = v.count("requests");
    r.output_tokens_per_s = v.number("output_tokens_per_s");
    rows.push_back(r);
  }
  return rows;
}

// Bytes per weight of the checkpoint (trtllm-bench's BYTES_PER_ELEM: FP8 1, NVFP4 0.5).
double weight_bytes_per_parameter(const Row& r) {
  return r.dtype == "fp4" ? 0.5 : 1.0;
}

bench::TrtllmEngineLimits engine_limits(const ModelSpec& m, const AcceleratorSpec& gpu,
                                        const Row& r) {
  return bench::trtllm_engine_limits({.parameters = m.parameter_count(),
                                      .weight_bytes = weight_bytes_per_parameter(r),
                                      .layers = m.layers,
                                      .kv_heads = m.kv_heads,
                                      .head_dim = m.head_dim,
                                      .device_memory_bytes = gpu.memory.base,
                                      .tensor_parallel = r.tensor_parallel,
                                      .input_tokens = r.input_tokens,
                                      .output_tokens = r.output_tokens});
}

struct Predicted {
  double output_tokens_per_s = 0;
  int64_t kv_capacity_tokens = 0;
  uint64_t rejected = 0, preemptions = 0;
  double mean_batch = 0;
};

// Share of device memory for weights + KV cache: trtllm-bench's KV fraction of what the
// checkpoint's weights leave.
double memory_utilization(const ModelSpec& m, const AcceleratorSpec& gpu, const Row& r) {
  return bench::trtllm_memory_utilization(
      m.parameter_count() * weight_bytes_per_parameter(r) / static_cast<double>(r.tensor_parallel),
      gpu.memory.base, bench::kTrtllmKvCacheMemoryFraction);
}

struct Options {
  bool quick = false;  // two H100 rows, fewer requests
  bool check = false;
  const char* kv_admission = "reserve-full";
  std::string step_overhead = "2.5 ms";
  double per_sequence_overhead_us = 0;  // step_overhead_per_sequence
  bool overlap = true;  // TensorRT-LLM's overlap scheduler (source row trtllm-overlap-scheduler)
};

Predicted simulate(const Row& r, const bench::TrtllmEngineLimits& e, double memory_share,
                   int64_t requests, const Options& o) {
  const std::string text = bench::scenario_yaml(
      {.name = fmt::format("trtllm-{}-{}-{}", r.model, r.input_tokens, r.output_tokens),
       .model = r.model,
       .system = r.system,
       .dtype = r.dtype,
       .tensor_parallel = r.tensor_parallel,
       .memory_utilization = memory_share,
       .kv_admission = o.kv_admission,
       .step_overhead = o.step_overhead,
       .step_overhead_per_sequence_us = o.per_sequence_overhead_us,
       .overlap_scheduling = o.overlap && !r.v017_table,
       .max_batch_size = e.max_batch_size,
       .max_batch_tokens = e.max_num_tokens,
       .requests = requests,
       .input_tokens = r.input_tokens,
       .output_tokens = r.output_tokens});
  const RunResult run =
      run_scenario(load_scenario(text, "validate_trtllm.yaml", Catalog::built_in()), nullptr);
  const ServiceResult& s = run.serving.services.at(0);
  Predicted p;
  p.output_tokens_per_s = static_cast<double>(s.output_tokens) / run.serving.end_time.seconds();
  p.kv_capacity_tokens = run.deployments.at(0).kv_capacity_tokens;
  p.rejected = s.rejected;
  p.preemptions = s.preemptions;
  p.mean_batch = s.batch_size.count() > 0 ? s.batch_size.mean() : 0.0;
  return p;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  CLI::App app(
      "Simulates trtllm-bench's maximum-throughput runs of TensorRT-LLM's performance "
      "overview (data/validation/trtllm_perf_overview*.csv) and prints predicted vs measured "
      "output tokens/s per GPU (docs/validation-trtllm.md).",
      "validate_trtllm");
  app.add_flag("--quick", o.quick, "two H100 rows with fewer requests (a smoke run)");
  app.add_flag("--check", o.check,
               "exit 1 when the median absolute error of the H100 rows is over the 10% target");
  bool on_demand = false;
  app.add_flag("--on-demand", on_demand,
               "KV blocks taken as tokens are stored (vLLM) instead of reserved for the whole "
               "request at admission (TensorRT-LLM's GUARANTEED_NO_EVICT)");
  bool no_overlap = false;
  app.add_flag("--no-overlap", no_overlap,
               "no overlap scheduler: the host's step overhead is not hidden behind the GPU");
  double step_overhead_ms = 2.5;
  bench::add_step_overhead_option(app, step_overhead_ms);
  bench::add_per_sequence_overhead_option(app, o.per_sequence_overhead_us);
  if (const auto code = bench::parse_command_line(app, argc, argv)) return *code;
  if (on_demand) o.kv_admission = "on-demand";
  o.overlap = !no_overlap;
  o.step_overhead = bench::milliseconds_text(step_overhead_ms);
  const std::string csv =
      std::string(AIDCSIM_SOURCE_DIR) + "/data/validation/trtllm_perf_overview.csv";
  // The same page's data of version 0.17 (TensorRT engines), the last with Mixtral 8x7B.
  const std::string mixtral_csv =
      std::string(AIDCSIM_SOURCE_DIR) + "/data/validation/trtllm_perf_overview_v017_mixtral.csv";
  std::vector<Row> rows;
  try {
    rows = read_rows(csv, false);
    std::vector<Row> mixtral = read_rows(mixtral_csv, true);
    rows.insert(rows.end(), mixtral.begin(), mixtral.end());
  } catch (const std::exception& e) {
    fmt::print(stderr, "validate_trtllm: {}\n", e.what());
    return 2;
  }
  if (o.quick) {
    std::vector<Row> pick;
    for (const Row& r : rows) {
      if (r.gpu == "h100-sxm" && r.input_tokens == 1000 && r.output_tokens == 1000 &&
          r.tensor_parallel <= 2) {
        pick.push_back(r);
      }
    }
    rows = pick;
  }
  const Catalog& catalog = Catalog::built_in();

  fmt::print(
      "TensorRT-LLM throughput (trtllm-bench, all requests queued) vs aidcsim (batching "
      "chunked, KV fp8, limits from trtllm-bench's heuristic, KV admission {}, step overhead "
      "{}{}{})\n\n",
      o.kv_admission, o.step_overhead,
      o.per_sequence_overhead_us > 0
          ? fmt::format(" + {} us per sequence", o.per_sequence_overhead_us)
          : "",
      o.overlap ? " overlapped with the kernels (PyTorch-backend rows)" : "");
  fmt::print(
      "| model | GPU | TP | input | output | requests | max batch | max tokens/step | KV "
      "capacity tokens | mean batch | measured tok/s | predicted tok/s | err % |\n");
  fmt::print("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
  // Errors by GPU and by GPU and model, each in the order the rows first name them.
  using Groups = std::vector<std::pair<std::string, std::vector<double>>>;
  Groups by_gpu, by_gpu_model;
  const auto add_error = [](Groups& groups, const std::string& group, double err) {
    auto it =
        std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.first == group; });
    if (it == groups.end()) {
      groups.emplace_back(group, std::vector<double>{});
      it = std::prev(groups.end());
    }
    it->second.push_back(err);
  };
  std::vector<double> h100_errors, all_errors;
  for (const Row& r : rows) {
    const ModelSpec* model = catalog.find_model(r.model);
    const AcceleratorSpec* gpu = catalog.find_accelerator(r.gpu);
    if (model == nullptr || gpu == nullptr || catalog.find_system(r.system) == nullptr) {
      fmt::print(stderr, "validate_trtllm: {}: '{}', '{}' or '{}' is not in the catalog\n", csv,
                 r.model, r.gpu, r.system);
      return 2;
    }
    const bench::TrtllmEngineLimits e = engine_limits(*model, *gpu, r);
    const int64_t requests = o.quick ? std::min<int64_t>(r.requests, 600) : r.requests;
    Predicted p;
    try {
      p = simulate(r, e, memory_utilization(*model, *gpu, r), requests, o);
    } catch (const std::exception& ex) {  // a row the simulation refuses (InputError)
      fmt::print(stderr, "validate_trtllm: {}: {} {} {}/{}: {}\n", csv, r.hf_model, r.gpu,
                 r.input_tokens, r.output_tokens, ex.what());
      return 2;
    }
    const double err = pct_error(p.output_tokens_per_s, r.output_tokens_per_s);
    // The v0.17 Mixtral table is grouped apart (another engine and release) and by TP size.
    const std::string table = r.v017_table ? ", v0.17 TensorRT" : "";
    add_error(by_gpu, r.gpu + " " + r.dtype + table, err);
    add_error(by_gpu_model,
              r.gpu + " " + r.dtype + ", " + r.hf_model + table +
                  (r.v017_table ? fmt::format(", TP{}", r.tensor_parallel) : ""),
              err);
    if (r.gpu == "h100-sxm" && !r.v017_table) h100_errors.push_back(err);
    all_errors.push_back(err);
    fmt::print(
        "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {:.0f} | {:.0f} | {:.0f} | {:+.1f} |\n",
        r.hf_model + table, r.gpu, r.tensor_parallel, r.input_tokens, r.output_tokens, requests,
        e.max_batch_size, e.max_num_tokens, p.kv_capacity_tokens, p.mean_batch,
        r.output_tokens_per_s, p.output_tokens_per_s, err);
    if (p.rejected > 0 || p.preemptions > 0) {
      fmt::print("|   | (note: {} rejected, {} preemptions) ||||||||||||\n", p.rejected,
                 p.preemptions);
    }
    std::fflush(stdout);
  }
  fmt::print("\n| rows | count | median abs err % | max abs err % | target % | within target |\n");
  fmt::print("|---|---|---|---|---|---|\n");
  for (const Groups* groups : {&by_gpu, &by_gpu_model}) {
    for (const auto& [name, errors] : *groups) print_error_summary(name.c_str(), errors, 10);
  }
  print_error_summary("all", all_errors, 10);
  if (o.check) {
    const double median = bench::median_abs(h100_errors);
    if (median > 10.0) {
      fmt::print(stderr, "validate_trtllm: H100 median absolute error {:.1f}% is over 10%\n",
                 median);
      return 1;
    }
  }
  return 0;
}
