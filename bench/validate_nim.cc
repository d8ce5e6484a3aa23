// Checks the serving simulation's latencies against NVIDIA's published NIM benchmarks
// (data/validation/nim_llama33_70b_2xh100_fp8.csv, source row nim-llama33-70b-h100-latency):
// Llama 3.3 70B on 2 x H100 in fp8 (TP2, a TensorRT-LLM engine), closed-loop clients at
// concurrency 1 to 250, five input/output pairs; measured mean TTFT, mean inter-token latency
// (ITL) and output tokens/s. The inference half of the twin is checked here on latency at a
// known load, which MLPerf's p99 rows (bench/validate_serving) cannot separate from capacity.
//
// Each row runs as the benchmark did: N closed-loop clients (`arrival: closed`, no think
// time), 10 requests each, fixed lengths; means over the steady state (the first and last
// rounds left out). Clients started together stay in step in a simulation without jitter
// (their prompts are prefilled together every round), where real clients drift apart by an
// unmeasured amount, so each row runs twice: in step, and spread (first requests evenly over
// one request's latency). TTFT is printed for both; ITL and throughput are the spread run's.
// Engine settings: weights and KV fp8, KV admission reserve-full (TensorRT-LLM's default), max
// tokens per step 8192 (TensorRT-LLM's default max_num_tokens), KV cache 90% of the memory the
// weights leave (TensorRT-LLM's default kv_cache_free_gpu_mem_fraction), batching chunked; NIM's
// own profile settings are not published (assumptions, data/SOURCES.md
// nim-llama33-70b-h100-latency). Nothing is fitted to these rows.
//
// Options: `--help` prints them with what each changes (main() declares them).
// The table is in docs/validation-nim.md (scripts/update-docs.sh regenerates it).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>
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

constexpr int64_t kTensorParallel = 2;
// Requests per client. The first round (all clients' first requests, sent together at t = 0)
// and the last (issued while clients start stopping at the request cap) are left out of the
// means, which leaves 8 requests per client in the steady state.
constexpr int64_t kRequestsPerClient = 10;

struct Predicted {
  double ttft_ms = 0, itl_ms = 0, e2e_s = 0, output_tokens_per_s = 0;
  int64_t kv_capacity_tokens = 0;
};

// The clients' first requests are spread evenly over `ramp_up_s`.
Predicted simulate(const Row& r, double memory_share, const std::string& step_overhead,
                   bool overlap, double ramp_up_s) {
  const int64_t requests = kRequestsPerClient * r.concurrency;
  const std::string text = bench::scenario_yaml(
      {.name = fmt::format("nim-{}-{}-{}", r.input_tokens, r.output_tokens, r.concurrency),
       .model = "llama-3-70b",
       .system = "hgx-h100-8",
       .dtype = "fp8",
       .tensor_parallel = kTensorParallel,
       .memory_utilization = memory_share,
       .kv_admission = "reserve-full",
       .step_overhead = step_overhead,
       .overlap_scheduling = overlap,
       .max_batch_size = r.concurrency,
       .max_batch_tokens = 8192,
       .requests = requests,
       .input_tokens = r.input_tokens,
       .output_tokens = r.output_tokens,
       .clients = r.concurrency,
       .ramp_up_s = ramp_up_s});
  // Means over the steady-state requests: ids (issue order) past the first round and before
  // the last.
  const auto first = static_cast<uint64_t>(r.concurrency);
  const auto last = static_cast<uint64_t>(requests - r.concurrency);
  double ttft_s = 0, tpot_s = 0, e2e_s = 0;
  int64_t counted = 0;
  RunControls controls;
  controls.on_request = [&](const std::string&, const Sequence& q, SimTime done) {
    if (q.request.id < first || q.request.id >= last) return;
    ttft_s += (q.first_token - q.request.arrival).seconds();
    tpot_s += (done - q.first_token).seconds() / static_cast<double>(q.request.output_tokens - 1);
    e2e_s += (done - q.request.arrival).seconds();
    ++counted;
  };
  const RunResult run =
      run_scenario(load_scenario(text, "validate_nim.yaml", Catalog::built_in()), controls);
  if (counted == 0 || run.serving.services.at(0).completed != static_cast<uint64_t>(requests)) {
    throw std::runtime_error(
        fmt::format("{} of {} requests completed", run.serving.services.at(0).completed, requests));
  }
  const auto n = static_cast<double>(counted);
  Predicted p;
  p.ttft_ms = ttft_s / n * 1e3;
  p.itl_ms = tpot_s / n * 1e3;
  p.e2e_s = e2e_s / n;
  // Little's law for a closed loop without think time: N clients, each completing a request
  // every mean end-to-end latency.
  p.output_tokens_per_s = static_cast<double>(r.concurrency * r.output_tokens) / p.e2e_s;
  p.kv_capacity_tokens = run.deployments.at(0).kv_capacity_tokens;
  return p;
}

}  // namespace

