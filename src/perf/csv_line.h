// Splitting one line of the comma-separated profile files (no quoting in those files).
#pragma once

#include <sstream>
#include <string>
#include <vector>

namespace aidcsim::perf {

// Fields of a CSV line; a trailing comma gives a trailing empty field.
inline std::vector<std::string> split_csv_line(const std::string& line) {
  std::vector<std::string> out;
  std::string field;
  std::istringstream s(line);
  while (std::getline(s, field, ',')) out.push_back(field);
  if (!line.empty() && line.back() == ',') out.emplace_back();
  return out;
}

}  // namespace aidcsim::perf
