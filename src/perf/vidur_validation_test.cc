// Checks the model against Vidur's measured profiles (../shared/data/profiles/vidur): on a
// fixed subset of rows that the fit does not use (token counts 8 x (13k + 5): 40, 144, 248,
// ..., leaving out 768 and 6144, which the fit's powers of two and 3 x powers of two
// include), the median absolute error per GPU x operator family must stay within 10%, and
// per collective within the bounds below; and the fit still reproduces the constants checked
// in to calibration.cc; and, over every row, median within 10% per GPU x family x TP.
// Skipped, with a message, when the shared data folder is absent (set
// AIDCSIM_SHARED_DATA).
#include <gtest/gtest.h>

#include <map>

#include "catalog/catalog.h"
#include "perf/fit.h"
#include "perf/validation.h"
#include "perf/vidur_profile.h"

namespace aidcsim::perf {
namespace {

class VidurProfiles : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const std::string dir = shared_data_dir();
    if (dir.empty()) return;
    data_ = new VidurDataset(load_vidur_dataset(dir + "/profiles/vidur/profiling"));
    catalog_ = new Catalog(Catalog::built_in());
  }
  static void TearDownTestSuite() {
    delete data_;
    delete catalog_;
    data_ = nullptr;
    catalog_ = nullptr;
  }
  void SetUp() override {
    if (data_ == nullptr || data_->mlp.empty()) {
      GTEST_SKIP() << "Vidur profiles not found: set AIDCSIM_SHARED_DATA to the shared data "
                      "folder (default $AIDCSIM_SOURCE_DIR/../shared/data)";
    }
  }
  static VidurDataset* data_;
  static Catalog* catalog_;
};
VidurDataset* VidurProfiles::data_ = nullptr;
Catalog* VidurProfiles::catalog_ = nullptr;

bool in_check_subset(int64_t tokens) {
  return tokens % 8 == 0 && (tokens / 8) % 13 == 5 && !in_fit_subset_tokens(tokens);
}

TEST_F(VidurProfiles, OperatorMedianErrorWithinTenPercentPerGpuAndFamily) {
  std::vector<VidurMlpRow> rows;
  for (const auto& r : data_->mlp) {
    if (in_check_subset(r.num_tokens)) rows.push_back(r);
  }
  ASSERT_GT(rows.size(), 500u);
  const auto cmp = compare_mlp(
      rows, *catalog_, [](std::string_view a) -> const auto& { return kernel_calibration_for(a); });
  std::map<std::string, std::vector<double>> errors;
  for (const Comparison& c : cmp) errors[c.device + " " + c.group].push_back(c.abs_pct_error());
  ASSERT_EQ(errors.size(), 18u);  // 3 GPUs x 6 families
  for (const auto& [key, e] : errors) {
    const ErrorStats s = error_stats(e);
    EXPECT_LE(s.median_pct, 10.0) << key << " over " << s.count << " rows";
  }
}

// Every measured row (fit rows included), per GPU x family and per GPU x family x TP: median
// within 10%, the target, with no exceptions. The cells that used to need one (H100
// norm 10.1%, 11.8% at TP 1; RoPE at TP 8, A100 10.6%, H100 11.1%) are held by the L2 gain,
// the per-row-byte launch floor and RoPE's counted thread-block passes (kernel.h, step.cc).
TEST_F(VidurProfiles, EveryRowMedianErrorPerGpuFamilyAndTp) {
  const auto cmp = compare_mlp(
      data_->mlp, *catalog_,
      [](std::string_view a) -> const auto& { return kernel_calibration_for(a); });
  std::map<std::string, std::vector<double>> family, family_tp;
  for (const Comparison& c : cmp) {
    family[c.device + " " + c.group].push_back(c.abs_pct_error());
    family_tp[c.device + " " + c.group + " tp" + std::to_string(c.tp)].push_back(c.abs_pct_error());
  }
  ASSERT_EQ(family.size(), 18u);
  ASSERT_EQ(family_tp.size(), 72u);  // x 4 TP degrees
  for (const auto* groups : {&family, &family_tp}) {
    for (const auto& [key, e] : *groups) {
      EXPECT_LE(error_stats(e).median_pct, 10.0) << key << " over " << e.size() << " rows";
    }
  }
}

