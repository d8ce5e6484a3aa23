// Checks the serving simulation's latencies against NVIDIA's published NIM benchmarks
// (data/validation/nim_llama33_70b_2xh100_fp8.csv, source row nim-llama33-70b-h100-latency):
// Llama 3.3 70B on 2 x H100 in fp8 (TP2, a TensorRT-LLM engine), closed-loop clients at
// concurrency 1 to 250, five input/output pairs; measured mean TTFT, mean inter-token latency
// (ITL) and output tokens/s. The inference half of the twin is checked here on latency at a
// known load, which MLPerf's p99 rows (bench/validate_serving) cannot separate from capacity.
//
// A closed loop of N clients with no think time keeps N requests in the engine: each
// completion is followed at once by a new request. Simulated as all requests queued at t = 0
// with max_batch_size N, which keeps N requests running (fewer where the KV cache holds fewer:
// "saturated", as the measured engine is where its TTFT jumps); the per-request TPOT mean is
// the ITL, compared on every row with the output tokens/s. TTFT is compared at one client
// only, where it is the prefill latency of one prompt: with N > 1 the emulation starts and
// keeps the N fixed-length requests in step (they complete together and their prompts are
// prefilled together), where real clients drift apart, so its TTFT says little. Engine settings:
// weights and KV fp8, KV admission reserve-full (TensorRT-LLM's default), max tokens per step 8192
// (TensorRT-LLM's default max_num_tokens), KV cache 90% of the memory the weights leave
// (TensorRT-LLM's default kv_cache_free_gpu_mem_fraction), batching chunked; NIM's own profile
// settings are not published (assumptions, data/SOURCES.md nim-llama33-70b-h100-latency). Nothing
// is fitted to these rows.
//
// Usage: validate_nim [--step-overhead MS] [--check]
//   --step-overhead MS: the engine's time per step outside the kernels (default 2.5 ms);
//   --check: exit 1 when the median ITL error exceeds the 15% latency target.
// The table is in docs/validation-trtllm.md (scripts/update-docs.sh regenerates it).
#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

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
  int64_t input_tokens = 0, output_tokens = 0, concurrency = 0;
  double ttft_ms = 0, itl_ms = 0, output_tokens_per_s = 0;
};

std::vector<Row> read_rows(const std::string& path) {
  std::vector<Row> rows;
  for (const bench::CsvRecord& v : bench::read_csv_records(path)) {
    Row r;
    r.input_tokens = v.count("input_tokens");
    r.output_tokens = v.count("output_tokens");
    r.concurrency = v.count("concurrency");
    r.ttft_ms = v.number("ttft_ms");
    r.itl_ms = v.number("itl_ms");
    r.output_tokens_per_s = v.number("output_tokens_per_s");
    rows.push_back(r);
  }
  return rows;
}

// TensorRT-LLM's default kv_cache_free_gpu_mem_fraction (executor KvCacheConfig).
constexpr double kKvFreeMemoryFraction = 0.90;
constexpr int64_t kTensorParallel = 2;
// Requests per client: enough completions per client for the means to settle past the
// start, when all N prompts arrive together.
constexpr int64_t kRequestsPerClient = 8;

struct Predicted {
  double ttft_from_admission_ms = 0, itl_ms = 0, output_tokens_per_s = 0;
  int64_t kv_capacity_tokens = 0;
};

Predicted simulate(const Row& r, double memory_share, const std::string& step_overhead) {
  const std::string text = bench::scenario_yaml(
      {.name = fmt::format("nim-{}-{}-{}", r.input_tokens, r.output_tokens, r.concurrency),
       .model = "llama-3-70b",
       .system = "hgx-h100-8",
       .dtype = "fp8",
       .tensor_parallel = kTensorParallel,
       .memory_utilization = memory_share,
       .kv_admission = "reserve-full",
       .step_overhead = step_overhead,
       .max_batch_size = r.concurrency,
       .max_batch_tokens = 8192,
       .requests = std::max<int64_t>(40, kRequestsPerClient * r.concurrency),
       .input_tokens = r.input_tokens,
       .output_tokens = r.output_tokens});
  const RunResult run =
      run_scenario(load_scenario(text, "validate_nim.yaml", Catalog::built_in()), nullptr);
  const ServiceResult& s = run.serving.services.at(0);
  Predicted p;
  p.ttft_from_admission_ms = (s.ttft_s.mean() - s.queueing_s.mean()) * 1e3;
  p.itl_ms = s.tpot_s.mean() * 1e3;
  p.output_tokens_per_s = static_cast<double>(s.output_tokens) / run.serving.end_time.seconds();
  p.kv_capacity_tokens = run.deployments.at(0).kv_capacity_tokens;
  return p;
}

}  // namespace

