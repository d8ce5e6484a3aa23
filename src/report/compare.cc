#include "report/compare.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace aidcsim {
namespace {

using Json = nlohmann::ordered_json;

void collect(const Json& j, const std::string& path,
             std::vector<std::pair<std::string, double>>& out) {
  if (j.is_number()) {
    out.emplace_back(path, j.get<double>());
  } else if (j.is_object()) {
    for (const auto& [key, value] : j.items()) {
      if (key == "cdf") continue;
      collect(value, path.empty() ? key : path + "." + key, out);
    }
  } else if (j.is_array()) {
    for (size_t i = 0; i < j.size(); ++i) {
      const Json& e = j[i];
      const bool named = e.is_object() && e.contains("name") && e["name"].is_string();
      collect(e,
              fmt::format("{}[{}]", path, named ? e["name"].get<std::string>() : std::to_string(i)),
              out);
    }
  }
}

std::string number(std::optional<double> v) {
  return v ? fmt::format("{:.6g}", *v) : std::string("-");
}

}  // namespace

std::optional<double> FigureDiff::change() const {
  if (!a || !b) return std::nullopt;
  return *b - *a;
}

std::optional<double> FigureDiff::relative_change() const {
  if (!a || !b || *a == 0.0) return std::nullopt;
  return (*b - *a) / std::abs(*a);
}

std::vector<FigureDiff> diff_numeric_leaves(const Json& a, const Json& b) {
  std::vector<std::pair<std::string, double>> la, lb;
  collect(a, "", la);
  collect(b, "", lb);
  std::map<std::string, double> in_b(lb.begin(), lb.end());
  std::vector<FigureDiff> diffs;
  std::set<std::string> seen;
  for (const auto& [path, value] : la) {
    FigureDiff d{path, value, std::nullopt};
    if (const auto it = in_b.find(path); it != in_b.end()) d.b = it->second;
    diffs.push_back(d);
    seen.insert(path);
  }
  for (const auto& [path, value] : lb) {
    if (!seen.contains(path)) diffs.push_back(FigureDiff{path, std::nullopt, value});
  }
  return diffs;
}

std::string format_diff_table(const std::vector<FigureDiff>& diffs, const std::string& label_a,
                              const std::string& label_b) {
  size_t width = 6;
  for (const FigureDiff& d : diffs) width = std::max(width, d.path.size());
  std::string out = fmt::format("A: {}\nB: {}\n{:<{}}  {:>14}  {:>14}  {:>14}  {:>9}\n", label_a,
                                label_b, "figure", width, "A", "B", "B-A", "change");
  for (const FigureDiff& d : diffs) {
    const auto rel = d.relative_change();
    const std::string relative =
        rel ? fmt::format("{:+.1f}%", 100.0 * *rel)
            : (d.change() && *d.change() == 0.0 ? std::string("0.0%") : std::string("-"));
    out += fmt::format("{:<{}}  {:>14}  {:>14}  {:>14}  {:>9}\n", d.path, width, number(d.a),
                       number(d.b), number(d.change()), relative);
  }
  return out;
}

std::string figure_diffs_json(const std::vector<FigureDiff>& diffs) {
  Json rows = Json::array();
  const auto value = [](std::optional<double> v) { return v ? Json(*v) : Json(nullptr); };
  for (const FigureDiff& d : diffs) {
    rows.push_back({{"path", d.path},
                    {"a", value(d.a)},
                    {"b", value(d.b)},
                    {"change", value(d.change())},
                    {"relative", value(d.relative_change())}});
  }
  return rows.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace aidcsim
