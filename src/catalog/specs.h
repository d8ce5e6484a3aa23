// Immutable specifications of the things a scenario names: LLM architectures, accelerators
// and the systems (servers, racks) that hold them. Loaded once from data/catalog/*.yaml (and
// user catalog files), then shared read-only by every run.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/units.h"

namespace aidcsim {

// A decoder-only transformer as its published configuration describes it.
struct ModelSpec {
  std::string name;                 // catalog id, e.g. "mistral-7b"
  std::string display_name;         // e.g. "Mistral 7B v0.1"
  std::vector<std::string> source;  // ids of rows in data/SOURCES.md
  double params_published = 0.0;    // parameter count as its publisher states it
  int64_t layers = 0;
  int64_t hidden_size = 0;
  int64_t ffn_size = 0;  // intermediate size of one MLP (of one expert for MoE)
  int64_t heads = 0;
  int64_t kv_heads = 0;
  int64_t head_dim = 0;
  int64_t vocab_size = 0;
  bool gated_mlp = true;  // three matrices (SwiGLU) vs two
  bool tied_embeddings = false;
  int64_t experts = 0;            // routed experts per MoE layer; 0 for a dense model
  int64_t experts_per_token = 0;  // top-k; 0 for a dense model
  int64_t sliding_window = 0;     // attention window in tokens; 0 when attention is global
  int64_t max_context = 0;

  bool is_moe() const { return experts > 0; }
  // Parameters implied by the shape: embeddings (and the output head unless tied), per layer
  // the Q/K/V/O projections, the MLP (times the experts, plus the router) and two norms, and
  // the final norm. Bias vectors are left out (under 0.1% for the models here).
  double parameter_count() const;
  // Parameters one token passes through: as above with experts_per_token experts per layer.
  double active_parameter_count() const;
};

// Numeric formats of weights, activations and KV cache.
enum class Dtype { kFp32, kTf32, kBf16, kFp16, kFp8, kInt8, kFp4, kInt4 };

// Dense (no structured sparsity) peak throughput per format; empty when the device has no
// native support for it.
struct PeakCompute {
  std::optional<ComputeRate> fp32, tf32, bf16, fp16, fp8, int8, fp4, int4;
  std::optional<ComputeRate> of(Dtype d) const;
};

struct AcceleratorSpec {
  std::string name;
  std::string display_name;
  std::string kind;  // gpu | apple | cpu
  std::vector<std::string> source;
  DataSize memory;
  Bandwidth memory_bandwidth;
  PeakCompute peak_dense;
  // Measured maximum achievable dense matmul throughput per format: the best of a sweep of
  // large matmul shapes on one device (Stas Bekman's "MAMF"). Formats without a measurement
  // are absent; the performance model uses the ratio between formats (matmul_format_efficiency
  // in perf/kernel.h), not the values themselves.
  std::optional<PeakCompute> max_achieved_matmul;
  Power tdp;
  std::optional<Power> idle_power;
  std::optional<Bandwidth> scale_up_bandwidth;   // per device, per direction
  std::optional<Bandwidth> scale_out_bandwidth;  // per device
  std::optional<DataSize> l2_cache;              // last-level on-chip cache shared by all SMs
};

struct SystemSpec {
  std::string name;
  std::string display_name;
  std::vector<std::string> source;
  std::string accelerator;  // catalog name of the accelerator
  int64_t accelerators_per_system = 0;
  int64_t scale_up_domain = 0;  // accelerators in one NVLink (scale-up) domain
  Power max_power;              // whole system at its maximum, as the vendor states it
  Power host_power;             // non-accelerator share of max_power
  int64_t rack_units = 0;       // height of a server; 0 for a rack-scale system
  int64_t racks = 0;            // racks of a rack-scale system; 0 for a server
  std::string cooling;          // air | liquid
};

std::string_view dtype_name(Dtype d);
std::optional<Dtype> parse_dtype(std::string_view name);
// Bytes per element: fp32/tf32 4, bf16/fp16 2, fp8/int8 1, fp4/int4 0.5.
double dtype_bytes(Dtype d);
// Bytes a tensor in format `d` takes per element in memory, block scale factors included:
// fp4 is NVFP4 (what Blackwell's fp4 tensor cores and TensorRT-LLM's fp4 checkpoints use),
// 16 E2M1 values sharing one FP8 E4M3 scale, so 4.5 bits (0.5625 bytes) per element (source
// row nvfp4-format). Other formats as dtype_bytes: fp8 and int8 scale per tensor or per
// channel, and int4 stands for group-wise AWQ/GPTQ weights, whose scale and zero point per
// 128 weights add ~4% (not counted).
double stored_bytes(Dtype d);
std::vector<std::string> dtype_names();

}  // namespace aidcsim