int main(int argc, char** argv) {
  std::string step_overhead = "2.5 ms";
  bool check = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--step-overhead" && i + 1 < argc) {
      const auto overhead = bench::step_overhead_option(argv[++i]);
      if (!overhead) {
        fmt::print(stderr, "validate_nim: --step-overhead {}: expected milliseconds, 0 to 1000\n",
                   argv[i]);
        return 2;
      }
      step_overhead = *overhead;
    } else if (arg == "--check") {
      check = true;
    } else {
      fmt::print(stderr, "validate_nim: unknown option {} (known: --step-overhead MS, --check)\n",
                 arg);
      return 2;
    }
  }
  const std::string csv =
      std::string(AIDCSIM_SOURCE_DIR) + "/data/validation/nim_llama33_70b_2xh100_fp8.csv";
  std::vector<Row> rows;
  try {
    rows = read_rows(csv);
  } catch (const std::exception& e) {
    fmt::print(stderr, "validate_nim: {}\n", e.what());
    return 2;
  }
  const Catalog& catalog = Catalog::built_in();
  const ModelSpec& model = *catalog.find_model("llama-3-70b");
  const AcceleratorSpec& h100 = *catalog.find_accelerator("h100-sxm");
  const double memory_share = bench::trtllm_memory_utilization(
      model.parameter_count() / static_cast<double>(kTensorParallel), h100.memory.base,
      kKvFreeMemoryFraction);

  fmt::print(
      "NIM 1.8.0 Llama 3.3 70B on 2 x H100, fp8 TP2, closed-loop clients vs aidcsim (all "
      "requests queued, max batch = concurrency, KV admission reserve-full, step overhead "
      "{}); TTFT at one client only; s = saturated (the KV cache holds fewer requests than the "
      "clients)\n\n",
      step_overhead);
  fmt::print(
      "| input | output | clients | fits | TTFT ms meas | pred | err % | ITL ms meas | pred | "
      "err % | tok/s meas | pred | err % |\n");
  fmt::print("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
  std::vector<double> ttft_errors, itl_errors, throughput_errors;
  for (const Row& r : rows) {
    Predicted p;
    try {
      p = simulate(r, memory_share, step_overhead);
    } catch (const std::exception& ex) {  // a row the simulation refuses (InputError)
      fmt::print(stderr, "validate_nim: {}: {}/{} at {} clients: {}\n", csv, r.input_tokens,
                 r.output_tokens, r.concurrency, ex.what());
      return 2;
    }
    const int64_t fits = p.kv_capacity_tokens / (r.input_tokens + r.output_tokens);
    const bool saturated = fits < r.concurrency;
    const double e_itl = pct_error(p.itl_ms, r.itl_ms);
    const double e_tput = pct_error(p.output_tokens_per_s, r.output_tokens_per_s);
    itl_errors.push_back(e_itl);
    throughput_errors.push_back(e_tput);
    std::string ttft_pred = "–", ttft_err = "–";
    if (r.concurrency == 1) {
      const double e_ttft = pct_error(p.ttft_from_admission_ms, r.ttft_ms);
      ttft_errors.push_back(e_ttft);
      ttft_pred = fmt::format("{:.1f}", p.ttft_from_admission_ms);
      ttft_err = fmt::format("{:+.1f}", e_ttft);
    }
    fmt::print(
        "| {} | {} | {} | {}{} | {:.1f} | {} | {} | {:.2f} | {:.2f} | {:+.1f} | {:.0f} | {:.0f} | "
        "{:+.1f} |\n",
        r.input_tokens, r.output_tokens, r.concurrency, fits, saturated ? " s" : "", r.ttft_ms,
        ttft_pred, ttft_err, r.itl_ms, p.itl_ms, e_itl, r.output_tokens_per_s,
        p.output_tokens_per_s, e_tput);
    std::fflush(stdout);
  }
  fmt::print("\n| metric | rows | median abs err % | max abs err % | target % | within target |\n");
  fmt::print("|---|---|---|---|---|---|\n");
  print_error_summary("ITL (mean)", itl_errors, 15);
  print_error_summary("TTFT (one client)", ttft_errors, 15);
  print_error_summary("output tokens/s", throughput_errors, 10);
  if (check && bench::median_abs(itl_errors) > 15.0) {
    fmt::print(stderr, "validate_nim: median ITL error {:.1f}% is over 15%\n",
               bench::median_abs(itl_errors));
    return 1;
  }
  return 0;
}
