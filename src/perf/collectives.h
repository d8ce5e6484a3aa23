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

// The serving engines' own all-reduce for tensor parallelism over NVLink: TensorRT-LLM's
// one-shot/two-shot peer-to-peer kernels (vLLM and SGLang carry equivalents), which read the
// peers' buffers directly instead of running NCCL's ring. Fitted (fit_link, as the NCCL
// constants) on the H100 latencies of data/validation/custom_allreduce_h100.csv, 512 B to 1 MiB
// on 2, 4 and 8 GPUs (source row custom-allreduce-h100; collectives_test refits them): a few
// microseconds where NCCL takes ~30, but a low bandwidth efficiency, so NCCL wins from about
// 1-1.7 MB on (H100, 8 to 2 GPUs).
inline constexpr LinkCalibration kPeerToPeerAllReduce = {3.95e-6, 0.1287};

// Whether a group of `ranks` GPUs talks over the scale-up link (NVLink within one domain),
// where the engines' peer-to-peer all-reduce works.
bool group_on_scale_up_link(const AcceleratorSpec& gpu, int64_t ranks, int64_t scale_up_domain);

// A tensor-parallel all-reduce of `bytes` in a serving step: the faster of NCCL (`nccl`, the
// fitted ring) and, when the group shares NVLink (`scale_up`), the peer-to-peer kernel. The
// engines dispatch by message size the same way (TensorRT-LLM's AUTO strategy, vLLM's size
// thresholds).
struct TensorParallelAllReduce {
  double time_s = 0.0;
  bool peer_to_peer = false;  // the peer-to-peer kernel was the faster
};
TensorParallelAllReduce tensor_parallel_all_reduce(double bytes, int64_t ranks,
                                                   double link_bytes_per_s,
                                                   const LinkCalibration& nccl, bool scale_up);

// Per-device bandwidth a group of `ranks` GPUs communicates over: the scale-up link (NVLink)
// when the group fits in one scale-up domain, else the scale-out network; PCIe when the
// catalog lists neither.
double group_link_bytes_per_s(const AcceleratorSpec& gpu, int64_t ranks, int64_t scale_up_domain);

}  // namespace aidcsim::perf
