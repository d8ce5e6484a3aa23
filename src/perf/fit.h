// The fit that produces calibration.cc: Nelder-Mead on the mean absolute log error
// |ln(predicted/measured)| (a relative error, symmetric in over- and under-prediction), over
// a fixed subset of the Vidur rows. Deterministic: same data, same constants.
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "catalog/catalog.h"
#include "perf/calibration.h"
#include "perf/vidur_profile.h"

namespace aidcsim::perf {

// Token counts the operator constants are fitted on: powers of two (1, 2, 4, ...) and three
// times powers of two from 24 (24, 48, 96, ...): spread evenly in log scale, so small and
// large matrices weigh alike. Collectives are fitted on every row (they are cheap to fit).
// The validation bench uses every row.
bool in_fit_subset_tokens(int64_t tokens);

// Minimises f from x0 (simplex of x0 and x0 + step along each axis).
std::vector<double> nelder_mead(const std::function<double(const std::vector<double>&)>& f,
                                std::vector<double> x0, double step, int max_iterations);

// A measurement with its roofline terms at efficiency 1 (compute_s = F/P, memory_s = B/BW;
// for a collective memory_s = bytes over the link / link bandwidth).
struct FitSample {
  double compute_s = 0.0;
  double memory_s = 0.0;
  double measured_s = 0.0;
  double rows = 0.0;       // thread-block rows of a streaming kernel
  double row_bytes = 0.0;  // bytes of one token's row of a streaming kernel
  double l2_s = 0.0;       // the device's L2 size over its bandwidth (0: no L2 term)
};
GemmCalibration fit_gemm(const std::vector<FitSample>& samples);
// `per_row`: also fit the time per row (token), the launch time per row byte and the L2 gain
// and fill. Only for one GPU's own constants: across GPUs the per-row cost does not follow
// any catalog figure (0.01-0.4 ns on H100/A100/A40 for norms), and a global per-row term
// fitted on slower GPUs overpredicts faster ones (H100 left out: norm 13% -> 30%, emb 7% ->
// 67% median error), so the global constants keep it at 0; the launch-per-byte and L2 terms,
// fitted globally, make the left-out GPU worse as often as better (docs/perf-model.md), so
// the global constants keep them at 0 too.
StreamCalibration fit_stream(const std::vector<FitSample>& samples, bool per_row);
LinkCalibration fit_link(const std::vector<FitSample>& samples);

struct FittedConstants {
  KernelCalibration global_kernels;
  std::vector<std::pair<std::string, KernelCalibration>> device_kernels;  // by accelerator
  CollectiveCalibration global_collectives;
  std::vector<std::pair<std::string, CollectiveCalibration>> device_collectives;
  size_t compute_samples = 0;
  size_t collective_samples = 0;
};
// Fits every constant. The global kernel constants use the GPUs in `global_gpus` (Vidur
// folder names; all when empty), so a leave-one-GPU-out check can refit without one.
FittedConstants fit_constants(const VidurDataset& data, const Catalog& catalog,
                              const std::vector<std::string>& global_gpus = {});

// C++ initialisers of calibration.cc for the fitted constants.
std::string format_constants(const FittedConstants& c);

}  // namespace aidcsim::perf
