// Pieces shared by the validation benches (validate_serving, validate_trtllm): reading a
// plain CSV line, signed percentage errors and the summary row of a table of errors.
#pragma once

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

namespace aidcsim::bench {

// Fields of one CSV line; a double quote toggles quoting (commas inside quotes are kept).
inline std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> out;
  std::string cur;
  bool quoted = false;
  for (char c : line) {
    if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      out.push_back(cur);
      cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  out.push_back(cur);
  return out;
}

// Signed error of `predicted` relative to `measured`, in percent.
inline double pct_error(double predicted, double measured) {
  return (predicted - measured) / measured * 100.0;
}

// Median of the absolute values (0 for none).
inline double median_abs(std::vector<double> v) {
  if (v.empty()) return 0.0;
  for (double& x : v) x = std::fabs(x);
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

// One Markdown row: name, count, median and largest absolute error, target, rows within it.
inline void print_error_summary(const char* name, std::vector<double> errors_pct,
                                double target_pct) {
  if (errors_pct.empty()) return;
  const double median = median_abs(errors_pct);
  for (double& x : errors_pct) x = std::fabs(x);
  std::sort(errors_pct.begin(), errors_pct.end());
  const size_t n = errors_pct.size();
  const auto within = std::count_if(errors_pct.begin(), errors_pct.end(),
                                    [&](double x) { return x <= target_pct; });
  fmt::print("| {} | {} | {:.1f} | {:.1f} | {} | {}/{} |\n", name, n, median, errors_pct.back(),
             target_pct, within, n);
}

}  // namespace aidcsim::bench
