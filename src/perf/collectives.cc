#include "perf/collectives.h"

namespace aidcsim::perf {

double all_reduce_time_s(double bytes, int64_t ranks, double link_bytes_per_s,
                         const LinkCalibration& cal) {
  if (ranks <= 1 || bytes <= 0.0) return 0.0;
  const auto n = static_cast<double>(ranks);
  return cal.latency_s +
         2.0 * (n - 1.0) / n * bytes / (cal.bandwidth_efficiency * link_bytes_per_s);
}

bool group_on_scale_up_link(const AcceleratorSpec& gpu, int64_t ranks, int64_t scale_up_domain) {
  return ranks <= scale_up_domain && gpu.scale_up_bandwidth.has_value();
}

TensorParallelAllReduce tensor_parallel_all_reduce(double bytes, int64_t ranks,
                                                   double link_bytes_per_s,
                                                   const LinkCalibration& nccl, bool scale_up) {
  const double ring = all_reduce_time_s(bytes, ranks, link_bytes_per_s, nccl);
  if (!scale_up) return {ring, false};
  const double peer = all_reduce_time_s(bytes, ranks, link_bytes_per_s, kPeerToPeerAllReduce);
  return peer < ring ? TensorParallelAllReduce{peer, true} : TensorParallelAllReduce{ring, false};
}

double send_recv_time_s(double bytes, double link_bytes_per_s, const LinkCalibration& cal) {
  if (bytes <= 0.0) return 0.0;
  return cal.latency_s + bytes / (cal.bandwidth_efficiency * link_bytes_per_s);
}

double all_gather_time_s(double bytes, int64_t ranks, double link_bytes_per_s,
                         const LinkCalibration& cal) {
  if (ranks <= 1 || bytes <= 0.0) return 0.0;
  const auto n = static_cast<double>(ranks);
  return cal.latency_s + (n - 1.0) / n * bytes / (cal.bandwidth_efficiency * link_bytes_per_s);
}

double all_to_all_time_s(double bytes, int64_t ranks, double link_bytes_per_s,
                         const LinkCalibration& cal) {
  // Same volume per GPU as an all-gather of the same bytes: (n-1)/n of them cross the link.
  return all_gather_time_s(bytes, ranks, link_bytes_per_s, cal);
}

double group_link_bytes_per_s(const AcceleratorSpec& gpu, int64_t ranks, int64_t scale_up_domain) {
  if (group_on_scale_up_link(gpu, ranks, scale_up_domain)) return gpu.scale_up_bandwidth->base;
  if (gpu.scale_out_bandwidth) return gpu.scale_out_bandwidth->base;
  return kPcieGen4x16BytesPerS;
}

}  // namespace aidcsim::perf
