// Command lines of the benches, parsed with CLI11 like the aidcsim program's: `--help` lists
// the options and what they change; a wrong option or value prints CLI11's message and the
// bench exits with 2 before running anything.
#pragma once

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <optional>
#include <string>

namespace aidcsim::bench {

// Parses the command line; nothing when the bench should run, else the exit code (0 after
// --help, 2 after an error).
inline std::optional<int> parse_command_line(CLI::App& app, int argc, char** argv) {
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  return std::nullopt;
}

// --step-overhead MS: the scenario's step_overhead, host time per step not overlapped with the
// GPU (0 to 1000 ms); `ms` holds the default and receives the value.
inline void add_step_overhead_option(CLI::App& app, double& ms) {
  app.add_option("--step-overhead", ms,
                 "host time per step in milliseconds (the scenario key step_overhead)")
      ->type_name("MS")
      ->check(CLI::Range(0.0, 1000.0))
      ->capture_default_str();
}

// --per-sequence-overhead US: the scenario's step_overhead_per_sequence in microseconds (0 to
// 10000; the key allows up to 10 ms).
inline void add_per_sequence_overhead_option(CLI::App& app, double& us) {
  app.add_option("--per-sequence-overhead", us,
                 "host time per step and running sequence in microseconds (the scenario key "
                 "step_overhead_per_sequence), to test how it moves the errors")
      ->type_name("US")
      ->check(CLI::Range(0.0, 10000.0))
      ->capture_default_str();
}

// A duration in milliseconds as scenario text ("2.5 ms").
inline std::string milliseconds_text(double ms) {
  return fmt::format("{} ms", ms);
}

}  // namespace aidcsim::bench
