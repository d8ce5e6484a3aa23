// trtllm-bench's engine limits, worked by hand from the heuristic (tuning.py) for rows of
// docs/validation-trtllm.md, and the memory share that gives the KV cache its fraction of what
// the weights leave (TensorRT-LLM's kv_cache_free_gpu_mem_fraction).
#include "trtllm_engine_limits.h"

#include <gtest/gtest.h>

#include <vector>

namespace aidcsim::bench {
namespace {

struct Case {
  const char* what;
  TrtllmEngineInputs inputs;
  int64_t max_batch_size, max_num_tokens;
};

// KV GiB per token = 2 x layers x max(TP, KV heads) x 128 (head size) x 1 byte / 2^30; the
// cache is 0.95 x (GPUs x memory - parameters x bytes per weight) in GiB; requests = cache /
// (KV per token x (input + output)).
const std::vector<Case>& cases() {
  static const std::vector<Case> c = {
      // Llama 3.3 70B FP8 on 2 x H100 (80 GB), 1000/1000: KV 1.526e-4 GiB per token; weights
      // 70.55e9 B = 65.71 GiB of 149.01 GiB; cache 0.95 x 83.30 = 79.14 GiB; 79.14 / (1.526e-4
      // x 2000) = 259.3 requests -> batch 128 x ceil(2.03) = 384; tokens 259.3 x 2 = 519 ->
      // the floor of 2048.
      {"70B on 2 x H100", {70.55e9, 1.0, 80, 8, 128, 80e9, 2, 1000, 1000}, 384, 2048},
      // Llama 3.1 8B FP8 on one H100, 128/128: KV 6.10e-5 GiB per token; weights 8.03e9 B =
      // 7.48 GiB of 74.51; cache 63.68 GiB; 63.68 / (6.10e-5 x 256) = 4,077 requests -> 256 x
      // ceil(15.9) = 4,096; tokens 4,077 x 2 = 8,154 -> 1024 x ceil(7.96) = 8,192.
      {"8B at the caps", {8.03e9, 1.0, 32, 8, 128, 80e9, 1, 128, 128}, 4096, 8192},
      // Fp4 halves the weights' memory: 405B (126 layers, 8 KV heads) on 4 x B200 (180 GB),
      // 20000/2000: weights 405.9e9 x 0.5 B = 189.0 GiB of 670.6; cache 457.5 GiB; KV 2.403e-4
      // GiB per token; 457.5 / (2.403e-4 x 22000) = 86.5 requests -> 32 x ceil(2.70) = 96;
      // tokens 86.5 x 11 = 952 -> 2048.
      {"fp4 405B on 4 x B200", {405.9e9, 0.5, 126, 8, 128, 180e9, 4, 20000, 2000}, 96, 2048},
  };
  return c;
}

TEST(TrtllmEngineLimits, HandWorkedRows) {
  for (const Case& c : cases()) {
    SCOPED_TRACE(c.what);
    const TrtllmEngineLimits e = trtllm_engine_limits(c.inputs);
    EXPECT_EQ(e.max_batch_size, c.max_batch_size);
    EXPECT_EQ(e.max_num_tokens, c.max_num_tokens);
  }
}

// The memory share that leaves the KV cache its fraction of what the weights leave: Llama 2
// 70B in fp8 over TP2 puts 34.5 GB on each 80 GB H100; 0.90 of the other 45.5 GB is 40.95 GB;
// (34.5 + 40.95) / 80 = 0.943125.
TEST(TrtllmMemoryUtilization, KvGetsItsFractionOfWhatTheWeightsLeave) {
  EXPECT_NEAR(trtllm_memory_utilization(34.5e9, 80e9, kTrtllmDefaultKvCacheMemoryFraction),
              0.943125, 1e-12);
  EXPECT_NEAR(trtllm_memory_utilization(34.5e9, 80e9, 1.0), 1.0, 1e-12);  // all of the rest
}

}  // namespace
}  // namespace aidcsim::bench
