#include "perf/fit.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <numeric>

#include "perf/validation.h"

namespace aidcsim::perf {
namespace {

double mean_abs_log_error(const std::vector<FitSample>& samples,
                          const std::function<double(const FitSample&)>& predict) {
  double sum = 0.0;
  for (const FitSample& s : samples) sum += std::abs(std::log(predict(s) / s.measured_s));
  return samples.empty() ? 0.0 : sum / static_cast<double>(samples.size());
}

double clamp_exponent(double p) {
  return std::clamp(p, 0.5, 16.0);
}

// Vidur's GPU folders ordered as the constants are printed.
std::vector<std::string> gpus_in(const VidurDataset& data) {
  std::vector<std::string> g;
  for (const auto& r : data.mlp) {
    if (std::find(g.begin(), g.end(), r.gpu) == g.end()) g.push_back(r.gpu);
  }
  std::sort(g.begin(), g.end());
  return g;
}

// Samples per kernel class (0 = gemm, 1 + StreamKind) for the rows of one GPU.
std::array<std::vector<FitSample>, 1 + kStreamKindCount> compute_samples(
    const VidurDataset& data, const Catalog& catalog, const std::vector<std::string>& gpus) {
  std::array<std::vector<FitSample>, 1 + kStreamKindCount> out;
  for (const VidurMlpRow& row : data.mlp) {
    if (std::find(gpus.begin(), gpus.end(), row.gpu) == gpus.end()) continue;
    if (!in_fit_subset_tokens(row.num_tokens)) continue;
    const AcceleratorSpec* gpu = catalog.find_accelerator(vidur_accelerator(row.gpu));
    if (gpu == nullptr) continue;
    const ModelSpec model = vidur_row_model(row);
    Deployment dep;
    dep.parallel.tensor = row.tensor_parallel;
    for (int i = 0; i < kOpCount; ++i) {
      const double measured = row.median_s[static_cast<size_t>(i)];
      if (measured <= 0.0) continue;
      const OperatorCost c = operator_cost(op_at(i), model, *gpu, dep, row.num_tokens);
      FitSample s{c.cost.flops / c.rates.peak_flops_per_s,
                  c.cost.bytes / c.rates.memory_bytes_per_s,
                  measured,
                  c.rows,
                  c.row_bytes,
                  c.rates.l2_bytes / c.rates.memory_bytes_per_s};
      out[c.is_matmul ? 0 : 1 + static_cast<size_t>(c.stream)].push_back(s);
    }
  }
  return out;
}

KernelCalibration fit_kernels(const VidurDataset& data, const Catalog& catalog,
                              const std::vector<std::string>& gpus, size_t* count) {
  const bool per_row = gpus.size() == 1;
  const auto samples = compute_samples(data, catalog, gpus);
  KernelCalibration k;
  k.gemm = fit_gemm(samples[0]);
  for (int i = 0; i < kStreamKindCount; ++i) {
    k.stream[static_cast<size_t>(i)] = fit_stream(samples[1 + static_cast<size_t>(i)], per_row);
  }
  if (count != nullptr) {
    for (const auto& s : samples) *count += s.size();
  }
  return k;
}

// Rows left out of the collective fit (still in the validation table):
// - a40_pairwise_nvlink send/recv within a node runs at ~4 GB/s, below even PCIe: the NVLink
//   bridge was evidently not in use, so the rows do not describe the catalog's A40 link;
// - a100_pairwise_nvlink/send_recv.csv is byte-identical to h100_pairwise_nvlink's and
//   reaches 323 GB/s, above A100's 300 GB/s NVLink: it is H100 data under an A100 name.
bool usable_for_collective_fit(const VidurCollectiveRow& row) {
  if (row.env == "a40_pairwise_nvlink" && row.devices_per_node == 2) return false;
  if (row.env == "a100_pairwise_nvlink" && row.collective == "send_recv") return false;
  return true;
}

}  // namespace

bool in_fit_subset_tokens(int64_t t) {
  if (t <= 0) return false;
  if ((t & (t - 1)) == 0) return true;                           // power of two
  return t % 3 == 0 && ((t / 3) & (t / 3 - 1)) == 0 && t >= 24;  // 3 * 2^k
}

std::vector<double> nelder_mead(const std::function<double(const std::vector<double>&)>& f,
                                std::vector<double> x0, double step, int max_iterations) {
  const size_t n = x0.size();
  std::vector<std::vector<double>> pts(n + 1, x0);
  for (size_t i = 0; i < n; ++i) pts[i + 1][i] += step;
  std::vector<double> val(n + 1);
  for (size_t i = 0; i <= n; ++i) val[i] = f(pts[i]);
  std::vector<size_t> order(n + 1);
  for (int it = 0; it < max_iterations; ++it) {
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return val[a] < val[b]; });
    std::vector<std::vector<double>> p2;
    std::vector<double> v2;
    for (size_t i : order) {
      p2.push_back(pts[i]);
      v2.push_back(val[i]);
    }
    pts = std::move(p2);
    val = std::move(v2);
    if (val[n] - val[0] < 1e-10) break;
    std::vector<double> c(n, 0.0);
    for (size_t i = 0; i < n; ++i) {
      for (size_t j = 0; j < n; ++j) c[j] += pts[i][j] / static_cast<double>(n);
    }
    auto along = [&](double t) {
      std::vector<double> x(n);
      for (size_t j = 0; j < n; ++j) x[j] = c[j] + t * (pts[n][j] - c[j]);
      return x;
    };
    const auto xr = along(-1.0);
    const double fr = f(xr);
    if (fr < val[0]) {
      const auto xe = along(-2.0);
      const double fe = f(xe);
      if (fe < fr) {
        pts[n] = xe, val[n] = fe;
      } else {
        pts[n] = xr, val[n] = fr;
      }
    } else if (fr < val[n - 1]) {
      pts[n] = xr, val[n] = fr;
    } else {
      const auto xc = along(0.5);
      const double fc = f(xc);
      if (fc < val[n]) {
        pts[n] = xc, val[n] = fc;
      } else {
        for (size_t i = 1; i <= n; ++i) {
          for (size_t j = 0; j < n; ++j) pts[i][j] = pts[0][j] + 0.5 * (pts[i][j] - pts[0][j]);
          val[i] = f(pts[i]);
        }
      }
    }
  }
  size_t best = 0;
  for (size_t i = 1; i <= n; ++i) {
    if (val[i] < val[best]) best = i;
  }
  return pts[best];
}

