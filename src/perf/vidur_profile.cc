#include "perf/vidur_profile.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

#include "perf/csv_line.h"

namespace aidcsim::perf {
namespace {

struct Table {
  std::map<std::string, size_t> column;
  std::vector<std::vector<std::string>> rows;
  std::optional<size_t> find(const std::string& name) const {
    auto it = column.find(name);
    if (it == column.end()) return std::nullopt;
    return it->second;
  }
  size_t at(const std::string& name) const {
    auto c = find(name);
    if (!c) throw std::runtime_error("Vidur profile lacks the column " + name);
    return *c;
  }
};

Table read_table(std::istream& in) {
  Table t;
  std::string line;
  if (!std::getline(in, line)) throw std::runtime_error("empty Vidur profile");
  if (!line.empty() && line.back() == '\r') line.pop_back();
  const auto header = split_csv_line(line);
  for (size_t i = 0; i < header.size(); ++i) t.column[header[i]] = i;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    t.rows.push_back(split_csv_line(line));
    if (t.rows.back().size() < header.size()) {
      throw std::runtime_error("Vidur profile row with " + std::to_string(t.rows.back().size()) +
                               " fields, header has " + std::to_string(header.size()));
    }
  }
  return t;
}

double number(const std::string& s) {
  size_t used = 0;
  const double v = std::stod(s, &used);
  if (used != s.size()) throw std::runtime_error("not a number: " + s);
  return v;
}
int64_t integer(const std::string& s) {
  return static_cast<int64_t>(number(s));
}

bool profiled_op(Op op) {
  switch (op) {
    case Op::kEmb:
    case Op::kInputLayernorm:
    case Op::kAttnPreProj:
    case Op::kAttnRope:
    case Op::kAttnPostProj:
    case Op::kPostAttentionLayernorm:
    case Op::kMlpUpProj:
    case Op::kMlpAct:
    case Op::kMlpDownProj:
    case Op::kAdd:
      return true;
    default:
      return false;
  }
}

}  // namespace

std::vector<VidurMlpRow> read_vidur_mlp_csv(std::istream& in, const std::string& gpu,
                                            const std::string& model) {
  const Table t = read_table(in);
  std::vector<VidurMlpRow> out;
  std::array<std::optional<size_t>, kOpCount> op_column{};
  for (int i = 0; i < kOpCount; ++i) {
    if (!profiled_op(op_at(i))) continue;
    op_column[static_cast<size_t>(i)] =
        t.find("time_stats." + std::string(op_name(op_at(i))) + ".median");
  }
  for (const auto& r : t.rows) {
    VidurMlpRow row;
    row.gpu = gpu;
    row.model = model;
    row.n_head = integer(r[t.at("n_head")]);
    row.n_kv_head = integer(r[t.at("n_kv_head")]);
    row.n_embd = integer(r[t.at("n_embd")]);
    row.n_expanded_embd = integer(r[t.at("n_expanded_embd")]);
    row.vocab_size = integer(r[t.at("vocab_size")]);
    row.gated_mlp = r[t.at("use_gated_mlp")] == "True";
    row.num_tokens = integer(r[t.at("num_tokens")]);
    row.tensor_parallel = integer(r[t.at("num_tensor_parallel_workers")]);
    for (int i = 0; i < kOpCount; ++i) {
      if (const auto c = op_column[static_cast<size_t>(i)]) {
        row.median_s[static_cast<size_t>(i)] = number(r[*c]) * 1e-3;  // ms in the file
      }
    }
    out.push_back(std::move(row));
  }
  return out;
}

std::vector<VidurCollectiveRow> read_vidur_collective_csv(std::istream& in,
                                                          const std::string& env) {
  const Table t = read_table(in);
  std::vector<VidurCollectiveRow> out;
  for (const auto& r : t.rows) {
    VidurCollectiveRow row;
    row.env = env;
    row.collective = r[t.at("collective")];
    row.num_workers = integer(r[t.at("num_workers")]);
    row.devices_per_node = integer(r[t.at("devices_per_node")]);
    row.size_bytes = number(r[t.at("size")]);
    row.median_s = number(r[t.at("time_stats." + row.collective + ".median")]) * 1e-3;
    out.push_back(std::move(row));
  }
  return out;
}

std::string_view vidur_accelerator(std::string_view gpu_folder) {
  if (gpu_folder == "h100") return "h100-sxm";
  if (gpu_folder == "a100") return "a100-80gb-sxm";
  if (gpu_folder == "a40") return "a40";
  return "";
}

std::optional<VidurNetworkEnv> vidur_network_env(std::string_view env) {
  const auto cut = env.find('_');
  if (cut == std::string_view::npos) return std::nullopt;
  const std::string_view accel = vidur_accelerator(env.substr(0, cut));
  if (accel.empty()) return std::nullopt;
  const std::string_view kind = env.substr(cut + 1);
  if (kind == "dgx") return VidurNetworkEnv{accel, 8};
  if (kind == "pairwise_nvlink") return VidurNetworkEnv{accel, 2};
  return std::nullopt;
}

ModelSpec vidur_row_model(const VidurMlpRow& row) {
  ModelSpec m;
  m.name = row.model;
  m.layers = 1;
  m.hidden_size = row.n_embd;
  m.ffn_size = row.n_expanded_embd;
  m.heads = row.n_head;
  m.kv_heads = row.n_kv_head;
  m.head_dim = row.n_embd / row.n_head;
  m.vocab_size = row.vocab_size;
  m.gated_mlp = row.gated_mlp;
  return m;
}

VidurDataset load_vidur_dataset(const std::string& profiling_dir) {
  namespace fs = std::filesystem;
  VidurDataset data;
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(profiling_dir)) {
    if (e.is_regular_file() && e.path().extension() == ".csv") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());  // a fixed order, whatever the file system's
  for (const fs::path& p : files) {
    std::ifstream in(p);
    const fs::path rel = fs::relative(p, profiling_dir);
    std::vector<std::string> parts;
    for (const auto& part : rel) parts.push_back(part.string());
    if (parts.size() == 5 && parts[0] == "compute" && parts[4] == "mlp.csv") {
      auto rows = read_vidur_mlp_csv(in, parts[1], parts[2] + "/" + parts[3]);
      data.mlp.insert(data.mlp.end(), rows.begin(), rows.end());
    } else if (parts.size() == 3 && parts[0] == "network") {
      auto rows = read_vidur_collective_csv(in, parts[1]);
      data.collectives.insert(data.collectives.end(), rows.begin(), rows.end());
    }
  }
  return data;
}

std::string shared_data_dir() {
  namespace fs = std::filesystem;
  if (const char* dir = std::getenv("AIDCSIM_SHARED_DATA")) {
    return fs::is_directory(dir) ? std::string(dir) : std::string();
  }
  if (const char* src = std::getenv("AIDCSIM_SOURCE_DIR")) {
    const fs::path p = fs::path(src) / ".." / "shared" / "data";
    if (fs::is_directory(p)) return p.lexically_normal().string();
  }
  return "";
}

}  // namespace aidcsim::perf
