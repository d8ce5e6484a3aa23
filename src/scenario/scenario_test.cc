// Checks scenario loading: the built-in example is valid; the resolved echo is a fixed point
// (loading it again gives the same text, so a run can be reproduced from its echo); errors
// are located and all reported; the key reference covers every key.
#include "scenario/scenario.h"

#include <gtest/gtest.h>

#include "scenario/run.h"

namespace aidcsim {
namespace {

LoadedScenario load(const std::string& text) {
  return load_scenario(text, "test.yaml", Catalog::built_in());
}

TEST(Scenario, BuiltInExampleIsValid) {
  const LoadedScenario s = load(std::string(built_in_example_scenario()));
  // examples/essonne-phase1.yaml: two services on the essonne site for a day.
  EXPECT_EQ(s.scenario.name, "essonne-phase1");
  ASSERT_EQ(s.scenario.services.size(), 2u);
  EXPECT_EQ(s.scenario.services[0].model, "mistral-large-2-123b");
  EXPECT_EQ(s.scenario.duration, SimTime::from_s(86400));
  ASSERT_TRUE(s.site.has_value());
  EXPECT_EQ(s.site->spec.name, "essonne");
}

TEST(Scenario, ResolvedEchoIsAFixedPoint) {
  const LoadedScenario first = load(std::string(built_in_example_scenario()));
  const LoadedScenario second = load(first.resolved_yaml);
  EXPECT_EQ(first.resolved_yaml, second.resolved_yaml);
  // Defaults appear in the echo even though the example does not set them.
  EXPECT_NE(first.resolved_yaml.find("max_batch_tokens: 8192"), std::string::npos);
  EXPECT_NE(first.resolved_yaml.find("drain_limit: 10 min"), std::string::npos);
  EXPECT_NE(first.resolved_yaml.find("start: 2023-07-14T00:00Z"), std::string::npos);
}

// A pool takes the service's value of every key it leaves out: here the decode pool sets
// only its replicas and system, so it keeps the service's model, tensor_parallel 4 and fp8.
// The echo of a scenario with pools is a fixed point too.
TEST(Scenario, PoolsInheritTheServiceKeysTheyDoNotSet) {
  const LoadedScenario s = load(
      "name: pd\n"
      "services:\n"
      "  - name: chat\n"
      "    model: mistral-large-2-123b\n"
      "    system: hgx-h100-8\n"
      "    tensor_parallel: 4\n"
      "    dtype: fp8\n"
      "    pools:\n"
      "      - {name: p, role: prefill, replicas: 1, max_batch_tokens: 16384}\n"
      "      - {name: d, role: decode, replicas: 3, system: hgx-h200-8}\n"
      "    kv_transfer: {latency: 20 us}\n"
      "    workload: {rate: 2 /s}\n");
  const ServiceSpec& svc = s.scenario.services[0];
  EXPECT_TRUE(is_disaggregated(svc));
  const std::vector<ServiceSpec> pools = pool_deployments(svc);
  ASSERT_EQ(pools.size(), 2u);
  EXPECT_EQ(pools[0].max_batch_tokens, 16384);
  EXPECT_EQ(pools[0].system, "hgx-h100-8");
  EXPECT_EQ(pools[1].max_batch_tokens, 8192);  // the service's default
  EXPECT_EQ(pools[1].system, "hgx-h200-8");
  EXPECT_EQ(pools[1].replicas, 3);
  for (const ServiceSpec& p : pools) {
    EXPECT_EQ(p.model, "mistral-large-2-123b");
    EXPECT_EQ(p.tensor_parallel, 4);
    EXPECT_EQ(p.dtype, "fp8");
    EXPECT_TRUE(p.pools.empty());
  }
  EXPECT_EQ(load(s.resolved_yaml).resolved_yaml, s.resolved_yaml);
}

// Beam search: a decode step of n requests with beam_width 4 is the step of 4n sequences,
// each attending to its request's context (so the context summed over sequences is 4 x that
// over requests); the prompt's prefill and the KV capacity do not change.
TEST(Scenario, BeamSearchDecodesEveryBeam) {
  const auto spec = [](int beams) {
    return load(
               "name: b\nservices:\n  - name: s\n    model: gpt-j-6b\n    system: hgx-h100-8\n"
               "    dtype: fp8\n    kv_dtype: fp8\n    beam_width: " +
               std::to_string(beams) + "\n    workload: {rate: 1 /s}\n")
        .scenario.services[0];
  };
  ServiceDeployment unused;
  const auto greedy = make_step_model(spec(1), Catalog::built_in(), unused);
  const auto beams = make_step_model(spec(4), Catalog::built_in(), unused);
  EXPECT_EQ(beams->kv_capacity_tokens(), greedy->kv_capacity_tokens());
  perf::StepBatch prompt;
  prompt.add_prefill(800);
  EXPECT_EQ(beams->step_time(prompt), greedy->step_time(prompt));
  for (int64_t n : {1, 16, 48}) {
    const int64_t context = n * 900;  // 900 tokens per request
    const double with_beams = static_cast<double>(beams->decode_cost(n).step(context).ns());
    const double four_sequences =
        static_cast<double>(greedy->decode_cost(4 * n).step(4 * context).ns());
    EXPECT_NEAR(with_beams, four_sequences, 2.0) << n;  // the chords' rounding to 1 ns
    EXPECT_GT(with_beams, static_cast<double>(greedy->decode_cost(n).step(context).ns()));
  }
}

// A Llama 3.1 8B service on an HGX H100 with `lines` (service keys, each "    key: value\n")
// added.
ServiceSpec llama8b_service(const std::string& lines) {
  return load("name: o\nservices:\n  - name: s\n    model: llama-3.1-8b\n    system: hgx-h100-8\n" +
              lines + "    workload: {rate: 1 /s}\n")
      .scenario.services[0];
}

// step_overhead is the engine time added to every step: the default 2.5 ms (source row
// perf-step-overhead) against 0 ms changes a prefill step and a decode step by exactly 2.5 ms.
TEST(Scenario, StepOverheadIsAddedToEveryStep) {
  ServiceDeployment unused;
  const auto default_overhead = make_step_model(llama8b_service(""), Catalog::built_in(), unused);
  const auto none =
      make_step_model(llama8b_service("    step_overhead: 0 ms\n"), Catalog::built_in(), unused);
  perf::StepBatch prompt;
  prompt.add_prefill(512);
  EXPECT_EQ((default_overhead->step_time(prompt) - none->step_time(prompt)).ns(), 2'500'000);
  const int64_t decode_default = default_overhead->decode_cost(64).step(64 * 1000).ns();
  const int64_t decode_none = none->decode_cost(64).step(64 * 1000).ns();
  EXPECT_NEAR(static_cast<double>(decode_default - decode_none), 2.5e6, 2.0);
}

// overlap_scheduling: the step overhead runs beside the kernels, so a step takes the longer
// of the two. A 512-token prefill of Llama 3.1 8B on one H100 takes more than 2.5 ms of
// kernels (2 x 8e9 x 512 = 8 TFLOP, over 8 ms at the H100's ~990 TFLOP/s dense bf16), so the
// default overhead disappears entirely; with a 1 s overhead, longer than any of these
// kernels, every step takes exactly 1 s.
TEST(Scenario, OverlapSchedulingHidesTheOverheadBehindTheKernels) {
  ServiceDeployment unused;
  const auto none =
      make_step_model(llama8b_service("    step_overhead: 0 ms\n"), Catalog::built_in(), unused);
  const auto hidden = make_step_model(llama8b_service("    overlap_scheduling: true\n"),
                                      Catalog::built_in(), unused);
  const auto exposed =
      make_step_model(llama8b_service("    overlap_scheduling: true\n    step_overhead: 1 s\n"),
                      Catalog::built_in(), unused);
  perf::StepBatch prompt;
  prompt.add_prefill(512);
  EXPECT_GT(none->step_time(prompt), SimTime::from_us(2500));
  EXPECT_EQ(hidden->step_time(prompt), none->step_time(prompt));
  EXPECT_EQ(exposed->step_time(prompt), SimTime::from_s(1));
  // Decode steps of 64 requests at 1,000 tokens: kernels over 2.5 ms (16 GB of bf16 weights
  // read at ~3.35 TB/s is ~4.8 ms alone), so the overhead is hidden there too.
  EXPECT_EQ(hidden->decode_cost(64).step(64 * 1000), none->decode_cost(64).step(64 * 1000));
  EXPECT_EQ(exposed->decode_cost(64).step(64 * 1000), SimTime::from_s(1));
}

// step_overhead_per_sequence: 40 us per sequence makes a decode step of 64 requests 2.56 ms
// longer (64 x 40 us) and one of a single request 40 us longer, at any context; the step
// model's closed form (base + per token) carries it in its base.
TEST(Scenario, PerSequenceOverheadLengthensStepsWithTheBatch) {
  ServiceDeployment unused;
  const auto none = make_step_model(llama8b_service(""), Catalog::built_in(), unused);
  const auto per_sequence = make_step_model(
      llama8b_service("    step_overhead_per_sequence: 40 us\n"), Catalog::built_in(), unused);
  for (int64_t n : {1, 64}) {
    for (int64_t context : {100, 4000}) {
      const int64_t added = per_sequence->decode_cost(n).step(n * context).ns() -
                            none->decode_cost(n).step(n * context).ns();
      EXPECT_NEAR(static_cast<double>(added), 40e3 * static_cast<double>(n), 2.0)
          << n << " sequences at " << context;
    }
  }
}

// pipeline_parallel 2 splits Llama 3 70B's 80 layers over two stages of tensor_parallel 2:
// a replica uses 4 GPUs; each GPU holds half the layers' weights and KV, so the replica caches
// more than twice the tokens of the single-stage one (its share of the weights is freed too);
// a batch runs through both stages in turn, so a decode step takes every layer plus the
// stage-to-stage transfer: longer than with one stage, and exactly the performance model's
// whole-pipeline time.
TEST(Scenario, PipelineParallelSplitsTheLayersOverStages) {
  const auto spec = [](int pp) {
    return load(
        "name: p\nduration: 1 s\nservices:\n  - name: s\n    model: llama-3-70b\n"
        "    system: hgx-h100-8\n    dtype: fp8\n    tensor_parallel: 2\n"
        "    pipeline_parallel: " +
        std::to_string(pp) + "\n    workload: {rate: 1 /s}\n");
  };
  ServiceDeployment unused;
  const auto one = make_step_model(spec(1).scenario.services[0], Catalog::built_in(), unused);
  const auto two = make_step_model(spec(2).scenario.services[0], Catalog::built_in(), unused);
  EXPECT_GT(two->kv_capacity_tokens(), 2 * one->kv_capacity_tokens());
  const int64_t step_one = one->decode_cost(64).step(64 * 1000).ns();
  const int64_t step_two = two->decode_cost(64).step(64 * 1000).ns();
  EXPECT_GT(step_two, step_one);
  perf::Deployment dep;
  dep.parallel.tensor = 2;
  dep.parallel.pipeline = 2;
  dep.weight_dtype = Dtype::kFp8;
  perf::StepBatch batch;
  for (int i = 0; i < 64; ++i) batch.add_decode(1000);
  const Catalog& cat = Catalog::built_in();
  const double predicted_s = perf::predict_step(*cat.find_model("llama-3-70b"),
                                                *cat.find_accelerator("h100-sxm"), dep, batch)
                                 .total_s;
  EXPECT_NEAR(static_cast<double>(step_two), predicted_s * 1e9, 2.0);
  const RunResult run = run_scenario(spec(2), nullptr);
  EXPECT_EQ(run.deployments.at(0).gpus, 4);
}

// Two services whose workloads name the same random stream get the same requests: with the
// same deployment they complete the same requests at the same times. Without it, each service
// draws its own (named after it), so the counts differ.
TEST(Scenario, SharedRandomStreamGivesServicesTheSameRequests) {
  const auto run = [](const std::string& stream_line) {
    std::string service =
        "    model: mistral-7b\n    system: hgx-h100-8\n"
        "    workload:\n      rate: 20 /s\n" +
        stream_line;
    return run_scenario(load("name: twins\nduration: 1 min\nservices:\n  - name: a\n" + service +
                             "  - name: b\n" + service),
                        RunControls{})
        .serving;
  };
  const ServingResult shared = run("      random_stream: traffic\n");
  EXPECT_EQ(shared.services[0].arrived, shared.services[1].arrived);
  EXPECT_EQ(shared.services[0].ttft_s.sum(), shared.services[1].ttft_s.sum());
  EXPECT_EQ(shared.services[0].output_tokens, shared.services[1].output_tokens);
  const ServingResult own = run("");
  EXPECT_NE(own.services[0].output_tokens, own.services[1].output_tokens);
}

TEST(Scenario, EveryErrorIsReportedWithItsLocation) {
  const std::string text =
      "name: x\n"
      "duration: 5 MW\n"
      "services:\n"
      "  - name: a\n"
      "    model: llama-3-8\n"
      "    system: hgx-h100-8\n"
      "    routr: round-robin\n";
  try {
    load(text);
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    const auto& d = e.diagnostics();
    ASSERT_EQ(d.size(), 3u);
    EXPECT_EQ(d[0].where.line, 2);
    EXPECT_EQ(d[0].key_path, "duration");
    EXPECT_EQ(d[1].where.line, 5);
    EXPECT_NE(d[1].message.find("did you mean \"llama-3-8b\""), std::string::npos) << d[1].message;
    EXPECT_EQ(d[2].key_path, "services[0].routr");
    EXPECT_NE(d[2].message.find("did you mean \"router\""), std::string::npos);
  }
}

// expert_parallel reaches the performance model (perf::Parallelism::expert), and the values
// perf::check_deployment refuses are caught at validation under their own key path:
// mixtral-8x7b has 8 experts, so 4 divides both them and tensor_parallel 4, 3 divides
// neither, and a dense model takes no expert parallelism at all.
TEST(Scenario, ExpertParallelIsCheckedAndReachesThePerformanceModel) {
  const auto scenario = [](const std::string& model, int tp, int ep) {
    return "name: x\nduration: 1 min\nservices:\n  - name: a\n    model: " + model +
           "\n    system: hgx-h100-8\n    tensor_parallel: " + std::to_string(tp) +
           "\n    expert_parallel: " + std::to_string(ep) + "\n";
  };
  const LoadedScenario ep4 = load(scenario("mixtral-8x7b", 4, 4));
  const LoadedScenario ep1 = load(scenario("mixtral-8x7b", 4, 1));
  EXPECT_EQ(ep4.scenario.services[0].expert_parallel, 4);
  ServiceDeployment unused;
  // The all-to-all and the per-GPU expert shapes change the decode step time.
  EXPECT_NE(make_step_model(ep4.scenario.services[0], Catalog::built_in(), unused)
                ->decode_cost(8)
                .base_ns,
            make_step_model(ep1.scenario.services[0], Catalog::built_in(), unused)
                ->decode_cost(8)
                .base_ns);
  const auto error_of = [&](const std::string& text) -> Diagnostic {
    try {
      load(text);
    } catch (const InputError& e) {
      EXPECT_EQ(e.diagnostics().size(), 1u);
      return e.diagnostics().front();
    }
    ADD_FAILURE() << "expected an InputError";
    return Diagnostic{};
  };
  const Diagnostic three = error_of(scenario("mixtral-8x7b", 4, 3));
  EXPECT_EQ(three.key_path, "services[0].expert_parallel");
  EXPECT_EQ(three.where.line, 8);
  EXPECT_NE(three.message.find("must divide both tensor_parallel (4) and the 8 experts"),
            std::string::npos)
      << three.message;
  const Diagnostic dense = error_of(scenario("llama-3-8b", 2, 2));
  EXPECT_EQ(dense.key_path, "services[0].expert_parallel");
  EXPECT_NE(dense.message.find("mixture-of-experts"), std::string::npos) << dense.message;
}

// prefix_caching finds prefixes only in traces that carry block ids (Mooncake's hash_ids);
// on a synthetic workload it would silently do nothing, so it is refused.
TEST(Scenario, PrefixCachingNeedsATraceWithPrefixIds) {
  const std::string text =
      "name: x\nduration: 1 min\nservices:\n  - name: a\n    model: llama-3-8b\n"
      "    system: hgx-h100-8\n    prefix_caching: true\n";
  try {
    load(text);
    FAIL() << "expected an InputError";
  } catch (const InputError& e) {
    ASSERT_EQ(e.diagnostics().size(), 1u);
    EXPECT_EQ(e.diagnostics()[0].key_path, "services[0].prefix_caching");
    EXPECT_EQ(e.diagnostics()[0].where.line, 7);
  }
}

TEST(Scenario, ExplainCoversEveryKey) {
  const std::string text = explain_scenario_keys();
  for (const char* key :
       {"seed", "duration", "services[].model", "services[].workload.rate",
        "services[].workload.prompt_tokens.stddev", "services[].slo.ttft", "output.interval"}) {
    EXPECT_NE(text.find(key), std::string::npos) << key;
  }
}

}  // namespace
}  // namespace aidcsim
