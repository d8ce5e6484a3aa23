// The closed-form decode runs must change nothing but speed: every scenario here (each
// batching policy and router, KV exhaustion with preemption, a sliding window, several
// replicas, bursts of arrivals, prefix caching with eviction) is simulated both with runs and step
// by step, and every request's first-token and completion times must be identical to the
// nanosecond, with the same preemptions, time series and step counts.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <tuple>

#include "serving/serving_simulation.h"

namespace aidcsim {
namespace {

// A step model with the shape of the real one: prefill time grows with tokens and with the
// attention pairs, decode time is affine in the attended context.
class ShapedModel final : public StepTimeModel {
 public:
  ShapedModel(int64_t kv_tokens, int64_t window) : kv_tokens_(kv_tokens), window_(window) {}
  SimTime step_time(const perf::StepBatch& b) const override {
    return SimTime::from_ns(
        3'000'000 + 40'000 * b.prefill_tokens + 90'000 * b.decode_sequences +
        static_cast<int64_t>(0.02 * b.prefill_attention_pairs() + 6.0 * b.decode_context_sum));
  }
  DecodeStepCost decode_cost(int64_t n) const override {
    return DecodeStepCost{3'000'000 + 90'000 * n, uint64_t{25'769'803'776}};  // 6 ns/token
  }
  int64_t kv_capacity_tokens() const override { return kv_tokens_; }
  int64_t sliding_window() const override { return window_; }
  double kv_bytes_per_token() const override { return 131'072.0; }  // a 7B-class model, bf16

 private:
  int64_t kv_tokens_;
  int64_t window_;
};

struct Outcome {
  // Per request: first token, completion, preemptions, KV landing (-1: not handed over).
  std::map<std::pair<uint32_t, uint64_t>, std::tuple<int64_t, int64_t, int32_t, int64_t>> requests;
  ServingResult result;
};

Outcome simulate(const std::vector<ServiceSetup>& setups, bool step_mode) {
  Outcome out;
  ServingOptions o{
      SimTime::from_s(120), SimTime::from_s(3600), SimTime::from_s(7), step_mode, nullptr, nullptr};
  o.on_request = [&](uint32_t service, const Sequence& s, SimTime done) {
    out.requests[{service, s.request.id}] = {s.first_token.ns(), done.ns(), s.preemptions,
                                             s.handed_over ? s.kv_arrived.ns() : -1};
  };
  out.result = simulate_serving(setups, RngFactory(2024), o);
  return out;
}

ServiceSetup service(const std::string& name, const std::string& batching, int64_t kv_tokens,
                     int64_t window, double rate, const std::string& router = "least-outstanding") {
  ServiceSetup s;
  s.name = name;
  s.batching = batching;
  s.router = router;
  s.workload.arrival = "poisson";
  s.workload.rate = Rate{rate};
  s.workload.prompt_tokens = {"lognormal", 700.0, 600.0, 1, 2000};
  s.workload.output_tokens = {"lognormal", 180.0, 150.0, 1, 1500};
  s.pools = {PoolSetup{name, PoolRole::kBoth, 3, 48, 2048,
                       std::make_shared<ShapedModel>(kv_tokens, window), 1}};
  return s;
}

void expect_identical(const std::vector<ServiceSetup>& setups) {
  const Outcome runs = simulate(setups, false);
  const Outcome steps = simulate(setups, true);
  ASSERT_GT(runs.requests.size(), 100u);
  EXPECT_EQ(runs.requests, steps.requests);
  for (size_t i = 0; i < setups.size(); ++i) {
    const ServiceResult& a = runs.result.services[i];
    const ServiceResult& b = steps.result.services[i];
    EXPECT_EQ(a.completed, b.completed);
    EXPECT_EQ(a.output_tokens, b.output_tokens);
    EXPECT_EQ(a.preemptions, b.preemptions);
    EXPECT_EQ(a.steps, b.steps);
    EXPECT_EQ(a.busy_replica_ns, b.busy_replica_ns);
    EXPECT_EQ(a.prefix_hit_tokens, b.prefix_hit_tokens);
  }
  ASSERT_EQ(runs.result.timeseries.size(), steps.result.timeseries.size());
  for (size_t i = 0; i < runs.result.timeseries.size(); ++i) {
    EXPECT_EQ(runs.result.timeseries[i].output_tokens, steps.result.timeseries[i].output_tokens)
        << "interval " << i;
  }
  // The runs must actually save events, or the test checks nothing about them.
  EXPECT_LT(runs.result.events * 3, steps.result.events);
}

TEST(ServingExactness, EveryBatchingPolicyWithAmpleKvCache) {
  for (const char* policy : {"continuous", "chunked", "orca", "static"}) {
    SCOPED_TRACE(policy);
    expect_identical({service("svc", policy, 400'000, 0, 6.0)});
  }
}

TEST(ServingExactness, KvExhaustionAndPreemption) {
  for (const char* policy : {"continuous", "chunked", "orca"}) {
    SCOPED_TRACE(policy);
    const std::vector<ServiceSetup> setups = {service("tight", policy, 4'000, 0, 12.0)};
    expect_identical(setups);
    EXPECT_GT(simulate(setups, false).result.services[0].preemptions, 0u);
  }
}

// Whole-length reservation (TensorRT-LLM's admission) on the same tight cache: admissions
// wait for reservations, runs end at completions only, and nothing is preempted.
TEST(ServingExactness, WholeLengthReservation) {
  for (const char* policy : {"continuous", "chunked", "orca"}) {
    SCOPED_TRACE(policy);
    std::vector<ServiceSetup> setups = {service("reserve", policy, 4'000, 0, 12.0)};
    setups[0].reserve_full_length = true;
    expect_identical(setups);
    const ServiceResult r = simulate(setups, false).result.services[0];
    EXPECT_EQ(r.preemptions, 0u);
    EXPECT_GT(r.completed, 100u);
  }
}

// Closed-loop clients: each completion sends the client's next request, so arrivals depend on
// completion times, which the runs must reproduce to the nanosecond (a tight cache, so
// preemptions shift them too).
TEST(ServingExactness, ClosedLoopClients) {
  for (const char* policy : {"continuous", "chunked", "orca", "static"}) {
    SCOPED_TRACE(policy);
    std::vector<ServiceSetup> setups = {service("clients", policy, 6'000, 0, 0.0)};
    setups[0].workload.arrival = "closed";
    setups[0].workload.concurrency = 40;
    setups[0].workload.think_time = SimTime::from_ms(300);
    expect_identical(setups);
  }
}

// Pipeline engines (two batches in flight per replica, each with half the KV cache) on a
// tight cache: each engine's runs must match its steps.
TEST(ServingExactness, PipelineEngines) {
  for (const char* policy : {"continuous", "chunked"}) {
    SCOPED_TRACE(policy);
    std::vector<ServiceSetup> setups = {service("stages", policy, 8'000, 0, 12.0)};
    setups[0].pools[0].engines_per_replica = 2;
    expect_identical(setups);
  }
}

TEST(ServingExactness, EveryRouter) {
  for (const char* router :
       {"round-robin", "least-outstanding", "least-kv", "power-of-two", "cache-aware"}) {
    SCOPED_TRACE(router);
    expect_identical({service("svc", "continuous", 20'000, 0, 9.0, router)});
  }
}

// Beam search stores every beam's tokens: a decoding request's KV grows 4 tokens a step, which
// the closed-form runs and least-kv's per-run block count must follow exactly (a tight cache,
// so runs end on KV exhaustion and preemptions happen).
TEST(ServingExactness, BeamSearchStoresEveryBeam) {
  for (const char* policy : {"continuous", "chunked", "orca"}) {
    SCOPED_TRACE(policy);
    ServiceSetup s = service("beams", policy, 8'000, 0, 20.0, "least-kv");
    s.beam_width = 4;
    s.pools[0].replicas = 8;
    expect_identical({s});
    EXPECT_GT(simulate({s}, false).result.services[0].preemptions, 0u);
  }
}

// least-kv reads every replica's KV blocks at every arrival, during runs from a per-run cache
// (Replica::blocks_in_use); with many replicas most arrivals find most replicas mid-run, and
// a tight cache makes blocks change often. Any difference from stepping would route some
// request elsewhere and change its times. (Debug builds also check the cache against a loop
// over the batch at every call.)
TEST(ServingExactness, LeastKvRouterWithManyReplicas) {
  for (const char* policy : {"continuous", "chunked"}) {
    SCOPED_TRACE(policy);
    ServiceSetup s = service("many", policy, 4'000, 0, 80.0, "least-kv");
    s.pools[0].replicas = 16;
    expect_identical({s});
    EXPECT_GT(simulate({s}, false).result.services[0].preemptions, 0u);
  }
}

// A Mooncake-format trace (in a temporary file) whose prompts start with one of four shared
// "system prompts" of 1 to 3 blocks of 512 tokens, then blocks of their own: with prefix
// caching, admissions reuse cached blocks, and a tight cache evicts them and preempts.
std::string write_shared_prefix_trace() {
  const std::filesystem::path dir =
      std::filesystem::path(::testing::TempDir()) / "aidcsim_exactness_test";
  std::filesystem::create_directories(dir);
  const std::filesystem::path path = dir / "prefixes.jsonl";
  std::ofstream out(path);
  uint64_t x = 12345;  // a fixed linear congruential sequence: the same trace every time
  const auto next = [&x](uint64_t n) {
    x = x * 6364136223846793005u + 1442695040888963407u;
    return (x >> 33) % n;
  };
  uint64_t unique_id = 1000;
  int64_t ms = 0;
  for (int i = 0; i < 2400; ++i) {
    ms += static_cast<int64_t>(next(100));  // 20 arrivals per second on average
    const uint64_t group = next(4);
    const int64_t prompt = 300 + static_cast<int64_t>(next(1700));
    out << "{\"timestamp\": " << ms << ", \"input_length\": " << prompt
        << ", \"output_length\": " << 1 + next(300) << ", \"hash_ids\": [";
    const int64_t blocks = (prompt + 511) / 512;
    for (int64_t b = 0; b < blocks; ++b) {
      const bool shared = b <= static_cast<int64_t>(group % 3);
      out << (b > 0 ? ", " : "") << (shared ? group * 10 + static_cast<uint64_t>(b) : ++unique_id);
    }
    out << "]}\n";
  }
  return path.string();
}

TEST(ServingExactness, PrefixCaching) {
  const std::string trace = write_shared_prefix_trace();
  for (const char* policy : {"continuous", "chunked", "orca"}) {
    for (int64_t kv_tokens : {400'000, 5'000}) {
      for (const char* router : {"least-kv", "cache-aware"}) {
        SCOPED_TRACE(std::string(policy) + " " + std::to_string(kv_tokens) + " " + router);
        ServiceSetup s = service("cached", policy, kv_tokens, 0, 0.0, router);
        s.workload.arrival = "trace";
        s.workload.trace = {"mooncake", trace, false};
        s.prefix_caching = true;
        expect_identical({s});
        const ServiceResult r = simulate({s}, false).result.services[0];
        EXPECT_GT(r.prefix_hit_tokens, r.prefix_query_tokens / 10);
        if (kv_tokens < 10'000) {
          EXPECT_GT(r.preemptions, 0u);
        }
      }
    }
  }
}

// Disaggregated prefill and decode pools: prefill replicas hand requests to decode replicas,
// whose KV arrives over a 50 GB/s link after 20 us, mid-run on a busy decode replica; a
// tight decode cache preempts there (and recomputes locally).
ServiceSetup disaggregated(const std::string& batching, int64_t decode_kv_tokens,
                           const std::string& decode_router) {
  ServiceSetup s = service("pd", batching, 0, 0, 9.0);
  s.decode_router = decode_router;
  PoolSetup prefill{
      "prefill", PoolRole::kPrefill,  2, 48, 2048, std::make_shared<ShapedModel>(400'000, 0), 1,
      50e9,      SimTime::from_us(20)};
  PoolSetup decode{"decode",
                   PoolRole::kDecode,
                   3,
                   48,
                   2048,
                   std::make_shared<ShapedModel>(decode_kv_tokens, 0),
                   1,
                   50e9,
                   SimTime::from_us(20)};
  s.pools = {prefill, decode};
  return s;
}

TEST(ServingExactness, PrefillDecodeDisaggregation) {
  for (const char* policy : {"continuous", "chunked", "orca", "static"}) {
    for (const char* router : {"round-robin", "least-kv"}) {
      SCOPED_TRACE(std::string(policy) + " " + router);
      expect_identical({disaggregated(policy, 400'000, router)});
    }
  }
  for (const char* policy : {"continuous", "chunked"}) {
    SCOPED_TRACE(std::string("tight ") + policy);
    const ServiceSetup s = disaggregated(policy, 5'000, "least-outstanding");
    expect_identical({s});
    const ServiceResult r = simulate({s}, false).result.services[0];
    EXPECT_GT(r.preemptions, 0u);
    // Outputs are lognormal around 180 tokens: most requests want more than their first
    // token, so most completed requests were transferred.
    EXPECT_GT(r.kv_transfers, r.completed / 2);
  }
}

// Two pools of different speeds in one service (the slow one has half the KV cache).
TEST(ServingExactness, HeterogeneousPools) {
  for (const char* router : {"least-outstanding", "least-kv", "power-of-two"}) {
    SCOPED_TRACE(router);
    ServiceSetup s = service("mixed", "continuous", 0, 0, 12.0, router);
    s.pools = {PoolSetup{"fast", PoolRole::kBoth, 2, 48, 2048,
                         std::make_shared<ShapedModel>(20'000, 0), 1},
               PoolSetup{"slow", PoolRole::kBoth, 2, 32, 1024,
                         std::make_shared<ShapedModel>(10'000, 0), 1}};
    expect_identical({s});
  }
}

TEST(ServingExactness, SlidingWindowAndSeveralServices) {
  expect_identical({service("windowed", "continuous", 300'000, 512, 5.0),
                    service("chunked", "chunked", 20'000, 256, 8.0)});
}

}  // namespace
}  // namespace aidcsim
