#include "catalog/specs.h"

#include <algorithm>
#include <array>
#include <utility>

namespace aidcsim {
namespace {
constexpr std::array<std::pair<Dtype, std::string_view>, 8> kDtypes = {{
    {Dtype::kFp32, "fp32"},
    {Dtype::kTf32, "tf32"},
    {Dtype::kBf16, "bf16"},
    {Dtype::kFp16, "fp16"},
    {Dtype::kFp8, "fp8"},
    {Dtype::kInt8, "int8"},
    {Dtype::kFp4, "fp4"},
    {Dtype::kInt4, "int4"},
}};
}  // namespace

namespace {
double count_parameters(const ModelSpec& m, int64_t experts_counted) {
  const auto h = static_cast<double>(m.hidden_size);
  const double q_out = static_cast<double>(m.heads * m.head_dim);
  const double kv_out = static_cast<double>(m.kv_heads * m.head_dim);
  const double attention = h * q_out + 2.0 * h * kv_out + q_out * h;
  const double one_mlp = (m.gated_mlp ? 3.0 : 2.0) * h * static_cast<double>(m.ffn_size);
  const double router = m.is_moe() ? h * static_cast<double>(m.experts) : 0.0;
  const double mlp = one_mlp * static_cast<double>(std::max<int64_t>(experts_counted, 1)) + router;
  const double per_layer = attention + mlp + 2.0 * h;
  const double embeddings = static_cast<double>(m.vocab_size) * h * (m.tied_embeddings ? 1.0 : 2.0);
  return embeddings + static_cast<double>(m.layers) * per_layer + h;
}
}  // namespace

double ModelSpec::parameter_count() const {
  return count_parameters(*this, experts);
}
double ModelSpec::active_parameter_count() const {
  return count_parameters(*this, experts_per_token);
}

std::optional<ComputeRate> PeakCompute::of(Dtype d) const {
  switch (d) {
    case Dtype::kFp32:
      return fp32;
    case Dtype::kTf32:
      return tf32;
    case Dtype::kBf16:
      return bf16;
    case Dtype::kFp16:
      return fp16;
    case Dtype::kFp8:
      return fp8;
    case Dtype::kInt8:
      return int8;
    case Dtype::kFp4:
      return fp4;
    case Dtype::kInt4:
      return int4;
  }
  return std::nullopt;
}

std::string_view dtype_name(Dtype d) {
  for (const auto& [dtype, name] : kDtypes) {
    if (dtype == d) return name;
  }
  return "?";
}

std::optional<Dtype> parse_dtype(std::string_view name) {
  for (const auto& [dtype, n] : kDtypes) {
    if (n == name) return dtype;
  }
  return std::nullopt;
}

double dtype_bytes(Dtype d) {
  switch (d) {
    case Dtype::kFp32:
    case Dtype::kTf32:
      return 4.0;
    case Dtype::kBf16:
    case Dtype::kFp16:
      return 2.0;
    case Dtype::kFp8:
    case Dtype::kInt8:
      return 1.0;
    case Dtype::kFp4:
    case Dtype::kInt4:
      return 0.5;
  }
  return 0.0;
}

double stored_bytes(Dtype d) {
  // NVFP4: 16 x 4 bits of values + 8 bits of scale per block of 16.
  if (d == Dtype::kFp4) return (16.0 * 0.5 + 1.0) / 16.0;
  return dtype_bytes(d);
}

std::vector<std::string> dtype_names() {
  std::vector<std::string> out;
  for (const auto& entry : kDtypes) out.emplace_back(entry.second);
  return out;
}

}  // namespace aidcsim
