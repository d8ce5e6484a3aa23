// Time of one serving step of a replica: a batch of prefill chunks and decode tokens run
// through every layer, broken down per operator in Vidur's vocabulary. A batch is described
// by running sums (StepBatch), so a prediction costs the same whatever the batch size.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "catalog/specs.h"
#include "perf/calibration.h"
#include "perf/kernel.h"

namespace aidcsim::perf {

enum class Op {
  kEmb,
  kInputLayernorm,
  kAttnPreProj,
  kAttnRope,
  kAttnPrefill,
  kAttnDecode,
  kAttnPostProj,
  kPostAttentionLayernorm,
  kMoeRouter,
  kMlpUpProj,  // for a MoE layer: the expert up/gate projections
  kMlpAct,
  kMlpDownProj,
  kAdd,
  kAllReduce,
  kLmHead,
  kSendRecv,
  kMoeAllToAll,  // expert parallelism: token dispatch to the experts' GPUs and combine back
};
inline constexpr int kOpCount = 17;
std::string_view op_name(Op op);
inline constexpr Op op_at(int i) {
  return static_cast<Op>(i);
}
// Whether the op runs once per layer (else once per step or per pipeline boundary).
bool op_is_per_layer(Op op);

class MeasuredOps;  // measured_profile.h

struct Parallelism {
  int64_t tensor = 1;    // TP degree; GPUs of one pipeline stage
  int64_t pipeline = 1;  // PP stages
  int64_t expert = 1;    // EP degree inside the TP group: experts split over `expert` GPUs,
                         // each expert's FFN split over tensor/expert GPUs
};

struct Deployment {
  Parallelism parallel;
  Dtype weight_dtype = Dtype::kBf16;
  Dtype kv_dtype = Dtype::kBf16;
  int64_t scale_up_domain = 8;  // GPUs sharing the scale-up (NVLink) fabric
  double step_overhead_s = kDefaultStepOverheadS;
  // Engine time per step per sequence in the batch (prefilling or decoding), outside the
  // kernels, added to step_overhead_s: the host work that grows with the batch (scheduling
  // and bookkeeping of every running request, sampling, detokenization, responses).
  double step_overhead_per_sequence_s = 0.0;
  // The engine prepares each step on the CPU while the GPU runs the previous one (TensorRT-LLM's
  // overlap scheduler, SGLang's zero-overhead scheduler): a step takes max(kernels, overhead)
  // instead of kernels + overhead.
  bool overlap_overhead = false;
  double clock_scale = 1.0;  // SM clock relative to nominal (below 1 under a power cap)
  // Measured medians that replace the analytic times where they cover the step's token count
  // (measured_profile.h); null: analytic only. Not scaled by clock_scale.
  std::shared_ptr<const MeasuredOps> measured;
};

// "" when the deployment suits the model; otherwise what is wrong.
std::string check_deployment(const ModelSpec& model, const Deployment& dep);

// One step's batch as O(1) running sums. A prefill chunk of `chunk` tokens whose first
// `prefix` tokens are already cached attends to prefix + its own causal triangle.
struct StepBatch {
  int64_t prefill_tokens = 0;               // sum of chunk lengths
  int64_t prefill_sequences = 0;            // chunks in the batch
  double prefill_len_sq_sum = 0.0;          // sum of chunk^2
  double prefill_prefix_sum = 0.0;          // sum of prefix (cached tokens read)
  double prefill_prefix_product_sum = 0.0;  // sum of chunk * prefix
  int64_t decode_sequences = 0;
  double decode_context_sum = 0.0;  // sum of context lengths the decode tokens attend to

  void add_prefill(int64_t chunk, int64_t prefix = 0);
  void add_decode(int64_t context);
  int64_t tokens() const { return prefill_tokens + decode_sequences; }
  // Query-key pairs of the prefill chunks (causal): sum of chunk*prefix + chunk*(chunk+1)/2.
  double prefill_attention_pairs() const;
};

// Context a token attends to under the model's sliding window (the window caps it).
int64_t attended_context(const ModelSpec& model, int64_t context);

// Where an op's time came from.
enum class OpSource {
  kAnalytic,            // the roofline model (no measured profile for this op)
  kMeasured,            // interpolated from the measured profile
  kAnalyticOutOfRange,  // profiled, but the step's token count lies outside the measurements
};

struct StepPrediction {
  std::array<double, kOpCount> layer_s{};  // one transformer layer, per op
  std::array<double, kOpCount> step_s{};   // the whole step per op: layer ops x layers, plus
                                           // emb, lm_head and pipeline send/recv
  double overhead_s = 0.0;                 // per-step engine overhead the kernels do not hide
  double layers_per_stage = 0.0;
  double stage_s = 0.0;        // slowest pipeline stage: its layers, emb or lm_head, one send/recv
  double total_s = 0.0;        // the step end to end: every stage in turn, plus the overhead
  double flops_per_gpu = 0.0;  // work of one GPU in the step (for utilisation and power)
  double bytes_per_gpu = 0.0;
  Dtype compute_dtype = Dtype::kBf16;
  std::array<OpSource, kOpCount> source{};  // per op
  // TP > 1: the attention all-reduce ran on the engines' peer-to-peer kernel over NVLink
  // (collectives.h) rather than NCCL's ring, which is faster for larger messages.
  bool all_reduce_peer_to_peer = false;
};

StepPrediction predict_step(const ModelSpec& model, const AcceleratorSpec& gpu,
                            const Deployment& dep, const StepBatch& batch);
// As above with explicit kernel and collective constants (validation and what-if studies).
StepPrediction predict_step(const ModelSpec& model, const AcceleratorSpec& gpu,
                            const Deployment& dep, const StepBatch& batch,
                            const KernelCalibration& kernels,
                            const CollectiveCalibration& collectives);

// One kernel of `op` over `tokens` tokens of one layer, as Vidur's profiler times it (a
// single call: one residual add, one norm). Defined for emb, the norms, attn_pre_proj,
// attn_rope, attn_post_proj, mlp_up_proj, mlp_act, mlp_down_proj and add (a dense layer);
// zero cost otherwise. `is_matmul` tells which kernel shape applies; for a streaming op,
// `stream` is its class.
struct OperatorCost {
  KernelCost cost;
  bool is_matmul = false;
  StreamKind stream = StreamKind::kNorm;
  double rows = 0.0;       // thread-block rows of a streaming op (tokens; RoPE: passes)
  double row_bytes = 0.0;  // bytes of one token's row of a streaming op
  DeviceRates rates;
};
OperatorCost operator_cost(Op op, const ModelSpec& model, const AcceleratorSpec& gpu,
                           const Deployment& dep, int64_t tokens);
double operator_time_s(const OperatorCost& c, const KernelCalibration& kernels);
double operator_time_s(Op op, const ModelSpec& model, const AcceleratorSpec& gpu,
                       const Deployment& dep, int64_t tokens, const KernelCalibration& kernels);

}  // namespace aidcsim::perf
