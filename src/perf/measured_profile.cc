#include "perf/measured_profile.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "core/diagnostics.h"
#include "perf/csv_line.h"

namespace aidcsim::perf {
namespace {

// The operators a Vidur mlp.csv may time.
constexpr std::array<Op, 10> kProfiledOps = {Op::kEmb,          Op::kInputLayernorm,
                                             Op::kAttnPreProj,  Op::kAttnRope,
                                             Op::kAttnPostProj, Op::kPostAttentionLayernorm,
                                             Op::kMlpUpProj,    Op::kMlpAct,
                                             Op::kMlpDownProj,  Op::kAdd};

bool is_mlp_op(Op op) {
  return op == Op::kMlpUpProj || op == Op::kMlpAct || op == Op::kMlpDownProj;
}

class Reader {
 public:
  explicit Reader(std::string file) : file_(std::move(file)) {}
  [[noreturn]] void fail(int line, const std::string& message) const {
    throw InputError(SourceLocation{file_, line, 0}, message);
  }
  double number(const std::string& text, int line, const std::string& column) const {
    size_t used = 0;
    double v = 0.0;
    try {
      v = std::stod(text, &used);
    } catch (const std::exception&) {
      used = 0;
    }
    if (used == 0 || used != text.size() || !std::isfinite(v)) {
      fail(line, "column " + column + ": \"" + text + "\" is not a number");
    }
    return v;
  }
  int64_t positive_integer(const std::string& text, int line, const std::string& column) const {
    const double v = number(text, line, column);
    if (v < 1.0 || v != std::floor(v) || v > 1e12) {
      fail(line, "column " + column + ": \"" + text + "\" is not a positive integer");
    }
    return static_cast<int64_t>(v);
  }

