// Checks prefix caching (replica.h) with a step model simple enough to work the timings out
// by hand: a prefill step takes 1 ms + 10 us per prefilled token, a decode step 10 ms. The
// requests come from Mooncake-format traces written here, whose hash_ids name 512-token
// prompt blocks; the KV cache has 16-token blocks, so one cached prompt block is 32 KV blocks.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "serving/serving_simulation.h"

namespace aidcsim {
namespace {

namespace fs = std::filesystem;

class HandModel final : public StepTimeModel {
 public:
  explicit HandModel(int64_t kv_tokens) : kv_tokens_(kv_tokens) {}
  SimTime step_time(const perf::StepBatch& b) const override {
    return SimTime::from_us(1000 + 10 * b.prefill_tokens);
  }
  DecodeStepCost decode_cost(int64_t) const override { return DecodeStepCost{10'000'000, 0}; }
  int64_t kv_capacity_tokens() const override { return kv_tokens_; }
  int64_t sliding_window() const override { return 0; }

 private:
  int64_t kv_tokens_;
};

std::string write_trace(const std::string& name, const std::string& jsonl) {
  const fs::path dir = fs::path(::testing::TempDir()) / "aidcsim_prefix_cache_test";
  fs::create_directories(dir);
  const fs::path path = dir / name;
  std::ofstream(path) << jsonl;
  return path.string();
}

ServiceSetup traced_service(const std::string& trace_path, int64_t kv_tokens, bool caching) {
  ServiceSetup s;
  s.name = "svc";
  s.workload.arrival = "trace";
  s.workload.trace = {"mooncake", trace_path, false};
  s.pools = {
      PoolSetup{"svc", PoolRole::kBoth, 1, 256, 8192, std::make_shared<HandModel>(kv_tokens), 1}};
  s.kv_watermark = 0.0;
  s.prefix_caching = caching;
  return s;
}

// Time to first token of every request, by id.
std::map<uint64_t, int64_t> ttft_ns(const ServiceSetup& s, ServiceResult* result = nullptr) {
  std::map<uint64_t, int64_t> out;
  ServingOptions o{
      SimTime::from_s(100), SimTime::from_s(100), SimTime::zero(), false, nullptr, nullptr};
  o.on_request = [&](uint32_t, const Sequence& q, SimTime) {
    out[q.request.id] = (q.first_token - q.request.arrival).ns();
  };
  ServingResult r = simulate_serving({s}, RngFactory(1), o);
  if (result != nullptr) *result = r.services[0];
  return out;
}

// A (t = 0) has a 1,100-token prompt: blocks 1 and 2 are full (1,024 tokens), block 3 holds
// the last 76. B (t = 1 s) shares blocks 1 and 2 and then differs; C (t = 2 s) has exactly the
// 1,024 tokens of blocks 1 and 2.
const char* const kShared =
    "{\"timestamp\": 0, \"input_length\": 1100, \"output_length\": 2, \"hash_ids\": [1, 2, 3]}\n"
    "{\"timestamp\": 1000, \"input_length\": 1200, \"output_length\": 2, \"hash_ids\": [1, 2, 9]}\n"
    "{\"timestamp\": 2000, \"input_length\": 1024, \"output_length\": 2, \"hash_ids\": [1, 2]}\n";

TEST(PrefixCache, ASharedPrefixIsNotPrefilledAgain) {
  const std::string path = write_trace("shared.jsonl", kShared);
  ServiceResult with{}, without{};
  const auto on = ttft_ns(traced_service(path, 100'000, true), &with);
  const auto off = ttft_ns(traced_service(path, 100'000, false), &without);
  // A: nothing cached yet: 1 ms + 1,100 x 10 us = 12 ms, with caching or not.
  EXPECT_EQ(on.at(0), 12'000'000);
  EXPECT_EQ(off.at(0), 12'000'000);
  // B: blocks 1 and 2 (1,024 tokens) were cached when A's prefill completed, so only
  // 1,200 - 1,024 = 176 tokens are prefilled: 1 ms + 1.76 ms = 2.76 ms (13 ms without).
  EXPECT_EQ(on.at(1), 2'760'000);
  EXPECT_EQ(off.at(1), 13'000'000);
  // C: its whole prompt is cached, but one token at least must be prefilled (it produces the
  // first output token), so only block 1 is reused: 1 ms + 512 x 10 us = 6.12 ms.
  EXPECT_EQ(on.at(2), 6'120'000);
  // Looked up: 1,100 + 1,200 + 1,024 = 3,324 tokens; found: 1,024 (B) + 512 (C) = 1,536.
  EXPECT_EQ(with.prefix_query_tokens, 3'324u);
  EXPECT_EQ(with.prefix_hit_tokens, 1'536u);
  EXPECT_EQ(without.prefix_hit_tokens, 0u);
  EXPECT_EQ(without.prefix_query_tokens, 0u);
}

// A cache of 2,048 tokens = 128 KV blocks. After A (1,100 tokens, blocks 1, 2, 3) completes,
// blocks 1 and 2 stay cached: 64 KV blocks, unreferenced, so evictable. B (t = 1 s) needs
// ceil(1,600 / 16) = 100 blocks; 64 were never used, so the cache gives up both of A's blocks
// (36 more are needed, one cached block is 32) rather than preempt anything. C (t = 2 s) has
// A's prompt again: nothing is left to reuse, so it is prefilled whole (12 ms).
TEST(PrefixCache, CachedBlocksAreEvictedBeforeAnyPreemption) {
  const std::string path = write_trace(
      "evict.jsonl",
      "{\"timestamp\": 0, \"input_length\": 1100, \"output_length\": 2, \"hash_ids\": [1, 2, 3]}\n"
      "{\"timestamp\": 1000, \"input_length\": 1600, \"output_length\": 2, \"hash_ids\": [7, 8, "
      "9, 10]}\n"
      "{\"timestamp\": 2000, \"input_length\": 1100, \"output_length\": 2, \"hash_ids\": [1, 2, "
      "3]}\n");
  ServiceResult r{};
  const auto on = ttft_ns(traced_service(path, 2'048, true), &r);
  EXPECT_EQ(on.at(1), 17'000'000);  // 1 ms + 1,600 x 10 us: nothing shared
  EXPECT_EQ(on.at(2), 12'000'000);
  EXPECT_EQ(r.prefix_hit_tokens, 0u);
  EXPECT_EQ(r.preemptions, 0u);
  EXPECT_EQ(r.completed, 3u);
}

// The least recently released block goes first: a request releases its deepest block first,
// so a prefix loses its tail before its head. Cache of 3,072 tokens = 192 KV blocks. A (blocks
// 1, 2 and a partial 3) leaves 1 and 2 cached (64 blocks); B (t = 1 s, 2,000 tokens, 125
// blocks) finds 192 - 64 = 128 never used and evicts nothing; it leaves blocks 5, 6, 7 cached
// (96), so 192 - 64 - 96 = 32 are never used. D (t = 3 s, 600 tokens, blocks 40 and a partial
// 41) needs 38 blocks: one cached block goes, the least recently released, which is A's
// block 2 (A's releases came before B's). E (t = 4 s) has A's prompt: block 1 is still
// there, so E prefills 1,100 - 512 = 588 tokens: 1 ms + 5.88 ms.
TEST(PrefixCache, EvictionTakesTheLeastRecentlyReleasedTailFirst) {
  const std::string path = write_trace(
      "lru.jsonl",
      "{\"timestamp\": 0, \"input_length\": 1100, \"output_length\": 2, \"hash_ids\": [1, 2, 3]}\n"
      "{\"timestamp\": 1000, \"input_length\": 2000, \"output_length\": 2, \"hash_ids\": [5, 6, "
      "7, 8]}\n"
      "{\"timestamp\": 3000, \"input_length\": 600, \"output_length\": 2, \"hash_ids\": [40, "
      "41]}\n"
      "{\"timestamp\": 4000, \"input_length\": 1100, \"output_length\": 2, \"hash_ids\": [1, 2, "
      "3]}\n");
  ServiceResult r{};
  const auto on = ttft_ns(traced_service(path, 3'072, true), &r);
  EXPECT_EQ(on.at(3), 6'880'000);
  EXPECT_EQ(r.prefix_hit_tokens, 512u);
  EXPECT_EQ(r.preemptions, 0u);
}

}  // namespace
}  // namespace aidcsim
