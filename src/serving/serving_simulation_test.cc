// Checks the serving simulation with a step-time model simple enough to work the expected
// timings out by hand: a prefill step takes 1 ms + 10 us per prompt token, a decode step
// takes 10 ms whatever the batch.
#include "serving/serving_simulation.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace aidcsim {
namespace {

class HandModel final : public StepTimeModel {
 public:
  explicit HandModel(int64_t kv_tokens = 1'000'000) : kv_tokens_(kv_tokens) {}
  SimTime step_time(const perf::StepBatch& b) const override {
    return SimTime::from_us(1000 + 10 * b.prefill_tokens);
  }
  DecodeStepCost decode_cost(int64_t) const override { return DecodeStepCost{10'000'000, 0}; }
  int64_t kv_capacity_tokens() const override { return kv_tokens_; }
  int64_t sliding_window() const override { return 0; }

 private:
  int64_t kv_tokens_;
};

ServiceSetup offline_service(int64_t requests, int64_t prompt, int64_t output) {
  ServiceSetup s;
  s.name = "svc";
  s.workload.arrival = "offline";
  s.workload.requests = requests;
  s.workload.prompt_tokens = {"fixed", static_cast<double>(prompt), 0, 1, 1'000'000};
  s.workload.output_tokens = {"fixed", static_cast<double>(output), 0, 1, 1'000'000};
  s.step_model = std::make_shared<HandModel>();
  return s;
}

ServingOptions options() {
  return ServingOptions{SimTime::from_s(10), SimTime::from_s(100), SimTime::zero(), false, nullptr};
}

TEST(ServingSimulation, OneRequestTimingsFollowTheStepModel) {
  // Prefill of 100 tokens: 1 ms + 100 * 10 us = 2 ms -> first token at 2 ms.
  // Then 4 decode steps of 10 ms for tokens 2..5 -> done at 42 ms; TPOT = 40 ms / 4.
  const ServingResult r = simulate_serving({offline_service(1, 100, 5)}, RngFactory(1), options());
  const ServiceResult& s = r.services[0];
  EXPECT_EQ(s.completed, 1u);
  EXPECT_DOUBLE_EQ(s.ttft_s.max(), 0.002);
  EXPECT_DOUBLE_EQ(s.e2e_s.max(), 0.042);
  EXPECT_DOUBLE_EQ(s.tpot_s.max(), 0.010);
  EXPECT_EQ(s.output_tokens, 5u);
  EXPECT_EQ(s.steps, 5u);  // one prefill step, then a run of 4 decode steps
}

TEST(ServingSimulation, ContinuousBatchingPrefillsTogetherAndDecodesTogether) {
  // Two requests at t = 0: one prefill step of 200 tokens (3 ms), then 4 shared decode
  // steps: both finish at 43 ms.
  const ServingResult r = simulate_serving({offline_service(2, 100, 5)}, RngFactory(1), options());
  const ServiceResult& s = r.services[0];
  EXPECT_EQ(s.completed, 2u);
  EXPECT_DOUBLE_EQ(s.e2e_s.min(), 0.043);
  EXPECT_DOUBLE_EQ(s.e2e_s.max(), 0.043);
  EXPECT_EQ(s.steps, 5u);
}

TEST(ServingSimulation, TokenBudgetSplitsPrefillsAndStaticBatchingWaits) {
  // max_batch_tokens = 100: the second prompt waits for the next step. Continuous: step 1
  // prefills A (2 ms), step 2 prefills B (2 ms, first token at 4 ms), then decode steps of
  // both; A has tokens 2..5 at 14, 24, 34, 44 ms; B finishes at 44 ms too, having got its
  // first at 4 ms. Static: B is admitted only after A finishes at 42 ms: 42 + 2 + 40 = 84 ms.
  ServiceSetup s = offline_service(2, 100, 5);
  s.max_batch_tokens = 100;
  ServingResult r = simulate_serving({s}, RngFactory(1), options());
  EXPECT_DOUBLE_EQ(r.services[0].e2e_s.max(), 0.044);
  s.batching = "static";
  r = simulate_serving({s}, RngFactory(1), options());
  EXPECT_DOUBLE_EQ(r.services[0].e2e_s.max(), 0.084);
}

// KV cache of 12 blocks of 16 tokens = 192 tokens. Two requests of prompt 64 + output 60:
// after prefill each holds 4 blocks (8 in use, 4 free); every 16 decode steps each needs a new
// block, so at 128 stored tokens per request (8 blocks each, 16 in all) the cache is short:
// the later-admitted request is preempted, and is prefilled again (its prompt plus the tokens
// it had generated) once the other completes. Both complete.
TEST(ServingSimulation, KvExhaustionPreemptsTheLatestRequestWhichThenCompletes) {
  ServiceSetup s = offline_service(2, 64, 60);
  s.step_model = std::make_shared<HandModel>(192);
  s.kv_watermark = 0.0;
  const ServingResult r = simulate_serving({s}, RngFactory(1), options());
  EXPECT_EQ(r.services[0].completed, 2u);
  EXPECT_GE(r.services[0].preemptions, 1u);
  EXPECT_EQ(r.services[0].output_tokens, 120u);
}

TEST(ServingSimulation, RequestsLargerThanTheKvCacheAreRejected) {
  ServiceSetup s = offline_service(3, 100, 5);
  s.step_model = std::make_shared<HandModel>(50);  // 3 blocks of 16: 105 tokens never fit
  const ServingResult r = simulate_serving({s}, RngFactory(1), options());
  EXPECT_EQ(r.services[0].rejected, 3u);
  EXPECT_EQ(r.services[0].completed, 0u);
}

TEST(ServingSimulation, SameSeedSameResults) {
  ServiceSetup s;
  s.name = "chat";
  s.workload.arrival = "poisson";
  s.workload.rate = Rate{50.0};
  s.workload.prompt_tokens = {"lognormal", 1000.0, 800.0, 1, 8000};
  s.workload.output_tokens = {"lognormal", 200.0, 150.0, 1, 2000};
  s.replicas = 4;
  s.router = "power-of-two";
  s.step_model = std::make_shared<HandModel>();
  const ServingOptions o{SimTime::from_s(60), SimTime::from_s(600), SimTime::from_s(10), false,
                         nullptr};
  const ServingResult a = simulate_serving({s}, RngFactory(5), o);
  const ServingResult b = simulate_serving({s}, RngFactory(5), o);
  EXPECT_GT(a.services[0].completed, 2500u);  // 50 /s over 60 s = 3000 expected arrivals
  EXPECT_EQ(a.services[0].completed, b.services[0].completed);
  EXPECT_EQ(a.services[0].ttft_s.sum(), b.services[0].ttft_s.sum());
  EXPECT_EQ(a.services[0].busy_replica_ns, b.services[0].busy_replica_ns);
  EXPECT_EQ(a.events, b.events);
  EXPECT_EQ(a.timeseries.size(), 6u);  // samples at 10, 20, ..., 60 s
}

// With skip_bad_rows the trace's corrupt rows are counted in the service's result (for
// summary.json) instead of stopping the run: here row 3 has a negative length and row 4 is
// not a number, so 2 rows are skipped and the 2 good requests complete.
TEST(ServingSimulation, SkippedTraceRowsAreCounted) {
  const std::filesystem::path dir =
      std::filesystem::path(::testing::TempDir()) / "aidcsim_serving_simulation_test";
  std::filesystem::create_directories(dir);
  const std::filesystem::path path = dir / "bad_rows.csv";
  std::ofstream(path) << "arrival_s,prompt_tokens,output_tokens\n0,100,5\n1,-3,5\n2,x,5\n"
                         "3,100,5\n";
  ServiceSetup s = offline_service(1, 100, 5);
  s.workload.arrival = "trace";
  s.workload.trace = {"csv", path.string(), true};
  s.workload.requests = 0;  // no cap
  const ServingResult r = simulate_serving({s}, RngFactory(1), options());
  EXPECT_EQ(r.services[0].skipped_rows, 2u);
  EXPECT_EQ(r.services[0].completed, 2u);
}

}  // namespace
}  // namespace aidcsim
