// trtllm-bench's engine limits, worked by hand from the heuristic (tuning.py) for rows of
// docs/validation-trtllm.md.
#include "trtllm_engine_limits.h"

#include <gtest/gtest.h>

namespace aidcsim::bench {
namespace {

// Llama 3.3 70B FP8 on 2 x H100 (80 GB), 1000/1000: KV 2 x 80 x 8 x 128 bytes = 1.526e-4 GiB
// per token; weights 70.55e9 B = 65.71 GiB of 149.01 GiB; cache 0.95 x 83.30 = 79.14 GiB;
// 79.14 / (1.526e-4 x 2000) = 259.3 requests -> batch 128 x ceil(2.03) = 384; tokens
// 259.3 x 2 = 519 -> the floor of 2048.
TEST(TrtllmEngineLimits, Llama70bOnTwoH100) {
  const TrtllmEngineLimits e = trtllm_engine_limits({.parameters = 70.55e9,
                                                     .weight_bytes = 1.0,
                                                     .layers = 80,
                                                     .kv_heads = 8,
                                                     .head_dim = 128,
                                                     .device_memory_bytes = 80e9,
                                                     .tensor_parallel = 2,
                                                     .input_tokens = 1000,
                                                     .output_tokens = 1000});
  EXPECT_EQ(e.max_batch_size, 384);
  EXPECT_EQ(e.max_num_tokens, 2048);
}

// Llama 3.1 8B FP8 on one H100, 128/128: KV 2 x 32 x 8 x 128 = 6.10e-5 GiB per token;
// weights 8.03e9 B = 7.48 GiB of 74.51; cache 63.68 GiB; 63.68 / (6.10e-5 x 256) = 4,077
// requests -> 256 x ceil(15.9) = 4,096; tokens 4,077 x 2 = 8,154 -> 1024 x ceil(7.96) = 8,192.
TEST(TrtllmEngineLimits, Llama8bShortRequestsReachTheCaps) {
  const TrtllmEngineLimits e = trtllm_engine_limits({.parameters = 8.03e9,
                                                     .weight_bytes = 1.0,
                                                     .layers = 32,
                                                     .kv_heads = 8,
                                                     .head_dim = 128,
                                                     .device_memory_bytes = 80e9,
                                                     .tensor_parallel = 1,
                                                     .input_tokens = 128,
                                                     .output_tokens = 128});
  EXPECT_EQ(e.max_batch_size, 4096);
  EXPECT_EQ(e.max_num_tokens, 8192);
}

// Fp4 halves the weights' memory, and a GPU count above the KV heads gives every GPU one
// head: 405B (126 layers, 8 KV heads) in fp4 on 4 x B200 (180 GB), 20000/2000: weights
// 405.9e9 x 0.5 B = 189.0 GiB of 670.6; cache 457.5 GiB; KV 2 x 126 x 8 x 128 B = 2.403e-4
// GiB per token; 457.5 / (2.403e-4 x 22000) = 86.5 requests -> 32 x ceil(2.70) = 96; tokens
// 86.5 x 11 = 952 -> 2048.
TEST(TrtllmEngineLimits, Fp4Llama405bOnFourB200) {
  const TrtllmEngineLimits e = trtllm_engine_limits({.parameters = 405.9e9,
                                                     .weight_bytes = 0.5,
                                                     .layers = 126,
                                                     .kv_heads = 8,
                                                     .head_dim = 128,
                                                     .device_memory_bytes = 180e9,
                                                     .tensor_parallel = 4,
                                                     .input_tokens = 20000,
                                                     .output_tokens = 2000});
  EXPECT_EQ(e.max_batch_size, 96);
  EXPECT_EQ(e.max_num_tokens, 2048);
}

}  // namespace
}  // namespace aidcsim::bench
