// What every `aidcsim` subcommand shares. Each subcommand lives in its own file and adds
// itself to the CLI11 app with an `add_*_command` function; its callback stores the work to
// do in `CommandContext::action`, which main() runs inside the one place that maps
// exceptions to exit codes (0 ok, 1 internal error, 2 bad input).
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <string>
#include <vector>

#include "catalog/catalog.h"

namespace aidcsim::cli {

struct CommandContext {
  // Extra catalog files given with --catalog (repeatable), applied after the built-in one.
  std::vector<std::string> catalog_files;
  // Set by the chosen subcommand; returns the exit code.
  std::function<int()> action;

  // The built-in catalog plus --catalog files. Throws InputError on a bad file.
  Catalog load_catalog() const;
};

// Adds `--catalog FILE` to a subcommand.
void add_catalog_option(CLI::App& sub, CommandContext& ctx);

void add_run_command(CLI::App& app, CommandContext& ctx);
void add_validate_command(CLI::App& app, CommandContext& ctx);
void add_catalog_command(CLI::App& app, CommandContext& ctx);
void add_plan_command(CLI::App& app, CommandContext& ctx);
void add_compare_command(CLI::App& app, CommandContext& ctx);
void add_report_command(CLI::App& app, CommandContext& ctx);
// `perf` and `fit` (performance model; see src/cli/commands_perf.cc).
void add_perf_commands(CLI::App& app, CommandContext& ctx);

}  // namespace aidcsim::cli
