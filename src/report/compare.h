// `aidcsim compare`: every numeric figure of two summary.json files side by side.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace aidcsim {

// One numeric leaf of summary.json in run A and run B (empty where that run lacks it).
struct FigureDiff {
  std::string path;  // e.g. "services[chat].ttft_s.p99", "site.mean_pue"
  std::optional<double> a;
  std::optional<double> b;

  std::optional<double> change() const;           // b - a
  std::optional<double> relative_change() const;  // (b - a) / |a|; empty when a is 0
};

// Walks both documents and pairs their numeric leaves by path, in A's order, then the paths
// only B has. Array elements that are objects with a "name" are keyed by it
// ("services[chat]"), others by index. Distribution "cdf" point lists are skipped: they are
// curves, not headline figures.
std::vector<FigureDiff> diff_numeric_leaves(const nlohmann::ordered_json& a,
                                            const nlohmann::ordered_json& b);

// The diffs as a plain-text table (path, A, B, B-A, relative change).
std::string format_diff_table(const std::vector<FigureDiff>& diffs, const std::string& label_a,
                              const std::string& label_b);

// The diffs as JSON: [{"path", "a", "b", "change", "relative"}] with null where empty.
std::string figure_diffs_json(const std::vector<FigureDiff>& diffs);

}  // namespace aidcsim
