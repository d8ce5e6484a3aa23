#include "perf/step.h"

#include <algorithm>
#include <cmath>

#include "perf/collectives.h"
#include "perf/measured_profile.h"
#include "perf/moe.h"

namespace aidcsim::perf {
namespace {

constexpr std::array<std::string_view, kOpCount> kOpNames = {
    "emb",           "input_layernorm", "attn_pre_proj",  "attn_rope",
    "attn_prefill",  "attn_decode",     "attn_post_proj", "post_attention_layernorm",
    "moe_router",    "mlp_up_proj",     "mlp_act",        "mlp_down_proj",
    "add",           "all_reduce",      "lm_head",        "send_recv",
    "moe_all_to_all"};

double d(int64_t v) {
  return static_cast<double>(v);
}

// The shapes one GPU of a stage sees, in doubles.
struct LayerShape {
  double hidden, heads, kv_heads, head_dim, ffn, up_factor, vocab;
  double experts_total, experts_local, top_k;
  bool gated, moe;
  double weight_bytes, act_bytes, kv_bytes, head_weight_bytes;
};

LayerShape layer_shape(const ModelSpec& m, const Deployment& dep, Dtype compute) {
  const double tp = d(dep.parallel.tensor);
  const double ep = d(dep.parallel.expert);
  LayerShape s{};
  s.hidden = d(m.hidden_size);
  s.heads = d(m.heads) / tp;
  s.kv_heads = std::max(1.0, std::floor(d(m.kv_heads) / tp));
  s.head_dim = d(m.head_dim > 0 ? m.head_dim : m.hidden_size / std::max<int64_t>(m.heads, 1));
  s.moe = m.is_moe();
  s.ffn = s.moe ? d(m.ffn_size) / (tp / ep) : d(m.ffn_size) / tp;
  s.gated = m.gated_mlp;
  s.up_factor = m.gated_mlp ? 2.0 : 1.0;
  s.vocab = d(m.vocab_size) / tp;
  s.experts_total = d(m.experts);
  s.experts_local = d(m.experts) / ep;
  s.top_k = d(m.experts_per_token);
  s.weight_bytes = stored_bytes(dep.weight_dtype);
  s.act_bytes = std::min(2.0, stored_bytes(compute));
  s.kv_bytes = stored_bytes(dep.kv_dtype);
  // Embeddings and the output head stay in 16 bits when the layers are 4-bit (AWQ, GPTQ).
  s.head_weight_bytes = std::max(s.weight_bytes, s.weight_bytes < 1.0 ? 2.0 : 0.0);
  return s;
}

// [m x k] @ [k x n] with weights of `wbytes` per element.
KernelCost matmul(double m, double k, double n, double wbytes, double abytes) {
  if (m <= 0.0) return {};
  return {2.0 * m * k * n, k * n * wbytes + m * k * abytes + m * n * 2.0};
}

// Bytes of the memory-bound operators over `t` tokens (bf16 activations: 2 bytes).
double stream_bytes(Op op, const LayerShape& s, double t) {
  switch (op) {
    case Op::kEmb:
    case Op::kInputLayernorm:
    case Op::kPostAttentionLayernorm:
      return t * s.hidden * 2.0 * 2.0;  // read + write
    case Op::kAttnRope:
      return t * (s.heads + s.kv_heads) * s.head_dim * 2.0 * 2.0;
    case Op::kMlpAct:
      return t * s.ffn * (s.gated ? 3.0 : 2.0) * 2.0;
    case Op::kAdd:
      return t * s.hidden * 3.0 * 2.0;  // two reads, one write
    default:
      return 0.0;
  }
}

// Thread-block rows of a streaming op over `t` tokens, the count its per-row cost applies
// to. vLLM's kernels run one block per token; its RoPE kernel (pos_encoding_kernels.cu) runs
// min(n_q*d/2, 512) threads per token, one per rotated pair, over the q heads and then over
// the k heads, so a token costs ceil(n_q*d/2 / threads) + ceil(n_kv*d/2 / threads) passes of
// that many threads. RoPE counts them in 512-thread passes: a GQA shard with one KV head
// (n_q 8, n_kv 1) costs as much as 16 heads of MHA, which the measured TP-8 times show.
double stream_rows(Op op, const LayerShape& s, double t) {
  if (op != Op::kAttnRope) return t;
  constexpr double kMaxThreads = 512.0;
  const double pairs_q = s.heads * s.head_dim / 2.0;
  const double pairs_k = s.kv_heads * s.head_dim / 2.0;
  const double threads = std::min(pairs_q, kMaxThreads);
  if (threads <= 0.0) return t;
  const double passes = std::ceil(pairs_q / threads) + std::ceil(pairs_k / threads);
  return t * passes * threads / kMaxThreads;
}

StreamKind stream_kind(Op op) {
  switch (op) {
    case Op::kEmb:
      return StreamKind::kEmbedding;
    case Op::kAttnRope:
      return StreamKind::kRope;
    case Op::kMlpAct:
      return StreamKind::kActivation;
    case Op::kAdd:
      return StreamKind::kAdd;
    default:
      return StreamKind::kNorm;
  }
}

KernelCost dense_linear_cost(Op op, const LayerShape& s, double t) {
  switch (op) {
    case Op::kAttnPreProj:
      return matmul(t, s.hidden, (s.heads + 2.0 * s.kv_heads) * s.head_dim, s.weight_bytes,
                    s.act_bytes);
    case Op::kAttnPostProj:
      return matmul(t, s.heads * s.head_dim, s.hidden, s.weight_bytes, s.act_bytes);
    case Op::kMlpUpProj:
      return matmul(t, s.hidden, s.up_factor * s.ffn, s.weight_bytes, s.act_bytes);
    case Op::kMlpDownProj:
      return matmul(t, s.ffn, s.hidden, s.weight_bytes, s.act_bytes);
    default:
      return {};
  }
}

bool is_linear(Op op) {
  return op == Op::kAttnPreProj || op == Op::kAttnPostProj || op == Op::kMlpUpProj ||
         op == Op::kMlpDownProj;
}

}  // namespace

std::string_view op_name(Op op) {
  return kOpNames[static_cast<size_t>(op)];
}

bool op_is_per_layer(Op op) {
  return op != Op::kEmb && op != Op::kLmHead && op != Op::kSendRecv;
}

std::string check_deployment(const ModelSpec& m, const Deployment& dep) {
  const Parallelism& p = dep.parallel;
  if (p.tensor < 1 || p.pipeline < 1 || p.expert < 1) {
    return "tensor, pipeline and expert parallel degrees must be at least 1";
  }
  if (m.heads % p.tensor != 0) {
    return "tensor parallelism " + std::to_string(p.tensor) + " does not divide the " +
           std::to_string(m.heads) + " attention heads of " + m.name;
  }
  if (p.pipeline > m.layers) {
    return "pipeline parallelism " + std::to_string(p.pipeline) + " exceeds the " +
           std::to_string(m.layers) + " layers of " + m.name;
  }
  if (p.expert > 1) {
    if (!m.is_moe()) return "expert parallelism needs a mixture-of-experts model";
    if (p.tensor % p.expert != 0 || m.experts % p.expert != 0) {
      return "expert parallelism must divide both the tensor-parallel degree and the " +
             std::to_string(m.experts) + " experts";
    }
  }
  if (dep.clock_scale <= 0.0 || dep.clock_scale > 1.0) return "clock scale must be in (0, 1]";
  return "";
}

void StepBatch::add_prefill(int64_t chunk, int64_t prefix) {
  if (chunk <= 0) return;
  prefill_tokens += chunk;
  prefill_sequences += 1;
  prefill_len_sq_sum += d(chunk) * d(chunk);
  prefill_prefix_sum += d(prefix);
  prefill_prefix_product_sum += d(chunk) * d(prefix);
}

void StepBatch::add_decode(int64_t context) {
  decode_sequences += 1;
  decode_context_sum += d(context);
}

double StepBatch::prefill_attention_pairs() const {
  return prefill_prefix_product_sum + 0.5 * (prefill_len_sq_sum + d(prefill_tokens));
}

int64_t attended_context(const ModelSpec& model, int64_t context) {
  return model.sliding_window > 0 ? std::min(context, model.sliding_window) : context;
}

OperatorCost operator_cost(Op op, const ModelSpec& model, const AcceleratorSpec& gpu,
                           const Deployment& dep, int64_t tokens) {
  const Dtype compute = compute_dtype(gpu, dep.weight_dtype);
  const LayerShape s = layer_shape(model, dep, compute);
  OperatorCost c;
  c.rates = device_rates(gpu, compute, dep.clock_scale);
  const double t = d(tokens);
  c.is_matmul = is_linear(op);
  if (c.is_matmul) {
    c.cost = dense_linear_cost(op, s, t);
  } else {
    c.cost.bytes = stream_bytes(op, s, t);
    c.rows = stream_rows(op, s, t);
    c.row_bytes = t > 0.0 ? c.cost.bytes / t : 0.0;
    c.stream = stream_kind(op);
  }
  return c;
}

double operator_time_s(const OperatorCost& c, const KernelCalibration& kernels) {
  if (c.is_matmul) return gemm_time_s(c.cost, c.rates, kernels.gemm);
  return stream_time_s(c.cost.bytes, c.rates, kernels.of(c.stream), c.rows, c.row_bytes);
}

double operator_time_s(Op op, const ModelSpec& model, const AcceleratorSpec& gpu,
                       const Deployment& dep, int64_t tokens, const KernelCalibration& kernels) {
  return operator_time_s(operator_cost(op, model, gpu, dep, tokens), kernels);
}

StepPrediction predict_step(const ModelSpec& model, const AcceleratorSpec& gpu,
                            const Deployment& dep, const StepBatch& batch) {
  return predict_step(model, gpu, dep, batch, kernel_calibration_for(gpu.name),
                      collective_calibration_for(gpu.name));
}

StepPrediction predict_step(const ModelSpec& model, const AcceleratorSpec& gpu,
                            const Deployment& dep, const StepBatch& batch,
                            const KernelCalibration& kernels,
                            const CollectiveCalibration& collectives) {
  StepPrediction out;
  out.compute_dtype = compute_dtype(gpu, dep.weight_dtype);
  const LayerShape s = layer_shape(model, dep, out.compute_dtype);
  const DeviceRates rates = device_rates(gpu, out.compute_dtype, dep.clock_scale);
  const DeviceRates attention_rates =
      device_rates(gpu, attention_dtype(gpu, dep.kv_dtype), dep.clock_scale);
  const double t = d(batch.tokens());
  double layer_flops = 0.0, layer_bytes = 0.0;
  auto timed_gemm = [&](Op op, const KernelCost& c, const DeviceRates& r) {
    out.layer_s[static_cast<size_t>(op)] += gemm_time_s(c, r, kernels.gemm);
    layer_flops += c.flops;
    layer_bytes += c.bytes;
  };
  auto gemm = [&](Op op, const KernelCost& c) { timed_gemm(op, c, rates); };
  auto attention = [&](Op op, const KernelCost& c) { timed_gemm(op, c, attention_rates); };
  auto stream = [&](Op op, double tokens, double times = 1.0) {
    const double bytes = stream_bytes(op, s, tokens);
    out.layer_s[static_cast<size_t>(op)] +=
        times * stream_time_s(bytes, rates, kernels.of(stream_kind(op)), stream_rows(op, s, tokens),
                              tokens > 0.0 ? bytes / tokens : 0.0);
    layer_bytes += times * bytes;
  };

  if (t > 0.0) {
    stream(Op::kInputLayernorm, t);
    gemm(Op::kAttnPreProj, dense_linear_cost(Op::kAttnPreProj, s, t));
    stream(Op::kAttnRope, t);
    // Attention (FlashAttention-style kernels): no measured profile here, so the matmul
    // constants apply; FLOPs are QK^T and PV, bytes are Q, O and the K/V read from cache.
    const double per_pair_flops = 4.0 * s.heads * s.head_dim;
    const double kv_token_bytes = 2.0 * s.kv_heads * s.head_dim * s.kv_bytes;
    const double q_o_token_bytes = 2.0 * s.heads * s.head_dim * 2.0;
    if (batch.prefill_tokens > 0) {
      const double pt = d(batch.prefill_tokens);
      attention(Op::kAttnPrefill,
                {per_pair_flops * batch.prefill_attention_pairs(),
                 pt * q_o_token_bytes + (pt + batch.prefill_prefix_sum) * kv_token_bytes});
    }
    if (batch.decode_sequences > 0) {
      attention(Op::kAttnDecode, {per_pair_flops * batch.decode_context_sum,
                                  d(batch.decode_sequences) * q_o_token_bytes +
                                      batch.decode_context_sum * kv_token_bytes});
    }
    gemm(Op::kAttnPostProj, dense_linear_cost(Op::kAttnPostProj, s, t));
    stream(Op::kPostAttentionLayernorm, t);
    if (s.moe) {
      gemm(Op::kMoeRouter, matmul(t, s.hidden, s.experts_total, 2.0, s.act_bytes));
      // Token-expert pairs this GPU computes, and the distinct local experts whose weights it
      // reads, with uniform routing.
      const double pairs = t * s.top_k / d(dep.parallel.expert);
      const double touched =
          expected_distinct_experts(s.experts_total, s.top_k, t) / d(dep.parallel.expert);
      const double up_n = s.up_factor * s.ffn;
      gemm(Op::kMlpUpProj,
           {2.0 * pairs * s.hidden * up_n, touched * s.hidden * up_n * s.weight_bytes +
                                               pairs * (s.hidden * s.act_bytes + up_n * 2.0)});
      stream(Op::kMlpAct, pairs);
      gemm(Op::kMlpDownProj,
           {2.0 * pairs * s.ffn * s.hidden, touched * s.ffn * s.hidden * s.weight_bytes +
                                                pairs * (s.ffn * s.act_bytes + s.hidden * 2.0)});
    } else {
      gemm(Op::kMlpUpProj, dense_linear_cost(Op::kMlpUpProj, s, t));
      stream(Op::kMlpAct, t);
      gemm(Op::kMlpDownProj, dense_linear_cost(Op::kMlpDownProj, s, t));
    }
    stream(Op::kAdd, t, 2.0);  // residual adds after attention and after the MLP
    if (dep.parallel.tensor > 1) {
      const double link = group_link_bytes_per_s(gpu, dep.parallel.tensor, dep.scale_up_domain);
      const double hidden_bytes = t * s.hidden * 2.0;
      const TensorParallelAllReduce reduce = tensor_parallel_all_reduce(
          hidden_bytes, dep.parallel.tensor, link, collectives.all_reduce,
          group_on_scale_up_link(gpu, dep.parallel.tensor, dep.scale_up_domain));
      const double attention_reduce = reduce.time_s;
      out.all_reduce_peer_to_peer = reduce.peer_to_peer;
      if (s.moe && dep.parallel.expert > 1) {
        // Expert parallelism with all-to-all token exchange: each of the tp GPUs routes its
        // 1/tp of the step's tokens; a token goes to its top-k experts, each held by tp/ep
        // GPUs (the expert's FFN split that many ways), so a GPU holds (T/ep) x k x h
        // activations (bf16) to dispatch, (tp-1)/tp of them to other GPUs, and gets as many
        // back in the combine. The combined outputs are then all-gathered so the next
        // attention has every token (this replaces the MLP's all-reduce).
        const double dispatch_bytes = t / d(dep.parallel.expert) * s.top_k * s.hidden * 2.0;
        out.layer_s[static_cast<size_t>(Op::kMoeAllToAll)] =
            2.0 *
            all_to_all_time_s(dispatch_bytes, dep.parallel.tensor, link, collectives.all_reduce);
        out.layer_s[static_cast<size_t>(Op::kAllReduce)] =
            attention_reduce +
            all_gather_time_s(hidden_bytes, dep.parallel.tensor, link, collectives.all_reduce);
      } else {
        // After attention and after the MLP.
        out.layer_s[static_cast<size_t>(Op::kAllReduce)] = 2.0 * attention_reduce;
      }
    }
  }

  // A measured profile replaces the analytic time of the ops it covers at this token count.
  auto measured = [&](Op op, double calls, double* slot) {
    if (t <= 0.0 || !dep.measured || !dep.measured->has(op)) return;
    auto& source = out.source[static_cast<size_t>(op)];
    if (const auto m = dep.measured->time_s(op, batch.tokens())) {
      *slot = calls * *m;
      source = OpSource::kMeasured;
    } else {
      source = OpSource::kAnalyticOutOfRange;
    }
  };
  for (Op op : {Op::kInputLayernorm, Op::kAttnPreProj, Op::kAttnRope, Op::kAttnPostProj,
                Op::kPostAttentionLayernorm, Op::kMlpUpProj, Op::kMlpAct, Op::kMlpDownProj}) {
    measured(op, 1.0, &out.layer_s[static_cast<size_t>(op)]);
  }
  measured(Op::kAdd, 2.0, &out.layer_s[static_cast<size_t>(Op::kAdd)]);

  const double layers = d(model.layers);
  const double pp = d(dep.parallel.pipeline);
  out.layers_per_stage = layers / pp;
  double layer_total_s = 0.0;
  for (int i = 0; i < kOpCount; ++i) {
    if (!op_is_per_layer(op_at(i))) continue;
    out.step_s[static_cast<size_t>(i)] = out.layer_s[static_cast<size_t>(i)] * layers;
    layer_total_s += out.layer_s[static_cast<size_t>(i)];
  }
  double emb_s = 0.0, head_s = 0.0, send_s = 0.0, head_flops = 0.0, head_bytes = 0.0;
  if (t > 0.0) {
    const double emb_bytes = stream_bytes(Op::kEmb, s, t);
    emb_s = stream_time_s(emb_bytes, rates, kernels.of(StreamKind::kEmbedding), t, emb_bytes / t);
    measured(Op::kEmb, 1.0, &emb_s);
    const double logits_rows = d(batch.prefill_sequences + batch.decode_sequences);
    const KernelCost head = matmul(logits_rows, s.hidden, s.vocab, s.head_weight_bytes, 2.0);
    head_s = gemm_time_s(head, rates, kernels.gemm);
    head_flops = head.flops;
    head_bytes = head.bytes;
    if (dep.parallel.pipeline > 1) {
      const double link = group_link_bytes_per_s(gpu, dep.parallel.tensor * dep.parallel.pipeline,
                                                 dep.scale_up_domain);
      send_s = send_recv_time_s(t * s.hidden * 2.0, link, collectives.send_recv);
    }
  }
  out.step_s[static_cast<size_t>(Op::kEmb)] = emb_s;
  out.step_s[static_cast<size_t>(Op::kLmHead)] = head_s;
  out.step_s[static_cast<size_t>(Op::kSendRecv)] = send_s * (pp - 1.0);
  const double kernels_s = layer_total_s * layers + emb_s + head_s + send_s * (pp - 1.0);
  if (t > 0.0) {
    const double overhead_s =
        dep.step_overhead_s +
        dep.step_overhead_per_sequence_s * d(batch.prefill_sequences + batch.decode_sequences);
    out.overhead_s = dep.overlap_overhead ? std::max(0.0, overhead_s - kernels_s) : overhead_s;
  }
  const double stage_layers_s = layer_total_s * out.layers_per_stage;
  out.stage_s = stage_layers_s + std::max(emb_s, head_s) + (pp > 1.0 ? send_s : 0.0);
  out.total_s = kernels_s + out.overhead_s;
  out.flops_per_gpu = layer_flops * out.layers_per_stage + head_flops / pp;
  out.bytes_per_gpu = layer_bytes * out.layers_per_stage + head_bytes / pp;
  return out;
}

}  // namespace aidcsim::perf
