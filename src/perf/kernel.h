// Time of one GPU kernel from what it does (floating-point operations, bytes to and from
// device memory) and what the device offers (peak FLOP/s, memory bandwidth, L2 cache), with
// fitted efficiency constants. Two kernel shapes cover the transformer operators:
//   matrix multiplications:  t = launch + ((F/(eta_c*P))^p + (B/(eta_m*BW))^p)^(1/p)
//   streaming (elementwise): t = ((launch + b*s)^p + (B/(eta*BW*g) + rows*t_row)^p)^(1/p)
//     b: bytes of one row (token), s: launch time per row byte (one block must finish a row);
//     g = 1 + a / (1 + (B/(c*L2))^6): bandwidth gain while the kernel's bytes fit in the L2
//     cache (the data was just written by the previous kernel and is still on chip).
// The p-norm blends the compute and memory roofs: far from the ridge point the larger term
// dominates (roofline); near it both count, which is where measured matmuls run slowest
// relative to the roofline. The constants are fitted to measured profiles (see calibration.h).
#pragma once

#include <array>
#include <string_view>

#include "catalog/specs.h"

namespace aidcsim::perf {

// Work of one kernel on one GPU.
struct KernelCost {
  double flops = 0.0;
  double bytes = 0.0;
};

// The roofs a kernel runs against: peak of its compute format, scaled by the clock, and the
// memory bandwidth (which the SM clock does not change).
struct DeviceRates {
  double peak_flops_per_s = 0.0;
  double memory_bytes_per_s = 0.0;
  double l2_bytes = 0.0;  // 0: no L2 term (the catalog gives no size)
};

struct GemmCalibration {
  double launch_s = 0.0;
  double compute_efficiency = 1.0;  // eta_c: fraction of peak FLOP/s a large matmul reaches
  double memory_efficiency = 1.0;   // eta_m: fraction of bandwidth a matrix-vector product reaches
  double blend_exponent = 1.0;      // p
};

struct StreamCalibration {
  double launch_s = 0.0;
  double bandwidth_efficiency = 1.0;   // eta: fraction of bandwidth a large call reaches
  double blend_exponent = 1.0;         // p
  double row_s = 0.0;                  // time per row (token): kernels that run one thread
                                       // block per token pay it however short the row
  double launch_per_row_byte_s = 0.0;  // s: the launch floor grows with the row one block
                                       // must stream (a 1-token call is not free of its row)
  double l2_gain = 0.0;                // a: bandwidth gain when the bytes fit in L2 (0: none)
  double l2_fill = 1.0;                // c: fraction of the L2 size where the gain halves
};

// Memory-bound operator classes, each with its own constants (their kernels differ).
enum class StreamKind { kNorm, kRope, kActivation, kAdd, kEmbedding };
inline constexpr int kStreamKindCount = 5;
std::string_view stream_kind_name(StreamKind k);

struct KernelCalibration {
  GemmCalibration gemm;
  std::array<StreamCalibration, kStreamKindCount> stream;
  const StreamCalibration& of(StreamKind k) const { return stream[static_cast<int>(k)]; }
  StreamCalibration& of(StreamKind k) { return stream[static_cast<int>(k)]; }
};

double gemm_time_s(const KernelCost& cost, const DeviceRates& rates, const GemmCalibration& cal);
// `rows`: thread-block rows the call covers (one block per token in vLLM's norm, RoPE and
// activation kernels; RoPE counts its q and k passes, see step.cc); `row_bytes`: bytes of
// one token's row (0: no size-dependent launch floor).
double stream_time_s(double bytes, const DeviceRates& rates, const StreamCalibration& cal,
                     double rows = 0.0, double row_bytes = 0.0);
// The bandwidth gain g of a streaming kernel moving `bytes` on a device with `l2_bytes` of L2.
double l2_bandwidth_gain(double bytes, double l2_bytes, const StreamCalibration& cal);

// The format matrix products run in for weights of `weight` type: fp8 and fp4 weights run
// natively where the device has that peak (W8A8, W4A4); int4/int8 and unsupported formats
// are dequantised and run in bf16, else fp16, else fp32 (whichever the device has first).
Dtype compute_dtype(const AcceleratorSpec& gpu, Dtype weight);
// The format attention's matrix products (QK^T, PV) run in: fp8 when the KV cache is fp8 and
// the device has fp8 tensor cores (an FP8 fused attention kernel, as TensorRT-LLM enables for
// fp8 and fp4 checkpoints), else bf16 (fp16, fp32) whatever the weights: attention never runs
// in fp4 or on dequantised int formats.
Dtype attention_dtype(const AcceleratorSpec& gpu, Dtype kv);
// Dense peak of `d` on the device, 0 when the catalog gives none.
double peak_flops_per_s(const AcceleratorSpec& gpu, Dtype d);
// How well matrix products in `d` reach their peak relative to bf16 on this device: (measured
// best matmul / peak in d) / (the same in bf16), from the catalog's max_achieved_matmul. The
// kernel constants were fitted on bf16/fp16 profiles (calibration.cc), so this carries their
// compute efficiency to fp8 and fp4. 1 for bf16, fp16 and wider formats, and wherever either
// measurement or peak is missing.
double matmul_format_efficiency(const AcceleratorSpec& gpu, Dtype d);
// Rates of a device for matrix products in `compute`: its dense peak (scaled by the clock and
// by matmul_format_efficiency), memory bandwidth and L2 size.
DeviceRates device_rates(const AcceleratorSpec& gpu, Dtype compute, double clock_scale);

}  // namespace aidcsim::perf
