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
  explicit HandModel(int64_t kv_tokens = 1'000'000, int64_t decode_ms = 10)
      : kv_tokens_(kv_tokens), decode_ms_(decode_ms) {}
  SimTime step_time(const perf::StepBatch& b) const override {
    return SimTime::from_us(1000 + 10 * b.prefill_tokens);
  }
  DecodeStepCost decode_cost(int64_t) const override {
    return DecodeStepCost{decode_ms_ * 1'000'000, 0};
  }
  int64_t kv_capacity_tokens() const override { return kv_tokens_; }
  int64_t sliding_window() const override { return 0; }
  double kv_bytes_per_token() const override { return 1000.0; }
  double busy_power_w(int64_t, bool) const override { return 500.0; }
  double idle_power_w() const override { return 100.0; }

 private:
  int64_t kv_tokens_;
  int64_t decode_ms_;
};

ServiceSetup offline_service(int64_t requests, int64_t prompt, int64_t output) {
  ServiceSetup s;
  s.name = "svc";
  s.workload.arrival = "offline";
  s.workload.requests = requests;
  s.workload.prompt_tokens = {"fixed", static_cast<double>(prompt), 0, 1, 1'000'000};
  s.workload.output_tokens = {"fixed", static_cast<double>(output), 0, 1, 1'000'000};
  s.pools = {PoolSetup{"svc", PoolRole::kBoth, 1, 256, 8192, std::make_shared<HandModel>(), 1}};
  return s;
}

// The same with a KV cache of `kv_tokens` and no watermark, so every block counts.
ServiceSetup small_cache_service(int64_t requests, int64_t prompt, int64_t output,
                                 int64_t kv_tokens) {
  ServiceSetup s = offline_service(requests, prompt, output);
  s.pools[0].step_model = std::make_shared<HandModel>(kv_tokens);
  s.kv_watermark = 0.0;
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
  s.pools[0].max_batch_tokens = 100;
  ServingResult r = simulate_serving({s}, RngFactory(1), options());
  EXPECT_DOUBLE_EQ(r.services[0].e2e_s.max(), 0.044);
  s.batching = "static";
  r = simulate_serving({s}, RngFactory(1), options());
  EXPECT_DOUBLE_EQ(r.services[0].e2e_s.max(), 0.084);
}

// A step's token budget also bounds the requests running at once: each decoding request
// takes one token per beam, and TensorRT-LLM's micro-batch scheduler (and vLLM V1's) stops
// adding decodes when the budget is spent. Four 1-token prompts with 3 output tokens each and
// max_batch_tokens = 2 (max_batch_size 256): A and B prefill together (1 ms + 2 x 10 us =
// 1.02 ms) and decode twice (10 ms each) to finish at 21.02 ms; only then C and D start and
// finish at 42.04 ms. Without the bound C and D would prefill at 2.04 ms and all four would
// finish at 22.04 ms. With 2 beams a budget of 4 holds the same two requests.
TEST(ServingSimulation, TokenBudgetBoundsTheRunningRequests) {
  for (const char* batching : {"continuous", "chunked"}) {
    ServiceSetup s = offline_service(4, 1, 3);
    s.batching = batching;
    s.pools[0].max_batch_tokens = 2;
    ServingResult r = simulate_serving({s}, RngFactory(1), options());
    EXPECT_EQ(r.services[0].completed, 4u) << batching;
    EXPECT_NEAR(r.services[0].e2e_s.min(), 0.02102, 1e-12) << batching;
    EXPECT_NEAR(r.services[0].e2e_s.max(), 0.04204, 1e-12) << batching;
    s.beam_width = 2;
    s.pools[0].max_batch_tokens = 4;
    r = simulate_serving({s}, RngFactory(1), options());
    EXPECT_NEAR(r.services[0].e2e_s.max(), 0.04204, 1e-12) << batching << ", 2 beams";
  }
}
// KV cache of 12 blocks of 16 tokens = 192 tokens. Two requests of prompt 64 + output 60:
// after prefill each holds 4 blocks (8 in use, 4 free); every 16 decode steps each needs a new
// block, so at 128 stored tokens per request (8 blocks each, 16 in all) the cache is short:
// the later-admitted request is preempted, and is prefilled again (its prompt plus the tokens
// it had generated) once the other completes. Both complete.
TEST(ServingSimulation, KvExhaustionPreemptsTheLatestRequestWhichThenCompletes) {
  ServiceSetup s = small_cache_service(2, 64, 60, 192);
  const ServingResult r = simulate_serving({s}, RngFactory(1), options());
  EXPECT_EQ(r.services[0].completed, 2u);
  EXPECT_GE(r.services[0].preemptions, 1u);
  EXPECT_EQ(r.services[0].output_tokens, 120u);
}