// Parameters are fitted as logarithms (launch in microseconds) so they stay positive.
GemmCalibration fit_gemm(const std::vector<FitSample>& samples) {
  auto make = [](const std::vector<double>& x) {
    return GemmCalibration{std::exp(x[0]) * 1e-6, std::exp(x[1]), std::exp(x[2]),
                           clamp_exponent(std::exp(x[3]))};
  };
  auto f = [&](const std::vector<double>& x) {
    const GemmCalibration g = make(x);
    return mean_abs_log_error(samples, [&](const FitSample& s) {
      return gemm_time_s({s.compute_s, s.memory_s}, {1.0, 1.0}, g);
    });
  };
  return make(
      nelder_mead(f, {std::log(5.0), std::log(0.7), std::log(0.8), std::log(1.5)}, 0.2, 1500));
}

// Per-GPU parameters: launch (us), eta, p, row (ns), launch per row byte (ps/B), L2 gain,
// L2 fill; global: the first three. Bandwidth is normalised to 1 (memory_s = B/BW), so the
// L2 size enters as l2_s = L2/BW and the byte-valued row size keeps its units.
StreamCalibration fit_stream(const std::vector<FitSample>& samples, bool per_row) {
  auto make = [per_row](const std::vector<double>& x) {
    StreamCalibration c{std::exp(x[0]) * 1e-6, std::exp(x[1]), clamp_exponent(std::exp(x[2]))};
    if (per_row) {
      c.row_s = std::exp(x[3]) * 1e-9;
      c.launch_per_row_byte_s = std::exp(x[4]) * 1e-12;
      // A cache effect: its edge within a factor of 4 of the L2 size, a gain of at most 3x,
      // and none below 0.1% (so a fit that does not use it gives exactly 0).
      const double gain = std::exp(x[5]);
      c.l2_gain = gain < 1e-3 ? 0.0 : std::min(gain, 3.0);
      c.l2_fill = std::clamp(std::exp(x[6]), 0.25, 4.0);
    }
    return c;
  };
  auto f = [&](const std::vector<double>& x) {
    const StreamCalibration c = make(x);
    return mean_abs_log_error(samples, [&](const FitSample& s) {
      return stream_time_s(s.memory_s, {1.0, 1.0, s.l2_s}, c, s.rows, s.row_bytes);
    });
  };
  std::vector<double> x0 = {std::log(3.0), std::log(0.5), std::log(2.0)};
  if (!per_row) return make(nelder_mead(f, x0, 0.2, 1500));
  for (double v : {0.5, 50.0, 0.25, 0.7}) x0.push_back(std::log(v));
  // Seven parameters: a second, finer simplex from the first one's result.
  return make(nelder_mead(f, nelder_mead(f, x0, 0.2, 3000), 0.1, 3000));
}

