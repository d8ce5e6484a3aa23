#include "catalog/catalog.h"

#include <fmt/format.h>

#include <set>

namespace aidcsim {
namespace {

using schema::FieldOptions;
using schema::ObjectSchema;

const FieldOptions kName = {.name_check = [](const std::string& s) -> std::string {
  const bool ok = !s.empty() && s.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-._") ==
                                    std::string::npos;
  return ok ? "" : "names use lowercase letters, digits, '-', '.' and '_'";
}};
const FieldOptions kPositive = {.min = 1};
const FieldOptions kCount = {.default_text = "0", .min = 0};

}  // namespace

std::shared_ptr<const ObjectSchema<ModelSpec>> model_schema() {
  static const auto s = [] {
    auto m = std::make_shared<ObjectSchema<ModelSpec>>("a decoder-only transformer model");
    m->field("name", &ModelSpec::name, "catalog id used in scenarios", kName)
        .field("display_name", &ModelSpec::display_name, "name as its publisher writes it")
        .field("source", &ModelSpec::source, "ids of the rows of data/SOURCES.md it comes from")
        .field("params_published", &ModelSpec::params_published,
               "total parameter count as published", {.min = 1})
        .field("layers", &ModelSpec::layers, "transformer blocks", kPositive)
        .field("hidden_size", &ModelSpec::hidden_size, "model (residual) dimension", kPositive)
        .field("ffn_size", &ModelSpec::ffn_size,
               "MLP intermediate size (of one expert for MoE models)", kPositive)
        .field("heads", &ModelSpec::heads, "attention (query) heads", kPositive)
        .field("kv_heads", &ModelSpec::kv_heads, "key/value heads (GQA when below heads)",
               kPositive)
        .field("head_dim", &ModelSpec::head_dim, "dimension of one attention head", kPositive)
        .field("vocab_size", &ModelSpec::vocab_size, "vocabulary size", kPositive)
        .field("gated_mlp", &ModelSpec::gated_mlp, "gated MLP (SwiGLU: 3 matrices) or plain (2)",
               {.default_text = "true"})
        .field("tied_embeddings", &ModelSpec::tied_embeddings,
               "input embedding shared with the output head", {.default_text = "false"})
        .field("experts", &ModelSpec::experts, "routed experts per MoE layer; 0 when dense", kCount)
        .field("experts_per_token", &ModelSpec::experts_per_token,
               "experts each token is routed to (top-k); 0 when dense", kCount)
        .field("sliding_window", &ModelSpec::sliding_window,
               "attention window in tokens; 0 for global attention", kCount)
        .field("max_context", &ModelSpec::max_context, "longest supported context in tokens",
               kPositive)
        .check("kv_heads",
               [](const ModelSpec& spec) -> std::string {
                 if (spec.heads % spec.kv_heads != 0) {
                   return fmt::format("heads ({}) must be a multiple of kv_heads ({})", spec.heads,
                                      spec.kv_heads);
                 }
                 return "";
               })
        .check("experts_per_token", [](const ModelSpec& spec) -> std::string {
          if ((spec.experts == 0) != (spec.experts_per_token == 0) ||
              spec.experts_per_token > spec.experts) {
            return fmt::format(
                "experts_per_token ({}) must be 0 for a dense model and between 1 and experts "
                "({}) for an MoE model",
                spec.experts_per_token, spec.experts);
          }
          return "";
        });
    return m;
  }();
  return s;
}

std::shared_ptr<const ObjectSchema<AcceleratorSpec>> accelerator_schema() {
  static const auto s = [] {
    const auto per_format = [](std::string help) {
      auto f = std::make_shared<ObjectSchema<PeakCompute>>(std::move(help));
      f->field("fp32", &PeakCompute::fp32, "FP32 (non-tensor or tensor, as sourced)")
          .field("tf32", &PeakCompute::tf32, "TF32 tensor")
          .field("bf16", &PeakCompute::bf16, "BF16 tensor")
          .field("fp16", &PeakCompute::fp16, "FP16 tensor")
          .field("fp8", &PeakCompute::fp8, "FP8 tensor")
          .field("int8", &PeakCompute::int8, "INT8 tensor (TOPS counted as FLOP/s)")
          .field("fp4", &PeakCompute::fp4, "FP4 tensor")
          .field("int4", &PeakCompute::int4, "INT4 tensor (TOPS counted as FLOP/s)");
      return f;
    };
    const auto peak = per_format(
        "dense peak throughput per number format (vendor figures with sparsity are "
        "halved)");
    const auto achieved = per_format(
        "measured maximum achievable dense matmul throughput per number format (the best of a "
        "sweep of large matmul shapes on one device)");
    auto a = std::make_shared<ObjectSchema<AcceleratorSpec>>("a GPU, Apple SoC or CPU");
    a->field("name", &AcceleratorSpec::name, "catalog id used in scenarios", kName)
        .field("display_name", &AcceleratorSpec::display_name, "product name")
        .field("kind", &AcceleratorSpec::kind, "device family",
               {.choices = {"gpu", "apple", "cpu"}})
        .field("source", &AcceleratorSpec::source, "ids of rows of data/SOURCES.md")
        .field("memory", &AcceleratorSpec::memory, "device (HBM/GDDR/unified) memory",
               {.min = 0.0, .min_exclusive = true})
        .field("memory_bandwidth", &AcceleratorSpec::memory_bandwidth, "peak memory bandwidth",
               {.min = 0.0, .min_exclusive = true})
        .object("peak_dense", &AcceleratorSpec::peak_dense, peak, "dense peak compute")
        .optional_object("max_achieved_matmul", &AcceleratorSpec::max_achieved_matmul, achieved,
                         "measured best matmul throughput per format: where a format and bf16 "
                         "are both given, that format's matrix products run at the fitted "
                         "efficiency times (its share of its peak) / (bf16's share of its "
                         "peak)")
        .field("tdp", &AcceleratorSpec::tdp, "thermal design (maximum board) power",
               {.min = 0.0, .min_exclusive = true})
        .field("idle_power", &AcceleratorSpec::idle_power, "measured idle draw")
        .field("scale_up_bandwidth", &AcceleratorSpec::scale_up_bandwidth,
               "NVLink-class bandwidth per device, per direction")
        .field("scale_out_bandwidth", &AcceleratorSpec::scale_out_bandwidth,
               "network (NIC) bandwidth per device")
        .field("l2_cache", &AcceleratorSpec::l2_cache,
               "on-chip L2 cache shared by all SMs (memory-bound kernels whose bytes fit in it "
               "run faster)")
        .check("max_achieved_matmul", [](const AcceleratorSpec& spec) -> std::string {
          if (!spec.max_achieved_matmul) return "";
          for (const Dtype d : {Dtype::kFp32, Dtype::kTf32, Dtype::kBf16, Dtype::kFp16, Dtype::kFp8,
                                Dtype::kInt8, Dtype::kFp4, Dtype::kInt4}) {
            const auto measured = spec.max_achieved_matmul->of(d);
            if (!measured) continue;
            const auto dense = spec.peak_dense.of(d);
            if (!dense || measured->base > dense->base || measured->base <= 0.0) {
              return fmt::format(
                  "max_achieved_matmul.{} must be above 0 and at most peak_dense.{} ({}): a "
                  "measured matmul cannot beat the dense peak (halve a figure with sparsity)",
                  dtype_name(d), dtype_name(d),
                  dense ? fmt::format("{:g} TFLOP/s", dense->base * 1e-12) : "not given");
            }
          }
          return "";
        });
    return a;
  }();
  return s;
}

std::shared_ptr<const ObjectSchema<SystemSpec>> system_schema() {
  static const auto s = [] {
    auto m = std::make_shared<ObjectSchema<SystemSpec>>("a server or rack-scale system");
    m->field("name", &SystemSpec::name, "catalog id used in scenarios", kName)
        .field("display_name", &SystemSpec::display_name, "product name")
        .field("source", &SystemSpec::source, "ids of rows of data/SOURCES.md")
        .field("accelerator", &SystemSpec::accelerator, "catalog name of its accelerator")
        .field("accelerators_per_system", &SystemSpec::accelerators_per_system,
               "accelerators in one system", kPositive)
        .field("scale_up_domain", &SystemSpec::scale_up_domain,
               "accelerators in one NVLink (scale-up) domain", kPositive)
        .field("max_power", &SystemSpec::max_power, "maximum power of the whole system",
               {.min = 0.0, .min_exclusive = true})
        .field("host_power", &SystemSpec::host_power,
               "non-accelerator share of max_power (CPUs, memory, NICs, fans)")
        .field("rack_units", &SystemSpec::rack_units, "server height in U; 0 for rack-scale",
               kCount)
        .field("racks", &SystemSpec::racks, "racks of a rack-scale system; 0 for a server", kCount)
        .field("cooling", &SystemSpec::cooling, "how the accelerators are cooled",
               {.choices = {"air", "liquid"}})
        .check("racks", [](const SystemSpec& x) -> std::string {
          if ((x.rack_units == 0) == (x.racks == 0)) {
            return "give either rack_units (a server) or racks (a rack-scale system)";
          }
          return "";
        });
    return m;
  }();
  return s;
}

namespace {

struct CatalogFile {
  std::vector<ModelSpec> models;
  std::vector<AcceleratorSpec> accelerators;
  std::vector<SystemSpec> systems;
  std::vector<CoolingDesignSpec> cooling_designs;
  std::vector<ElectricalChainSpec> electrical_chains;
  std::vector<SiteSpec> sites;
  std::vector<SystemCostSpec> system_costs;
  std::vector<CostModelSpec> cost_models;
  std::vector<ApiPriceSpec> api_prices;
};

const ObjectSchema<CatalogFile>& catalog_file_schema() {
  static const auto s = [] {
    auto f = std::make_shared<ObjectSchema<CatalogFile>>("a catalog file");
    f->list("models", &CatalogFile::models, model_schema(), "model entries")
        .list("accelerators", &CatalogFile::accelerators, accelerator_schema(),
              "accelerator entries")
        .list("systems", &CatalogFile::systems, system_schema(), "system entries")
        .list("cooling_designs", &CatalogFile::cooling_designs, cooling_design_schema(),
              "cooling design entries")
        .list("electrical_chains", &CatalogFile::electrical_chains, electrical_chain_schema(),
              "electrical chain entries")
        .list("sites", &CatalogFile::sites, site_schema(), "site entries")
        .list("system_costs", &CatalogFile::system_costs, system_cost_schema(),
              "system price entries")
        .list("cost_models", &CatalogFile::cost_models, cost_model_schema(), "cost model entries")
        .list("api_prices", &CatalogFile::api_prices, api_price_schema(), "API price entries");
    return f;
  }();
  return *s;
}

template <class Spec>
const Spec* find_by_name(const std::vector<Spec>& items, std::string_view name) {
  for (const Spec& s : items) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

template <class Spec>
std::vector<std::string> names_of(const std::vector<Spec>& items) {
  std::vector<std::string> out;
  for (const Spec& s : items) out.push_back(s.name);
  return out;
}

template <class Spec>
std::string check_name(const std::vector<Spec>& items, const std::string& name,
                       std::string_view what) {
  if (find_by_name(items, name) != nullptr) return "";
  const std::vector<std::string> names = names_of(items);
  const std::string guess = nearest(name, names);
  return fmt::format("unknown {} \"{}\"{}; valid {}s: {} (see `aidcsim catalog`)", what, name,
                     guess.empty() ? "" : fmt::format(" (did you mean \"{}\"?)", guess), what,
                     join(names));
}

// Adds or replaces entries by name; reports names repeated within one file.
template <class Spec>
void merge(std::vector<Spec>& into, std::vector<Spec>& from, const YAML::Node& nodes,
           const std::string& list_key, const schema::Context& ctx) {
  std::set<std::string> in_file;
  for (size_t i = 0; i < from.size(); ++i) {
    if (!in_file.insert(from[i].name).second) {
      ctx.error(nodes[i]["name"], fmt::format("{}[{}].name", list_key, i),
                fmt::format("\"{}\" is defined twice in this file", from[i].name));
      continue;
    }
    Spec* existing = nullptr;
    for (Spec& s : into) {
      if (s.name == from[i].name) existing = &s;
    }
    if (existing != nullptr) {
      *existing = std::move(from[i]);
    } else {
      into.push_back(std::move(from[i]));
    }
  }
}

}  // namespace

void Catalog::add_file(const std::string& text, const std::string& file) {
  const YAML::Node root = schema::load_document(text, file);
  Diagnostics diagnostics;
  schema::Context ctx{file, &diagnostics};
  CatalogFile parsed;
  catalog_file_schema().parse_into(root, parsed, "", ctx);
  diagnostics.throw_if_any();
  merge(models_, parsed.models, root["models"], "models", ctx);
  merge(accelerators_, parsed.accelerators, root["accelerators"], "accelerators", ctx);
  std::vector<std::string> new_systems = names_of(parsed.systems);
  merge(systems_, parsed.systems, root["systems"], "systems", ctx);
  // References are checked once the whole file is merged, so a file may define an
  // accelerator and a system that uses it in any order.
  for (size_t i = 0; i < new_systems.size(); ++i) {
    const SystemSpec* s = find_system(new_systems[i]);
    const std::string error = check_accelerator(s->accelerator);
    if (!error.empty()) {
      ctx.error(root["systems"][i]["accelerator"], fmt::format("systems[{}].accelerator", i),
                error);
    }
  }
  const std::vector<std::string> new_sites = names_of(parsed.sites);
  const std::vector<std::string> new_costs = names_of(parsed.system_costs);
  const std::vector<std::string> new_prices = names_of(parsed.api_prices);
  merge(cooling_designs_, parsed.cooling_designs, root["cooling_designs"], "cooling_designs", ctx);
  merge(electrical_chains_, parsed.electrical_chains, root["electrical_chains"],
        "electrical_chains", ctx);
  merge(sites_, parsed.sites, root["sites"], "sites", ctx);
  merge(system_costs_, parsed.system_costs, root["system_costs"], "system_costs", ctx);
  merge(cost_models_, parsed.cost_models, root["cost_models"], "cost_models", ctx);
  merge(api_prices_, parsed.api_prices, root["api_prices"], "api_prices", ctx);
  auto check_ref = [&](const std::string& list, size_t i, const char* key,
                       const std::string& error) {
    if (!error.empty())
      ctx.error(root[list][i][key], fmt::format("{}[{}].{}", list, i, key), error);
  };
  for (size_t i = 0; i < new_sites.size(); ++i) {
    const SiteSpec* s = find_site(new_sites[i]);
    check_ref("sites", i, "cooling_design", check_cooling_design(s->cooling_design));
    check_ref("sites", i, "electrical_chain", check_electrical_chain(s->electrical_chain));
  }
  for (size_t i = 0; i < new_costs.size(); ++i) {
    check_ref("system_costs", i, "name", check_system(new_costs[i]));
  }
  for (size_t i = 0; i < new_prices.size(); ++i) {
    const ApiPriceSpec* p = nullptr;
    for (const ApiPriceSpec& x : api_prices_) {
      if (x.name == new_prices[i]) p = &x;
    }
    check_ref("api_prices", i, "model", check_model(p->model));
  }
  diagnostics.throw_if_any();
}

Catalog Catalog::built_in() {
  Catalog c;
  for (const EmbeddedFile& f : embedded_catalog_files()) {
    c.add_file(std::string(f.text), std::string(f.path));
  }
  return c;
}

const ModelSpec* Catalog::find_model(std::string_view name) const {
  return find_by_name(models_, name);
}
const AcceleratorSpec* Catalog::find_accelerator(std::string_view name) const {
  return find_by_name(accelerators_, name);
}
const SystemSpec* Catalog::find_system(std::string_view name) const {
  return find_by_name(systems_, name);
}
std::vector<std::string> Catalog::model_names() const {
  return names_of(models_);
}
std::vector<std::string> Catalog::accelerator_names() const {
  return names_of(accelerators_);
}
std::vector<std::string> Catalog::system_names() const {
  return names_of(systems_);
}
std::string Catalog::check_model(const std::string& name) const {
  return check_name(models_, name, "model");
}
std::string Catalog::check_accelerator(const std::string& name) const {
  return check_name(accelerators_, name, "accelerator");
}
std::string Catalog::check_system(const std::string& name) const {
  return check_name(systems_, name, "system");
}
const CoolingDesignSpec* Catalog::find_cooling_design(std::string_view name) const {
  return find_by_name(cooling_designs_, name);
}
const ElectricalChainSpec* Catalog::find_electrical_chain(std::string_view name) const {
  return find_by_name(electrical_chains_, name);
}
const SiteSpec* Catalog::find_site(std::string_view name) const {
  return find_by_name(sites_, name);
}
const SystemCostSpec* Catalog::find_system_cost(std::string_view system) const {
  return find_by_name(system_costs_, system);
}
const CostModelSpec* Catalog::find_cost_model(std::string_view name) const {
  return find_by_name(cost_models_, name);
}
std::vector<const ApiPriceSpec*> Catalog::api_prices_for(std::string_view model) const {
  std::vector<const ApiPriceSpec*> out;
  for (const ApiPriceSpec& p : api_prices_) {
    if (p.model == model) out.push_back(&p);
  }
  return out;
}
std::string Catalog::check_cooling_design(const std::string& name) const {
  return check_name(cooling_designs_, name, "cooling design");
}
std::string Catalog::check_electrical_chain(const std::string& name) const {
  return check_name(electrical_chains_, name, "electrical chain");
}
std::string Catalog::check_site(const std::string& name) const {
  return check_name(sites_, name, "site");
}
std::string Catalog::check_cost_model(const std::string& name) const {
  return check_name(cost_models_, name, "cost model");
}

}  // namespace aidcsim
