// Collective communication time: a fixed latency plus the bytes each rank must move over its
// link, fitted to the all-reduce and send/recv profiles (../shared/data/profiles/vidur/
// profiling/network/). All-reduce is the ring/NVLS bandwidth term 2(n-1)/n x size.
#pragma once

#include <cstdint>

#include "catalog/specs.h"
#include "perf/calibration.h"

namespace aidcsim::perf {

// PCIe 4.0 x16, per direction: the link used when a device lists no interconnect.
inline constexpr double kPcieGen4x16BytesPerS = 31.5e9;

double all_reduce_time_s(double bytes, int64_t ranks, double link_bytes_per_s,
                         const LinkCalibration& cal);
double send_recv_time_s(double bytes, double link_bytes_per_s, const LinkCalibration& cal);
// All-gather of `bytes` in total over `ranks` GPUs (each holds bytes/ranks and receives the
// rest): the second half of a ring all-reduce, (n-1)/n x bytes per GPU. `cal`: the fitted
// all-reduce constants (its latency is an upper bound for half the ring).
double all_gather_time_s(double bytes, int64_t ranks, double link_bytes_per_s,
                         const LinkCalibration& cal);
// All-to-all over `ranks` GPUs where each GPU holds `bytes` to scatter evenly over the group
// and keeps the 1/n addressed to itself: (n-1)/n x bytes leave (and arrive at) each GPU.
// MoE dispatch and combine with expert parallelism; `cal`: the fitted all-reduce constants.
double all_to_all_time_s(double bytes, int64_t ranks, double link_bytes_per_s,
                         const LinkCalibration& cal);

// Per-device bandwidth a group of `ranks` GPUs communicates over: the scale-up link (NVLink)
// when the group fits in one scale-up domain, else the scale-out network; PCIe when the
// catalog lists neither.
double group_link_bytes_per_s(const AcceleratorSpec& gpu, int64_t ranks, int64_t scale_up_domain);

}  // namespace aidcsim::perf