// Bounds per collective: 15% where the environment matches the catalog's link; the 2-GPU
// all-reduce of the NVLink-pair machines is slower than the same pair in a DGX (the fit
// shares one set of constants per GPU), hence 25%.
TEST_F(VidurProfiles, CollectiveMedianErrorWithinBounds) {
  std::vector<VidurCollectiveRow> rows;
  for (size_t i = 0; i < data_->collectives.size(); i += 7) rows.push_back(data_->collectives[i]);
  const auto cmp = compare_collectives(
      rows, *catalog_,
      [](std::string_view a) -> const auto& { return collective_calibration_for(a); });
  std::map<std::string, std::vector<double>> errors;
  for (const Comparison& c : cmp.rows)
    errors[c.device + " " + c.group].push_back(c.abs_pct_error());
  const std::map<std::string, double> bounds = {{"h100_dgx all_reduce n=2", 15.0},
                                                {"h100_dgx all_reduce n=4", 15.0},
                                                {"h100_dgx all_reduce n=8", 15.0},
                                                {"h100_dgx send_recv intra-node", 15.0},
                                                {"h100_dgx send_recv inter-node", 15.0},
                                                {"a100_dgx all_reduce n=2", 15.0},
                                                {"a100_dgx all_reduce n=4", 15.0},
                                                {"a100_dgx all_reduce n=8", 20.0},
                                                {"a100_dgx send_recv intra-node", 15.0},
                                                {"h100_pairwise_nvlink all_reduce n=2", 25.0},
                                                {"h100_pairwise_nvlink send_recv intra-node", 15.0},
                                                {"a100_pairwise_nvlink all_reduce n=2", 15.0}};
  for (const auto& [key, bound] : bounds) {
    ASSERT_TRUE(errors.count(key)) << key;
    EXPECT_LE(error_stats(errors[key]).median_pct, bound) << key;
  }
}

void expect_close(double fitted, double checked_in, const std::string& what) {
  EXPECT_NEAR(fitted / checked_in, 1.0, 0.01)
      << what << ": fit gives " << fitted << ", calibration.cc has " << checked_in;
}

void expect_kernels(const KernelCalibration& f, const KernelCalibration& c, const std::string& n) {
  expect_close(f.gemm.launch_s, c.gemm.launch_s, n + " gemm launch");
  expect_close(f.gemm.compute_efficiency, c.gemm.compute_efficiency, n + " gemm eta_c");
  expect_close(f.gemm.memory_efficiency, c.gemm.memory_efficiency, n + " gemm eta_m");
  expect_close(f.gemm.blend_exponent, c.gemm.blend_exponent, n + " gemm p");
  for (int i = 0; i < kStreamKindCount; ++i) {
    const std::string k = n + " " + std::string(stream_kind_name(static_cast<StreamKind>(i)));
    expect_close(f.stream[static_cast<size_t>(i)].launch_s,
                 c.stream[static_cast<size_t>(i)].launch_s, k + " launch");
    expect_close(f.stream[static_cast<size_t>(i)].bandwidth_efficiency,
                 c.stream[static_cast<size_t>(i)].bandwidth_efficiency, k + " eta");
    expect_close(f.stream[static_cast<size_t>(i)].blend_exponent,
                 c.stream[static_cast<size_t>(i)].blend_exponent, k + " p");
    const StreamCalibration& fs = f.stream[static_cast<size_t>(i)];
    const StreamCalibration& cs = c.stream[static_cast<size_t>(i)];
    EXPECT_NEAR(fs.row_s, cs.row_s, 0.01 * cs.row_s + 1e-15) << k << " row";
    EXPECT_NEAR(fs.launch_per_row_byte_s, cs.launch_per_row_byte_s,
                0.01 * cs.launch_per_row_byte_s + 1e-18)
        << k << " launch per row byte";
    // The L2 gain matters relative to 1 (bandwidth x (1 + gain)), hence an absolute bound;
    // the fill only matters where there is a gain.
    EXPECT_NEAR(fs.l2_gain, cs.l2_gain, 0.01) << k << " L2 gain";
    if (cs.l2_gain >= 0.01) expect_close(fs.l2_fill, cs.l2_fill, k + " L2 fill");
  }
}

// Rerun `validate_perf --fit` and paste its output into calibration.cc if this fails after
// a reviewed change to the model or the data.
TEST_F(VidurProfiles, FitReproducesCheckedInConstants) {
  const FittedConstants f = fit_constants(*data_, *catalog_);
  expect_kernels(f.global_kernels, global_kernel_calibration(), "global");
  for (const auto& [name, k] : f.device_kernels) {
    EXPECT_TRUE(has_device_calibration(name)) << name;
    expect_kernels(k, kernel_calibration_for(name), name);
  }
  for (const auto& [name, c] : f.device_collectives) {
    const CollectiveCalibration& ref = collective_calibration_for(name);
    expect_close(c.all_reduce.latency_s, ref.all_reduce.latency_s, name + " all_reduce latency");
    expect_close(c.all_reduce.bandwidth_efficiency, ref.all_reduce.bandwidth_efficiency,
                 name + " all_reduce eta");
    expect_close(c.send_recv.latency_s, ref.send_recv.latency_s, name + " send_recv latency");
    expect_close(c.send_recv.bandwidth_efficiency, ref.send_recv.bandwidth_efficiency,
                 name + " send_recv eta");
  }
}

}  // namespace
}  // namespace aidcsim::perf
