// The tensor-parallel all-reduce of a serving step: the engines' peer-to-peer kernel for small
// messages over NVLink, NCCL's ring for large ones or without NVLink. The peer-to-peer
// constants must be what fit_link gives on the measured latencies in
// data/validation/custom_allreduce_h100.csv (source row custom-allreduce-h100), and must
// reproduce them.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "perf/collectives.h"
#include "perf/fit.h"

namespace aidcsim::perf {
namespace {

struct MeasuredAllReduce {
  int64_t ranks = 0;
  double bytes = 0.0;
  double latency_s = 0.0;
};

std::vector<MeasuredAllReduce> read_measured() {
  const char* dir = std::getenv("AIDCSIM_SOURCE_DIR");
  const std::string path =
      std::string(dir != nullptr ? dir : ".") + "/data/validation/custom_allreduce_h100.csv";
  std::ifstream in(path);
  EXPECT_TRUE(in) << path << " not found (set AIDCSIM_SOURCE_DIR to the project folder)";
  std::vector<MeasuredAllReduce> rows;
  std::string line;
  while (std::getline(in, line)) {
    long ranks = 0;
    double bytes = 0.0, latency_us = 0.0;
    if (line.empty() || line[0] == '#') continue;
    if (std::sscanf(line.c_str(), "%ld,%lf,%lf", &ranks, &bytes, &latency_us) != 3) continue;
    rows.push_back({ranks, bytes, latency_us * 1e-6});
  }
  return rows;
}

// H100's NVLink, per direction (catalog h100-sxm scale_up_bandwidth).
constexpr double kH100NvlinkBytesPerS = 450e9;

// The checked-in constants are the fit of the measured rows (to the printed precision), and
// reproduce them: median error 10.4% (under 12%), worst 36.7% (under 40%). One latency for
// every group size is the limit: the kernel's fixed cost grows from ~3.8 us on 2 GPUs to ~5.8
// us on 8, so 8-GPU messages up to 256 KiB come out 2 us (29-37%) short, 2-GPU ones at most
// 11% long.
TEST(Collectives, PeerToPeerAllReduceConstantsFitTheMeasuredLatencies) {
  const std::vector<MeasuredAllReduce> rows = read_measured();
  ASSERT_EQ(rows.size(), 18u);
  std::vector<FitSample> samples;
  for (const MeasuredAllReduce& r : rows) {
    FitSample s;
    // The bandwidth term at efficiency 1: 2(n-1)/n of the message over the link.
    const auto n = static_cast<double>(r.ranks);
    s.memory_s = 2.0 * (n - 1.0) / n * r.bytes / kH100NvlinkBytesPerS;
    s.measured_s = r.latency_s;
    samples.push_back(s);
  }
  const LinkCalibration fitted = fit_link(samples);
  EXPECT_NEAR(fitted.latency_s, kPeerToPeerAllReduce.latency_s, 0.05e-6);
  EXPECT_NEAR(fitted.bandwidth_efficiency, kPeerToPeerAllReduce.bandwidth_efficiency, 0.0005);

  std::vector<double> errors;
  for (const MeasuredAllReduce& r : rows) {
    const double predicted =
        all_reduce_time_s(r.bytes, r.ranks, kH100NvlinkBytesPerS, kPeerToPeerAllReduce);
    errors.push_back(std::abs(predicted / r.latency_s - 1.0));
  }
  std::sort(errors.begin(), errors.end());
  EXPECT_LT(errors[errors.size() / 2], 0.12);
  EXPECT_LT(errors.back(), 0.40);
}

// Llama 2 70B on 2 H100s: one decode token's all-reduce moves 8192 x 2 B = 16,384 B. Peer to
// peer: 3.95 us + 16,384 / (0.1287 x 450e9) = 3.95 + 0.283 = 4.233 us; NCCL (H100's fit, 28.28
// us, efficiency 0.7534) would take 28.28 + 0.048 = 28.33 us. A 1024-token prefill moves 16
// MiB: NCCL 28.28 + 16,777,216 / (0.7534 x 450e9) = 28.28 + 49.49 = 77.77 us, against 293.6 us
// peer to peer, so the ring is used. Without NVLink the ring is used at every size.
TEST(Collectives, TensorParallelAllReduceTakesTheFasterAlgorithm) {
  const LinkCalibration nccl{28.28e-6, 0.7534};
  const auto decode = tensor_parallel_all_reduce(16384.0, 2, kH100NvlinkBytesPerS, nccl, true);
  EXPECT_NEAR(decode.time_s, 4.233e-6, 0.001e-6);
  EXPECT_TRUE(decode.peer_to_peer);
  const auto prefill = tensor_parallel_all_reduce(16777216.0, 2, kH100NvlinkBytesPerS, nccl, true);
  EXPECT_NEAR(prefill.time_s, 77.77e-6, 0.01e-6);
  EXPECT_FALSE(prefill.peer_to_peer);
  const auto no_nvlink = tensor_parallel_all_reduce(16384.0, 2, kH100NvlinkBytesPerS, nccl, false);
  EXPECT_NEAR(no_nvlink.time_s, 28.33e-6, 0.01e-6);
  EXPECT_FALSE(no_nvlink.peer_to_peer);
  EXPECT_EQ(tensor_parallel_all_reduce(16384.0, 1, kH100NvlinkBytesPerS, nccl, true).time_s, 0.0);
}

// The peer-to-peer kernel needs the group on one NVLink domain: an 8-GPU H100 board (domain 8)
// has it for TP 2 to 8, not for TP 16 across two boards; a device without a scale-up link
// (L40S, PCIe only) never has it.
TEST(Collectives, PeerToPeerNeedsTheGroupOnOneNvlinkDomain) {
  const Catalog catalog = Catalog::built_in();
  const AcceleratorSpec* h100 = catalog.find_accelerator("h100-sxm");
  const AcceleratorSpec* l40s = catalog.find_accelerator("l40s");
  ASSERT_TRUE(h100 != nullptr && l40s != nullptr);
  EXPECT_TRUE(group_on_scale_up_link(*h100, 8, 8));
  EXPECT_FALSE(group_on_scale_up_link(*h100, 16, 8));
  EXPECT_FALSE(group_on_scale_up_link(*l40s, 2, 8));
}

}  // namespace
}  // namespace aidcsim::perf
