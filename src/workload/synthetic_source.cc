#include "workload/synthetic_source.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <numbers>

namespace aidcsim {

LengthSampler::LengthSampler(const LengthSpec& spec)
    : spec_(spec), empirical_(spec.distribution == "empirical") {
  if (spec.distribution == "uniform") {
    dist_ = UniformDist(static_cast<double>(spec.min), static_cast<double>(spec.max) + 1.0);
  } else if (spec.distribution == "lognormal") {
    dist_ = LogNormalDist::from_mean_stddev(spec.mean, spec.stddev);
  } else if (spec.distribution == "zipf") {
    dist_ = ZipfDist(static_cast<uint64_t>(spec.max - spec.min + 1), spec.exponent);
  } else {
    assert(spec.distribution == "fixed" || spec.distribution == "empirical");
  }
}

int64_t LengthSampler::sample(RngStream& rng, int64_t empirical) {
  if (empirical_) return std::clamp(empirical, spec_.min, spec_.max);
  if (auto* z = std::get_if<ZipfDist>(&dist_)) {
    return spec_.min + static_cast<int64_t>(z->sample(rng)) - 1;
  }
  double x = spec_.mean;
  if (auto* u = std::get_if<UniformDist>(&dist_)) x = std::floor(u->sample(rng));
  if (auto* l = std::get_if<LogNormalDist>(&dist_)) x = l->sample(rng);
  const auto rounded = static_cast<int64_t>(std::llround(std::min(x, 1e15)));
  return std::clamp(rounded, spec_.min, spec_.max);
}

SyntheticSource::SyntheticSource(const WorkloadSpec& spec, const RngFactory& rngs,
                                 const std::string& stream_name, SimTime horizon,
                                 std::shared_ptr<const EmpiricalLengths> lengths)
    : spec_(spec),
      horizon_(horizon),
      arrival_rng_(rngs.stream("arrivals/" + stream_name)),
      length_rng_(rngs.stream("lengths/" + stream_name)),
      prompt_(spec.prompt_tokens),
      output_(spec.output_tokens),
      lengths_(std::move(lengths)) {
  assert(spec.arrival != "trace");
  assert((spec.prompt_tokens.distribution != "empirical" &&
          spec.output_tokens.distribution != "empirical") ||
         (lengths_ && !lengths_->prompt_tokens.empty()));
  arrival_ = spec.arrival == "gamma"     ? Arrival::kGamma
             : spec.arrival == "diurnal" ? Arrival::kDiurnal
             : spec.arrival == "offline" ? Arrival::kOffline
             : spec.arrival == "closed"  ? Arrival::kClosed
                                         : Arrival::kPoisson;
  assert(arrival_ != Arrival::kPoisson || spec.arrival == "poisson");
  if (arrival_ == Arrival::kGamma) {
    const double shape = 1.0 / (spec.cv * spec.cv);
    gamma_.emplace(shape, 1.0 / (spec.rate.base * shape));
  }
}

double SyntheticSource::diurnal_rate(const WorkloadSpec& spec, double t_s) {
  const DiurnalSpec& d = spec.diurnal;
  const double a = (d.peak_to_trough - 1.0) / (d.peak_to_trough + 1.0);
  const double hour = d.start_hour + t_s / 3600.0;
  return spec.rate.base *
         (1.0 + a * std::cos(2.0 * std::numbers::pi * (hour - d.peak_hour) / 24.0));
}

double SyntheticSource::next_arrival_s() {
  if (arrival_ == Arrival::kOffline) return 0.0;
  if (arrival_ == Arrival::kGamma) return clock_s_ + gamma_->sample(arrival_rng_);
  if (arrival_ == Arrival::kDiurnal) {
    // Thinning: candidates at the peak rate, each kept with probability rate(t) / peak.
    const double a = (spec_.diurnal.peak_to_trough - 1.0) / (spec_.diurnal.peak_to_trough + 1.0);
    const double peak = spec_.rate.base * (1.0 + a);
    const ExponentialDist step(peak);
    double t = clock_s_;
    const double horizon_s = horizon_.seconds();
    do {
      t += step.sample(arrival_rng_);
    } while (t <= horizon_s && arrival_rng_.uniform01() * peak > diurnal_rate(spec_, t));
    return t;
  }
  return clock_s_ + ExponentialDist(spec_.rate.base).sample(arrival_rng_);
}

std::optional<Request> SyntheticSource::next() {
  if (capped()) return {};
  if (arrival_ == Arrival::kClosed) {
    // Client k of N sends its first request at k / N of the ramp-up; once all have, the
    // rest are follow-ups.
    const auto clients = static_cast<uint64_t>(spec_.concurrency);
    if (produced_ >= clients) return {};
    const auto ramp_ns = static_cast<uint64_t>(spec_.ramp_up.ns());
    // floor(ramp_ns x k / N) without overflow (k < N).
    const uint64_t offset = ramp_ns / clients * produced_ + ramp_ns % clients * produced_ / clients;
    const SimTime arrival = SimTime::from_ns(static_cast<int64_t>(offset));
    if (arrival > horizon_) return {};
    return make_request(arrival);
  }
  clock_s_ = next_arrival_s();
  if (clock_s_ > horizon_.seconds()) return {};
  return make_request(SimTime::from_seconds(clock_s_));
}

std::optional<Request> SyntheticSource::follow_up(SimTime done) {
  const SimTime arrival = done + spec_.think_time;
  if (arrival_ != Arrival::kClosed || capped() || arrival > horizon_) return {};
  return make_request(arrival);
}

Request SyntheticSource::make_request(SimTime arrival) {
  Request r;
  r.id = produced_++;
  r.arrival = arrival;
  int64_t prompt = 0, output = 0;
  if (lengths_) {
    const size_t row = lengths_->prompt_tokens.empty()
                           ? 0
                           : static_cast<size_t>(length_rng_.below(lengths_->prompt_tokens.size()));
    prompt = lengths_->prompt_tokens[row];
    output = lengths_->output_tokens[row];
  }
  r.prompt_tokens = prompt_.sample(length_rng_, prompt);
  r.output_tokens = output_.sample(length_rng_, output);
  return r;
}

}  // namespace aidcsim
