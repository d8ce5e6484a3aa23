// End-to-end speed of the serving simulation (issue: >= 1,000,000 simulated requests per
// wall-second on one core for 1M synthetic requests on 64 replicas). Prints simulated
// requests per wall-second and events per second for:
//   (a) the Azure LLM inference 2023 conversation trace on one Llama-3-8B replica on H100
//       (skipped with a message when ../shared/data is absent);
//   (b) 1,000,000 synthetic requests (Azure-conversation-like lengths) on 64 replicas;
//   (c) the first 100,000 requests of (b) routed by `least-kv`, whose router reads the KV
//       load of every replica at every arrival, next to the same with `least-outstanding`;
//   (d) the Mooncake conversation trace (FAST'25) with prefix caching, one 8-GPU replica;
//   (e) the same trace on 8 one-GPU replicas, routed by `least-kv` and by `cache-aware`, with
//       the prefix-cache hit rate and TTFT each router gives.
// Cases (a), (b) and (d) also run in step mode, to show what the closed-form runs save.
#include <fmt/format.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>

#include "bench_cli.h"
#include "catalog/catalog.h"
#include "scenario/run.h"
#include "scenario/scenario.h"

namespace {

using namespace aidcsim;

// Set by --no-step-mode: only the closed-form runs (to profile them alone).
bool g_skip_step_mode = false;

struct Measured {
  double wall_s = 0.0;
  uint64_t requests = 0;
  uint64_t events = 0;
  ServiceResult first;  // the first service's results
};

Measured run_once(const LoadedScenario& loaded, bool step_mode) {
  const auto start = std::chrono::steady_clock::now();
  const RunResult r = run_scenario(loaded, nullptr, step_mode);
  Measured m;
  m.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  for (const ServiceResult& s : r.serving.services) m.requests += s.completed;
  m.events = r.serving.events;
  m.first = r.serving.services.at(0);
  return m;
}

// Prints a line per mode; with `cache_line`, also the prefix-cache hit rate and the TTFT.
void report(const std::string& name, const LoadedScenario& loaded, bool with_step_mode = true,
            bool cache_line = false) {
  for (bool step_mode : {false, true}) {
    if (step_mode && (!with_step_mode || g_skip_step_mode)) break;
    const Measured m = run_once(loaded, step_mode);
    fmt::print("{:<52} {:>9} {:>10} {:>8.2f} {:>14.0f} {:>14.0f}\n",
               fmt::format("{}{}", name, step_mode ? " [step mode]" : ""), m.requests, m.events,
               m.wall_s, static_cast<double>(m.requests) / m.wall_s,
               static_cast<double>(m.events) / m.wall_s);
    if (cache_line) {
      const ServiceResult& r = m.first;
      fmt::print(
          "    prefix cache hit rate {:.3f} ({} of {} prompt tokens), TTFT p50 {:.3f} s, "
          "p99 {:.3f} s\n",
          r.prefix_query_tokens > 0 ? static_cast<double>(r.prefix_hit_tokens) /
                                          static_cast<double>(r.prefix_query_tokens)
                                    : 0.0,
          r.prefix_hit_tokens, r.prefix_query_tokens, r.ttft_s.quantile(0.5),
          r.ttft_s.quantile(0.99));
    }
  }
}

std::string shared_data_dir() {
  if (const char* env = std::getenv("AIDCSIM_SHARED_DATA")) return env;
  return std::string(AIDCSIM_SOURCE_DIR) + "/../shared/data";
}

// Runs one replica of `model` (plus `service_keys`, YAML lines of the service) on a trace of
// the shared data, or says why it is skipped.
void trace_case(const std::string& name, const std::string& model, const std::string& service_keys,
                const std::string& relative_path, const std::string& format, int64_t replicas = 1,
                bool cache_line = false) {
  const std::string path = shared_data_dir() + relative_path;
  if (!std::filesystem::exists(path)) {
    fmt::print("{} skipped: {} not found (set AIDCSIM_SHARED_DATA)\n", name.substr(0, 3), path);
    return;
  }
  const std::string text = fmt::format(R"(
name: speed-trace
seed: 7
duration: 1 h
drain_limit: 1 h
output: {{interval: 1 h}}
services:
  - name: chat
    model: {}
    system: hgx-h100-8
    replicas: {}
{}    workload:
      arrival: trace
      trace: {{format: {}, path: "{}"}}
)",
                                       model, replicas, service_keys, format, path);
  report(name, load_scenario(text, "speed-trace.yaml", Catalog::built_in()), !cache_line,
         cache_line);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app(
      "Prints simulated requests and events per wall-second of the serving simulation on "
      "fixed cases: (a) the Azure 2023 conversation trace on one Llama-3-8B replica, (b) 1M "
      "synthetic requests on 64 replicas, (c) routers on 100k requests, (d, e) the Mooncake "
      "trace with prefix caching; each also in step mode where it has one. Traces are read "
      "from the shared data folder (AIDCSIM_SHARED_DATA, default shared/data beside the "
      "project folder); their cases are skipped with a message when it is absent. Pin it to "
      "one core (taskset -c 1) to compare runs.",
      "serving_speed");
  std::string cases = "abcde";
  app.add_option("--cases", cases,
                 "the cases to run, as their letters (e.g. b to time or profile case (b) alone)")
      ->type_name("LETTERS")
      ->check(CLI::Validator(
          [](const std::string& value) {
            if (value.empty() || value.find_first_not_of("abcde") != std::string::npos) {
              return std::string("expected one or more of the letters a, b, c, d, e");
            }
            return std::string();
          },
          "LETTERS"))
      ->capture_default_str();
  app.add_flag("--no-step-mode", g_skip_step_mode, "skip the step-mode runs");
  if (const auto code = aidcsim::bench::parse_command_line(app, argc, argv)) return *code;
  const auto wanted = [&](char letter) { return cases.find(letter) != std::string::npos; };
  fmt::print("{:<52} {:>9} {:>10} {:>8} {:>14} {:>14}\n", "case", "requests", "events", "wall s",
             "requests/s", "events/s");
  // (a) the Azure conversation trace on one Llama-3-8B replica.
  if (wanted('a')) {
    trace_case("(a) Azure 2023 conversation trace, 1 replica", "llama-3-8b", "",
               "/traces/azure_llm_inference_2023/AzureLLMInferenceTrace_conv.csv", "azure");
  }
  // (b) 1M requests over 64 replicas: 1e6 / 400 /s = 2,500 s of arrivals.
  const std::string synthetic = R"(
name: speed-synthetic
seed: 7
duration: DURATION
drain_limit: 1 h
output: {interval: 1 h}
services:
  - name: chat
    model: llama-3-8b
    system: hgx-h100-8
    replicas: 64
    router: least-outstanding
    workload:
      arrival: poisson
      rate: 400 /s
      prompt_tokens: {distribution: lognormal, mean: 1155, stddev: 1109, max: 8192}
      output_tokens: {distribution: lognormal, mean: 211, stddev: 163, max: 4096}
)";
  const auto synthetic_case = [&](const std::string& duration, const std::string& router) {
    std::string text = synthetic;
    text.replace(text.find("DURATION"), 8, duration);
    text.replace(text.find("least-outstanding"), 17, router);
    return load_scenario(text, "speed-synthetic.yaml", Catalog::built_in());
  };
  if (wanted('b')) {
    report("(b) 1M synthetic requests, 64 replicas", synthetic_case("2500 s", "least-outstanding"));
  }
  // (c) 100,000 requests: 250 s of arrivals at 400 /s.
  for (const char* router : {"least-outstanding", "least-kv"}) {
    if (!wanted('c')) break;
    report(fmt::format("(c) 100k requests, 64 replicas, {}", router),
           synthetic_case("250 s", router), false);
  }
  // (d) the Mooncake conversation trace with prefix caching on one 8-GPU replica.
  if (wanted('d')) {
    trace_case("(d) Mooncake conversation trace, prefix caching", "llama-3.1-8b",
               "    tensor_parallel: 8\n    batching: chunked\n    prefix_caching: true\n",
               "/traces/mooncake/conversation_trace.jsonl", "mooncake");
  }
  // (e) the same trace over 8 one-GPU replicas: does the router keep prefixes together?
  for (const char* router : {"least-kv", "cache-aware"}) {
    if (!wanted('e')) break;
    trace_case(
        fmt::format("(e) Mooncake, 8 replicas, {}", router), "llama-3.1-8b",
        fmt::format("    batching: chunked\n    prefix_caching: true\n    router: {}\n", router),
        "/traces/mooncake/conversation_trace.jsonl", "mooncake", 8, true);
  }
  return 0;
}
