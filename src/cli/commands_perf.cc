// `aidcsim perf` (predicted per-operator times of one step) and `aidcsim fit` (does a model
// fit on a device, and how fast does it run there): thin views over src/perf.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli/command.h"
#include "core/diagnostics.h"
#include "perf/device_fit.h"
#include "perf/measured_profile.h"
#include "perf/memory.h"
#include "perf/power.h"
#include "perf/step.h"

namespace aidcsim::cli {
namespace {

using nlohmann::json;
using perf::Deployment;
using perf::Op;
using perf::StepBatch;
using perf::StepPrediction;

const ModelSpec& find_model(const Catalog& c, const std::string& name) {
  if (const ModelSpec* m = c.find_model(name)) return *m;
  throw InputError(SourceLocation{"--model", 0, 0}, c.check_model(name));
}

const AcceleratorSpec& find_device(const Catalog& c, const std::string& name, const char* flag) {
  if (const AcceleratorSpec* a = c.find_accelerator(name)) return *a;
  throw InputError(SourceLocation{flag, 0, 0}, c.check_accelerator(name));
}

Dtype dtype_of(const std::string& name) {
  return parse_dtype(name).value_or(Dtype::kBf16);
}

void check(const ModelSpec& m, const Deployment& dep, const char* flag) {
  const std::string problem = perf::check_deployment(m, dep);
  if (!problem.empty()) throw InputError(SourceLocation{flag, 0, 0}, problem);
}

double gb(double bytes) {
  return bytes / 1e9;
}

// ------------------------------------------------------------------------------- perf
struct PerfArgs {
  std::string model, gpu, dtype = "bf16", kv_dtype = "bf16", profile;
  int64_t tp = 1, pp = 1, ep = 1, tokens = 0, context = 0;
  bool json = false;
};

std::string_view source_name(perf::OpSource s) {
  switch (s) {
    case perf::OpSource::kMeasured:
      return "measured";
    case perf::OpSource::kAnalyticOutOfRange:
      return "model (outside profile)";
    case perf::OpSource::kAnalytic:
      break;
  }
  return "model";
}

// What the measured profile covers for this model and TP degree, in one line.
std::string profile_note(const std::string& path, const ModelSpec& model, int64_t tp,
                         const perf::MeasuredOps* ops, const StepPrediction& p, int64_t tokens) {
  if (path.empty()) return "";
  if (ops == nullptr) {
    return fmt::format(
        "profile {}: no rows for this layer shape (n_head {}, n_kv_head {}, n_embd {}, "
        "n_expanded_embd {}) at TP {}; every time is the model's",
        path, model.heads, model.kv_heads, model.hidden_size, model.ffn_size, tp);
  }
  std::vector<std::string> measured, outside;
  for (int i = 0; i < perf::kOpCount; ++i) {
    const Op op = perf::op_at(i);
    const auto src = p.source[static_cast<size_t>(i)];
    if (src == perf::OpSource::kMeasured) measured.emplace_back(perf::op_name(op));
    if (src == perf::OpSource::kAnalyticOutOfRange) {
      const auto [lo, hi] = ops->token_range(op);
      outside.push_back(fmt::format("{} ({}-{} tokens)", perf::op_name(op), lo, hi));
    }
  }
  std::string note = fmt::format("profile {}: measured times for {}", path,
                                 measured.empty() ? "no op" : join(measured));
  if (!outside.empty()) {
    note += fmt::format("; {} tokens lie outside the measurements of {}, so the model applies",
                        tokens, join(outside));
  }
  return note;
}

// Which tensor-parallel all-reduce the step used (docs/perf-model.md, collectives).
std::string all_reduce_algorithm(const StepPrediction& p) {
  return p.all_reduce_peer_to_peer ? "peer-to-peer kernel over NVLink (small messages)"
                                   : "NCCL ring";
}

int run_perf(const CommandContext& ctx, const PerfArgs& a) {
  const Catalog catalog = ctx.load_catalog();
  const ModelSpec& model = find_model(catalog, a.model);
  const AcceleratorSpec& gpu = find_device(catalog, a.gpu, "--gpu");
  Deployment dep;
  dep.parallel = {a.tp, a.pp, a.ep};
  dep.weight_dtype = dtype_of(a.dtype);
  dep.kv_dtype = dtype_of(a.kv_dtype);
  check(model, dep, "--tp");
  if (!a.profile.empty()) {
    dep.measured = perf::MeasuredProfile::load(a.profile).for_model(model, a.tp);
  }
  StepBatch batch;
  const bool decode = a.context > 0;
  if (decode) {
    for (int64_t i = 0; i < a.tokens; ++i) {
      batch.add_decode(perf::attended_context(model, a.context));
    }
  } else {
    batch.add_prefill(a.tokens);
  }
  const StepPrediction p = perf::predict_step(model, gpu, dep, batch);
  const perf::StepPower power = perf::step_power(gpu, p);
  const double tokens_per_s = static_cast<double>(a.tokens) / p.total_s;
  const std::string what =
      decode ? fmt::format("decode step: {} sequences, each attending to {} tokens", a.tokens,
                           perf::attended_context(model, a.context))
             : fmt::format("prefill step: one {}-token prompt", a.tokens);
  if (a.json) {
    json ops = json::array();
    for (int i = 0; i < perf::kOpCount; ++i) {
      const Op op = perf::op_at(i);
      ops.push_back({{"op", perf::op_name(op)},
                     {"per_layer", perf::op_is_per_layer(op)},
                     {"layer_s", p.layer_s[static_cast<size_t>(i)]},
                     {"step_s", p.step_s[static_cast<size_t>(i)]},
                     {"source", source_name(p.source[static_cast<size_t>(i)])}});
    }
    json out = {{"model", model.name},
                {"gpu", gpu.name},
                {"tensor_parallel", a.tp},
                {"pipeline_parallel", a.pp},
                {"expert_parallel", a.ep},
                {"weight_dtype", dtype_name(dep.weight_dtype)},
                {"kv_dtype", dtype_name(dep.kv_dtype)},
                {"compute_dtype", dtype_name(p.compute_dtype)},
                {"tokens", a.tokens},
                {"context", a.context},
                {"step", decode ? "decode" : "prefill"},
                {"operators", ops},
                {"overhead_s", p.overhead_s},
                {"stage_s", p.stage_s},
                {"total_s", p.total_s},
                {"tokens_per_s", tokens_per_s},
                {"power_per_gpu_w", power.power_w},
                {"compute_utilization", power.compute_utilization},
                {"memory_utilization", power.memory_utilization},
                {"calibration", perf::has_device_calibration(gpu.name) ? gpu.name : "global"}};
    if (a.tp > 1) out["all_reduce"] = all_reduce_algorithm(p);
    if (!a.profile.empty()) {
      out["profile"] = a.profile;
      out["profile_note"] = profile_note(a.profile, model, a.tp, dep.measured.get(), p, a.tokens);
    }
    fmt::print("{}\n", out.dump(2));
    return 0;
  }
  fmt::print("{} on {} x{} (TP {}, PP {}, EP {}), weights {} (matmuls in {}), KV {}\n",
             model.display_name, gpu.display_name, a.tp * a.pp, a.tp, a.pp, a.ep,
             dtype_name(dep.weight_dtype), dtype_name(p.compute_dtype), dtype_name(dep.kv_dtype));
  fmt::print("{}\n\n", what);
  const bool with_profile = !a.profile.empty();
  fmt::print("  {:<26} {:>12} {:>12} {:>7}{}\n", "operator", "1 layer us", "step ms", "share",
             with_profile ? "  time from" : "");
  for (int i = 0; i < perf::kOpCount; ++i) {
    const auto k = static_cast<size_t>(i);
    if (p.step_s[k] <= 0.0) continue;
    const Op op = perf::op_at(i);
    fmt::print("  {:<26} {:>12} {:>12.3f} {:>6.1f}%{}\n", perf::op_name(op),
               perf::op_is_per_layer(op) ? fmt::format("{:.1f}", p.layer_s[k] * 1e6) : "-",
               p.step_s[k] * 1e3, 100.0 * p.step_s[k] / p.total_s,
               with_profile ? fmt::format("  {}", source_name(p.source[k])) : "");
  }
  fmt::print("  {:<26} {:>12} {:>12.3f} {:>6.1f}%\n", "step overhead", "-", p.overhead_s * 1e3,
             100.0 * p.overhead_s / p.total_s);
  fmt::print(
      "\nstep: {:.3f} ms over {} layers ({:.0f} tokens/s); slowest pipeline stage {:.3f} ms\n",
      p.total_s * 1e3, model.layers, tokens_per_s, p.stage_s * 1e3);
  if (gpu.tdp.base > 0.0) {
    fmt::print("per GPU: {:.0f} W of {:.0f} W TDP (compute {:.0f}% and memory {:.0f}% of peak)\n",
               power.power_w, gpu.tdp.base, 100.0 * power.compute_utilization,
               100.0 * power.memory_utilization);
  }
  if (a.tp > 1) fmt::print("all-reduce: {}\n", all_reduce_algorithm(p));
  fmt::print("constants: {}\n", perf::has_device_calibration(gpu.name)
                                    ? "fitted on this GPU's measured profiles"
                                    : "global fit (this device was not profiled)");
  if (with_profile) {
    fmt::print("{}\n", profile_note(a.profile, model, a.tp, dep.measured.get(), p, a.tokens));
  }
  return 0;
}

// -------------------------------------------------------------------------------- fit
struct FitArgs {
  std::string model, device, dtype = "bf16";
  int64_t count = 1, context = 0;
  bool json = false;
};

int run_fit(const CommandContext& ctx, const FitArgs& a) {
  const Catalog catalog = ctx.load_catalog();
  const ModelSpec& m = find_model(catalog, a.model);
  const AcceleratorSpec& d = find_device(catalog, a.device, "--device");
  const Dtype dtype = dtype_of(a.dtype);
  const perf::FitAnswer f = perf::answer_fit(m, d, {a.count, a.context, dtype});
  if (!f.problem.empty()) throw InputError(SourceLocation{"--count", 0, 0}, f.problem);
  const perf::MemoryEstimate& mem = f.memory;
  const std::string on = a.count == 1 ? fmt::format("one {}", d.display_name)
                                      : fmt::format("{} x {}", a.count, d.display_name);
  json out = {{"model", m.name},
              {"device", d.name},
              {"count", a.count},
              {"dtype", dtype_name(dtype)},
              {"context", f.context},
              {"memory_utilization", perf::default_memory_utilization(d)},
              {"weights_gb_per_device", gb(mem.weights_bytes)},
              {"usable_gb_per_device", gb(mem.usable_bytes)},
              {"kv_bytes_per_token", mem.kv_bytes_per_token},
              {"kv_capacity_tokens", mem.kv_capacity_tokens},
              {"fits", f.fits}};
  std::string sentence;
  if (!f.fits) {
    std::string alternative = " Quantising to fp8 or int4 is not enough either.";
    if (f.fits_in) {
      alternative = fmt::format(
          " It does fit in {} ({:.1f} GB of weights per device), with room for {:.0f} tokens "
          "of KV cache.",
          dtype_name(*f.fits_in), gb(f.fits_in_memory.weights_bytes),
          f.fits_in_memory.kv_capacity_tokens);
      out["fits_in"] = dtype_name(*f.fits_in);
    }
    sentence = fmt::format(
        "No: {} in {} needs {:.1f} GB of weights per device plus {:.1f} GB of working memory, "
        "more than the {:.1f} GB usable on {}.{}",
        m.display_name, dtype_name(dtype), gb(mem.weights_bytes),
        gb(mem.activation_bytes + mem.reserve_bytes), gb(mem.usable_bytes), on, alternative);
    out["answer"] = sentence;
    if (a.json) {
      fmt::print("{}\n", out.dump(2));
    } else {
      fmt::print("{}\n", sentence);
    }
    return 0;
  }
  const auto capacity = static_cast<int64_t>(mem.kv_capacity_tokens);
  sentence = fmt::format(
      "Yes: {} fits on {} in {}: {:.1f} GB of weights per device leaves room for {} tokens of "
      "KV cache, so up to {} tokens of context for one sequence{}.",
      m.display_name, on, dtype_name(dtype), gb(mem.weights_bytes), capacity, f.max_context_tokens,
      f.max_batch_at_context > 0
          ? fmt::format(", or {} sequences of {} tokens at once", f.max_batch_at_context, f.context)
          : fmt::format(" (not the {} tokens asked)", f.context));
  out.update({{"answer", sentence},
              {"max_context_tokens", f.max_context_tokens},
              {"max_batch_at_context", f.max_batch_at_context},
              {"prefill_tokens_per_s", f.prefill_tokens_per_s},
              {"decode_tokens_per_s_batch1", f.decode_tokens_per_s_batch1},
              {"decode_tokens_per_s_best_batch", f.decode_tokens_per_s_best_batch},
              {"best_batch", f.batch}});
  const auto n = static_cast<double>(a.count);
  if (d.tdp.base > 0.0) {
    out["power_w_prefill"] = f.prefill_power_w * n;
    out["power_w_decode_best_batch"] = f.decode_power_w * n;
  }
  if (a.json) {
    fmt::print("{}\n", out.dump(2));
    return 0;
  }
  fmt::print("{}\n\n", sentence);
  fmt::print(
      "  memory per device  {:.1f} GB usable of {:.1f} GB: weights {:.1f}, working {:.1f}, "
      "KV {:.1f} ({:.0f} KB per token)\n",
      gb(mem.usable_bytes), gb(mem.capacity_bytes), gb(mem.weights_bytes),
      gb(mem.activation_bytes + mem.reserve_bytes),
      gb(mem.kv_capacity_tokens * mem.kv_bytes_per_token), mem.kv_bytes_per_token / 1e3);
  fmt::print("  prefill            {:.0f} tokens/s ({}-token prompt)\n", f.prefill_tokens_per_s,
             f.prompt_tokens);
  fmt::print("  decode, batch 1    {:.1f} tokens/s at {} tokens of context\n",
             f.decode_tokens_per_s_batch1, f.run_context);
  fmt::print("  decode, batch {:<4} {:.0f} tokens/s in total ({:.1f} per sequence)\n", f.batch,
             f.decode_tokens_per_s_best_batch,
             f.decode_tokens_per_s_best_batch / static_cast<double>(f.batch));
  if (d.tdp.base > 0.0) {
    fmt::print(
        "  power              {:.0f} W prefilling, {:.0f} W decoding at batch {} ({} "
        "device{}, {:.0f} W TDP each)\n",
        f.prefill_power_w * n, f.decode_power_w * n, f.batch, a.count, a.count > 1 ? "s" : "",
        d.tdp.base);
  } else {
    fmt::print("  power              unknown: the catalog gives no TDP for {}\n", d.display_name);
  }
  return 0;
}

}  // namespace

void add_perf_commands(CLI::App& app, CommandContext& ctx) {
  const std::vector<std::string> dtypes = dtype_names();
  auto pa = std::make_shared<PerfArgs>();
  auto* perf = app.add_subcommand(
      "perf",
      "Predict one serving step of a model on a GPU, per operator (one layer and the whole "
      "step), with the fitted roofline model of docs/perf-model.md. Without --context the step "
      "is the prefill of one prompt of --tokens tokens; with --context C it is a decode step "
      "of --tokens sequences, each attending to C cached tokens.");
  perf->add_option("--model", pa->model, "catalog model (aidcsim catalog models)")->required();
  perf->add_option("--gpu", pa->gpu, "catalog accelerator (aidcsim catalog accelerators)")
      ->required();
  perf->add_option("--tokens", pa->tokens, "prompt tokens (prefill) or decode sequences")
      ->required()
      ->check(CLI::Range(int64_t{1}, int64_t{1} << 20));
  perf->add_option("--context", pa->context, "cached tokens each decode token attends to")
      ->check(CLI::NonNegativeNumber);
  perf->add_option("--tp", pa->tp, "tensor-parallel degree (default 1)")
      ->check(CLI::PositiveNumber);
  perf->add_option("--pp", pa->pp, "pipeline stages (default 1)")->check(CLI::PositiveNumber);
  perf->add_option("--ep", pa->ep, "expert-parallel degree within the TP group (MoE; default 1)")
      ->check(CLI::PositiveNumber);
  perf->add_option("--dtype", pa->dtype, "weight format (default bf16)")
      ->check(CLI::IsMember(dtypes));
  perf->add_option("--kv-dtype", pa->kv_dtype, "KV-cache format (default bf16)")
      ->check(CLI::IsMember(dtypes));
  perf->add_option("--profile", pa->profile,
                   "measured profile in Vidur's mlp.csv layout: where it has rows for the "
                   "model's layer shape and --tp, op times are its medians interpolated over "
                   "tokens (the model outside the measured token range)");
  perf->add_flag("--json", pa->json, "print JSON instead of a table");
  add_catalog_option(*perf, ctx);
  perf->callback([&ctx, pa] { ctx.action = [&ctx, pa] { return run_perf(ctx, *pa); }; });

  auto fa = std::make_shared<FitArgs>();
  auto* fit = app.add_subcommand(
      "fit",
      "Does a model fit on a device, and how fast does it run? Answers in one sentence (e.g. "
      "`aidcsim fit --model mistral-small-3.1-24b --device rtx-4090`), then gives the largest "
      "context and batch that fit, prefill tokens/s, decode tokens/s at batch 1 and at the "
      "largest batch (up to 256 sequences), and power. Memory: weights, a working-memory "
      "reserve and KV cache within 90% of a GPU's memory (75% of an Apple machine's, 80% of a "
      "PC's). If the model does not fit in --dtype it says which smaller format would.");
  fit->add_option("--model", fa->model, "catalog model (aidcsim catalog models)")->required();
  fit->add_option("--device", fa->device,
                  "catalog accelerator: GPU, Apple chip or CPU (aidcsim catalog accelerators)")
      ->required();
  fit->add_option("--count", fa->count,
                  "devices (tensor parallel when it divides the attention heads, else pipeline "
                  "stages; default 1)")
      ->check(CLI::Range(int64_t{1}, int64_t{1024}));
  fit->add_option("--context", fa->context,
                  "context length per sequence for the batch and speed figures (default 4096, "
                  "or the model's maximum if smaller)")
      ->check(CLI::PositiveNumber);
  fit->add_option("--dtype", fa->dtype, "weight format (default bf16)")
      ->check(CLI::IsMember(dtypes));
  fit->add_flag("--json", fa->json, "print JSON instead of text");
  add_catalog_option(*fit, ctx);
  fit->callback([&ctx, fa] { ctx.action = [&ctx, fa] { return run_fit(ctx, *fa); }; });
}

}  // namespace aidcsim::cli
