// Checks a whole step against hand calculations and against the properties the serving
// simulator relies on: running sums give the attention work; a batch-1 decode is the weight
// read; tensor and pipeline parallelism split the work and add their communication; MoE
// decode reads only the experts its tokens touch; fp8 weights halve the decode read.
#include "perf/step.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>

#include "catalog/catalog.h"

namespace aidcsim::perf {
namespace {

const Catalog& cat() {
  static const Catalog c = Catalog::built_in();
  return c;
}
const ModelSpec& model(const char* n) {
  return *cat().find_model(n);
}
const AcceleratorSpec& gpu(const char* n) {
  return *cat().find_accelerator(n);
}
double at(const StepPrediction& p, Op op) {
  return p.step_s[static_cast<size_t>(op)];
}

// 100 tokens from scratch: 100*101/2 = 5050 pairs; 50 tokens after 200 cached:
// 50*200 + 50*51/2 = 11275; total 16325.
TEST(StepBatch, RunningSumsGiveCausalAttentionPairs) {
  StepBatch b;
  b.add_prefill(100);
  b.add_prefill(50, 200);
  b.add_decode(1000);
  EXPECT_EQ(b.tokens(), 151);
  EXPECT_DOUBLE_EQ(b.prefill_attention_pairs(), 16325.0);
  EXPECT_DOUBLE_EQ(b.decode_context_sum, 1000.0);
}

TEST(StepBatch, SlidingWindowCapsTheContext) {
  EXPECT_EQ(attended_context(model("mistral-7b"), 10000), 4096);  // 4096-token window
  EXPECT_EQ(attended_context(model("llama-2-7b"), 10000), 10000);
}

// Batch-1 decode of Llama-2-7B on H100: each of the four linear layers of the 32 layers reads
// its bf16 weights once (6.5e9 parameters, 13 GB), so together they take those bytes over
// eta_m x 3.35 TB/s plus one launch per kernel (~4.2 ms with eta_m = 0.92).
TEST(Step, BatchOneDecodeIsTheWeightRead) {
  StepBatch b;
  b.add_decode(100);
  const Deployment dep;
  const StepPrediction p = predict_step(model("llama-2-7b"), gpu("h100-sxm"), dep, b);
  const GemmCalibration& g = kernel_calibration_for("h100-sxm").gemm;
  const double layer_weights =
      4096.0 * (3 * 4096) + 4096.0 * 4096 + 4096.0 * 2 * 11008 + 11008.0 * 4096;
  const double expected =
      32 * (layer_weights * 2.0 / (g.memory_efficiency * 3.35e12) + 4 * g.launch_s);
  const double linear = at(p, Op::kAttnPreProj) + at(p, Op::kAttnPostProj) + at(p, Op::kMlpUpProj) +
                        at(p, Op::kMlpDownProj);
  EXPECT_NEAR(linear / expected, 1.0, 0.01);
  EXPECT_GT(p.total_s, linear + p.overhead_s);
  EXPECT_EQ(p.overhead_s, kDefaultStepOverheadS);
  EXPECT_EQ(at(p, Op::kAllReduce), 0.0);  // TP 1: no collectives
  EXPECT_EQ(at(p, Op::kAttnPrefill), 0.0);
}

TEST(Step, TensorParallelismSplitsLinearLayersAndAddsAllReduce) {
  StepBatch b;
  b.add_prefill(2048);
  Deployment tp1, tp4;
  tp4.parallel.tensor = 4;
  const auto p1 = predict_step(model("llama-2-70b"), gpu("h100-sxm"), tp1, b);
  const auto p4 = predict_step(model("llama-2-70b"), gpu("h100-sxm"), tp4, b);
  // Compute-bound at 2048 tokens: a quarter of the FLOPs per GPU, so close to 4x faster.
  EXPECT_NEAR(at(p1, Op::kMlpUpProj) / at(p4, Op::kMlpUpProj), 4.0, 0.4);
  EXPECT_GT(at(p4, Op::kAllReduce), 0.0);
  EXPECT_LT(p4.total_s, p1.total_s);
}

TEST(Step, PrefillAttentionGrowsWithTheSquareOfTheLength) {
  StepBatch short_b, long_b;
  short_b.add_prefill(8192);
  long_b.add_prefill(16384);
  const Deployment dep;
  const auto s = predict_step(model("llama-3-8b"), gpu("h100-sxm"), dep, short_b);
  const auto l = predict_step(model("llama-3-8b"), gpu("h100-sxm"), dep, long_b);
  EXPECT_NEAR(at(l, Op::kAttnPrefill) / at(s, Op::kAttnPrefill), 4.0, 0.1);
  EXPECT_NEAR(at(l, Op::kMlpUpProj) / at(s, Op::kMlpUpProj), 2.0, 0.1);
}

TEST(Step, PipelineStagesSplitLayersAndSendActivations) {
  StepBatch b;
  b.add_prefill(1024);
  Deployment pp2;
  pp2.parallel.pipeline = 2;
  const auto p1 = predict_step(model("llama-2-7b"), gpu("h100-sxm"), Deployment{}, b);
  const auto p2 = predict_step(model("llama-2-7b"), gpu("h100-sxm"), pp2, b);
  EXPECT_DOUBLE_EQ(p2.layers_per_stage, 16.0);
  EXPECT_GT(at(p2, Op::kSendRecv), 0.0);
  EXPECT_LT(p2.stage_s, 0.6 * p1.total_s);
  EXPECT_GT(p2.total_s, p1.total_s);  // one step end to end: the same layers plus a send
}

// Mixtral 8x7B, one decode token: top-2 of 8 experts, so the expert projections read 2/8 of
// the expert weights; a 512-token batch touches all 8 and reads 4x as much (a little more
// in time: its activations and FLOPs add to the weight read).
TEST(Step, MoeDecodeReadsOnlyTheTouchedExperts) {
  StepBatch one, many;
  one.add_decode(500);
  for (int i = 0; i < 512; ++i) many.add_decode(500);
  const Deployment dep;
  const auto p1 = predict_step(model("mixtral-8x7b"), gpu("h100-sxm"), dep, one);
  const auto p512 = predict_step(model("mixtral-8x7b"), gpu("h100-sxm"), dep, many);
  const double ratio = at(p512, Op::kMlpDownProj) / at(p1, Op::kMlpDownProj);
  EXPECT_GT(ratio, 3.5);
  EXPECT_LT(ratio, 5.5);
  EXPECT_GT(at(p1, Op::kMoeRouter), 0.0);
}

// Expert parallelism exchanges tokens by all-to-all. Mixtral 8x7B (h 4096, top-2 of 8) on
// 8 H100s, TP 8 and EP 8, one 1024-token prefill: each GPU routes 1024/8 = 128 tokens, so it
// dispatches 128 x 2 x 4096 x 2 B = 2,097,152 B, of which 7/8 = 1,835,008 B go to the other
// seven GPUs over NVLink (450 GB/s per direction). With H100's fitted all-reduce constants
// (28.28 us, eta 0.7534): 28.28 us + 1,835,008 / (0.7534 x 450e9) = 28.28 + 5.41 = 33.69 us;
// dispatch and combine: 67.39 us per layer. The MLP's all-reduce becomes an all-gather of
// the 1024 x 4096 x 2 B outputs: 28.28 us + 7/8 x 8,388,608 / (0.7534 x 450e9) = 49.93 us.
TEST(Step, ExpertParallelAllToAllMatchesHandCalculation) {
  StepBatch b;
  b.add_prefill(1024);
  Deployment dep;
  dep.parallel.tensor = 8;
  dep.parallel.expert = 8;
  const auto p = predict_step(model("mixtral-8x7b"), gpu("h100-sxm"), dep, b);
  const auto layer = [](const StepPrediction& q, Op op) {
    return q.layer_s[static_cast<size_t>(op)];
  };
  const LinkCalibration& ar = collective_calibration_for("h100-sxm").all_reduce;
  ASSERT_NEAR(ar.latency_s, 28.28e-6, 0.01e-6);  // the constants the comment uses
  ASSERT_NEAR(ar.bandwidth_efficiency, 0.7534, 1e-4);
  EXPECT_NEAR(layer(p, Op::kMoeAllToAll), 67.39e-6, 0.02e-6);
  const double attention_all_reduce =
      ar.latency_s + 2.0 * 7.0 / 8.0 * 8388608.0 / (ar.bandwidth_efficiency * 450e9);
  EXPECT_NEAR(layer(p, Op::kAllReduce), attention_all_reduce + 49.93e-6, 0.02e-6);
  // Without expert parallelism: no all-to-all, two all-reduces.
  dep.parallel.expert = 1;
  const auto tp_only = predict_step(model("mixtral-8x7b"), gpu("h100-sxm"), dep, b);
  EXPECT_EQ(layer(tp_only, Op::kMoeAllToAll), 0.0);
  EXPECT_NEAR(layer(tp_only, Op::kAllReduce), 2.0 * attention_all_reduce, 1e-12);
}

// Llama 2 70B on two H100s: a decode token's all-reduce moves 8192 x 2 B = 16 KiB, which the
// peer-to-peer kernel does in 3.95 + 16,384 / (0.1287 x 450e9) = 4.233 us (collectives_test),
// two per layer; a 1024-token prefill's 16 MiB goes through NCCL's ring (H100's fit: 28.28 +
// 16,777,216 / (0.7534 x 450e9) = 77.77 us). Across two 8-GPU boards (TP 16, domain 8) there is
// no peer-to-peer kernel.
TEST(Step, SmallAllReducesTakeThePeerToPeerKernel) {
  Deployment tp2;
  tp2.parallel.tensor = 2;
  StepBatch decode;
  decode.add_decode(400);
  const auto d = predict_step(model("llama-2-70b"), gpu("h100-sxm"), tp2, decode);
  EXPECT_TRUE(d.all_reduce_peer_to_peer);
  EXPECT_NEAR(d.layer_s[static_cast<size_t>(Op::kAllReduce)], 2.0 * 4.233e-6, 0.002e-6);
  StepBatch prefill;
  prefill.add_prefill(1024);
  const auto p = predict_step(model("llama-2-70b"), gpu("h100-sxm"), tp2, prefill);
  EXPECT_FALSE(p.all_reduce_peer_to_peer);
  EXPECT_NEAR(p.layer_s[static_cast<size_t>(Op::kAllReduce)], 2.0 * 77.77e-6, 0.02e-6);
  Deployment tp16;
  tp16.parallel.tensor = 16;
  EXPECT_FALSE(
      predict_step(model("llama-2-70b"), gpu("h100-sxm"), tp16, decode).all_reduce_peer_to_peer);
}

// RoPE rows are 512-thread passes of vLLM's kernel (min(n_q d/2, 512) threads per token, over
// the q heads then the k heads; d = 128): Llama-2-7B at TP 8 (4 q, 4 kv heads) runs 256
// threads, 1 + 1 passes = 2 x 256/512 = 1 row per token; Llama-2-70B at TP 8 (8 q, 1 kv)
// runs 512 threads, 1 + 1 passes = 2 rows per token; Llama-2-7B at TP 1 (32, 32): 512
// threads, 4 + 4 passes = 8 rows. Other streaming ops count one row per token.
TEST(Step, RopeRowsCountThreadBlockPasses) {
  Deployment tp8;
  tp8.parallel.tensor = 8;
  const auto rope = [](const char* m, const Deployment& dep) {
    return operator_cost(Op::kAttnRope, model(m), gpu("h100-sxm"), dep, 100).rows;
  };
  EXPECT_DOUBLE_EQ(rope("llama-2-7b", tp8), 100.0);
  EXPECT_DOUBLE_EQ(rope("llama-2-70b", tp8), 200.0);
  EXPECT_DOUBLE_EQ(rope("llama-2-7b", Deployment{}), 800.0);
  const OperatorCost norm =
      operator_cost(Op::kInputLayernorm, model("llama-2-7b"), gpu("h100-sxm"), tp8, 100);
  EXPECT_DOUBLE_EQ(norm.rows, 100.0);
  EXPECT_DOUBLE_EQ(norm.row_bytes, 4096.0 * 2.0 * 2.0);  // read and write one bf16 row
}

TEST(Step, Fp8WeightsHalveTheDecodeWeightRead) {
  StepBatch b;
  b.add_decode(100);
  Deployment fp8;
  fp8.weight_dtype = Dtype::kFp8;
  const auto p16 = predict_step(model("llama-3-70b"), gpu("h100-sxm"), Deployment{}, b);
  const auto p8 = predict_step(model("llama-3-70b"), gpu("h100-sxm"), fp8, b);
  EXPECT_NEAR(at(p16, Op::kMlpUpProj) / at(p8, Op::kMlpUpProj), 2.0, 0.1);
  EXPECT_EQ(p8.compute_dtype, Dtype::kFp8);
}

// A long prefill on B200 with fp4 weights and an fp8 KV cache: the matrix products of the
// weights run at the fp4 peak, attention's at the fp8 peak, so the prefill attention costs
// exactly what it costs with fp8 weights (same KV, same attention kernel).
TEST(Step, Fp4WeightsKeepAttentionInFp8) {
  StepBatch b;
  b.add_prefill(8192);
  Deployment fp4, fp8;
  fp4.weight_dtype = Dtype::kFp4;
  fp4.kv_dtype = Dtype::kFp8;
  fp8.weight_dtype = Dtype::kFp8;
  fp8.kv_dtype = Dtype::kFp8;
  const auto p4 = predict_step(model("llama-3-70b"), gpu("b200"), fp4, b);
  const auto p8 = predict_step(model("llama-3-70b"), gpu("b200"), fp8, b);
  EXPECT_EQ(p4.compute_dtype, Dtype::kFp4);
  EXPECT_DOUBLE_EQ(at(p4, Op::kAttnPrefill), at(p8, Op::kAttnPrefill));
  EXPECT_LT(at(p4, Op::kMlpUpProj), at(p8, Op::kMlpUpProj));  // the weights' products do gain
}

// The engine's host time per step: 2.5 ms plus 30 us for each of the 1 prefilling and 99
// decoding sequences = 2.5 + 3.0 = 5.5 ms; the kernels are unchanged. With the overlap
// scheduler the 5.5 ms run beside the kernels and only what exceeds them shows.
TEST(Step, PerSequenceOverheadGrowsWithTheBatch) {
  StepBatch b;
  b.add_prefill(100);
  for (int i = 0; i < 99; ++i) b.add_decode(500);
  Deployment dep;
  const StepPrediction without = predict_step(model("llama-2-7b"), gpu("h100-sxm"), dep, b);
  dep.step_overhead_per_sequence_s = 30e-6;
  const StepPrediction with = predict_step(model("llama-2-7b"), gpu("h100-sxm"), dep, b);
  EXPECT_NEAR(with.overhead_s, 5.5e-3, 1e-12);
  EXPECT_NEAR(with.total_s - without.total_s, 3.0e-3, 1e-12);
  dep.overlap_overhead = true;
  const StepPrediction overlapped = predict_step(model("llama-2-7b"), gpu("h100-sxm"), dep, b);
  const double kernels_s = without.total_s - without.overhead_s;
  EXPECT_NEAR(overlapped.total_s, std::max(kernels_s, 5.5e-3), 1e-12);
}

TEST(Step, EmptyBatchCostsNothing) {
  const auto p = predict_step(model("llama-2-7b"), gpu("h100-sxm"), Deployment{}, StepBatch{});
  EXPECT_EQ(p.total_s, 0.0);
}

TEST(Step, CheckDeploymentNamesTheProblem) {
  Deployment d;
  d.parallel.tensor = 3;
  EXPECT_NE(check_deployment(model("llama-2-7b"), d).find("does not divide"), std::string::npos);
  d.parallel.tensor = 8;
  d.parallel.expert = 8;
  EXPECT_NE(check_deployment(model("llama-2-7b"), d).find("mixture-of-experts"), std::string::npos);
  EXPECT_EQ(check_deployment(model("mixtral-8x7b"), d), "");
}

}  // namespace
}  // namespace aidcsim::perf
