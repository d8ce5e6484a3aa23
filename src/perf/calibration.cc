// Constants printed by `validate_perf --fit` (bench/validate_perf.cc) from
// ../shared/data/profiles/vidur/profiling (microsoft/vidur data/profiling, MIT licence):
// compute/{h100,a100,a40}/*/*/mlp.csv for the kernels, network/*/{all_reduce,send_recv}.csv
// for the collectives, on the rows fit.h selects. perf_test.FitReproducesCheckedInConstants
// refits and compares. Units: seconds; efficiencies are fractions of the catalog's peak FLOP/s,
// memory bandwidth or link bandwidth.
#include "perf/calibration.h"

#include <array>
#include <utility>

namespace aidcsim::perf {
namespace {

// {gemm {launch_s, compute_eff, memory_eff, p}, stream {launch_s, bandwidth_eff, p, row_s,
//  launch_per_row_byte_s, l2_gain, l2_fill} for
//  norm, rope, act, add, emb}
// BEGIN FITTED KERNELS
constexpr KernelCalibration kGlobal = {{4.53e-06, 0.7508, 0.7989, 1.848},
                                       {{{5e-06, 0.4119, 3.078, 0, 0, 0, 1},
                                         {2.99e-06, 0.4843, 1.439, 0, 0, 0, 1},
                                         {2.992e-06, 0.5808, 1.222, 0, 0, 0, 1},
                                         {1.996e-06, 0.8816, 3.21, 0, 0, 0, 1},
                                         {3.69e-06, 0.1768, 1.29, 0, 0, 0, 1}}}};
constexpr std::array<std::pair<std::string_view, KernelCalibration>, 3> kDevices = {{
    {"a100-80gb-sxm",
     {{5.022e-06, 0.7442, 0.7932, 1.728},
      {{{1.048e-06, 0.3729, 1.687, 3.216e-09, 1.811e-10, 0.3604, 0.6023},
        {2.564e-06, 0.7216, 1.69, 1.895e-09, 8.368e-11, 0.1807, 0.9633},
        {1.018e-06, 0.5096, 2.378, 2.362e-09, 1.205e-10, 0.09958, 0.4078},
        {1.942e-06, 0.8981, 1.211, 7.99e-10, 8.739e-13, 0.3512, 1.001},
        {4.048e-06, 0.1521, 1.476, 4.64e-09, 5.899e-13, 0.07783, 3.759}}}}},
    {"a40",
     {{2.96e-06, 0.7641, 0.7767, 2.132},
      {{{1.973e-06, 0.6428, 3.708, 5.859e-09, 1.227e-10, 0.003923, 0.25},
        {1.564e-06, 0.8666, 2.046, 9.574e-10, 9.319e-11, 0.4853, 1.034},
        {1e-06, 0.7957, 3.128, 3.098e-09, 8.138e-11, 0.2269, 0.9016},
        {9.447e-07, 0.8449, 0.9276, 3.685e-10, 3.462e-14, 1.123, 1.445},
        {2.866e-06, 0.5166, 1.395, 2.665e-09, 5.553e-12, 0.0704, 0.5868}}}}},
    {"h100-sxm",
     {{4.968e-06, 0.7603, 0.916, 1.653},
      {{{2.001e-06, 0.3258, 4.396, 1.079e-10, 1.22e-10, 0.234, 0.8169},
        {1.672e-06, 0.6722, 1.551, 7.703e-10, 7.102e-11, 0.1407, 1.084},
        {1.157e-06, 0.6169, 4.172, 2.224e-09, 7.959e-11, 0.03599, 0.9778},
        {1.83e-06, 0.8697, 2.024, 1.392e-09, 1.807e-12, 0.3733, 3.978},
        {3.041e-06, 0.1955, 1.223, 2.121e-09, 4.642e-12, 0.002752, 0.3694}}}}},
}};
// END FITTED KERNELS

// {all_reduce {latency_s, bandwidth_eff}, send_recv {latency_s, bandwidth_eff}}
// BEGIN FITTED COLLECTIVES
constexpr CollectiveCalibration kGlobalCollectives = {{3.23e-05, 0.6365}, {7.831e-06, 0.7812}};
constexpr std::array<std::pair<std::string_view, CollectiveCalibration>, 3> kDeviceCollectives = {{
    {"a100-80gb-sxm", {{5.184e-05, 0.6522}, {1.386e-05, 1.019}}},
    {"a40", {{3.23e-05, 0.6365}, {7.831e-06, 0.7812}}},
    {"h100-sxm", {{2.828e-05, 0.7534}, {7.419e-06, 0.7514}}},
}};
// END FITTED COLLECTIVES

}  // namespace

const KernelCalibration& global_kernel_calibration() {
  return kGlobal;
}

const KernelCalibration& kernel_calibration_for(std::string_view accelerator) {
  for (const auto& [name, k] : kDevices) {
    if (name == accelerator) return k;
  }
  return kGlobal;
}

bool has_device_calibration(std::string_view accelerator) {
  for (const auto& [name, k] : kDevices) {
    if (name == accelerator) return true;
  }
  return false;
}

const CollectiveCalibration& global_collective_calibration() {
  return kGlobalCollectives;
}

const CollectiveCalibration& collective_calibration_for(std::string_view accelerator) {
  for (const auto& [name, k] : kDeviceCollectives) {
    if (name == accelerator) return k;
  }
  return kGlobalCollectives;
}

}  // namespace aidcsim::perf
