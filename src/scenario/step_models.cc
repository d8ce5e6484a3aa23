// The performance model (perf/) as the serving simulation's StepTimeModel.
//
// Steps with prefill are timed by perf::predict_step directly. Decode-only steps use the
// affine form the closed-form runs need (serving/step_model.h): for each batch size n, the
// chord of perf::predict_step between n*256 and n*4096 attended context tokens. In the perf
// model a decode step depends on context only through attention, whose time is linear in
// the context but for a small constant (the query/output bytes) inside the roofline blend,
// so the chord is within a fraction of a percent of the model over that range
// (step_models_test checks 1%).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <vector>

#include "perf/measured_profile.h"
#include "perf/memory.h"
#include "perf/power.h"
#include "perf/step.h"
#include "scenario/run.h"

namespace aidcsim {
namespace {

constexpr int64_t kChordLowTokens = 256;
constexpr int64_t kChordHighTokens = 4096;
// Step shapes whose draw stands for all steps of their kind (docs/serving.md, "Energy"): the
// draw of a decode step varies little with context (memory-bound either way), and a prefill
// step of a few thousand tokens is compute-bound.
constexpr int64_t kPowerDecodeContext = 1024;  // data/SOURCES.md aidcsim-serving-power-shapes
constexpr int64_t kPowerPrefillTokens = 4096;

class PerfStepModel final : public StepTimeModel {
 public:
  PerfStepModel(const ModelSpec& model, const AcceleratorSpec& gpu, const perf::Deployment& dep,
                int64_t kv_capacity_tokens, double kv_bytes_per_token, int64_t max_batch_size,
                int64_t max_batch_tokens, double cap_w, int64_t beam_width)
      : model_(model),
        gpu_(gpu),
        dep_(dep),
        kv_capacity_tokens_(kv_capacity_tokens),
        kv_bytes_per_token_(kv_bytes_per_token),
        cap_w_(cap_w),
        beams_(beam_width) {
    decode_.reserve(static_cast<size_t>(max_batch_size) + 1);
    decode_.push_back(DecodeStepCost{});
    decode_power_w_.reserve(static_cast<size_t>(max_batch_size) + 1);
    decode_power_w_.push_back(perf::idle_power_w(gpu));
    for (int64_t n = 1; n <= max_batch_size; ++n) {
      decode_.push_back(chord(n));
      decode_power_w_.push_back(decode_power(n));
    }
    // A prefill step's draw: one prompt filling the step's token budget (compute-bound).
    perf::StepBatch prefill;
    prefill.add_prefill(std::min<int64_t>(max_batch_tokens, kPowerPrefillTokens), 0);
    prefill_power_w_ = power(prefill);
    // A step holds at most max_batch_tokens tokens, so this covers every single prompt.
    single_prompt_.assign(
        static_cast<size_t>(std::clamp<int64_t>(max_batch_tokens, 0, kMaxMemoTokens)) + 1,
        kNotMemoised);
  }
  SimTime step_time(const perf::StepBatch& batch) const override {
    // The commonest prefill step, one whole prompt alone, is memoised by its length.
    const bool single_prompt = batch.prefill_sequences == 1 && batch.decode_sequences == 0 &&
                               batch.prefill_prefix_sum == 0.0 &&
                               static_cast<uint64_t>(batch.prefill_tokens) < single_prompt_.size();
    if (single_prompt) {
      const SimTime memo = single_prompt_[static_cast<size_t>(batch.prefill_tokens)];
      if (memo != kNotMemoised) return memo;
    }
    const SimTime t = SimTime::from_seconds(predict(with_beams(batch)).total_s);
    if (single_prompt) single_prompt_[static_cast<size_t>(batch.prefill_tokens)] = t;
    return t;
  }
  DecodeStepCost decode_cost(int64_t sequences) const override {
    return decode_.at(static_cast<size_t>(sequences));
  }
  int64_t kv_capacity_tokens() const override { return kv_capacity_tokens_; }
  int64_t sliding_window() const override { return model_.sliding_window; }
  double busy_power_w(int64_t batch_size, bool prefill) const override {
    if (prefill) return prefill_power_w_;
    return decode_power_w_[static_cast<size_t>(
        std::clamp<int64_t>(batch_size, 1, static_cast<int64_t>(decode_power_w_.size()) - 1))];
  }
  double idle_power_w() const override { return decode_power_w_[0]; }
  double kv_bytes_per_token() const override { return kv_bytes_per_token_; }

