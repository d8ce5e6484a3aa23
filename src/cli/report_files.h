// Reading a run's output folder back, for `aidcsim compare` and `aidcsim report`.
#pragma once

#include <optional>
#include <string>

namespace aidcsim::cli {

// The text of DIR/NAME, or nothing when the file does not exist. Throws InputError when it
// exists but cannot be read.
std::optional<std::string> read_run_file(const std::string& dir, const std::string& name);

// The text of DIR/summary.json, checked to be a JSON object. Throws InputError (exit 2) when
// the folder has none, saying that a folder written by `aidcsim run` is expected.
std::string read_summary(const std::string& dir);

// Writes `text` to `path` through a temporary name in the same folder, creating the folder.
void write_file_atomically(const std::string& path, const std::string& text);

}  // namespace aidcsim::cli