// The same two requests with whole-length reservation (TensorRT-LLM's GUARANTEED_NO_EVICT):
// each reserves blocks_for(64 + 60 - 1 = 123) = 8 blocks at admission, so the first takes 8
// of 12 and the second (8 > 4 left) waits until the first completes; nothing is preempted.
// The first runs a prefill of 1 ms + 64 x 10 us = 1.64 ms, then 59 decode steps of 10 ms,
// completing at 591.64 ms; the second is admitted at that step boundary and takes as long
// again: done at 1183.28 ms.
TEST(ServingSimulation, WholeLengthReservationAdmitsOnlyWhatCanFinish) {
  ServiceSetup s = small_cache_service(2, 64, 60, 192);
  s.reserve_full_length = true;
  const ServingResult r = simulate_serving({s}, RngFactory(1), options());
  EXPECT_EQ(r.services[0].completed, 2u);
  EXPECT_EQ(r.services[0].preemptions, 0u);
  EXPECT_EQ(r.services[0].output_tokens, 120u);
  EXPECT_NEAR(r.services[0].e2e_s.max(), 1.18328, 1e-9);
  EXPECT_NEAR(r.services[0].e2e_s.min(), 0.59164, 1e-9);
}

// A request longer than the cache less its watermark could never get its reservation: it is
// rejected at arrival (counted as prompt + output tokens, as without reservation). 12 blocks
// of 16 = 192 tokens: 100 + 93 = 193 is over it; 100 + 92 is admitted and completes.
TEST(ServingSimulation, WholeLengthReservationRejectsWhatCouldNeverBeReserved) {
  ServiceSetup s = small_cache_service(1, 100, 93, 192);
  s.reserve_full_length = true;
  EXPECT_EQ(simulate_serving({s}, RngFactory(1), options()).services[0].rejected, 1u);
  s.workload.output_tokens.mean = 92;
  const ServingResult r = simulate_serving({s}, RngFactory(1), options());
  EXPECT_EQ(r.services[0].rejected, 0u);
  EXPECT_EQ(r.services[0].completed, 1u);
}

// Clients sending max_tokens 60 for outputs of 10: whole-length reservation holds
// blocks_for(64 + 60 - 1 = 123) = 8 blocks per request, so of 12 the second request (8 > 4
// left) waits though its true length (73 tokens, 5 blocks) would fit. The first: prefill
// 1.64 ms, then 9 decode steps of 10 ms, done at 91.64 ms; the second is admitted then and
// done at 183.28 ms. Without max_tokens both are reserved at once (5 + 5 <= 12), prefilled
// together (1 ms + 128 x 10 us = 2.28 ms) and done at 92.28 ms.
TEST(ServingSimulation, WholeLengthReservationHoldsTheClientsMaxTokens) {
  ServiceSetup s = small_cache_service(2, 64, 10, 192);
  s.reserve_full_length = true;
  ServingResult r = simulate_serving({s}, RngFactory(1), options());
  EXPECT_NEAR(r.services[0].e2e_s.max(), 0.09228, 1e-9);
  s.workload.max_tokens = 60;
  r = simulate_serving({s}, RngFactory(1), options());
  EXPECT_EQ(r.services[0].completed, 2u);
  EXPECT_EQ(r.services[0].output_tokens, 20u);  // the true outputs, not max_tokens
  EXPECT_NEAR(r.services[0].e2e_s.min(), 0.09164, 1e-9);
  EXPECT_NEAR(r.services[0].e2e_s.max(), 0.18328, 1e-9);
}