 private:
  // The batch as the GPUs run it: every decoding request's beams, each attending to the whole
  // context (the prompt's KV is shared by the beams, each reads it). The replica sees one
  // sequence per request; it stores the prompt's KV once and every generated token once per
  // beam (ReplicaConfig::beam_width; docs/serving.md, beam search).
  perf::StepBatch with_beams(perf::StepBatch b) const {
    b.decode_sequences *= beams_;
    b.decode_context_sum *= static_cast<double>(beams_);
    return b;
  }
  // A decode step of n requests (n x beams sequences) at `context_per_sequence` tokens each.
  double decode_seconds(int64_t n, int64_t context_per_sequence) const {
    perf::StepBatch b;
    for (int64_t i = 0; i < n; ++i) b.add_decode(context_per_sequence);
    return predict(with_beams(b)).total_s;
  }
  // The step at the GPU's power cap (cap_w_ > 0: slower clock), or uncapped.
  perf::StepPrediction predict(const perf::StepBatch& batch) const {
    if (cap_w_ > 0.0) return perf::predict_step_under_cap(model_, gpu_, dep_, batch, cap_w_).step;
    return perf::predict_step(model_, gpu_, dep_, batch);
  }
  double power(const perf::StepBatch& batch) const {
    if (cap_w_ > 0.0) {
      return perf::predict_step_under_cap(model_, gpu_, dep_, batch, cap_w_).power.power_w;
    }
    return perf::step_power(gpu_, perf::predict_step(model_, gpu_, dep_, batch)).power_w;
  }
  // Draw of a decode step of n sequences at the middle of the chord's context range.
  double decode_power(int64_t n) const {
    perf::StepBatch b;
    for (int64_t i = 0; i < n; ++i) b.add_decode(kPowerDecodeContext);
    return power(with_beams(b));
  }
  DecodeStepCost chord(int64_t n) const {
    const double low = decode_seconds(n, kChordLowTokens);
    const double high = decode_seconds(n, kChordHighTokens);
    const double per_token_s =
        std::max(0.0, (high - low) / static_cast<double>(n * (kChordHighTokens - kChordLowTokens)));
    const double base_s = low - per_token_s * static_cast<double>(n * kChordLowTokens);
    return DecodeStepCost{std::llround(base_s * 1e9),
                          static_cast<uint64_t>(std::llround(per_token_s * 1e9 * 4294967296.0))};
  }

  ModelSpec model_;
  AcceleratorSpec gpu_;
  perf::Deployment dep_;
  int64_t kv_capacity_tokens_;
  double kv_bytes_per_token_;  // all GPUs of the replica
  double cap_w_;               // per-GPU power cap; 0: none
  int64_t beams_;              // sequences decoded per request (beam search)
  std::vector<DecodeStepCost> decode_;
  std::vector<double> decode_power_w_;  // [0]: idle; [n]: decode step of n sequences
  double prefill_power_w_ = 0.0;
  // Memo of pure functions of the batch; a run uses its step models from one thread.
  static constexpr int64_t kMaxMemoTokens = int64_t{1} << 16;  // longer prompts: not memoised
  static constexpr SimTime kNotMemoised = SimTime::from_ns(-1);
  mutable std::vector<SimTime> single_prompt_;  // [prompt tokens]: step time, or kNotMemoised
};

}  // namespace

std::shared_ptr<const StepTimeModel> make_step_model(const ServiceSpec& service,
                                                     const Catalog& catalog,
                                                     ServiceDeployment& deployment,
                                                     double power_cap_w) {
  const ModelSpec& model = *catalog.find_model(service.model);
  const SystemSpec& system = *catalog.find_system(service.system);
  const AcceleratorSpec& gpu = *catalog.find_accelerator(system.accelerator);
  perf::Deployment dep;
  dep.parallel.tensor = service.tensor_parallel;
  dep.parallel.expert = service.expert_parallel;
  dep.parallel.pipeline = service.pipeline_parallel;
  dep.weight_dtype = *parse_dtype(service.dtype);
  dep.kv_dtype = *parse_dtype(service.kv_dtype);
  dep.scale_up_domain = system.scale_up_domain;
  dep.step_overhead_s = service.step_overhead.seconds();
  dep.step_overhead_per_sequence_s = service.step_overhead_per_sequence.seconds();
  dep.overlap_overhead = service.overlap_scheduling;
  const std::string problem = perf::check_deployment(model, dep);
  if (!problem.empty()) {
    throw InputError(SourceLocation{"service " + service.name, 0, 0}, problem);
  }
  const perf::MemoryEstimate memory = perf::estimate_memory(
      model, gpu, dep, service.max_batch_tokens, service.memory_utilization.base);
  deployment.weights_bytes_per_gpu = memory.weights_bytes;
  if (!memory.weights_fit() || memory.kv_capacity_tokens < 1.0) {
    throw InputError(
        SourceLocation{"service " + service.name, 0, 0},
        fmt::format("{} in {} needs {:.1f} GB per GPU for weights, activations and runtime at "
                    "tensor_parallel {} x pipeline_parallel {}, but {} offers {:.1f} GB at "
                    "memory_utilization {}; raise tensor_parallel or pipeline_parallel, use a "
                    "smaller dtype, or choose a larger GPU",
                    model.display_name, service.dtype,
                    (memory.weights_bytes + memory.activation_bytes + memory.reserve_bytes) / 1e9,
                    service.tensor_parallel, service.pipeline_parallel, gpu.display_name,
                    memory.usable_bytes / 1e9, service.memory_utilization.base));
  }
  // perf: the measured profile, resolved like the workload's trace (against the scenario's
  // folder, workload.base_dir). The schema's memory check calls this with a blank deployment
  // before that folder is known; the profile only changes times, so it is read when a run
  // builds the replica (deployment.name set by run_scenario).
  if (!service.profile.empty() && !deployment.name.empty()) {
    const std::filesystem::path p(service.profile);
    const std::string path = p.is_absolute() || service.workload.base_dir.empty()
                                 ? p.string()
                                 : (std::filesystem::path(service.workload.base_dir) / p).string();
    dep.measured = perf::MeasuredProfile::load(path).for_model(model, service.tensor_parallel);
  }
  return std::make_shared<PerfStepModel>(
      model, gpu, dep, static_cast<int64_t>(memory.kv_capacity_tokens),
      memory.kv_bytes_per_token *
          static_cast<double>(service.tensor_parallel * service.pipeline_parallel),
      service.max_batch_size, service.max_batch_tokens, power_cap_w, service.beam_width);
}

}  // namespace aidcsim
