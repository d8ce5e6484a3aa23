// Streaming quantiles with a relative-error guarantee: DDSketch (Masson, Rim & Lee, "DDSketch:
// A Fast and Fully-Mergeable Quantile Sketch with Relative-Error Guarantees", VLDB 2019).
//
// Guarantee: for a sketch built with relative accuracy `alpha`, quantile(q) returns a value
// within a factor (1 ± alpha) of the exact order statistic of rank floor(q * (n - 1))
// (0-based) among the n non-negative values added. Values below `kMinPositive` count as 0.
// Memory: one counter per occupied logarithmic bucket, about log(max/min)/log(gamma).
#pragma once

#include <cstdint>
#include <vector>

namespace aidcsim {

class QuantileSketch {
 public:
  static constexpr double kMinPositive = 1e-12;
  static constexpr double kDefaultRelativeAccuracy = 0.005;
  QuantileSketch() : QuantileSketch(kDefaultRelativeAccuracy) {}
  explicit QuantileSketch(double relative_accuracy);

  void add(double value) { add(value, 1); }  // value >= 0 and finite (asserted)
  void add(double value, uint64_t count);    // `count` copies of value
  void merge(const QuantileSketch& other);   // both with the same accuracy (asserted)

  uint64_t count() const { return count_; }
  double sum() const { return sum_; }
  double mean() const { return count_ == 0 ? 0.0 : sum_ / static_cast<double>(count_); }
  double min() const { return min_; }
  double max() const { return max_; }
  double relative_accuracy() const { return alpha_; }
  // q in [0, 1]; 0 when the sketch is empty. Clamped to [min, max], which are exact.
  double quantile(double q) const;

 private:
  int32_t bucket_of(double value) const;
  // bucket_of(value) for value >= kMinPositive, skipping the logarithm for a value seen
  // before when it is whole and below kWholeValues, or equal to the last one.
  int32_t bucket_cached(double value);
  double value_of(int32_t bucket) const;

  static constexpr uint32_t kWholeValues = 1024;
  static constexpr int32_t kNoBucket = INT32_MIN;

  double alpha_;
  double gamma_;
  double log_gamma_;
  double last_value_ = -1.0;  // memo of the last bucket_of (never a valid value: values >= 0)
  int32_t last_bucket_ = 0;
  std::vector<int32_t> whole_buckets_;  // [v]: bucket of v, or kNoBucket; empty until needed
  std::vector<uint64_t> counts_;        // counts_[i] is bucket (offset_ + i)
  int32_t offset_ = 0;
  uint64_t zero_count_ = 0;
  uint64_t count_ = 0;
  double sum_ = 0.0;
  double min_ = 0.0;
  double max_ = 0.0;
};

}  // namespace aidcsim