int main(int argc, char** argv) {
  bool check = false;
  bool overlap = false;
  double step_overhead_ms = 2.5;
  CLI::App app(
      "Simulates NVIDIA's NIM benchmarks of Llama 3.3 70B on 2 x H100 fp8 (closed-loop "
      "clients; data/validation/nim_llama33_70b_2xh100_fp8.csv) and prints predicted vs "
      "measured ITL, TTFT and tokens/s (docs/validation-trtllm.md).",
      "validate_nim");
  bench::add_step_overhead_option(app, step_overhead_ms);
  app.add_flag("--overlap", overlap,
               "overlap scheduler: the host's step overhead hidden behind the GPU's step");
  app.add_flag("--check", check,
               "exit 1 when any row's ITL error is over the 15% latency target or the median "
               "output tokens/s error over the 10% throughput target");
  if (const auto code = bench::parse_command_line(app, argc, argv)) return *code;
  const std::string step_overhead = bench::milliseconds_text(step_overhead_ms);
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
      bench::kTrtllmDefaultKvCacheMemoryFraction);

  fmt::print(
      "NIM 1.8.0 Llama 3.3 70B on 2 x H100, fp8 TP2, closed-loop clients vs aidcsim (KV "
      "admission reserve-full, step overhead {}{}); clients spread (first requests over one "
      "request's latency) unless marked; s = saturated (the KV cache holds fewer requests "
      "than the clients); b = measured TTFT between the spread and in-step predictions\n\n",
      step_overhead, overlap ? " overlapped with the kernels" : "");
  fmt::print(
      "| input | output | clients | fits | TTFT ms meas | pred | err % | in step | err % | ITL ms "
      "meas | pred | err % | tok/s meas | pred | err % |\n");
  fmt::print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
  std::vector<double> ttft_errors, ttft_in_step_errors, itl_errors, throughput_errors;
  int64_t ttft_between = 0;
  for (const Row& r : rows) {
    Predicted p, together;
    try {
      // Clients started together stay in step in a simulation without jitter (fixed lengths,
      // exact step times): they complete together and their prompts are prefilled together.
      // Real clients drift apart. The second run spreads their starts over one request's
      // latency (from the first run), so they keep evenly spread phases.
      together = simulate(r, memory_share, step_overhead, overlap, 0.0);
      p = simulate(r, memory_share, step_overhead, overlap, together.e2e_s);
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
    const double e_ttft = pct_error(p.ttft_ms, r.ttft_ms);
    const double e_ttft_in_step = pct_error(together.ttft_ms, r.ttft_ms);
    ttft_errors.push_back(e_ttft);
    ttft_in_step_errors.push_back(e_ttft_in_step);
    const bool between = std::min(p.ttft_ms, together.ttft_ms) <= r.ttft_ms &&
                         r.ttft_ms <= std::max(p.ttft_ms, together.ttft_ms);
    ttft_between += between ? 1 : 0;
    fmt::print(
        "| {} | {} | {} | {}{} | {:.1f}{} | {:.1f} | {:+.1f} | {:.1f} | {:+.1f} | {:.2f} | {:.2f} "
        "| "
        "{:+.1f} | {:.0f} | {:.0f} | {:+.1f} |\n",
        r.input_tokens, r.output_tokens, r.concurrency, fits, saturated ? " s" : "", r.ttft_ms,
        between ? " b" : "", p.ttft_ms, e_ttft, together.ttft_ms, e_ttft_in_step, r.itl_ms,
        p.itl_ms, e_itl, r.output_tokens_per_s, p.output_tokens_per_s, e_tput);
    std::fflush(stdout);
  }
  fmt::print("\n| metric | rows | median abs err % | max abs err % | target % | within target |\n");
  fmt::print("|---|---|---|---|---|---|\n");
  print_error_summary("ITL (mean)", itl_errors, 15);
  print_error_summary("TTFT (mean), clients spread", ttft_errors, 15);
  print_error_summary("TTFT (mean), clients in step", ttft_in_step_errors, 15);
  print_error_summary("output tokens/s", throughput_errors, 10);
  fmt::print("\nMeasured TTFT between the spread and in-step predictions: {}/{} rows\n",
             ttft_between, rows.size());
  if (check) {
    // The targets: latencies within 15%, throughput within 10%.
    double worst_itl = 0.0;
    for (double e : itl_errors) worst_itl = std::max(worst_itl, std::abs(e));
    const double median_throughput = bench::median_abs(throughput_errors);
    if (worst_itl > 15.0 || median_throughput > 10.0) {
      fmt::print(stderr,
                 "validate_nim: largest ITL error {:.1f}% (target 15%), median tokens/s error "
                 "{:.1f}% (target 10%)\n",
                 worst_itl, median_throughput);
      return 1;
    }
  }
  return 0;
}
