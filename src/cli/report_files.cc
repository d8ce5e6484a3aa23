#include "cli/report_files.h"

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/diagnostics.h"
#include "report/outputs.h"

namespace aidcsim::cli {

namespace fs = std::filesystem;

std::optional<std::string> read_run_file(const std::string& dir, const std::string& name) {
  const fs::path path = fs::path(dir) / name;
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in) throw InputError(SourceLocation{path.string(), 0, 0}, "cannot read the file");
  return text.str();
}

std::string read_summary(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    throw InputError(SourceLocation{dir, 0, 0},
                     "not a folder; give the output folder of an `aidcsim run` (-o DIR)");
  }
  std::optional<std::string> text = read_run_file(dir, "summary.json");
  if (!text) {
    throw InputError(SourceLocation{dir, 0, 0},
                     "no summary.json in this folder; give the output folder of a finished "
                     "`aidcsim run` (-o DIR)");
  }
  const auto json = nlohmann::json::parse(*text, nullptr, false);
  if (!json.is_object()) {
    throw InputError(SourceLocation{(fs::path(dir) / "summary.json").string(), 0, 0},
                     "not a JSON object; was it written by `aidcsim run`?");
  }
  return *text;
}

void write_file_atomically(const std::string& path, const std::string& text) {
  const fs::path target(path);
  if (target.has_parent_path()) make_output_dir(target.parent_path().string());
  const fs::path staged = target.string() + ".partial";
  std::ofstream out(staged, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  std::error_code ec;
  if (out) fs::rename(staged, target, ec);
  if (!out || ec) {
    throw InputError(SourceLocation{path, 0, 0}, "cannot write the file");
  }
}

}  // namespace aidcsim::cli
