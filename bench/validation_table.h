// Pieces shared by the validation benches (validate_serving, validate_trtllm, validate_nim):
// reading a CSV line or a committed CSV file, signed percentage errors and the summary row of a
// table of errors.
#pragma once

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <map>
#include <optional>
#include <stdexcept>
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

// One record of a committed CSV file: its fields by the header's column names, and where it
// is, so that a malformed field is reported at file:line.
struct CsvRecord {
  std::string path;
  int line = 0;
  std::map<std::string, std::string> fields;

  const std::string& text(const std::string& column) const {
    const auto it = fields.find(column);
    if (it == fields.end()) {
      throw std::runtime_error(fmt::format("{}:{}: no column \"{}\"", path, line, column));
    }
    return it->second;
  }
  // The field as a number; throws naming file:line unless all of it is one.
  double number(const std::string& column) const {
    const std::string& t = text(column);
    char* end = nullptr;
    const double v = std::strtod(t.c_str(), &end);
    if (t.empty() || end != t.c_str() + t.size() || !std::isfinite(v)) {
      throw std::runtime_error(
          fmt::format("{}:{}: column \"{}\": expected a number, found "
                      "\"{}\"",
                      path, line, column, t));
    }
    return v;
  }
  // The field as a positive whole number; throws naming file:line otherwise.
  int64_t count(const std::string& column) const {
    const double v = number(column);
    if (v < 1 || v != std::floor(v) || v > 1e15) {
      throw std::runtime_error(
          fmt::format("{}:{}: column \"{}\": expected a positive whole number, found \"{}\"", path,
                      line, column, text(column)));
    }
    return static_cast<int64_t>(v);
  }
};

// The records of a committed CSV file; lines starting with '#' are comments, empty lines are
// skipped. Throws std::runtime_error naming file:line when the file cannot be read or a
// record's field count differs from the header's.
inline std::vector<CsvRecord> read_csv_records(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(path + ": cannot open");
  std::string line;
  std::vector<std::string> header;
  std::vector<CsvRecord> records;
  int line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty() || line[0] == '#') continue;
    const std::vector<std::string> f = split_csv_line(line);
    if (header.empty()) {
      header = f;
      continue;
    }
    if (f.size() != header.size()) {
      throw std::runtime_error(fmt::format("{}:{}: expected {} fields, found {}", path, line_no,
                                           header.size(), f.size()));
    }
    CsvRecord r{path, line_no, {}};
    for (size_t i = 0; i < f.size(); ++i) r.fields[header[i]] = f[i];
    records.push_back(std::move(r));
  }
  return records;
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
