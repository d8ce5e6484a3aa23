// Checks the power model's anchors (idle at zero load, TDP for a compute-bound step, a
// memory-bound decode in the 137-300 W range measured on a 700 W Hopper GPU) and that a power
// cap lowers the clock until the draw fits, slowing compute-bound steps and leaving
// memory-bound ones almost untouched.
#include "perf/power.h"

#include <gtest/gtest.h>

#include "catalog/catalog.h"

namespace aidcsim::perf {
namespace {

const Catalog& cat() {
  static const Catalog c = Catalog::built_in();
  return c;
}
const AcceleratorSpec& h100() {
  return *cat().find_accelerator("h100-sxm");
}

TEST(Power, IdleAtZeroLoadAndTdpWhenComputeBound) {
  const double idle = idle_power_w(h100());
  EXPECT_DOUBLE_EQ(gpu_power_w(h100(), 0.0, 0.0), idle);
  EXPECT_DOUBLE_EQ(gpu_power_w(h100(), 0.8, 0.1), 700.0);
  if (!h100().idle_power) {
    EXPECT_DOUBLE_EQ(idle, kIdleFractionOfTdp * 700.0);
  }
}

TEST(Power, PrefillDrawsTdpAndSmallBatchDecodeFarLess) {
  const ModelSpec& m = *cat().find_model("llama-3-8b");
  StepBatch prefill, decode;
  prefill.add_prefill(8192);
  decode.add_decode(1000);
  const auto pp = step_power(h100(), predict_step(m, h100(), Deployment{}, prefill));
  const auto pd = step_power(h100(), predict_step(m, h100(), Deployment{}, decode));
  EXPECT_GT(pp.power_w, 600.0);  // near TDP: the step also has launches and overhead
  EXPECT_GT(pd.power_w, 100.0);
  EXPECT_LT(pd.power_w, 300.0);  // Ma et al. 2026: decode 137-300 W on a 700 W H200
}

// A step using the same share of what its format's matmuls can reach draws the same power in
// any format: fp8 matmuls on H100 reach 0.88 of the bf16-fitted share of their peak
// (matmul_format_efficiency), so half of that reachable rate counts as the same load as half
// of bf16's, not as 0.88 of it.
TEST(Power, SameShareOfTheReachableRateDrawsTheSamePowerInEveryFormat) {
  StepPrediction bf16;
  bf16.compute_dtype = Dtype::kBf16;
  bf16.total_s = 1.0;
  bf16.flops_per_gpu = 0.5 * 989.5e12;
  StepPrediction fp8 = bf16;
  fp8.compute_dtype = Dtype::kFp8;
  fp8.flops_per_gpu = 0.5 * 1979e12 * matmul_format_efficiency(h100(), Dtype::kFp8);
  EXPECT_NEAR(step_power(h100(), fp8).power_w, step_power(h100(), bf16).power_w, 1e-9);
  EXPECT_GT(step_power(h100(), fp8).power_w, idle_power_w(h100()));
}

// Under a 450 W cap the compute-bound prefill runs at a lower clock: the compute term scales
// as s^2 and the prefill's load is ~0.9 of the dynamic range, so s ~ sqrt((450 - 84) /
// (0.9 x 616)) = 0.81-0.86 (the memory and overhead parts do not slow), and the step ~14%.
TEST(Power, CapSlowsComputeBoundStepsOnly) {
  const ModelSpec& m = *cat().find_model("llama-3-8b");
  StepBatch prefill, decode;
  prefill.add_prefill(8192);
  decode.add_decode(1000);
  const auto free_p = predict_step(m, h100(), Deployment{}, prefill);
  const auto capped = predict_step_under_cap(m, h100(), Deployment{}, prefill, 450.0);
  EXPECT_LE(capped.power.power_w, 450.0 + 1e-6);
  EXPECT_LT(capped.clock_scale, 0.9);
  EXPECT_GT(capped.clock_scale, 0.75);
  EXPECT_GT(capped.step.total_s / free_p.total_s, 1.1);
  const auto free_d = predict_step(m, h100(), Deployment{}, decode);
  const auto capped_d = predict_step_under_cap(m, h100(), Deployment{}, decode, 450.0);
  EXPECT_DOUBLE_EQ(capped_d.clock_scale, 1.0);
  EXPECT_DOUBLE_EQ(capped_d.step.total_s, free_d.total_s);
}

}  // namespace
}  // namespace aidcsim::perf
