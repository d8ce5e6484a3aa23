// Synthetic request streams: arrivals and lengths drawn from the scenario's distributions
// with the run's seeded streams.
//
// Arrival processes (WorkloadSpec::arrival):
//   poisson  exponential inter-arrival times at `rate`;
//   gamma    Gamma inter-arrival times with mean 1/rate and coefficient of variation `cv`
//            (shape 1/cv^2, scale cv^2/rate): cv > 1 is burstier than Poisson, cv < 1
//            more regular, cv = 1 is Poisson;
//   diurnal  a Poisson process whose rate follows the day: rate(t) = rate * (1 + a cos(2 pi
//            (hour(t) - peak_hour) / 24)), a = (peak_to_trough - 1) / (peak_to_trough + 1),
//            so the mean over a day is `rate` and max/min = peak_to_trough; drawn exactly
//            by thinning (Lewis & Shedler, 1979);
//   offline  `requests` requests at t = 0 (MLPerf Offline);
//   closed   `concurrency` clients that each send a first request (client k of N at
//            k / N x `ramp_up`, all at t = 0 when it is zero) and their next one
//            `think_time` after the previous one completed, as a benchmark client at a
//            fixed concurrency does; `requests` caps the total. The serving simulation
//            asks for each follow-up (follow_up()); a rejected request ends its client.
// Length distributions (LengthSpec::distribution): fixed, uniform on [min, max], lognormal
// with the given mean and stddev, zipf over min, min+1, ... (P proportional to 1/rank^s),
// and empirical: the (prompt, output) pairs of a trace, drawn as a pair when both lengths are
// empirical, so their correlation is kept.
#pragma once

#include <memory>
#include <variant>
#include <vector>

#include "core/distributions.h"
#include "core/rng.h"
#include "workload/request_stream.h"
#include "workload/workload_spec.h"

namespace aidcsim {

// The (prompt, output) token counts of every row of a trace, for empirical distributions.
struct EmpiricalLengths {
  std::vector<int32_t> prompt_tokens;
  std::vector<int32_t> output_tokens;
};

class LengthSampler {
 public:
  explicit LengthSampler(const LengthSpec& spec);
  // `empirical` is the trace value drawn for this request (empirical distributions only).
  int64_t sample(RngStream& rng, int64_t empirical = 0);

 private:
  LengthSpec spec_;
  bool empirical_ = false;  // spec_.distribution == "empirical", told once
  std::variant<std::monostate, UniformDist, LogNormalDist, ZipfDist> dist_;
};

class SyntheticSource final : public RequestSource {
 public:
  // `lengths` is required when a length distribution is empirical (and then not empty).
  SyntheticSource(const WorkloadSpec& spec, const RngFactory& rngs, const std::string& stream_name,
                  SimTime horizon, std::shared_ptr<const EmpiricalLengths> lengths = nullptr);
  std::optional<Request> next() override;
  bool closed_loop() const override { return arrival_ == Arrival::kClosed; }
  std::optional<Request> follow_up(SimTime done) override;

  // The diurnal arrival rate (per second) at time t, for tests and reports.
  static double diurnal_rate(const WorkloadSpec& spec, double t_s);

 private:
  double next_arrival_s();
  // The next request, arriving at `arrival`, its lengths drawn.
  Request make_request(SimTime arrival);
  // The `requests` cap is reached.
  bool capped() const {
    return spec_.requests > 0 && produced_ >= static_cast<uint64_t>(spec_.requests);
  }

  enum class Arrival { kPoisson, kGamma, kDiurnal, kOffline, kClosed };
  WorkloadSpec spec_;
  Arrival arrival_ = Arrival::kPoisson;  // spec_.arrival, told once
  SimTime horizon_;
  RngStream arrival_rng_;
  RngStream length_rng_;
  LengthSampler prompt_;
  LengthSampler output_;
  std::shared_ptr<const EmpiricalLengths> lengths_;
  std::optional<GammaDist> gamma_;
  double clock_s_ = 0.0;
  uint64_t produced_ = 0;
};

}  // namespace aidcsim
