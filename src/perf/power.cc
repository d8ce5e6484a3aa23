#include "perf/power.h"

#include <algorithm>
#include <cmath>

#include "perf/calibration.h"

namespace aidcsim::perf {

double idle_power_w(const AcceleratorSpec& gpu) {
  return gpu.idle_power ? gpu.idle_power->base : kIdleFractionOfTdp * gpu.tdp.base;
}

double gpu_power_w(const AcceleratorSpec& gpu, double compute_utilization,
                   double memory_utilization, double clock_scale) {
  const GemmCalibration& g = kernel_calibration_for(gpu.name).gemm;
  const double idle = idle_power_w(gpu);
  const double load = kComputePowerWeight * compute_utilization / g.compute_efficiency *
                          std::pow(clock_scale, kClockPowerExponent - 1.0) +
                      kMemoryPowerWeight * memory_utilization / g.memory_efficiency;
  return idle + (gpu.tdp.base - idle) * std::clamp(load, 0.0, 1.0);
}

StepPower step_power(const AcceleratorSpec& gpu, const StepPrediction& step, double clock_scale) {
  StepPower p;
  const double peak = peak_flops_per_s(gpu, step.compute_dtype);
  if (step.total_s > 0.0 && peak > 0.0) {
    p.compute_utilization = step.flops_per_gpu / (step.total_s * peak);
    p.memory_utilization = step.bytes_per_gpu / (step.total_s * gpu.memory_bandwidth.base);
  }
  // A format whose matmuls reach less of their peak keeps the tensor cores as busy for fewer
  // FLOPs: its utilisation counts against the reachable share, so a fully compute-bound step
  // draws the same power in any format.
  p.power_w =
      gpu_power_w(gpu, p.compute_utilization / matmul_format_efficiency(gpu, step.compute_dtype),
                  p.memory_utilization, clock_scale);
  return p;
}

CappedStep predict_step_under_cap(const ModelSpec& model, const AcceleratorSpec& gpu,
                                  const Deployment& dep, const StepBatch& batch, double cap_w) {
  auto at = [&](double scale) {
    Deployment d = dep;
    d.clock_scale = scale;
    CappedStep c;
    c.step = predict_step(model, gpu, d, batch);
    c.power = step_power(gpu, c.step, scale);
    c.clock_scale = scale;
    return c;
  };
  CappedStep full = at(1.0);
  if (full.power.power_w <= cap_w) return full;
  CappedStep low = at(kMinClockScale);
  if (low.power.power_w > cap_w) return low;
  // Draw rises with the clock; bisect for the highest clock within the cap.
  double lo = kMinClockScale, hi = 1.0;
  for (int i = 0; i < 40; ++i) {
    const double mid = 0.5 * (lo + hi);
    (at(mid).power.power_w <= cap_w ? lo : hi) = mid;
  }
  return at(lo);
}

}  // namespace aidcsim::perf