// The two requests of KvExhaustionPreemptsTheLatestRequestWhichThenCompletes (64 + 60 tokens,
// 12 blocks of 16) with a step budget of 80 tokens. After prefill each request holds 4 blocks (8 of
// 12 in use); both take a 5th block at 65 stored tokens and a 6th at 81 (12 in use), so at 97
// tokens (32 generated) the later one is preempted and must prefill 64 + 32 = 96 tokens again,
// over the budget. It runs alone in a step instead of waiting for ever.
TEST(ServingSimulation, RecomputeLargerThanTheStepBudgetRunsAlone) {
  for (const char* policy : {"continuous", "orca", "static"}) {
    SCOPED_TRACE(policy);
    ServiceSetup s = small_cache_service(2, 64, 60, 192);
    s.pools[0].max_batch_tokens = 80;
    s.batching = policy;
    const ServingResult r = simulate_serving({s}, RngFactory(1), options());
    EXPECT_EQ(r.services[0].completed, 2u);
    EXPECT_EQ(r.services[0].unfinished, 0u);
    EXPECT_EQ(r.services[0].output_tokens, 120u);
  }
}

// A cache of 1,000 tokens holds 62 blocks of 16; a watermark of 10% keeps 6 of them free at
// every admission, so a prompt may take at most 56 blocks (896 tokens). A prompt of 950 (60
// blocks) with 5 output tokens fits the cache (955 <= 992) but could never be admitted: it is
// rejected at arrival rather than left waiting for ever.
TEST(ServingSimulation, PromptsOverTheCacheLessItsWatermarkAreRejected) {
  ServiceSetup s = offline_service(2, 950, 5);
  s.pools[0].step_model = std::make_shared<HandModel>(1'000);
  s.kv_watermark = 0.1;
  ServingResult r = simulate_serving({s}, RngFactory(1), options());
  EXPECT_EQ(r.services[0].rejected, 2u);
  EXPECT_EQ(r.services[0].unfinished, 0u);
  s = offline_service(2, 896, 5);  // 56 blocks: admitted one at a time, both complete
  s.pools[0].step_model = std::make_shared<HandModel>(1'000);
  s.kv_watermark = 0.1;
  r = simulate_serving({s}, RngFactory(1), options());
  EXPECT_EQ(r.services[0].completed, 2u);
}

TEST(ServingSimulation, RequestsLargerThanTheKvCacheAreRejected) {
  ServiceSetup s = offline_service(3, 100, 5);
  s.pools[0].step_model = std::make_shared<HandModel>(50);  // 3 blocks of 16: 105 never fit
  const ServingResult r = simulate_serving({s}, RngFactory(1), options());
  EXPECT_EQ(r.services[0].rejected, 3u);
  EXPECT_EQ(r.services[0].completed, 0u);
}

// A replica of two pipeline stages runs two engines, one batch each. The two requests go one
// to each engine (round robin) and run alone, concurrently: 1 ms + 100 x 10 us = 2 ms of
// prefill, four decode steps of 10 ms, done at 42 ms (one engine batches them: 43 ms, as in
// ContinuousBatchingPrefillsTogetherAndDecodesTogether). Each engine's steps draw for one of
// the replica's two GPUs: 2 engines x 42 ms x 1 GPU x 500 W = 42 J, nothing idle.
TEST(ServingSimulation, PipelineEnginesRunTheirBatchesConcurrently) {
  ServiceSetup s = offline_service(2, 100, 5);
  s.router = "round-robin";
  s.pools[0].gpus_per_replica = 2;
  s.pools[0].engines_per_replica = 2;
  const ServingResult r = simulate_serving({s}, RngFactory(1), options());
  const ServiceResult& res = r.services[0];
  EXPECT_EQ(res.completed, 2u);
  EXPECT_DOUBLE_EQ(res.e2e_s.min(), 0.042);
  EXPECT_DOUBLE_EQ(res.e2e_s.max(), 0.042);
  EXPECT_EQ(res.steps, 10u);
  EXPECT_NEAR(res.gpu_energy_j, 42.0, 1e-9);
  ASSERT_EQ(res.pools.size(), 1u);
  EXPECT_EQ(res.pools[0].replicas, 1);
  EXPECT_EQ(res.pools[0].engines, 2);
  EXPECT_DOUBLE_EQ(res.pools[0].busy_fraction(r.end_time), 1.0);
}

// Each engine holds half the replica's KV cache: 192 tokens make two engines of 96, which a
// request of 64 + 60 = 124 tokens can never fit into, so it is rejected (one engine of 192
// runs it: KvExhaustionPreemptsTheLatestRequestWhichThenCompletes).
TEST(ServingSimulation, PipelineEnginesSplitTheKvCache) {
  ServiceSetup s = small_cache_service(1, 64, 60, 192);
  s.pools[0].engines_per_replica = 2;
  const ServingResult r = simulate_serving({s}, RngFactory(1), options());
  EXPECT_EQ(r.services[0].rejected, 1u);
  EXPECT_EQ(r.services[0].completed, 0u);
}

ServiceSetup closed_loop_service(int64_t clients, SimTime think, int64_t cap) {
  ServiceSetup s = offline_service(0, 100, 5);
  s.workload.arrival = "closed";
  s.workload.requests = cap;
  s.workload.concurrency = clients;
  s.workload.think_time = think;
  return s;
}

// Two clients, 5 ms think time, arrivals until 0.2 s. Each round: both prompts prefilled in
// one step (1 ms + 200 x 10 us = 3 ms), four shared decode steps (40 ms): done 43 ms after
// the round began, next round 5 ms later. Rounds start at 0, 48, 96, 144 and 192 ms (the next,
// 240 ms, is past the horizon): 10 requests, each 43 ms end to end, the last done at 235 ms.
TEST(ServingSimulation, ClosedLoopClientsSendTheirNextRequestAfterTheThinkTime) {
  ServingOptions o = options();
  o.horizon = SimTime::from_ms(200);
  const ServingResult r =
      simulate_serving({closed_loop_service(2, SimTime::from_ms(5), 0)}, RngFactory(1), o);
  const ServiceResult& s = r.services[0];
  EXPECT_EQ(s.arrived, 10u);
  EXPECT_EQ(s.completed, 10u);
  EXPECT_DOUBLE_EQ(s.e2e_s.min(), 0.043);
  EXPECT_DOUBLE_EQ(s.e2e_s.max(), 0.043);
  EXPECT_EQ(r.end_time, SimTime::from_ms(235));
}

// The `requests` cap of 7: three full rounds (0, 48, 96 ms), then the fourth round at 144 ms
// has one request left, which runs alone: 1 ms + 100 x 10 us = 2 ms of prefill, then 40 ms,
// 42 ms end to end, done at 186 ms.
TEST(ServingSimulation, ClosedLoopStopsAtTheRequestCap) {
  const ServingResult r =
      simulate_serving({closed_loop_service(2, SimTime::from_ms(5), 7)}, RngFactory(1), options());
  const ServiceResult& s = r.services[0];
  EXPECT_EQ(s.arrived, 7u);
  EXPECT_EQ(s.completed, 7u);
  EXPECT_DOUBLE_EQ(s.e2e_s.min(), 0.042);
  EXPECT_EQ(r.end_time, SimTime::from_ms(186));
}

// A KV cache of 64 tokens can never hold a 105-token request: the three clients' first
// requests are rejected at t = 0 and, with no think time, each client stops there instead of
// sending a request the replica would reject again at the same instant for ever.
TEST(ServingSimulation, ClosedLoopClientStopsAfterARejection) {
  ServiceSetup s = closed_loop_service(3, SimTime::zero(), 0);
  s.pools[0].step_model = std::make_shared<HandModel>(64);
  const ServingResult r = simulate_serving({s}, RngFactory(1), options());
  EXPECT_EQ(r.services[0].arrived, 3u);
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
  s.pools = {PoolSetup{"chat", PoolRole::kBoth, 4, 256, 8192, std::make_shared<HandModel>(), 1}};
  s.router = "power-of-two";
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

// Beam search stores each beam's generated tokens: a request of 100 prompt and 5 output tokens
// with 4 beams needs 100 + 4 x 5 = 120 tokens of KV, more than a 112-token cache (7 blocks of
// 16), and is rejected; decoded greedily it needs 105 and completes.
TEST(ServingSimulation, BeamSearchNeedsKvForEveryBeam) {
  ServiceSetup s = small_cache_service(1, 100, 5, 112);
  ServingResult r = simulate_serving({s}, RngFactory(1), options());
  EXPECT_EQ(r.services[0].completed, 1u);
  s.beam_width = 4;
  r = simulate_serving({s}, RngFactory(1), options());
  EXPECT_EQ(r.services[0].completed, 0u);
  EXPECT_EQ(r.services[0].rejected, 1u);
}

// A disaggregated service: one prefill replica, one decode replica, KV sent at 1 MB/s after
// 5 ms. A request of 100 prompt tokens and 5 output tokens: prefill 1 ms + 100 x 10 us = 2 ms
// (first token at 2 ms); its KV, 100 tokens x 1,000 B = 100 kB, arrives 5 ms + 100 ms later,
// at 107 ms; 4 decode steps of 10 ms end at 147 ms. TPOT = (147 - 2) / 4 = 36.25 ms.
ServiceSetup disaggregated(int64_t requests, int64_t output) {
  ServiceSetup s = offline_service(requests, 100, output);
  const auto model = std::make_shared<HandModel>();
  PoolSetup prefill{"prefill", PoolRole::kPrefill, 1, 256, 8192, model, 1,
                    1e6,       SimTime::from_ms(5)};
  PoolSetup decode{"decode", PoolRole::kDecode, 1, 256, 8192, model, 1, 1e6, SimTime::from_ms(1)};
  s.pools = {prefill, decode};
  return s;
}

TEST(ServingSimulation, DisaggregatedRequestWaitsForItsKvTransfer) {
  const ServingResult r = simulate_serving({disaggregated(1, 5)}, RngFactory(1), options());
  const ServiceResult& s = r.services[0];
  EXPECT_EQ(s.completed, 1u);
  EXPECT_DOUBLE_EQ(s.ttft_s.max(), 0.002);
  EXPECT_DOUBLE_EQ(s.e2e_s.max(), 0.147);
  EXPECT_DOUBLE_EQ(s.tpot_s.max(), 0.03625);
  EXPECT_EQ(s.output_tokens, 5u);
  EXPECT_EQ(s.steps, 5u);  // a prefill step on one replica, 4 decode steps on the other
  EXPECT_EQ(s.kv_transfers, 1u);
  EXPECT_DOUBLE_EQ(s.kv_transfer_bytes, 100'000.0);
  EXPECT_DOUBLE_EQ(s.kv_transfer_s.max(), 0.105);  // the larger latency of the two ends
  EXPECT_DOUBLE_EQ(s.kv_handoff_s.max(), 0.105);   // first token at 2 ms, KV landed at 107 ms
  ASSERT_EQ(s.pools.size(), 2u);
  EXPECT_EQ(s.pools[0].busy_replica_ns, 2'000'000);
  EXPECT_EQ(s.pools[1].busy_replica_ns, 40'000'000);
  EXPECT_EQ(s.pools[0].output_tokens, 1u);  // the first token, at the end of the prefill
  EXPECT_EQ(s.pools[1].output_tokens, 4u);
  EXPECT_EQ(s.pools[0].completed, 0u);
  EXPECT_EQ(s.pools[1].completed, 1u);
  // Energy until the end (147 ms), one GPU each: prefill 2 ms busy at 500 W + 145 ms idle at
  // 100 W = 15.5 J; decode 40 ms at 500 W + 107 ms at 100 W = 30.7 J.
  EXPECT_NEAR(s.pools[0].gpu_energy_j, 15.5, 1e-9);
  EXPECT_NEAR(s.pools[1].gpu_energy_j, 30.7, 1e-9);
  EXPECT_NEAR(s.gpu_energy_j, 46.2, 1e-9);
}

// Two requests prefilled together (200 tokens: 3 ms) leave the same prefill replica for the
// same decode replica: their transfers queue on the links. The first holds them from 3 to
// 103 ms and lands at 108 ms (done at 148 ms); the second starts at 103 ms, lands at 208 ms
// (a transfer of 205 ms, queueing included) and is done at 248 ms.
TEST(ServingSimulation, TransfersFromOneReplicaQueueOnItsLinks) {
  const ServingResult r = simulate_serving({disaggregated(2, 5)}, RngFactory(1), options());
  EXPECT_DOUBLE_EQ(r.services[0].e2e_s.min(), 0.148);
  EXPECT_DOUBLE_EQ(r.services[0].e2e_s.max(), 0.248);
  EXPECT_EQ(r.services[0].kv_transfers, 2u);
  EXPECT_DOUBLE_EQ(r.services[0].kv_transfer_s.max(), 0.205);
}

// The prefill replica keeps a request's KV until its transfer has sent it. Its cache holds
// 160 tokens (10 blocks of 16; watermark 0.01 x 10 rounds to 0), a 100-token prompt takes 7
// blocks, so the second prompt waits for the first's KV to leave: request 1 prefills from 0
// to 2 ms and is sent from 2 to 102 ms; request 2 prefills from 102 to 104 ms (TTFT 104 ms),
// is sent from 104 to 204 ms, lands at 209 ms and decodes 4 steps: done at 249 ms. (Freeing
// the blocks at the hand-off instead would prefill it at 2-4 ms: TTFT 4 ms, done at 247 ms.)
TEST(ServingSimulation, PrefillReplicaHoldsTheKvUntilItIsSent) {
  ServiceSetup s = disaggregated(2, 5);
  s.pools[0].step_model = std::make_shared<HandModel>(160);
  const ServingResult r = simulate_serving({s}, RngFactory(1), options());
  const ServiceResult& svc = r.services[0];
  EXPECT_EQ(svc.completed, 2u);
  EXPECT_EQ(svc.rejected, 0u);
  EXPECT_DOUBLE_EQ(svc.ttft_s.min(), 0.002);
  EXPECT_DOUBLE_EQ(svc.ttft_s.max(), 0.104);
  EXPECT_DOUBLE_EQ(svc.e2e_s.min(), 0.147);
  EXPECT_DOUBLE_EQ(svc.e2e_s.max(), 0.249);
  EXPECT_DOUBLE_EQ(svc.kv_transfer_s.max(), 0.105);  // no queueing: the links were free
}

// A decode replica pulls a request's KV only once it has reserved the blocks. Its cache holds
// 160 tokens (10 blocks); each request needs 7 blocks (100 prompt tokens, 104 at the end).
// Both are prefilled together (3 ms) and handed over at 3 ms: request 1 reserves its blocks
// and is sent from 3 to 103 ms, lands at 108 ms and is done at 148 ms; request 2 fits only
// then: sent from 148 to 248 ms, it lands at 253 ms and is done at 293 ms. (Sending it at
// once, as soon as the links were free at 103 ms, would have it done at 248 ms.)
TEST(ServingSimulation, DecodeReplicaPullsTheKvOnceItHasRoom) {
  ServiceSetup s = disaggregated(2, 5);
  s.pools[1].step_model = std::make_shared<HandModel>(160);
  const ServingResult r = simulate_serving({s}, RngFactory(1), options());
  const ServiceResult& svc = r.services[0];
  EXPECT_EQ(svc.completed, 2u);
  EXPECT_DOUBLE_EQ(svc.ttft_s.max(), 0.003);
  EXPECT_DOUBLE_EQ(svc.e2e_s.min(), 0.148);
  EXPECT_DOUBLE_EQ(svc.e2e_s.max(), 0.293);
  EXPECT_DOUBLE_EQ(svc.kv_transfer_s.max(), 0.105);  // from the pull: no link queueing
  EXPECT_EQ(svc.preemptions, 0u);
  // First token (3 ms) to KV landed: 108 - 3 = 105 ms, and 253 - 3 = 250 ms.
  EXPECT_DOUBLE_EQ(svc.kv_handoff_s.min(), 0.105);
  EXPECT_DOUBLE_EQ(svc.kv_handoff_s.max(), 0.250);
}

// With links of unbounded rate (0: no bytes term) both transfers take the 5 ms latency only:
// they land together at 8 ms and decode in one batch, done at 48 ms. A one-token request is
// done when its prefill is, and sends nothing.
TEST(ServingSimulation, DisaggregatedArrivalsTogetherDecodeTogether) {
  ServiceSetup s = disaggregated(2, 5);
  for (PoolSetup& p : s.pools) p.kv_link_bytes_per_s = 0.0;
  ServingResult r = simulate_serving({s}, RngFactory(1), options());
  EXPECT_DOUBLE_EQ(r.services[0].e2e_s.min(), 0.048);
  EXPECT_DOUBLE_EQ(r.services[0].e2e_s.max(), 0.048);
  EXPECT_EQ(r.services[0].kv_transfers, 2u);
  r = simulate_serving({disaggregated(1, 1)}, RngFactory(1), options());
  EXPECT_EQ(r.services[0].completed, 1u);
  EXPECT_DOUBLE_EQ(r.services[0].e2e_s.max(), 0.002);
  EXPECT_EQ(r.services[0].kv_transfers, 0u);
}

// A heterogeneous service: a fast pool (decode 10 ms) and a slow one (decode 30 ms), one
// replica each, round robin. Request 1 goes to the fast replica (2 + 4 x 10 = 42 ms), request
// 2 to the slow one (2 + 4 x 30 = 122 ms); each pool's busy time is its own.
TEST(ServingSimulation, HeterogeneousPoolsKeepTheirOwnStepTimes) {
  ServiceSetup s = offline_service(2, 100, 5);
  s.pools = {PoolSetup{"fast", PoolRole::kBoth, 1, 256, 8192, std::make_shared<HandModel>(), 1},
             PoolSetup{"slow", PoolRole::kBoth, 1, 256, 8192,
                       std::make_shared<HandModel>(1'000'000, 30), 1}};
  const ServingResult r = simulate_serving({s}, RngFactory(1), options());
  const ServiceResult& res = r.services[0];
  EXPECT_EQ(res.completed, 2u);
  EXPECT_DOUBLE_EQ(res.e2e_s.min(), 0.042);
  EXPECT_DOUBLE_EQ(res.e2e_s.max(), 0.122);
  ASSERT_EQ(res.pools.size(), 2u);
  EXPECT_EQ(res.pools[0].busy_replica_ns, 42'000'000);
  EXPECT_EQ(res.pools[1].busy_replica_ns, 122'000'000);
  EXPECT_EQ(res.pools[0].completed, 1u);
  EXPECT_EQ(res.pools[1].output_tokens, 5u);
  EXPECT_EQ(res.kv_transfers, 0u);
}

}  // namespace
}  // namespace aidcsim
