// Checks the synthetic request streams: Poisson arrivals have the configured rate, lengths
// have the configured mean and bounds, offline mode puts every request at t = 0, the same
// seed reproduces the same stream, Gamma arrivals have the configured coefficient of
// variation, diurnal arrivals follow the configured daily profile, and Zipf and empirical
// lengths have the configured frequencies, and closed-loop clients send their follow-ups a
// think time after each completion.
#include "workload/synthetic.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

namespace aidcsim {
namespace {

WorkloadSpec chat_like() {
  WorkloadSpec w;
  w.arrival = "poisson";
  w.rate = Rate{10.0};
  // Azure LLM inference trace 2023, conversation: prompt mean 1155, output mean 211 tokens
  // (shared/data README); the stddevs here are only for the test.
  w.prompt_tokens = {"lognormal", 1155.0, 1000.0, 1, 32768};
  w.output_tokens = {"lognormal", 211.0, 150.0, 1, 4096};
  return w;
}

TEST(Synthetic, PoissonStreamHasTheConfiguredRateAndMeans) {
  RngFactory rngs(1);
  SyntheticRequestStream s(chat_like(), rngs, "chat", SimTime::from_s(2000));
  int64_t n = 0;
  double prompt = 0, output = 0;
  SimTime last;
  while (auto r = s.next()) {
    ASSERT_GE(r->arrival, last);
    last = r->arrival;
    ASSERT_GE(r->prompt_tokens, 1);
    ASSERT_LE(r->prompt_tokens, 32768);
    prompt += static_cast<double>(r->prompt_tokens);
    output += static_cast<double>(r->output_tokens);
    ++n;
  }
  // 10 /s over 2000 s: 20,000 expected, Poisson sd 141; 5 sd = 707.
  EXPECT_NEAR(static_cast<double>(n), 20000.0, 707.0);
  // Mean of 20,000 lognormal draws: sd/sqrt(n) = 7 tokens for the prompt; allow 5 sd.
  EXPECT_NEAR(prompt / static_cast<double>(n), 1155.0, 35.0);
  EXPECT_NEAR(output / static_cast<double>(n), 211.0, 6.0);
}

TEST(Synthetic, OfflineModeReleasesAFixedCountAtTimeZero) {
  WorkloadSpec w = chat_like();
  w.arrival = "offline";
  w.requests = 100;
  w.prompt_tokens = {"fixed", 512.0, 0.0, 1, 1000000};
  RngFactory rngs(1);
  SyntheticRequestStream s(w, rngs, "offline", SimTime::from_s(1));
  int n = 0;
  while (auto r = s.next()) {
    EXPECT_EQ(r->arrival, SimTime::zero());
    EXPECT_EQ(r->prompt_tokens, 512);
    ++n;
  }
  EXPECT_EQ(n, 100);
}

TEST(Synthetic, SameSeedSameStream) {
  RngFactory a(9), b(9);
  SyntheticRequestStream x(chat_like(), a, "chat", SimTime::from_s(100));
  SyntheticRequestStream y(chat_like(), b, "chat", SimTime::from_s(100));
  for (int i = 0; i < 500; ++i) {
    auto p = x.next();
    auto q = y.next();
    ASSERT_EQ(p.has_value(), q.has_value());
    if (!p) break;
    EXPECT_EQ(p->arrival, q->arrival);
    EXPECT_EQ(p->prompt_tokens, q->prompt_tokens);
    EXPECT_EQ(p->output_tokens, q->output_tokens);
  }
}

TEST(Synthetic, GammaArrivalsHaveTheConfiguredRateAndCv) {
  // Gamma inter-arrival times with mean 1/rate = 0.1 s and cv = 2 (shape 1/4). Over 200,000
  // gaps the sample mean's sd is 0.1 * 2 / sqrt(200000) = 0.00045 s; the sample cv's sd is
  // about cv/2 * sqrt((kurtosis - 1) / n) = 1 * sqrt(26 / 200000) = 0.011 (kurtosis of a
  // Gamma: 3 + 6/shape = 27). Tolerances are 5 sd.
  WorkloadSpec w = chat_like();
  w.arrival = "gamma";
  w.cv = 2.0;
  w.requests = 200'001;
  RequestStream s(w, RngFactory(3), "bursty", SimTime::from_s(1'000'000));
  double previous = 0.0, sum = 0.0, sum2 = 0.0;
  int64_t n = -1;
  while (auto r = s.next()) {
    const double t = r->arrival.seconds();
    if (n >= 0) {
      sum += t - previous;
      sum2 += (t - previous) * (t - previous);
    }
    previous = t;
    ++n;
  }
  ASSERT_EQ(n, 200'000);
  const double mean = sum / static_cast<double>(n);
  const double sd = std::sqrt(sum2 / static_cast<double>(n) - mean * mean);
  EXPECT_NEAR(mean, 0.1, 0.00225);
  EXPECT_NEAR(sd / mean, 2.0, 0.055);
}

TEST(Synthetic, DiurnalArrivalsFollowTheDailyProfile) {
  // Mean 2 /s, peak at 14:00, peak/trough 3 (a = 0.5: 3 /s at 14:00, 1 /s at 02:00). Over
  // 48 h the expected count in hour-of-day h is 2 days * 3600 s * 2 /s * (1 + a * (the mean
  // of cos over that hour)) = 14400 (1 + a 24/(2 pi) (sin(2 pi (h+1-14)/24) - sin(2 pi
  // (h-14)/24))); each bin is Poisson, so 5 sd is 5 sqrt(expected).
  WorkloadSpec w = chat_like();
  w.arrival = "diurnal";
  w.rate = Rate{2.0};
  w.diurnal = {14.0, 3.0, 0.0};
  EXPECT_DOUBLE_EQ(SyntheticSource::diurnal_rate(w, 14 * 3600.0), 3.0);
  EXPECT_DOUBLE_EQ(SyntheticSource::diurnal_rate(w, 2 * 3600.0), 1.0);
  RequestStream s(w, RngFactory(5), "chat", SimTime::from_s(48 * 3600));
  std::vector<double> counts(24, 0.0);
  double total = 0.0;
  while (auto r = s.next()) {
    counts[static_cast<size_t>(std::fmod(r->arrival.seconds() / 3600.0, 24.0))] += 1.0;
    total += 1.0;
  }
  EXPECT_NEAR(total, 345600.0, 5 * std::sqrt(345600.0));
  const double a = 0.5, k = 2 * std::numbers::pi / 24;
  for (int h = 0; h < 24; ++h) {
    const double expected =
        14400.0 * (1 + a / k * (std::sin(k * (h + 1 - 14)) - std::sin(k * (h - 14))));
    EXPECT_NEAR(counts[static_cast<size_t>(h)], expected, 5 * std::sqrt(expected)) << "hour " << h;
  }
  EXPECT_GT(counts[13] + counts[14], 2.5 * (counts[1] + counts[2]));
}

TEST(Synthetic, ZipfLengthsStartAtMinWithTheZipfFrequencies) {
  // Zipf over 1000 values (min 100 .. max 1099), exponent 1: P(rank 1) = 1 / H(1000) and
  // H(1000) = 7.48547; P(rank 2) is half of it. 100,000 draws: sd of a frequency near 0.13
  // is 0.0011; tolerance 5 sd.
  WorkloadSpec w = chat_like();
  w.arrival = "offline";
  w.requests = 100'000;
  w.prompt_tokens = {"zipf", 0.0, 0.0, 100, 1099, 1.0};
  RequestStream s(w, RngFactory(2), "zipf", SimTime::from_s(1));
  double first = 0, second = 0, n = 0;
  while (auto r = s.next()) {
    ASSERT_GE(r->prompt_tokens, 100);
    ASSERT_LE(r->prompt_tokens, 1099);
    first += r->prompt_tokens == 100 ? 1 : 0;
    second += r->prompt_tokens == 101 ? 1 : 0;
    ++n;
  }
  EXPECT_NEAR(first / n, 1 / 7.48547, 0.0055);
  EXPECT_NEAR(second / n, 0.5 / 7.48547, 0.004);
}

TEST(Synthetic, EmpiricalLengthsDrawWholeRowsOfTheTrace) {
  // Three trace rows (100, 1), (200, 2), (300, 3): every request is one of the rows (the
  // prompt and output of one row together), each with frequency 1/3 (sd 0.0015 over 100,000
  // draws; tolerance 5 sd).
  WorkloadSpec w = chat_like();
  w.arrival = "offline";
  w.requests = 100'000;
  w.prompt_tokens.distribution = "empirical";
  w.output_tokens.distribution = "empirical";
  auto table = std::make_shared<EmpiricalLengths>();
  table->prompt_tokens = {100, 200, 300};
  table->output_tokens = {1, 2, 3};
  SyntheticSource s(w, RngFactory(4), "emp", SimTime::from_s(1), table);
  std::vector<double> counts(4, 0.0);
  while (auto r = s.next()) {
    ASSERT_EQ(r->prompt_tokens, 100 * r->output_tokens);
    counts[static_cast<size_t>(r->output_tokens)] += 1.0;
  }
  for (int i = 1; i <= 3; ++i) EXPECT_NEAR(counts[static_cast<size_t>(i)] / 1e5, 1.0 / 3, 0.0075);
}

TEST(Synthetic, RequestsCapAPoissonStream) {
  WorkloadSpec w = chat_like();
  w.requests = 7;
  RequestStream s(w, RngFactory(1), "chat", SimTime::from_s(1000));
  int n = 0;
  while (s.next()) ++n;
  EXPECT_EQ(n, 7);
}

// Closed loop: next() gives the clients' first requests, all at t = 0, and then nothing;
// follow_up(done) gives a request at done + think_time, until the cap or the horizon.
TEST(Synthetic, ClosedLoopSendsFirstRequestsThenFollowUps) {
  WorkloadSpec w = chat_like();
  w.arrival = "closed";
  w.concurrency = 3;
  w.think_time = SimTime::from_ms(250);
  w.requests = 5;
  RngFactory rngs(1);
  SyntheticRequestStream s(w, rngs, "chat", SimTime::from_s(10));
  ASSERT_TRUE(s.closed_loop());
  for (int i = 0; i < 3; ++i) {
    const auto r = s.next();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->arrival, SimTime::zero());
    EXPECT_EQ(r->id, static_cast<uint64_t>(i));
  }
  EXPECT_FALSE(s.next());
  const auto r = s.follow_up(SimTime::from_ms(1500));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->arrival, SimTime::from_ms(1750));
  EXPECT_EQ(r->id, 3u);
  EXPECT_FALSE(s.follow_up(SimTime::from_ms(9800)));  // 10.05 s: past the horizon
  EXPECT_TRUE(s.follow_up(SimTime::from_ms(9750)));   // 10 s: at the horizon, the 5th request
  EXPECT_FALSE(s.follow_up(SimTime::from_ms(1)));     // the cap of 5 is reached
}

// Open-loop streams never send follow-ups.
TEST(Synthetic, OpenLoopStreamsHaveNoFollowUps) {
  RngFactory rngs(1);
  SyntheticRequestStream s(chat_like(), rngs, "chat", SimTime::from_s(10));
  EXPECT_FALSE(s.closed_loop());
  EXPECT_FALSE(s.follow_up(SimTime::from_ms(1)));
}

// max_tokens: outputs longer than the clients' max_tokens stop there, and every request
// carries it as the output a whole-length reservation holds.
TEST(Synthetic, MaxTokensCutsOutputsAndIsCarried) {
  WorkloadSpec w = chat_like();  // outputs lognormal, mean 211
  w.max_tokens = 200;
  RngFactory rngs(1);
  SyntheticRequestStream s(w, rngs, "chat", SimTime::from_s(100));
  int64_t cut = 0;
  while (auto r = s.next()) {
    ASSERT_LE(r->output_tokens, 200);
    ASSERT_EQ(r->max_output_tokens, 200);
    ASSERT_EQ(r->reserved_output_tokens(), 200);
    cut += r->output_tokens == 200 ? 1 : 0;
  }
  EXPECT_GT(cut, 0);  // some outputs were longer than 200 and were cut
}

}  // namespace
}  // namespace aidcsim