 private:
  std::string file_;
};

}  // namespace

std::optional<double> MeasuredOps::time_s(Op op, int64_t tokens) const {
  const Curve& c = curve(op);
  if (c.empty() || tokens < c.front().first || tokens > c.back().first) return std::nullopt;
  const auto hi = std::lower_bound(c.begin(), c.end(), tokens,
                                   [](const auto& p, int64_t t) { return p.first < t; });
  if (hi->first == tokens) return hi->second;
  const auto lo = hi - 1;
  const double f =
      static_cast<double>(tokens - lo->first) / static_cast<double>(hi->first - lo->first);
  return lo->second + f * (hi->second - lo->second);
}

std::pair<int64_t, int64_t> MeasuredOps::token_range(Op op) const {
  const Curve& c = curve(op);
  if (c.empty()) return {0, 0};
  return {c.front().first, c.back().first};
}

MeasuredProfile MeasuredProfile::read(std::istream& in, const std::string& file) {
  const Reader r(file);
  std::string line;
  if (!std::getline(in, line))
    r.fail(1, "empty profile: expected a header line of Vidur's mlp.csv");
  if (!line.empty() && line.back() == '\r') line.pop_back();
  const std::vector<std::string> header = split_csv_line(line);
  std::map<std::string, size_t> column;
  for (size_t i = 0; i < header.size(); ++i) column[header[i]] = i;
  auto need = [&](const std::string& name) {
    const auto it = column.find(name);
    if (it == column.end()) r.fail(1, "the header lacks the column " + name);
    return it->second;
  };
  const size_t c_head = need("n_head"), c_kv = need("n_kv_head"), c_embd = need("n_embd"),
               c_ffn = need("n_expanded_embd"), c_gated = need("use_gated_mlp"),
               c_tokens = need("num_tokens"), c_tp = need("num_tensor_parallel_workers");
  std::vector<std::pair<Op, size_t>> op_columns;
  for (Op op : kProfiledOps) {
    const auto it = column.find("time_stats." + std::string(op_name(op)) + ".median");
    if (it != column.end()) op_columns.emplace_back(op, it->second);
  }
  if (op_columns.empty()) {
    r.fail(1,
           "the header has no time_stats.<op>.median column (ops: emb, input_layernorm, "
           "attn_pre_proj, attn_rope, attn_post_proj, post_attention_layernorm, mlp_up_proj, "
           "mlp_act, mlp_down_proj, add)");
  }
  // Sum and count per shape, op and token count (repeated rows are averaged).
  std::map<MeasuredShape, std::array<std::map<int64_t, std::pair<double, int>>, kOpCount>> acc;
  int line_no = 1;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    const std::vector<std::string> f = split_csv_line(line);
    if (f.size() < header.size()) {
      r.fail(line_no, "row has " + std::to_string(f.size()) + " fields, the header " +
                          std::to_string(header.size()));
    }
    MeasuredShape s;
    s.heads = r.positive_integer(f[c_head], line_no, "n_head");
    s.kv_heads = r.positive_integer(f[c_kv], line_no, "n_kv_head");
    s.hidden = r.positive_integer(f[c_embd], line_no, "n_embd");
    s.ffn = r.positive_integer(f[c_ffn], line_no, "n_expanded_embd");
    if (f[c_gated] != "True" && f[c_gated] != "False") {
      r.fail(line_no, "column use_gated_mlp: \"" + f[c_gated] + "\" is neither True nor False");
    }
    s.gated_mlp = f[c_gated] == "True";
    s.tensor_parallel = r.positive_integer(f[c_tp], line_no, "num_tensor_parallel_workers");
    const int64_t tokens = r.positive_integer(f[c_tokens], line_no, "num_tokens");
    auto& ops = acc[s];
    for (const auto& [op, c] : op_columns) {
      if (f[c].empty()) continue;  // not profiled in this row
      const std::string col = "time_stats." + std::string(op_name(op)) + ".median";
      const double ms = r.number(f[c], line_no, col);
      if (ms <= 0.0) r.fail(line_no, "column " + col + ": a time must be positive (ms)");
      auto& [sum, n] = ops[static_cast<size_t>(op)][tokens];
      sum += ms * 1e-3;
      n += 1;
    }
  }
  MeasuredProfile p;
  p.file_ = file;
  for (const auto& [shape, ops] : acc) {
    std::array<MeasuredOps::Curve, kOpCount> curves;
    for (size_t i = 0; i < ops.size(); ++i) {
      for (const auto& [tokens, sn] : ops[i]) {
        curves[i].emplace_back(tokens, sn.first / static_cast<double>(sn.second));
      }
    }
    p.by_shape_.emplace_back(shape, std::make_shared<const MeasuredOps>(std::move(curves)));
  }
  return p;
}

MeasuredProfile MeasuredProfile::load(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw InputError(SourceLocation{path, 0, 0}, "cannot open the measured profile");
  return read(in, path);
}

std::shared_ptr<const MeasuredOps> MeasuredProfile::for_model(const ModelSpec& m,
                                                              int64_t tensor_parallel) const {
  const MeasuredShape want{m.heads,    m.kv_heads,  m.hidden_size,
                           m.ffn_size, m.gated_mlp, tensor_parallel};
  for (const auto& [shape, ops] : by_shape_) {
    if (shape != want) continue;
    if (!m.is_moe()) return ops;
    std::array<MeasuredOps::Curve, kOpCount> curves;
    for (Op op : kProfiledOps) {
      if (!is_mlp_op(op)) curves[static_cast<size_t>(op)] = ops->curve(op);
    }
    return std::make_shared<const MeasuredOps>(std::move(curves));
  }
  return nullptr;
}

std::vector<MeasuredShape> MeasuredProfile::shapes() const {
  std::vector<MeasuredShape> out;
  for (const auto& [shape, ops] : by_shape_) out.push_back(shape);
  return out;
}

std::string describe(const MeasuredShape& s) {
  return "n_head " + std::to_string(s.heads) + ", n_kv_head " + std::to_string(s.kv_heads) +
         ", n_embd " + std::to_string(s.hidden) + ", n_expanded_embd " + std::to_string(s.ffn) +
         (s.gated_mlp ? ", gated" : ", not gated") + ", TP " + std::to_string(s.tensor_parallel);
}

}  // namespace aidcsim::perf
