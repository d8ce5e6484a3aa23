#include "perf/memory.h"

#include <algorithm>
#include <cmath>

namespace aidcsim::perf {
namespace {
double d(int64_t v) {
  return static_cast<double>(v);
}
}  // namespace

double default_memory_utilization(const AcceleratorSpec& gpu) {
  if (gpu.kind == "apple") return 0.75;
  if (gpu.kind == "cpu") return 0.80;
  return 0.90;
}

double weights_bytes_per_gpu(const ModelSpec& m, const Deployment& dep) {
  const double wbytes = stored_bytes(dep.weight_dtype);
  const double head_bytes = wbytes < 1.0 ? 2.0 : wbytes;  // as in step.cc
  const double embedding_params = d(m.vocab_size) * d(m.hidden_size);
  const double total = m.parameter_count();
  const double output_params = m.tied_embeddings ? 0.0 : embedding_params;
  const double layer_params = (total - embedding_params - output_params) / d(m.layers);
  const double tp = d(dep.parallel.tensor);
  const double layers_per_stage = std::ceil(d(m.layers) / d(dep.parallel.pipeline));
  // The first stage holds the embeddings, the last the output head; with one stage, both.
  const double ends = dep.parallel.pipeline == 1 ? embedding_params + output_params
                                                 : std::max(embedding_params, output_params);
  return layers_per_stage * layer_params / tp * wbytes + ends / tp * head_bytes;
}

double kv_bytes_per_token_per_gpu(const ModelSpec& m, const Deployment& dep) {
  const double kv_heads = std::max(1.0, std::floor(d(m.kv_heads) / d(dep.parallel.tensor)));
  const double layers_per_stage = std::ceil(d(m.layers) / d(dep.parallel.pipeline));
  return 2.0 * layers_per_stage * kv_heads * d(m.head_dim) * stored_bytes(dep.kv_dtype);
}

MemoryEstimate estimate_memory(const ModelSpec& m, const AcceleratorSpec& gpu,
                               const Deployment& dep, int64_t max_batch_tokens,
                               double memory_utilization) {
  MemoryEstimate e;
  e.capacity_bytes = gpu.memory.base;
  e.usable_bytes = e.capacity_bytes * memory_utilization;
  e.weights_bytes = weights_bytes_per_gpu(m, dep);
  e.kv_bytes_per_token = kv_bytes_per_token_per_gpu(m, dep);
  // Peak live activations of one layer for a step of T tokens (bf16): the residual stream
  // and its normalised copy, Q/K/V, the attention output, the MLP's up and activated
  // outputs; plus fp32 logits for up to 256 sequences.
  const double tp = d(dep.parallel.tensor);
  const double t = d(max_batch_tokens);
  const double h = d(m.hidden_size);
  const double qkv = d(m.heads + 2 * m.kv_heads) * d(m.head_dim) / tp;
  const double ffn = d(m.ffn_size) / tp * (m.gated_mlp ? 3.0 : 2.0);
  e.activation_bytes =
      t * (3.0 * h + qkv + ffn) * 2.0 + std::min(t, 256.0) * d(m.vocab_size) / tp * 4.0;
  e.reserve_bytes = gpu.kind == "gpu" ? kRuntimeReserveBytes : 0.0;
  const double free_bytes = e.usable_bytes - e.weights_bytes - e.activation_bytes - e.reserve_bytes;
  e.kv_capacity_tokens = free_bytes > 0.0 && e.kv_bytes_per_token > 0.0
                             ? std::floor(free_bytes / e.kv_bytes_per_token)
                             : 0.0;
  return e;
}

}  // namespace aidcsim::perf
