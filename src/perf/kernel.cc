#include "perf/kernel.h"

#include <algorithm>
#include <cmath>

namespace aidcsim::perf {

std::string_view stream_kind_name(StreamKind k) {
  switch (k) {
    case StreamKind::kNorm:
      return "norm";
    case StreamKind::kRope:
      return "rope";
    case StreamKind::kActivation:
      return "act";
    case StreamKind::kAdd:
      return "add";
    case StreamKind::kEmbedding:
      return "emb";
  }
  return "?";
}

double gemm_time_s(const KernelCost& cost, const DeviceRates& rates, const GemmCalibration& cal) {
  const double p = cal.blend_exponent;
  const double tc = cost.flops / (cal.compute_efficiency * rates.peak_flops_per_s);
  const double tm = cost.bytes / (cal.memory_efficiency * rates.memory_bytes_per_s);
  if (tc <= 0.0 && tm <= 0.0) return 0.0;
  return cal.launch_s + std::pow(std::pow(tc, p) + std::pow(tm, p), 1.0 / p);
}

double l2_bandwidth_gain(double bytes, double l2_bytes, const StreamCalibration& cal) {
  if (cal.l2_gain <= 0.0 || l2_bytes <= 0.0) return 1.0;
  // A steep logistic in log(bytes): ~1 + a well inside the cache, ~1 well outside it.
  constexpr double kSteepness = 6.0;
  return 1.0 + cal.l2_gain / (1.0 + std::pow(bytes / (cal.l2_fill * l2_bytes), kSteepness));
}

double stream_time_s(double bytes, const DeviceRates& rates, const StreamCalibration& cal,
                     double rows, double row_bytes) {
  if (bytes <= 0.0) return 0.0;
  const double p = cal.blend_exponent;
  const double gain = l2_bandwidth_gain(bytes, rates.l2_bytes, cal);
  const double tm =
      bytes / (cal.bandwidth_efficiency * rates.memory_bytes_per_s * gain) + rows * cal.row_s;
  const double launch = cal.launch_s + row_bytes * cal.launch_per_row_byte_s;
  return std::pow(std::pow(launch, p) + std::pow(tm, p), 1.0 / p);
}

double peak_flops_per_s(const AcceleratorSpec& gpu, Dtype d) {
  const auto peak = gpu.peak_dense.of(d);
  return peak ? peak->base : 0.0;
}

Dtype compute_dtype(const AcceleratorSpec& gpu, Dtype weight) {
  if ((weight == Dtype::kFp8 || weight == Dtype::kFp4) && peak_flops_per_s(gpu, weight) > 0.0) {
    return weight;
  }
  for (Dtype d : {Dtype::kBf16, Dtype::kFp16, Dtype::kFp32}) {
    if (peak_flops_per_s(gpu, d) > 0.0) return d;
  }
  return Dtype::kFp32;
}

Dtype attention_dtype(const AcceleratorSpec& gpu, Dtype kv) {
  if (kv == Dtype::kFp8 && peak_flops_per_s(gpu, Dtype::kFp8) > 0.0) return Dtype::kFp8;
  return compute_dtype(gpu, Dtype::kBf16);
}

double matmul_format_efficiency(const AcceleratorSpec& gpu, Dtype d) {
  if (!gpu.max_achieved_matmul || d == Dtype::kBf16 || d == Dtype::kFp16 || d == Dtype::kFp32 ||
      d == Dtype::kTf32) {
    return 1.0;
  }
  const auto achieved = gpu.max_achieved_matmul->of(d);
  const auto achieved_bf16 = gpu.max_achieved_matmul->of(Dtype::kBf16);
  const double peak = peak_flops_per_s(gpu, d);
  const double peak_bf16 = peak_flops_per_s(gpu, Dtype::kBf16);
  if (!achieved || !achieved_bf16 || peak <= 0.0 || peak_bf16 <= 0.0) return 1.0;
  return (achieved->base / peak) / (achieved_bf16->base / peak_bf16);
}

DeviceRates device_rates(const AcceleratorSpec& gpu, Dtype compute, double clock_scale) {
  return DeviceRates{
      peak_flops_per_s(gpu, compute) * clock_scale * matmul_format_efficiency(gpu, compute),
      gpu.memory_bandwidth.base, gpu.l2_cache ? gpu.l2_cache->base : 0.0};
}

}  // namespace aidcsim::perf
