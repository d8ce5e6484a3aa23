// What the TensorRT-LLM validation benches (validate_trtllm, validate_nim) share: the engine
// settings of trtllm-bench, its KV memory share, and the scenario of one replica given
// fixed-length requests at t = 0.
//
// trtllm-bench's engine settings for a target input/output length (TensorRT-LLM
// tensorrt_llm/bench/build/tuning.py, `calc_engine_setting` and `finetune_setting`; source row
// trtllm-bench-engine-settings), as bench/validate_trtllm applies them: the KV cache gets 95%
// of the memory the weights leave on the TP group (at least one KV head per GPU, 1 byte per
// fp8 KV element); the requests of the target length that fit set the batch limit (rounded
// up: at least 64 and to multiples of 32 below 256, of 128 below 1024, of 256 above; at most
// 4096), and that many requests' prompt and output tokens in one step the token limit (at
// least 2048, at most 32768; rounded up to 256 below 4096, 512 below 8192, 1024 above).
#pragma once

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>

namespace aidcsim::bench {

// trtllm-bench's default kv_cache_free_gpu_mem_fraction, which the published runs used "in
// many cases" (perf-overview.md).
inline constexpr double kTrtllmKvCacheMemoryFraction = 0.95;
// TensorRT-LLM's own default kv_cache_free_gpu_mem_fraction (executor KvCacheConfig), also
// NVIDIA's MLPerf v4.1 llama2-70b setting (kvcache_free_gpu_mem_frac).
inline constexpr double kTrtllmDefaultKvCacheMemoryFraction = 0.90;

struct TrtllmEngineInputs {
  double parameters = 0;    // the model's parameter count
  double weight_bytes = 1;  // per parameter: FP8 1, NVFP4 0.5 (BYTES_PER_ELEM)
  int64_t layers = 0;       // attention layers
  int64_t kv_heads = 0;
  int64_t head_dim = 0;
  double device_memory_bytes = 0;  // one GPU's memory
  int64_t tensor_parallel = 1;
  int64_t input_tokens = 0;  // target lengths (the dataset's, all equal here)
  int64_t output_tokens = 0;
};

struct TrtllmEngineLimits {
  int64_t max_batch_size = 0;
  int64_t max_num_tokens = 0;
};

// The scenario's memory_utilization (share of a GPU's memory for weights + KV cache) that
// gives the KV cache `kv_fraction` of what `weights_bytes_per_gpu` leave, as TensorRT-LLM's
// kv_cache_free_gpu_mem_fraction does (the memory model still sets activations aside).
inline double trtllm_memory_utilization(double weights_bytes_per_gpu, double device_memory_bytes,
                                        double kv_fraction) {
  return (weights_bytes_per_gpu + kv_fraction * (device_memory_bytes - weights_bytes_per_gpu)) /
         device_memory_bytes;
}

inline TrtllmEngineLimits trtllm_engine_limits(const TrtllmEngineInputs& in) {
  constexpr double kGiB = 1024.0 * 1024.0 * 1024.0;
  const double tp = static_cast<double>(in.tensor_parallel);
  const double kv_heads = std::max(tp, static_cast<double>(in.kv_heads));
  const double kv_gib_per_token =
      2.0 * static_cast<double>(in.layers) * kv_heads * static_cast<double>(in.head_dim) / kGiB;
  const double weights_gib = in.parameters * in.weight_bytes / kGiB;
  const double memory_gib = in.device_memory_bytes / kGiB * tp;
  const double cache_gib = (memory_gib - weights_gib) * kTrtllmKvCacheMemoryFraction;
  const double max_requests =
      cache_gib / (kv_gib_per_token * static_cast<double>(in.input_tokens + in.output_tokens));
  const double raw_batch = std::min(max_requests, 4096.0);
  const double raw_tokens = std::min(raw_batch * (1.0 + static_cast<double>(in.input_tokens) /
                                                            static_cast<double>(in.output_tokens)),
                                     32768.0);
  const auto round_up = [](double x, double step) {
    return static_cast<int64_t>(step * std::ceil(x / step));
  };
  TrtllmEngineLimits e;
  if (raw_batch < 256) {
    e.max_batch_size = std::max<int64_t>(64, round_up(raw_batch, 32));
  } else if (raw_batch < 1024) {
    e.max_batch_size = round_up(raw_batch, 128);
  } else {
    e.max_batch_size = round_up(raw_batch, 256);
  }
  if (raw_tokens < 4096) {
    e.max_num_tokens = std::max<int64_t>(2048, round_up(raw_tokens, 256));
  } else if (raw_tokens < 8192) {
    e.max_num_tokens = round_up(raw_tokens, 512);
  } else {
    e.max_num_tokens = round_up(raw_tokens, 1024);
  }
  return e;
}

// One replica of a TensorRT-LLM-like engine given `requests` requests of fixed lengths: the
// scenario both validation benches run (weights `dtype`, KV fp8, batching chunked). With
// `clients` 0 every request is queued at t = 0 (trtllm-bench); otherwise `clients` closed-loop
// clients send them, each its next as soon as its previous completed (a benchmark client at a
// fixed concurrency).
struct FixedLengthRun {
  std::string name;
  std::string model, system, dtype;
  int64_t tensor_parallel = 1;
  double memory_utilization = 0.9;
  std::string kv_admission = "reserve-full";
  std::string step_overhead = "2.5 ms";
  double step_overhead_per_sequence_us = 0;
  bool overlap_scheduling = false;
  int64_t max_batch_size = 256, max_batch_tokens = 8192;
  int64_t requests = 0, input_tokens = 0, output_tokens = 0;
  int64_t clients = 0;
  double ramp_up_s = 0;  // closed loop: the clients' first requests spread over this time
};

inline std::string scenario_yaml(const FixedLengthRun& r) {
  const std::string arrival =
      r.clients > 0 ? fmt::format("arrival: closed\n      concurrency: {}\n      ramp_up: {} s",
                                  r.clients, r.ramp_up_s)
                    : std::string("arrival: offline");
  return fmt::format(
      R"(
name: {name}
seed: 2024
duration: {duration}
drain_limit: 24 h
output: {{interval: 1 h}}
services:
  - name: bench
    model: {model}
    system: {system}
    replicas: 1
    tensor_parallel: {tp}
    dtype: {dtype}
    kv_dtype: fp8
    memory_utilization: {memory}
    kv_admission: {admission}
    step_overhead: {overhead}
    step_overhead_per_sequence: {per_sequence} us
    overlap_scheduling: {overlap}
    batching: chunked
    max_batch_size: {batch}
    max_batch_tokens: {tokens}
    workload:
      {arrival}
      requests: {requests}
      prompt_tokens: {{distribution: fixed, mean: {isl}}}
      output_tokens: {{distribution: fixed, mean: {osl}}}
)",
      fmt::arg("name", r.name), fmt::arg("duration", r.clients > 0 ? "24 h" : "1 ms"),
      fmt::arg("arrival", arrival), fmt::arg("model", r.model), fmt::arg("system", r.system),
      fmt::arg("tp", r.tensor_parallel), fmt::arg("dtype", r.dtype),
      fmt::arg("memory", r.memory_utilization), fmt::arg("admission", r.kv_admission),
      fmt::arg("overhead", r.step_overhead),
      fmt::arg("per_sequence", r.step_overhead_per_sequence_us),
      fmt::arg("overlap", r.overlap_scheduling), fmt::arg("batch", r.max_batch_size),
      fmt::arg("tokens", r.max_batch_tokens), fmt::arg("requests", r.requests),
      fmt::arg("isl", r.input_tokens), fmt::arg("osl", r.output_tokens));
}

}  // namespace aidcsim::bench
