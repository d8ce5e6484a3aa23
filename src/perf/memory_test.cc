// Checks memory arithmetic by hand: KV bytes per token from the shape, weights from the
// parameter count, KV replication when TP exceeds the KV heads, and the fit verdicts the
// `fit` command prints (Mistral Small 24B on an RTX 4090).
#include "perf/memory.h"

#include <gtest/gtest.h>

#include "catalog/catalog.h"

namespace aidcsim::perf {
namespace {

const Catalog& cat() {
  static const Catalog c = Catalog::built_in();
  return c;
}

// Llama-2-7B: 2 (K and V) x 32 layers x 32 KV heads x 128 dims x 2 bytes = 524288 bytes.
TEST(Memory, KvBytesPerTokenFromTheShape) {
  EXPECT_DOUBLE_EQ(kv_bytes_per_token_per_gpu(*cat().find_model("llama-2-7b"), Deployment{}),
                   524288.0);
  // Llama-3-70B on TP 8: 8 KV heads / 8 = 1 per GPU: 2 x 80 x 1 x 128 x 2 = 40960 bytes.
  Deployment tp8;
  tp8.parallel.tensor = 8;
  EXPECT_DOUBLE_EQ(kv_bytes_per_token_per_gpu(*cat().find_model("llama-3-70b"), tp8), 40960.0);
  // TP 16 replicates the single KV head per GPU rather than splitting it.
  tp8.parallel.tensor = 16;
  EXPECT_DOUBLE_EQ(kv_bytes_per_token_per_gpu(*cat().find_model("llama-3-70b"), tp8), 40960.0);
  Deployment fp8kv;
  fp8kv.kv_dtype = Dtype::kFp8;
  EXPECT_DOUBLE_EQ(kv_bytes_per_token_per_gpu(*cat().find_model("llama-2-7b"), fp8kv), 262144.0);
}

// Weights at bf16 are 2 bytes per parameter; TP 2 halves them per GPU.
TEST(Memory, WeightsPerGpu) {
  const ModelSpec& m = *cat().find_model("llama-2-7b");
  EXPECT_NEAR(weights_bytes_per_gpu(m, Deployment{}) / (2.0 * m.parameter_count()), 1.0, 1e-9);
  Deployment tp2;
  tp2.parallel.tensor = 2;
  EXPECT_NEAR(weights_bytes_per_gpu(m, tp2) / (m.parameter_count()), 1.0, 1e-9);
}

// NVFP4 (source row nvfp4-format) stores one FP8 scale per 16 four-bit values: (16 x 0.5 + 1)
// / 16 = 0.5625 bytes per element, 12.5% over the bare 4 bits. Llama-2-7B's layers (its
// 6,738,415,616 parameters from the shape, less 2 x 32000 x 4096 of embedding and output head,
// which stay in bf16) take 6,476,271,616 x 0.5625 bytes; the head and embedding 262,144,000 x 2;
// and an fp4 KV cache 2 x 32 x 32 x 128 x 0.5625 = 147,456 bytes per token.
TEST(Memory, Fp4CountsItsBlockScales) {
  EXPECT_DOUBLE_EQ(stored_bytes(Dtype::kFp4), 0.5625);
  EXPECT_DOUBLE_EQ(stored_bytes(Dtype::kFp8), 1.0);
  const ModelSpec& m = *cat().find_model("llama-2-7b");
  ASSERT_DOUBLE_EQ(m.parameter_count(), 6738415616.0);
  Deployment fp4;
  fp4.weight_dtype = Dtype::kFp4;
  fp4.kv_dtype = Dtype::kFp4;
  EXPECT_NEAR(weights_bytes_per_gpu(m, fp4), 6476271616.0 * 0.5625 + 262144000.0 * 2.0, 1.0);
  EXPECT_DOUBLE_EQ(kv_bytes_per_token_per_gpu(m, fp4), 147456.0);
}

TEST(Memory, KvCapacityIsWhatIsLeftOverKvPerToken) {
  const auto e = estimate_memory(*cat().find_model("llama-2-7b"),
                                 *cat().find_accelerator("h100-sxm"), Deployment{}, 8192, 0.9);
  EXPECT_TRUE(e.weights_fit());
  EXPECT_DOUBLE_EQ(e.usable_bytes, 72e9);
  const double left = 72e9 - e.weights_bytes - e.activation_bytes - e.reserve_bytes;
  EXPECT_DOUBLE_EQ(e.kv_capacity_tokens, std::floor(left / 524288.0));
  EXPECT_GT(e.kv_capacity_tokens, 90000);  // ~55 GB of KV cache at 0.5 MiB per token
}

// Mistral Small 3.1 (24B parameters): 47 GB in bf16, which a 24 GB RTX 4090 cannot hold; in
// int4 the layers take ~12 GB and it fits with room for context.
TEST(Memory, MistralSmallOnAnRtx4090) {
  const ModelSpec& m = *cat().find_model("mistral-small-3.1-24b");
  const AcceleratorSpec& g = *cat().find_accelerator("rtx-4090");
  const double util = default_memory_utilization(g);
  EXPECT_FALSE(estimate_memory(m, g, Deployment{}, 2048, util).weights_fit());
  Deployment int4;
  int4.weight_dtype = Dtype::kInt4;
  const auto e = estimate_memory(m, g, int4, 2048, util);
  EXPECT_TRUE(e.weights_fit());
  EXPECT_GT(e.kv_capacity_tokens, 16384);
}

}  // namespace
}  // namespace aidcsim::perf
