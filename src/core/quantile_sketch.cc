#include "core/quantile_sketch.h"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace aidcsim {

QuantileSketch::QuantileSketch(double relative_accuracy)
    : alpha_(relative_accuracy),
      gamma_((1.0 + relative_accuracy) / (1.0 - relative_accuracy)),
      log_gamma_(std::log(gamma_)) {
  assert(relative_accuracy > 0.0 && relative_accuracy < 1.0);
}

int32_t QuantileSketch::bucket_of(double value) const {
  return static_cast<int32_t>(std::ceil(std::log(value) / log_gamma_));
}

double QuantileSketch::value_of(int32_t bucket) const {
  // Bucket i holds (gamma^(i-1), gamma^i]; this estimate is within alpha of all of them.
  return 2.0 * std::pow(gamma_, bucket) / (gamma_ + 1.0);
}

int32_t QuantileSketch::bucket_cached(double value) {
  // Repeated values (batch sizes, fixed lengths) skip the logarithm: same value, same bucket.
  const auto whole = static_cast<uint32_t>(std::min(value, double{kWholeValues}));
  if (whole < kWholeValues && static_cast<double>(whole) == value) {
    if (whole_buckets_.empty()) whole_buckets_.assign(kWholeValues, kNoBucket);
    int32_t& b = whole_buckets_[whole];
    if (b == kNoBucket) b = bucket_of(value);
    return b;
  }
  if (value != last_value_) {
    last_value_ = value;
    last_bucket_ = bucket_of(value);
  }
  return last_bucket_;
}

void QuantileSketch::add(double value, uint64_t count) {
  assert(std::isfinite(value) && value >= 0.0);
  if (count == 0) return;
  if (count_ == 0) {
    min_ = max_ = value;
  } else {
    min_ = std::min(min_, value);
    max_ = std::max(max_, value);
  }
  count_ += count;
  sum_ += value * static_cast<double>(count);
  if (value < kMinPositive) {
    zero_count_ += count;
    return;
  }
  const int32_t b = bucket_cached(value);
  if (counts_.empty()) {
    offset_ = b;
    counts_.assign(1, 0);
  } else if (b < offset_) {
    counts_.insert(counts_.begin(), static_cast<size_t>(offset_ - b), 0);
    offset_ = b;
  } else if (b >= offset_ + static_cast<int32_t>(counts_.size())) {
    counts_.resize(static_cast<size_t>(b - offset_) + 1, 0);
  }
  counts_[static_cast<size_t>(b - offset_)] += count;
}

void QuantileSketch::merge(const QuantileSketch& other) {
  assert(other.alpha_ == alpha_);
  if (other.count_ == 0) return;
  if (count_ == 0) {
    *this = other;
    return;
  }
  min_ = std::min(min_, other.min_);
  max_ = std::max(max_, other.max_);
  count_ += other.count_;
  sum_ += other.sum_;
  zero_count_ += other.zero_count_;
  if (other.counts_.empty()) return;
  if (counts_.empty()) {
    counts_ = other.counts_;
    offset_ = other.offset_;
    return;
  }
  const int32_t low = std::min(offset_, other.offset_);
  const int32_t high = std::max(offset_ + static_cast<int32_t>(counts_.size()),
                                other.offset_ + static_cast<int32_t>(other.counts_.size()));
  std::vector<uint64_t> merged(static_cast<size_t>(high - low), 0);
  for (size_t i = 0; i < counts_.size(); ++i) {
    merged[static_cast<size_t>(offset_ - low) + i] += counts_[i];
  }
  for (size_t i = 0; i < other.counts_.size(); ++i) {
    merged[static_cast<size_t>(other.offset_ - low) + i] += other.counts_[i];
  }
  counts_ = std::move(merged);
  offset_ = low;
}

double QuantileSketch::quantile(double q) const {
  assert(q >= 0.0 && q <= 1.0);
  if (count_ == 0) return 0.0;
  const auto rank = static_cast<uint64_t>(q * static_cast<double>(count_ - 1));
  if (rank < zero_count_) return min_;
  uint64_t seen = zero_count_;
  for (size_t i = 0; i < counts_.size(); ++i) {
    seen += counts_[i];
    if (seen > rank) {
      const double v = value_of(offset_ + static_cast<int32_t>(i));
      return std::clamp(v, min_, max_);
    }
  }
  return max_;
}

}  // namespace aidcsim
