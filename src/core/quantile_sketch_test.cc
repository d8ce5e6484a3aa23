// Checks DDSketch's guarantee (Masson et al., VLDB 2019): every quantile estimate is within
// relative error alpha of the exact order statistic, on data spanning many orders of
// magnitude, after merging, and with zeros present; and that remembered buckets change nothing.
#include "core/quantile_sketch.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "core/distributions.h"

namespace aidcsim {
namespace {

double exact_quantile(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  return v[static_cast<size_t>(q * static_cast<double>(v.size() - 1))];
}

TEST(QuantileSketch, EveryQuantileIsWithinTheRelativeAccuracy) {
  const double alpha = 0.01;
  QuantileSketch sketch(alpha);
  std::vector<double> values;
  RngStream rng(5);
  LogNormalDist d(0.0, 3.0);  // spans about 1e-5 .. 1e5
  for (int i = 0; i < 100000; ++i) {
    const double x = d.sample(rng);
    values.push_back(x);
    sketch.add(x);
  }
  for (double q : {0.0, 0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, 0.999, 1.0}) {
    const double exact = exact_quantile(values, q);
    EXPECT_LE(std::fabs(sketch.quantile(q) - exact), alpha * exact * (1 + 1e-9)) << "q=" << q;
  }
  EXPECT_EQ(sketch.count(), 100000u);
}

TEST(QuantileSketch, MergedSketchesKeepTheGuarantee) {
  const double alpha = 0.005;
  QuantileSketch a(alpha), b(alpha);
  std::vector<double> values;
  RngStream rng(6);
  ExponentialDist fast(100.0), slow(0.1);
  for (int i = 0; i < 20000; ++i) {
    const double x = fast.sample(rng), y = slow.sample(rng);
    a.add(x);
    b.add(y);
    values.push_back(x);
    values.push_back(y);
  }
  a.merge(b);
  for (double q : {0.05, 0.5, 0.95, 0.99}) {
    const double exact = exact_quantile(values, q);
    EXPECT_LE(std::fabs(a.quantile(q) - exact), alpha * exact * (1 + 1e-9)) << "q=" << q;
  }
}

TEST(QuantileSketch, ZerosAndExactExtremes) {
  QuantileSketch s(0.01);
  for (int i = 0; i < 10; ++i) s.add(0.0);
  for (int i = 1; i <= 10; ++i) s.add(static_cast<double>(i));
  EXPECT_EQ(s.quantile(0.0), 0.0);
  EXPECT_EQ(s.quantile(0.4), 0.0);   // rank 7 of 0..19 is a zero
  EXPECT_EQ(s.quantile(1.0), 10.0);  // clamped to the exact max
  EXPECT_DOUBLE_EQ(s.mean(), 55.0 / 20.0);
  QuantileSketch empty;
  EXPECT_EQ(empty.quantile(0.5), 0.0);
}

// Buckets remembered for whole values and repeats are the buckets computed afresh: a sketch
// fed whole, fractional and repeated values in turn answers every quantile as the merge of
// one fresh sketch per value does.
TEST(QuantileSketch, RememberedBucketsAreTheComputedOnes) {
  std::vector<double> values;
  for (int round = 0; round < 3; ++round) {
    for (double v : {1.0, 2.0, 17.0, 255.0, 1023.0, 1024.0, 1e6, 0.5, 16.999999, 17.0, 3.25, 3.25,
                     1023.5, 2.0, 1e-3}) {
      values.push_back(v * (round == 2 ? 3.0 : 1.0));
    }
  }
  QuantileSketch cached;
  QuantileSketch merged;
  for (double v : values) {
    cached.add(v);
    QuantileSketch one;
    one.add(v);
    merged.merge(one);
  }
  ASSERT_EQ(cached.count(), merged.count());
  for (int i = 0; i <= 100; ++i) {
    const double q = i / 100.0;
    EXPECT_EQ(cached.quantile(q), merged.quantile(q)) << "q=" << q;
  }
}

}  // namespace
}  // namespace aidcsim