LinkCalibration fit_link(const std::vector<FitSample>& samples) {
  auto make = [](const std::vector<double>& x) {
    return LinkCalibration{std::exp(x[0]) * 1e-6, std::exp(x[1])};
  };
  auto f = [&](const std::vector<double>& x) {
    const LinkCalibration c = make(x);
    return mean_abs_log_error(samples, [&](const FitSample& s) {
      return c.latency_s + s.memory_s / c.bandwidth_efficiency;
    });
  };
  return make(nelder_mead(f, {std::log(20.0), std::log(0.7)}, 0.2, 1000));
}

FittedConstants fit_constants(const VidurDataset& data, const Catalog& catalog,
                              const std::vector<std::string>& global_gpus) {
  FittedConstants out;
  const std::vector<std::string> gpus = gpus_in(data);
  out.global_kernels =
      fit_kernels(data, catalog, global_gpus.empty() ? gpus : global_gpus, &out.compute_samples);
  for (const std::string& g : gpus) {
    out.device_kernels.emplace_back(std::string(vidur_accelerator(g)),
                                    fit_kernels(data, catalog, {g}, nullptr));
  }
  // Collectives: samples per accelerator and kind (all-reduce, send/recv).
  std::map<std::string, std::array<std::vector<FitSample>, 2>> by_device;
  std::array<std::vector<FitSample>, 2> all;
  for (const VidurCollectiveRow& row : data.collectives) {
    if (!usable_for_collective_fit(row)) continue;
    const CollectiveSetup s = collective_setup(row, catalog);
    if (!s.link_bytes_per_s) continue;
    const bool ar = row.collective == "all_reduce";
    const double n = static_cast<double>(row.num_workers);
    const double moved = ar ? 2.0 * (n - 1.0) / n * row.size_bytes : row.size_bytes;
    const FitSample sample{0.0, moved / *s.link_bytes_per_s, row.median_s};
    by_device[std::string(s.accelerator)][ar ? 0 : 1].push_back(sample);
    all[ar ? 0 : 1].push_back(sample);
    ++out.collective_samples;
  }
  out.global_collectives = {fit_link(all[0]), fit_link(all[1])};
  for (const std::string& g : gpus) {
    const std::string accel(vidur_accelerator(g));
    CollectiveCalibration c = out.global_collectives;
    const auto it = by_device.find(accel);
    if (it != by_device.end()) {
      if (!it->second[0].empty()) c.all_reduce = fit_link(it->second[0]);
      if (!it->second[1].empty()) c.send_recv = fit_link(it->second[1]);
    }
    out.device_collectives.emplace_back(accel, c);
  }
  return out;
}

std::string format_constants(const FittedConstants& c) {
  std::string out;
  char buf[512];
  auto kernels = [&](const std::string& name, const KernelCalibration& k) {
    std::snprintf(buf, sizeof buf, "// %s\n{{%.4g, %.4g, %.4g, %.4g},\n {{", name.c_str(),
                  k.gemm.launch_s, k.gemm.compute_efficiency, k.gemm.memory_efficiency,
                  k.gemm.blend_exponent);
    out += buf;
    for (int i = 0; i < kStreamKindCount; ++i) {
      const StreamCalibration& s = k.stream[static_cast<size_t>(i)];
      std::snprintf(buf, sizeof buf, "%s{%.4g, %.4g, %.4g, %.4g, %.4g, %.4g, %.4g} /*%s*/",
                    i ? ",\n   " : "", s.launch_s, s.bandwidth_efficiency, s.blend_exponent,
                    s.row_s, s.launch_per_row_byte_s, s.l2_gain, s.l2_fill,
                    std::string(stream_kind_name(static_cast<StreamKind>(i))).c_str());
      out += buf;
    }
    out += "}}}\n";
  };
  auto links = [&](const std::string& name, const CollectiveCalibration& k) {
    std::snprintf(buf, sizeof buf, "// %s\n{{%.4g, %.4g}, {%.4g, %.4g}}\n", name.c_str(),
                  k.all_reduce.latency_s, k.all_reduce.bandwidth_efficiency, k.send_recv.latency_s,
                  k.send_recv.bandwidth_efficiency);
    out += buf;
  };
  kernels("global", c.global_kernels);
  for (const auto& [name, k] : c.device_kernels) kernels(name, k);
  links("global collectives", c.global_collectives);
  for (const auto& [name, k] : c.device_collectives) links(name, k);
  return out;
}

}  // namespace aidcsim::perf
