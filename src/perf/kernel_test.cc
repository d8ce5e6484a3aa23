// Checks the kernel-time primitives against hand calculations: far from the ridge point a
// matmul costs its roofline term divided by the fitted efficiency plus the launch time; at
// the ridge the p-norm blend gives 2^(1/p) times one term; the compute format follows the
// device's peaks; the L2 gain and the row-size launch floor of streaming kernels; the MoE
// expected-experts formula matches its closed form.
#include "perf/kernel.h"

#include <gtest/gtest.h>

#include <cmath>

#include "catalog/catalog.h"
#include "perf/moe.h"

namespace aidcsim::perf {
namespace {

constexpr GemmCalibration kCal{5e-6, 0.75, 0.8, 2.0};
constexpr DeviceRates kRates{1e15, 3e12};

// 2*4096^3 FLOP at 0.75 x 1 PFLOP/s is 183.3 us; its 100 MB are 41.7 us at 0.8 x 3 TB/s,
// which the p=2 blend adds in quadrature: sqrt(183.3^2 + 41.7^2) = 188.0 us, plus 5 us.
TEST(Kernel, ComputeBoundMatmulIsFlopsOverEfficientPeak) {
  const KernelCost c{2.0 * 4096.0 * 4096.0 * 4096.0, 1e8};
  const double tc = c.flops / (0.75 * 1e15), tm = 1e8 / (0.8 * 3e12);
  EXPECT_NEAR(gemm_time_s(c, kRates, kCal), 5e-6 + std::hypot(tc, tm), 1e-12);
  EXPECT_NEAR(gemm_time_s(c, kRates, kCal), 193.0e-6, 0.1e-6);
}

// A matrix-vector product of a 4096x4096 bf16 matrix: 33.6 MB at 0.8 x 3 TB/s = 14.0 us.
TEST(Kernel, MemoryBoundMatvecIsBytesOverEfficientBandwidth) {
  const KernelCost c{2.0 * 4096.0 * 4096.0, 4096.0 * 4096.0 * 2.0};
  EXPECT_NEAR(gemm_time_s(c, kRates, kCal), 5e-6 + 13.98e-6, 0.05e-6);
}

TEST(Kernel, AtTheRidgePointBothRoofsCount) {
  const KernelCost c{0.75e15 * 1e-4, 0.8 * 3e12 * 1e-4};  // both terms 100 us
  EXPECT_NEAR(gemm_time_s(c, kRates, kCal), 5e-6 + std::sqrt(2.0) * 1e-4, 1e-12);
}

TEST(Kernel, StreamKernelTimeBlendsLaunchAndBandwidth) {
  const StreamCalibration s{4e-6, 0.5, 2.0};
  EXPECT_EQ(stream_time_s(0.0, kRates, s), 0.0);
  // 1 byte: the launch time; 300 MB at 1.5 TB/s: 200 us (launch negligible in quadrature).
  EXPECT_NEAR(stream_time_s(1.0, kRates, s), 4e-6, 1e-9);
  EXPECT_NEAR(stream_time_s(3e8, kRates, s), std::hypot(4e-6, 200e-6), 1e-12);
}

// The L2 gain g = 1 + a / (1 + (B / (c L2))^6) with a = 0.5, c = 1, L2 = 50 MB: at 5 MB
// (B/L2 = 0.1) g = 1 + 0.5 / (1 + 1e-6), so 5 MB at 0.5 x 3 TB/s x 1.5 take 2.22 us instead of
// 3.33 us; at the L2 size g = 1.25 exactly; at 500 MB g - 1 = 0.5e-6; without an L2 size
// (l2_bytes 0) or with a = 0 there is no gain. Launch 0 and p = 1 keep the arithmetic plain.
TEST(Kernel, StreamBandwidthGainsWhileTheBytesFitInL2) {
  StreamCalibration s{0.0, 0.5, 1.0};
  s.l2_gain = 0.5;
  s.l2_fill = 1.0;
  const DeviceRates with_l2{1e15, 3e12, 50e6};
  EXPECT_NEAR(l2_bandwidth_gain(5e6, 50e6, s), 1.5, 1e-6);
  EXPECT_DOUBLE_EQ(l2_bandwidth_gain(50e6, 50e6, s), 1.25);
  EXPECT_NEAR(l2_bandwidth_gain(500e6, 50e6, s), 1.0, 1e-6);
  EXPECT_NEAR(stream_time_s(5e6, with_l2, s), 5e6 / (0.5 * 3e12 * 1.5), 1e-12);
  EXPECT_NEAR(stream_time_s(5e6, with_l2, s), 2.222e-6, 0.001e-6);
  EXPECT_NEAR(stream_time_s(5e6, kRates, s), 3.333e-6, 0.001e-6);  // kRates: no L2 size
  s.l2_gain = 0.0;
  EXPECT_EQ(l2_bandwidth_gain(5e6, 50e6, s), 1.0);
}

// The launch floor grows with the row: launch 1 us + 16,384 B x 100 ps/B = 2.638 us for a
// one-token call of a 16 KB row (its bandwidth term, 16 KB / 1.5 TB/s = 11 ns, vanishes in
// the p = 4 blend); a 4 KB row: 1 + 0.41 = 1.41 us.
TEST(Kernel, StreamLaunchFloorGrowsWithTheRowBytes) {
  StreamCalibration s{1e-6, 0.5, 4.0};
  s.launch_per_row_byte_s = 100e-12;
  EXPECT_NEAR(stream_time_s(16384.0, kRates, s, 1.0, 16384.0), 2.638e-6, 0.001e-6);
  EXPECT_NEAR(stream_time_s(4096.0, kRates, s, 1.0, 4096.0), 1.410e-6, 0.001e-6);
  EXPECT_NEAR(stream_time_s(4096.0, kRates, s, 1.0), 1.0e-6, 0.001e-6);  // no row size given
}

TEST(Kernel, ComputeFormatFollowsTheDevicePeaks) {
  const Catalog cat = Catalog::built_in();
  const AcceleratorSpec& h100 = *cat.find_accelerator("h100-sxm");
  const AcceleratorSpec& a100 = *cat.find_accelerator("a100-80gb-sxm");
  EXPECT_EQ(compute_dtype(h100, Dtype::kFp8), Dtype::kFp8);    // Hopper has fp8 tensor cores
  EXPECT_EQ(compute_dtype(a100, Dtype::kFp8), Dtype::kBf16);   // Ampere does not: W8A16
  EXPECT_EQ(compute_dtype(h100, Dtype::kInt4), Dtype::kBf16);  // W4A16 (AWQ/GPTQ)
  EXPECT_EQ(compute_dtype(*cat.find_accelerator("apple-m4-max"), Dtype::kBf16), Dtype::kFp16);
  EXPECT_EQ(compute_dtype(*cat.find_accelerator("ryzen-9-9950x"), Dtype::kBf16), Dtype::kFp32);
  EXPECT_DOUBLE_EQ(device_rates(h100, Dtype::kBf16, 0.5).peak_flops_per_s, 0.5 * 989.5e12);
}

// Low-precision matmuls reach less of their peak than bf16 ones, by the ratio of the measured
// best matmuls (data/SOURCES.md mamf-h100-h200-b200, nvfp4-gemm-b200-triton):
// H100 fp8 (1402.6 / 1979) / (794.5 / 989.5) = 0.708742 / 0.802931 = 0.882694;
// B200 fp4 (5730 / 9000) / (1745 / 2250) = 0.636667 / 0.775556 = 0.820917.
// Formats or devices without both measurements keep the bf16-fitted efficiency (factor 1).
TEST(Kernel, LowPrecisionMatmulsReachTheirMeasuredShareOfPeak) {
  const Catalog cat = Catalog::built_in();
  const AcceleratorSpec& h100 = *cat.find_accelerator("h100-sxm");
  const AcceleratorSpec& b200 = *cat.find_accelerator("b200");
  EXPECT_NEAR(matmul_format_efficiency(h100, Dtype::kFp8), 0.882694, 1e-6);
  EXPECT_NEAR(matmul_format_efficiency(b200, Dtype::kFp4), 0.820917, 1e-6);
  EXPECT_DOUBLE_EQ(matmul_format_efficiency(h100, Dtype::kBf16), 1.0);
  EXPECT_DOUBLE_EQ(matmul_format_efficiency(h100, Dtype::kFp16), 1.0);
  EXPECT_DOUBLE_EQ(matmul_format_efficiency(h100, Dtype::kInt8), 1.0);  // no int8 measurement
  EXPECT_DOUBLE_EQ(matmul_format_efficiency(*cat.find_accelerator("gb200"), Dtype::kFp4), 1.0);
  EXPECT_DOUBLE_EQ(matmul_format_efficiency(*cat.find_accelerator("a100-80gb-sxm"), Dtype::kFp8),
                   1.0);
  // 1979 x 0.882694 = 1402.6 x 989.5 / 794.5 TFLOP/s
  EXPECT_NEAR(device_rates(h100, Dtype::kFp8, 1.0).peak_flops_per_s, 1402.6e12 * 989.5 / 794.5,
              1e3);
}

// Attention runs in fp8 only with an fp8 KV cache on fp8 tensor cores (TensorRT-LLM's FP8
// context FMHA for fp8 and fp4 checkpoints: trtllm-bench-engine-settings), else in bf16 (or
// the device's next format); never in fp4, whatever the weights.
TEST(Kernel, AttentionFormatFollowsTheKvCache) {
  const Catalog cat = Catalog::built_in();
  const AcceleratorSpec& h100 = *cat.find_accelerator("h100-sxm");
  const AcceleratorSpec& b200 = *cat.find_accelerator("b200");
  EXPECT_EQ(attention_dtype(h100, Dtype::kFp8), Dtype::kFp8);
  EXPECT_EQ(attention_dtype(b200, Dtype::kFp8), Dtype::kFp8);
  EXPECT_EQ(attention_dtype(b200, Dtype::kBf16), Dtype::kBf16);
  EXPECT_EQ(attention_dtype(*cat.find_accelerator("a100-80gb-sxm"), Dtype::kFp8), Dtype::kBf16);
  EXPECT_EQ(attention_dtype(*cat.find_accelerator("apple-m4-max"), Dtype::kBf16), Dtype::kFp16);
}

// E * (1 - (1 - k/E)^T): one token touches exactly k experts; two Mixtral tokens (E=8, k=2)
// touch 8 * (1 - 0.75^2) = 3.5 on average; a large batch touches all of them.
TEST(Moe, ExpectedDistinctExperts) {
  EXPECT_DOUBLE_EQ(expected_distinct_experts(8, 2, 1), 2.0);
  EXPECT_DOUBLE_EQ(expected_distinct_experts(8, 2, 2), 3.5);
  EXPECT_NEAR(expected_distinct_experts(8, 2, 1000), 8.0, 1e-9);
  EXPECT_EQ(expected_distinct_experts(8, 2, 0), 0.0);
}

}  // namespace
}  // namespace aidcsim::perf
